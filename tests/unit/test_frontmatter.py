"""Front matter of a policy file: decoding, the fields (a notice is plain text in the file's
language or a mapping by locale), and errors at the line to fix."""

from __future__ import annotations

import datetime

import pytest

from redline.model.frontmatter import FrontMatterError, decode, parse
from redline.model.repository import parse_revision


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


# -- notices by locale ------------------------------------------------------------------------


def test_a_plain_notice_is_the_notice_in_the_files_own_language() -> None:
    parsed = parse("---\ntitle: Privacy\nnotice: We changed it.\n---\nBody.\n")
    assert parsed.notice == "We changed it." and parsed.notices == ()
    assert parsed.notice_for("en") == parsed.notice_for("th") == "We changed it."


def test_a_notice_by_locale_gives_each_locale_its_own() -> None:
    text = "---\ntitle: Privacy\nnotice:\n  en: A new right.\n  th: สิทธิใหม่\n---\nBody.\n"
    parsed = parse(text)
    assert parsed.notice is None
    assert parsed.notices == (("en", "A new right."), ("th", "สิทธิใหม่"))
    assert parsed.notice_for("th") == "สิทธิใหม่"
    assert parsed.notice_for("fr") is None  # a mapping says nothing for other locales
    problems: list = []
    rev = parse_revision("privacy", "en", "policy/en/privacy.md", None, text.encode(), problems, "")
    assert rev is not None and problems == []
    assert rev.notice == "A new right."  # its own
    assert rev.notices == (("th", "สิทธิใหม่"),)  # for the others
    assert rev.notice_for("th") == "สิทธิใหม่" and rev.notice_for("en") == "A new right."


def test_a_mapping_without_the_files_own_locale_leaves_it_without_a_notice() -> None:
    text = "---\ntitle: Privacy\nnotice: {th: สิทธิใหม่}\n---\nBody.\n"
    rev = parse_revision("privacy", "en", "policy/en/privacy.md", None, text.encode(), [], "")
    assert rev is not None and rev.notice is None and rev.notice_for("th") == "สิทธิใหม่"


@pytest.mark.parametrize(
    ("notice", "line", "message"),
    [
        ("{}", 3, "empty mapping"),
        ("{English: Hi}", 3, "'English' is not a locale"),
        ("\n  en: [a, b]", 3, "for 'en' must be text"),
        ('{en: "\\ud800"}', 3, "lone surrogate"),
    ],
)
def test_bad_notices_by_locale_say_where_and_how_to_fix(
    notice: str, line: int, message: str
) -> None:
    with pytest.raises(FrontMatterError) as found:
        parse(f"---\ntitle: Privacy\nnotice: {notice}\n---\nBody.\n")
    assert found.value.line == line
    assert message in found.value.message


def test_unknown_keys_are_found_with_their_line_and_the_key_they_likely_mean():
    parsed = parse("---\ntitle: T\neffectve: 2030-01-01\nnotice: N.\nauthor: Legal\n---\nText\n")
    assert parsed.effective is None  # the misspelled key was not read as the effective date
    assert parsed.unknown == (
        (3, "an unknown key 'effectve' (did you mean 'effective'?)"),
        (5, "an unknown key 'author' (the keys are title, effective, notice)"),
    )
    assert parse("---\ntitle: T\neffective: 2030-01-01\n---\n").unknown == ()


def test_an_unknown_key_is_an_error_of_a_draft_and_a_warning_of_a_release():
    from redline.model.history import Release

    data = b"---\ntitle: T\nNotice: N.\n---\nText\n"
    drafted: list = []
    parse_revision("d", "en", "policy/en/d.md", None, data, drafted, "")
    assert [(p.where, p.severity) for p in drafted] == [("policy/en/d.md:3", "error")]
    assert "unknown key 'Notice' (did you mean 'notice'?)" in drafted[0].message
    released: list = []
    release = Release("policy/2024-01-15", datetime.date(2024, 1, 15), "S", "0" * 40)
    parse_revision("d", "en", "policy/en/d.md", release, data, released, "tag policy/2024-01-15: ")
    assert [(p.where, p.severity) for p in released] == [
        ("tag policy/2024-01-15: policy/en/d.md:3", "warning")
    ]
    assert released[0].message.startswith("released with an unknown key 'Notice'")
    unchecked: list = []
    parse_revision("d", "en", "policy/en/d.md", None, data, unchecked, "", unknown_keys=False)
    assert unchecked == []
