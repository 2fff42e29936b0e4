"""Search, typed into Material's real search box: Thai words inside longer phrases are found, and
only the texts in force are in the index (no archived revision, no redline)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

from .harness import SiteServer, search

pytestmark = pytest.mark.browser

# A result that points at an archived revision (a date in its path) or at a redline.
ARCHIVE_OR_DIFF = re.compile(r"/\d{4}-\d{2}-\d{2}/|/changes/")
THAI = re.compile("[\u0e00-\u0e7f]")


def paths(results: list[str]) -> list[str]:
    return [urlsplit(href).path for href in results]


def assert_only_texts_in_force(results: list[str]) -> None:
    stale = [href for href in results if ARCHIVE_OR_DIFF.search(urlsplit(href).path)]
    assert not stale, f"archived revisions or redlines in the search results: {stale}"


@pytest.mark.parametrize(
    ("query", "document"),
    [
        # Each word sits inside longer Thai phrases, with no space around it.
        ("ข้อมูลส่วนบุคคล", "privacy-policy"),  # "personal information"
        ("วัตถุประสงค์", "privacy-policy"),  # "purpose"
        ("คุกกี้", "cookie-policy"),  # "cookie"
    ],
    ids=["personal-information", "purpose", "cookie"],
)
def test_thai_word_inside_phrases_is_found(
    page: Page, server: SiteServer, query: str, document: str
) -> None:
    page.goto(server.url("/th/"))
    assert page.evaluate("document.documentElement.lang") == "th"
    results = search(page, query)
    found = paths(results)
    assert found, f"{query}: no result"
    assert found[0] == f"/th/{document}/", f"{query}: first result {found[0]}, all: {found}"
    assert all(path.startswith("/th/") for path in found), found
    assert_only_texts_in_force(results)
    # What the reader sees: the page's Thai title.
    title = page.locator(".md-search-result__item").first.locator("h1, h2").first
    assert THAI.search(title.inner_text()), title.inner_text()


def test_thai_result_opens_the_clause(page: Page, server: SiteServer) -> None:
    """A section result links to the clause (its explicit anchor) of the text in force."""
    page.goto(server.url("/th/"))
    results = search(page, "สภาพแวดล้อมภายนอก")  # "external environment", clause 6 (6)
    assert f"{server.origin}/th/privacy-policy/#external-environment" in results, results
    page.locator('.md-search-result__item a[href$="#external-environment"]').first.click()
    page.wait_for_url("**/th/privacy-policy/#external-environment")
    assert page.locator("#external-environment").is_visible()
    assert "การทำความเข้าใจสภาพแวดล้อมภายนอก" in page.inner_text("#external-environment")


def test_english_search_finds_the_cookie_policy(page: Page, server: SiteServer) -> None:
    page.goto(server.url("/en/"))
    results = search(page, "cookies")
    found = paths(results)
    assert found and found[0] == "/en/cookie-policy/", found
    assert all(path.startswith("/en/") for path in found), found
    assert_only_texts_in_force(results)
    assert "Cookies Policy" in page.locator(".md-search-result__item").first.inner_text()


@pytest.mark.parametrize(
    ("locale", "query"),
    [
        ("en", "merger"),  # added in 2023: in the text in force and in two redlines
        ("en", "cookies"),
        ("th", "ข้อมูลส่วนบุคคล"),  # in every Thai revision and redline
    ],
    ids=["en-merger", "en-cookies", "th-personal-information"],
)
def test_results_are_texts_in_force_only(
    page: Page, server: SiteServer, locale: str, query: str
) -> None:
    page.goto(server.url(f"/{locale}/privacy-policy/changes/2017-07-28...2023-07-03/"))
    results = search(page, query)
    assert results, query
    assert_only_texts_in_force(results)
    assert set(paths(results)) <= {f"/{locale}/privacy-policy/", f"/{locale}/cookie-policy/"}


@pytest.mark.parametrize(
    ("locale", "query"),
    [
        ("en", "periodic"),  # "periodic internal audits": in 2017-2022 revisions and redlines only
        ("en", "supervise"),  # the 2017-02-12 revision and its redlines only
        ("en", "inserted"),  # the redlines' own words ("270 words inserted")
        ("th", "ตรวจสอบภายในเป็นระยะ"),  # "periodic internal audit", Thai 2017-07-28 only
    ],
    ids=["en-periodic", "en-supervise", "en-inserted", "th-periodic-internal-audit"],
)
def test_words_only_in_archives_or_redlines_find_nothing(
    page: Page, server: SiteServer, locale: str, query: str
) -> None:
    page.goto(server.url(f"/{locale}/"))
    assert search(page, query) == []
    none = page.evaluate(
        "JSON.parse(document.getElementById('__config').textContent)"
        ".translations['search.result.none']"
    )
    assert page.inner_text(".md-search-result__meta") == none


def test_thai_text_arriving_without_key_events_is_searched(page: Page, server: SiteServer) -> None:
    page.goto(server.url("/th/"))
    # Once the index is loaded, Material shows its "type to start searching" prompt. (Text that
    # arrives earlier is read when the index is ready; only later text shows the problem.)
    page.wait_for_function(
        """() => document.querySelector(".md-search-result__meta").textContent ===
            JSON.parse(document.getElementById("__config").textContent)
                .translations["search.result.placeholder"]"""
    )
    page.keyboard.press("/")
    page.locator("input.md-search__input").wait_for(state="visible")
    page.keyboard.insert_text("คุกกี้")  # an `input` event only, as a paste or an IME commit
    page.wait_for_selector(".md-search-result__item", timeout=3_000)
    first = page.locator(".md-search-result__item a").first.get_attribute("href") or ""
    assert urlsplit(first).path == "/th/cookie-policy/"
