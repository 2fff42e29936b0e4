"""Accessibility: axe-core on every kind of page in both locales and both palettes; the redline
does not rely on colour alone; banners are named notes; the diff navigation works by keyboard."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, expect

from .harness import SiteServer

pytestmark = pytest.mark.browser

DIFFS = {
    "en": "/en/privacy-policy/changes/2017-02-12...2023-07-03/",
    "th": "/th/privacy-policy/changes/2017-07-28...2023-07-03/",
}
# Every kind of page: (id, path, kind).
PAGES = [("chooser", "/", "chooser")] + [
    (f"{lc}-{kind}", path, kind)
    for lc in ("en", "th")
    for kind, path in [
        ("home", f"/{lc}/"),
        ("policy", f"/{lc}/privacy-policy/"),
        ("history", f"/{lc}/privacy-policy/history/"),
        ("clauses", f"/{lc}/privacy-policy/history/clauses/"),
        ("archived", f"/{lc}/privacy-policy/2017-07-28/"),
        ("diff", DIFFS[lc]),
        ("changes", f"/{lc}/changes/"),
    ]
]
# The pages that keep readers from dead ends: how to follow changes, the page that says an
# English revision has no Thai translation, the error page of the root and of a locale.
PAGES += [
    *[(f"{lc}-follow", f"/{lc}/privacy-policy/follow/", "follow") for lc in ("en", "th")],
    ("th-untranslated", "/th/privacy-policy/2022-03-31/", "untranslated"),
    ("not-found", "/404.html", "404"),
    ("th-not-found", "/th/404.html", "404"),
]
SCHEMES = ["light", "dark"]

# Known site bugs, by axe rule: (reason, the page kinds and palettes where axe reports them).
# Empty: every page passes. A bug found later goes here, with its xfail, until it is fixed.
KNOWN: dict[str, tuple[str, set[str], set[str]]] = {}


def known_rules(kind: str, scheme: str) -> set[str]:
    return {
        rule for rule, (_, kinds, schemes) in KNOWN.items() if kind in kinds and scheme in schemes
    }


def axe_params() -> list[Any]:
    params = []
    for name, path, kind in PAGES:
        for scheme in SCHEMES:
            rules = sorted(known_rules(kind, scheme))
            reason = "; ".join(f"{rule}: {KNOWN[rule][0]}" for rule in rules)
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if rules else []
            params.append(pytest.param(path, kind, scheme, id=f"{name}-{scheme}", marks=marks))
    return params


_AXE = Axe()
_RESULTS: dict[tuple[str, str], list[dict[str, Any]]] = {}


def axe_violations(
    new_context: Callable[..., BrowserContext], server: SiteServer, path: str, scheme: str
) -> list[dict[str, Any]]:
    """axe-core's violations (every impact) on a page in a palette; run once per module."""
    key = (path, scheme)
    if key not in _RESULTS:
        page = new_context(color_scheme=scheme).new_page()
        page.goto(server.url(path))
        if path != "/":
            expected = "slate" if scheme == "dark" else "default"
            assert page.get_attribute("body", "data-md-color-scheme") == expected
        if page.locator("form.rl-compare").count():  # checked as readers see it, filled
            page.locator("form.rl-compare select option").first.wait_for(state="attached")
        _RESULTS[key] = _AXE.run(page).response["violations"]
    return _RESULTS[key]


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
        for v in violations
    )


@pytest.mark.parametrize(("path", "kind", "scheme"), axe_params())
def test_axe_finds_no_violations(
    new_context: Callable[..., BrowserContext],
    server: SiteServer,
    path: str,
    kind: str,
    scheme: str,
) -> None:
    violations = axe_violations(new_context, server, path, scheme)
    assert not violations, f"{path} ({scheme}):\n{describe(violations)}"


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize(
    "path", ["/th/privacy-policy/", "/th/privacy-policy/history/", "/th/changes/"]
)
def test_axe_finds_no_violations_while_thai_lags(
    new_context: Callable[..., BrowserContext], lagging_server: SiteServer, path: str, scheme: str
) -> None:
    """The lag banner with its entries, the "translation pending" marks."""
    page = new_context(color_scheme=scheme).new_page()
    page.goto(lagging_server.url(path))
    assert page.locator(".rl-pending__title, .rl-mark--pending").count() > 0
    violations = _AXE.run(page).response["violations"]
    assert not violations, f"{path} ({scheme}):\n{describe(violations)}"


# --- The redline, not by colour alone ---------------------------------------------------------

