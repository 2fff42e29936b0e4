"""CSS strings for the print's running header (`text/css.py`): whatever a title holds reads
back as itself from one CSS string that cannot end the `<style>` element it is written in."""

from __future__ import annotations

import re

import pytest

from redline.text.css import css_content, css_string

HOSTILE = [
    "Privacy Policy",
    "นโยบายความเป็นส่วนตัว — ฉบับแก้ไขวันที่ 3 กรกฎาคม 2566",
    'a "quoted" title',
    "it's",
    "back\\slash\\",
    "two\nlines\r\nand\fform\x0bfeed",
    "</style><script>alert(1)</script>",
    "<!-- --> ]]> & &amp;",
    "} @page { @top-left { content: 'x' } }",
    "\\0041 an escape that must stay text",
    "tab\there, nul\x00, del\x7f, separators\u2028\u2029",
    "a1 \\31 digits after an escape",
    "",
]


def read_css_string(literal: str) -> str:
    """A CSS string token read as CSS Syntax (§4.3.5) reads it; fails on a bad string."""
    assert literal[0] == literal[-1] == '"'
    body, out, i = literal[1:-1], [], 0
    while i < len(body):
        char = body[i]
        assert char not in '"\n\r\f', f"ends the string: {body!r}"
        if char != "\\":
            out.append(char)
            i += 1
            continue
        hexa = re.match(r"[0-9a-fA-F]{1,6}", body[i + 1 :])
        if hexa:
            code = int(hexa.group(0), 16)
            out.append("\ufffd" if code == 0 or code > 0x10FFFF else chr(code))
            i += 1 + len(hexa.group(0))
            if i < len(body) and body[i] in " \t\n":
                i += 1
        else:
            out.append(body[i + 1])
            i += 2
    return "".join(out)


@pytest.mark.parametrize("text", HOSTILE)
def test_a_css_string_reads_back_as_the_text(text: str) -> None:
    literal = css_string(text)
    assert read_css_string(literal) == text.replace("\x00", "\ufffd")
    inner = literal[1:-1]
    # Nothing inside that ends the string or the <style> element, or opens markup.
    assert not re.search(r'["\'<>&\n\r\f\x00]', inner)
    assert "</style" not in literal.lower()


def test_thai_and_plain_text_stay_as_written() -> None:
    assert css_string("หน้า 1") == '"หน้า 1"'
    assert css_string('say "hi"') == '"say \\22 hi\\22 "'


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("Page {page} of {pages}", '"Page " counter(page) " of " counter(pages)'),
        ("หน้า {page} จาก {pages}", '"หน้า " counter(page) " จาก " counter(pages)'),
        ("{page} / {pages}", 'counter(page) " / " counter(pages)'),
        ("{page}", "counter(page)"),
        ("no counters", '"no counters"'),
        ("", '""'),
        # Only the named counters: other braces, and quotes, stay text.
        ('{title} "{page}"', '"{title} \\22 " counter(page) "\\22 "'),
    ],
)
def test_a_sentence_with_counters_is_a_content_value(sentence: str, value: str) -> None:
    assert css_content(sentence) == value
