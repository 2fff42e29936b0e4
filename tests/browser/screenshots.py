"""Screenshots of the demo site for the README: `make screenshots`.

Builds the demo site (`redline demo --build-only`) and the small Terms of Service history of the
tests (`tests/support/terms.py`) into a temporary folder, serves them on 127.0.0.1, and writes
PNGs into docs/screenshots/:

- `<lc>-policy.png`, `<lc>-history.png`, `<lc>-diff.png` (1280x900): the policy, its history and
  a redline with its change bars, in English and Thai;
- `<lc>-link.png` (1280x900): a redline where a link's address changed (both addresses shown),
  a deleted full stop and a deleted Thai space;
- `<lc>-phone.png` (375x740): a redline on a phone, its toolbar on one row;
- `<lc>-changes-only.png` (1280x900): "changes only", clause headings kept, unchanged
  paragraphs folded;
- `<lc>-print.png` (1280x900): the redline as printed, in greyscale, with bracketed markers.

Not a test: run it when the look of the site changes.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, sync_playwright

from tests.browser.harness import ROOT, SiteServer, build_demo_site, launch_chromium
from tests.support import terms

OUT = ROOT / "docs" / "screenshots"
VIEWPORT = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
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


def show_changes_only(page: Page) -> None:
    """Tick "changes only", then scroll to the redline's start."""
    page.locator("label.rl-fold").click()
    show_first_changes(page)
    assert page.locator(".rl-gap button").first.is_visible()


def show_printed(page: Page) -> None:
    """The page as printed (print styles, greyscale), from the redline's start."""
    page.emulate_media(media="print")
    page.add_style_tag(content="html { filter: grayscale(1); }")
    page.locator(".rl-diff .rl-change").first.evaluate("e => e.scrollIntoView()")
    page.evaluate("window.scrollBy(0, -24)")


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="redline-shots-") as tmp:
        print("building the demo site and the terms of service ...", flush=True)
        demo = build_demo_site(Path(tmp) / "demo")
        terms_site = terms.build_terms_site(Path(tmp) / "terms")
        with (
            SiteServer(demo) as server,
            SiteServer(terms_site) as terms_server,
            sync_playwright() as playwright,
        ):
            browser = launch_chromium(playwright)
            for locale in ("en", "th"):
                Shot = tuple[SiteServer, str, Callable[[Page], None] | None]
                shots: dict[str, dict[str, Shot]] = {
                    "desktop": {
                        "policy": (server, f"/{locale}/privacy-policy/", None),
                        "history": (server, f"/{locale}/privacy-policy/history/", None),
                        "diff": (server, DIFFS[locale], show_first_changes),
                        "link": (terms_server, terms.diff_path(locale), show_first_changes),
                        "changes-only": (terms_server, terms.diff_path(locale), show_changes_only),
                        "print": (server, DIFFS[locale], show_printed),
                    },
                    "phone": {"phone": (server, DIFFS[locale], show_first_changes)},
                }
                for device, named in shots.items():
                    options: dict[str, Any] = {"viewport": VIEWPORT, "device_scale_factor": 1}
                    if device == "phone":
                        options = {"viewport": PHONE, "device_scale_factor": 2,
                                   "is_mobile": True, "has_touch": True}  # fmt: skip
                    context = browser.new_context(
                        **options,
                        color_scheme="light",
                        locale="th-TH" if locale == "th" else "en-US",
                        reduced_motion="reduce",
                    )
                    page = context.new_page()
                    for name, (site, path, prepare) in named.items():
                        page.emulate_media(media="screen")
                        page.goto(site.url(path), wait_until="networkidle")
                        page.evaluate("document.fonts.ready")
                        if prepare:
                            prepare(page)
                        page.wait_for_timeout(200)
                        target = OUT / f"{locale}-{name}.png"
                        page.screenshot(path=str(target), full_page=False)
                        print(f"wrote {target.relative_to(ROOT)}")
                    context.close()
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
