"""Front matter: `notice` is a plain text (the file's language) or a mapping by locale."""

from __future__ import annotations

import pytest

from redline.frontmatter import FrontMatterError, parse
from redline.history import parse_revision


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
