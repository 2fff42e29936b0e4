"""Redlines: two rendered revisions of one document in, the formatted document with changes out.

The diff is block-aligned and word-level. Both revisions are parsed into leaf blocks (headings,
paragraphs, list-item text, table rows, ...) that remember their containers (lists, blockquotes,
tables). Block sequences are aligned first, anchored on blocks that occur once in each text and
on clause headings with the same anchor; words are diffed only inside replaced blocks that still
resemble each other. That keeps a change inside its clause (a global word diff happily matches
"the" in clause 3 against "the" in clause 7) and keeps the cost linear in the document size,
because the expensive word diff runs only where something changed.

Word diffs run diff-match-patch over tokens encoded as one character each, and the semantic
cleanup runs on that encoding, before mapping back to text: cleaning the re-joined text would cut
words again (`[-regular self inspection-][+periodic internal audit+]s`). The timeout is 0 so the
result never depends on how fast the machine is.

The result is re-rendered from parsed tokens with every text escaped: `<ins>`/`<del>` are closed
and reopened at every element boundary so the output nests, ordered-list items carry explicit
`value=` so numbering survives interleaved deleted items, ids come from the newer text, and the
whole page passes the allowlist sanitizer.
"""

from __future__ import annotations

import bisect
import functools
import html as _html
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

from diff_match_patch import diff_match_patch

from .sanitize import sanitize, sanitize_redline
from .words import is_word, tokenize

__all__ = ["ClauseChange", "Redline", "redline"]


@dataclass(frozen=True)
class ClauseChange:
    """One clause (the text under an h2/h3 heading) that was added, removed or changed."""

    kind: str  # "added" | "removed" | "changed"
    anchor: str  # id of the clause heading in the redline (from the newer text when it exists)
    heading: str  # heading text, plain


@dataclass(frozen=True)
class Redline:
    """The redline of two revisions: formatted, sanitized HTML plus a summary of the changes."""

    html: str
    clauses: tuple[ClauseChange, ...]
    words_inserted: int
    words_deleted: int
    changed_blocks: int

    @property
    def identical(self) -> bool:
        """True when no block changed. Re-wrapped lines are no change; a word made bold or a
        changed link target is one."""
        return self.changed_blocks == 0


# --------------------------------------------------------------------------------------------
# Parsed form

Attrs = tuple[tuple[str, str | None], ...]
Element = tuple[str, Attrs]  # an inline element (or a void element such as <br>)
Ctx = tuple[Element, ...]  # the inline elements around a text, outermost first
# A segment is a maximal text run in one inline context, or a void element (text "").
Segment = tuple[str, Ctx, Element | None]
# A token is a segment cut into words; an op is a token with its diff operation (-1, 0, 1).
Token = Segment
Op = tuple[int, str, Ctx, Element | None]
_Tokens = tuple[list[Token], list[str]]  # the tokens of a cell and their diff keys

# Elements whose content is inline text: each occurrence is one block.
_LEAF_TAGS = frozenset(
    {"h1", "h2", "h3", "h4", "h5", "h6", "p", "pre", "tr", "summary", "caption", "figcaption",
     "address", "legend"}
)  # fmt: skip
# Elements that hold blocks. Text directly inside one (`<li>text<ul>...`) is an implicit block.
_CONTAINER_TAGS = frozenset(
    {"ol", "ul", "li", "dl", "dt", "dd", "blockquote", "div", "table", "thead", "tbody", "tfoot",
     "details", "figure", "section", "article", "aside", "header", "footer", "nav", "main",
     "fieldset", "colgroup"}
)  # fmt: skip
_CELL_TAGS = frozenset({"td", "th"})
_VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
     "track", "wbr", "param"}
)  # fmt: skip
# Their content is code or foreign markup, never policy prose; the sanitizer would drop it too.
_DROP_TAGS = frozenset(
    {"script", "style", "template", "iframe", "object", "noscript", "textarea", "select", "svg",
     "math", "head", "title"}
)  # fmt: skip
_TRANSPARENT_TAGS = frozenset({"html", "body"})
_CLAUSE_TAGS = frozenset({"h2", "h3"})
# Containers whose text usually follows the start tag directly; no layout newline after them.
_TEXT_CONTAINERS = frozenset({"li", "dt", "dd"})
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

