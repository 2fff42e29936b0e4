"""The "changed 31 Mar 2022 · history" line under each clause heading of a policy or revision
page (no MkDocs): when the clause last changed as of the page's revision, linked to the redline
of that change, and a link to its section of the clause history page.

Added after the page's body is sanitized and digested (`rendered_sha256` is the text, not these
aids), as a paragraph after the heading element, never inside it: the table of contents and the
heading's permalink keep the heading's own text. Each link names its clause for a reader who
hears it alone (`rl-sr`, read by screen readers, not shown); the line is hidden in print
(docs/ARCHITECTURE.md, "Clause history").
"""

from __future__ import annotations

import html
import re

from redline.model import dates, urls
from redline.model.clause_history import plain
from redline.model.clauses import ClauseChange, clauses_of
from redline.model.history import Revision
from redline.site import pages as site
from redline.site.pages import PageSpec
from redline.text.catalogs import N_

from .state import LocaleBuild

#: A heading element of the rendered body with its id (the clause anchor).
_HEADING = re.compile(r"<h([1-6])\b[^>]*?\bid=\"([^\"]+)\"[^>]*>.*?</h\1>", re.DOTALL)

#: What the line says, by the change that made the clause what it is.
CHANGED = N_("changed %(date)s")
ADDED = N_("added %(date)s")
FIRST = N_("unchanged since the first revision, %(date)s")
HISTORY = N_("history")


def notes(current: LocaleBuild, spec: PageSpec) -> dict[str, str]:
    """The line of each clause of the page's text, by anchor (empty for other pages). Also part
    of a reused page's key (`reuse.page_key`): the line changes with the page's links."""
    rev = spec.revision
    if spec.kind not in ("policy", "revision") or rev is None or spec.doc is None:
        return {}
    found = current.state.timeline.clauses(spec.doc, spec.locale)
    if found is None:
        return {}
    last = found.last(rev)
    first = found.revisions[0]
    return {
        c.anchor: _note(current, spec, c.anchor, plain(c.heading), last[c.anchor], first)
        for c in clauses_of(rev)
        if c.anchor in last
    }


def annotate(current: LocaleBuild, spec: PageSpec, body: str) -> str:
    """`body` (sanitized HTML of the page's text) with each clause's line after its heading."""
    found = notes(current, spec)
    if not found:
        return body

    def place(match: re.Match[str]) -> str:
        note = found.get(html.unescape(match.group(2)))
        return match.group(0) + note if note else match.group(0)

    return _HEADING.sub(place, body)


def _note(
    current: LocaleBuild,
    spec: PageSpec,
    anchor: str,
    heading: str,
    change: ClauseChange,
    first: Revision,
) -> str:
    gettext = current.translations.gettext
    rev = change.revision
    when = (
        f'<time datetime="{rev.date.isoformat()}">'
        f"{html.escape(dates.format_date(rev.date, spec.locale, 'short'))}</time>"
    )
    before = current.state.timeline.previous(rev)
    if change.kind == "added" and before is None:
        said, target = FIRST, urls.revision(rev)
    else:
        said = ADDED if change.kind == "added" else CHANGED
        target = urls.diff(before, rev) if before is not None else urls.revision(rev)
        if urls.source_of(target) not in current.pages:  # no redline page for that pair
            target = urls.revision(rev)
    name = html.escape(heading.rstrip(":"))  # "…used for:: " read aloud otherwise
    history = urls.clause_history(spec.locale, spec.doc or "") + "#" + anchor
    return (
        f'<p class="rl-clause-note">'
        f'<a href="{html.escape(site.relative(spec.path, target))}">'
        f'<span class="rl-sr">{name}: </span>{html.escape(gettext(said)) % {"date": when}}</a>'
        f'<span aria-hidden="true"> · </span>'
        f'<a href="{html.escape(site.relative(spec.path, history))}">'
        f'{html.escape(gettext(HISTORY))}<span class="rl-sr">: {name}</span></a></p>'
    )
