"""A translation's page, clause by clause: under each pending clause's heading a note in the
reader's language, and each clause the translation lacks inserted at its place in the
authoritative language, rendered and sanitized like any policy text (no MkDocs).

Which clauses are pending is the Timeline's answer (`Timeline.pending_clauses`,
`model/translation.py`); this module only places it in the page's HTML, after the body was
rendered, sanitized and digested (docs/ARCHITECTURE.md, "Translation status per clause": the
body's `rendered_sha256` is the translation's own text; what is inserted comes from the
authoritative text and changes with its releases, not with the translation's).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from redline.model import dates, urls
from redline.model.clauses import clause_source, clauses_of
from redline.model.translation import PendingClause
from redline.site import pages as site
from redline.site.pages import PageSpec
from redline.text.catalogs import N_

from . import links
from .state import LocaleBuild

#: The opening tag of a heading with an id, and its closing tag (sanitized HTML: attributes
#: quoted with `"`, ids escaped).
#: What a pending clause's note says, in the reader's language.
_UNTRANSLATED = N_("Not yet translated")
_ADDED = N_(
    "This clause was added to the %(language)s text on %(date)s and is shown in %(language)s; "
    "the translation is pending."
)
_CHANGED = N_(
    "The %(language)s text of this clause changed on %(date)s; the translation is pending."
)
_RENAMED = N_("It is now at #%(anchor)s in the %(language)s text.")
_READ = N_("Read the %(language)s clause")
_CHANGE = N_("See the change")

_HEADING = re.compile(r'<h([1-6])\b[^>]*?\sid="([^"]*)"[^>]*>')
_ID = re.compile(r'\sid="([^"]*)"')


def with_pending(current: LocaleBuild, spec: PageSpec, body: str) -> str:
    """`body` (the sanitized HTML of a policy or revision page) with its pending clauses
    (`site.pending_shown`) marked and its missing clauses inserted; unchanged when none is
    pending."""
    pending = site.pending_shown(current.state.timeline, spec)
    if not pending or spec.text is None:
        return body
    heads = [(m, html.unescape(m.group(2))) for m in _HEADING.finditer(body)]
    clauses = {c.anchor for c in clauses_of(spec.text)}
    inserts: dict[int, list[str]] = {}  # position in `body` -> what goes there, in order
    ids = set(_ID.findall(body))
    for clause in pending:
        if not clause.missing:
            at = next((m for m, anchor in heads if anchor == clause.translated_anchor), None)
            if at is not None:
                end = body.find(f"</h{at.group(1)}>", at.end())
                if end >= 0:
                    place = end + len(f"</h{at.group(1)}>")
                    inserts.setdefault(place, []).append(_note(current, spec, clause))
                    # A clause renamed in English and not here: the new anchor is an id just
                    # above its heading, so a link to it (the language switch) lands on it.
                    if clause.anchor != clause.translated_anchor and clause.anchor not in ids:
                        ids.add(clause.anchor)
                        alias = f'<span id="{html.escape(clause.anchor)}"></span>'
                        inserts.setdefault(at.start(), []).append(alias)
            continue
        inserts.setdefault(_place(heads, clauses, clause, len(body)), []).append(
            _untranslated(current, spec, clause)
        )
    out, last = [], 0
    for place in sorted(inserts):
        out += [body[last:place], *inserts[place]]
        last = place
    out.append(body[last:])
    return "".join(out)


def _place(
    heads: list[tuple[re.Match[str], str]], clauses: set[str], c: PendingClause, end: int
) -> int:
    """Where a missing clause goes: before the next clause heading after the clause it follows
    (a heading without an anchor belongs to the clause above it, `model/clauses.py`), or before
    the first clause heading when none precedes it; else at the end of the body (`end`)."""
    starts = [(m.start(), anchor) for m, anchor in heads if anchor in clauses]
    if c.after is None:
        return starts[0][0] if starts else end
    anchors = [anchor for _, anchor in starts]
    if c.after not in anchors:
        return end
    index = anchors.index(c.after)
    return starts[index + 1][0] if index + 1 < len(starts) else end


def _gettext(current: LocaleBuild, message: str, **values: str) -> str:
    text = current.translations.gettext(message)
    return text % values if values else text


def _note(
    current: LocaleBuild, spec: PageSpec, clause: PendingClause, missing: bool = False
) -> str:
    """The note under a pending clause's heading, in the reader's language, linking the
    authoritative clause and the redline of its change."""
    state = current.state
    language = state.language(spec.locale)
    day = clause.date
    when = (
        f'<time datetime="{day.isoformat()}">'
        f"{html.escape(dates.format_date(day, spec.locale))}</time>"
    )
    values = {"language": html.escape(language), "date": when}
    if missing:
        # A label first: the clause below is in another language than the page.
        label = html.escape(_gettext(current, _UNTRANSLATED))
        sentence = f'<strong class="rl-clause-note__label">{label}</strong> '
        sentence += _gettext(current, _ADDED, **values)
    else:
        sentence = _gettext(current, _CHANGED, **values)
        if clause.anchor != clause.translated_anchor:
            renamed = {"language": values["language"], "anchor": html.escape(clause.anchor)}
            sentence += " " + _gettext(current, _RENAMED, **renamed)
    default = state.history.default_locale
    clause_href = site.relative(spec.path, urls.revision(clause.source)) + "#" + clause.anchor
    found = [
        # `rl-clause-source`: where the language switch goes from a clause shown untranslated
        f'<a class="rl-clause-source" href="{html.escape(clause_href)}" '
        f'hreflang="{html.escape(default)}">'
        + html.escape(_gettext(current, _READ, language=language))
        + "</a>"
    ]
    timeline = state.timeline
    # The redline from the text the translation was based on to the one compared with; when
    # that pair is not made (the compare bound), the redline of the first change missed.
    pairs = [(clause.base, clause.source), (timeline.previous(clause.changed), clause.changed)]
    for old, new in pairs:
        target = site.redline_path(timeline, state.compare, old, new)
        if target is not None:
            diff = site.relative(spec.path, target) + "#" + clause.anchor
            found.append(
                f'<a href="{html.escape(diff)}" hreflang="{html.escape(default)}">'
                + html.escape(_gettext(current, _CHANGE))
                + "</a>"
            )
            break
    # The notice the authoritative revision gives these readers (`notice: {en: ..., th: ...}`)
    # is the page's banner's, once; not repeated under every pending clause.
    return (
        f'<aside class="rl-clause-note" role="note" lang="{html.escape(spec.locale)}">'
        f"<p>{sentence} " + " · ".join(found) + "</p></aside>"
    )


def _untranslated(current: LocaleBuild, spec: PageSpec, clause: PendingClause) -> str:
    """A clause the translation lacks: the authoritative text, rendered and sanitized like the
    page's own, in its language, its heading keeping the anchor, the note under it."""
    assert current.renderer is not None
    rendered = links.body(
        current, spec, current.renderer(clause_source(clause.source, clause.anchor))
    )
    note = _note(current, spec, clause, missing=True)
    first = _HEADING.search(rendered)
    if first is not None:
        close = f"</h{first.group(1)}>"
        end = rendered.find(close, first.end())
        if end >= 0:
            end += len(close)
            rendered = rendered[:end] + note + rendered[end:]
        else:
            rendered = note + rendered
    else:
        rendered = note + rendered
    # `rendered` is sanitized (`Renderer`); the note is made of escaped text.
    default = html.escape(current.state.history.default_locale)
    return f'<section class="rl-untranslated" lang="{default}">{rendered}</section>'


