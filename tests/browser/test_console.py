"""No console errors and no failed request on any kind of page, in both locales: mkdocs-material's
language script fetches a `sitemap.xml` beside every `<link rel=alternate>`, which must exist (a
redline has no hreflang alternates in its head, as it is not in the sitemap: none is fetched)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from .harness import SiteServer, search

pytestmark = pytest.mark.browser

DIFFS = {
    "en": "/en/privacy-policy/changes/2017-02-12...2023-07-03/",
    "th": "/th/privacy-policy/changes/2017-07-28...2023-07-03/",
}
PAGES = [pytest.param("/", None, id="chooser")] + [
    pytest.param(path, query, id=f"{lc}-{kind}")
    for lc, query in (("en", "privacy"), ("th", "ข้อมูลส่วนบุคคล"))
    for kind, path, query in [
        ("home", f"/{lc}/", None),
        ("policy", f"/{lc}/privacy-policy/", None),
        ("archived", f"/{lc}/privacy-policy/2017-07-28/", None),
        ("redline", DIFFS[lc], None),
        ("history", f"/{lc}/privacy-policy/history/", None),
        ("changes", f"/{lc}/changes/", None),
        ("search", f"/{lc}/privacy-policy/", query),
        ("not-found", f"/{lc}/404.html", None),
        ("follow", f"/{lc}/privacy-policy/follow/", None),
    ]
] + [
    pytest.param("/404.html", None, id="root-not-found"),
    pytest.param("/th/privacy-policy/2022-03-31/", None, id="th-untranslated"),
]


class Problems:
    """Console errors, uncaught exceptions and failed requests of one page."""

    def __init__(self, page: Page) -> None:
        self.found: list[str] = []
        page.on(
            "console",
            lambda m: (
                self.found.append(f"console {m.type}: {m.text}") if m.type == "error" else None
            ),
        )
        page.on("pageerror", lambda e: self.found.append(f"exception: {e}"))
        page.on("requestfailed", lambda r: self.found.append(f"failed: {r.failure} {r.url}"))
        page.on(
            "response",
            lambda r: self.found.append(f"{r.status} {r.url}") if r.status >= 400 else None,
        )


@pytest.mark.parametrize(("path", "query"), PAGES)
def test_no_console_error_and_no_failed_request(
    page: Page, server: SiteServer, path: str, query: str | None
) -> None:
    problems = Problems(page)
    if path == "/" or path.endswith("404.html") or path.endswith("2022-03-31/"):
        page.goto(server.url(path), wait_until="networkidle")
    elif "/changes/" in path and "..." in path:  # a redline
        page.goto(server.url(path), wait_until="networkidle")
        assert page.locator("head link[rel=alternate][hreflang]").count() == 0
        assert page.locator("a.rl-switch[hreflang]").count() == 2  # the switcher still is there
    else:
        # The request that failed before: the sitemap beside the page's own address.
        sitemap = server.url(path) + "sitemap.xml"
        with page.expect_response(sitemap) as answer:
            page.goto(server.url(path), wait_until="networkidle")
        assert answer.value.status == 200
    if query is not None:
        assert search(page, query), f"no result for {query!r}"
    page.wait_for_timeout(300)  # anything a script starts late
    assert problems.found == []
