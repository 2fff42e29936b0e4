"""Rendering: the aligned blocks written back as HTML with <ins>/<del> and change marks, and the
list of changed clauses."""

from __future__ import annotations

import html as _html
from collections.abc import Iterable
from dataclasses import dataclass

from redline.text.words import is_word

from .align import NOTE_NEW, RETARGETED, _Item
from .parse import (
    _CLAUSE_TAGS,
    _HEADING_TAGS,
    _TEXT_CONTAINERS,
    _WHITESPACE,
    Attrs,
    Ctx,
    Op,
    _Block,
    _Frame,
    _start_tag,
)
from .result import ClauseChange

# The class of a heading kept in "changes only" because a change sits under it.
CONTEXT_CLASS = "rl-context"
_CHANGE_CLASS = {"changed": "rl-changed", "inserted": "rl-added", "deleted": "rl-removed"}
_MARK_TAG = {1: "ins", -1: "del"}
# The note after a link that was wholly added or removed: its address, as a changed address shows
# both (`rl-address`); the stylesheet adds the words around it in the page's language.
_TARGET_CLASS = {1: "rl-target rl-target-new", -1: "rl-target rl-target-old"}
# Links that are the page's own furniture, not the policy's words: a heading's permalink, a
# footnote's reference and its way back.
_FURNITURE_LINKS = frozenset({"headerlink", "footnote-ref", "footnote-backref"})


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


@dataclass
class _StartTag:
    """An emitted start tag that a later change may still mark as context."""

    index: int  # where it is in the output
    tag: str
    attrs: list[tuple[str, str | None]]
    ident: str | None
    classes: list[str]
    parents: tuple[_Frame, ...]  # the containers it stands in

    def keep(self, out: list[str]) -> None:
        """Mark it `rl-context`: "changes only" shows it above the change."""
        if CONTEXT_CLASS not in self.classes:
            self.classes.append(CONTEXT_CLASS)
            out[self.index] = _start_tag(self.tag, _with(self.attrs, self.ident, self.classes))


class _Renderer:
    def __init__(self, items: list[_Item]) -> None:
        self.items = items
        self.out: list[str] = []
        self.reserved: set[str] = set()  # ids of the newer text: removed blocks yield to them
        self.used: set[str] = set()
        self.emitted: set[int] = set()  # uids of new containers already opened once
        self.old_to_new: dict[int, _Frame] = {}
        self.matched_new: set[int] = set()
        self.open_details: set[int] = set()  # id() of the <details> frames rendered open
        self.inserted = self.deleted = self.retargeted = 0
        # What a change keeps in view in "changes only": the headings above the block being
        # rendered, by level (None when the heading itself changed), and the paragraph that
        # leads into each open list ("We use the information: 1. ..."), by the list's uid.
        self.headings: dict[int, _StartTag | None] = {}
        self.lead_ins: dict[int, _StartTag] = {}
        self.last_paragraph: _StartTag | None = None
        self._prepare()

    def _prepare(self) -> None:
        # Blocks in one container share its path (see parse): each path, and each pair of
        # paths, is walked once, so a deeply nested list costs its depth once, not per block.
        seen: set[int] = set()
        seen_pairs: set[tuple[int, int]] = set()
        for item in self.items:
            new, old = item.new, item.old
            if new is not None:
                ident = new.attr("id")
                if ident:
                    self.reserved.add(ident)
                for f in new.path if id(new.path) not in seen else ():
                    ident = _attr(f.attrs, "id")
                    if ident:
                        self.reserved.add(ident)
                seen.add(id(new.path))
            if new is not None and old is not None:
                pair = (id(old.path), id(new.path))
                if pair in seen_pairs:
                    continue
                seen_pairs.add(pair)
                # Containers of matched blocks are the same containers: a removed list item
                # is then rendered inside the list it was removed from.
                for fo, fn in zip(old.path, new.path, strict=False):
                    if fo.tag != fn.tag:
                        break
                    self.old_to_new.setdefault(fo.uid, fn)
                    self.matched_new.add(fn.uid)
        # A change inside a collapsed <details> must not stay hidden: each <details> holding
        # one (or whose own state changed: its first block carries the note) is shown open.
        for item in self.items:
            if item.kind != "equal":
                for _, frame in self._path(item):
                    if frame.tag == "details":
                        self.open_details.add(id(frame))

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
                lead_in = self.last_paragraph
                if (
                    frame.tag in ("ol", "ul")
                    and lead_in is not None
                    and lead_in.parents == tuple(f for _, f in stack)
                ):
                    self.lead_ins[frame.uid] = lead_in
                self._open_frame(from_old, frame, item.kind if mark else "", mark)
                stack.append((from_old, frame))
            marked_container = bool(number and block.tag is None and opening)
            marked_container = marked_container and opening[-1][1] is block.path[-1]

            self.last_paragraph = None
            ident = self._leaf(item, block, old, number, marked_container)
            if item.kind != "equal":
                self._keep_context(block, stack)

            if item.title:
                # Listed first, by the new title, and linked to its mark.
                clauses.append(ClauseChange("changed", ident or "", _plain_text(block)))
                continue
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

    def _keep_context(self, block: _Block, stack: list[tuple[bool, _Frame]]) -> None:
        """Mark what "changes only" keeps above a change: the headings it sits under (a changed
        paragraph never floats without its clause) and the paragraphs leading into its lists."""
        level = int(block.tag[1]) if block.tag in _HEADING_TAGS else 7
        for k, heading in self.headings.items():
            if k < level and heading is not None:
                heading.keep(self.out)
        for _, frame in stack:
            lead_in = self.lead_ins.get(frame.uid)
            if lead_in is not None:
                lead_in.keep(self.out)

    def _in_open_details(self, item: _Item) -> bool:
        path = self._path(item)
        return bool(path) and id(path[-1][1]) in self.open_details

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
        if id(frame) in self.open_details and not any(k == "open" for k, _ in attrs):
            attrs.append(("open", None))
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
            if block.tag == "summary" and self._in_open_details(item):
                classes.append(CONTEXT_CLASS)  # "changes only" keeps what the change is under
            if number and not marked_container:
                anchor = self._mark(classes, item.kind, number)
                if ident is None:
                    ident, anchor = f"rl-change-{number}", ""
            start = _StartTag(len(out), block.tag, attrs, ident, classes, block.path)
            if block.tag in _HEADING_TAGS:
                # Headings at this level and below end here; a changed heading shows anyway.
                level = int(block.tag[1])
                self.headings = {k: v for k, v in self.headings.items() if k < level}
                self.headings[level] = None if number else start
            elif block.tag == "p" and not number:
                self.last_paragraph = start
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
        ops = list(ops)
        classes = _mark_classes(ops)
        cur: Ctx = ()
        mark = 0
        # For each open element, the kinds of op inside it (to tell an added or removed link).
        seen: list[set[int]] = []
        for k, (op, text, ctx, void) in enumerate(ops):
            marks = op in _MARK_TAG
            want = op if marks and (text or void is not None) else 0
            if op == RETARGETED and ctx and ctx[-1] == NOTE_NEW:
                self.retargeted += 1
            if marks and void is None and is_word(text):
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
                for element in reversed(cur[n:]):
                    out.append(f"</{element[0]}>")
                    _target_note(out, element, seen.pop())
                for tag, attrs in ctx[n:]:
                    out.append(_start_tag(tag, attrs))
                    seen.append(set())
                if want:
                    cls = classes.get(k)
                    out.append(
                        f'<{_MARK_TAG[want]} class="{cls}">' if cls else f"<{_MARK_TAG[want]}>"
                    )
                cur, mark = ctx, want
            if text or void is not None:
                for kinds in seen:
                    kinds.add(op)
            if void is not None:
                out.append(_start_tag(*void))
            elif text:
                out.append(_escape(text))
        if mark:
            out.append(f"</{_MARK_TAG[mark]}>")
        for element in reversed(cur):
            out.append(f"</{element[0]}>")
            _target_note(out, element, seen.pop())


