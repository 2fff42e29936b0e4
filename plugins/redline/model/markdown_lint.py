"""Where the site's Markdown (Python-Markdown) and GitHub's, where editors preview a policy,
render the same text differently: problems with the line and the fix.

- A list right after a paragraph, without a blank line: GitHub shows a list, the site one
  paragraph with the markers in it. A warning: the text is published as written, only its layout
  differs (a scan of the source lines). So is an item written right under an item of another
  list that the page shows as that item's text (`sane_lists`: "- b" then "1. x" reads "b 1. x").
- An item of a list the page shows with another number than the one written, or a number for a
  bullet, or a bullet for a number. An error: readers cite the numbers. Decided by
  Python-Markdown itself, with the site's extensions and their settings (`text/listnumbers.py`),
  in blockquotes, notes, definitions, footnotes and nested lists too, letters and roman
  numerals (`pymdownx.fancylists`) as their list shows them; the source is only read to find the
  item's line and tell the likely cause for the fix: a list from 3 (the site starts every list
  at 1 without `sane_lists`), numbers out of sequence ("1. 2. 5.": shown 1, 2, 3, `sane_lists`
  or not), an item's paragraph indented less than 4 spaces (it ends the list: the next item
  starts a list of its own), a list nested less than 4 spaces deep (part of the list above),
  or a bulleted and a numbered list joined (without `sane_lists`). `sane_lists` is advised only
  where reading with it shows the numbers as written and folds no item into another. Every item
  numbered alike ("1. 1. 1.") leaves the numbering to the renderer on purpose: no problem.
- Text Python-Markdown itself stops on: an error, as the site could not be built.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from typing import Any

from redline.text.listnumbers import ListNumbers, ShownItem

from .history import Problem

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ITEM = re.compile(r"^( {0,3})(?:([-*+])|(\d{1,9})([.)]))[ \t]+\S")
# An item's marker at the start of a line of an item's text, however deep: "- ", "1. ", "1) ".
_IN_ITEM = re.compile(r"(?:[-*+]|(\d+)[.)])[ \t]+\S")
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


def lint(
    path: str,
    body: str,
    first_line: int,
    extensions: Sequence[Any] = (),
    configs: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[Problem]:
    """Problems of `body` (the text after the front matter, which starts at `first_line`) as the
    site renders it with the Markdown `extensions` of its `mkdocs.yml` and their `configs`:
    numbers the page would show other than written are errors, a layout that differs from
    GitHub's a warning."""
    lines = body.split("\n")
    found = _after_paragraph(path, lines, first_line)
    try:
        items = _reader(extensions, configs)(body)
    except Exception as exc:  # noqa: BLE001 (Python-Markdown's own failure, which the build shares)
        reason = f"{type(exc).__name__}: {exc}"
        return [*found, Problem(f"{path}:{first_line}", f"{_FAILS} ({reason}); {_FAILS_FIX}")]
    wrong, merged = _compare(lines, items)
    still: set[int] | None = None  # the lines still wrong with sane_lists; None: it is there
    if wrong and not _sane_lists(extensions):
        # Advise sane_lists only where it mends what the page shows, and merges no item into
        # the text of another (as it does with a bulleted item right under a numbered one).
        sane_wrong, sane_merged = _compare(
            lines, _reader([*extensions, "sane_lists"], configs)(body)
        )
        merges = bool(set(sane_merged) - set(merged))
        still = set(range(len(lines))) if merges else {line for line, *_ in sane_wrong}
    for line, item, written, first in wrong:
        sane = still is not None and line not in still
        message = _message(item, written, lines[first], line, lines, sane)
        found.append(Problem(f"{path}:{first_line + line}", message))
    warned = {p.where for p in found}  # a list after a paragraph: the same layout, said once
    for line in merged:
        if f"{path}:{first_line + line}" not in warned:
            found.append(Problem(f"{path}:{first_line + line}", _MERGED, "warning"))
    return sorted(found, key=lambda p: int(p.where.rpartition(":")[2]))


_FAILS = "Python-Markdown, which renders the site, stops on this file's text"
_FAILS_FIX = "the site cannot be built with it: simplify the HTML or Markdown it stops on"
_MERGED = (
    "this item is written right under an item of another list: GitHub shows a list item, the "
    "site shows it as text of the item above, marker and all, on the same line; add an empty "
    "line above it, or indent it 4 spaces to nest it in the item above"
)


