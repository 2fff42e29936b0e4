"""`redline check`'s content rules on a policy folder: anchors, translations, names, text."""

from __future__ import annotations

from pathlib import Path

import markdown

from redline.model import content
from tests.support.gitrepo import doc


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root


def problems(root: Path, locales: tuple[str, ...] = ("en", "th")) -> list[tuple[str, str, str]]:
    return [(p.severity, p.where, p.message) for p in content.check_files(root, "policy", locales)]


def test_headings_and_their_anchors_outside_code_fences():
    body = "## 1. Scope {#scope}\n\nText.\n\n```\n## not a heading\n```\n\n### Detail\n"
    assert content.anchors(body, 5) == [
        (5, "scope", "1. Scope {#scope}"),
        (13, None, "Detail"),
    ]
    assert content.anchors("# Title {.lead #intro}\n", 1) == [(1, "intro", "Title {.lead #intro}")]


def test_a_fence_is_closed_by_a_fence_of_its_kind_only():
    # One code fence rule for headings, markup and lists (markdown_lint.fenced): ``` inside a
    # ~~~ block is code, as GitHub and Python-Markdown's fenced_code read it.
    body = "~~~\n```\n## not a heading\n~~~\n\n## Scope {#scope}\n"
    assert markdown.markdown(body, extensions=["fenced_code"]).count("<h2") == 1
    assert content.anchors(body, 1) == [(6, "scope", "Scope {#scope}")]


def test_underlined_headings_are_headings_too():
    body = "Scope {#scope}\n--------------\n\nText.\nmore text\n---\n\nDetail\n---\n"
    # "more text" is not the first line of its block: Python-Markdown reads a paragraph and a rule
    assert content.anchors(body, 3) == [(3, "scope", "Scope {#scope}"), (10, None, "Detail")]


def test_an_underlined_heading_without_anchor_or_at_level_one_is_an_error(tmp_path):
    body = "Title\n=====\n\nSharing\n-------\n\nText.\n"
    root = write(
        tmp_path,
        {
            "policy/en/privacy.md": doc("Privacy", body),
            "policy/th/privacy.md": doc("นโยบาย", body),
        },
    )
    found = [(where, message) for _, where, message in problems(root, ("en",))]
    assert (
        "policy/en/privacy.md:4",
        "level-1 heading 'Title': the page already shows the title "
        "from the front matter as its level-1 heading, so it would be printed twice; put the "
        "title in 'title:' and start the clauses at '## '",
    ) in found
    assert (
        "policy/en/privacy.md:7",
        "heading 'Sharing' has no anchor; add {#clause-name}",
    ) in found


def test_a_clean_folder_has_no_problem(tmp_path):
    root = write(
        tmp_path,
        {
            "policy/en/privacy.md": doc("Privacy", "## 1. Scope {#scope}\n\nText.\n"),
            "policy/th/privacy.md": doc("นโยบาย", "## 1. ขอบเขต {#scope}\n\nข้อความ\n"),
        },
    )
    assert problems(root) == []


def test_a_heading_without_an_anchor_is_an_error_at_its_line(tmp_path):
    root = write(
        tmp_path,
        {
            "policy/en/privacy.md": doc("Privacy", "## 1. Scope {#scope}\n\n## 2. Sharing\n"),
            "policy/th/privacy.md": doc("นโยบาย", "## 1. ขอบเขต {#scope}\n"),
        },
    )
    assert problems(root) == [
        (
            "error",
            "policy/en/privacy.md:6",  # the file's line, front matter included
            "heading '2. Sharing' has no anchor; add {#clause-name}",
        )
    ]


