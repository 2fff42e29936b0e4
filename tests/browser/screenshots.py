"""Screenshots of the demo site for the README: `make screenshots`.

Builds the demo site (`redline demo --build-only`) into a temporary folder, serves it on
127.0.0.1, and writes 1280x900 PNGs of the policy, history and redline pages in English and
Thai into docs/screenshots/ (en-policy.png, th-policy.png, en-history.png, th-history.png,
en-diff.png, th-diff.png, en-compare.png), and, from the sample built as of 2022-06-01 while
the Thai text lags, the Thai policy page on a phone (th-lag.png). Not a test: run it when the
look of the site changes.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from tests.browser.harness import (
    LAGGING_EPOCH,
    LAGGING_TAGS,
    ROOT,
    SiteServer,
    build_demo_site,
    build_variant_site,
    launch_chromium,
)

OUT = ROOT / "docs" / "screenshots"
VIEWPORT = {"width": 1280, "height": 900}
DIFFS = {
    "en": "/en/privacy-policy/changes/2017-02-12...2023-07-03/",
    "th": "/th/privacy-policy/changes/2017-07-28...2023-07-03/",
}


def show_first_changes(page: Page) -> None:
    """Scroll the redline to its start: the toolbar where it sticks, the legend, the first
    insertions and deletions below."""
    page.evaluate(
        """() => {
            const summary = document.querySelector(".rl-diff-summary");
            const header = document.querySelector(".md-header").getBoundingClientRect().height;
            const end = summary.getBoundingClientRect().bottom + window.scrollY;
            window.scrollTo(0, Math.max(0, end - header - 8));
        }"""
    )
    assert page.locator(".rl-diff ins").first.is_visible()


def scroll_to(selector: str, above: int = 8) -> Callable[[Page], None]:
    """Scroll so that `selector` starts just under the header."""

    def prepare(page: Page) -> None:
        page.locator(selector).first.wait_for(state="visible")
        page.evaluate(
            """([selector, above]) => {
                const header = document.querySelector(".md-header").getBoundingClientRect().height;
                const top = document.querySelector(selector).getBoundingClientRect().top;
                window.scrollTo(0, Math.max(0, top + window.scrollY - header - above));
            }""",
            [selector, above],
        )

    return prepare


def ask_what_applied(page: Page) -> None:
    """The history answering "what applied on 15 May 2019", the table under it."""
    form = page.locator("form.rl-when")
    form.locator("input[type=date]").fill("2019-05-15")
    form.get_by_role("button").click()
    page.locator(".rl-when-hit").wait_for()
    page.locator("form.rl-compare select option").first.wait_for(state="attached")
    scroll_to("form.rl-when", 16)(page)


def open_compare(page: Page) -> None:
    """A redline's compare picker, another pair picked."""
    picker = page.locator("form.rl-compare")
    picker.wait_for(state="visible")
    picker.locator("select[name=from]").select_option("2017-07-28")
    picker.locator("select[name=to]").select_option("2023-07-03")
    scroll_to("form.rl-compare", 420)(page)


def shoot(
    page: Page, server: SiteServer, path: str, prepare: Callable[[Page], None] | None, name: str
) -> None:
    page.goto(server.url(path), wait_until="networkidle")
    page.evaluate("document.fonts.ready")
    if prepare:
        prepare(page)
    page.wait_for_timeout(200)
    target = OUT / f"{name}.png"
    page.screenshot(path=str(target), full_page=False)
    print(f"wrote {target.relative_to(ROOT)}")


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="redline-shots-") as tmp:
        print("building the demo site ...", flush=True)
        site = build_demo_site(Path(tmp))
        with SiteServer(site) as server, sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            for locale in ("en", "th"):
                context = browser.new_context(
                    viewport=VIEWPORT,
                    device_scale_factor=1,
                    color_scheme="light",
                    locale="th-TH" if locale == "th" else "en-US",
                    reduced_motion="reduce",
                )
                page = context.new_page()
                shots: dict[str, tuple[str, Callable[[Page], None] | None]] = {
                    "policy": (f"/{locale}/privacy-policy/", None),
                    "history": (f"/{locale}/privacy-policy/history/", ask_what_applied),
                    "diff": (DIFFS[locale], show_first_changes),
                }
                if locale == "en":
                    shots["compare"] = (DIFFS[locale], open_compare)
                for name, (path, prepare) in shots.items():
                    shoot(page, server, path, prepare, f"{locale}-{name}")
                context.close()
            print("building the sample as of 2022-06-01, Thai lagging ...", flush=True)
            lagging = build_variant_site(
                Path(tmp) / "lagging", epoch=LAGGING_EPOCH, drop_tags=LAGGING_TAGS
            )
            with SiteServer(lagging) as behind:
                context = browser.new_context(
                    viewport={"width": 390, "height": 844},
                    device_scale_factor=2,
                    is_mobile=True,
                    has_touch=True,
                    color_scheme="light",
                    locale="th-TH",
                    reduced_motion="reduce",
                )
                shoot(
                    context.new_page(),
                    behind,
                    "/th/privacy-policy/",
                    scroll_to(".rl-titlebar"),
                    "th-lag",
                )
                context.close()
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
