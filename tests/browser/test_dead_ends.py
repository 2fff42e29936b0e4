"""No dead ends, in real Chromium, at 375 and 1280 px, in both locales: the "follow changes" page
(the copy button said aloud, the feed readers' links encoded, nothing loaded from elsewhere, the
address selectable without script), the error page in every language with working links, the
language switch from an English-only revision or redline that says why, and the drafts a preview
announces on the home and policy pages."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, expect

from .harness import (
    AS_OF_EPOCH,
    SiteServer,
    build_variant_site,
    draft_privacy_policy,
    open_page,
    switch_to,
)

pytestmark = pytest.mark.browser

WIDTHS = [375, 1280]
COPIED = {"en": "Address copied", "th": "คัดลอกที่อยู่แล้ว"}
_AXE = Axe()


def no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("window.innerWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def axe_clean(page: Page) -> None:
    violations = _AXE.run(page).response["violations"]
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]


# -- follow changes --------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("locale", ["en", "th"])
def test_a_reader_copies_the_feed_address_and_hears_it_was_copied(
    new_context: Callable[..., BrowserContext],
    server: SiteServer,
    canonical: str,
    locale: str,
    scheme: str,
    width: int,
) -> None:
    page = open_page(
        new_context, locale, width,
        color_scheme=scheme, permissions=["clipboard-read", "clipboard-write"],
    )  # fmt: skip
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(server.url(f"/{locale}/privacy-policy/"))
    page.locator("nav.rl-revbar a.rl-follow").click()
    page.wait_for_url(server.url(f"/{locale}/privacy-policy/follow/"))
    assert page.evaluate("document.documentElement.lang") == locale
    expected = "slate" if scheme == "dark" else "default"
    assert page.get_attribute("body", "data-md-color-scheme") == expected
    address = f"{canonical}/{locale}/privacy-policy/feed.xml"  # the site's public address
    expect(page.locator("#rl-feed-address")).to_have_text(address)
    status = page.get_by_role("status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_have_text("")
    button = page.locator("button.rl-copy")
    expect(button).to_be_visible()
    button.click()
    expect(status).to_have_text(COPIED[locale])
    assert page.evaluate("navigator.clipboard.readText()") == address
    # Each feed reader gets the address url-encoded, by a plain link.
    encoded = quote(address, safe="")
    readers = page.locator(".rl-feed-readers a")
    assert [readers.nth(i).get_attribute("href") for i in range(readers.count())] == [
        f"https://feedly.com/i/subscription/feed/{encoded}",
        f"https://www.inoreader.com/?add_feed={encoded}",
        f"https://www.newsblur.com/?url={encoded}",
    ]
    for i in range(readers.count()):
        expect(readers.nth(i)).to_be_visible()
    # Nothing asked of another site; the feed itself opens from the page.
    assert all(u.startswith(server.origin) for u in requests), requests
    no_sideways_scroll(page)
    if width == 1280:
        axe_clean(page)
    opens = {"en": "Open the feed (Atom)", "th": "เปิดฟีด (Atom)"}[locale]
    feed = page.get_by_role("link", name=opens)
    assert feed.get_attribute("href") == "../feed.xml"


@pytest.mark.parametrize("locale", ["en", "th"])
def test_without_script_the_address_is_text_to_select_and_no_button_shows(
    new_context: Callable[..., BrowserContext], server: SiteServer, canonical: str, locale: str
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto(server.url(f"/{locale}/follow/"))
    expect(page.locator("#rl-feed-address")).to_have_text(f"{canonical}/{locale}/feed.xml")
    expect(page.locator("button.rl-copy")).to_be_hidden()
    page.locator("#rl-feed-address").dblclick()
    assert page.evaluate("getSelection().toString().trim()") != ""
    if locale == "en":
        expect(page.locator("h1")).to_have_text("Follow changes")
    else:
        expect(page.locator("h1")).to_have_text("ติดตามการเปลี่ยนแปลง")


# -- the error page ---------------------------------------------------------------------------


def serve_like_a_host(context: BrowserContext, server: SiteServer, site: Path) -> None:
    """A missing address answered with the root's `404.html`, as GitHub Pages does."""

    def answer(route: Any) -> None:
        path = unquote(urlsplit(route.request.url).path)
        target = site / path.lstrip("/")
        if target.is_dir():
            target = target / "index.html"
        if target.is_file():
            route.continue_()
        else:
            body = (site / "404.html").read_bytes()
            route.fulfill(status=404, body=body, content_type="text/html")

    context.route(f"{server.origin}/**", answer)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("locale", ["en", "th"])