def _compare(
    lines: list[str], items: list[ShownItem]
) -> tuple[list[tuple[int, ShownItem, int | None, int]], list[int]]:
    """What the page shows of `lines`' lists (`items`) against the source: the first item of
    each list shown with another number than written (`_mismatches`), and the lines written as
    an item in the paragraph of an item above that the page shows as that paragraph's text."""
    at = _lines(lines, items)
    shown = set(at)
    unquoted, depths = _unquote(lines)
    code = fenced(unquoted)
    merged: list[int] = []
    under = False  # whether the lines since the last blank one run on from an item's line
    for n, text in enumerate(unquoted):
        block = text.lstrip(" ")
        quoted_apart = n > 0 and depths[n] != depths[n - 1]
        if n in shown:
            under = True
        elif code[n] or not block or _OTHER_BLOCK.match(block) or quoted_apart:
            under = False  # a blank line, code, a heading, a rule, HTML, a table, a quote
        elif under and (item := _IN_ITEM.match(block)) and item.group(1) in (None, "1"):
            merged.append(n)  # GitHub starts a list there (a numbered one from 1 only)
    return _mismatches(items, at), merged


def _unquote(lines: list[str]) -> tuple[list[str], list[int]]:
    """`lines` without their blockquote markers, and how many quotes each is in."""
    quotes = [_QUOTE.match(line) for line in lines]
    depths = [m.group(0).count(">") if m else 0 for m in quotes]
    return [line[m.end() :] if m else line for line, m in zip(lines, quotes, strict=True)], depths


def _after_paragraph(path: str, lines: list[str], first_line: int) -> list[Problem]:
    """A list right after a paragraph line: a layout GitHub and the site show differently; in a
    blockquote too, read without its markers (a change of depth starts a block)."""
    found: list[Problem] = []
    block: str | None = None  # "para", "list", "list-gap", "list-text", None (after a heading)
    unquoted, depths = _unquote(lines)
    code = fenced(unquoted)
    for offset, line in enumerate(unquoted):
        if code[offset] or (offset and depths[offset] != depths[offset - 1]):
            block = None
        if code[offset]:
            continue
        if not line.strip():
            block = "list-gap" if block in ("list", "list-text", "list-gap") else None
            continue
        if block is None and line.startswith(("    ", "\t")):
            continue  # indented code: no list in it
        item = _ITEM.match(line)
        if item and block == "para" and item.group(3) is not None and int(item.group(3)) != 1:
            item = None  # "2019. we moved" inside a paragraph: text, for both renderers
        if item and block == "list-text":
            continue  # in a paragraph of an item's own (see below): its text
        if item:
            # CommonMark lets a bullet list, or a numbered one starting at 1, interrupt a paragraph
            if block == "para" and item.group(4) != ")":
                found.append(
                    Problem(
                        f"{path}:{first_line + offset}",
                        "this list follows a paragraph without a blank line: GitHub shows a "
                        "list, the site shows one paragraph with the markers in it; add an empty "
                        "line above it",
                        "warning",
                    )
                )
            block = "list"
            continue
        # After a blank line, only a line indented 4 spaces stays in the list for the site: a
        # paragraph of the item, whose next lines are its text up to a blank line.
        if block == "list-gap" and line.startswith(("    ", "\t")):
            block = "list-text"
            continue
        if block == "list-text" and not _OTHER_BLOCK.match(line):
            continue
        if _OTHER_BLOCK.match(line):
            block = None
        elif block != "list":
            block = "para"
    return found


_NESTED = (
    "; a list indented less than 4 spaces is part of the list above for the site, not nested in "
    "it: indent it 4 spaces"
)
_BULLETS = ("-", "*", "+")
_SANE = "add sane_lists to markdown_extensions in mkdocs.yml"
# What may stand before an item's marker on its line: indentation, blockquote markers, the
# colon of a definition.
_PREFIX = re.compile(r"[ >:]*")
# Before an item's marker on its line, when the item starts a list in the item of another
# ("- 1. a"): those items' markers too.
_LEAD = re.compile(r"[ >:]|[-*+] |\d+[.)] |\[\^[^\]\s]+\]: ")  # "[^1]: ": a footnote's
_QUOTE = re.compile(r"^(?: {0,3}> ?)*")


