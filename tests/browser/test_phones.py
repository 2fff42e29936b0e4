"""On a phone (375 CSS px wide), no page scrolls sideways, the redline included."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext

from .harness import SiteServer, phone_page

pytestmark = pytest.mark.browser

WIDTH = 375
PATHS = ["/"] + [
    path
    for lc in ("en", "th")
    for path in (
        f"/{lc}/",
        f"/{lc}/privacy-policy/",
        f"/{lc}/privacy-policy/history/",
        f"/{lc}/privacy-policy/history/clauses/",
        f"/{lc}/privacy-policy/2017-07-28/",
        f"/{lc}/privacy-policy/changes/2017-07-28...2023-07-03/",
        f"/{lc}/changes/",
        f"/{lc}/cookie-policy/",
        f"/{lc}/cookie-policy/history/",
    )
] + [
    "/en/privacy-policy/2017-02-12/",
    "/en/privacy-policy/2022-03-31/",
    "/en/privacy-policy/changes/2017-02-12...2023-07-03/",
    "/en/privacy-policy/changes/2022-03-31...2023-07-03/",
]  # fmt: skip

# What overflows, for the failure message: elements whose right edge passes the viewport.
OVERFLOW = """(width) => [...document.querySelectorAll("body *")]
    .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > width + 1; })
    .slice(0, 8)
    .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join(".")} right=${Math.round(e.getBoundingClientRect().right)}`)"""  # noqa: E501


@pytest.mark.parametrize("locale", ["en", "th"])
def test_no_horizontal_scrolling_on_a_phone(
    new_context: Callable[..., BrowserContext], server: SiteServer, locale: str
) -> None:
    page = phone_page(new_context, locale, WIDTH)
    wide: dict[str, object] = {}
    for path in PATHS:
        if path != "/" and not path.startswith(f"/{locale}/"):
            continue
        response = page.goto(server.url(path))
        assert response is not None and response.ok, path
        assert page.evaluate("window.innerWidth") == WIDTH
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > WIDTH:
            wide[path] = (scroll_width, page.evaluate(OVERFLOW, WIDTH))
    assert not wide, f"pages wider than {WIDTH}px: {wide}"
