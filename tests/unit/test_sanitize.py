"""The allowlist sanitizer: policy markup survives, anything that can run does not."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown
import pytest
from mkdocs.structure.toc import get_toc

from redline.text.sanitize import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    REDLINE_TAGS,
    class_problem,
    id_problem,
    inert_text,
    sanitize,
    sanitize_redline,
    sanitize_toc,
    title_problem,
)

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


def test_redline_markup_survives_on_redline_pages_only() -> None:
    html = (
        '<ol><li id="rl-change-1" class="rl-change rl-removed" value="2"><del>gone</del></li>'
        '<li value="2" lang="th"><ins>ใหม่</ins></li></ol>'
        '<div class="admonition note"><span>x</span></div>'
        '<p id="scope-removed" class="rl-added"><span class="rl-anchor" id="rl-change-2">'
        "</span>x</p>"
    )
    assert sanitize_redline(html) == html
    # A policy may not dress up as a redline (redline.js steps through `.rl-change`), nor mark
    # its own text as inserted or deleted.
    policy = sanitize(html)
    assert "rl-" not in policy and "<ins>" not in policy and "<del>" not in policy
    assert '<div class="admonition note">' in policy and 'id="scope-removed"' in policy
    assert "gone" in policy and "ใหม่" in policy


@pytest.mark.parametrize(
    ("html", "clean"),
    [
        # the attack: a sentence in a footnote back-link, which the theme sets in 0px at opacity 0
        (
            '<p>Fees: <a class="footnote-backref" href="#fn:1">A cancellation fee of 500 USD '
            "applies.</a></p>",
            '<p>Fees: <a href="#fn:1">A cancellation fee of 500 USD applies.</a></p>',
        ),
        ('<p class="footnote">x</p><sup class="footnote-ref">1</sup>', "<p>x</p><sup>1</sup>"),
        (
            '<div class="highlight"><code><a id="x">hidden in code</a></code></div>',
            '<div><code><a id="x">hidden in code</a></code></div>',
        ),
        ('<p class="codehilite">x</p>', "<p>x</p>"),
        ('<p dir="rtl">Fee: 500-100 USD</p>', "<p>Fee: 500-100 USD</p>"),
        ('<p hidden>x</p><p style="display:none">y</p>', "<p>x</p><p>y</p>"),
        (
            '<table><tr><td style="text-align:right;font-size:0;color:#fff">x</td></tr></table>',
            '<table><tbody><tr><td style="text-align:right">x</td></tr></tbody></table>',
        ),
        ("<details><summary>Fees</summary>A fee applies.</details>", "FeesA fee applies."),
        ("<p><s>Old fee</s> <ins>new</ins> <del>gone</del></p>", "<p>Old fee new gone</p>"),
        # a permalink anywhere but at the end of a heading, or with words in it, is a plain link
        (
            '<p><a class="headerlink" href="#x">A fee applies.</a></p>',
            '<p><a href="#x">A fee applies.</a></p>',
        ),
        (
            '<h2 id="x">Fees<a class="headerlink" href="#x">A fee applies</a></h2>',
            '<h2 id="x">Fees<a href="#x">A fee applies</a></h2>',
        ),
        (
            '<h2 id="x"><a class="headerlink" href="#x">¶</a> A fee applies.</h2>',
            '<h2 id="x"><a href="#x">¶</a> A fee applies.</h2>',
        ),
        (
            '<h2 id="x">Fees<a class="headerlink admonition" href="#x">¶</a></h2>',
            '<h2 id="x">Fees<a class="admonition" href="#x">¶</a></h2>',
        ),
        # text made smaller and smaller
        (
            "<p><small><small><small><small>fine print</small></small></small></small></p>",
            "<p><small><small>fine print</small></small></p>",
        ),
        ("<h6><kbd><sub><code>x</code></sub></kbd></h6>", "<h6><kbd>x</kbd></h6>"),
    ],
)
def test_nothing_that_hides_policy_text_is_kept(html: str, clean: str) -> None:
    assert sanitize(html) == clean


@pytest.mark.parametrize("symbol", ["#", "¶", "&para;", "§"])
def test_the_tables_of_contents_permalinks_keep_their_class(symbol: str) -> None:
    text = "## 3. Sharing {#sharing}\n"
    md = markdown.Markdown(extensions=["attr_list", "toc"], extension_configs={
        "toc": {"permalink": symbol}})  # fmt: skip
    html = md.convert(text)
    assert sanitize(html) == sanitize_redline(html) == html.replace("&para;", "¶")
    assert 'class="headerlink"' in html


def test_links_get_no_rel_because_no_link_can_open_a_new_window() -> None:
    clean = sanitize('<a href="https://example.com" target="_blank">x</a>')
    assert clean == '<a href="https://example.com">x</a>'


def test_text_stays_escaped() -> None:
    assert sanitize("<p>a &lt;script&gt; &amp; b</p>") == "<p>a &lt;script&gt; &amp; b</p>"


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [(tag, k, v or "") for k, v in attrs]


def attributes(html: str) -> list[tuple[str, str, str]]:
    """(tag, attribute, value as a browser reads it) of every start tag of `html`."""
    parser = _Attributes()
    parser.feed(html)
    parser.close()
    return parser.found


SAFE_IDS = ["sharing", "fn:1", "fnref:1", "a.b_c-1", "Scope2", "joint-use"]
UNSAFE_IDS = [
    'scope"><img src=x onerror=alert(1)>',
    'x" autofocus onfocus="alert(1)',
    "x' onmouseover='alert(1)",
    "__config",
    "__search",
    "md-dialog",
    "MD-content",
    "rl-title",
    "rl-change-1",
    "1-scope",
    "_1",
    "ข้อ-1",
    "a b",
    "a#b",
]


@pytest.mark.parametrize("ident", SAFE_IDS)
def test_plain_anchors_are_kept(ident: str) -> None:
    assert id_problem(ident) is None
    assert sanitize(f'<h2 id="{ident}">x</h2>') == f'<h2 id="{ident}">x</h2>'


@pytest.mark.parametrize("ident", UNSAFE_IDS)
def test_ids_that_are_not_plain_anchors_or_belong_to_the_theme_are_dropped(ident: str) -> None:
    assert id_problem(ident) is not None
    escaped = ident.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    assert sanitize(f'<h2 id="{escaped}">x</h2>') == "<h2>x</h2>"
    # a link to an anchor no element may have loses its target (a heading's permalink)
    assert sanitize(f'<a href="#{escaped}">x</a>') == "<a>x</a>"


def test_heading_attribute_lists_cannot_reach_the_page_as_ids() -> None:
    text = (
        "## 1. Scope {#scope id='scope\"><img src=x onerror=alert(1)>'}\n\n"
        "## 2. Focus {id='x\" autofocus onfocus=\"alert(1)'}\n\n"
        "## 3. Theme {#__config}\n\n"
        "## 4. Fine {#fine}\n"
    )
    html = sanitize(markdown.markdown(text, extensions=["attr_list", "toc"]))
    ids = [v for _, k, v in attributes(html) if k == "id"]
    assert ids == ["fine"]


def test_theme_ids_and_classes_are_dropped_from_raw_html() -> None:
    html = sanitize(
        '<p id="__config">{"base": "https://evil.example"}</p>'
        '<div class="md-dialog md-dialog--active">overlay</div>'
        '<pre class="mermaid">graph</pre><div class="annotate rl-diff md-typeset">x</div>'
    )
    assert html == (
        '<p>{"base": "https://evil.example"}</p><div>overlay</div><pre>graph</pre><div>x</div>'
    )


@pytest.mark.parametrize(
    ("classes", "kept"),
    [
        ("admonition note", "admonition note"),
        ("admonition warning", "admonition warning"),
        ("admonition-title", "admonition-title"),
        ("language-python", "language-python"),
        ("toc", "toc"),
        ("toclink", "toclink"),
        ("headerlink", None),
        ("footnote-ref", None),
        ("footnote-backref", None),
        ("highlight", None),
        ("codehilite", None),
        ("admonition md-dialog", "admonition"),
        ("md-dialog md-dialog--active", None),
        ("mermaid", None),
        ("rl-change rl-added", None),
        ("tabbed-set", None),
    ],
)
def test_classes_are_those_the_sites_markdown_makes(classes: str, kept: str | None) -> None:
    html = sanitize(f'<div class="{classes}">x</div>')
    assert html == (f'<div class="{kept}">x</div>' if kept else "<div>x</div>")
    for name in classes.split():
        assert (class_problem(name) is None) == (kept is not None and name in kept.split())


def test_admonitions_from_markdown_keep_their_classes() -> None:
    text = '!!! warning "Careful"\n    Text.\n'
    html = sanitize(markdown.markdown(text, extensions=["admonition"]))
    assert '<div class="admonition warning">' in html
    assert '<p class="admonition-title">Careful</p>' in html


@pytest.mark.parametrize(
    "title",
    [
        "<img src=x onerror=alert(1)>",
        "&lt;img src=x onerror=alert(1)&gt;",
        "&#60;svg onload=alert(1)&#62;",
        "a <b>bold</b> title",
        "</p><script>alert(1)</script>",
        "<!-- x -->",
    ],
)
def test_titles_with_markup_are_dropped(title: str) -> None:
    html = sanitize(
        f'<a href="#x" title="{title.replace(chr(34), "&quot;")}">names</a>'
        f'<abbr title="{title.replace(chr(34), "&quot;")}">PII</abbr>'
    )
    assert html == '<a href="#x">names</a><abbr>PII</abbr>'


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("Personal Information Protection Act", "Personal Information Protection Act"),
        ("age &lt; 20", "age < 20"),
        ("Terms &amp; Conditions", "Terms & Conditions"),
        ("&amp;lt;img src=x&amp;gt;", "&lt;img src=x&gt;"),  # entities as text: inert
        ("พระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล", "พระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล"),
    ],
)
def test_plain_text_titles_are_kept(title: str, shown: str) -> None:
    html = sanitize(f'<abbr title="{title}">x</abbr>')
    assert attributes(html) == [("abbr", "title", shown)]
    assert title_problem(shown) is None


def test_markdown_link_and_abbreviation_titles_with_markup_are_dropped() -> None:
    text = (
        'We collect [names](#x "<img src=x onerror=alert(1)>") and PII, '
        '[safe](#y "Plain title").\n\n*[PII]: <img src=x onerror=alert(2)>\n'
    )
    html = sanitize(markdown.markdown(text, extensions=["abbr"]))
    titles = [v for _, k, v in attributes(html) if k == "title"]
    assert titles == ["Plain title"]
    assert "<abbr>PII</abbr>" in html


# Ids, classes and titles, each kind both plain and hostile.
ATTRIBUTED = [
    '<h2 id="sharing" class="admonition-title" title="Sharing">x</h2>',
    '<p id="__config" class="md-dialog note" title="<img src=x onerror=alert(1)>">x</p>',
    '<span id="x&quot; onfocus=&quot;alert(1)" class="language-c footnote" title="Act">x</span>',
    '<abbr id="rl-change-1" class="admonition rl-change headerlink" title="&lt;b&gt;">x</abbr>',
    '<a id="joint-use" href="#joint-use" class="toclink" title="Permanent link">x</a>',
]


def test_every_kept_id_class_and_title_follows_the_rules() -> None:
    examined = {"id": 0, "class": 0, "title": 0}
    for html in HOSTILE + ATTRIBUTED:
        for _, name, value in attributes(sanitize(html)):
            if name == "id":
                assert id_problem(value) is None
            if name == "class":
                assert all(class_problem(c) is None for c in value.split())
            if name == "title":
                assert title_problem(value) is None
            examined[name] = examined.get(name, 0) + 1
    # the plain ones above were kept, so the rules were tried on real attributes
    assert examined["id"] == 2 and examined["title"] == 3 and examined["class"] == 5, examined


# Every event handler attribute of the HTML standard (GlobalEventHandlers, WindowEventHandlers,
# DocumentAndElementEventHandlers) and of the specifications Chromium implements beside it.
_EVENT_HANDLER_NAMES = """
    onabort onafterprint onanimationcancel onanimationend onanimationiteration onanimationstart
    onauxclick onbeforecopy onbeforecut onbeforeinput onbeforematch onbeforepaste onbeforeprint
    onbeforetoggle onbeforeunload onbeforexrselect onblur oncancel oncanplay oncanplaythrough
    onchange onclick onclose oncontentvisibilityautostatechange oncontextlost oncontextmenu
    oncontextrestored oncopy oncuechange oncut ondblclick ondrag ondragend ondragenter ondragexit
    ondragleave ondragover ondragstart ondrop ondurationchange onemptied onended onerror onfocus
    onfocusin onfocusout onformdata onfullscreenchange onfullscreenerror ongotpointercapture
    onhashchange oninput oninvalid onkeydown onkeypress onkeyup onlanguagechange onload
    onloadeddata onloadedmetadata onloadend onloadstart onlostpointercapture onmessage
    onmessageerror onmousedown onmouseenter onmouseleave onmousemove onmouseout onmouseover
    onmouseup onmousewheel onoffline ononline onpagehide onpagereveal onpageshow onpageswap
    onpaste onpause onplay onplaying onpointercancel onpointerdown onpointerenter onpointerleave
    onpointermove onpointerout onpointerover onpointerrawupdate onpointerup onpopstate
    onprogress onratechange onrejectionhandled onreset onresize onscroll onscrollend
    onscrollsnapchange onscrollsnapchanging onsearch onsecuritypolicyviolation onseeked
    onseeking onselect onselectionchange onselectstart onslotchange onstalled onstorage
    onsubmit onsuspend ontimeupdate ontoggle ontouchcancel ontouchend ontouchmove ontouchstart
    ontransitioncancel ontransitionend ontransitionrun ontransitionstart onunhandledrejection
    onunload onvolumechange onwaiting onwebkitanimationend onwebkitanimationiteration
    onwebkitanimationstart onwebkitfullscreenchange onwebkitfullscreenerror
    onwebkittransitionend onwheel
