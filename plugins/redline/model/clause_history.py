"""The history of each clause of one document in one locale: the one index of its clause
changes (no MkDocs).

Built on `clauses.changes`, the one clause rule: this module only indexes its answer, once per
document and locale (`Timeline.clauses`), so that every question is a look-up: the change that
made each clause what it is as of any revision (the "changed … · history" line under each
heading; what a translation's pending clauses compare, `model/translation.py`), the first change
of a clause after a day and the revision before one (a pending clause's date and redline), the
anchors a clause had before, in each revision (what a translated clause is compared with), the
changes one revision made (feeds and notices) and the sections of the clause history page, one
per anchor ever seen. It indexes every revision given (a draft's too, in drafts mode) and
answers "as of" a revision, so a question about a released revision never sees a later one.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .clauses import ClauseChange, changes, clause, clauses_of
from .history import Revision

#: The changes that make a clause's text what it is (a move leaves it as it was).
_MADE = ("added", "changed", "renamed")

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKS = re.compile(r"(?<!\\)[*_`]+")
_ESCAPE = re.compile(r"\\(.)")


@functools.lru_cache(maxsize=4096)
def plain(heading: str) -> str:
    """A clause heading (Markdown) as plain text, for feeds and labels: links and images keep
    their text, emphasis and code marks go, escapes are undone. Still text to escape."""
    text = _LINK.sub(r"\1", heading)
    text = _MARKS.sub("", text)
    return " ".join(_ESCAPE.sub(r"\1", text).split())


@dataclass(frozen=True)
class Section:
    """The clause history page's section of one anchor: the clause's latest heading and every
    change of every clause that bore the anchor (renames followed both ways), newest first."""

    anchor: str
    heading: str
    current: bool  # the anchor is a clause of the newest revision indexed
    changes: tuple[ClauseChange, ...]


class ClauseHistory:
    """The clause changes through `revisions` (one document in one locale, oldest first)."""

    def __init__(self, revisions: Sequence[Revision]) -> None:
        self.revisions = tuple(revisions)
        self.changes = changes(self.revisions)
        self._index = {rev: i for i, rev in enumerate(self.revisions)}
        by_revision: dict[Revision, list[ClauseChange]] = {rev: [] for rev in self.revisions}
        # Which clause (a lineage: its changes) each change belongs to, renames followed.
        lineage_of: dict[str, int] = {}
        lineages: list[list[ClauseChange]] = []
        self._lineage: dict[ClauseChange, int] = {}
        # As of each revision, the change that made each clause what it is (`last`).
        state: dict[str, ClauseChange] = {}
        self._last: list[dict[str, ClauseChange]] = []
        at = 0
        for rev in self.revisions:
            while at < len(self.changes) and self.changes[at].revision is rev:
                change = self.changes[at]
                at += 1
                by_revision[rev].append(change)
                if change.kind == "added":
                    lineage_of[change.anchor] = len(lineages)
                    lineages.append([])
                elif change.kind == "renamed" and change.before is not None:
                    lineage_of[change.anchor] = lineage_of.pop(change.before)
                    state.pop(change.before, None)
                number = lineage_of[change.anchor]
                lineages[number].append(change)
                self._lineage[change] = number
                if change.kind == "removed":
                    lineage_of.pop(change.anchor, None)
                    state.pop(change.anchor, None)
                elif change.kind != "moved":
                    state[change.anchor] = change
            self._last.append(dict(state))
        self._by_revision = {rev: tuple(found) for rev, found in by_revision.items()}
        # Per revision (by position): its renames, new anchor -> old, and its `release_day`.
        self._renamed = [
            {c.anchor: c.before for c in self._by_revision[rev] if c.kind == "renamed" and c.before}
            for rev in self.revisions
        ]
        self._days = [release_day(rev) for rev in self.revisions]
        self._lineages = [tuple(found) for found in lineages]

    def last(self, rev: Revision) -> dict[str, ClauseChange]:
        """Each clause of `rev` by anchor, with the change that made it what it is in `rev`
        (added, changed or renamed: a move leaves the text as it was)."""
        index = self._index.get(rev)
        return self._last[index] if index is not None else {}

    def text_made(self, rev: Revision, anchor: str) -> Revision | None:
        """The revision that last changed the text of clause `anchor` of `rev` (added it or
        changed its heading or text), or None when `rev` has no such clause: as `last`, but a
        rename that kept the heading and text is passed over (a translation that only took an
        English anchor did not translate anything)."""
        made = self.last(rev).get(anchor)
        if made is None:
            return None
        limit = self._index[rev]
        for change in reversed(self._lineages[self._lineage[made]]):
            at = self._index[change.revision]
            if at > limit or change.kind not in _MADE:
                continue
            if self.kept_text(change):
                continue
            return change.revision
        return made.revision

    def kept_text(self, change: ClauseChange) -> bool:
        """Whether `change` is a rename that kept the clause's heading and text as they were
        (only its anchor changed)."""
        at = self._index[change.revision]
        if change.kind != "renamed" or change.before is None or at == 0:
            return False
        now = clause(change.revision, change.anchor)
        then = clause(self.revisions[at - 1], change.before)
        return now is not None and then is not None and now.digest == then.digest

    def first_after(self, rev: Revision, anchor: str, since: Revision | None) -> Revision | None:
        """The first revision up to `rev` that changed clause `anchor` of `rev` (added, changed
        or renamed it, since it last got the anchor, renames followed) on a later day than
        `since` (`release_day`), or None when none did. With `since` None (a translation
        without the anchor), the revision that last gave the clause its anchor."""
        made = self.last(rev).get(anchor)
        if made is None:
            return None
        limit = self._index[rev]
        run = [
            c.revision
            for c in self._lineages[self._lineage[made]]
            if c.kind in _MADE and self._index[c.revision] <= limit
        ]
        if since is None:
            named = [
                c.revision
                for c in self._lineages[self._lineage[made]]
                if c.kind in ("added", "renamed") and self._index[c.revision] <= limit
            ]
            return named[-1] if named else made.revision
        return next((found for found in run if release_day(found) > release_day(since)), None)

    def names(
        self, rev: Revision, anchor: str, until: datetime.date | None = None
    ) -> list[tuple[Revision, str]]:
        """The revisions up to `rev`, newest first, with the anchor the clause `anchor` of `rev`
        had in each: renames followed back, the anchor kept where the clause was absent (a
        clause removed and restored is the same text again, `model/translation.py`). With
        `until`, down to the last one released by that day (`release_day`) included."""
        index = self._index.get(rev)
        if index is None:
            return []
        found: list[tuple[Revision, str]] = []
        current = anchor
        for at in range(index, -1, -1):
            found.append((self.revisions[at], current))
            if until is not None and self._days[at] <= until:
                break
            current = self._renamed[at].get(current, current)
        return found

    def former(self, rev: Revision, anchor: str) -> tuple[str, ...]:
        """The anchors the clause `anchor` of `rev` had before, renames followed back, newest
        first."""
        made = self.last(rev).get(anchor)
        if made is None:
            return ()
        limit = self._index[rev]
        return tuple(
            c.before
            for c in reversed(self._lineages[self._lineage[made]])
            if c.kind == "renamed" and c.before is not None and self._index[c.revision] <= limit
        )

    def before(self, rev: Revision) -> Revision | None:
        """The revision indexed before `rev`, or None when it is the first."""
        index = self._index.get(rev)
        return self.revisions[index - 1] if index else None

    def of(self, rev: Revision) -> tuple[ClauseChange, ...]:
        """The changes `rev` made to the clauses, in its text's order (removals last)."""
        return self._by_revision.get(rev, ())

    def until(self, rev: Revision) -> tuple[ClauseChange, ...]:
        """Every change up to `rev` included, newest revision first (each revision's changes in
        its text's order)."""
        index = self._index.get(rev)
        if index is None:
            return ()
        found: list[ClauseChange] = []
        for earlier in reversed(self.revisions[: index + 1]):
            found.extend(self._by_revision[earlier])
        return tuple(found)

    def sections(self, rev: Revision) -> tuple[Section, ...]:
        """One section per anchor seen up to `rev` included: the clauses of `rev` in its order,
        then the anchors no longer in it, the most recently gone first (then by anchor)."""
        history = self.until(rev)
        by_anchor: dict[str, set[int]] = {}
        heading: dict[str, str] = {}
        gone: dict[str, int] = {}  # anchor -> the index of its newest change, for the order
        for position, change in enumerate(history):
            lineage = self._lineage[change]
            for anchor in (change.anchor, change.before):
                if anchor is None:
                    continue
                by_anchor.setdefault(anchor, set()).add(lineage)
                heading.setdefault(anchor, change.heading)
                gone.setdefault(anchor, position)
        now = [c.anchor for c in clauses_of(rev)]
        order = [a for a in now if a in by_anchor]
        present = set(order)
        order += sorted((a for a in by_anchor if a not in present), key=lambda a: (gone[a], a))
        rank = {change: i for i, change in enumerate(history)}
        found = []
        for anchor in order:
            entries = {c for n in by_anchor[anchor] for c in self._lineages[n] if c in rank}
            shown = tuple(sorted(entries, key=rank.__getitem__))
            found.append(Section(anchor, heading[anchor], anchor in present, shown))
        return tuple(found)

    def previous_text(self, change: ClauseChange) -> tuple[Revision, str] | None:
        """The revision before `change` and the clause's anchor there (its old anchor for a
        rename), or None for an addition or the first revision."""
        index = self._index[change.revision]
        if index == 0 or change.kind == "added":
            return None
        return self.revisions[index - 1], change.before or change.anchor


def release_day(rev: Revision) -> datetime.date:
    """The day `rev` counts as released when clause changes are compared by date: its date, a
    draft's after every release (drafts are released together: a translation drafted with the
    authoritative draft catches up with it, whatever effective dates they give)."""
    return datetime.date.max if rev.is_draft else rev.date
