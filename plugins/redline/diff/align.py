"""Alignment and word diffs: which blocks of the two revisions match, which were replaced, and
the word operations inside replaced blocks that still resemble each other."""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from diff_match_patch import diff_match_patch

from redline.text.words import is_word, tokenize

from .parse import (
    _HEADING_TAGS,
    ADDRESS_ATTRS,
    Ctx,
    Element,
    Op,
    Token,
    _Block,
    _Cell,
    _ctx_key,
    _start_tag,
    _Tokens,
    _without_address,
)
from .visible import CHARACTERS, Gettext, Note, Notes, skeleton

# Replaced blocks sharing at least this share of their words are diffed word by word; below it
# a reader is better served by the old block struck out and the new one inserted whole.
SIMILARITY = 0.5
# Op code of a token whose text is unchanged but whose link address (or image source) changed.
RETARGETED = 2
# Op code of a note's text: what changed that words do not show (see `visible`). Never counted
# as inserted or deleted words.
NOTE = 3
# The element around a note; its old and new values are shown struck and underlined.
NOTE_ELEMENT: Element = ("span", (("class", "rl-note"),))
_NOTE_DEL: Element = ("del", ())
_NOTE_INS: Element = ("ins", ())
# Classes of the redline's address notes: the element whose address changed, and the note beside
# it holding the old and the new address.
RETARGETED_CLASS = "rl-retargeted"
_NOTE: Element = ("span", (("class", "rl-address"),))
_NOTE_OLD: Element = ("span", (("class", "rl-address-old"),))
NOTE_NEW: Element = ("span", (("class", "rl-address-new"),))
# Replaced regions up to this many block pairs get the exact pairing; larger ones (a rewrite)
# are paired greedily so the cost stays linear.
_FULL_PAIRING_CELLS = 40_000
_GREEDY_LOOKAHEAD = 8
# diff-match-patch costs O(N x D) (lengths times edits): a rewrite of a long sequence (a list of
# 20,000 changed lines, a 100 KB Thai paragraph, which has no spaces to cut it into sentences) is
# quadratic. Sequences up to this many cells (old length x new length) get its exact diff; larger
# ones are cut first (see `_diff`), so every change is still marked but the alignment inside a
# long rewritten stretch is coarser: within windows of `_DIFF_WINDOW` tokens (or blocks).
_DIFF_CELLS = 1_000_000
_DIFF_WINDOW = 400


def _match_blocks(
    old: list[_Block], new: list[_Block], dmp: diff_match_patch
) -> list[tuple[int, int]]:
    """Pairs (i, j) of matching blocks, increasing in both: equal blocks and same-anchor headings.

    Patience-style: blocks that occur once in both texts, and clause headings with the same
    anchor, are aligned first (a longest increasing subsequence), then each gap between two
    anchors is aligned on its own. A plain Myers diff costs O(N x D); with a revision's edits
    spread over the whole document D grows with N and the cost with N squared (62x time for 10x
    size, measured). Gaps are one clause or so, so the total stays linear.
    """
    a = [b.key for b in old]
    b = [b.key for b in new]
    ids_a = [blk.attr("id") if blk.tag in _HEADING_TAGS else None for blk in old]
    ids_b = [blk.attr("id") if blk.tag in _HEADING_TAGS else None for blk in new]
    out: list[tuple[int, int]] = []

    def match(alo: int, ahi: int, blo: int, bhi: int, depth: int) -> None:
        while alo < ahi and blo < bhi and a[alo] == b[blo]:
            out.append((alo, blo))
            alo, blo = alo + 1, blo + 1
        tail: list[tuple[int, int]] = []
        while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
            ahi, bhi = ahi - 1, bhi - 1
            tail.append((ahi, bhi))
        if alo < ahi and blo < bhi:
            anchors = _anchors(a, b, ids_a, ids_b, alo, ahi, blo, bhi) if depth < 4 else []
            if anchors:
                for i, j in anchors:
                    match(alo, i, blo, j, depth + 1)
                    out.append((i, j))
                    alo, blo = i + 1, j + 1
                match(alo, ahi, blo, bhi, depth + 1)
            else:
                codec = _Codec()
                diffs = _diff(dmp, codec.encode(a[alo:ahi]), codec.encode(b[blo:bhi]))
                i, j = alo, blo
                for op, chunk in diffs:
                    n = len(chunk)
                    if op == 0:
                        out.extend((i + k, j + k) for k in range(n))
                    if op <= 0:
                        i += n
                    if op >= 0:
                        j += n
        out.extend(reversed(tail))

    match(0, len(a), 0, len(b), 0)
    return out


