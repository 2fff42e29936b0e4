"""The numbers the site shows for the items of its lists, next to the markers the editor wrote:
read from Python-Markdown itself, configured as the site is (`model/markdown_lint.py` compares
them; docs/ARCHITECTURE.md, "Content rules").

Whatever processor parses the site's lists (Python-Markdown's own, `sane_lists`' or another
extension's, registered as 'olist' and 'ulist') is wrapped: after it made a list's items, each
new `<li>` is noted (the element itself, not an attribute: nothing in the text can forge or
leave one) with the marker and first line its item had in the block. A tree processor, run
after the others that add blocks or set attributes (footnotes, attr_list), reads the number
each noted item is shown with (its list's `start` plus its place, or the item's `value`; a
bullet list none).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .render import site_markdown

_LISTS = ("ol", "ul")


@dataclass(frozen=True)
class ShownItem:
    """One item of a list the site shows: as written and as shown."""

    marker: str  # as written: "3.", "-", or another extension's ("a)")
    text: str  # the rest of the item's first line, as the list processor read it
    shown: int | None  # the number the page shows; None in a bullet list
    kind: str  # how the page writes the numbers: the list's `type` ("1", "a", "A", "i", "I")
    list_id: int  # the same for the items of one list, in the order of the page
    position: int  # the item's place in its list, from 0


class _Recording:
    """Stands in for a list processor: runs it, then notes the items it made."""

    def __init__(self, inner: Any, found: dict[int, tuple[Element, str, str]]) -> None:
        self.inner = inner
        # By the id of each noted item: it (kept, so that its id stays its own), marker, text.
        self.found = found
        pattern = getattr(inner, "CHILD_RE", None) or getattr(inner, "child_re", None)
        self.child: re.Pattern[str] | None = pattern

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def test(self, parent: Element, block: str) -> bool:
        return bool(self.inner.test(parent, block))

    def run(self, parent: Element, blocks: list[str]) -> Any:
        block = blocks[0]
        # The lists this run can add items to: the parent itself, or its last child (`run`).
        before = parent[-1] if len(parent) else None
        counts = {id(e): len(e) for e in (parent, before) if e is not None and e.tag in _LISTS}
        result = self.inner.run(parent, blocks)
        new: list[Element] = []
        after = parent[-1] if len(parent) else None
        for lst in (parent, after):
            if lst is not None and lst.tag in _LISTS:
                new.extend(c for c in lst[counts.get(id(lst), 0) :] if c.tag == "li")
        if self.child is None:
            return result
        # Each item that makes a new `<li>` is a line its processor's child pattern matches, in
        # order (the other lines are the items' text, or given back for later blocks).
        lines = (self.child.match(line) for line in block.split("\n"))
        matches = [m for m in lines if m is not None]
        for li, match in zip(new, matches, strict=False):
            if id(li) not in self.found:
                self.found[id(li)] = (li, match.group(1), match.group(match.re.groups or 1))
        return result


class _Reader(Treeprocessor):  # type: ignore[misc]  # Markdown has no types
    def __init__(self, md: markdown.Markdown, extension: _Numbers) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: Element) -> None:
        # id of an li: its list, place, number shown, kind of number
        where: dict[int, tuple[int, int, int | None, str]] = {}
        for list_id, lst in enumerate(e for e in root.iter() if e.tag in _LISTS):
            number = _number(lst.get("start"), 1)
            kind = lst.get("type", "1") if lst.tag == "ol" else ""
            for position, li in enumerate(c for c in lst if c.tag == "li"):
                # HTML numbers the items after one with a `value` from that value on
                number = _number(li.get("value"), number)
                shown = number if lst.tag == "ol" else None
                where[id(li)] = (list_id, position, shown, kind)
                number += 1
        for li in root.iter("li"):  # in the order of the page, a nested list's after its item
            noted = self.extension.found.get(id(li))
            if noted is not None and id(li) in where:
                list_id, position, shown, kind = where[id(li)]
                item = ShownItem(noted[1], noted[2], shown, kind, list_id, position)
                self.extension.items.append(item)


def _number(attribute: str | None, default: int) -> int:
    """An HTML `start` or `value` as browsers read it (HTML's rules for parsing integers: a
    sign and ASCII digits after any spaces, the rest ignored: "+3x" is 3), else `default`.
    Not `int()`: it refuses "3x" and takes "²", which no browser reads as a number."""
    number = _INTEGER.match(attribute or "")
    return int(number.group(1)) if number else default


_INTEGER = re.compile(r"[ \t\n\f\r]*([+-]?[0-9]+)")


class _Numbers(Extension):  # type: ignore[misc]  # Markdown has no types
    def __init__(self) -> None:
        super().__init__()
        self.found: dict[int, tuple[Element, str, str]] = {}
        self.items: list[ShownItem] = []

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's name)
        # Added after the site's extensions: whichever processors they left registered.
        processors = md.parser.blockprocessors
        for name in ("olist", "ulist"):
            if name in processors:
                index = processors.get_index_for_name(name)
                priority = processors._priority[index].priority  # noqa: SLF001 (no getter)
                processors.register(_Recording(processors[name], self.found), name, priority)
        # After the tree processors that add blocks or set attributes (footnotes: 50, inline:
        # 20, attr_list: 8): the page's lists as they will be written.
        md.treeprocessors.register(_Reader(md, self), "redline-list-numbers", 7)


class ListNumbers:
    """The site's Markdown (`extensions`, `configs`: `mkdocs.yml`'s) reading list numbers."""

    def __init__(
        self, extensions: Sequence[Any], configs: Mapping[str, Mapping[str, Any]] | None = None
    ) -> None:
        self._numbers = _Numbers()
        self._md = site_markdown(extensions, configs)
        self._md.registerExtensions([self._numbers], {})

    def __call__(self, text: str) -> list[ShownItem]:
        """Every item of a list the site shows in `text`, in the order of the page."""
        self._numbers.found.clear()
        self._numbers.items.clear()
        self._md.reset()
        self._md.convert(text)
        return list(self._numbers.items)