_TAG_NAME = re.compile(r"[a-z][a-z0-9-]*\Z")
_ATTR_NAME = re.compile(r"[a-z_:][-a-z0-9_:.]*\Z")
_WHITESPACE = re.compile(r"\s+")
_SPACES_TO_NORMALIZE = re.compile(r"\s\s|[^\S ]")  # anything but single plain spaces


@dataclass(frozen=True, slots=True, eq=False)
class _Frame:
    """An open container element; `uid` tells two equal-looking list items apart."""

    uid: int
    tag: str
    attrs: Attrs
    value: int | None  # ordinal of an <li> inside an <ol>


@dataclass(frozen=True, slots=True, eq=False)
class _Cell:
    """The inline content of a block; a table row has one per <td>/<th>, others exactly one."""

    tag: str | None
    attrs: Attrs
    segments: tuple[Segment, ...]


@dataclass(frozen=True, slots=True, eq=False)
class _Block:
    """A leaf block: its containers, its own element (None for implicit text) and content."""

    path: tuple[_Frame, ...]
    tag: str | None
    attrs: Attrs
    cells: tuple[_Cell, ...]
    key: str  # what alignment compares: structure plus whitespace-normalized inline content

    @property
    def pre(self) -> bool:
        return self.tag == "pre"

    @property
    def shape(self) -> tuple[str, ...]:
        """What must agree for two blocks to be diffed word by word rather than replaced."""
        return (_leaf_sig(self.tag), *(c.tag or "" for c in self.cells))

    def attr(self, name: str) -> str | None:
        return next((v for k, v in self.attrs if k == name), None)


def _leaf_sig(tag: str | None) -> str:
    # `<li>text</li>` and `<li><p>text</p></li>` are the same item in a tight or a loose list;
    # one added blank line must not mark a whole list as changed.
    return "p" if tag is None else tag


@functools.lru_cache(maxsize=4096)
def _ctx_sig(ctx: Ctx) -> str:
    return "".join(f"<{tag}{attrs!r}>" for tag, attrs in ctx)


def _start_tag(tag: str, attrs: Iterable[tuple[str, str | None]]) -> str:
    parts = [f"<{tag}"]
    for name, value in attrs:
        parts.append(f" {name}" if value is None else f' {name}="{_html.escape(value)}"')
    parts.append(">")
    return "".join(parts)