def test_a_missing_address_says_so_in_every_language_and_leads_to_the_policies(
    new_context: Callable[..., BrowserContext],
    server: SiteServer,
    site_dir: Path,
    locale: str,
    width: int,
) -> None:
    page = open_page(new_context, locale, width)
    serve_like_a_host(page.context, server, site_dir)
    response = page.goto(server.url(f"/{locale}/privacy-policy/no/such/page/"))
    assert response is not None and response.status == 404
    english = page.locator('section.rl-not-found[lang="en"]')
    thai = page.locator('section.rl-not-found[lang="th"]')
    expect(english.get_by_role("heading")).to_have_text("Page not found")
    expect(thai.get_by_role("heading")).to_have_text("ไม่พบหน้าที่ต้องการ")
    expect(page.locator("h1")).to_have_count(1)
    no_sideways_scroll(page)
    # The root's page, served at a nested address: its links still work (absolute).
    section = thai if locale == "th" else english
    name = {"en": "Privacy Policy", "th": "นโยบายความเป็นส่วนตัว"}[locale]
    section.get_by_role("link", name=name).click()
    page.wait_for_url(server.url(f"/{locale}/privacy-policy/"))
    expect(page.locator("h1#rl-title")).to_have_text(name)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["/404.html", "/th/404.html"])
def test_the_error_pages_are_in_their_language_first_and_pass_axe(
    new_context: Callable[..., BrowserContext], server: SiteServer, path: str, scheme: str
) -> None:
    page = new_context(color_scheme=scheme).new_page()
    page.goto(server.url(path))
    own = "th" if path.startswith("/th/") else "en"
    assert page.evaluate("document.documentElement.lang") == own
    expect(page.locator("section.rl-not-found").first).to_have_attribute("lang", own)
    expect(page.locator("h1")).to_have_text({"en": "Page not found", "th": "ไม่พบหน้าที่ต้องการ"}[own])
    page.locator('section.rl-not-found[lang="th"]').get_by_role("link", name="นโยบายทั้งหมด").click()
    page.wait_for_url(server.url("/th/"))
    page.go_back()
    axe_clean(page)


# -- the language switch from a page without a translation -------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    ("english", "date", "stood"),
    [
        # No Thai text yet on that day: the switch leads to the page that says so.
        ("/en/privacy-policy/2017-02-12/", "12 กุมภาพันธ์ 2560", None),
        # A Thai text stood beside it: the page shows it, with the clauses it lacked
        # (test_language_switch.py lands on one).
        ("/en/privacy-policy/2022-03-31/", "31 มีนาคม 2565", "28 กรกฎาคม 2560"),
    ],
    ids=["before-any-translation", "at-its-address"],
)
def test_the_thai_page_of_an_english_only_revision_says_why(
    new_context: Callable[..., BrowserContext],
    server: SiteServer,
    english: str | None,
    date: str,
    stood: str | None,
    width: int,
) -> None:
    page = open_page(new_context, "th", width)
    slug = {"31 มีนาคม 2565": "2022-03-31", "12 กุมภาพันธ์ 2560": "2017-02-12"}[date]
    if english is not None:
        page.goto(server.url(english))
        switch_to(page, "th")
    else:
        page.goto(server.url(f"/th/privacy-policy/{slug}/"))
    page.wait_for_url(server.url(f"/th/privacy-policy/{slug}/"))
    assert page.evaluate("document.documentElement.lang") == "th"
    banner = page.get_by_role("note", name="ฉบับแก้ไขนี้ไม่มีฉบับแปล")
    if stood:
        expect(banner).to_contain_text(
            f"ไม่มีการเผยแพร่คำแปลของฉบับแก้ไขภาษาอังกฤษวันที่ {date} "
            f"ด้านล่างคือคำแปลฉบับวันที่ {stood} ที่ใช้อยู่ในขณะนั้น"
        )
        # Below it, that Thai text, with the English clauses it lacked, in English.
        added = page.locator(".rl-policy section.rl-untranslated[lang=en] #external-environment")
        expect(added).to_have_count(1)
        assert page.locator(".rl-policy h2[id]").count() >= 5
        # In the banner, what that revision changed: its Thai notice (the front matter's) and
        # the clauses it added and changed, named in English.
        notice = banner.locator(".rl-pending__notice[lang=th]")
        expect(notice).to_contain_text("ปรับปรุงตามพระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคลฉบับแก้ไข")
        expect(banner.locator(".rl-pending__clauses")).to_contain_text(
            "ข้อที่เพิ่มใหม่: (6) Understanding the external environment"
        )
        expect(banner.locator(".rl-pending__clauses span[lang=en]")).to_have_count(2)
    else:
        expect(banner).to_contain_text(f"ฉบับภาษาอังกฤษแก้ไขวันที่ {date} ไม่มีฉบับแปลภาษาไทย")
        assert page.locator(".rl-policy").count() == 0
        # The first English text: no Thai notice, the Thai "revised on"; no clause lines.
        expect(banner.locator(".rl-pending__notice")).to_have_text(
            f"นโยบายนี้ได้รับการแก้ไขเมื่อวันที่ {date}"
        )
        expect(banner.locator(".rl-pending__clauses")).to_have_count(0)
    no_sideways_scroll(page)
    if width == 1280:
        axe_clean(page)
    # Back to the English text, then on to the Thai history and the Thai text in force.
    page.get_by_role("link", name="อ่านฉบับภาษาอังกฤษ").click()
    page.wait_for_url(server.url(f"/en/privacy-policy/{slug}/"))
    page.go_back()
    if stood:  # and to its redline against the English revision before it
        page.get_by_role("link", name="สิ่งที่เปลี่ยนแปลงในฉบับภาษาอังกฤษ").click()
        page.wait_for_url(server.url(f"/en/privacy-policy/changes/2017-07-28...{slug}/"))
        page.go_back()
    page.locator("article").get_by_role("link", name="ประวัติการแก้ไข").click()
    page.wait_for_url(server.url("/th/privacy-policy/history/"))
    page.go_back()
    page.get_by_role("link", name="ดูฉบับที่มีผลใช้บังคับ").click()
    page.wait_for_url(server.url("/th/privacy-policy/"))


