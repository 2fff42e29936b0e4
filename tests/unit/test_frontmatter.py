"""Front matter of a policy file: decoding, the fields, and errors at the line to fix."""

from __future__ import annotations

import datetime

import pytest

from redline.frontmatter import FrontMatterError, decode, parse


def test_a_policy_file_is_its_front_matter_and_its_body():
    parsed = parse(
        "---\ntitle: Privacy Policy\neffective: 2023-07-10\nnotice: >-\n  We added\n  a clause.\n"
        "---\n\n## 1. Scope {#scope}\n"
    )
    assert parsed.title == "Privacy Policy"
    assert parsed.effective == datetime.date(2023, 7, 10)
    assert parsed.notice == "We added a clause."
    assert parsed.body == "\n## 1. Scope {#scope}\n"
    assert parsed.body_line == 8  # the line after the closing fence


def test_optional_fields_and_values_that_are_text_in_yaml_terms():
    parsed = parse("---\ntitle: 2024\neffective: '2023-07-10'\n---\n")
    assert parsed.title == "2024" and parsed.notice is None
    assert parsed.effective == datetime.date(2023, 7, 10)
    assert parse("---\ntitle: T\nnotice: '  '\n---\n").notice is None  # blank is no notice


def test_decoding_drops_a_byte_order_mark_and_makes_every_line_end_lf():
    assert decode(b"\xef\xbb\xbf---\r\ntitle: T\r\n---\rBody\r") == "---\ntitle: T\n---\nBody\n"


def test_text_that_is_not_utf8_is_an_error_at_its_line():
    with pytest.raises(FrontMatterError) as caught:
        decode(b"---\ntitle: T\n---\n\nCaf\xe9\n")
    assert caught.value.line == 5
    assert caught.value.message == "not UTF-8 text; save the file as UTF-8"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("Just text.\n", 1, "no front matter: start the file with '---'"),
        ("---\ntitle: T\nnotice: [oops\n---\n", 3, "front matter is not valid YAML"),
        ("---\n- a list\n---\n", 2, "front matter must be a mapping"),
        ("---\nnotice: n\n---\n", 2, "front matter has no 'title'"),
        ("---\ntitle: ''\n---\n", 2, "front matter 'title' is empty"),
        ("---\ntitle: [a, b]\n---\n", 2, "front matter 'title' must be text"),
        ("---\ntitle: T\neffective: soon\n---\n", 2, "front matter 'effective': 'soon' is not"),
        ("---\ntitle: T\neffective: 2023-07-10 10:00:00\n---\n", 2, "must be a date (YYYY"),
        ("---\ntitle: T\neffective: 2024-02-30\n---\n", 2, "not a valid date"),
        ('---\ntitle: T\nnotice: "\\ud800"\n---\n', 3, "a lone surrogate"),
    ],
)
def test_bad_front_matter_is_one_error_at_the_line_to_fix(text, line, message):
    with pytest.raises(FrontMatterError) as caught:
        parse(text)
    assert caught.value.line == line
    assert message in caught.value.message
