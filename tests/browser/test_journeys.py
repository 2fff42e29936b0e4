"""Readers' and reviewers' journeys through the site, end to end, as they click and type."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .harness import SiteServer, search, switch_to

pytestmark = pytest.mark.browser


def hash_of(page: Page) -> str:
    return page.evaluate("location.hash")


def test_reader_journey(page: Page, server: SiteServer) -> None:
    page.goto(server.url("/"))
    page.get_by_role("link", name=re.compile("^ไทย")).click()
    page.wait_for_url(server.url("/th/"))
    assert page.evaluate("document.documentElement.lang") == "th"

    page.locator("article").get_by_role("link", name="นโยบายความเป็นส่วนตัว").click()
    page.wait_for_url(server.url("/th/privacy-policy/"))
    assert page.inner_text("h1") == "นโยบายความเป็นส่วนตัว"

    # A clause from the table of contents: 5. Joint use.
    page.locator('.md-sidebar--secondary a.md-nav__link[href="#joint-use"]').click()
    page.wait_for_url(server.url("/th/privacy-policy/#joint-use"))
    clause = page.locator("#joint-use")
    expect(clause).to_be_in_viewport()
    assert clause.inner_text().startswith("5. การใช้ข้อมูลร่วมกัน")

    switch_to(page, "en")
    page.wait_for_url(server.url("/en/privacy-policy/#joint-use"))
    assert page.evaluate("document.documentElement.lang") == "en"
    clause = page.locator("#joint-use")
    expect(clause).to_be_in_viewport()
    assert clause.inner_text().startswith("5. Joint Use")
    assert "Revised on July 3, 2023" in page.inner_text(".rl-dates")  # the same revision

    open_history_archive_and_step_through_what_changed(page, server)


def test_heading_permalink_is_kept_across_locales_on_an_archived_revision(
    page: Page, server: SiteServer
) -> None:
    page.goto(server.url("/en/privacy-policy/2017-07-28/"))
    heading = page.locator("#outsourcing")
    heading.hover()
    heading.locator("a.headerlink").click()  # the "#" permalink of "4. Outsourcing"
    page.wait_for_url(server.url("/en/privacy-policy/2017-07-28/#outsourcing"))

    switch_to(page, "th")
    page.wait_for_url(server.url("/th/privacy-policy/2017-07-28/#outsourcing"))
    clause = page.locator("#outsourcing")
    expect(clause).to_be_in_viewport()
    assert clause.inner_text().startswith("4. การว่าจ้างบุคคลภายนอก")
    assert "28 กรกฎาคม 2560" in page.inner_text(".rl-dates")  # the same revision, in Thai


def open_history_archive_and_step_through_what_changed(page: Page, server: SiteServer) -> None:
    """From the English text in force: its history, the archived revision of 2022-03-31, what
    changed at that revision, and every change of it with the buttons and the n/p keys."""
    page.get_by_role("link", name="All revisions and their changes").click()
    page.wait_for_url(server.url("/en/privacy-policy/history/"))
    assert page.inner_text("h1") == "Revision history: Privacy Policy"
    dates = page.locator("table.rl-revisions tbody th time").all_inner_texts()
    assert dates == ["Jul 3, 2023", "Mar 31, 2022", "Jul 28, 2017", "Feb 12, 2017"]

    # The archived revision of March 31, 2022.
    revision = page.locator("#rev-2022-03-31")
    revision.get_by_role("link", name="Mar 31, 2022").click()
    page.wait_for_url(server.url("/en/privacy-policy/2022-03-31/"))
    banner = page.locator(".rl-banner--archived")
    assert "Archived revision" in banner.inner_text()
    assert "no longer in force" in banner.inner_text()
    dates_shown = " ".join(page.inner_text(".rl-dates").split())
    assert "Revised on March 31, 2022" in dates_shown and "Effective April 1, 2022" in dates_shown

    # What changed at that revision.
    page.go_back()
    page.wait_for_url(server.url("/en/privacy-policy/history/"))
    revision.get_by_role("link", name="What changed", exact=True).click()
    page.wait_for_url(server.url("/en/privacy-policy/changes/2017-07-28...2022-03-31/"))
    assert page.inner_text("h1") == "What changed: Privacy Policy"
    span = " ".join(page.inner_text("p.rl-dates").split())
    assert "From July 28, 2017" in span and "to March 31, 2022" in span

    changes = page.locator(".rl-diff .rl-change")
    total = changes.count()
    assert total >= 3
    position = page.locator(".rl-position")
    assert position.inner_text() == f"– / {total}"  # how many, before the first step

    def at(number: int) -> None:
        expect(position).to_have_text(f"{number} / {total}")
        current = page.locator(".rl-diff .rl-change.rl-current")
        assert current.count() == 1
        assert current.evaluate("(e, n) => e === n", changes.nth(number - 1).element_handle())
        expect(current).to_be_in_viewport()
        outline = current.evaluate("e => getComputedStyle(e).outlineStyle")
        assert outline == "solid"  # the highlight a reader sees
        # The address names this change (`rl-change-N`, or the clause id of an added heading,
        # whose `rl-change-N` anchor sits inside it), so it can be shared.
        anchor = hash_of(page)
        assert anchor, "no #hash for the current change"
        target = page.locator(anchor)
        assert target.evaluate("(t, c) => c.contains(t)", current.element_handle()), anchor
        assert current.evaluate(
            "(c, n) => c.id === n || !!c.querySelector('#' + n)", f"rl-change-{number}"
        )

    nxt = page.locator('[data-rl-step="1"]')
    prev = page.locator('[data-rl-step="-1"]')
    assert nxt.is_enabled() and prev.is_enabled()
    assert nxt.inner_text() == "Next change" and prev.inner_text() == "Previous change"
    nxt.click()
    at(1)
    nxt.click()
    at(2)
    nxt.click()
    at(3)
    prev.click()
    at(2)
    page.keyboard.press("n")
    at(3)
    page.keyboard.press("p")
    at(2)
    page.keyboard.press("p")
    at(1)
    for number in range(2, total + 1):  # to the last change, with the keyboard
        page.keyboard.press("n")
        at(number)
    expect(changes.nth(total - 1)).to_be_in_viewport()


def test_n_and_p_do_not_step_while_typing_in_search(page: Page, server: SiteServer) -> None:
    page.goto(server.url("/en/privacy-policy/changes/2017-07-28...2022-03-31/"))
    page.keyboard.press("/")
    page.keyboard.type("np")
    assert page.input_value("input.md-search__input") == "np"
    assert page.inner_text(".rl-position").startswith("– / ")  # no step taken
    assert hash_of(page) == ""


@pytest.mark.parametrize(
    ("locale", "since", "unchanged", "changed"),
    [
        (
            "en",
            "2017-02-12",
            "In the course of conducting our business activities, Cybozu collects",
            ["#rl-change-1", "#rl-change-2"],
        ),
        (
            "th",
            "2017-07-28",
            "ในการดำเนินกิจกรรมทางธุรกิจ Cybozu เก็บรวบรวมข้อมูลส่วนบุคคล",
            ["#rl-change-1"],
        ),
    ],
    ids=["en", "th"],
)
def test_reviewer_reads_changes_since_an_old_revision_changes_only(
    page: Page, server: SiteServer, locale: str, since: str, unchanged: str, changed: list[str]
) -> None:
    page.goto(server.url(f"/{locale}/privacy-policy/history/"))
    revision = page.locator(f"#rev-{since}")
    label = {"en": "Changes since this revision", "th": "การเปลี่ยนแปลงนับจากฉบับนี้"}[locale]
    revision.get_by_role("link", name=label).click()
    page.wait_for_url(server.url(f"/{locale}/privacy-policy/changes/{since}...2023-07-03/"))

    paragraph = page.locator(".rl-diff > p").filter(has_text=unchanged)
    assert paragraph.count() == 1
    assert paragraph.locator("ins, del").count() == 0  # it really is unchanged
    expect(paragraph).to_be_visible()
    fold = page.locator("[data-rl-fold]")
    assert not fold.is_checked()

    page.locator("label.rl-fold").click()  # "Changes only"
    assert fold.is_checked()
    assert "rl-folded" in (page.get_attribute(".rl-diff", "class") or "")
    expect(paragraph).to_be_hidden()
    for selector in changed:
        expect(page.locator(selector)).to_be_visible()
    # Every change stays visible, and every insertion and deletion in it.
    for change in page.locator(".rl-diff .rl-change").all():
        expect(change).to_be_visible()
    hidden_marks = page.evaluate(
        """() => [...document.querySelectorAll('.rl-diff ins, .rl-diff del')]
            .filter(e => !e.getClientRects().length).length"""
    )
    assert hidden_marks == 0

    page.locator("label.rl-fold").click()
    assert not fold.is_checked()
    expect(paragraph).to_be_visible()


def test_reader_finds_a_thai_word_through_search(page: Page, server: SiteServer) -> None:
    page.goto(server.url("/th/privacy-policy/"))
    results = search(page, "คุกกี้")  # "cookie", inside นโยบายคุกกี้ and other phrases
    assert results and results[0] == server.url("/th/cookie-policy/")
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_url(server.url("/th/cookie-policy/"))
    assert page.inner_text("h1") == "นโยบายคุกกี้"
    assert "คุกกี้" in page.inner_text(".rl-policy")


@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
def test_redline_toolbar_sticks_flush_under_the_header(
    page: Page, server: SiteServer, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(server.url("/en/privacy-policy/changes/2017-02-12...2023-07-03/"))
    # Well past where the toolbar stands in the page (below the notices, read at body size).
    start = page.locator(".rl-toolbar").evaluate("t => t.getBoundingClientRect().top + scrollY")
    page.mouse.wheel(0, start + 1500)
    page.wait_for_function("(past) => window.scrollY > past", arg=start + 500)
    header = page.locator(".md-header").bounding_box()
    toolbar = page.locator(".rl-toolbar").bounding_box()
    assert header and toolbar
    assert toolbar["y"] <= header["y"] + header["height"] + 1, (header, toolbar)
    assert toolbar["y"] >= header["y"] + header["height"] - 1, (header, toolbar)
