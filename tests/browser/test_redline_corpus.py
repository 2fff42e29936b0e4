"""Nothing changes unseen, over the whole corpus of `tests/unit/test_diff_visible.py`: the
redline of each pair of revisions that render differently, shown in Chromium inside a redline
page of the built sample site (its styles, its scripts), has at least one change, and every
inserted, deleted and noted part of a change is on screen: rendered, not hidden, not
see-through, not tiny, of a size and of a colour, in light and dark, on a phone and a desktop."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page

from tests.unit.test_diff_visible import CASES, compare

from .harness import SiteServer
from .test_redline_visible import UNSEEN

pytestmark = pytest.mark.browser

SCHEMES = ["light", "dark"]
WIDTHS = [375, 1280]

# Each `ins`, `del` and note inside a change, and why it cannot be seen (UNSEEN); no change at
# all is a failure too. Run on the page after the pair's redline replaced the diff.
PARTS = f"""() => {{
    const unseen = {UNSEEN};
    const changes = document.querySelectorAll(".rl-diff .rl-change");
    if (changes.length === 0) return ["no .rl-change"];
    const problems = [];
    for (const part of document.querySelectorAll(
        ".rl-diff .rl-change ins, .rl-diff .rl-change del, .rl-diff .rl-change .rl-note"
    )) {{
        const reasons = unseen(part);
        const rects = [...part.getClientRects()];
        if (!rects.some(r => r.width > 0 && r.height > 0)) reasons.push("no client rect");
        if (reasons.length) {{
            const text = part.textContent.replace(/\\s+/g, " ").trim().slice(0, 60);
            problems.push(part.tagName.toLowerCase() + "." + part.className + " " +
                JSON.stringify(text) + ": " + reasons.join(", "));
        }}
    }}
    return problems;
}}"""

SHOW = """(html) => {
    document.querySelector(".rl-diff").innerHTML = html;
}"""


def redline_page(site: Path) -> str:
    """The address of one English redline page of the built site."""
    pages = sorted(site.glob("en/*/changes/*/index.html"))
    assert pages, "the sample site has no redline page"
    return "/" + pages[0].parent.relative_to(site).as_posix() + "/"


@pytest.fixture(scope="module")
def redlines() -> dict[str, str]:
    """The redline HTML of each pair of the corpus, as the build computes it."""
    return {name: compare(old, new)[0].html for name, (old, new, _) in sorted(CASES.items())}


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_change_of_the_corpus_is_on_screen(
    new_context: Callable[..., BrowserContext],
    server: SiteServer,
    site_dir: Path,
    redlines: dict[str, str],
    scheme: str,
) -> None:
    page: Page = new_context(color_scheme=scheme).new_page()
    page.goto(server.url(redline_page(site_dir)))
    assert page.locator(".rl-diff").count() == 1
    # The theme follows the reader's scheme: dark is Material's "slate".
    palette = page.evaluate("() => document.body.dataset.mdColorScheme")
    assert palette == {"light": "default", "dark": "slate"}[scheme]
    failures = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, html in redlines.items():
            page.evaluate(SHOW, html)
            for problem in page.evaluate(PARTS):
                failures.append(f"{name} ({scheme}, {width}px): {problem}")
    assert failures == [], "\n".join(failures)