class _Leaf:
    """A block being parsed."""

    def __init__(
        self, tag: str | None, attrs: Attrs, path: tuple[_Frame, ...], path_sig: str
    ) -> None:
        self.tag = tag
        self.attrs = attrs
        self.path = path
        self.path_sig = path_sig
        self.cells: list[_Cell] = []
        self.cell: tuple[str | None, Attrs] | None = None if tag == "tr" else (None, ())
        self.segments: list[Segment] = []
        self.inline: list[Element] = []
        self.inline_marks: list[int] = []  # segment count when each inline element opened

    def text(self, text: str) -> None:
        ctx = tuple(self.inline)
        last = self.segments[-1] if self.segments else None
        if last is not None and last[2] is None and last[1] == ctx and last[0]:
            self.segments[-1] = (last[0] + text, ctx, None)
        else:
            self.segments.append((text, ctx, None))

    def void(self, element: Element) -> None:
        self.segments.append(("", tuple(self.inline), element))

    def push(self, element: Element) -> None:
        self.inline.append(element)
        self.inline_marks.append(len(self.segments))

    def pop(self) -> None:
        # An element with no text left (an empty anchor `<a id="x"></a>`) keeps a zero-width
        # segment, or it would vanish from the redline.
        if self.inline_marks.pop() == len(self.segments):
            self.segments.append(("", tuple(self.inline), None))
        self.inline.pop()

    def open_cell(self, tag: str | None, attrs: Attrs) -> None:
        self.close_cell()
        self.cell = (tag, attrs)

    def close_cell(self) -> None:
        while self.inline:
            self.pop()
        if self.cell is not None:
            tag, attrs = self.cell
            self.cells.append(_Cell(tag, attrs, tuple(_strip(self.segments, self.tag == "pre"))))
        self.cell = None
        self.segments = []

    def finish(self) -> _Block:
        if self.tag != "tr" or self.cell is not None:
            self.close_cell()
        pre = self.tag == "pre"
        parts = [self.path_sig, "\x1e", _leaf_sig(self.tag)]
        append = parts.append
        for cell in self.cells:
            if cell.tag is not None:
                append(f"\x1f{cell.tag}{cell.attrs!r}")
            append("\x1f")
            for text, ctx, void in cell.segments:
                if ctx:
                    append(_ctx_sig(ctx))
                append("\x1d")
                if void is not None:
                    append(_start_tag(*void))
                elif pre or not _SPACES_TO_NORMALIZE.search(text):
                    append(text)
                else:
                    append(_WHITESPACE.sub(" ", text))
        return _Block(self.path, self.tag, self.attrs, tuple(self.cells), "".join(parts))


def _strip(segments: list[Segment], pre: bool) -> list[Segment]:
    """Drop whitespace at the start and end of a block, which Markdown layout adds at will."""
    if pre or not segments:
        return segments
    first, last = segments[0][0], segments[-1][0]
    if not first[:1].isspace() and not last[-1:].isspace():
        return segments  # the usual case: nothing to strip
    out = list(segments)
    while out and out[0][2] is None and out[0][0] and not out[0][0].lstrip():
        out.pop(0)
    if out and out[0][2] is None and out[0][0]:
        out[0] = (out[0][0].lstrip(), out[0][1], None)
    while out and out[-1][2] is None and out[-1][0] and not out[-1][0].rstrip():
        out.pop()
    if out and out[-1][2] is None and out[-1][0]:
        out[-1] = (out[-1][0].rstrip(), out[-1][1], None)
    return out


