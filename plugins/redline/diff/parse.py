"""Parsing: rendered HTML cut into leaf blocks that remember their containers (the parsed form
that alignment and rendering share)."""

from __future__ import annotations

import functools
import html as _html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser

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
# Layout whitespace: what Markdown and HTML writers put between words at will (a re-wrapped line
# is no change). Any other space (U+00A0, U+3000, ...) is a character a reader sees (a line that
# no longer breaks, a wider gap): it stays in the keys, so changing it is a change.
# ASCII whitespace is layout (what `str.isspace() and str.isascii()` say of a token).
LAYOUT_SPACE = re.compile(r"[\t-\r\x1c-\x1f ]+")
_SPACES_TO_NORMALIZE = re.compile(r"[\t-\r\x1c-\x1f ]{2}|[\t-\r\x1c-\x1f]")  # not single " "


@dataclass(slots=True, eq=False)
class _Frame:
    """An open container element; `uid` tells two equal-looking list items apart. Mutable only
    while parsing: a reversed list numbers its items when it closes and they are all known."""

    uid: int
    tag: str
    attrs: Attrs
    value: int | None  # ordinal of an <li> inside an <ol>, as the reader sees it
    items: list[_Frame] = field(default_factory=list)  # an <ol>'s items, in order
    explicit: bool = False  # an <li> with its own value=


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


# The attribute that holds an element's address. A link whose address changed while its text did
# not is the same text with a changed target: the word diff matches it without the address, and
# the redline shows the old and new address beside it instead of striking and re-inserting it.
ADDRESS_ATTRS = {"a": "href", "img": "src"}


def _without_address(element: Element) -> Element:
    tag, attrs = element
    name = ADDRESS_ATTRS.get(tag)
    if name is None or not any(k == name for k, _ in attrs):
        return element
    return tag, tuple((k, v) for k, v in attrs if k != name)


@functools.lru_cache(maxsize=4096)
def _ctx_key(ctx: Ctx) -> str:
    """What a word's formatting contributes to its diff key: the elements, minus addresses."""
    return _ctx_sig(tuple(_without_address(e) for e in ctx))


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
                    append(LAYOUT_SPACE.sub(" ", text))
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
        self._paths: dict[int, tuple[tuple[_Frame, ...], str]] = {}  # by innermost frame uid

    def updatepos(self, i: int, j: int) -> int:
        # Positions are never reported; counting newlines at every tag was ~8% of parsing.
        return j

    # -- structure
    def _new_leaf(self, tag: str | None, attrs: Attrs) -> _Leaf:
        if self._path_cache is None:
            # One tuple per innermost container, shared by every block in it, also by those
            # after a nested list closes: a list nested 1,000 deep with text after each inner
            # list would otherwise hold a fresh copy of its whole path per block (memory and
            # time growing with depth x blocks).
            last = self.path[-1].uid if self.path else 0
            cached = self._paths.get(last)
            if cached is None:
                cached = self._paths[last] = (
                    tuple(self.path),
                    "/".join(f.tag for f in self.path),
                )
            self._path_cache = cached
        return _Leaf(tag, attrs, *self._path_cache)

    def _finish_leaf(self) -> None:
        if self.leaf is not None:
            self.blocks.append(self.leaf.finish())
            self.leaf = None

    def _open_frame(self, tag: str, attrs: Attrs) -> None:
        attrs_in = attrs
        self.uid += 1
        value = None
        parent = self.path[-1] if self.path else None
        if tag == "li" and parent is not None and parent.tag == "ol":
            value = _int_attr(attrs, "value")
            if value is None:
                value = self.next_value.get(parent.uid, 1)
            self.next_value[parent.uid] = value + 1
            attrs = tuple((k, v) for k, v in attrs if k != "value")
        elif tag == "ol":
            self.next_value[self.uid] = _int_attr(attrs, "start") or 1
        frame = _Frame(self.uid, tag, attrs, value)
        # Kept apart: a reversed list counts down from its length, known when it closes.
        frame.explicit = value is not None and _int_attr(attrs_in, "value") is not None
        if value is not None and parent is not None:
            parent.items.append(frame)
        self.path.append(frame)
        self._path_cache = None

    def _close_frame(self, tag: str) -> None:
        for i in range(len(self.path) - 1, -1, -1):
            if self.path[i].tag == tag:
                for frame in self.path[i:]:
                    if frame.tag == "ol" and any(k == "reversed" for k, _ in frame.attrs):
                        self._count_down(frame)
                del self.path[i:]
                self._path_cache = None
                return

    def _count_down(self, ol: _Frame) -> None:
        """Number a reversed list as a browser does: from `start` (else its length) down."""
        value = _int_attr(ol.attrs, "start")
        value = len(ol.items) if value is None else value
        for item in ol.items:
            if item.explicit:
                value = item.value if item.value is not None else value
            item.value = value
            value -= 1

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
        while self.path:  # containers left open at the end (a reversed list numbers itself)
            self._close_frame(self.path[-1].tag)


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
