"""Markdown that Python-Markdown (the site) and GitHub (the editors' preview) render differently."""

from __future__ import annotations

from pathlib import Path

import markdown

from redline.model.markdown_lint import fenced, lint

ROOT = Path(__file__).resolve().parents[2]


def where(text: str, **options: object) -> list[str]:
    return [p.where for p in lint("policy/en/p.md", text, 5, **options)]  # type: ignore[arg-type]


def test_a_list_right_after_a_paragraph_is_a_warning_with_its_line_and_fix():
    text = "We collect:\n- your name\n- your address\n"
    assert "<ul>" not in markdown.markdown(text)  # the site's renderer: one paragraph
    [problem] = lint("policy/en/p.md", text, 5)
    assert problem.where == "policy/en/p.md:6" and problem.severity == "warning"
    assert "add an empty line above it" in problem.message


def test_a_numbered_list_from_1_after_a_paragraph_too_but_not_another_number():
    assert where("We collect:\n1. your name\n2. your address\n") == ["policy/en/p.md:6"]
    # CommonMark does not let "2." interrupt a paragraph: both show one paragraph
    assert where("In\n2019. we moved\n") == []


def test_lists_with_a_blank_line_headings_and_code_are_fine():
    text = (
        "## 1. Scope {#scope}\n- a\n- b\n\nText.\n\n- c\n  continued\n- d\n\n"
        "```\ntext\n- not a list\n```\n\n> quote\n- item\n"
    )
    assert where(text) == []


def test_code_fences_indented_up_to_three_spaces_closed_by_their_own_kind():
    lines = ["Text", "   ~~~~", "```", "- a", "~~~~~", "    ```", "- b", "```py", "x", "````"]
    assert fenced(lines) == [False, True, True, True, True, False, False, True, True, True]
    assert where("   ~~~\nText\n3. third\n~~~\n") == []  # code: no list, no numbering


def test_a_numbered_list_that_does_not_start_at_1():
    text = "Text.\n\n3. third\n4. fourth\n"
    assert "<ol>" in markdown.markdown(text) and "start" not in markdown.markdown(text)
    [problem] = lint("policy/en/p.md", text, 1)
    assert problem.where == "policy/en/p.md:3" and "starts at 3" in problem.message
    assert "sane_lists" in problem.message
    assert lint("policy/en/p.md", text, 1, extensions=["sane_lists"]) == []


def test_numbers_out_of_sequence_but_not_all_the_same():
    assert where("Text.\n\n1. a\n2. b\n5. c\n") == ["policy/en/p.md:9"]
    assert where("Text.\n\n1. a\n1. b\n1. c\n") == []
    assert where("Text.\n\n1. a\n\n2. b\n\n3. c\n") == []
    # a nested list numbers itself
    assert where("Text.\n\n1. a\n   1. x\n   2. y\n2. b\n") == []


def test_the_sample_policies_have_none():
    files = [*ROOT.glob("policy/*/*.md"), *ROOT.glob("examples/sample-history/*/policy/*/*.md")]
    assert len(files) >= 5
    found = [str(p) for f in files for p in lint(str(f), f.read_text(encoding="utf-8"), 1)]
    assert found == []