def _anchors(
    a: list[str],
    b: list[str],
    ids_a: list[str | None],
    ids_b: list[str | None],
    alo: int,
    ahi: int,
    blo: int,
    bhi: int,
) -> list[tuple[int, int]]:
    """The longest increasing run of pairs that are unique in both ranges (see _match_blocks)."""
    count_a = Counter(a[alo:ahi])
    count_b = Counter(b[blo:bhi])
    where_b = {b[j]: j for j in range(blo, bhi) if count_b[b[j]] == 1}
    pairs = {i: where_b[a[i]] for i in range(alo, ahi) if count_a[a[i]] == 1 and a[i] in where_b}
    id_count_a = Counter(ids_a[alo:ahi])
    id_count_b = Counter(ids_b[blo:bhi])
    id_b = {ids_b[j]: j for j in range(blo, bhi) if ids_b[j] and id_count_b[ids_b[j]] == 1}
    taken = set(pairs.values())
    for i in range(alo, ahi):
        ident = ids_a[i]
        if ident and id_count_a[ident] == 1 and ident in id_b and i not in pairs:
            j = id_b[ident]
            if j not in taken:
                pairs[i] = j
                taken.add(j)
    return _longest_increasing(sorted(pairs.items()))


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of `pairs` (sorted by first) whose seconds increase."""
    tails: list[int] = []  # tails[k]: smallest second ending an increasing run of length k+1
    tail_at: list[int] = []  # index into pairs of that tail
    before: list[int] = [-1] * len(pairs)
    for n, (_, j) in enumerate(pairs):
        k = bisect.bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            tail_at.append(n)
        else:
            tails[k] = j
            tail_at[k] = n
        before[n] = tail_at[k - 1] if k else -1
    run: list[tuple[int, int]] = []
    n = tail_at[-1] if tail_at else -1
    while n >= 0:
        run.append(pairs[n])
        n = before[n]
    run.reverse()
    return run


def _diff(
    dmp: diff_match_patch, a: str, b: str, semantic: bool = False, depth: int = 0
) -> list[tuple[int, str]]:
    """diff-match-patch's diff of two encoded sequences (with its semantic cleanup if asked),
    in time near linear in their length.

    Up to `_DIFF_CELLS` this is exactly `diff_main` (and `diff_cleanupSemantic`). Beyond it,
    as `_match_blocks` does for blocks: the common ends are equal, characters that occur once in
    each are anchors (their longest increasing run) and each stretch between two anchors is
    diffed on its own; a long stretch without anchors (a rewrite) is cut into windows of about
    `_DIFF_WINDOW` characters, paired in proportion to their position, and each pair diffed
    exactly. Every character is still kept or marked deleted or inserted; only which of the
    equal ones pair up may differ from the exact diff.
    """
    if not set(a).intersection(b):
        # Nothing in common: what diff_main returns too, without its O(N x M) search.
        return [d for d in ((-1, a), (1, b)) if d[1]]
    if len(a) * len(b) <= _DIFF_CELLS:
        diffs: list[tuple[int, str]] = dmp.diff_main(a, b, False)
        if semantic:
            dmp.diff_cleanupSemantic(diffs)
        return diffs
    head = dmp.diff_commonPrefix(a, b)
    tail = dmp.diff_commonSuffix(a[head:], b[head:])
    out: list[tuple[int, str]] = [(0, a[:head])] if head else []
    a_mid, b_mid = a[head : len(a) - tail], b[head : len(b) - tail]
    anchors = _unique_anchors(a_mid, b_mid) if depth < 4 else []
    i = j = 0
    for x, y in anchors:
        out.extend(_diff(dmp, a_mid[i:x], b_mid[j:y], semantic, depth + 1))
        out.append((0, a_mid[x]))
        i, j = x + 1, y + 1
    if anchors:
        out.extend(_diff(dmp, a_mid[i:], b_mid[j:], semantic, depth + 1))
    else:
        pieces = max(1, -(-max(len(a_mid), len(b_mid)) // _DIFF_WINDOW))
        for k in range(pieces):
            x0, x1 = len(a_mid) * k // pieces, len(a_mid) * (k + 1) // pieces
            y0, y1 = len(b_mid) * k // pieces, len(b_mid) * (k + 1) // pieces
            out.extend(_diff(dmp, a_mid[x0:x1], b_mid[y0:y1], semantic, depth + 1))
    if tail:
        out.append((0, a[len(a) - tail :]))
    return _merged(out)


def _unique_anchors(a: str, b: str) -> list[tuple[int, int]]:
    """Positions of characters that occur once in `a` and once in `b`, longest increasing run."""
    count_a, count_b = Counter(a), Counter(b)
    where_b = {c: j for j, c in enumerate(b) if count_b[c] == 1}
    pairs = [(i, where_b[c]) for i, c in enumerate(a) if count_a[c] == 1 and c in where_b]
    return _longest_increasing(pairs)


def _merged(diffs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Adjacent pieces of one kind joined (deletions before insertions), empty ones dropped."""
    out: list[tuple[int, str]] = []
    for op, text in diffs:
        if not text:
            continue
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + text)
        elif op == -1 and len(out) > 1 and out[-1][0] == 1 and out[-2][0] == -1:
            out[-2] = (-1, out[-2][1] + text)
        else:
            out.append((op, text))
    return out


