"""The clause history page of one document in one locale (`urls.clause_history`; no MkDocs):
one section per anchor ever seen, each listing, newest first, the revisions that added,
changed, moved, renamed or removed that clause, with the revision's notice, the clause's own
redline excerpt and a link to the full redline (docs/ARCHITECTURE.md, "Clause history").

An excerpt is the redline (`diff.redline`) of the clause's own Markdown in the two revisions,
rendered as the pages are (a reference-style link defined in another clause stays text), with its
ids taken out (the page's ids are the anchors of its sections) and its headings made paragraphs
(the section's heading is the page's); it is sanitized as redlines are and cached by the two
parts' text, so a warm build computes none. A page's excerpts are one cache entry (`Excerpts`),
not one file each: a cold build at 400 revisions writes some 1,500 of them.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace

from redline.diff import MESSAGES, redline
from redline.model import urls
from redline.model.clause_history import ClauseHistory, plain
from redline.model.clauses import ClauseChange, clause_source, clauses_of
from redline.model.history import Revision
from redline.site import linknotes
from redline.site import pages as site
from redline.site.pages import PageSpec
from redline.text.catalogs import N_
from redline.text.sanitize import sanitize_redline

from . import links
from .state import LocaleBuild

#: How a clause changed in a revision, as the page names it.
KINDS = {
    "added": N_("Added"),
    "changed": N_("Changed"),
    "moved": N_("Moved"),
    "renamed": N_("Renamed"),
    "removed": N_("Removed"),
}
RENAMED_FROM = N_("renamed from #%(anchor)s")
RENAMED_TO = N_("renamed to #%(anchor)s")

_ID = re.compile(r"\s(?:id|aria-labelledby|aria-describedby)=\"[^\"]*\"")
_HEADING_TAG = re.compile(r"<(/?)h[1-6]\b")
#: A heading's permalink: taken out of a clause before its excerpt is made (it would lead to
#: this page's own section, and show as a change of its own).
_PERMALINK = re.compile(r"<a\b[^>]*\bclass=\"headerlink\"[^>]*>[^<]*</a>")


@dataclass(frozen=True)
class Entry:
    """One change of one clause, as the page shows it (links relative to the page)."""

    kind: str
    label: str
    revision: Revision
    revision_url: str
    diff_url: str | None
    renamed_from: str  # "renamed from #old", or under the old anchor "renamed to #new"
    excerpt: str  # sanitized redline HTML, empty for a move
    renamed_url: str | None = None  # under the old anchor: the new anchor's section


@dataclass(frozen=True)
class Section:
    """One anchor's section: its heading (plain text, to escape), whether the text in force has
    it (and the link to it there) or only the draft does, and its entries, newest first."""

    anchor: str
    heading: str
    clause_url: str | None
    entries: tuple[Entry, ...]
    # A clause of the draft (drafts mode) the text in force lacks: not yet in force, rather
    # than no longer.
    draft_only: bool = False


def sections(current: LocaleBuild, spec: PageSpec) -> list[Section]:
    """The sections of clause history page `spec`, through the revision the Timeline's clause
    history runs to (`Timeline.clause_text`)."""
    timeline = current.state.timeline
    doc = spec.doc or ""
    found = timeline.clauses(doc, spec.locale)
    upto = timeline.clause_text(doc, spec.locale)
    if found is None or upto is None:
        return []
    shown: dict[ClauseChange, Entry] = {}
    excerpts = Excerpts(current, doc, spec.locale)
    out = []
    # Whether a section is in the text in force is asked of that text, not of `upto` (the draft
    # when drafts are shown); none when the document is withdrawn or not yet in force.
    in_force = timeline.in_force(doc, spec.locale)
    anchors = {c.anchor for c in clauses_of(in_force)} if in_force is not None else set()
    for section in found.sections(upto):
        entries = []
        for change in section.changes:
            if change not in shown:
                shown[change] = _entry(current, spec, found, change, excerpts)
            entry = shown[change]
            if change.kind == "renamed" and change.before == section.anchor:
                # The old anchor's section points on to the new one, on this page.
                to = current.translations.gettext(RENAMED_TO) % {"anchor": change.anchor}
                entry = replace(entry, renamed_from=to, renamed_url="#" + change.anchor)
            entries.append(entry)
        here = site.relative(spec.path, urls.document(spec.locale, doc)) + "#" + section.anchor
        clause_url = here if section.anchor in anchors else None
        draft_only = clause_url is None and section.current and upto.is_draft
        out.append(
            Section(
                section.anchor, plain(section.heading), clause_url, tuple(entries), draft_only
            )
        )
    excerpts.keep()
    return out


class Excerpts:
    """The cached excerpts of one document's clause history page in one locale: one sealed
    entry for the page, read once and written once (when an excerpt was computed or one was
    no longer needed), mapping each excerpt's own key (the two parts' HTML, the locale, the
    labels: `excerpt`) to its redline. The entry's key names only the page; what it holds is
    content-addressed all the same, so it is never stale, and it keeps only the excerpts the
    page shows."""

    def __init__(self, current: LocaleBuild, doc: str, locale: str) -> None:
        self.store = current.state.cache
        self.key = self.store.key("clause history", doc, locale)
        found = self.store.get_sealed("clauses", self.key, counted=False)
        self.cached: dict[str, str] = (
            {k: v for k, v in found.items() if isinstance(v, str)}
            if isinstance(found, dict)
            else {}
        )
        self.used: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        """The cached redline of excerpt `key` (counted as the cache counts), or None."""
        html = self.used.get(key, self.cached.get(key))  # two changes may share an excerpt
        if html is None:
            self.store.misses += 1
        else:
            self.store.hits += 1
            self.used[key] = html
        return html

    def put(self, key: str, html: str) -> None:
        """Keep the redline of excerpt `key` (written by `keep`)."""
        self.used[key] = html

    def keep(self) -> None:
        """Write the page's entry, unless it holds exactly the excerpts shown already."""
        if self.used != self.cached:
            self.store.put_sealed("clauses", self.key, self.used)


