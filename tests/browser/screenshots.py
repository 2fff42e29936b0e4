"""Screenshots of the demo site for the README: `make screenshots`.

Builds the demo site (`redline demo --build-only`), the sample as of 2022-06-01 while the Thai
text lags, and the small Terms of Service history of the tests (`tests/support/terms.py`) into a
temporary folder, serves them on 127.0.0.1, and writes PNGs into docs/screenshots/:

- `<lc>-policy.png`, `<lc>-history.png`, `<lc>-diff.png` (1280x900): the policy, its history
  answering "what applied on 15 May 2019" above its compare picker and table, and a redline with
  its change bars, in English and Thai; `en-compare.png`: a redline's compare picker;
- `<lc>-link.png` (1280x900): a redline where a link's address changed (both addresses shown),
  a deleted full stop and a deleted Thai space;
- `<lc>-phone.png` (375x740): a redline on a phone, its toolbar on one row;
- `th-lag.png` (390x844): the Thai policy on a phone while the Thai text lags, the English
  revision announced in Thai;
- `<lc>-changes-only.png` (1280x900): "changes only", clause headings kept, unchanged
  paragraphs folded;
- `<lc>-print.png` (1280x900): the redline as printed, in greyscale, with bracketed markers;
- `<lc>-sheet.png` (A4 at 96 dpi): the second sheet of the redline printed to PDF by Chromium
  and drawn by pdftoppm, its running header and "page 2 of n" in the margins.

Not a test: run it when the look of the site changes.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

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
from tests.support import terms

OUT = ROOT / "docs" / "screenshots"
VIEWPORT = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
DEVICES: dict[str, dict[str, Any]] = {
    "desktop": {"viewport": VIEWPORT, "device_scale_factor": 1},
    "phone": {"viewport": PHONE, "device_scale_factor": 2, "is_mobile": True, "has_touch": True},
    "tall phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
}
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
    form.locator("input[name=day]").fill("2019-05-15")
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
    page.emulate_media(media="screen")
    page.goto(server.url(path), wait_until="networkidle")
    page.evaluate("document.fonts.ready")
    if prepare:
        prepare(page)
    page.wait_for_timeout(200)
    target = OUT / f"{name}.png"
    page.screenshot(path=str(target), full_page=False)
    print(f"wrote {target.relative_to(ROOT)}")


def print_sheet(page: Page, server: SiteServer, path: str, name: str, sheet: int = 2) -> None:
    """Sheet `sheet` of the page printed to PDF (A4, as a reader prints it), as a PNG."""
    page.goto(server.url(path), wait_until="networkidle")
    page.emulate_media(media="print")
    with tempfile.TemporaryDirectory(prefix="redline-sheet-") as tmp:
        pdf = Path(tmp) / "page.pdf"
        page.pdf(path=str(pdf), format="A4")
        target = OUT / f"{name}.png"
        command = ["pdftoppm", "-f", str(sheet), "-l", str(sheet), "-r", "96", "-png"]
        subprocess.run([*command, "-singlefile", str(pdf), str(target.with_suffix(""))], check=True)
    print(f"wrote {target.relative_to(ROOT)}")


def look(locale: str) -> dict[str, Any]:
    """A reader's light scheme, language and reduced motion."""
    return {
        "color_scheme": "light",
        "locale": "th-TH" if locale == "th" else "en-US",
        "reduced_motion": "reduce",
    }


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
                history = f"/{locale}/privacy-policy/history/"
                shots: dict[str, dict[str, Shot]] = {
                    "desktop": {
                        "policy": (server, f"/{locale}/privacy-policy/", None),
                        "history": (server, history, ask_what_applied),
                        "diff": (server, DIFFS[locale], show_first_changes),
                        "link": (terms_server, terms.diff_path(locale), show_first_changes),
                        "changes-only": (terms_server, terms.diff_path(locale), show_changes_only),
                        "print": (server, DIFFS[locale], show_printed),
                    },
                    "phone": {"phone": (server, DIFFS[locale], show_first_changes)},
                }
                if locale == "en":
                    shots["desktop"]["compare"] = (server, DIFFS[locale], open_compare)
                for device, named in shots.items():
                    context = browser.new_context(**DEVICES[device], **look(locale))
                    page = context.new_page()
                    for name, (site, path, prepare) in named.items():
                        shoot(page, site, path, prepare, f"{locale}-{name}")
                    if device == "desktop":
                        print_sheet(page, server, DIFFS[locale], f"{locale}-sheet")
                    context.close()
            print("building the sample as of 2022-06-01, Thai lagging ...", flush=True)
            lagging = build_variant_site(
                Path(tmp) / "lagging", epoch=LAGGING_EPOCH, drop_tags=LAGGING_TAGS
            )
            with SiteServer(lagging) as behind:
                context = browser.new_context(**DEVICES["tall phone"], **look("th"))
                page = context.new_page()
                shoot(page, behind, "/th/privacy-policy/", scroll_to(".rl-titlebar"), "th-lag")
                context.close()
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