def _target_note(out: list[str], element: tuple[str, Attrs], kinds: set[int]) -> None:
    """After a link whose every word was inserted (or deleted), its address: the reader sees
    where an added link goes, and where a removed one went, on screen, on paper and read aloud."""
    tag, attrs = element
    if tag != "a" or len(kinds) != 1 or not kinds <= {1, -1}:
        return
    href = _attr(attrs, "href")
    if not href or _FURNITURE_LINKS & set((_attr(attrs, "class") or "").split()):
        return
    out.append(f'<span class="{_TARGET_CLASS[next(iter(kinds))]}">{_escape(href)}</span>')


def _mark_classes(ops: list[Op]) -> dict[int, str]:
    """Classes for the <ins>/<del> that open at these op indices, by what their whole run holds.

    A run is a stretch of one kind of mark (a run crossing an element boundary is one run in
    several <ins>). `rl-space`: only whitespace changed (a deleted space is invisible, or reads as
    a hyphen when struck, in Thai above all); `rl-punct`: only punctuation changed; `rl-abut`: the
    run follows the opposite mark directly, with no text between, so the two are set apart.
    """
    classes: dict[int, str] = {}
    k, previous = 0, 0
    while k < len(ops):
        op, text, _, void = ops[k]
        if op not in _MARK_TAG or not (text or void is not None):
            if text or void is not None:
                previous = 0  # text between two marks
            k += 1
            continue
        end = k
        while end < len(ops) and ops[end][0] == op:
            end += 1
        run = ops[k:end]
        content = "".join(o[1] for o in run)
        names = []
        if all(o[3] is None for o in run):
            if content.isspace():
                names.append("rl-space")
            elif not is_word(content):
                names.append("rl-punct")
        for n, o in enumerate(run, start=k):
            if names and (o[1] or o[3] is not None):
                classes[n] = " ".join(names)  # wherever the mark (re)opens
        if previous == -op:
            classes[k] = " ".join([*names, "rl-abut"])  # only where the run starts
        previous = op
        k = end
    return classes


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