def _entry(
    current: LocaleBuild,
    spec: PageSpec,
    found: ClauseHistory,
    change: ClauseChange,
    excerpts: Excerpts,
) -> Entry:
    gettext = current.translations.gettext
    rev = change.revision
    before = current.state.timeline.previous(rev)
    diff_url = None
    target = site.redline_path(current.state.timeline, current.state.compare, before, rev)
    if target is not None:
        diff_url = site.relative(spec.path, target) + (
            "#" + change.anchor if change.kind != "removed" else ""
        )
    renamed = gettext(RENAMED_FROM) % {"anchor": change.before} if change.before else ""
    return Entry(
        kind=change.kind,
        label=gettext(KINDS[change.kind]),
        revision=rev,
        revision_url=site.relative(spec.path, urls.revision(rev)),
        diff_url=diff_url,
        renamed_from=renamed,
        excerpt="" if change.kind == "moved" else excerpt(current, spec, found, change, excerpts),
    )


def excerpt(
    current: LocaleBuild,
    spec: PageSpec,
    found: ClauseHistory,
    change: ClauseChange,
    excerpts: Excerpts,
) -> str:
    """The redline of the clause `change` concerns, between its text before and after."""
    earlier = found.previous_text(change)
    old = _part(current, spec, *earlier) if earlier is not None else ""
    new = "" if change.kind == "removed" else _part(current, spec, change.revision, change.anchor)
    if change.kind == "removed" and earlier is None:
        return ""
    store = current.state.cache
    gettext = current.translations.gettext
    labels = [gettext(m) for m in MESSAGES]
    key = store.key("clause", old, new, spec.locale, labels)
    html = excerpts.get(key)
    if html is not None:
        html = _shaped(html)  # sealed, and sanitized again all the same (`redlines`)
    else:
        html = _shaped(redline(old, new, spec.locale, gettext=gettext).html)
        excerpts.put(key, html)
    # Its printed addresses resolved for this page after the cache (`site.linknotes`): the
    # entry holds the excerpt as `diff` made it, whatever the site_url.
    return linknotes.printed(html, spec.path, current.state.site_url)


def _shaped(html: str) -> str:
    """A clause's redline as a part of the page: no ids (the page's are its sections'), its
    headings paragraphs (the section's heading is the page's), sanitized."""
    return sanitize_redline(_HEADING_TAG.sub(r"<\1p", _ID.sub("", html)))


def _part(current: LocaleBuild, spec: PageSpec, rev: Revision, anchor: str) -> str:
    """The rendered HTML of clause `anchor` of `rev`, its links leading where they lead from
    this page (`links.body`). The clause's own Markdown is rendered, once per build: not the
    whole revision (a clause history of 400 revisions would render each of them again)."""
    source = clause_source(rev, anchor)
    if not source:
        return ""
    memo = current.state.rendered  # by blob id; a clause's part by its text's digest
    key = "clause " + hashlib.sha256(source.encode("utf-8")).hexdigest()
    if key not in memo:
        assert current.renderer is not None
        memo[key] = _PERMALINK.sub("", current.renderer(source))
    if "<a " not in memo[key]:  # most clauses link nowhere: nothing to rewrite
        return memo[key]
    side = PageSpec("revision", spec.path, spec.locale, rev.title, spec.doc, rev)
    return links.body(current, side, memo[key], rev)
