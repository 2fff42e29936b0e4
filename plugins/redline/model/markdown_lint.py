"""Where the site's Markdown (Python-Markdown) and GitHub's, where editors preview a policy,
render the same text differently: problems with the line and the fix.

- A list right after a paragraph, without a blank line: GitHub shows a list, the site one
  paragraph with the markers in it. A warning: the text is published as written, only its layout
  differs.
- A numbered list that does not start at 1: GitHub starts it there, the site at 1 (without the
  `sane_lists` extension, Python-Markdown ignores the first number). An error: the page would
  show numbers the editor did not write, and readers cite them.
- Numbers out of sequence ("1. 2. 5."): both renderers number the items in sequence from the
  first, whatever is written, `sane_lists` or not. An error, for the same reason. Every item
  numbered alike ("1. 1. 1.") leaves the numbering to the renderer on purpose: no problem.
- Python-Markdown nests a list only when it is indented 4 spaces (GitHub: under the item's
  text), and without `sane_lists` joins a bulleted and a numbered list with only a blank line
  between: items the site numbers in sequence with the list above, or shows as its bullets,
  without their numbers. Errors.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from .history import Problem

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ITEM = re.compile(r"^( {0,3})(?:([-*+])|(\d{1,9})([.)]))[ \t]+\S")
_OTHER_BLOCK = re.compile(r"^ {0,3}(#{1,6}(\s|$)|>|\||<|([-*_])[ \t]*\3[ \t]*\3)")


def fenced(lines: Sequence[str]) -> list[bool]:
    """For each of `lines`, whether it is code: a fence line (three or more backticks or tildes,
    indented up to three spaces) or a line between it and its closing fence (one starting with
    the same). The one definition of a code fence the content rules share (`model.content`):
    nothing inside one is a heading, a list or markup."""
    code: list[bool] = []
    fence: str | None = None
    for line in lines:
        if fence is not None:
            code.append(True)
            if line.strip().startswith(fence):
                fence = None
            continue
        opening = _FENCE.match(line)
        if opening:
            fence = opening.group(1)
        code.append(opening is not None)
    return code


def lint(path: str, body: str, first_line: int, extensions: Collection[str] = ()) -> list[Problem]:
    """Problems of `body` (the text after the front matter, which starts at `first_line`) as the
    site renders it with the Markdown `extensions` of its `mkdocs.yml`: numbers the page would
    show other than written are errors, a layout that differs from GitHub's a warning."""
    found: list[Problem] = []
    block: str | None = None  # "para", "list", "list-gap", "list-text", None (after a heading)
    # The site's current list, as Python-Markdown reads it: every item indented up to 3 spaces
    # is one of its items (a nested list needs 4), (line, number or None for a bullet, indent).
    items: list[tuple[int, int | None, int]] = []
    # Whether the site shows the current list as text, written: it follows a paragraph, or has
    # `1)` markers, which Python-Markdown does not read as a list.
    as_text = False
    sane = _sane_lists(extensions)

    def end_list() -> None:
        if items and not as_text:
            found.extend(_numbering(path, items, sane))
        items.clear()

    lines = body.split("\n")
    code = fenced(lines)
    for offset, line in enumerate(lines):
        number = first_line + offset
        if code[offset]:
            if offset == 0 or not code[offset - 1]:  # a code block starts: it ends any list
                end_list()
                block = None
            continue
        if not line.strip():
            block = "list-gap" if block in ("list", "list-text", "list-gap") else None
            continue
        if block is None and line.startswith(("    ", "\t")):
            continue  # indented code: no list in it
            continue
        item = _ITEM.match(line)
        if item and block == "para" and item.group(3) is not None and int(item.group(3)) != 1:
            item = None  # "2019. we moved" inside a paragraph: text, for both renderers
        if item and block == "list-text":
            continue  # in a paragraph of an item's own (see below): its text
        if item:
            ordered = item.group(3) is not None
            # CommonMark lets a bullet list, or a numbered one starting at 1, interrupt a paragraph
            if block == "para" and (not ordered or int(item.group(3)) == 1):
                found.append(
                    Problem(
                        f"{path}:{number}",
                        "this list follows a paragraph without a blank line: GitHub shows a "
                        "list, the site shows one paragraph with the markers in it; add an empty "
                        "line above it",
                        "warning",
                    )
                )
            entry = (number, int(item.group(3)) if ordered else None, len(item.group(1)))
            text = block == "para" or item.group(4) == ")"
            if items and block == "list-gap" and (as_text or text):
                end_list()  # after a blank line, a block of its own for the site too
            if not items:
                as_text = text
                items.append(entry)
            elif as_text or not text and ((items[0][1] is None) == (not ordered) or not sane):
                items.append(entry)  # without sane_lists, a list of the other kind joins it
            elif block == "list-gap":
                end_list()  # with sane_lists, a list of the other kind is a list of its own
                as_text = text
                items.append(entry)
            # else: right under an item, with sane_lists, the item's text
            block = "list"
            continue
        # After a blank line, only a line indented 4 spaces stays in the list for the site: a
        # paragraph of the item, whose next lines are its text up to a blank line.
        if block == "list-gap" and line.startswith(("    ", "\t")):
            block = "list-text"
            continue
        if block == "list-text" and not _OTHER_BLOCK.match(line):
            continue
        if block == "list-gap" or _OTHER_BLOCK.match(line):
            end_list()
        if _OTHER_BLOCK.match(line):
            block = None
        elif block != "list":
            block = "para"
    end_list()
    return found


