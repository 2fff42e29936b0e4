"""Text written into CSS: a string literal safe inside a `<style>` element, and a translated
sentence with counters ("Page {page} of {pages}") as a `content` value.

The print's running header (`overrides/redline/print-margins.html`) puts a page's title, which
comes from a policy's front matter, into `@page` margin boxes: the only way Chromium prints text
on every sheet (it has no `string-set`). Whatever the title holds must stay one CSS string and
must not end the `<style>` element.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Characters written as a hex escape: the string's own delimiters and escape, what would end or
# open markup inside a <style> element (`</style>`, `<!--`), and every control or line-breaking
# character (a raw newline ends a CSS string: "bad string").
_ESCAPED = re.compile(r"""["'\\<>&\x00-\x1f\x7f\u2028\u2029]""")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _escape(char: str) -> str:
    # NUL cannot be escaped in CSS (it reads as U+FFFD): write U+FFFD. The space after the hex
    # ends the escape, so a following hex digit is not taken into it.
    code = 0xFFFD if char == "\x00" else ord(char)
    return f"\\{code:x} "


def css_string(text: object) -> str:
    """`text` as a double-quoted CSS string literal, safe inside a `<style>` element."""
    return '"' + _ESCAPED.sub(lambda m: _escape(m.group(0)), str(text)) + '"'


def css_content(sentence: str, counters: Iterable[str] = ("page", "pages")) -> str:
    """A `content` value: the literal parts of `sentence` as CSS strings, each `{name}` of
    `counters` as `counter(name)` ("Page {page} of {pages}" ->
    `"Page " counter(page) " of " counter(pages)`). Other braces stay text."""
    known = set(counters)
    parts: list[str] = []
    at = 0
    for found in _PLACEHOLDER.finditer(sentence):
        if found.group(1) not in known:
            continue
        if found.start() > at:
            parts.append(css_string(sentence[at : found.start()]))
        parts.append(f"counter({found.group(1)})")
        at = found.end()
    if at < len(sentence) or not parts:
        parts.append(css_string(sentence[at:]))
    return " ".join(parts)
