"""The history of each clause of one document in one locale, as the site shows it (no MkDocs).

Built on `clauses.changes`, the one clause rule: this module only indexes its answer, once per
document and locale, so that every page asks a look-up: the clauses' last changes as of any
revision (the "changed … · history" line under each heading), the changes one revision made
(feeds and notices) and the sections of the clause history page, one per anchor ever seen.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .clauses import ClauseChange, changes, clauses_of
from .history import Revision

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
        self._lineages = [tuple(found) for found in lineages]

    def last(self, rev: Revision) -> dict[str, ClauseChange]:
        """Each clause of `rev` by anchor, with the change that made it what it is in `rev`
        (added, changed or renamed: a move leaves the text as it was)."""
        index = self._index.get(rev)
        return self._last[index] if index is not None else {}

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

    def source(self, rev: Revision, anchor: str) -> str:
        """The Markdown of clause `anchor` of `rev`: its heading line and its text, up to the
        next clause's heading (empty when `rev` has no such clause)."""
        found = clauses_of(rev)
        lines = rev.body.splitlines()
        last = rev.body_line + len(lines)
        for index, c in enumerate(found):
            if c.anchor == anchor:
                end = found[index + 1].line if index + 1 < len(found) else last
                return "\n".join(lines[c.line - rev.body_line : end - rev.body_line]) + "\n"
        return ""

    def previous_text(self, change: ClauseChange) -> tuple[Revision, str] | None:
        """The revision before `change` and the clause's anchor there (its old anchor for a
        rename), or None for an addition or the first revision."""
        index = self._index[change.revision]
        if index == 0 or change.kind == "added":
            return None
        return self.revisions[index - 1], change.before or change.anchor
