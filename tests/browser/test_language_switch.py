"""The language switch lands on the clause being read: the clause heading nearest the top of the
screen, also when the reader scrolled there without a `#` in the address, on the text in force,
an archived revision and a redline."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .harness import SiteServer, switch_to

pytestmark = pytest.mark.browser

CLAUSE = "security-control-measures"  # clause 6 of the privacy policy, in both languages


def scroll_to_clause(page: Page, anchor: str) -> None:
    """Scroll as a reader does (the address keeps no `#`): the heading just below the header."""
    page.evaluate(
        """id => {
            const top = document.querySelector(".md-header").getBoundingClientRect().bottom;
            const heading = document.getElementById(id);
            window.scrollTo(0, window.scrollY + heading.getBoundingClientRect().top - top - 40);
        }""",
        anchor,
    )
    page.wait_for_timeout(200)


def assert_on_clause(page: Page, anchor: str) -> None:
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    heading = page.locator(f"#{anchor}")
    assert heading.inner_text().startswith("6.")
    top = heading.evaluate("h => h.getBoundingClientRect().top")
    header = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
    assert header - 5 <= top <= header + 120, (top, header)


@pytest.mark.parametrize(
    ("english", "thai"),
    [
        pytest.param("/en/privacy-policy/", "/th/privacy-policy/", id="policy"),
        pytest.param(
            "/en/privacy-policy/2017-07-28/", "/th/privacy-policy/2017-07-28/", id="archived"
        ),
        pytest.param(
            "/en/privacy-policy/changes/2017-07-28...2023-07-03/",
            "/th/privacy-policy/changes/2017-07-28...2023-07-03/",
            id="redline",
        ),
    ],
)
def test_the_switch_lands_on_the_clause_scrolled_to(
    page: Page, server: SiteServer, english: str, thai: str
) -> None:
    page.goto(server.url(english))
    scroll_to_clause(page, CLAUSE)
    assert "#" not in page.url
    switch_to(page, "th")
    page.wait_for_url(server.url(f"{thai}#{CLAUSE}"))
    assert_on_clause(page, CLAUSE)
    # And back, from the Thai clause scrolled to.
    page.evaluate("history.replaceState(null, '', location.pathname)")
    scroll_to_clause(page, CLAUSE)
    switch_to(page, "en")
    page.wait_for_url(server.url(f"{english}#{CLAUSE}"))
    assert_on_clause(page, CLAUSE)


def test_the_clause_in_view_wins_over_an_old_address(page: Page, server: SiteServer) -> None:
    """An address with `#joint-use` (clause 5), then scrolling on to clause 6: clause 6."""
    page.goto(server.url("/en/privacy-policy/#joint-use"))
    scroll_to_clause(page, CLAUSE)
    switch_to(page, "th")
    page.wait_for_url(server.url(f"/th/privacy-policy/#{CLAUSE}"))
    assert_on_clause(page, CLAUSE)


ADDED = "external-environment"  # clause 6(6), added in English on 2022-03-31, Thai in 2023


def assert_at(page: Page, anchor: str, lang: str) -> None:
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    heading = page.locator(f"#{anchor}")
    assert heading.inner_text().startswith("(6) Understanding the external environment")
    assert heading.evaluate("h => h.closest('[lang]').lang") == lang
    top = heading.evaluate("h => h.getBoundingClientRect().top")
    header = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
    assert header - 5 <= top <= header + 120, (top, header)


@pytest.mark.parametrize(
    "english",
    [
        pytest.param("/en/privacy-policy/2022-03-31/", id="revision"),
        pytest.param("/en/privacy-policy/changes/2017-07-28...2022-03-31/", id="redline"),
    ],
)
def test_the_switch_from_a_clause_thai_has_not_translated_lands_on_it(
    page: Page, server: SiteServer, english: str
) -> None:
    """English 2022-03-31 has no Thai revision: the switch leads to the Thai page at its
    address, which shows the Thai text that stood then (2017-07-28) with the English clauses it
    lacked (in English, with their note), and lands on the clause; the hreflang alternate
    stays that Thai text. From there, back to English, to the clause's own text."""
    page.goto(server.url(f"{english}#{ADDED}"))
    alternate = page.evaluate(
        "document.querySelector('head link[rel=alternate][hreflang=th]')?.href ?? null"
    )
    switch_to(page, "th")
    page.wait_for_url(server.url(f"/th/privacy-policy/2022-03-31/#{ADDED}"))
    if "/changes/" in english:  # a redline has no alternates
        assert alternate is None
    else:
        assert alternate == server.url("/th/privacy-policy/2017-07-28/")
    assert_at(page, ADDED, "en")
    expect(page.locator(f"#{ADDED} + aside.rl-clause-note")).to_be_in_viewport()
    switch_to(page, "en")
    page.wait_for_url(server.url(f"/en/privacy-policy/2022-03-31/#{ADDED}"))
    assert_at(page, ADDED, "en")
    # Back on the Thai page, a clause it has in Thai switches to the English text of the
    # page's own date: the switch's own target is kept, not the last one a click gave it.
    page.go_back()
    page.wait_for_url(server.url(f"/th/privacy-policy/2022-03-31/#{ADDED}"))
    page.evaluate("history.replaceState(null, '', location.pathname)")
    scroll_to_clause(page, CLAUSE)
    switch_to(page, "en")
    page.wait_for_url(server.url(f"/en/privacy-policy/2022-03-31/#{CLAUSE}"))
    assert_on_clause(page, CLAUSE)


def test_the_thai_revision_that_stood_does_not_show_a_clause_added_after_it(
    page: Page, server: SiteServer
) -> None:
    """Its own page shows what was pending when it was released: not the clause English added
    later (docs/ARCHITECTURE.md, "Translation status per clause")."""
    page.goto(server.url("/th/privacy-policy/2017-07-28/"))
    expect(page.locator(f"#{ADDED}")).to_have_count(0)


def test_the_page_that_says_there_is_no_translation_keeps_the_clause(
    page: Page, server: SiteServer
) -> None:
    """Reached at a clause (an address kept from before), it shows the clause, and its link to
    the English text keeps it."""
    page.goto(server.url(f"/th/privacy-policy/2022-03-31/#{ADDED}"))
    assert_at(page, ADDED, "en")
    page.locator(".rl-banner").get_by_role("link", name="อ่านฉบับภาษาอังกฤษ").click()
    page.wait_for_url(server.url(f"/en/privacy-policy/2022-03-31/#{ADDED}"))
    assert_at(page, ADDED, "en")
