"""A reader's visit stays between the reader and the site: no request to any other host, no
cookie, no web font; Thai text is set in system fonts that cover Thai."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, Request, Response

from .harness import SiteServer, search, switch_to

pytestmark = pytest.mark.browser

PAGES = [
    pytest.param("/", id="chooser"),
    pytest.param("/en/privacy-policy/", id="en-policy"),
    pytest.param("/th/privacy-policy/", id="th-policy"),
    pytest.param("/en/privacy-policy/changes/2017-02-12...2023-07-03/", id="en-diff"),
    pytest.param("/th/privacy-policy/changes/2017-07-28...2023-07-03/", id="th-diff"),
    pytest.param("/en/privacy-policy/history/", id="en-history"),
    pytest.param("/th/privacy-policy/history/", id="th-history"),
    # Links to feed readers and an email service: plain links, nothing asked of them.
    pytest.param("/th/privacy-policy/follow/", id="th-follow"),
    pytest.param("/en/follow/", id="en-follow"),
]
PATHS = [p.values[0] for p in PAGES]
# System fonts with Thai glyphs: Linux (Noto, TLWG), Windows (Leelawadee, Tahoma), macOS.
THAI_FONTS = {"Noto Sans Thai", "Leelawadee UI", "Leelawadee", "Thonburi", "Tahoma", "Loma"}


class Visit:
    """Every request and response of one page load (and of the scripts it starts)."""

    def __init__(self, page: Page) -> None:
        self.requests: list[Request] = []
        self.responses: list[Response] = []
        self.failed: list[Request] = []
        page.on("request", lambda request: self.requests.append(request))
        page.on("response", lambda response: self.responses.append(response))
        page.on("requestfailed", lambda request: self.failed.append(request))


def network(url: str) -> bool:
    return urlsplit(url).scheme not in {"data", "blob", "about"}


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def visit(page: Page, server: SiteServer, path: str) -> Visit:
    seen = Visit(page)
    page.goto(server.url(path), wait_until="networkidle")
    # A moment more for anything a script starts late (search worker, sitemap fetches).
    page.wait_for_timeout(300)
    return seen


@pytest.mark.parametrize("path", PAGES)
def test_every_request_goes_to_the_site_and_succeeds(
    page: Page, server: SiteServer, path: str
) -> None:
    seen = visit(page, server, path)
    elsewhere = [r.url for r in seen.requests if network(r.url) and origin(r.url) != server.origin]
    assert not elsewhere, f"{path} sent requests to other hosts: {elsewhere}"
    broken = [f"{r.status} {r.url}" for r in seen.responses if r.status >= 400]
    broken += [f"{r.failure} {r.url}" for r in seen.failed]
    assert not broken, f"{path}: requests that failed: {broken}"


@pytest.mark.parametrize("path", PATHS)
def test_no_third_party_request_and_no_cookie(
    page: Page, context: BrowserContext, server: SiteServer, canonical: str, path: str
) -> None:
    """No host but the site itself (where it is served, or its configured address) is asked,
    and nothing sets a cookie."""
    seen = visit(page, server, path)
    ours = {server.origin, origin(canonical)}
    third = [r.url for r in seen.requests if network(r.url) and origin(r.url) not in ours]
    assert not third, f"{path} sent requests to third parties: {third}"
    assert page.evaluate("document.cookie") == ""
    setting = [r.url for r in seen.responses if r.header_value("set-cookie") is not None]
    assert not setting, f"Set-Cookie from {setting}"
    assert context.cookies() == []


def test_no_cookies_after_reading_searching_and_switching(
    page: Page, context: BrowserContext, server: SiteServer
) -> None:
    """Using the site (search, the language switcher, a redline's controls) sets no cookie."""
    page.goto(server.url("/th/privacy-policy/"))
    assert search(page, "คุกกี้")
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_url("**/th/cookie-policy/")
    switch_to(page, "en")
    page.wait_for_url("**/en/cookie-policy/")
    page.goto(server.url("/en/privacy-policy/changes/2017-02-12...2023-07-03/"))
    page.click('[data-rl-step="1"]')
    page.check("[data-rl-fold]")
    assert page.evaluate("document.cookie") == ""
    assert context.cookies() == []


def rendered_fonts(context: BrowserContext, page: Page, selector: str) -> list[dict]:
    """The platform fonts Chromium actually drew the element's text with (DevTools protocol)."""
    cdp = context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]


THAI_DIFF = "/th/privacy-policy/changes/2017-07-28...2023-07-03/"
THAI_TEXT = [
    pytest.param("/", "li[lang=th] a", id="chooser"),
    pytest.param("/th/privacy-policy/", ".rl-policy > p:nth-of-type(2)", id="th-policy"),
    pytest.param(THAI_DIFF, ".rl-diff > p", id="th-diff"),
]


@pytest.mark.parametrize(("path", "selector"), THAI_TEXT)
def test_thai_text_uses_system_fonts_only(
    page: Page, context: BrowserContext, server: SiteServer, path: str, selector: str
) -> None:
    seen = visit(page, server, path)
    text = page.inner_text(selector)
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in text), text
    # No @font-face anywhere on the page, and no font file requested from anywhere.
    assert page.evaluate("document.fonts.size") == 0
    faces = page.evaluate(
        """() => [...document.styleSheets].flatMap(s => {
            try { return [...s.cssRules]; } catch (e) { return [`unreadable: ${s.href}`]; }
        }).filter(r => typeof r === "string" || r instanceof CSSFontFaceRule).map(String)"""
    )
    assert faces == []
    assert [r.url for r in seen.requests if r.resource_type == "font"] == []
    fonts = rendered_fonts(context, page, selector)
    assert fonts and not [f for f in fonts if f["isCustomFont"]], fonts


@pytest.mark.parametrize(
    ("path", "selector"),
    [
        THAI_TEXT[0],
        pytest.param(*THAI_TEXT[1].values, id="th-policy"),
        pytest.param(*THAI_TEXT[2].values, id="th-diff"),
    ],
)
def test_thai_text_font_stack_covers_thai(
    page: Page, server: SiteServer, path: str, selector: str
) -> None:
    """The declared stack names the Thai-covering system fonts of Windows, macOS, Linux."""
    page.goto(server.url(path))
    stack = page.evaluate("(s) => getComputedStyle(document.querySelector(s)).fontFamily", selector)
    families = [f.strip().strip("\"'") for f in stack.split(",")]
    assert families[-1] == "sans-serif", stack
    assert THAI_FONTS & set(families), f"no font that covers Thai in {stack!r}"
    assert {"Leelawadee UI", "Thonburi"} <= set(families), stack  # Windows, macOS
    assert "_" not in families, stack