class _BlockParser(HTMLParser):
    """Cut rendered HTML into leaf blocks with their container paths."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[_Block] = []
        self.path: list[_Frame] = []
        self.leaf: _Leaf | None = None
        self.skipping: list[str] = []
        self.next_value: dict[int, int] = {}  # <ol> uid -> value of its next <li>
        self.uid = 0
        # The open path as a tuple and its tag signature, shared by the blocks inside it.
        self._path_cache: tuple[tuple[_Frame, ...], str] | None = None

    def updatepos(self, i: int, j: int) -> int:
        # Positions are never reported; counting newlines at every tag was ~8% of parsing.
        return j

    # -- structure
    def _new_leaf(self, tag: str | None, attrs: Attrs) -> _Leaf:
        if self._path_cache is None:
            self._path_cache = (tuple(self.path), "/".join(f.tag for f in self.path))
        return _Leaf(tag, attrs, *self._path_cache)

    def _finish_leaf(self) -> None:
        if self.leaf is not None:
            self.blocks.append(self.leaf.finish())
            self.leaf = None

    def _open_frame(self, tag: str, attrs: Attrs) -> None:
        self.uid += 1
        value = None
        if tag == "li" and self.path and self.path[-1].tag == "ol":
            parent = self.path[-1].uid
            value = _int_attr(attrs, "value")
            if value is None:
                value = self.next_value.get(parent, 1)
            self.next_value[parent] = value + 1
            attrs = tuple((k, v) for k, v in attrs if k != "value")
        elif tag == "ol":
            self.next_value[self.uid] = _int_attr(attrs, "start") or 1
        self.path.append(_Frame(self.uid, tag, attrs, value))
        self._path_cache = None

    def _close_frame(self, tag: str) -> None:
        for i in range(len(self.path) - 1, -1, -1):
            if self.path[i].tag == tag:
                del self.path[i:]
                self._path_cache = None
                return

    # -- HTMLParser callbacks
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping:
            if tag == self.skipping[-1] and tag not in _VOID_TAGS:
                self.skipping.append(tag)
            return
        if tag in _DROP_TAGS:
            if tag not in _VOID_TAGS:
                self.skipping.append(tag)
            return
        if tag in _TRANSPARENT_TAGS or not _valid_tag(tag):
            return
        clean: Attrs = (
            tuple((k, v) for k, v in attrs if _ATTR_NAME.match(k) and not k.startswith("on"))
            if attrs
            else ()
        )
        leaf = self.leaf
        if leaf is not None:
            if leaf.tag == "tr" and tag in _CELL_TAGS and not leaf.inline:
                leaf.open_cell(tag, clean)
                return
            # Blocks inside a table cell stay inline markup of that cell; anywhere else a block
            # start ends the open block, as an HTML parser would close a <p>.
            in_cell = leaf.tag == "tr" and leaf.cell is not None
            is_block = tag in _LEAF_TAGS or tag in _CONTAINER_TAGS or tag == "hr"
            if in_cell or not is_block:
                if leaf.tag == "tr" and leaf.cell is None:
                    leaf.open_cell(None, ())
                if tag in _VOID_TAGS:
                    leaf.void((tag, clean))
                else:
                    leaf.push((tag, clean))
                return
            self._finish_leaf()
        if tag in _LEAF_TAGS:
            self.leaf = self._new_leaf(tag, clean)
        elif tag in _CONTAINER_TAGS:
            self._open_frame(tag, clean)
        elif tag == "hr":
            self.blocks.append(self._new_leaf("hr", clean).finish())
        else:
            # Inline markup directly in a container: the start of an implicit block.
            self.leaf = self._new_leaf(None, ())
            if tag in _VOID_TAGS:
                self.leaf.void((tag, clean))
            else:
                self.leaf.push((tag, clean))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # `<br />` and friends: never pushed, so never popped.
        self.handle_starttag(tag, attrs)
        if tag not in _VOID_TAGS and not self.skipping:
            self.handle_endtag(tag)
        elif self.skipping and tag == self.skipping[-1] and tag not in _VOID_TAGS:
            self.skipping.pop()

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag in _VOID_TAGS:
            return
        leaf = self.leaf
        if leaf is not None:
            # Inline elements first: a table nested in a cell closes its own <tr> and <td>.
            if any(t == tag for t, _ in leaf.inline):
                while leaf.inline[-1][0] != tag:
                    leaf.pop()
                leaf.pop()
                return
            if tag == leaf.tag:
                self._finish_leaf()
                return
            if leaf.cell is not None and tag == leaf.cell[0] and tag in _CELL_TAGS:
                leaf.close_cell()
                return
            if not any(f.tag == tag for f in self.path):
                return  # a stray end tag
            self._finish_leaf()
        if tag in _CONTAINER_TAGS:
            self._close_frame(tag)

    def handle_data(self, data: str) -> None:
        if self.skipping or not data:
            return
        leaf = self.leaf
        if leaf is None:
            if data.isspace():
                return  # layout between blocks
            leaf = self.leaf = self._new_leaf(None, ())
        elif leaf.tag == "tr" and leaf.cell is None:
            if data.isspace():
                return
            leaf.open_cell(None, ())
        leaf.text(data)

    def close(self) -> None:
        super().close()
        self._finish_leaf()


@functools.lru_cache(maxsize=256)
def _valid_tag(tag: str) -> bool:
    # A name we can write back verbatim; html.parser accepts far more (`<a"b>`).
    return _TAG_NAME.match(tag) is not None


def _int_attr(attrs: Attrs, name: str) -> int | None:
    value = next((v for k, v in attrs if k == name), None)
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _parse(html: str) -> list[_Block]:
    parser = _BlockParser()
    parser.feed(html)
    parser.close()
    return parser.blocks


# --------------------------------------------------------------------------------------------
# Alignment and word diffs

# Replaced blocks sharing at least this share of their words are diffed word by word; below it
# a reader is better served by the old block struck out and the new one inserted whole.
SIMILARITY = 0.5
# Replaced regions up to this many block pairs get the exact pairing; larger ones (a rewrite)
# are paired greedily so the cost stays linear.
_FULL_PAIRING_CELLS = 40_000
_GREEDY_LOOKAHEAD = 8


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
                diffs = dmp.diff_main(codec.encode(a[alo:ahi]), codec.encode(b[blo:bhi]), False)
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


@dataclass(frozen=True, slots=True, eq=False)
class _Item:
    """One block of the redline."""

    kind: str  # "equal" | "changed" | "inserted" | "deleted"
    old: _Block | None
    new: _Block | None
    ops: tuple[tuple[Op, ...], ...]  # per cell; empty for equal blocks (rendered from segments)


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
    def __init__(self, locale: str) -> None:
        self.locale = locale
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
            # Formatting is part of a token's identity: a word that became a link or bold, or a
            # link whose target changed, shows as deleted and inserted. Plain text, by far the
            # most of it, keys on the bare token (no bare token contains \x1d).
            sig = _ctx_sig(ctx) + "\x1d" if ctx else ""
            if void is not None:
                tokens.append((text, ctx, void))
                keys.append(sig + "\x1d\x1b" + _start_tag(*void))
            elif not text:
                tokens.append((text, ctx, void))
                keys.append(sig + "\x1d")
            else:
                words = tokenize(text, self.locale)
                tokens.extend([(t, ctx, None) for t in words])
                if pre:
                    keys.extend([sig + t for t in words])
                else:
                    # A re-wrapped line is not a change.
                    keys.extend([sig + " " if t.isspace() else sig + t for t in words])
        return tokens, keys

    def bag(self, block: _Block) -> Counter[str]:
        """The multiset of a block's non-whitespace tokens, for similarity."""
        bag = self.bags.get(block)
        if bag is None:
            bag = self.bags[block] = Counter(
                k for _, keys in self.block_tokens(block) for k in keys if not k.isspace()
            )
        return bag

    def similarity(self, old: _Block, new: _Block) -> float:
        if old.shape != new.shape:
            return 0.0
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
                items.append(_Item("equal", old[mi], new[mj], ()))
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

    def _changed(self, old: _Block, new: _Block) -> Iterator[_Item]:
        cells = tuple(
            self._diff_tokens(a, b)
            for a, b in zip(self.block_tokens(old), self.block_tokens(new), strict=True)
        )
        if any(op for cell in cells for op, *_ in cell):
            yield _Item("changed", old, new, cells)
        else:
            # Same words, different structure (a heading level, a paragraph moved into a
            # quote): words cannot show it, the whole block can.
            yield self._deleted(old)
            yield self._inserted(new)

    def _diff_tokens(self, old: _Tokens, new: _Tokens) -> tuple[Op, ...]:
        (a, keys_a), (b, keys_b) = old, new
        ea = self.codec.encode(keys_a)
        eb = self.codec.encode(keys_b)
        diffs = self.dmp.diff_main(ea, eb, False)
        # On the token encoding, so merged edits still start and end on whole words.
        self.dmp.diff_cleanupSemantic(diffs)
        out: list[Op] = []
        i = j = 0
        for op, chunk in diffs:
            n = len(chunk)
            if op == 0:
                out.extend((0, *t) for t in b[j : j + n])
                i += n
                j += n
            elif op < 0:
                out.extend((-1, *t) for t in a[i : i + n])
                i += n
            else:
                out.extend((1, *t) for t in b[j : j + n])
                j += n
        return tuple(out)


