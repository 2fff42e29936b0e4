"""A reader's clause history on a phone (375 CSS px), in English and in Thai: from the line
under a clause heading, by keyboard, to that clause's section of the clause history page."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, expect

from .harness import SiteServer, phone_page

pytestmark = pytest.mark.browser

WIDTH = 375
# Per locale: the words of the line under a heading, and of the page's title.
WORDS = {
    "en": ("changed", "history", "History of each clause", "Changed"),
    "th": ("แก้ไขเมื่อ", "ประวัติ", "ประวัติของแต่ละข้อ", "แก้ไข"),
}


@pytest.mark.parametrize("locale", ["en", "th"])
def test_a_reader_on_a_phone_follows_a_clause_to_its_history(
    new_context: Callable[..., BrowserContext], server: SiteServer, locale: str
) -> None:
    changed, history, title, label = WORDS[locale]
    page = phone_page(new_context, locale, WIDTH)
    page.goto(server.url(f"/{locale}/privacy-policy/"))
    note = page.locator("#information-we-collect + p.rl-clause-changed")
    expect(note).to_be_visible()
    # "changed <date>", not "unchanged since the first revision"
    expect(note).to_contain_text(re.compile(rf"(?<!\w){changed} "))
    if locale == "th":
        expect(note.locator("time")).to_have_text("3 ก.ค. 2566")  # the Buddhist Era
    link = note.get_by_role("link", name=history)
    # Read alone, the link names its clause (the heading's text, for screen readers).
    heading = page.locator("h2#information-we-collect").inner_text().rstrip("#¶ \n")
    expect(link).to_have_accessible_name(re.compile(rf"^{history}\s*:\s*{re.escape(heading)}\s*$"))
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/privacy-policy/history/clauses/#information-we-collect")
    expect(page.locator("h1")).to_contain_text(title)
    section = page.locator("section#information-we-collect")
    expect(section).to_be_in_viewport()
    expect(section.locator(".rl-clause-change").first.locator(".rl-mark")).to_have_text(label)
    assert section.locator(".rl-excerpt ins").count() > 0
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    # Every clause line of the text in force is on the page, and none is printed.
    page.goto(server.url(f"/{locale}/privacy-policy/"))
    count = page.locator("h2[id] + p.rl-clause-changed").count()
    assert count == page.locator(".rl-policy h2[id]").count() > 5
    page.emulate_media(media="print")
    expect(note).to_be_hidden()
