"""The language switch lands on the clause being read: the clause heading nearest the top of the
screen, also when the reader scrolled there without a `#` in the address, on the text in force,
an archived revision and a redline."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

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
