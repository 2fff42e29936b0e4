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


def test_a_numbered_list_that_does_not_start_at_1_is_an_error_unless_sane_lists():
    text = "Text.\n\n3. third\n4. fourth\n"
    assert "<ol>" in markdown.markdown(text) and "start" not in markdown.markdown(text)
    [problem] = lint("policy/en/p.md", text, 1)
    assert problem.where == "policy/en/p.md:3" and problem.severity == "error"
    assert "starts at 3, but the site would show it numbered from 1" in problem.message
    assert "number it from 1, or add sane_lists to markdown_extensions" in problem.message
    # with sane_lists the site starts it at 3, as written, however mkdocs.yml names it
    assert '<ol start="3">' in markdown.markdown(text, extensions=["sane_lists"])
    for name in ("sane_lists", "markdown.extensions.sane_lists"):
        assert lint("policy/en/p.md", text, 1, extensions=["toc", name]) == []
    assert where(text, extensions=["toc", "attr_list"]) == ["policy/en/p.md:7"]


def test_numbers_out_of_sequence_are_an_error_with_sane_lists_too():
    text = "Text.\n\n1. a\n2. b\n5. c\n"
    for extensions in ([], ["sane_lists"]):
        assert markdown.markdown(text, extensions=extensions).count("<li>") == 3
        assert "5" not in markdown.markdown(text, extensions=extensions)  # shown as 3
        [problem] = lint("policy/en/p.md", text, 5, extensions=extensions)
        assert problem.where == "policy/en/p.md:9" and problem.severity == "error"
        assert "numbered 5, but the site would show it as 3" in problem.message
        assert "with sane_lists too" in problem.message
    sane = ["sane_lists"]
    assert where("Text.\n\n3. a\n4. b\n7. c\n", extensions=sane) == ["policy/en/p.md:9"]


def test_numbers_all_alike_in_sequence_or_nested_are_fine():
    assert where("Text.\n\n1. a\n1. b\n1. c\n") == []
    assert where("Text.\n\n1. a\n\n2. b\n\n3. c\n") == []
    # a list nested 4 spaces deep numbers itself
    nested = "Text.\n\n1. a\n    1. x\n    2. y\n2. b\n"
    assert markdown.markdown(nested).count("<ol>") == 2
    assert where(nested) == []


def test_a_list_nested_less_than_4_spaces_deep_is_numbered_with_the_list_above():
    text = "Text.\n\n1. a\n   1. x\n   2. y\n2. b\n"
    assert markdown.markdown(text).count("<ol>") == 1  # GitHub nests it; the site shows 1-4
    [problem] = lint("p.md", text, 1)
    assert problem.where == "p.md:4" and problem.severity == "error"
    assert "numbered 1, but the site would show it as 2" in problem.message
    assert problem.message.endswith("not nested in it: indent it 4 spaces")


def test_a_list_of_the_other_kind_joined_to_a_list_by_the_site():
    # without sane_lists Python-Markdown makes one list of both: numbers added or dropped
    bullets = "Text.\n\n1. a\n2. b\n\n- c\n"
    site = markdown.markdown(bullets)
    assert site.count("<li>") == 3 and "<ul>" not in site
    [problem] = lint("p.md", bullets, 1)
    assert problem.where == "p.md:6" and problem.severity == "error"
    assert "show this item as item 3 of the numbered list above" in problem.message
    numbered = "Text.\n\n- a\n\n1. b\n2. c\n"
    assert "<ol>" not in markdown.markdown(numbered)
    [problem] = lint("p.md", numbered, 1)
    assert problem.where == "p.md:5" and "as a bullet of the list above, without its number" in (
        problem.message
    )
    assert where("Text.\n\n1. a\n   - x\n2. b\n") == ["policy/en/p.md:8"]
    # with sane_lists each is a list of its own; a line of text between them does the same
    for text in (bullets, numbered):
        assert where(text, extensions=["sane_lists"]) == []
    # but a bullet right under a numbered item is that item's text with sane_lists ("a - x")
    assert "<li>a\n   - x</li>" in markdown.markdown(
        "1. a\n   - x\n2. b\n", extensions=["sane_lists"]
    )
    [merged] = lint("p.md", "Text.\n\n1. a\n   - x\n2. b\n", 1, ["sane_lists"])
    assert merged.where == "p.md:4" and merged.severity == "warning"
    assert where("Text.\n\n1. a\n2. b\n\nAnd:\n\n- c\n") == []
    # after a blank line, a line indented less than 4 spaces ends the list for the site
    assert markdown.markdown("1. a\n\n  text\n\n3. b\n").count("<ol>") == 2
    assert where("1. a\n\n  text\n\n3. b\n") == ["policy/en/p.md:9"]


