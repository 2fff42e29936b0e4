"""The allowlist sanitizer: policy markup survives, anything that can run does not."""

from __future__ import annotations

import markdown
import pytest

from redline.sanitize import sanitize

HOSTILE = [
    '<script>alert("x")</script>',
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<style>body{display:none}</style>",
    '<p onclick="alert(1)">text</p>',
    '<a href="javascript:alert(1)">link</a>',
    '<a href=" JaVaScRiPt:alert(1)">link</a>',
    '<a href="jav&#x09;ascript:alert(1)">link</a>',
    '<a href="data:text/html,<script>alert(1)</script>">link</a>',
    '<a href="vbscript:msgbox(1)">link</a>',
    '<img src="x" onerror="alert(1)">',
    '<iframe src="https://evil.example"></iframe>',
    '<svg onload="alert(1)"><script>alert(1)</script></svg>',
    "<math><mtext><script>alert(1)</script></mtext></math>",
    '<div style="position:fixed;top:0" onmouseover="alert(1)">overlay</div>',
    '<form action="https://evil.example"><input name="password"></form>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    "<!--[if IE]><script>alert(1)</script><![endif]-->",
    '<table><tr><td background="javascript:alert(1)" onclick="x()">cell</td></tr></table>',
    '<a href="https://example.com" target="_blank" rel="opener">tab</a>',
]
FORBIDDEN = [
    "<script", "alert", "javascript:", "vbscript:", "data:", "onclick", "onerror", "onload",
    "onmouseover", "<iframe", "<svg", "<style", "<form", "<input", "<object", "<embed", "<meta",
    "<base", "position:", "target=", "background=",
]  # fmt: skip


@pytest.mark.parametrize("html", HOSTILE)
def test_hostile_markup_is_removed(html: str) -> None:
    clean = sanitize(html).lower()
    for bad in FORBIDDEN:
        assert bad not in clean, (bad, clean)


def test_policy_markup_survives() -> None:
    text = """# Privacy Policy {#privacy}

## 3. Sharing {#sharing}

We share data with [Kintone](https://kintone.example/about), see [clause 5](#joint-use) and
[the archive](../2023-07-03/), or write to <mailto:privacy@example.com>. *Emphasis*, **strong**,
`code`, H~2~O is not rendered but <sup>1</sup> and <sub>2</sub> are, <abbr title="Act">PDPA</abbr>.

<ol start="3"><li>third</li><li>fourth</li></ol>

| Name | Purpose |
|:-----|--------:|
| A    | ads     |

> quoted

---
"""
    html = markdown.markdown(text, extensions=["attr_list", "toc", "tables"])
    clean = sanitize(html)
    for kept in [
        '<h2 id="sharing">',
        '<a href="https://kintone.example/about">',
        '<a href="#joint-use">',
        '<a href="../2023-07-03/">',
        'href="mailto:',
        '<ol start="3">',
        '<th style="text-align:left">',
        '<td style="text-align:right">',
        "<em>Emphasis</em>",
        "<strong>strong</strong>",
        "<code>code</code>",
        "<sup>1</sup>",
        "<sub>2</sub>",
        '<abbr title="Act">PDPA</abbr>',
        "<blockquote>",
        "<hr>",
    ]:
        assert kept in clean, kept


def test_redline_markup_survives() -> None:
    html = (
        '<ol><li id="rl-change-1" class="rl-change rl-removed" value="2"><del>gone</del></li>'
        '<li value="2" lang="th" dir="ltr"><ins>ใหม่</ins></li></ol>'
        '<details open><summary>More</summary><div class="admonition note"><span>x</span></div>'
        "</details>"
    )
    assert sanitize(html) == html.replace("<details open>", '<details open="">')


def test_links_get_no_rel_because_no_link_can_open_a_new_window() -> None:
    clean = sanitize('<a href="https://example.com" target="_blank">x</a>')
    assert clean == '<a href="https://example.com">x</a>'


def test_text_stays_escaped() -> None:
    assert sanitize("<p>a &lt;script&gt; &amp; b</p>") == "<p>a &lt;script&gt; &amp; b</p>"