@dataclass(frozen=True, slots=True, eq=False)
class _Item:
    """One block of the redline."""

    kind: str  # "equal" | "changed" | "inserted" | "deleted"
    old: _Block | None
    new: _Block | None
    ops: tuple[tuple[Op, ...], ...]  # per cell; empty for equal blocks (rendered from segments)
    title: bool = False  # the document's title, changed: a clause of its own in the summary


class _Codec:
    """Encodes hashable keys as single characters so diff-match-patch diffs sequences of them."""

    def __init__(self) -> None:
        self.chars: dict[str, str] = {}

    def encode(self, keys: Iterable[str]) -> str:
        chars = self.chars
        out = []
        for key in keys:
            c = chars.get(key)
            if c is None:
                n = len(chars) + 1
                # Skip the surrogate range so every code is a valid scalar value.
                c = chars[key] = chr(n if n < 0xD800 else n + 0x800)
            out.append(c)
        return "".join(out)


class _Differ:
    def __init__(self, locale: str, gettext: Gettext = str) -> None:
        self.locale = locale
        self.notes = Notes(gettext)
        self.sights: dict[_Block, str] = {}
        self.dmp = diff_match_patch()
        self.dmp.Diff_Timeout = 0  # deterministic output, whatever the machine's speed
        self.codec = _Codec()
        self.tokens: dict[_Block, tuple[_Tokens, ...]] = {}
        self.bags: dict[_Block, Counter[str]] = {}

    # -- tokens
    def block_tokens(self, block: _Block) -> tuple[_Tokens, ...]:
        """The tokens of each cell with their diff keys, computed once per block."""
        cached = self.tokens.get(block)
        if cached is None:
            cached = self.tokens[block] = tuple(
                self._cell_tokens(c, block.pre) for c in block.cells
            )
        return cached

    def _cell_tokens(self, cell: _Cell, pre: bool) -> _Tokens:
        tokens: list[Token] = []
        keys: list[str] = []
        for text, ctx, void in cell.segments:
            # Formatting is part of a token's identity: a word that became a link or bold shows
            # as deleted and inserted. A link's address is not (see ADDRESS_ATTRS): a changed
            # target is shown beside the unchanged text. Plain text, by far the most of it, keys
            # on the bare token (no bare token contains \x1d).
            sig = _ctx_key(ctx) + "\x1d" if ctx else ""
            if void is not None:
                tokens.append((text, ctx, void))
                keys.append(sig + "\x1d\x1b" + _start_tag(*_without_address(void)))
            elif not text:
                tokens.append((text, ctx, void))
                keys.append(sig + "\x1d")
            else:
                words = tokenize(text, self.locale)
                tokens.extend([(t, ctx, None) for t in words])
                if pre:
                    keys.extend([sig + t for t in words])
                else:
                    # A re-wrapped line is not a change; another space is (see LAYOUT_SPACE).
                    keys.extend(
                        [sig + " " if t.isspace() and t.isascii() else sig + t for t in words]
                    )
        return tokens, keys

    def bag(self, block: _Block) -> Counter[str]:
        """The multiset of a block's non-whitespace tokens, for similarity."""
        bag = self.bags.get(block)
        if bag is None:
            bag = self.bags[block] = Counter(
                k for _, keys in self.block_tokens(block) for k in keys if not k.isspace()
            )
        return bag

    def looks(self, block: _Block) -> str:
        """What a reader sees of a block's text (see `visible.skeleton`)."""
        seen = self.sights.get(block)
        if seen is None:
            seen = self.sights[block] = skeleton(
                "\x1f".join("".join(t for t, _, _ in c.segments) for c in block.cells)
            )
        return seen

    def similarity(self, old: _Block, new: _Block) -> float:
        if _shape(old) != _shape(new):
            return 0.0
        sim = self._similarity(old, new)
        if sim < SIMILARITY and self.looks(old) == self.looks(new):
            return 1.0  # a look-alike letter or an invisible character: the same block
        return sim

    def _similarity(self, old: _Block, new: _Block) -> float:
        if old.tag in _HEADING_TAGS and old.attr("id") and old.attr("id") == new.attr("id"):
            # Clause anchors are stable across revisions: same anchor, same clause, even when
            # its title was reworded (a plain similarity could pair it with its new neighbour).
            return 2.0
        a, b = self.bag(old), self.bag(new)
        total = a.total() + b.total()
        if not total:
            return 1.0
        small, large = (a, b) if len(a) <= len(b) else (b, a)
        common = sum(min(n, large[k]) for k, n in small.items() if k in large)
        return 2.0 * common / total

    # -- blocks
    def items(self, old: list[_Block], new: list[_Block]) -> list[_Item]:
        """The redline's blocks in reading order: matched, changed, deleted and inserted."""
        items: list[_Item] = []
        i = j = 0
        for mi, mj in _match_blocks(old, new, self.dmp):
            if mi > i or mj > j:
                items.extend(self._region(old[i:mi], new[j:mj]))
            if old[mi].key == new[mj].key:
                items.append(self._equal(old[mi], new[mj]))
            else:  # the same clause heading (same anchor) with a changed title
                items.extend(self._region([old[mi]], [new[mj]]))
            i, j = mi + 1, mj + 1
        if i < len(old) or j < len(new):
            items.extend(self._region(old[i:], new[j:]))
        return items

    def _region(self, gone: list[_Block], came: list[_Block]) -> Iterator[_Item]:
        """Pair the replaced blocks of one region; yield them in reading order."""
        i = j = 0
        for oi, nj in self._pairs(gone, came):
            yield from (self._deleted(b) for b in gone[i:oi])
            yield from (self._inserted(b) for b in came[j:nj])
            yield from self._changed(gone[oi], came[nj])
            i, j = oi + 1, nj + 1
        yield from (self._deleted(b) for b in gone[i:])
        yield from (self._inserted(b) for b in came[j:])

    def _pairs(self, gone: list[_Block], came: list[_Block]) -> list[tuple[int, int]]:
        k, m = len(gone), len(came)
        if not k or not m:
            return []
        if k * m > _FULL_PAIRING_CELLS:
            return self._greedy_pairs(gone, came)
        # Monotone pairing with the largest total similarity (an LCS weighted by similarity),
        # so a renumbered heading pairs with its own clause rather than the one inserted before.
        score = [[0.0] * (m + 1) for _ in range(k + 1)]
        sims: dict[tuple[int, int], float] = {}
        for x in range(1, k + 1):
            row, above = score[x], score[x - 1]
            for y in range(1, m + 1):
                best = max(above[y], row[y - 1])
                s = self.similarity(gone[x - 1], came[y - 1])
                if s >= SIMILARITY:
                    sims[x - 1, y - 1] = s
                    best = max(best, above[y - 1] + s)
                row[y] = best
        pairs: list[tuple[int, int]] = []
        x, y = k, m
        while x and y:
            pair_sim = sims.get((x - 1, y - 1))
            if pair_sim is not None and score[x][y] == score[x - 1][y - 1] + pair_sim:
                pairs.append((x - 1, y - 1))
                x, y = x - 1, y - 1
            elif score[x][y] == score[x - 1][y]:
                x -= 1
            else:
                y -= 1
        pairs.reverse()
        return pairs

    def _greedy_pairs(self, gone: list[_Block], came: list[_Block]) -> list[tuple[int, int]]:
        pairs: list[tuple[int, int]] = []
        x = y = 0
        while x < len(gone) and y < len(came):
            for d in range(_GREEDY_LOOKAHEAD):
                if y + d < len(came) and self.similarity(gone[x], came[y + d]) >= SIMILARITY:
                    pairs.append((x, y + d))
                    x, y = x + 1, y + d + 1
                    break
                if (
                    d
                    and x + d < len(gone)
                    and (self.similarity(gone[x + d], came[y]) >= SIMILARITY)
                ):
                    pairs.append((x + d, y))
                    x, y = x + d + 1, y + 1
                    break
            else:
                x, y = x + 1, y + 1
        return pairs

    def _inserted(self, block: _Block) -> _Item:
        cells = tuple(tuple((1, *t) for t in c) for c, _ in self.block_tokens(block))
        return _Item("inserted", None, block, cells)

    def _deleted(self, block: _Block) -> _Item:
        cells = tuple(tuple((-1, *t) for t in c) for c, _ in self.block_tokens(block))
        return _Item("deleted", block, None, cells)

    def _equal(self, old: _Block, new: _Block) -> _Item:
        """Two blocks with the same words: equal, or changed in what words do not show."""
        notes = self.notes.blocks(old, new, anchors=True)
        if not notes:
            return _Item("equal", old, new, ())
        cells = tuple(tuple((0, *s) for s in c.segments) for c in new.cells)
        return _Item("changed", old, new, _with_notes(cells, notes))

    def title(self, old: str, new: str) -> _Item:
        """A changed document title, as a block of its own at the top of the redline."""
        a, b = _title_block(old), _title_block(new)
        cells = tuple(
            self._diff_tokens(x, y)
            for x, y in zip(self.block_tokens(a), self.block_tokens(b), strict=True)
        )
        notes = [(self.notes.title(), "", "")]
        return _Item("changed", a, b, _with_notes(cells, notes), title=True)

    def _changed(self, old: _Block, new: _Block) -> Iterator[_Item]:
        cells = tuple(
            self._diff_tokens(a, b)
            for a, b in zip(self.block_tokens(old), self.block_tokens(new), strict=True)
        )
        notes = self.notes.blocks(old, new)
        if any(op for cell in cells for op, *_ in cell) or notes:
            yield _Item("changed", old, new, _with_notes(cells, notes))
        else:
            # Same words, different structure (a heading level, a paragraph moved into a
            # quote): words cannot show it, the whole block can.
            yield self._deleted(old)
            yield self._inserted(new)

    def _diff_tokens(self, old: _Tokens, new: _Tokens) -> tuple[Op, ...]:
        (a, keys_a), (b, keys_b) = old, new
        ea = self.codec.encode(keys_a)
        eb = self.codec.encode(keys_b)
        # Cleaned up on the token encoding, so merged edits still start and end on whole words.
        diffs = _diff(self.dmp, ea, eb, semantic=True)
        runs: list[_Run] = []
        i = j = 0
        for op, chunk in diffs:
            n = len(chunk)
            if op == 0:
                runs.append(_Run(True, a[i : i + n], b[j : j + n]))
                i += n
                j += n
                continue
            if not runs or runs[-1].equal:
                runs.append(_Run(False, [], []))
            if op < 0:
                runs[-1].old.extend(a[i : i + n])
                i += n
            else:
                runs[-1].new.extend(b[j : j + n])
                j += n
        runs = _punctuation_with_words(runs)
        for run in runs:
            if not run.equal:
                was = "".join(t[0] for t in run.old)
                now = "".join(t[0] for t in run.new)
                run.note = self.notes.characters(was, now)
        return _retarget(_flatten(runs, self.notes.gettext(CHARACTERS)))


