"""The Timeline's clause questions (no MkDocs): each document's clause history in each locale,
indexed once, and the clauses a translation has not caught up with, as of the day each page
asks about.

Part of the Timeline (docs/ARCHITECTURE.md, "The Timeline"): `Timeline` inherits these answers
and computes the dates they read (the revisions before and in force, the authoritative text
each translation is compared with); the rules are in `clause_history.py` and `translation.py`.
"""

from __future__ import annotations

from collections.abc import Mapping

from .clause_history import ClauseHistory, plain
from .history import History, Revision
from .translation import PendingClause, pending_between


class ClauseQuestions:
    """The clause answers of the Timeline, over what its one pass computed."""

    history: History
    _in_force: Mapping[tuple[str, str], Revision | None]
    _status: Mapping[Revision, str]
    _previous: Mapping[Revision, Revision | None]
    # A released translation -> the authoritative text in force on its last day as the newest
    # text of its locale (`pending_clauses`), and the one of its release day
    # (`pending_at_release`: fixed once released).
    _against: Mapping[Revision, Revision]
    _released_against: Mapping[Revision, Revision]
    # Made when first asked: one index per document and locale (`clauses`), each translation's
    # pending clauses once per authoritative text compared with.
    _clauses: dict[tuple[str, str], ClauseHistory]
    _pending_clauses_of: dict[tuple[Revision, Revision], tuple[PendingClause, ...]]

    def pending_clauses(self, rev: Revision | None) -> tuple[PendingClause, ...]:
        """The authoritative clauses released translation `rev` had not caught up with, in the
        authoritative order (`model/translation.py`): compared with the authoritative text in
        force on the same day as `lagging` (the last day `rev` was the newest text of its
        locale, never after the date), or the one released with `rev` when that is newer (an
        upcoming translation). What is pending today in the text in force: its policy page,
        its mark and `revisions.json` say it. Empty for the authoritative locale and drafts."""
        return self._pending_of(rev, self._against)

    def pending_at_release(self, rev: Revision | None) -> tuple[PendingClause, ...]:
        """The authoritative clauses released translation `rev` had not caught up with on the
        day it was released: compared with the authoritative revision released with it (the
        same day), else the one in force that day. What its own revision page shows, fixed once
        released: a later authoritative release never changes it (docs/ARCHITECTURE.md,
        "Translation status per clause"). Empty for the authoritative locale and drafts."""
        return self._pending_of(rev, self._released_against)

    def pending_against(self, rev: Revision | None, source: Revision) -> tuple[PendingClause, ...]:
        """The clauses of authoritative revision `source` translation `rev` lacked: its page in
        `rev`'s locale when `rev` stood then (`site.pages.untranslated`), fixed once published."""
        return self._pending_of(rev, {rev: source} if rev and not rev.is_draft else {})

    def clauses(self, doc: str, locale: str) -> ClauseHistory | None:
        """The clause history of `doc` in `locale` through all its revisions (a draft's only
        when the history has one: drafts mode), indexed once (`model/clause_history.py`): the
        one index of its clause changes, asked by the clause notes and history page and, as of
        each revision, by the pending clauses."""
        document = self.history.get(doc, locale)
        if document is None or not document.revisions:
            return None
        key = (doc, locale)
        if key not in self._clauses:
            self._clauses[key] = ClauseHistory(document.revisions)
        return self._clauses[key]

    def clause_text(self, doc: str, locale: str) -> Revision | None:
        """The revision a clause history of `doc` runs to on the date: the draft in drafts
        mode (as the site shows drafts elsewhere), otherwise the text in force, or the last text
        of a withdrawn document."""
        document = self.history.get(doc, locale)
        if document is None or not document.revisions:
            return None
        last = document.revisions[-1]
        if last.is_draft or (document.withdrawn is not None and self._status[last] == "withdrawn"):
            return last
        return self._in_force.get((doc, locale))

    def clauses_by_kind(self, rev: Revision) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The headings (plain text) of the clauses `rev` changed, by what happened to them,
        as notices and feeds name them (none for a document's first revision, which adds them
        all, and none for a move alone):
        ("added", ...), ("changed", ...) (a rename too: the clause is the same one), ("removed",
        ...), in that order, each in its text's order, the kinds with no clause left out."""
        found = self.clauses(rev.doc, rev.locale)
        if found is None or self._previous.get(rev) is None:
            return ()
        kinds = {"added": "added", "changed": "changed", "renamed": "changed", "removed": "removed"}
        named: dict[str, list[str]] = {"added": [], "changed": [], "removed": []}
        for change in found.of(rev):
            if change.kind in kinds:
                named[kinds[change.kind]].append(plain(change.heading).rstrip(":"))
        return tuple((kind, tuple(names)) for kind, names in named.items() if names)

    def _pending_of(
        self, rev: Revision | None, against: Mapping[Revision, Revision]
    ) -> tuple[PendingClause, ...]:
        source = against.get(rev) if rev is not None else None
        if rev is None or source is None:
            return ()
        # By the text compared with: both questions often compare with the same one.
        key = (rev, source)
        found = self._pending_clauses_of.get(key)
        if found is None:
            ours, theirs = self.clauses(rev.doc, rev.locale), self.clauses(rev.doc, source.locale)
            found = pending_between(ours, rev, theirs, source) if ours and theirs else ()
            self._pending_clauses_of[key] = found
        return found