"""
EVENT_HANDLERS = _EVENT_HANDLER_NAMES.split()
# Where each tag may stand, so that an HTML parser keeps it (a `<td>` needs its table).
CONTEXT = {
    "li": "<ol>{}</ol>", "dt": "<dl>{}</dl>", "dd": "<dl>{}</dl>",
    "caption": "<table>{}</table>", "colgroup": "<table>{}</table>",
    "col": "<table><colgroup>{}</colgroup></table>", "thead": "<table>{}</table>",
    "tbody": "<table>{}</table>", "tfoot": "<table>{}</table>",
    "tr": "<table><tbody>{}</tbody></table>",
    "th": "<table><tbody><tr>{}</tr></tbody></table>",
    "td": "<table><tbody><tr>{}</tr></tbody></table>", "figcaption": "<figure>{}</figure>",
}  # fmt: skip
VOID = {"br", "hr", "wbr", "col"}


@pytest.mark.parametrize("tag", sorted(REDLINE_TAGS))
def test_no_event_handler_survives_on_any_allowed_tag(tag: str) -> None:
    handlers = " ".join(f'{name}="alert({n})" {name.upper()}="alert({n})"'
                        for n, name in enumerate(EVENT_HANDLERS))  # fmt: skip
    element = f"<{tag} {handlers}>" + ("" if tag in VOID else f"text</{tag}>")
    html = CONTEXT.get(tag, "{}").format(element)
    for clean, kept in ((sanitize(html), ALLOWED_TAGS), (sanitize_redline(html), REDLINE_TAGS)):
        found = attributes(clean)
        # the tag itself survives (when allowed), so its attributes were really examined
        assert (tag in [t for t, *_ in found] or f"<{tag}>" in clean) == (tag in kept), clean
        assert "alert" not in clean and "on" not in {k[:2] for _, k, _ in found}, clean


def test_allowed_attributes_carry_no_event_handler() -> None:
    for names in ALLOWED_ATTRIBUTES.values():
        assert not {n for n in names if n.lower().startswith("on")}


def test_inert_text_cannot_open_markup() -> None:
    assert inert_text("Privacy <img src=x onerror=alert(1)> Policy") == (
        "Privacy \u2039img src=x onerror=alert(1)> Policy"
    )
    assert inert_text("</title><!-- <?x") == "\u2039/title>\u2039!-- \u2039?x"
    assert inert_text("age < 20 and a<b") == "age < 20 and a\u2039b"
    assert not re.search(r"<[A-Za-z!/?]", inert_text("<<a>a>"))


def toc_of(text: str) -> tuple[str, list]:
    """The sanitized body and table of contents of `text`, as MkDocs makes them."""
    md = markdown.Markdown(extensions=["attr_list", "toc"], extension_configs={})
    html = sanitize(md.convert(text))
    return html, get_toc(md.toc_tokens).items  # type: ignore[attr-defined]


def flatten(entries: list) -> list:
    return [e for entry in entries for e in [entry, *flatten(entry.children)]]


def test_table_of_contents_links_only_to_the_pages_plain_anchors() -> None:
    html, toc = toc_of(
        "# Policy {#policy}\n\n"
        "## 1. Scope {#scope id='scope\"><img src=x onerror=alert(1)>'}\n\n"
        "### 1.1 Data {#data}\n\n"
        "## 2. Focus {id='x\" autofocus onfocus=\"alert(1)'}\n\n"
        "## 3. Theme {#__config}\n\n"
        "## 4. Sharing {#sharing}\n"
    )
    toc = sanitize_toc(toc, html)
    assert [e.id for e in toc] == ["policy"]
    # the entries whose anchors went give their place to their children
    assert [e.id for e in toc[0].children] == ["data", "sharing"]
    body_ids = {v for _, k, v in attributes(html) if k == "id"}
    assert {e.id for e in flatten(toc)} == body_ids == {"policy", "data", "sharing"}


def test_table_of_contents_titles_are_escaped_inert_text() -> None:
    html, toc = toc_of(
        "## Scope &lt;img src=x onerror=alert(1)&gt; {#scope}\n\n"
        "## Sharing <em>with</em> <img src=x onerror=alert(2)> partners {#sharing}\n\n"
        '## Label {#label data-toc-label="<b>x</b> &lt;svg onload=alert(3)&gt;"}\n'
    )
    titles = [e.title for e in sanitize_toc(toc, html)]
    assert titles == [
        "Scope \u2039img src=x onerror=alert(1)&gt;",
        "Sharing with partners",
        "x \u2039svg onload=alert(3)&gt;",
    ]
    for title in titles:
        assert "<" not in title  # printed unescaped by the theme: no tag at all