def test_numbers_the_site_shows_as_text_are_not_checked():
    # after a paragraph, the site shows the items as the paragraph's text, numbers as written
    text = "We collect:\n1. name\n3. address\n"
    assert "1. name\n3. address</p>" in markdown.markdown(text)
    assert [(p.where, p.severity) for p in lint("p.md", text, 1)] == [("p.md:2", "warning")]
    # "1)" is no list for Python-Markdown: text as written
    assert "<ol>" not in markdown.markdown("3) a\n5) b\n")
    assert where("3) a\n5) b\n") == []
    # after a blank line the site starts a list of its own, from 1
    assert markdown.markdown(text + "\n5. phone\n").endswith("<ol>\n<li>phone</li>\n</ol>")
    assert where(text + "\n5. phone\n") == ["policy/en/p.md:6", "policy/en/p.md:9"]


def test_the_sample_policies_have_none():
    files = [*ROOT.glob("policy/*/*.md"), *ROOT.glob("examples/sample-history/*/policy/*/*.md")]
    assert len(files) >= 5
    found = [str(p) for f in files for p in lint(str(f), f.read_text(encoding="utf-8"), 1)]
    assert found == []


def test_the_site_s_list_ends_where_python_markdown_ends_it():
    # two blank lines keep it going: the bullets join the numbered list
    assert where("1. a\n\n\n- b\n") == ["policy/en/p.md:8"]
    assert markdown.markdown("1. a\n\n\n- b\n").count("<li>") == 2
    # a paragraph of an item (4 spaces) takes the lines after it as its text
    text = "1. a\n\n    more\n5. b\n"
    assert "<p>more\n5. b</p>" in markdown.markdown(text)
    assert where(text) == []
    # indented code is no paragraph: the list right under it is one, from 1 for the site
    assert "</pre>\n<ol>" in markdown.markdown("Text.\n\n    code\n3. a\n4. b\n")
    assert where("Text.\n\n    code\n3. a\n4. b\n") == ["policy/en/p.md:8"]


def test_lists_in_quotes_notes_definitions_and_deep_nesting_are_checked():
    # read by the site's Markdown itself: wherever a list stands, its shown numbers are compared
    quoted = "Text.\n\n> 3. third\n> 4. fourth\n"
    assert "<blockquote>\n<ol>" in markdown.markdown(quoted)  # shown from 1
    assert where(quoted) == ["policy/en/p.md:7"]
    note = "Text.\n\n!!! note\n    1. a\n    2. b\n    5. c\n"
    assert where(note) == []  # without admonition the note is code: no list
    [problem] = lint("p.md", note, 1, extensions=["admonition"])
    assert problem.where == "p.md:6" and "numbered 5, but the site would show it as 3" in (
        problem.message
    )
    assert "renumber the list in sequence from 1" in problem.message
    assert where("Term\n:   1. a\n    3. b\n", extensions=["def_list"]) == ["policy/en/p.md:7"]
    deep = "1. a\n\n    1. x\n    3. y\n\n2. b\n"
    assert where(deep) == ["policy/en/p.md:8"]


def test_an_item_paragraph_indented_less_than_4_spaces_ends_the_list():
    text = "Text.\n\n1. one\n\n   more of one\n\n2. two\n"
    assert markdown.markdown(text).count("<ol>") == 2  # GitHub: one list, 1 and 2
    [problem] = lint("p.md", text, 1)
    assert problem.where == "p.md:7" and "numbered 2, but the site would show it as 1" in (
        problem.message
    )
    assert "indent the item's paragraphs (and code) 4 spaces" in problem.message
    # with sane_lists the second list starts at 2: the numbers shown are those written
    assert where(text, extensions=["sane_lists"]) == []


