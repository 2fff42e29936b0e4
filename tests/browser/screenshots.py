"""Screenshots of the demo site for the README: `make screenshots`.

Builds the demo site (`redline demo --build-only`) into a temporary folder, serves it on
127.0.0.1, and writes 1280x900 PNGs of the policy, history and redline pages in English and
Thai into docs/screenshots/ (en-policy.png, th-policy.png, en-history.png, th-history.png,
en-diff.png, th-diff.png). Not a test: run it when the look of the site changes.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from tests.browser.harness import ROOT, SiteServer, build_demo_site, launch_chromium

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
                shots = {
                    "policy": (f"/{locale}/privacy-policy/", None),
                    "history": (f"/{locale}/privacy-policy/history/", None),
                    "diff": (DIFFS[locale], show_first_changes),
                }
                for name, (path, prepare) in shots.items():
                    page.goto(server.url(path), wait_until="networkidle")
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