def _shape(block: _Block) -> tuple[str, ...]:
    # A heading moved up or down a level with the same words is the same heading, changed.
    # A cell turned from data to header (or back) is the same cell, changed.
    shape = tuple("td" if part == "th" else part for part in block.shape)
    return ("h", *shape[1:]) if shape[0] in _HEADING_TAGS else shape


def _title_block(title: str) -> _Block:
    cell = _Cell(None, (), ((title, (), None),))
    return _Block((), "p", (), (cell,), "\x1etitle\x1f" + title)


def _note_ops(note: Note, outer: Ctx, text: str = "") -> list[Op]:
    """A note as ops: its label, then the old value struck and the new one underlined."""
    label, old, new = note
    ctx = (*outer, NOTE_ELEMENT)
    ops: list[Op] = [(NOTE, label, ctx, None)]
    if text:
        ops.append((NOTE, " " + text, ctx, None))
    if old:
        ops.append((NOTE, " ", ctx, None))
        ops.append((NOTE, old, (*ctx, _NOTE_DEL), None))
    if old or new:
        ops.append((NOTE, " → ", ctx, None))
    if new:
        ops.append((NOTE, new, (*ctx, _NOTE_INS), None))
    ops.append((NOTE, " ", outer, None))
    return ops


def _with_notes(cells: tuple[tuple[Op, ...], ...], notes: list[Note]) -> tuple[tuple[Op, ...], ...]:
    """The cells of a block with its notes before the content of the first one."""
    if not notes or not cells:
        return cells
    lead = [op for note in notes for op in _note_ops(note, ())]
    return ((*lead, *cells[0]), *cells[1:])


