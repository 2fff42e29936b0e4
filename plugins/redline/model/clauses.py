"""Clauses as the unit: the ordered clauses of one revision, and the history of each clause
through a document's released revisions (no MkDocs).

A clause is a heading with its stable anchor (`## 6. Security {#security}`) and the text under it
up to the next heading of any level, so `6(7)` under `6` is a clause of its own. A clause is known
by its anchor; its digest is taken over the heading and text with runs of whitespace collapsed,
so re-wrapping a paragraph is no change (as in the redline, `docs/ARCHITECTURE.md`, "Redlines").
A heading without an anchor is not a clause (`redline check` refuses it before a release); its
text belongs to the clause above it.

Parsed once per blob (`clauses_of` is cached on the text), like redlines, so a history of
400 revisions parses each distinct text once.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from . import markdown_lint
from .content import headings
from .history import Revision

_ANCHOR = re.compile(r"\s*\{[^}]*#([A-Za-z][\w.:-]*)[^}]*\}\s*$")

ChangeKind = Literal["added", "changed", "moved", "renamed", "removed"]


@dataclass(frozen=True)
class Clause:
    """One clause of one revision: its anchor, heading text (plain Markdown, anchor removed),
    heading level, the line of its heading in the file, and the digest of its text."""

    anchor: str
    heading: str
    level: int
    line: int
    digest: str  # sha256 of heading and text, whitespace collapsed
    text_digest: str  # sha256 of the text alone (a renamed anchor keeps it)


@dataclass(frozen=True)
class ClauseChange:
    """One revision's change to one clause: `anchor` is the clause's anchor in that revision
    (its last anchor for `removed`); `before` the anchor it had until then (a rename)."""

    revision: Revision
    kind: ChangeKind
    anchor: str
    heading: str
    before: str | None = None


def clauses_of(rev: Revision) -> tuple[Clause, ...]:
    """The clauses of `rev`, in document order."""
    return _parse(rev.body, rev.body_line)


@functools.lru_cache(maxsize=4096)
def _parse(body: str, first_line: int) -> tuple[Clause, ...]:
    lines = body.splitlines()
    code = markdown_lint.fenced(lines)
    heads = headings(body, first_line)
    found: list[Clause] = []
    # Each heading's anchor, searched once (a text of 40 clauses is parsed in linear time).
    anchored = [(line, level, text, _ANCHOR.search(text)) for line, level, text in heads]
    starts = [line for line, _, _, anchor in anchored if anchor is not None]
    for line, level, text, anchor in anchored:
        if anchor is None:
            continue
        following = bisect.bisect_right(starts, line)
        end = starts[following] if following < len(starts) else first_line + len(lines)
        start = line - first_line + 1
        # A setext heading's underline is part of the heading, not of the text.
        if start < len(lines) and not code[start] and _is_underline(lines[start]):
            start += 1
        own = " ".join(lines[start : end - first_line])
        heading = text[: anchor.start()].strip()
        found.append(
            Clause(
                anchor=anchor.group(1),
                heading=heading,
                level=level,
                line=line,
                digest=_digest(heading + "\n" + own),
                text_digest=_digest(own),
            )
        )
    return tuple(found)


def _is_underline(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and (set(stripped) <= {"="} or set(stripped) <= {"-"})


def _digest(text: str) -> str:
    # `str.split()` splits where `\s` matches (Unicode whitespace), and faster.
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def clause(rev: Revision, anchor: str) -> Clause | None:
    """The clause of `rev` with `anchor`, or None when it has none."""
    return next((c for c in clauses_of(rev) if c.anchor == anchor), None)


def clause_source(rev: Revision, anchor: str) -> str:
    """The Markdown of the clause `anchor` of `rev`: its heading and its text, up to the next
    clause's heading (`clauses_of` decides where clauses start), or '' when it has none."""
    found = clauses_of(rev)
    lines = rev.body.splitlines()
    for index, clause in enumerate(found):
        if clause.anchor != anchor:
            continue
        start = clause.line - rev.body_line
        end = found[index + 1].line - rev.body_line if index + 1 < len(found) else len(lines)
        return "\n".join(lines[start:end]).strip("\n") + "\n"
    return ""


def changes(revisions: Sequence[Revision]) -> tuple[ClauseChange, ...]:
    """Every change to a clause through `revisions` (one document in one locale, oldest first),
    in revision order, and within a revision in the newer text's order (removals last).

    The first revision adds each of its clauses. A clause whose anchor disappears while a new
    anchor appears with the same heading or the same text is renamed (followed, not removed and
    added); otherwise the old one is removed and the new one added. A clause whose text is
    unchanged but whose place among the others changed is `moved`.
    """
    found: list[ClauseChange] = []
    before: tuple[Clause, ...] = ()
    for rev in revisions:
        now = clauses_of(rev)
        found.extend(_compare(rev, before, now))
        before = now
    return tuple(found)


def _compare(
    rev: Revision, before: tuple[Clause, ...], now: tuple[Clause, ...]
) -> list[ClauseChange]:
    old = {c.anchor: c for c in before}
    new_anchors = {c.anchor for c in now}
    gone = [c for c in before if c.anchor not in new_anchors]
    renamed: dict[str, Clause] = {}  # new anchor -> the old clause it continues
    for c in now:
        if c.anchor in old:
            continue
        match = next(
            (g for g in gone if g.heading == c.heading or g.text_digest == c.text_digest), None
        )
        if match is not None:
            gone.remove(match)
            renamed[c.anchor] = match
    order_before = [c.anchor for c in before if c.anchor in new_anchors]
    order_now = [c.anchor for c in now if c.anchor in old]
    moved = _moved(order_before, order_now)
    result: list[ClauseChange] = []
    for c in now:
        if c.anchor in renamed:
            result.append(
                ClauseChange(rev, "renamed", c.anchor, c.heading, renamed[c.anchor].anchor)
            )
        elif c.anchor not in old:
            result.append(ClauseChange(rev, "added", c.anchor, c.heading))
        elif old[c.anchor].digest != c.digest:
            result.append(ClauseChange(rev, "changed", c.anchor, c.heading))
        elif c.anchor in moved:
            result.append(ClauseChange(rev, "moved", c.anchor, c.heading))
    result.extend(ClauseChange(rev, "removed", g.anchor, g.heading) for g in gone)
    return result


def _moved(before: list[str], now: list[str]) -> set[str]:
    """The anchors outside the matching blocks of the two orders: the clauses that moved,
    rather than the ones others moved around."""
    matcher = difflib.SequenceMatcher(a=before, b=now, autojunk=False)
    kept = {before[b.a + k] for b in matcher.get_matching_blocks() for k in range(b.size)}
    return set(now) - kept


def last_changed(history: Sequence[ClauseChange], anchor: str) -> ClauseChange | None:
    """The newest change in `history` (from `changes`) that made the clause `anchor` what it is:
    added, changed or renamed to it (a move leaves its text as it was). Renames are followed."""
    current = anchor
    for change in reversed(history):
        if change.anchor != current or change.kind in ("moved", "removed"):
            continue
        return change
    return None