def _mismatches(
    items: list[ShownItem], at: list[int]
) -> list[tuple[int, ShownItem, int | None, int]]:
    """The first item of each list the page shows with another number than the one written (a
    number for a bullet, none for a number), `at` the items' lines: (its line, it, the number
    written, the line of its list's first item)."""
    lists: dict[int, list[tuple[ShownItem, int]]] = {}
    for item, line in zip(items, at, strict=True):
        lists.setdefault(item.list_id, []).append((item, line))
    found: list[tuple[int, ShownItem, int | None, int]] = []
    for members in lists.values():
        written = [_written(item) for item, _ in members]
        if _OTHER in written:
            continue  # "#", letters past z: another extension's numbering, not compared here
        first_shown = members[0][0].shown
        if len(set(written)) == 1 and (written[0] is None or first_shown == written[0]):
            continue  # "1. 1. 1.": numbering left to the renderer, on purpose
        for (item, line), number in zip(members, written, strict=True):
            if number != item.shown:
                found.append((line, item, number, members[0][1]))
                break
    return found


def _message(
    item: ShownItem, written: int | None, first: str, line: int, lines: list[str], sane: bool
) -> str:
    """Why the site shows `item` (at `line`; its list's first item's line is `first`) other
    than `written`, and the fix, as far as the source tells the cause apart; `sane`: whether
    adding sane_lists to the site's Markdown mends it."""
    joined = "put a line of text between the two lists, " + (
        f"indent a nested list 4 spaces, or {_SANE}" if sane else "or indent a nested list 4 spaces"
    )
    if written is None:
        return (
            f"the site would show this item as item {item.shown} of the numbered list above "
            "(Python-Markdown makes one list of a numbered and a bulleted list with at most a "
            f"blank line between, or indented less than 4 spaces); {joined}"
        )
    if item.shown is None:
        return (
            "the site would show this item as a bullet of the list above, without its number "
            "(Python-Markdown makes one list of a bulleted and a numbered list with at most a "
            f"blank line between, or indented less than 4 spaces); {joined}"
        )
    shown, numbered = _label(item, item.shown), _label(item, written)
    if _paragraph_above(lines, line):
        return (
            f"this item is numbered {numbered}, but the site would show it as {shown}: the "
            "paragraph above it is indented less than 4 spaces, so for the site it ends the "
            "list and this item starts a list of its own; indent the item's paragraphs (and "
            "code) 4 spaces"
        )
    if item.position == 0 and item.shown == 1:
        return (
            f"this numbered list starts at {numbered}, but the site would show it numbered from "
            f"1 (Python-Markdown ignores a list's first number; GitHub's preview starts at "
            f"{numbered}); number it from 1"
            + (f", or {_SANE} so that the site starts it where it is written" if sane else "")
        )
    if item.position > 0:
        nested = _indent(lines[line]) != _indent(first)
        return (
            f"this item is numbered {numbered}, but the site would show it as {shown} "
            "(Markdown numbers a list's items in sequence from its first, with sane_lists too); "
            f"renumber the list in sequence from {_label(item, item.shown - item.position)}, "
            "or number every item alike (1.) to leave the numbering to the site"
            + (_NESTED if nested else "")
        )
    return f"this item is numbered {numbered}, but the site would show it as {shown}"


_OTHER = -1  # `_written` of a marker not compared
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


def _written(item: ShownItem) -> int | None:
    """The number `item`'s marker writes, read as its list numbers (`pymdownx.fancylists`:
    letters, roman numerals): None for a bullet, `_OTHER` for one not compared ("#", "aa.")."""
    marker = item.marker
    if marker in _BULLETS:
        return None
    label = marker[:-1] if marker[-1:] in (".", ")") else marker
    if label.isascii() and label.isdecimal():
        return int(label)
    if item.kind in ("a", "A") and len(label) == 1 and label.isascii() and label.isalpha():
        return ord(label.lower()) - ord("a") + 1
    if item.kind in ("i", "I") and label and all(c in _ROMAN for c in label.lower()):
        values = [_ROMAN[c] for c in label.lower()]
        # a numeral smaller than the one after it is subtracted ("iv": 4)
        return sum(
            -v if v < after else v for v, after in zip(values, [*values[1:], 0], strict=True)
        )
    return _OTHER