@dataclass(slots=True)
class _Run:
    """A stretch of a word diff: equal tokens (old and new side by side) or one edit."""

    equal: bool
    old: list[Token]
    new: list[Token]
    note: str | None = None  # an edit whose old and new text look alike, spelled out


def _is_punctuation(token: Token) -> bool:
    text = token[0]
    return token[2] is None and bool(text) and not text.isspace() and not is_word(text)


def _attached(pairs: Iterable[tuple[Token, Token]]) -> int:
    """How many equal tokens (old and new side by side, read away from an edit) are written
    against it: no space between, up to and including the first word."""
    n = 0
    for old, new in pairs:
        if old[1:] != new[1:]:
            break  # a link whose address changed: it gets its note, not a strike
        if not _is_punctuation(new) and not (new[2] is None and is_word(new[0])):
            break  # whitespace, an image or line break, an empty anchor
        n += 1
        if is_word(new[0]):
            break
    return n


def _punctuation_with_words(runs: list[_Run]) -> list[_Run]:
    """Widen an edit of punctuation alone to the word it is written against.

    A deleted full stop or an added comma is a speck on its own (`services[.]; and`); shown with
    its word (`services.;` struck, `services;` inserted) it is a change a reader sees and can
    compare, in print and in greyscale too. An edit with a word or a space in it is left alone.
    """
    for k, run in enumerate(runs):
        changed = run.old + run.new
        if run.equal or not changed or not all(_is_punctuation(t) for t in changed):
            continue
        if k and runs[k - 1].equal:
            before = runs[k - 1]
            n = _attached(zip(reversed(before.old), reversed(before.new), strict=True))
            if n:
                run.old[:0], run.new[:0] = before.old[-n:], before.new[-n:]
                del before.old[-n:], before.new[-n:]
        if k + 1 < len(runs) and runs[k + 1].equal:
            after = runs[k + 1]
            n = _attached(zip(after.old, after.new, strict=True))
            if n:
                run.old.extend(after.old[:n])
                run.new.extend(after.new[:n])
                del after.old[:n], after.new[:n]
    merged: list[_Run] = []
    for run in runs:
        if run.equal and not run.old:
            continue
        if merged and not run.equal and not merged[-1].equal:
            merged[-1].old.extend(run.old)  # two edits that met: one edit, deletions first
            merged[-1].new.extend(run.new)
        else:
            merged.append(run)
    return merged


