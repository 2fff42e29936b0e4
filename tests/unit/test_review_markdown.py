"""Policy text in the review's Markdown is text, as GitHub renders it (`site/review.inert`)."""

from __future__ import annotations

import re

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options

from redline.site import review


def github(markdown: str) -> str:
    """`markdown` as GitHub's cmark-gfm renders it, before GitHub's own sanitizer (raw HTML kept,
    so that any that got through would show)."""
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


HOSTILE = [
    '<img src=x onerror="alert(1)">',
    "<script>alert(1)</script>",
    "<!-- hidden --> <details open>",
    "[a link](https://evil.example) ![an image](https://evil.example/x.png)",
    "https://evil.example and www.evil.example",
    "`code` **bold** _em_ ~~gone~~ $x^2$ | a | table |",
    "@octocat and @acme/legal",
    "&lt;b&gt; &amp; &#64;octocat",
    "line one\nline two\r\n# not a heading",
    "a\u202ereversed\u2066 b",
    "\\*escaped\\*",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_policy_text_is_inert_in_githubs_markdown(text):
    html = github(f"- {review.inert(text)}\n")
    assert html.startswith("<ul>\n<li>") and html.count("<li>") == 1, html
    inner = html.removeprefix("<ul>\n<li>").removesuffix("</li>\n</ul>\n")
    assert "<" not in inner.replace("&lt;", ""), inner  # no element, no comment
    assert not re.search(r"@\w", inner), inner  # no mention
    assert not re.search(r"(https?:|www\.)\S", inner.replace("\u200b", " ")), inner  # no autolink
    assert "\u202e" not in inner and "\u2066" not in inner


def test_the_text_still_reads_as_written():
    text = "7. Data of **customers** <and> partners & 50% [sic] @ the office: see www.example.org"
    html = github(review.inert(text))
    shown = html.removeprefix("<p>").removesuffix("</p>\n").replace("\u200b", "")
    assert shown == (
        "7. Data of **customers** &lt;and&gt; partners &amp; 50% [sic] @ the office: see "
        "www.example.org"
    )


def test_nothing_drafted_still_says_how_to_open_the_draft_site():
    import datetime

    markdown = review.review_markdown([], datetime.date(2024, 5, 1), download="https://x.test/a")
    assert markdown.startswith(review.MARKER + "\n")
    assert "No policy text differs from its last release (as of 2024-05-01)." in markdown
    assert "[the artifact `draft-review-site`](https://x.test/a)" in markdown
    assert "python3 -m http.server --bind 127.0.0.1 --directory draft-review-site 8000" in markdown