def _label(item: ShownItem, number: int | None) -> str:
    """`number` as `item`'s list shows it: "3", "c", "iii"."""
    if number is None or not 0 < number < 4000 or item.kind not in ("a", "A", "i", "I"):
        return str(number)
    if item.kind in ("a", "A"):
        letters = ""
        while number:  # as browsers count past z: y, z, aa, ab
            number, rest = divmod(number - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if item.kind == "A" else letters
    numeral = ""
    for value, letters in _NUMERALS:
        count, number = divmod(number, value)
        numeral += letters * count
    return numeral.upper() if item.kind == "I" else numeral


_NUMERALS = [
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
]  # fmt: skip


def _indent(line: str) -> int:
    """Where an item's marker starts on its line, after any blockquote or definition marker."""
    text = line.expandtabs(4)
    match = _PREFIX.match(text)
    return match.end() if match else 0


def _paragraph_above(lines: list[str], line: int) -> bool:
    """Whether blank lines, then a text line indented 1 to 3 spaces that is no item, stand
    right above `line`: an item's paragraph the site reads as the end of the list."""

    def unquoted(n: int) -> str:
        return _QUOTE.sub("", lines[n].expandtabs(4), count=1)

    above = line - 1
    while above >= 0 and not unquoted(above).strip():  # a blank line, or ">" alone in a quote
        above -= 1
    if above < 0 or above == line - 1:
        return False
    para, own = unquoted(above), unquoted(line)
    indent = len(para) - len(para.lstrip(" ")) - (len(own) - len(own.lstrip(" ")))
    return 0 < indent < 4 and not _ITEM.match(para.lstrip(" "))


def _lines(lines: list[str], items: list[ShownItem]) -> list[int]:
    """The index in `lines` of each item: the next line with its marker and first text (the
    marker alone if the processor changed the text), in the order of the page; from the top
    again for an item the page shows after where it is written (a footnote's)."""
    found: list[int] = []
    cursor, column = 0, -1  # the line of the last item found, where its marker starts
    expanded = [line.expandtabs(4) for line in lines]
    starts = [_starts(line) for line in expanded]
    for item in items:
        for whole in (True, False):  # its marker and first text, else the marker alone
            hit = next(
                (
                    (n, at)
                    for n in itertools.chain(range(cursor, len(lines)), range(cursor))
                    for at in starts[n]
                    # a list that starts in an item's line ("- 1. a") has its item there too
                    if (n != cursor or at > column) and _written_at(expanded[n], at, item, whole)
                ),
                None,
            )
            if hit is not None:
                found.append(hit[0])
                cursor, column = hit
                break
        else:
            found.append(min(cursor, max(len(lines) - 1, 0)))
    return found


def _starts(line: str) -> list[int]:
    """Where an item's marker may start on `line`: after indentation, blockquote and definition
    markers, and the markers of items whose lists start on the same line ("- 1. a")."""
    at = [0]
    while match := _LEAD.match(line, at[-1]):
        at.append(match.end())
    return at


def _written_at(line: str, at: int, item: ShownItem, whole: bool) -> bool:
    """Whether `item`'s marker stands at `at` on `line`, followed by a space or the end, then
    (if `whole`) by its first text and nothing else."""
    if not line.startswith(item.marker, at):
        return False
    rest = line[at + len(item.marker) :]
    if rest and not rest.startswith(" "):
        return False
    return not whole or rest.strip(" ").rstrip() == item.text.strip()


_READERS: dict[str, ListNumbers] = {}


def _reader(
    extensions: Sequence[Any], configs: Mapping[str, Mapping[str, Any]] | None
) -> ListNumbers:
    """The site's Markdown reading list numbers, made once per setting (a check reads every
    policy with the same)."""
    key = repr((list(extensions), sorted((configs or {}).items())))
    if key not in _READERS:
        _READERS[key] = ListNumbers(extensions, configs)
    return _READERS[key]


def _sane_lists(extensions: Sequence[Any]) -> bool:
    """Whether the site's Markdown has the `sane_lists` extension, however `mkdocs.yml` names
    it."""
    names = {
        str(name).partition(":")[0].removeprefix("markdown.extensions.") for name in extensions
    }
    return "sane_lists" in names
