"""Characters that change what text says without being seen: bidi controls and other invisible
format characters (Unicode category Cf), and control characters.

A policy's text, its title and its notices are approved as they read; an invisible character
can reorder what a reader sees (U+202E RIGHT-TO-LEFT OVERRIDE), or make two words that look the
same differ, so that a search misses one and a redline marks nothing where the text changed.
`redline check` refuses them in policy files, and `redline release` in a release summary.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

__all__ = ["describe", "invisible_characters"]

# Thai is written without spaces between words; U+200B ZERO WIDTH SPACE marks where a line may
# break inside a run of Thai words, and translators and Thai input tools put it there. It neither
# reorders nor joins text. U+200C ZERO WIDTH NON-JOINER and U+200D ZERO WIDTH JOINER are refused:
# neither Thai nor English joins letters (they serve Arabic and Indic scripts, and emoji
# sequences), so in these policies they could only make identical-looking words differ.
_ALLOWED_FORMAT = frozenset({"\u200b"})
# Within text, newline and tab are layout; every other control character is refused.
_ALLOWED_CONTROL = frozenset({"\n", "\t"})


def _invisible(char: str) -> bool:
    category = unicodedata.category(char)
    if category == "Cf":
        return char not in _ALLOWED_FORMAT
    return category == "Cc" and char not in _ALLOWED_CONTROL


def describe(char: str) -> str:
    """`char` as `U+202E RIGHT-TO-LEFT OVERRIDE` (control characters have no name)."""
    name = unicodedata.name(char, "") or "control character"
    return f"U+{ord(char):04X} {name}"


def invisible_characters(text: str) -> Iterator[tuple[int, int, str]]:
    """(line, column, character), both from 1, of every refused character of `text`."""
    line, start = 1, 0
    for at, char in enumerate(text):
        if char == "\n":
            line, start = line + 1, at + 1
        elif _invisible(char):
            yield line, at - start + 1, char