def test_code_and_quotes_between_items_are_read_as_the_site_reads_them():
    fenced_item = "1. a\n\n    ```\n    code\n    ```\n\n2. b\n"
    for extensions in (["fenced_code"], ["pymdownx.superfences"]):
        assert where(fenced_item, extensions=extensions) == []
    # a quote right under an item is part of it; "3. c" right under a quote is its text
    assert "<li>c</li>" in markdown.markdown("1. a\n2. b\n> quote\n3. c\n")
    assert where("1. a\n2. b\n> quote\n3. c\n") == []
    assert "<p>quote\n3. c</p>" in markdown.markdown("1. a\n\n> quote\n3. c\n")
    assert where("1. a\n\n> quote\n3. c\n") == []
    # code fenced 3 spaces deep ends the list for the site: the item after it is shown as 1
    [fence] = lint("p.md", "1. a\n\n   ```\n   2. not\n   ```\n\n2. b\n", 1, ["fenced_code"])
    assert fence.where == "p.md:7" and "indent the item's paragraphs (and code)" in fence.message
    # a quote ends the list: a list after it numbered from 1 is as the site shows it ...
    assert where("1. a\n\n> quote\n\n1. b\n2. c\n") == []
    # ... one from 2 is not
    assert where("1. a\n\n> quote\n\n2. b\n") == ["policy/en/p.md:9"]


def test_sane_lists_is_advised_only_where_it_mends_the_numbers():
    [start] = lint("p.md", "Text.\n\n3. a\n4. b\n", 1)
    [joined] = lint("p.md", "- a\n- b\n\n1. x\n2. y\n", 1)
    [sequence] = lint("p.md", "Text.\n\n1. a\n2. b\n5. c\n", 1)
    assert "add sane_lists to markdown_extensions in mkdocs.yml" in start.message
    assert "add sane_lists to markdown_extensions in mkdocs.yml" in joined.message
    assert "add sane_lists" not in sequence.message  # it numbers 1, 2, 3 too


def test_fancylists_lists_numbered_as_written_are_fine():
    fancy = ["pymdownx.fancylists"]
    assert '<ol type="a">' in markdown.markdown("a. one\nb. two\n", extensions=fancy)
    assert where("Text.\n\na. one\nb. two\n\nI. x\nII. y\n", extensions=fancy) == []
    # fancylists starts a list where it is written, as sane_lists does
    assert '<ol start="3"' in markdown.markdown("3. one\n4. two\n", extensions=fancy)
    assert where("Text.\n\n3. one\n4. two\n", extensions=fancy) == []


def test_an_item_the_site_shows_as_text_of_the_item_above_is_a_warning_and_no_sane_advice():
    text = "- a\n- b\n1. x\n"
    sane = markdown.markdown(text, extensions=["sane_lists"])
    assert "<li>b\n1. x</li>" in sane  # sane_lists would fold item x into b's text
    [joined] = lint("p.md", text, 1)
    assert joined.severity == "error" and "add sane_lists" not in joined.message
    [folded] = lint("p.md", text, 1, ["sane_lists"])
    assert folded.where == "p.md:3" and folded.severity == "warning"
    assert "the site shows it as text of the item above" in folded.message
    assert where("- a\n- b\n\n1. x\n", extensions=["sane_lists"]) == []
    # a number from 2 or a "1)" is no list under a line of text for GitHub either
    assert where("- a\n- b\n3. x\n", extensions=["sane_lists"]) == []


def test_text_python_markdown_cannot_read_or_odd_numbers_are_one_problem_not_a_traceback():
    html = ["md_in_html"]
    # "²" is a digit to str.isdigit, not to int() nor to browsers: shown from 1
    odd = '<ol start="²" markdown="1">\n<li value="①" markdown="1">x</li>\n</ol>\n'
    assert where(odd, extensions=html) == []
    [problem] = lint("p.md", '<ol markdown="1">\n</ol>\n1. a\n', 1, html)
    assert problem.where == "p.md:1" and problem.severity == "error"
    assert "Python-Markdown, which renders the site, stops on this file's text" in problem.message


