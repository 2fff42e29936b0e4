"""Each locale reads in its own language (`<html lang>`, the interface), the language switcher
goes to the same document and revision in the other locale, and `/` works without JavaScript."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page

from .harness import SiteServer, serve_at, switch_to

pytestmark = pytest.mark.browser

KINDS = [
    "/{lc}/",
    "/{lc}/privacy-policy/",
    "/{lc}/privacy-policy/history/",
    "/{lc}/privacy-policy/2017-07-28/",
    "/{lc}/privacy-policy/changes/2017-07-28...2023-07-03/",
    "/{lc}/changes/",
    "/{lc}/cookie-policy/",
    "/{lc}/cookie-policy/2022-08-24/",
    "/{lc}/cookie-policy/history/",
    "/{lc}/404.html",
    "/{lc}/follow/",
    "/{lc}/privacy-policy/follow/",
]


@pytest.mark.parametrize("locale", ["en", "th"])
def test_html_lang_on_every_kind_of_page(page: Page, server: SiteServer, locale: str) -> None:
    for kind in KINDS:
        path = kind.format(lc=locale)
        response = page.goto(server.url(path))
        assert response is not None and response.ok, path
        assert page.evaluate("document.documentElement.lang") == locale, path


def test_english_interface(page: Page, server: SiteServer) -> None:
    page.goto(server.url("/en/privacy-policy/"))
    assert page.get_attribute("input.md-search__input", "placeholder") == "Search"
    assert page.inner_text(".md-skip") == "Skip to content"
    assert "Table of contents" in page.inner_text(".md-sidebar--secondary")
    dates = page.inner_text(".rl-dates")
    assert "Revised on July 3, 2023" in dates and "Effective July 3, 2023" in dates
    assert page.inner_text("h1") == "Privacy Policy"


def test_thai_interface(page: Page, server: SiteServer) -> None:
    page.goto(server.url("/th/"))
    assert page.get_attribute("input.md-search__input", "placeholder") == "ค้นหา"
    home = page.inner_text("article")
    assert "นโยบายความเป็นส่วนตัว" in home and "นโยบายคุกกี้" in home
    assert "ประกาศการเปลี่ยนแปลง" in home  # "change notices"
    page.goto(server.url("/th/privacy-policy/"))
    assert page.get_attribute("input.md-search__input", "placeholder") == "ค้นหา"
    assert page.inner_text(".md-skip") == "ข้ามไปที่เนื้อหา"  # "skip to content"
    assert "สารบัญ" in page.inner_text(".md-sidebar--secondary")  # "table of contents"
    dates = page.inner_text(".rl-dates")
    # Thai dates in the Buddhist Era: 3 July 2023 is 3 กรกฎาคม 2566.
    assert "แก้ไขเมื่อวันที่ 3 กรกฎาคม 2566" in dates, dates
    assert "มีผลใช้บังคับ 3 กรกฎาคม 2566" in dates, dates
    assert "2023" not in dates
    assert page.inner_text("h1") == "นโยบายความเป็นส่วนตัว"


def test_switcher_goes_to_the_thai_text_in_force(page: Page, server: SiteServer) -> None:
    page.goto(server.url("/en/privacy-policy/"))
    switch_to(page, "th")
    page.wait_for_url(server.url("/th/privacy-policy/"))
    assert page.evaluate("document.documentElement.lang") == "th"
    assert page.inner_text("h1") == "นโยบายความเป็นส่วนตัว"
    switch_to(page, "en")
    page.wait_for_url(server.url("/en/privacy-policy/"))
    assert page.inner_text("h1") == "Privacy Policy"


def test_switcher_on_an_english_only_revision_goes_to_its_thai_page(
    page: Page, server: SiteServer
) -> None:
    """English 2022-03-31 has no Thai translation: the switch lands on the Thai page at its
    address, which says so and shows Thai 2017-07-28, in force on that day, with the English
    clauses it lacked."""
    page.goto(server.url("/en/privacy-policy/2022-03-31/"))
    switch_to(page, "th")
    page.wait_for_url(server.url("/th/privacy-policy/2022-03-31/"))
    assert page.evaluate("document.documentElement.lang") == "th"
    banner = page.locator(".rl-banner--pending").first.inner_text()
    assert "ฉบับแก้ไขภาษาอังกฤษวันที่ 31 มีนาคม 2565" in banner
    assert "คำแปลฉบับวันที่ 28 กรกฎาคม 2560" in banner
    # And back: the English revision of that date.
    switch_to(page, "en")
    page.wait_for_url(server.url("/en/privacy-policy/2022-03-31/"))
    assert "Revised on March 31, 2022" in page.inner_text(".rl-dates")


@pytest.mark.parametrize(
    ("path", "alternates"),
    [
        ("/en/privacy-policy/", {"en": "/en/privacy-policy/", "th": "/th/privacy-policy/"}),
        ("/th/privacy-policy/", {"en": "/en/privacy-policy/", "th": "/th/privacy-policy/"}),
        (
            "/en/privacy-policy/2022-03-31/",
            {"en": "/en/privacy-policy/2022-03-31/", "th": "/th/privacy-policy/2017-07-28/"},
        ),
        (
            "/th/privacy-policy/changes/2017-07-28...2023-07-03/",
            {
                "en": "/en/privacy-policy/changes/2017-07-28...2023-07-03/",
                "th": "/th/privacy-policy/changes/2017-07-28...2023-07-03/",
            },
        ),
        ("/th/changes/", {"en": "/en/changes/", "th": "/th/changes/"}),
        ("/", {"en": "/en/", "th": "/th/"}),
    ],
)
def test_hreflang_alternates(
    page: Page, server: SiteServer, path: str, alternates: dict[str, str]
) -> None:
    page.goto(server.url(path))
    links = page.eval_on_selector_all(
        "head link[rel=alternate][hreflang]:not([type])",
        "links => links.map(l => [l.hreflang, l.href])",
    )
    found = {lang: urlsplit(href).path for lang, href in links}
    if "..." in path:  # a redline is not in the sitemap: no hreflang alternates, the switcher
        assert found == {}
    else:
        assert found == alternates
        assert len(links) == len(found)  # one per locale
    switchers = page.eval_on_selector_all(
        "a.rl-switch", "links => links.map(a => [a.hreflang, a.lang, a.href])"
    )
    switched = {h: urlsplit(href).path for h, lang, href in switchers if h == lang}
    if path == "/en/privacy-policy/2022-03-31/":
        # No Thai revision of that date: the switch goes to the Thai page at its address, which
        # shows the Thai text above with the clauses it lacked (site.switch_target).
        assert switched == {**alternates, "th": "/th/privacy-policy/2022-03-31/"}
    elif path != "/":  # the switcher goes where the alternates say
        assert switched == alternates


def test_chooser_works_without_javascript(
    new_context: Callable[..., BrowserContext], server: SiteServer
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto(server.url("/"))
    assert page.evaluate("1") == 1  # evaluate still runs; the page's own scripts do not
    assert page.get_attribute("html", "lang") == "en"
    choices = page.locator("main a[hreflang]")
    assert choices.count() == 2
    for locale, name, home_title in [
        ("en", "English", "Cybozu Policies"),
        ("th", "ไทย", "นโยบายของ Cybozu"),
    ]:
        page.goto(server.url("/"))
        link = page.locator(f"main a[hreflang={locale}]")
        assert link.get_attribute("href") == f"{locale}/"
        assert name in link.inner_text()
        assert link.evaluate("a => a.closest('[lang]').lang") == locale
        link.click()
        page.wait_for_url(server.url(f"/{locale}/"))
        assert page.get_attribute("html", "lang") == locale
        assert page.inner_text("article h1") == home_title
        assert page.locator("article a[href$='privacy-policy/']").count() >= 1


def test_chooser_highlights_the_browsers_language(
    new_context: Callable[..., BrowserContext], server: SiteServer
) -> None:
    page = new_context(locale="th-TH").new_page()
    page.goto(server.url("/"))
    assert page.locator("a.preferred").get_attribute("hreflang") == "th"
    assert page.url == server.url("/")  # highlighted, never redirected


# --- The site at its own address -------------------------------------------------------------
# Served from `site_url` itself (as in production), mkdocs-material's alternate-language script
# can take over clicks on links that start with a `<link rel=alternate hreflang>` address and
# navigate to that bare address (no trailing slash, no clause); the switcher must not let it.


def test_switcher_keeps_the_clause_at_the_sites_own_address(
    new_context: Callable[..., BrowserContext], site_dir: Path, canonical: str
) -> None:
    context = new_context()
    serve_at(context, canonical, site_dir)
    page = context.new_page()
    page.goto(f"{canonical}/en/privacy-policy/2023-07-03/#joint-use", wait_until="networkidle")
    switch_to(page, "th")
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)
    assert page.url == f"{canonical}/th/privacy-policy/2023-07-03/#joint-use"
