"""Readable notices and tables in Chromium, English and Thai, light and dark, from a 320 px phone
to a 1280 px desktop: the plain-language parts (notices, banners, the history's notices) at the
body's size; the history with a draft row within the screen, its notice column taking the free
width on a desktop; status chips on one line ("มีผลใช้บังคับ" is not broken by Thai line
breaking); the highlighted row holding its chip; focus states at 4.5:1 or more.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, expect

from .harness import SiteServer, open_page

pytestmark = pytest.mark.browser

LOCALES = ["en", "th"]
SCHEMES = ["light", "dark"]
WIDTHS = [320, 375, 768, 1280]
IN_FORCE = "rev-2023-07-03"  # the sample's text in force, as of the tests' date

_AXE = Axe()


def contrast_violations(page: Page) -> list[Any]:
    """axe's color-contrast rule on the page as it is now (a focused control included)."""
    found = _AXE.run(page, options={"runOnly": ["color-contrast"]}).response["violations"]
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in found]


# Every element of the article that passes the article's right edge (the screen's, on a phone).
PAST_THE_EDGE = """() => {
    const edge = document.querySelector("article").getBoundingClientRect().right + 0.5;
    return [...document.querySelectorAll("article *")].filter(e => {
        const box = e.getBoundingClientRect();
        return box.width > 0 && box.right > edge;
    }).map(e => e.tagName.toLowerCase() + "." + e.className).slice(0, 5);
}"""
# The lines a chip's words are set on (Thai line breaking breaks between words without spaces).
LINES = """e => { const range = document.createRange(); range.selectNodeContents(e);
    return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size; }"""
FONT = "e => parseFloat(getComputedStyle(e).fontSize)"


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("locale", LOCALES)
def test_the_history_with_a_draft_reads_at_every_width(
    new_context: Callable[..., BrowserContext],
    drafts_server: SiteServer,
    locale: str,
    width: int,
    scheme: str,
) -> None:
    page = open_page(new_context, locale, width, color_scheme=scheme)
    # The address of the text in force's row, as a link from a notice gives it: highlighted.
    page.goto(drafts_server.url(f"/{locale}/privacy-policy/history/#{IN_FORCE}"))
    rows = page.locator("table.rl-revisions tbody tr")
    expect(rows.first).to_have_class("rl-history__item rl-status--draft")

    # Nothing passes the screen's or the article's edge, the draft row's long chip included.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate(PAST_THE_EDGE) == []

    # Every chip on one line, never broken inside a word.
    chips = page.locator("table.rl-revisions .rl-mark")
    assert chips.count() == {"en": 5, "th": 3}[locale]  # the draft's, in force, archived
    expect(chips.nth(1)).to_have_text({"en": "In force", "th": "มีผลใช้บังคับ"}[locale])
    for chip in chips.all():
        assert chip.evaluate(LINES) == 1, chip.inner_text()

    # The highlighted row holds its chip inside its frame (3 px, drawn inside the row).
    row = page.locator(f"#{IN_FORCE}")
    frame = row.evaluate("r => parseFloat(getComputedStyle(r).outlineWidth)")
    assert frame >= 3
    outer, chip = row.bounding_box(), row.locator(".rl-mark").first.bounding_box()
    assert outer is not None and chip is not None
    assert chip["x"] >= outer["x"] + frame and chip["y"] >= outer["y"] + frame, (outer, chip)
    assert chip["x"] + chip["width"] <= outer["x"] + outer["width"] - frame, (outer, chip)

    # The notices at the body's size, and in full (no line clamped away).
    body = page.locator("article.md-typeset").evaluate(FONT)
    for notice in page.locator("table.rl-revisions .rl-notice").all():
        assert notice.evaluate(FONT) == body
        assert notice.evaluate("e => e.scrollHeight <= e.clientHeight + 1")
    if width >= 1280:
        # The notice column takes the width the other columns leave: the widest, beside an
        # empty table of contents gone.
        widths = page.locator("table.rl-revisions thead th").evaluate_all(
            "cells => cells.map(c => c.getBoundingClientRect().width)"
        )
        assert widths[4] == max(widths) and widths[4] >= 300, widths
        expect(page.locator(".md-sidebar--secondary")).to_be_hidden()

    # The focused "Show" / "แสดง" button at 4.5:1 or more (the accent under white was 4.25:1).
    show = page.locator("form.rl-when button[type=submit]")
    show.focus()
    assert show.evaluate("b => b.matches(':focus')")
    assert contrast_violations(page) == []


@pytest.mark.parametrize("width", [375, 1280])
def test_a_thai_reader_reads_the_lag_banner_and_notices_at_body_size(
    new_context: Callable[..., BrowserContext], lagging_server: SiteServer, width: int
) -> None:
    page = open_page(new_context, "th", width)
    page.goto(lagging_server.url("/th/privacy-policy/"))
    body = page.locator("article.md-typeset").evaluate(FONT)
    banner = page.locator(".rl-banner--lagging")
    expect(banner).to_be_visible()
    said = banner.locator("p:not(.admonition-title)")
    assert said.count() >= 3  # the lag, the English revision's title and its notice
    for paragraph in said.all():
        if "rl-pending__dates" not in (paragraph.get_attribute("class") or ""):
            assert paragraph.evaluate(FONT) == body, paragraph.inner_text()[:60]
    assert body >= 16  # Material's admonition size was 12.8 px


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_focus_state_of_a_redline_meets_the_contrast(
    new_context: Callable[..., BrowserContext], server: SiteServer, scheme: str
) -> None:
    page = new_context(color_scheme=scheme).new_page()
    page.goto(server.url("/th/privacy-policy/changes/2017-07-28...2023-07-03/"))
    page.locator("label.rl-fold").click()  # "changes only": the gap buttons show
    controls = [
        page.locator(".rl-toolbar .md-button").first,  # the previous / next change buttons
        page.locator(".rl-keys-hint button").first,
        page.locator(".rl-gap button").first,
    ]
    for control in controls:
        control.focus()
        expect(control).to_be_focused()
        assert contrast_violations(page) == [], control.inner_text()