# --------------------------------------------------------------------------------------------
# Rendering

_CHANGE_CLASS = {"changed": "rl-changed", "inserted": "rl-added", "deleted": "rl-removed"}
_MARK_TAG = {1: "ins", -1: "del"}


@dataclass
class _Clause:
    """The clause being rendered (mutable: it collects changes until the next heading)."""

    kind: str = "equal"  # the heading's item kind; the preamble counts as an equal heading
    anchor: str = ""
    heading: str = ""
    changed: bool = False

    def flush(self, clauses: list[ClauseChange]) -> None:
        if self.kind == "inserted":
            clauses.append(ClauseChange("added", self.anchor, self.heading))
        elif self.kind == "deleted":
            clauses.append(ClauseChange("removed", self.anchor, self.heading))
        elif self.changed:
            clauses.append(ClauseChange("changed", self.anchor, self.heading))


class _Renderer:
    def __init__(self, items: list[_Item]) -> None:
        self.items = items
        self.out: list[str] = []
        self.reserved: set[str] = set()  # ids of the newer text: removed blocks yield to them
        self.used: set[str] = set()
        self.emitted: set[int] = set()  # uids of new containers already opened once
        self.old_to_new: dict[int, _Frame] = {}
        self.matched_new: set[int] = set()
        self.inserted = self.deleted = 0
        self._prepare()

    def _prepare(self) -> None:
        for item in self.items:
            new, old = item.new, item.old
            if new is not None:
                ident = new.attr("id")
                if ident:
                    self.reserved.add(ident)
                for f in new.path:
                    ident = _attr(f.attrs, "id")
                    if ident:
                        self.reserved.add(ident)
            if new is not None and old is not None:
                # Containers of matched blocks are the same containers: a removed list item
                # is then rendered inside the list it was removed from.
                for fo, fn in zip(old.path, new.path, strict=False):
                    if fo.tag != fn.tag:
                        break
                    self.old_to_new.setdefault(fo.uid, fn)
                    self.matched_new.add(fn.uid)

    def _unique_id(self, ident: str | None, old: bool) -> str | None:
        """An id for an element: the newer text keeps its ids, removed elements yield."""
        if not ident:
            return None
        if ident.startswith("rl-change-"):
            ident = f"src-{ident}"  # that namespace belongs to the change navigation

        def taken(candidate: str) -> bool:
            return candidate in self.used or (old and candidate in self.reserved)

        base = f"{ident}-removed" if taken(ident) and old else ident
        candidate, n = base, 2
        while taken(candidate):
            candidate = f"{base}-{n}"
            n += 1
        self.used.add(candidate)
        return candidate

    def render(self) -> tuple[str, tuple[ClauseChange, ...], int]:
        out = self.out
        stack: list[tuple[bool, _Frame]] = []  # open containers: (from the old text, frame)
        changes = 0
        clauses: list[ClauseChange] = []
        clause = _Clause()  # the preamble until the first h2/h3
        preamble = True

        for item in self.items:
            block = item.new if item.new is not None else item.old
            assert block is not None
            old = item.new is None
            path = self._path(item)
            common = 0
            while (
                common < len(stack)
                and common < len(path)
                and stack[common][0] == path[common][0]
                and stack[common][1] is path[common][1]
            ):
                common += 1
            for _, frame in reversed(stack[common:]):
                out.append(f"</{frame.tag}>\n")
            del stack[common:]

            number = 0
            if item.kind != "equal":
                changes += 1
                number = changes
            opening = path[common:]
            for k, (from_old, frame) in enumerate(opening):
                # Implicit text (`<li>text`) marks the container it opens.
                mark = (
                    number
                    if number and block.tag is None and k == len(opening) - 1
                    and frame is block.path[-1]
                    else 0
                )  # fmt: skip
                self._open_frame(from_old, frame, item.kind if mark else "", mark)
                stack.append((from_old, frame))
            marked_container = bool(number and block.tag is None and opening)
            marked_container = marked_container and opening[-1][1] is block.path[-1]

            ident = self._leaf(item, block, old, number, marked_container)

            if block.tag in _CLAUSE_TAGS:
                clause.flush(clauses)
                clause = _Clause(item.kind, ident or "", _plain_text(block))
                preamble = False
            elif preamble and block.tag == "h1" and not clause.heading:
                # Before the first clause, the document title names the preamble.
                clause = _Clause(clause.kind, ident or "", _plain_text(block), clause.changed)
            if item.kind != "equal":
                clause.changed = True
        for _, frame in reversed(stack):
            out.append(f"</{frame.tag}>\n")
        clause.flush(clauses)
        return "".join(out), tuple(clauses), changes

    def _path(self, item: _Item) -> list[tuple[bool, _Frame]]:
        if item.new is not None:
            return [(False, f) for f in item.new.path]
        assert item.old is not None
        path: list[tuple[bool, _Frame]] = []
        mapped = True
        for f in item.old.path:
            target = self.old_to_new.get(f.uid) if mapped else None
            if target is None:
                mapped = False  # below an unmatched container everything is the old text's
                path.append((True, f))
            else:
                path.append((False, target))
        return path

    def _open_frame(self, from_old: bool, frame: _Frame, kind: str, number: int) -> None:
        attrs = [(k, v) for k, v in frame.attrs if k not in ("id", "class", "value")]
        if from_old:
            ident = self._unique_id(_attr(frame.attrs, "id"), True)
        elif frame.uid in self.emitted:
            ident = None  # a container reopened after an interleaved removed block
        else:
            ident = self._unique_id(_attr(frame.attrs, "id"), False)
        if not from_old:
            self.emitted.add(frame.uid)
        classes = (_attr(frame.attrs, "class") or "").split()
        if from_old:
            classes.append("rl-removed")
        elif frame.uid not in self.matched_new:
            classes.append("rl-added")
        anchor = self._mark(classes, kind, number)
        if number and ident is None:
            ident, anchor = f"rl-change-{number}", ""
        if frame.value is not None:
            attrs.append(("value", str(frame.value)))
        self.out.append(_start_tag(frame.tag, _with(attrs, ident, classes)))
        self.out.append(anchor)
        if frame.tag not in _TEXT_CONTAINERS:
            self.out.append("\n")

    @staticmethod
    def _mark(classes: list[str], kind: str, number: int) -> str:
        """Add the change classes; return the anchor to emit when the element has its own id."""
        if not number:
            return ""
        for cls in ("rl-change", _CHANGE_CLASS[kind]):
            if cls not in classes:
                classes.append(cls)
        return f'<span class="rl-anchor" id="rl-change-{number}"></span>'

    def _leaf(
        self, item: _Item, block: _Block, old: bool, number: int, marked_container: bool
    ) -> str | None:
        """Emit one block; return the id it was given."""
        out = self.out
        ident = self._unique_id(block.attr("id"), old)
        wrap = number and not marked_container and block.tag is None
        anchor = ""
        if block.tag is not None:
            attrs = [(k, v) for k, v in block.attrs if k not in ("id", "class")]
            classes = (block.attr("class") or "").split()
            if number and not marked_container:
                anchor = self._mark(classes, item.kind, number)
                if ident is None:
                    ident, anchor = f"rl-change-{number}", ""
            out.append(_start_tag(block.tag, _with(attrs, ident, classes)))
        elif wrap:
            classes = []
            self._mark(classes, item.kind, number)
            out.append(_start_tag("span", _with([], f"rl-change-{number}", classes)))

        if block.tag == "hr":
            out.append(anchor)
            out.append("\n")
            return ident
        for k, cell in enumerate(block.cells):
            if cell.tag is not None:
                out.append(_start_tag(cell.tag, cell.attrs))
            if k == 0:
                out.append(anchor)
            if item.ops:
                self._inline(item.ops[k])
            elif all(not ctx and void is None for _, ctx, void in cell.segments):
                # Unchanged plain text, most of any document: no inline bookkeeping.
                out.extend(_escape(text) for text, _, _ in cell.segments)
            else:
                self._inline((0, *s) for s in cell.segments)
            if cell.tag is not None:
                out.append(f"</{cell.tag}>")
        if block.tag is not None:
            out.append(f"</{block.tag}>\n")
        elif wrap:
            out.append("</span>\n")
        return ident

    def _inline(self, ops: Iterable[Op]) -> None:
        """Emit inline content; <ins>/<del> sit innermost and close at every element boundary."""
        out = self.out
        cur: Ctx = ()
        mark = 0
        for op, text, ctx, void in ops:
            want = op if (text or void is not None) else 0
            if op and void is None and is_word(text):
                if op > 0:
                    self.inserted += 1
                else:
                    self.deleted += 1
            if ctx != cur or want != mark:
                if mark:
                    out.append(f"</{_MARK_TAG[mark]}>")
                n = 0
                limit = min(len(cur), len(ctx))
                while n < limit and cur[n] == ctx[n]:
                    n += 1
                for tag, _ in reversed(cur[n:]):
                    out.append(f"</{tag}>")
                for tag, attrs in ctx[n:]:
                    out.append(_start_tag(tag, attrs))
                if want:
                    out.append(f"<{_MARK_TAG[want]}>")
                cur, mark = ctx, want
            if void is not None:
                out.append(_start_tag(*void))
            elif text:
                out.append(_escape(text))
        if mark:
            out.append(f"</{_MARK_TAG[mark]}>")
        for tag, _ in reversed(cur):
            out.append(f"</{tag}>")