def test_anchors_that_differ_from_the_authoritative_text_are_a_warning(tmp_path):
    root = write(
        tmp_path,
        {
            "policy/en/privacy.md": doc("P", "## A {#a}\n\n## B {#b}\n"),
            "policy/th/privacy.md": doc("น", "## ข {#b}\n\n## ค {#c}\n"),
            "policy/en/terms.md": doc("T", "## A {#a}\n\n## B {#b}\n"),
            "policy/th/terms.md": doc("ข", "## ข {#b}\n\n## ก {#a}\n"),
        },
    )
    assert problems(root) == [
        (
            "warning",
            "policy/th/privacy.md",
            "clause anchors differ from policy/en/privacy.md: not in en: c",
        ),
        (
            "warning",
            "policy/th/terms.md",
            "clause anchors differ from policy/en/terms.md: in another order",
        ),
    ]


def test_a_duplicate_anchor_in_one_file_is_an_error_naming_both_lines_in_every_locale(tmp_path):
    root = write(
        tmp_path,
        {
            "policy/en/privacy.md": doc("P", "## A {#scope}\n\n## B {#scope}\n"),
            "policy/th/privacy.md": doc("น", "## ก {#scope}\n\n## ข {#scope}\n"),
        },
    )
    found = problems(root)
    assert [(severity, where) for severity, where, _ in found] == [
        ("error", "policy/en/privacy.md:6"),
        ("error", "policy/th/privacy.md:6"),
    ]
    assert found[0][2] == (
        "anchor {#scope} is also on the heading of line 4; a link to #scope always opens line 4's "
        "clause: give each heading an anchor of its own (e.g. {#scope-2} here)"
    )


def test_a_duplicate_anchor_is_not_called_another_order_across_locales(tmp_path):
    root = write(
        tmp_path,
        {
            "policy/en/privacy.md": doc("P", "## A {#a}\n\n## B {#a}\n"),
            "policy/th/privacy.md": doc("น", "## ก {#a}\n"),
        },
    )
    assert (
        "warning",
        "policy/th/privacy.md",
        "clause anchors differ from policy/en/privacy.md: an anchor used twice",
    ) in problems(root)


def test_a_missing_translation_and_a_missing_locale_folder(tmp_path):
    root = write(tmp_path, {"policy/en/privacy.md": doc("Privacy", "Text.\n")})
    (root / "policy/th").mkdir()
    assert problems(root) == [
        ("warning", "policy/th/privacy.md", "no translation yet: the th site links the en text")
    ]
    assert ("error", "policy/ja", "missing locale folder") in problems(root, ("en", "th", "ja"))


def test_files_are_read_by_the_history_reader_s_rules(tmp_path):
    """Decoding and naming are `history`'s: the same errors as a build, at the same lines."""
    root = write(
        tmp_path,
        {
            "policy/en/Privacy Policy.md": doc("Privacy", "Text.\n"),
            "policy/en/changes.md": doc("Changes", "Text.\n"),
            "policy/en/latin1.md": b"---\ntitle: Caf\xe9\n---\n",
            "policy/en/broken.md": "---\ntitle: [oops\n---\n",
            "policy/th/.keep": "",
        },
    )
    found = {where: message for _, where, message in problems(root)}
    assert found["policy/en/Privacy Policy.md"].startswith("name policy files with lowercase")
    assert "a name the site uses for its own pages" in found["policy/en/changes.md"]
    assert found["policy/en/latin1.md:2"] == "not UTF-8 text; save the file as UTF-8"
    assert found["policy/en/broken.md:2"].startswith("front matter is not valid YAML")


def test_warnings_in_released_tags_are_said_as_released_and_nothing_else_changes():
    from redline.model.history import Problem
    from redline.model.releases import RELEASED, released_with

    kept = [
        Problem("tag policy/2024-01-15", "tags the same commit as policy/2024-01-14", "warning"),
        Problem("tag policy/2024-01-15: policy/en/p.md:2", "stale", "error"),
        Problem("policy/en/p.md:3", "a draft's warning", "warning"),
    ]
    released = Problem("tag policy/2024-01-15: policy/en/p.md:3", "no notice for th", "warning")
    out = released_with([*kept, released])
    assert out[:3] == kept  # a tag to delete, an error, a draft: unchanged
    assert out[3].severity == RELEASED and out[3].where == released.where
    assert out[3].message.startswith("released with a warning (a tag never moves")
    assert out[3].message.endswith(": no notice for th")