def _flatten(runs: list[_Run], label: str) -> tuple[list[Op], dict[Element, Element]]:
    """The runs as ops, each spelled-out edit followed by its note (`label` and the note); and
    each element whose address changed (newer text) with its old one."""
    out: list[Op] = []
    moved: dict[Element, Element] = {}
    for run in runs:
        if not run.equal:
            out.extend((-1, *t) for t in run.old)
            out.extend((1, *t) for t in run.new)
            if run.note is not None:
                last = (run.new or run.old)[-1]
                out.extend(_note_ops((label, "", ""), last[1], run.note))
            continue
        for ta, tb in zip(run.old, run.new, strict=True):
            if ta[1] == tb[1] and ta[2] == tb[2]:
                out.append((0, *tb))
                continue
            # Equal keys but different elements: an address differs (see ADDRESS_ATTRS).
            out.append((RETARGETED, *tb))
            for was, now in zip(ta[1], tb[1], strict=True):
                if was != now:
                    moved.setdefault(now, was)
            if ta[2] is not None and tb[2] is not None and ta[2] != tb[2]:
                moved.setdefault(tb[2], ta[2])
    return out, moved


def _retarget(flat: tuple[list[Op], dict[Element, Element]]) -> tuple[Op, ...]:
    """Mark the elements whose address changed and put a note with both addresses after each.

    The note stands outside the link (a link inside a link is not HTML), right after the last
    word of it; the words keep no <ins>/<del>: they did not change.
    """
    ops, moved = flat
    if not moved:
        return tuple(ops)
    marked = {now: _with_class(now, RETARGETED_CLASS) for now in moved}
    was = {marked[now]: moved[now] for now in moved}
    unmarked = {m: now for now, m in marked.items()}

    def mark(ctx: Ctx) -> Ctx:
        return tuple(marked.get(e, e) for e in ctx)

    shown: list[Op] = [
        op if op[0] < 0 else (op[0], op[1], mark(op[2]), op[3] and marked.get(op[3], op[3]))
        for op in ops
    ]
    # For each op, the context of the next op that is not a deletion (deleted words sit in the
    # old link; the new one goes on after them).
    following: list[Ctx | None] = [None] * len(shown)
    ahead: Ctx | None = None
    for k in range(len(shown) - 1, -1, -1):
        following[k] = ahead
        if shown[k][0] >= 0:
            ahead = shown[k][2]
    out: list[Op] = []
    for k, op in enumerate(shown):
        out.append(op)
        code, _, ctx, void = op
        if code < 0:
            continue
        nxt = following[k]
        for depth in range(len(ctx) - 1, -1, -1):
            element = ctx[depth]
            if element in was and (nxt is None or len(nxt) <= depth or nxt[depth] != element):
                out.extend(_note(ctx[:depth], was[element], unmarked[element]))
        if void is not None and void in was:
            out.extend(_note(ctx, was[void], unmarked[void]))
    return tuple(out)


def _with_class(element: Element, cls: str) -> Element:
    tag, attrs = element
    if any(k == "class" for k, _ in attrs):
        return tag, tuple((k, f"{v} {cls}" if k == "class" and v else v) for k, v in attrs)
    return tag, (*attrs, ("class", cls))


def _note(outer: Ctx, old: Element, new: Element) -> list[Op]:
    """The old and the new address of an element, as text beside it."""
    name = ADDRESS_ATTRS[new[0]]
    before = next((v for k, v in old[1] if k == name), None) or ""
    after = next((v for k, v in new[1] if k == name), None) or ""
    # A space between the two, so that copied text keeps them apart; the stylesheet adds the
    # words around them ("link address changed from ... to ...") in the page's language.
    return [
        (RETARGETED, before, (*outer, _NOTE, _NOTE_OLD), None),
        (RETARGETED, " ", (*outer, _NOTE), None),
        (RETARGETED, after, (*outer, _NOTE, NOTE_NEW), None),
    ]