def _escape(text: str) -> str:
    if "&" in text or "<" in text or ">" in text:
        return _html.escape(text, quote=False)
    return text


def _attr(attrs: Attrs, name: str) -> str | None:
    return next((v for k, v in attrs if k == name), None)


def _with(
    attrs: list[tuple[str, str | None]], ident: str | None, classes: list[str]
) -> list[tuple[str, str | None]]:
    head: list[tuple[str, str | None]] = []
    if ident:
        head.append(("id", ident))
    if classes:
        head.append(("class", " ".join(classes)))
    return head + attrs


def _plain_text(block: _Block) -> str:
    """The visible text of a block, without a toc permalink sign."""
    parts = [
        text
        for cell in block.cells
        for text, ctx, _ in cell.segments
        if not any(tag == "a" and "headerlink" in (_attr(a, "class") or "") for tag, a in ctx)
    ]
    return _WHITESPACE.sub(" ", "".join(parts)).strip()


# --------------------------------------------------------------------------------------------


def redline(old_html: str, new_html: str, locale: str) -> Redline:
    """Compare two rendered revisions of one document in one locale; return their redline.

    The HTML keeps the newer revision's structure and ids. Each changed block carries the class
    `rl-change` plus `rl-changed`, `rl-added` or `rl-removed`, and the id `rl-change-N` (N = 1..
    in reading order); an element that has its own id (a clause heading) keeps it and holds an
    empty `<span class="rl-anchor" id="rl-change-N">` instead. Implicit list-item text marks its
    `<li>` (or a `<span>` around the text when the item also holds unchanged blocks before it).
    Containers that exist only in one revision get `rl-added` or `rl-removed` too.
    Ordered-list items carry `value=`. A clause anchor of "" names the text before the first
    h2/h3 when the document has no h1 with an id.
    """
    # Sanitize first as well as last: the diff then sees exactly what a reader will see, so a
    # stripped `<img onerror>` or `javascript:` target cannot show up as a phantom change.
    old = _parse(sanitize(old_html))
    new = _parse(sanitize(new_html))
    items = _Differ(locale).items(old, new)
    renderer = _Renderer(items)
    body, clauses, changes = renderer.render()
    return Redline(
        html=sanitize_redline(body),
        clauses=clauses,
        words_inserted=renderer.inserted,
        words_deleted=renderer.deleted,
        changed_blocks=changes,
    )
