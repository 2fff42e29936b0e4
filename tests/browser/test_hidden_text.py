"""Nothing a policy may write hides its text, in real Chromium with the theme's styles.

A sentence in an element the theme styles as invisible (Material sets footnote back-links in 0px
at opacity 0) would be published, in force, yet unseen. So every class and every attribute the
sanitizer allows, taken from the sanitizer itself, is put on elements holding a sentence; the
policy is released twice at real tags and built; and each sentence must be visible on the text
in force and on the redline: laid out with a size, on the page, not hidden, transparent, tiny,
clipped away, or coloured like its background. Classes and attributes the sanitizer drops
(footnotes, `dir`, `hidden`, styles) and elements that fold or shrink text are tried too.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import BrowserContext

from redline.text.sanitize import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    MARKDOWN_CLASSES,
    PERMALINK_CLASS,
    REDLINE_CLASSES,
    class_problem,
)
from tests.support.gitrepo import PolicyRepo, doc
from tests.support.sitebuild import build

from .harness import SiteServer

pytestmark = pytest.mark.browser

EN = "policy/en/privacy-policy.md"
TH = "policy/th/privacy-policy.md"
RELEASES = ("2023-01-10", "2023-06-01")
PAGES = ["/en/privacy-policy/", f"/en/privacy-policy/changes/{RELEASES[0]}...{RELEASES[1]}/"]

# An example of the code-language classes the sanitizer allows by pattern.
LANGUAGE = "language-python"
# Classes the theme styles to be invisible, or that it acts on: the sanitizer must drop them.
DROPPED_CLASSES = ["footnote", "footnote-ref", "footnote-backref", "highlight", "codehilite"]

# Values to try for each allowed attribute, the hostile ones a policy could write among them. An
# attribute allowed without values here fails `test_every_allowed_attribute_is_tried`.
VALUES: dict[str, list[str]] = {
    "id": ["hidden-anchor"],
    "class": ["admonition note"],
    "title": ["A tooltip"],
    "lang": ["th", "ar"],
    "hreflang": ["en", "ar"],
    "href": ["#top", "https://example.com/"],
    "value": ["-1", "99999999999"],
    "start": ["-99999", "999999999"],
    "reversed": [""],
    "type": ["a", "I", "none"],
    "colspan": ["0", "1000"],
    "rowspan": ["0", "1000"],
    "scope": ["col"],
    "span": ["0", "1000"],
    "style": [
        "text-align: right", "text-align: -9999px", "display: none", "font-size: 0",
        "opacity: 0", "color: transparent", "visibility: hidden", "text-indent: -9999px",
        "position: absolute; left: -9999px", "text-align: right; font-size: 0; color: #fff",
    ],
}  # fmt: skip
# Attributes and elements the sanitizer drops, each of which would hide or disguise the text.
HOSTILE = [
    '<p dir="rtl">{m}</p>',
    "<p hidden>{m}</p>",
    '<p style="font-size: 0">{m}</p>',
    '<div style="opacity: 0"><p>{m}</p></div>',
    "<details><summary>Fees</summary><p>{m}</p></details>",
    "<p><small><small><small><small><small><small>{m}</small></small></small></small></small>"
    "</small></p>",
    "<p><kbd><sub><sup><code><small><samp>{m}</samp></small></code></sup></sub></kbd></p>",
    "<h6><blockquote><h6><blockquote><h6><blockquote><h6>{m}</h6></blockquote></h6>"
    "</blockquote></h6></blockquote></h6>",
    '<h2 id="permalink-words">Fees<a class="headerlink" href="#permalink-words">{m}</a></h2>',
    '<p><a class="headerlink" href="#top">{m}</a></p>',
    "<p><s>{m}</s> <del>{m}</del> <ins>{m}</ins></p>",
]

# How a class is tried: on a block, an inline element, a link, around a block, around a link in
# code (Material hides `.highlight code a[id]`), and beside an admonition's own classes.
CLASS_USES = [
    '<p class="{c}">{m}</p>',
    '<p>Lead <span class="{c}">{m}</span></p>',
    '<p>Lead <a class="{c}" href="#top">{m}</a></p>',
    '<div class="{c}"><p>{m}</p></div>',
    '<div class="{c}"><pre><code><a id="{i}">{m}</a></code></pre></div>',
    '<div class="admonition {c}"><p class="admonition-title">{m}</p><p>{m}</p></div>',
]
# Where a tag stands, so that the HTML parser keeps it; `{e}` is the element with its text.
CONTEXT = {
    "li": "<ol>{e}</ol>", "dt": "<dl>{e}</dl>", "dd": "<dl>{e}</dl>",
    "tr": "<table><tbody>{e}</tbody></table>", "th": "<table><tbody><tr>{e}</tr></tbody></table>",
    "td": "<table><tbody><tr>{e}</tr></tbody></table>", "caption": "<table>{e}</table>",
    "thead": "<table>{e}</table>", "tbody": "<table>{e}</table>", "tfoot": "<table>{e}</table>",
    "colgroup": "<table>{e}<tbody><tr><td>{m}</td></tr></tbody></table>",
    "col": "<table><colgroup>{e}</colgroup><tbody><tr><td>{m}</td></tr></tbody></table>",
    "figcaption": "<figure>{e}</figure>",
}  # fmt: skip
# What a tag holds for its text to be inside it.
CONTENT = {
    "ol": "<li>{m}</li>", "ul": "<li>{m}</li>", "dl": "<dt>{m}</dt>",
    "table": "<tbody><tr><td>{m}</td></tr></tbody>", "thead": "<tr><th>{m}</th></tr>",
    "tbody": "<tr><td>{m}</td></tr>", "tfoot": "<tr><td>{m}</td></tr>", "tr": "<td>{m}</td>",
}  # fmt: skip
VOID = {"br", "hr", "wbr", "col"}
BLOCK = {"p", "div", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "figure", "hr"}


def element(tag: str, attributes: str, marker: str) -> str:
    """`tag` with `attributes`, holding the sentence `marker`, where an HTML parser keeps it."""
    if tag in VOID:
        made = f"<{tag}{attributes}>"
    else:
        made = f"<{tag}{attributes}>{CONTENT.get(tag, '{m}')}</{tag}>"
    placed = CONTEXT.get(tag, "{e}").replace("{e}", made)
    if tag not in CONTEXT and tag not in CONTENT and tag not in BLOCK and tag not in VOID:
        placed = f"<p>Lead {placed}</p>"  # an inline element, in a paragraph
    if tag in VOID and tag not in CONTEXT:
        placed = f"<p>{{m}} {placed} after</p>"
    return placed.replace("{m}", marker)


def cases() -> list[tuple[str, str]]:
    """(what is tried, its HTML with `{m}` for the sentence)."""
    out: list[tuple[str, str]] = []
    classes = sorted(MARKDOWN_CLASSES | REDLINE_CLASSES) + [LANGUAGE, PERMALINK_CLASS]
    for name in classes + DROPPED_CLASSES:
        out += [(f"class {name}: {use}", use.replace("{c}", name)) for use in CLASS_USES]
    for tag in sorted(ALLOWED_TAGS):
        names = sorted(ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(tag, set()))
        for name in names:
            for value in VALUES[name]:
                attribute = f' {name}="{html.escape(value)}"'
                out.append((f"<{tag}{attribute}>", element(tag, attribute, "{m}")))
    out += [(f"hostile {h}", h) for h in HOSTILE]
    return out


CASES = cases()


def marker(n: int) -> str:
    """A sentence that names its case: a word found nowhere else, then what a policy might hide."""
    return f"zq{n:04d}x A cancellation fee of 500 USD applies."


def corpus(version: str) -> str:
    blocks = [f"We collect names ({version})."]
    for n, (_, markup) in enumerate(CASES):
        filled = markup.replace("{m}", marker(n)).replace("{i}", f"code-anchor-{n}")
        blocks.append(f"<div>{filled}</div>")  # raw HTML, passed through by Markdown
    return "\n\n".join(blocks) + "\n"


def test_every_allowed_attribute_is_tried() -> None:
    allowed = set(itertools.chain.from_iterable(ALLOWED_ATTRIBUTES.values()))
    assert allowed <= set(VALUES), allowed - set(VALUES)
    assert class_problem(LANGUAGE) is None
    assert all(class_problem(name) is not None for name in DROPPED_CLASSES)


@pytest.fixture(scope="module")
def hidden_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    where = tmp_path_factory.mktemp("hidden")
    repo = PolicyRepo(where / "repo")
    for k, date in enumerate(RELEASES):
        repo.release(
            date,
            {
                EN: doc("Privacy", corpus(f"v{k}"), notice=f"Release v{k}."),
                TH: doc("นโยบาย", f"เราเก็บรวบรวมชื่อ (v{k})\n", notice=f"ฉบับ v{k}"),
            },
        )
    site = build(repo.path, where / "site", as_of="2023-06-25")
    with SiteServer(site) as running:
        yield running


# For each case's sentence: why a reader would not see it, or nothing.
UNSEEN = """(count) => {
    const content = document.querySelector(".md-content");
    const texts = new Map();
    const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const found = node.data.match(/zq(\\d{4})x/);
        if (found) texts.set(Number(found[1]), [...(texts.get(Number(found[1])) || []), node]);
    }
    const rgba = (c) => (c.match(/[\\d.]+/g) || []).map(Number).concat([1]).slice(0, 4);
    const luminance = ([r, g, b]) => [r, g, b].map(v => v / 255)
        .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
        .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
    const background = (el) => {
        for (let e = el; e; e = e.parentElement) {
            const c = rgba(getComputedStyle(e).backgroundColor);
            if (c[3] > 0.5) return c;
        }
        return [255, 255, 255, 1];
    };
    const width = document.documentElement.scrollWidth;
    const problems = [];
    for (let n = 0; n < count; n++) {
        const nodes = texts.get(n) || [];
        if (!nodes.length) { problems.push([n, "not in the page"]); continue; }
        for (const node of nodes) {
            const why = [];
            const el = node.parentElement;
            const range = document.createRange();
            range.selectNodeContents(node);
            const rects = [...range.getClientRects()].filter(r => r.width > 0 && r.height > 0);
            if (!rects.length) why.push("no size");
            if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true}))
                why.push("not rendered");
            const style = getComputedStyle(el);
            if (parseFloat(style.fontSize) < 8) why.push(`font-size ${style.fontSize}`);
            let opacity = 1;
            for (let e = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
            if (opacity < 0.5) why.push(`opacity ${opacity}`);
            const color = rgba(style.color);
            if (color[3] < 0.5) why.push(`color ${style.color}`);
            const [a, b] = [luminance(color), luminance(background(el))];
            const contrast = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
            if (contrast < 2) why.push(`contrast ${contrast.toFixed(2)} (${style.color})`);
            for (const r of rects) {
                if (r.right <= 0 || r.left >= width || r.bottom + window.scrollY <= 0)
                    why.push(`off the page at ${Math.round(r.left)},${Math.round(r.top)}`);
            }
            // clipped away by an ancestor that hides its overflow
            for (let e = el.parentElement; e && e !== document.body && rects.length;
                 e = e.parentElement) {
                const {overflowX, overflowY} = getComputedStyle(e);
                if (![overflowX, overflowY].some(o => o === "hidden" || o === "clip")) continue;
                const box = e.getBoundingClientRect();
                const inside = rects.some(r => r.right > box.left && r.left < box.right
                    && r.bottom > box.top && r.top < box.bottom);
                if (!inside) { why.push(`clipped by ${e.tagName}`); break; }
            }
            if (why.length) problems.push([n, why.join(", ")]);
        }
    }
    return problems;
}"""


@pytest.mark.parametrize("path", PAGES)
def test_every_sentence_a_policy_may_mark_up_is_visible(
    new_context: Callable[..., BrowserContext], hidden_site: SiteServer, path: str
) -> None:
    page = new_context().new_page()
    page.goto(hidden_site.url(path))
    problems = page.evaluate(UNSEEN, len(CASES))
    shown = [f"{CASES[n][0]} -> {CASES[n][1]}: {why}" for n, why in problems]
    assert not shown, "\n".join(shown[:40]) + f"\n({len(shown)} in all)"
    # the page holds the attack's sentence many times over, each one seen
    assert page.get_by_text("zq0000x").count() >= 1


def test_the_cases_cover_every_allowed_class_and_attribute() -> None:
    tried = "\n".join(markup for _, markup in CASES)
    for name in MARKDOWN_CLASSES | {LANGUAGE, PERMALINK_CLASS}:
        assert f'class="{name}"' in tried, name
    for tag, names in ALLOWED_ATTRIBUTES.items():
        for name in names:
            assert f" {name}=" in tried if tag == "*" else f"<{tag} {name}=" in tried, (tag, name)
