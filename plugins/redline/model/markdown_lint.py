"""Where the site's Markdown (Python-Markdown) and GitHub's, where editors preview a policy,
render the same text differently: warnings with the line and the fix.

- A list right after a paragraph, without a blank line: GitHub shows a list, the site one
  paragraph with the markers in it.
- A numbered list that does not start at 1: GitHub starts it there, the site at 1 (without the
  `sane_lists` extension).
- Numbers out of sequence: both renderers number items 1, 2, 3..., whatever is written.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from .history import Problem

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ITEM = re.compile(r"^( {0,3})(?:([-*+])|(\d{1,9})[.)])[ \t]+\S")
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
    """Warnings for `body` (the text after the front matter, which starts at `first_line`)."""
    found: list[Problem] = []
    block: str | None = None  # "para", "list" or None (after a blank line, heading, ...)
    numbers: list[tuple[int, int]] = []  # the current numbered list: (line, number)
    indent = 0

    def end_list() -> None:
        if numbers:
            found.extend(_numbering(path, numbers, extensions))
            numbers.clear()

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
            block = None if block != "list" else "list-gap"
            continue
        item = _ITEM.match(line)
        if item and block == "para" and item.group(3) is not None and int(item.group(3)) != 1:
            item = None  # "2019. we moved" inside a paragraph: text, for both renderers
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
            if ordered and (not numbers or len(item.group(1)) == indent):
                if not numbers:
                    indent = len(item.group(1))
                numbers.append((number, int(item.group(3))))
            elif not ordered and len(item.group(1)) <= indent:
                end_list()
            block = "list"
            continue
        if line.startswith((" ", "\t")) and block in ("list", "list-gap"):
            block = "list"
            continue
        if block == "list-gap" or _OTHER_BLOCK.match(line):
            end_list()
        if _OTHER_BLOCK.match(line):
            block = None
        elif block != "list":
            block = "para"
    end_list()
    return found


def _numbering(
    path: str, numbers: list[tuple[int, int]], extensions: Collection[str]
) -> list[Problem]:
    line, start = numbers[0]
    if (
        start != 1
        and "sane_lists" not in extensions
        and "markdown.extensions.sane_lists" not in (extensions)
    ):
        return [
            Problem(
                f"{path}:{line}",
                f"this numbered list starts at {start}: GitHub numbers it from {start}, the site "
                "from 1; start it at 1, or add sane_lists to markdown_extensions in mkdocs.yml",
                "warning",
            )
        ]
    values = [n for _, n in numbers]
    if len(set(values)) == 1:
        return []  # "1. 1. 1.": numbering left to the renderer, on purpose
    for position, (at, value) in enumerate(numbers):
        if value != start + position:
            return [
                Problem(
                    f"{path}:{at}",
                    f"this item is numbered {value} but is shown as {start + position} (Markdown "
                    "numbers a list's items in sequence); renumber the list",
                    "warning",
                )
            ]
    return []
