"""The "changed 31 Mar 2022 · history" line under each clause heading of a policy or revision
page (no MkDocs): when the clause last changed as of the page's revision, linked to the redline
of that change, and a link to its section of the clause history page.

Added after the page's body is sanitized and digested (`rendered_sha256` is the text, not these
aids), as a paragraph after the heading element, never inside it: the table of contents and the
heading's permalink keep the heading's own text; the search index leaves it out. Each link
names its clause for a reader who hears it alone (`rl-sr`, read by screen readers, not shown);
the line is hidden in print (docs/ARCHITECTURE.md, "Clause history").
"""

from __future__ import annotations

import datetime
import functools
import html
import re
from collections.abc import Callable

from redline.model import dates, urls
from redline.model.clause_history import plain
from redline.model.clauses import clauses_of
from redline.site import pages as site
from redline.site.pages import PageSpec
from redline.text.catalogs import N_

from .state import LocaleBuild

#: A heading element of the rendered body with its id (the clause anchor).
_HEADING = re.compile(r"<h([1-6])\b[^>]*?\bid=\"([^\"]+)\"[^>]*>.*?</h\1>", re.DOTALL)

#: What the line says, by the change that made the clause what it is.
CHANGED = N_("changed %(date)s")
#: A rename that left the heading and text as they were: not called a change of the text.
RENAMED = N_("renamed %(date)s")
ADDED = N_("added %(date)s")
FIRST = N_("unchanged since the first revision, %(date)s")
HISTORY = N_("history")


def notes(current: LocaleBuild, spec: PageSpec) -> dict[str, str]:
    """The line of each clause of the page's text, by anchor (empty for other pages). Also part
    of a reused page's key (`reuse.page_key`): the line changes with the page's links. Made
    once per page and build (`LocaleBuild.clause_notes`): the key and `annotate` both ask."""
    made = current.clause_notes.get(spec.path)
    if made is None:
        made = current.clause_notes[spec.path] = _notes(current, spec)
    return made


def _notes(current: LocaleBuild, spec: PageSpec) -> dict[str, str]:
    rev = spec.revision
    if spec.kind not in ("policy", "revision") or rev is None or spec.doc is None:
        return {}
    found = current.state.timeline.clauses(spec.doc, spec.locale)
    if found is None:
        return {}
    last = found.last(rev)
    # Asked of 40 clauses on each of 400 revision pages: what is the same for every page of the
    # document is made once (`_said`, `_named`), the rest is a link from this page.
    history = html.escape(site.relative(spec.path, urls.clause_history(spec.locale, spec.doc)))
    gettext = current.translations.gettext
    out = {}
    for c in clauses_of(rev):
        change = last.get(c.anchor)
        if change is None:
            continue
        made = change.revision
        before = current.state.timeline.previous(made)
        if change.kind == "added" and before is None:
            said, target = FIRST, urls.revision(made)
        else:
            said = ADDED if change.kind == "added" else CHANGED
            if found.kept_text(change):
                said = RENAMED
            redline = site.redline_path(current.state.timeline, current.state.compare, before, made)
            target = redline or urls.revision(made)
        name = _named(c.heading)
        said_html = f'<span class="rl-sr">{name}: </span>' + _said(
            gettext, said, spec.locale, made.date
        )
        href = site.relative(spec.path, target)
        if href in ("", "./"):
            # The first revision's own page: the line does not link the page it is on.
            first = said_html
        else:
            # At the clause: a redline or revision page opens at its anchor.
            href += "#" + c.anchor
            first = f'<a href="{html.escape(href)}">{said_html}</a>'
        out[c.anchor] = (
            f'<p class="rl-clause-changed" data-search-exclude>{first}'
            f'<span aria-hidden="true"> · </span><a href="{history}#{html.escape(c.anchor)}">'
            f'{html.escape(gettext(HISTORY))}<span class="rl-sr">: {name}</span></a></p>'
        )
    return out


def annotate(current: LocaleBuild, spec: PageSpec, body: str) -> str:
    """`body` (sanitized HTML of the page's text) with each clause's line after its heading."""
    found = notes(current, spec)
    if not found:
        return body

    def place(match: re.Match[str]) -> str:
        note = found.get(html.unescape(match.group(2)))
        return match.group(0) + note if note else match.group(0)

    return _HEADING.sub(place, body)


@functools.lru_cache(maxsize=4096)
def _named(heading: str) -> str:
    """A clause heading as its line names it, escaped ("…used for:: " read aloud otherwise)."""
    return html.escape(plain(heading).rstrip(":"))


@functools.lru_cache(maxsize=4096)
def _said(gettext: Callable[[str], str], said: str, locale: str, day: datetime.date) -> str:
    """The "changed <time>…</time>" of a line, in the page's language, escaped."""
    when = (
        f'<time datetime="{day.isoformat()}">'
        f"{html.escape(dates.format_date(day, locale, 'short'))}</time>"
    )
    return html.escape(gettext(said)) % {"date": when}
