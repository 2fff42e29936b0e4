"""What `redline import` adds to existing text (model/imports.py): front matter, anchors, and
problems located in the source."""

from __future__ import annotations

import datetime

import pytest

from redline.model.imports import SourceProblems, Version, make_file, prepare, slug, verify

DAY = datetime.date(2021, 3, 31)


def made(text: str, notice: str | None = "First.", given: list[str] | None = None) -> str:
    result, _ = make_file("en/x.md", text.encode(), "old/x.md", DAY, notice, given)
    return result.data.decode()


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("1. Scope", "scope"),
        ("(a) Data we collect", "data-we-collect"),
        ("2.1 How we use [your data](https://example.org)", "how-we-use-your-data"),
        ("Cookies, web beacons and the like we use", "cookies-web-beacons-and-the-like"),
        ("Café rules", "cafe-rules"),
        ("ขอบเขต", ""),
        ("2019", ""),
    ],
)  # fmt: skip
def test_a_slug_is_the_heading_s_words_without_its_number(heading, anchor):
    assert slug(heading) == anchor


def test_text_without_front_matter_gets_its_title_date_and_notice():
    out = made("# Privacy Policy\n\nIntro.\n\n## 1. Scope\n\nText.\n")
    assert out == (
        "---\ntitle: Privacy Policy\neffective: 2021-03-31\nnotice: First.\n---\n\n"
        "Intro.\n\n## 1. Scope {#scope}\n\nText.\n"
    )


def test_a_setext_title_and_headings_get_the_same_treatment():
    out = made("Privacy Policy\n==============\n\nScope\n-----\n\nText.\n", notice=None)
    assert out == (
        "---\ntitle: Privacy Policy\neffective: 2021-03-31\n---\n\nScope {#scope}\n-----\n\nText.\n"
    )


def test_a_file_with_front_matter_and_anchors_is_left_as_it_is():
    text = "---\ntitle: T\n---\n\n## Scope {#scope}\n\nText.\n"
    result, _ = make_file("en/x.md", text.encode(), "old/x.md", DAY, "First.", None)
    assert result.data == text.encode() and result.added == ()


def test_anchors_are_unique_in_a_file_and_join_an_attribute_list():
    out = made("# T\n\n## Definitions\n\n## Definitions {.note}\n\n## Other {#definitions-2}\n")
    assert "## Definitions {#definitions}\n" in out
    assert "## Definitions {#definitions-3 .note}\n" in out


def test_a_translation_takes_the_authoritative_anchors_by_position():
    out, warnings = make_file(
        "th/x.md", "# ชื่อ\n\n## ขอบเขต\n\n## ข้อมูล\n".encode(), "old/th/x.md", DAY, None,
        ["scope", "data"],
    )  # fmt: skip
    assert "## ขอบเขต {#scope}\n\n## ข้อมูล {#data}\n" in out.data.decode() and warnings == []
    _, warnings = make_file(
        "th/x.md", "# ชื่อ\n\n## ขอบเขต\n".encode(), "old/th/x.md", DAY, None, ["scope", "data"]
    )
    assert [w.where for w in warnings] == ["old/th/x.md"]
    assert "1 headings where the authoritative text has 2" in warnings[0].message


def test_text_without_a_title_is_refused_at_its_line():
    with pytest.raises(SourceProblems) as caught:
        made("Intro.\n\n## Scope\n")
    assert caught.value.problems[0].where == "old/x.md:3"


def version(day: int, files: dict[str, str], **notices: str) -> Version:
    return Version(
        datetime.date(2021, 1, day),
        f"Release {day}.",
        {path: text.encode() for path, text in files.items()},
        {path: f"src/{day}/{path}" for path in files},
        tuple(sorted(notices.items())),
    )


def test_an_unchanged_file_is_kept_and_a_translation_left_behind_gets_its_notice():
    en1, en2, th = "# T\n\n## A\n", "# T\n\n## A\n\nNew.\n", "# ท\n\n## ก\n"
    first, second = prepare(
        [version(1, {"en/x.md": en1, "th/x.md": th}), version(2, {"en/x.md": en2}, th="ใหม่")],
        ("en", "th"),
    )
    assert second.files["th/x.md"].data == first.files["th/x.md"].data
    assert not second.files["th/x.md"].changed and second.files["en/x.md"].changed
    assert "notice:\n  en: Release 2.\n  th: ใหม่\n" in second.files["en/x.md"].data.decode()
    assert second.message == "Release 2.\n\nnotice[th]: ใหม่"


def test_problems_of_the_made_text_are_said_at_the_source_s_line():
    imported = prepare(
        [version(1, {"en/x.md": "# T\n\nText.\n\n## A\n\n# Second title\n"})], ("en", "th")
    )
    with pytest.raises(SourceProblems) as caught:
        verify(imported, "policy", ("en", "th"))
    assert [p.where for p in caught.value.problems] == ["src/1/en/x.md:7"]
