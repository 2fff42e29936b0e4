"""A hostile corpus in real Chromium: nothing written in a policy file, a tag message or a draft
runs in a reader's browser, and nothing in them takes over the theme.

The corpus is released at three real annotated tags (so it is in the text in force, in archived
and upcoming revisions, in redlines and in notices and tag messages) and left in the working
tree as a draft, in both locales, and built as a pull-request review build (drafts shown). The
build succeeds: `redline check` refuses such text before a release, but the site must be safe
with whatever a tag or a draft holds, so the sanitizer is the last line of defence.

Every payload calls `__pwn(n)` (a binding into the test), `alert(n)`, or sets `document.title`
or `window.__pwned`. Each page is loaded, scrolled, and every element with a `title` (and every
entry the theme cuts short, which it gives its text as a title) is hovered and focused:
mkdocs-material's `content.tooltips` renders titles as HTML.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page

from tests.support.gitrepo import PolicyRepo, doc
from tests.support.sitebuild import build

from .harness import SiteServer, search

pytestmark = pytest.mark.browser

EN = "policy/en/privacy-policy.md"
TH = "policy/th/privacy-policy.md"
AS_OF = "2023-06-25"  # 2023-06-01 in force and recent, 2023-06-20 upcoming
RELEASES = ("2023-01-10", "2023-06-01", "2023-06-20")

# (payload number, Markdown). Each construct is a separate block; n identifies what ran.
CORPUS: list[tuple[int, str]] = [
    # heading ids printed raw by the table of contents
    (1, "## 1. Scope {#scope id='scope\"><img src=x onerror=__pwn(1)>'}"),
    (2, "## 2. Focus {#focus id='focus\" autofocus onfocus=\"__pwn(2)\" x=\"'}"),
    (3, "## 3. Hover {id='hover\" onmouseover=\"__pwn(3)\" "
        "style=\"position:fixed;inset:0\" x=\"'}"),
    (4, "## 4. Theme {#__search .md-dialog .md-dialog--active "
        "title='<img src=x onerror=__pwn(4)>'}"),
    # text that shows markup once a script copies it into HTML: the theme does, for an entry it
    # cuts short (one long word is cut short; `/` separates attributes as a space does)
    (5, "## 5. Label {#label data-toc-label='&lt;img/src=\"x\"/onerror=\"__pwn(5)\""
        "/alt=\"a_label_long_enough_to_be_cut_short\"&gt;'}"),
    (6, '## 6. Long &lt;img/src="x"/onerror="__pwn(6)"'
        '/alt="a_heading_long_enough_to_be_cut_short"&gt; {#long}'),
    (7, "### 6.1 Child of a heading that loses its id {#child}"),
    # titles, which tooltips render as HTML
    (8, 'We collect [names](#scope "<img src=x onerror=__pwn(8)>") and '
        '<abbr title="<img src=x onerror=__pwn(9)>">PII</abbr> and '
        '<abbr title="&lt;img src=x onerror=__pwn(10)&gt;">PDPA</abbr>, '
        "[inline](#long){title='<svg onload=__pwn(11)>'} and [a reference][ref]."),
    (12, '[ref]: https://example.com/ "<img src=x onerror=__pwn(12)>"'),
    (13, '<p><span title="</span><img src=x onerror=__pwn(13)>">span</span> '
         '<a href="#long" title="&#60;img src=x onerror=__pwn(14)&#62;">numeric</a> '
         '<a href="#long" title="&lt;/div&gt;&lt;img src=x onerror=alert(15)&gt;">alert</a></p>'),
    (16, "*[PII]: <img src=x onerror=__pwn(16)>"),
    # the theme's ids and classes, and our own
    # replaces the theme's configuration; tooltips stay on, so that the titles above are tried
    (17, '<p id="__config">{"base": ".", "features": ["content.tooltips"], "search": '
         '"data:text/javascript,postMessage(17)", "translations": {}}</p>'),
    (18, '<div class="md-dialog md-dialog--active"><div class="md-dialog__inner md-typeset">'
         "Overlay</div></div>"),
    (19, '<div class="rl-diff"><p class="rl-change" id="rl-change-1">A fake change</p></div>'),
    (20, '<pre class="mermaid"><code>graph TD; A-->B</code></pre>'),
    (21, '<div id="__search" class="md-search md-tooltip2 annotate">theme names</div>'),
    # script, handlers, URLs
    (22, "<script>__pwn(22)</script>"),
    (23, "<img src=x onerror=__pwn(23)>"),
    (24, "<svg onload=__pwn(24)><script>__pwn(24)</script></svg>"),
    (25, '<p><a href="javascript:__pwn(25)">js link</a> [md js link](javascript:__pwn(25)) '
         '<a href=" JaVaScRiPt:__pwn(25)">spaced</a></p>'),
    (26, "<details open ontoggle=__pwn(26)><summary>s</summary>x</details>"),
    (27, '<iframe srcdoc="<script>parent.__pwn(27)</script>"></iframe>'),
    # (closed, so that the `<style>`, whose content is text to a parser, ends with the item)
    (28, "<math><mtext><table><mglyph><style><img src=x onerror=__pwn(28)>"
         "</style></mglyph></table></mtext></math>"),
    (29, '<noscript><p title="</noscript><img src=x onerror=__pwn(29)>"></noscript>'),
    (30, '<form><button formaction="javascript:__pwn(30)">go</button></form>'),
    (31, '<p style="position:fixed;inset:0;z-index:999" onmouseover="__pwn(31)">overlay</p>'),
    (32, '<object data="javascript:__pwn(32)"></object><embed src="javascript:__pwn(32)">'),
    (33, '<p><a href="#scope" autofocus onfocus="__pwn(33)">focus me</a></p>'),
    (34, "<img src=x onerror=\"document.title='PWNED'\"><svg onload=\"window.__pwned=1\"></svg>"),
    (35, '<base href="javascript:__pwn(35)//">'),
    (36, '!!! danger "<img src=x onerror=__pwn(36)>"\n    An admonition with markup in its title.'),
]  # fmt: skip

TITLE = {
    "en": 'Privacy <img/src="x"/onerror="__pwn(40)"/alt="a_title_long_enough_to_be_cut_short">',
    "th": 'นโยบาย <img/src="x"/onerror="__pwn(40)"/alt="ชื่อยาวพอที่จะถูกตัดให้สั้นลง_ความเป็นส่วนตัว">',
}
NOTICE = "'<img src=x onerror=__pwn(41)> <script>__pwn(41)</script> {version}'"
SUMMARY = 'Release <img src=x onerror=__pwn(42)> "><svg onload=__pwn(42)> {version}'


def end_of(n: int) -> str:
    """The word after item `n` of the corpus: in a page only if item `n` ended where it should
    (an element left open, such as a `<style>`, takes what follows it)."""
    return f"zqend{n:02d}x"


def policy(locale: str, version: str, effective: str | None = None) -> str:
    """The corpus, changed a little in each version so that every redline shows it; after each
    item, a paragraph with its end marker."""
    prose = "We collect names." if locale == "en" else "เราเก็บรวบรวมชื่อ"
    blocks = [f"{prose} ({version})"]
    for n, markdown in CORPUS:
        blocks += [markdown, f"Item {n} ends: {end_of(n)}."]
    meta = {"notice": NOTICE.format(version=version)}
    if effective:
        meta["effective"] = effective
    return doc(TITLE[locale], "\n\n".join(blocks) + f"\n\n{version} ends here.\n", **meta)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("hostile")
    repo = PolicyRepo(where / "repo")
    for k, date in enumerate(RELEASES):
        effective = "2023-09-01" if date == RELEASES[-1] else None
        files = {path: policy(lc, f"v{k}", effective) for lc, path in (("en", EN), ("th", TH))}
        repo.release(date, files, summary=SUMMARY.format(version=f"v{k}"))
    # The draft of a pull request: the working tree, never committed.
    repo.write(EN, policy("en", "draft"))
    repo.write(TH, policy("th", "draft"))
    # The fixed pairs only (compare_all_max: 1): every pair is the same page type, twice the visits.
    return build(repo.path, where / "site", as_of=AS_OF, drafts=True, compare_all_max=1)


@pytest.fixture(scope="module")
def hostile_server(hostile_site: Path) -> Iterator[SiteServer]:
    with SiteServer(hostile_site) as running:
        yield running


def page_paths() -> list[str]:
    """Every page of the site: each page type, in both locales."""
    paths = ["/"]
    for lc in ("en", "th"):
        doc_root = f"/{lc}/privacy-policy/"
        paths += [f"/{lc}/", f"/{lc}/changes/", f"/{lc}/follow/", doc_root, f"{doc_root}history/"]
        paths += [f"{doc_root}history/clauses/", f"{doc_root}follow/"]
        paths += [f"{doc_root}{slug}/" for slug in (*RELEASES, "draft")]
        pairs = [(RELEASES[0], RELEASES[1]), (RELEASES[1], RELEASES[2]), (RELEASES[1], "draft")]
        paths += [f"{doc_root}changes/{a}...{b}/" for a, b in pairs]
    return paths


PATHS = page_paths()
# Words of hostile headings and titles, so that the results show them.
SEARCHES = {"en": ["long", "privacy"], "th": ["long", "นโยบาย"]}


class Trap:
    """Records every sign that a script from the corpus ran, and every request elsewhere."""

    def __init__(self, context: BrowserContext, origin: str) -> None:
        self.ran: list[str] = []
        self.elsewhere: list[str] = []
        self.host = urlsplit(origin).netloc

        def pwn(source: dict[str, Any], n: object) -> None:
            self.ran.append(f"__pwn({n}) on {source['page'].url}")

        context.expose_binding("__pwn", pwn)
        # Counts the theme's tooltips as they appear: proof that hovering reached them.
        context.add_init_script(
            """window.__tooltips = 0;
            new MutationObserver(records => records.forEach(r => r.addedNodes.forEach(n => {
                if (n.classList && n.classList.contains("md-tooltip2")) window.__tooltips++;
            }))).observe(document, {childList: true, subtree: true});"""
        )

    def watch(self, page: Page) -> None:
        def dialog(d: Any) -> None:
            self.ran.append(f"{d.type}({d.message}) on {page.url}")
            d.dismiss()

        def request(r: Any) -> None:
            parts = urlsplit(r.url)
            if parts.scheme not in {"data", "blob", "about"} and parts.netloc != self.host:
                self.elsewhere.append(f"{r.url} from {page.url}")

        page.on("dialog", dialog)
        page.on("request", request)

    def check(self, page: Page) -> None:
        """Signs a payload left in the page itself."""
        title, flag = page.evaluate("[document.title, window.__pwned]")
        if "PWNED" in title or flag is not None:
            self.ran.append(f"document.title={title!r} window.__pwned={flag!r} on {page.url}")


def touch_every_title(page: Page) -> int:
    """Hover and focus every element that has a title, as a reader with a mouse or a keyboard
    does; return how many there were."""
    # The theme gives a cut-short navigation entry its text as a title once it is visible.
    page.mouse.wheel(0, 400)
    page.wait_for_timeout(200)
    page.mouse.wheel(0, -400)
    page.wait_for_timeout(300)
    elements = page.query_selector_all("[title]")
    for element in elements:
        if element.is_visible():
            # an element covered by another one gets the events below all the same
            with contextlib.suppress(Exception):
                element.hover(timeout=500)
        element.evaluate(
            """el => {
                el.dispatchEvent(new MouseEvent("mouseenter"));
                el.dispatchEvent(new MouseEvent("mouseover", {bubbles: true}));
                el.focus();
                el.dispatchEvent(new FocusEvent("focus"));
            }"""
        )
    page.keyboard.press("Tab")
    page.wait_for_timeout(400)  # tooltips render after a short delay
    return len(elements)


def theme_problems(page: Page) -> list[str]:
    """What policy markup changed in the theme: its configuration, dialogs, our own classes."""
    return page.evaluate(
        """() => {
            const out = [];
            const config = document.querySelectorAll("[id='__config']");
            if (config.length > 1 || (config.length && config[0].tagName !== "SCRIPT"))
                out.push(`${config.length} elements with id __config`);
            const content = document.querySelector(".md-content");
            if (content) {
                for (const el of content.querySelectorAll(
                    "[class*='md-dialog'], .mermaid, .annotate, .md-tooltip2, .md-search"))
                    out.push(`theme class in the content: ${el.className}`);
                // the theme's script numbers code blocks (__code_0): any other theme id is not its
                const ids = "[id^='__']:not([id^='__code_']), [id^='md-']";
                for (const el of content.querySelectorAll(ids))
                    out.push(`theme id in the content: ${el.id}`);
                const own = content.querySelectorAll(".rl-policy .rl-change, .rl-policy .rl-diff");
                if (own.length) out.push(`redline classes in policy text: ${own.length}`);
            }
            for (const a of document.querySelectorAll("a[href]"))
                if (/^\\s*javascript:/i.test(a.getAttribute("href"))) out.push(`javascript: link`);
            for (const el of document.querySelectorAll("*"))
                for (const attr of el.attributes)
                    if (/^on/i.test(attr.name) || attr.name === "autofocus")
                        out.push(`${el.tagName} ${attr.name}=${attr.value}`);
            return out;
        }"""
    )


def test_the_corpus_is_in_every_page_type(hostile_site: Path) -> None:
    """The pages below are the whole site, and every item of the hostile text reached each policy
    page, none taking the items after it: the browser test visits what a reader can visit."""
    built = sorted(
        "/" + str(p.parent.relative_to(hostile_site)) + "/"
        for p in hostile_site.rglob("index.html")
    )
    built = [p.replace("/./", "/") for p in built]
    assert sorted(PATHS) == [p for p in built if "/search/" not in p]
    for path in PATHS:
        if re.search(r"/privacy-policy/(\d|draft|changes/)", path) or path.endswith("policy/"):
            html = (hostile_site / path.strip("/") / "index.html").read_text(encoding="utf-8")
            assert "fake change" in html and "theme names" in html, path
            ends = [html.find(end_of(n)) for n, _ in CORPUS]
            missing = [n for (n, _), at in zip(CORPUS, ends, strict=True) if at < 0]
            assert not missing, f"{path}: the items before these ends took them: {missing}"
            assert ends == sorted(ends), path
    assert len({n for n, _ in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("path", PATHS)
def test_no_script_from_the_corpus_runs_and_the_theme_stays_intact(
    new_context: Callable[..., BrowserContext], hostile_server: SiteServer, path: str
) -> None:
    context = new_context()
    trap = Trap(context, hostile_server.origin)
    page = context.new_page()
    trap.watch(page)
    page.goto(hostile_server.url(path))
    touched = touch_every_title(page)
    trap.check(page)
    assert not trap.ran, f"script from the corpus ran on {path}: {trap.ran}"
    assert not trap.elsewhere, f"requests to other hosts: {trap.elsewhere}"
    assert theme_problems(page) == [], path
    if path.endswith("/privacy-policy/") or re.search(r"/\d{4}-\d\d-\d\d/$|/draft/$", path):
        # hovering reached the titles and the theme showed them as tooltips
        assert touched > 5, touched
        assert page.evaluate("window.__tooltips") > 5
        # the table of contents links where the page's headings are
        toc = page.eval_on_selector_all(
            ".md-nav--secondary a.md-nav__link", "links => links.map(a => a.hash.slice(1))"
        )
        assert "child" in toc and "long" in toc, toc
        assert page.evaluate("ids => ids.every(id => document.getElementById(id) !== null)", toc), (
            toc
        )


@pytest.mark.parametrize("locale", SEARCHES)
def test_search_results_of_the_corpus_run_nothing(
    new_context: Callable[..., BrowserContext], hostile_server: SiteServer, locale: str
) -> None:
    context = new_context()
    trap = Trap(context, hostile_server.origin)
    page = context.new_page()
    trap.watch(page)
    for query in SEARCHES[locale]:
        page.goto(hostile_server.url(f"/{locale}/privacy-policy/"))
        found = search(page, query)
        assert found, f"search for {query!r} found nothing: the search must work"
        shown = page.inner_text(".md-search-result")
        assert "img/src" in shown, shown  # the hostile text is in the results, as text
        touch_every_title(page)
        trap.check(page)
    assert not trap.ran, f"script from the corpus ran in search results: {trap.ran}"
    assert not trap.elsewhere, f"requests to other hosts: {trap.elsewhere}"