def test_footnotes_long_numbers_and_lists_started_in_an_item_s_line():
    note = "Text[^1]\n\n[^1]:\n    3. a\n    4. b\n\nMore.\n\n1. x\n3. y\n"
    assert where(note, extensions=["footnotes"]) == ["policy/en/p.md:8", "policy/en/p.md:14"]
    assert where("1. a\n3. b\n1234567890. c\n") == ["policy/en/p.md:6"]
    [problem] = lint("p.md", "- 1. a\n- 3. b\n", 1)
    assert problem.where == "p.md:2" and "starts at 3" in problem.message
    # every line its own: items with the same text each at their line
    assert where("- 1. a\n- 1. a\n- 3. a\n") == ["policy/en/p.md:7"]


def test_letters_and_roman_numerals_are_compared_as_their_list_shows_them():
    fancy = ["pymdownx.fancylists"]
    assert '<ol type="a">' in markdown.markdown("a. x\nc. y\n", extensions=fancy)
    [letters] = lint("p.md", "Text.\n\na. x\nc. y\n", 1, fancy)
    assert letters.where == "p.md:4"
    assert "numbered c, but the site would show it as b" in letters.message
    assert "in sequence from a," in letters.message
    [roman] = lint("p.md", "Text.\n\ni. x\nii. y\niv. z\n", 1, fancy)
    assert roman.where == "p.md:5" and "numbered iv, but the site would show it as iii" in (
        roman.message
    )
    assert where("Text.\n\ni. x\nii. y\niii. z\niv. w\n", extensions=fancy) == []


def test_a_list_right_after_a_paragraph_in_a_quote_is_a_warning_too():
    text = "> Our processors are\n> 1. Acme\n> 3. Beta\n"
    assert "<p>Our processors are\n1. Acme\n3. Beta</p>" in markdown.markdown(text)
    [problem] = lint("p.md", text, 1)
    assert problem.where == "p.md:2" and problem.severity == "warning"
    # a blank quote line ends the paragraph: then the numbers are checked
    assert where("> Our processors are\n>\n> 1. Acme\n> 3. Beta\n") == ["policy/en/p.md:8"]
    # a quote's own paragraph does not reach the list after it
    assert where("> Quoted.\n\n- a\n- b\n") == []


def test_what_both_show_alike_under_an_item_is_no_folded_item():
    for extensions in ([], ["sane_lists"]):
        for text in ("- a\n* * *\n", "1. a\n- - -\n", "1. a\n<div>\n- b\n</div>\n"):
            assert where(text, extensions=extensions) == [], (text, extensions)
        quoted_code = "> 1. a\n> ```\n> - b\n> ```\n"
        assert where(quoted_code, extensions=[*extensions, "fenced_code", "sane_lists"]) == []
    # "1)" is no list for Python-Markdown: text of the item above; GitHub starts a list
    assert "<li>a\n1) b</li>" in markdown.markdown("- a\n1) b\n")
    [paren] = lint("p.md", "- a\n1) b\n", 1)
    assert paren.where == "p.md:2" and paren.severity == "warning"


def test_an_item_folded_however_deep_withholds_the_sane_lists_advice():
    text = "3. a\n4. b\n\n1. q\n    1. x\n    - y\n"
    assert "<li>x\n- y</li>" in markdown.markdown(text, extensions=["sane_lists"])
    first = lint("p.md", text, 1)[0]
    assert first.where == "p.md:1" and "add sane_lists" not in first.message
    assert ("p.md:6", "warning") in [
        (p.where, p.severity) for p in lint("p.md", text, 1, ["sane_lists"])
    ]


def test_an_item_on_a_footnote_s_first_line_is_found_there():
    text = "1. First\n2. Second\n3. Third\n\nText[^1].\n\n[^1]: 3. see clause\n"
    [problem] = lint("p.md", text, 1, ["footnotes"])
    assert problem.where == "p.md:7" and "starts at 3" in problem.message
