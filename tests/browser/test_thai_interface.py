"""Thai pages are in Thai: a crawl of every page of the Thai site (and the language chooser)
fails on any visible text, `title` or `aria-label` in Latin script, except policy text (written
by the policy's authors) and what is marked as another language (`lang="en"`). The chooser's
heading is written in each language, and the chooser follows the dark colour scheme."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page

from .harness import SiteServer

pytestmark = pytest.mark.browser

# Latin words a Thai text writes in Latin letters, and nothing else: the company's name (in the
# Thai site name and in the table of contents, from the policy's headings) and the name of the
# feed format ("เปิดฟีด (Atom)"). Dates are written with digits, not letters.
ALLOWED = ("Cybozu", "Atom")
ROOT = Path(__file__).resolve().parents[2]
# The demo's Thai files: the sample history's earlier releases and the repository's policy/.
THAI_FILES = [
    *(ROOT / "examples/sample-history").glob("*/policy/th/*.md"),
    *ROOT.glob("policy/th/*.md"),
]


def authored_notices() -> list[str]:
    """The change notices the policy's authors wrote in the Thai files (front matter `notice`):
    authored text, like the policy itself, where a proper name may stay in Latin letters."""
    notices = []
    for path in sorted(THAI_FILES):
        front = path.read_text(encoding="utf-8").split("---\n")[1]
        notice = yaml.safe_load(front).get("notice")
        if notice:
            notices.append(" ".join(str(notice).split()))
    return notices


# What a reader sees or hears in Latin letters on a page: text of rendered elements (screen
# reader text included), `title`, `aria-label`, `placeholder` and `alt` anywhere, and the
# window title. Text inside the policy (`.rl-policy`, the redline `.rl-diff`) and the notices
# are the authors' (so are the clause history's excerpts, and a clause shown in English where
# its translation is pending, which the header repeats); an element whose language is not
# Thai (`lang="en"` on it or an ancestor) is exempt.
COLLECT = r"""
([allowed, authored]) => {
  const latin = s => /[A-Za-z]/.test(allowed.reduce((t, a) => t.split(a).join(""), s));
  const thai = el => {
    const marked = el.closest("[lang]");
    return !marked || marked.lang.toLowerCase() === "th";
  };
  const where = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (
    el.className && el.className.split ? "." + el.className.split(/\s+/).join(".") : ""
  );
  // A clause shown in English on a Thai page (not translated yet): the header and the table of
  // contents repeat its heading.
  const english = Array.from(document.querySelectorAll('[lang="en"] :is(h2, h3, h4, h5, h6)'))
    .map(h => h.textContent);
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    const authors = "script, style, template, .rl-policy, .rl-diff, .rl-excerpt";
    if (!el || el.closest(authors) || !thai(el)) continue;
    if (!el.getClientRects().length || getComputedStyle(el).visibility === "hidden") continue;
    if (authored.includes(node.textContent.trim().split(/\s+/).join(" "))) continue;
    // only where the theme repeats headings: the header's topic and the table of contents
    const text = node.textContent.trim().split(/\s+/).join(" ");
    const repeats = el.closest('.md-header__topic, [data-md-component="toc"]');
    if (repeats && english.some(h => h.split(/\s+/).join(" ").includes(text))) continue;
    if (latin(node.textContent)) found.push(`${where(el)}: ${node.textContent.trim()}`);
  }
  for (const el of document.body.querySelectorAll("[title], [aria-label], [placeholder], [alt]")) {
    if (!thai(el)) continue;
    for (const name of ["title", "aria-label", "placeholder", "alt"]) {
      const value = el.getAttribute(name);
      if (value && latin(value)) found.push(`${where(el)} ${name}: ${value}`);
    }
  }
  if (thai(document.documentElement) && latin(document.title)) {
    found.push(`title: ${document.title}`);
  }
  return found;
}
"""


def thai_pages(site_dir: Path) -> list[str]:
    """Every page of the Thai site, as site paths."""
    pages = []
    for html in sorted((site_dir / "th").rglob("*.html")):
        path = "/" + html.relative_to(site_dir).as_posix()
        pages.append(path.removesuffix("index.html"))
    return pages


def test_the_crawl_covers_every_kind_of_thai_page(site_dir: Path) -> None:
    pages = thai_pages(site_dir)
    assert "/th/" in pages and "/th/404.html" in pages and "/th/changes/" in pages
    for kind in (r"/privacy-policy/$", r"/history/$", r"/\d{4}-\d\d-\d\d/$", r"/changes/.+\.\.\."):
        assert any(re.search(kind, p) for p in pages), kind


def test_no_latin_script_on_thai_pages(page: Page, server: SiteServer, site_dir: Path) -> None:
    offending: dict[str, list[str]] = {}
    notices = authored_notices()
    assert len(notices) >= 2 and any("My Number" in n for n in notices)
    for path in ["/", *thai_pages(site_dir)]:
        page.goto(server.url(path))
        found = page.evaluate(COLLECT, [list(ALLOWED), notices])
        if found:
            offending[path] = found
    assert offending == {}, "\n".join(f"{p}: {f}" for p, items in offending.items() for f in items)


def test_the_crawl_sees_the_translated_interface(page: Page, server: SiteServer) -> None:
    """The strings the crawl guards, translated: a heading's permanent link, the palette
    toggles, the home page's title; the release summary, English only, marked as English."""
    page.goto(server.url("/th/privacy-policy/"))
    titles = page.eval_on_selector_all(".rl-policy a.headerlink", "a => a.map(e => e.title)")
    assert titles and set(titles) == {"ลิงก์ถาวร"}
    toggles = page.eval_on_selector_all(
        "form[data-md-component=palette] label[title]", "l => l.map(e => e.title)"
    )
    assert sorted(toggles) == ["โหมดมืด", "โหมดสว่าง"]
    page.goto(server.url("/th/privacy-policy/changes/2017-07-28...2023-07-03/"))
    titles = page.eval_on_selector_all(".rl-diff a.headerlink", "a => a.map(e => e.title)")
    assert titles and set(titles) == {"ลิงก์ถาวร"}
    page.goto(server.url("/th/"))
    assert page.inner_text(".md-header__topic:last-child .md-ellipsis") == "นโยบายของ Cybozu"
    assert page.title() == "นโยบายของ Cybozu"
    page.goto(server.url("/th/privacy-policy/history/"))
    summaries = page.locator(".rl-summary")
    assert summaries.count() >= 2
    for i in range(summaries.count()):
        assert summaries.nth(i).get_attribute("lang") == "en"
        assert re.search("[A-Za-z]", summaries.nth(i).text_content() or "")  # folded: no inner_text
    page.goto(server.url("/en/privacy-policy/history/"))  # English on an English page: no mark
    assert page.locator(".rl-summary[lang]").count() == 0


def test_the_chooser_heading_is_written_in_each_language(page: Page, server: SiteServer) -> None:
    page.goto(server.url("/"))
    parts = page.eval_on_selector_all("h1 [lang]", "s => s.map(e => [e.lang, e.textContent])")
    assert parts == [["en", "Cybozu Policies"], ["th", "นโยบายของ Cybozu"]]


def luminance(css: str) -> float:
    """The relative luminance (WCAG) of a computed `rgb(...)` colour."""
    channels = [int(c) / 255 for c in re.findall(r"\d+", css)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_chooser_follows_the_colour_scheme(
    new_context, server: SiteServer, scheme: str
) -> None:
    page = new_context(color_scheme=scheme).new_page()
    page.goto(server.url("/"))
    background = luminance(
        page.eval_on_selector("body", "b => getComputedStyle(b).backgroundColor")
    )
    text = luminance(page.eval_on_selector("h1", "h => getComputedStyle(h).color"))
    link = luminance(page.eval_on_selector("main a", "a => getComputedStyle(a).color"))
    if scheme == "dark":
        assert background < 0.05 and text > 0.6 and link > 0.5
    else:
        assert background > 0.9 and text < 0.05 and link < 0.1