_NESTED = (
    "; a list indented less than 4 spaces is part of the list above for the site, not nested in "
    "it: indent it 4 spaces"
)


def _numbering(path: str, items: list[tuple[int, int | None, int]], sane: bool) -> list[Problem]:
    line, start, indent = items[0]
    for position, (at, value, _) in enumerate(items):
        if (value is None) != (start is None):  # only without sane_lists: one list for the site
            shown = (
                f"as item {position + 1} of the numbered list above"
                if start is not None
                else "as a bullet of the list above, without its number"
            )
            return [
                Problem(
                    f"{path}:{at}",
                    f"the site would show this item {shown} (Python-Markdown makes one list of "
                    "a numbered and a bulleted list with only a blank line between, or indented "
                    "less than 4 spaces); put a line of text between the two lists, indent a "
                    "nested list 4 spaces, or add sane_lists to markdown_extensions in mkdocs.yml",
                )
            ]
    if start is None:
        return []
    if start != 1 and not sane:
        return [
            Problem(
                f"{path}:{line}",
                f"this numbered list starts at {start}, but the site would show it numbered from "
                f"1 (Python-Markdown ignores a list's first number; GitHub's preview starts at "
                f"{start}); number it from 1, or add sane_lists to markdown_extensions in "
                "mkdocs.yml so that the site starts it where it is written",
            )
        ]
    if len({value for _, value, _ in items}) == 1:
        return []  # "1. 1. 1.": numbering left to the renderer, on purpose
    for position, (at, value, _) in enumerate(items):
        if value != start + position:
            return [
                Problem(
                    f"{path}:{at}",
                    f"this item is numbered {value}, but the site would show it as "
                    f"{start + position} (Markdown numbers a list's items in sequence from its "
                    f"first, with sane_lists too); renumber the list in sequence from {start}, "
                    "or number every item alike (1.) to leave the numbering to the site"
                    + (_NESTED if any(i != indent for _, _, i in items) else ""),
                )
            ]
    return []


def _sane_lists(extensions: Collection[str]) -> bool:
    """Whether the site's Markdown starts a numbered list at its first number: the `sane_lists`
    extension, however `mkdocs.yml` names it."""
    names = {name.partition(":")[0].removeprefix("markdown.extensions.") for name in extensions}
    return "sane_lists" in names