class TocEntry(Protocol):
    """An entry of a page's table of contents (MkDocs' `AnchorLink`)."""

    id: str
    level: int
    children: Any


_Entry = TypeVar("_Entry", bound=TocEntry)


def toc_with_missing(
    current: LocaleBuild,
    spec: PageSpec,
    entries: list[_Entry],
    make: Callable[[str, str, int], _Entry],
) -> list[_Entry]:
    """The table of contents `entries` with an entry (`make(title, id, level)`, the title
    escaped inert text) for each clause `with_pending` inserted, where the clause went."""
    for clause in site.pending_shown(current.state.timeline, spec):
        if clause.missing:
            new = make(site.page_title(clause.heading), clause.anchor, clause.level)
            _insert(entries, new, clause.after)
    return entries


def _insert(entries: list[_Entry], new: _Entry, after: str | None) -> None:
    """Put `new` after the entry `after` (its own text, before its subclauses), as a sibling of
    the nearest entry on its path of the same level, else as a child of one above it."""
    path = _path(entries, after) if after is not None else None
    if not path:
        entries.insert(0 if after is None else len(entries), new)
        return
    for depth in range(len(path) - 1, -1, -1):
        siblings, index = path[depth]
        entry = siblings[index]
        if entry.level == new.level:
            siblings.insert(index + 1, new)
            return
        if entry.level < new.level:
            # A subclause of `entry`: after the child on the path (or first, under `after`).
            below = path[depth + 1][1] + 1 if depth + 1 < len(path) else 0
            entry.children.insert(below, new)
            return
    siblings, index = path[0]
    siblings.insert(index + 1, new)


def _path(entries: list[_Entry], anchor: str) -> list[tuple[list[_Entry], int]]:
    """The lists and positions from the top of `entries` down to the entry `anchor`."""
    for index, entry in enumerate(entries):
        if entry.id == anchor:
            return [(entries, index)]
        below = _path(entry.children, anchor)
        if below:
            return [(entries, index), *below]
    return []