def test_the_switch_back_from_that_page_leads_to_the_english_revision(
    page: Page, server: SiteServer
) -> None:
    page.goto(server.url("/th/privacy-policy/2022-03-31/"))
    switch_to(page, "en")
    page.wait_for_url(server.url("/en/privacy-policy/2022-03-31/"))


# -- drafts announced in a preview ------------------------------------------------------------


@pytest.fixture(scope="module")
def preview_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    """The sample history with a draft of both texts in the working tree, built with
    `drafts: true` (as `mkdocs serve` or REDLINE_DRAFTS=1 shows it)."""
    where = tmp_path_factory.mktemp("redline-preview")
    site = build_variant_site(where, epoch=AS_OF_EPOCH, edit=draft_privacy_policy, drafts=True)
    with SiteServer(site) as running:
        yield running


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("locale", ["en", "th"])
@pytest.mark.parametrize("start", ["home", "policy"])
def test_a_preview_announces_the_draft_on_the_home_and_policy_pages(
    new_context: Callable[..., BrowserContext],
    preview_server: SiteServer,
    start: str,
    locale: str,
    width: int,
) -> None:
    page = open_page(new_context, locale, width)
    path = f"/{locale}/" if start == "home" else f"/{locale}/privacy-policy/"
    page.goto(preview_server.url(path))
    name = {"en": "A draft exists", "th": "มีฉบับร่าง"}[locale]
    banner = page.get_by_role("note", name=name)
    expect(banner).to_be_visible()
    no_sideways_scroll(page)
    draft = {"en": "Read the draft", "th": "อ่านฉบับร่าง"}[locale]
    redline = {"en": "Changes against the text in force", "th": "ความแตกต่างจากฉบับที่มีผลใช้บังคับ"}
    links = banner.get_by_role("link")
    expect(links).to_have_count(2)
    expect(links.first).to_have_text(draft)
    expect(links.nth(1)).to_have_text(redline[locale])
    links.nth(1).click()
    page.wait_for_url(preview_server.url(f"/{locale}/privacy-policy/changes/2023-07-03...draft/"))
    page.go_back()
    links.first.click()
    page.wait_for_url(preview_server.url(f"/{locale}/privacy-policy/draft/"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_drafts_banner_passes_axe(
    new_context: Callable[..., BrowserContext], preview_server: SiteServer, scheme: str
) -> None:
    page = new_context(color_scheme=scheme).new_page()
    for path in ("/th/", "/en/privacy-policy/"):
        page.goto(preview_server.url(path))
        axe_clean(page)