STYLE = """e => {
    const s = getComputedStyle(e);
    return {line: s.textDecorationLine, style: s.textDecorationStyle, bg: s.backgroundColor,
            color: s.color, before: getComputedStyle(e, "::before").content};
}"""
# The colour a reader sees behind an element: the first opaque background up the tree.
BACKDROP = """e => {
    for (let n = e; n; n = n.parentElement) {
        const bg = getComputedStyle(n).backgroundColor;
        if (bg && bg !== "transparent" && !/rgba\\(.*,\\s*0\\)$/.test(bg)) { return bg; }
    }
    return "rgb(255, 255, 255)";
}"""


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("locale", ["en", "th"])
def test_insertions_and_deletions_not_by_colour_alone(
    new_context: Callable[..., BrowserContext], server: SiteServer, scheme: str, locale: str
) -> None:
    page = new_context(color_scheme=scheme).new_page()
    page.goto(server.url(DIFFS[locale]))
    expected = "slate" if scheme == "dark" else "default"
    assert page.get_attribute("body", "data-md-color-scheme") == expected
    ins = page.locator(".rl-diff ins").first
    dele = page.locator(".rl-diff del").first
    i, d = ins.evaluate(STYLE), dele.evaluate(STYLE)
    assert i["line"] == "underline", i
    assert d["line"] == "line-through", d
    page_bg = page.locator(".rl-diff").evaluate(BACKDROP)
    assert i["bg"] != d["bg"], (i, d)
    assert page_bg not in {i["bg"], d["bg"]}, (page_bg, i, d)
    # Screen readers hear the change too (visually hidden text before each insertion/deletion).
    words = {"en": ("inserted", "deleted"), "th": ("เพิ่ม", "ลบ")}[locale]
    assert words[0] in i["before"], i["before"]
    assert words[1] in d["before"], d["before"]
    # The legend explains the marks in the reader's language.
    legend = page.locator(".rl-legend")
    assert legend.locator("ins").count() == 1 and legend.locator("del").count() == 1


# --- Banners ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "titles"),
    [
        ("/en/privacy-policy/2017-07-28/", ["Archived revision: not in force"]),
        (
            "/th/privacy-policy/2017-07-28/",
            ["ฉบับแก้ไขที่จัดเก็บไว้: ไม่มีผลใช้บังคับแล้ว", "ฉบับภาษาอังกฤษได้รับการแก้ไขในระหว่างนั้น"],
        ),
        ("/th/privacy-policy/2023-07-03/", ["ฉบับที่มีผลใช้บังคับ"]),
        (DIFFS["en"], ["Notices"]),  # a redline over several revisions: a notice for each
        (DIFFS["th"], ["ประกาศ"]),
        ("/en/privacy-policy/changes/2022-03-31...2023-07-03/", ["Notice"]),
    ],
)
def test_banners_are_named_notes(
    page: Page, server: SiteServer, path: str, titles: list[str]
) -> None:
    page.goto(server.url(path))
    banners = page.locator(".rl-banner")
    assert banners.count() == len(titles)
    for banner, title in zip(banners.all(), titles, strict=True):
        assert banner.get_attribute("role") in {"note", "status"}
        expect(banner).to_have_role(banner.get_attribute("role") or "note")
        expect(banner).to_have_accessible_name(title)
        assert banner.locator(".admonition-title").inner_text().strip() == title


# --- The diff navigation, by keyboard ---------------------------------------------------------


def tab_to(page: Page, selector: str, limit: int = 250) -> int:
    """Press Tab until `selector` has the focus; the number of presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return presses
    raise AssertionError(f"{selector} never got the focus in {limit} Tab presses")


@pytest.mark.parametrize("locale", ["en", "th"])
def test_diff_navigation_with_the_keyboard(page: Page, server: SiteServer, locale: str) -> None:
    page.goto(server.url(DIFFS[locale]))
    total = page.locator(".rl-diff .rl-change").count()
    tab_to(page, '[data-rl-step="1"]')
    page.keyboard.press("Enter")
    expect(page.locator(".rl-position")).to_have_text(f"1 / {total}")
    assert page.evaluate("location.hash") == "#rl-change-1"
    first = page.locator("#rl-change-1")
    expect(first).to_have_class(re.compile(r"\brl-current\b"))
    expect(first).to_be_focused()  # the focus follows the change, for screen readers
    expect(first).to_be_in_viewport()
    page.keyboard.press("n")
    expect(page.locator(".rl-position")).to_have_text(f"2 / {total}")
    # "Changes only" by keyboard too: Tab back to the toolbar, Space ticks the box.
    page.locator('[data-rl-step="1"]').focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('[data-rl-fold]')")
    page.keyboard.press("Space")
    assert "rl-folded" in (page.get_attribute(".rl-diff", "class") or "")
