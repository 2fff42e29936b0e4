"""The redline as a lawyer reads it, in Chromium: change bars in greyscale and in print, small
changes that stay visible, a changed link's two addresses, "changes only" that keeps each
change's clause, Thai deletions that stay readable, and a one-row toolbar on a phone.

Besides the demo site, a small Terms of Service history (`tests/support/terms.py`, a real
repository with real tags, built by MkDocs) holds the changes the sample policies lack.
"""

from __future__ import annotations

import base64
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, expect

from tests.support import terms

from .harness import SiteServer, phone_page
from .test_print import print_to_text

pytestmark = pytest.mark.browser

DEMO = {
    "en": "/en/privacy-policy/changes/2017-02-12...2023-07-03/",
    "th": "/th/privacy-policy/changes/2017-07-28...2023-07-03/",
}
LOCALES = ["en", "th"]
needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils)"
)


@pytest.fixture(scope="module")
def terms_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    """The Terms of Service history, built and served."""
    site = terms.build_terms_site(tmp_path_factory.mktemp("terms"))
    with SiteServer(site) as running:
        yield running


# --- Change bars ------------------------------------------------------------------------------

# Each changed block's bar: its `::after` rule (or, in a table row, its first cell's border).
BARS = """() => [...document.querySelectorAll(".rl-diff .rl-change")].map(e => {
    const row = e.tagName === "TR";
    const s = row ? getComputedStyle(e.firstElementChild) : getComputedStyle(e, "::after");
    const r = e.getBoundingClientRect();
    return {id: e.id, row, style: s.borderLeftStyle, width: parseFloat(s.borderLeftWidth),
            colour: s.borderLeftColor, content: s.content,
            x: row ? r.left : r.left + parseFloat(s.left)};
})"""
# How many pixels of a PNG (a screenshot) are dark, decoded by the browser's own canvas.
DARK_PIXELS = """async (png) => {
    const image = new Image();
    image.src = "data:image/png;base64," + png;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext("2d");
    context.drawImage(image, 0, 0);
    const data = context.getImageData(0, 0, image.width, image.height).data;
    let dark = 0;
    for (let i = 0; i < data.length; i += 4) {
        if (0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2] < 110) { dark++; }
    }
    return {dark, total: data.length / 4};
}"""


def dark_share(page: Page, clip: dict[str, float]) -> float:
    """The share of dark pixels in a region of the page as the screen shows it."""
    png = base64.b64encode(page.screenshot(clip=clip)).decode()
    counts = page.evaluate(DARK_PIXELS, png)
    return counts["dark"] / counts["total"]


@pytest.mark.parametrize("locale", LOCALES)
def test_change_bars_stand_beside_every_changed_block(
    page: Page, server: SiteServer, locale: str
) -> None:
    page.goto(server.url(DEMO[locale]))
    bars = page.evaluate(BARS)
    assert len(bars) == page.locator(".rl-diff .rl-change").count() > 5
    for bar in bars:
        assert bar["style"] == "solid" and bar["width"] >= 3, bar
        assert bar["row"] or bar["content"] == '""', bar
    # One column in the margin, whatever the list depth, left of the text.
    xs = [bar["x"] for bar in bars if not bar["row"]]
    assert max(xs) - min(xs) <= 1, xs
    text_left = page.locator(".rl-diff").bounding_box()
    assert text_left and max(xs) < text_left["x"]
    # Unchanged blocks have none.
    assert page.locator(".rl-diff > p:not(.rl-change)").first.evaluate(
        "e => getComputedStyle(e, '::after').content"
    ) in ("none", "normal")


def test_change_bars_show_in_greyscale_and_in_print(page: Page, server: SiteServer) -> None:
    page.goto(server.url(DEMO["en"]))
    page.add_style_tag(content="html { filter: grayscale(1); }")
    x = page.evaluate(BARS)[0]["x"]
    changed = page.locator("#rl-change-1")
    unchanged = page.locator(".rl-diff > p:not(.rl-change)").first
    for block, share in ((changed, 0.5), (unchanged, 0.0)):
        block.evaluate("e => e.scrollIntoView({block: 'center'})")
        box = block.bounding_box()
        assert box
        clip = {"x": x, "y": box["y"] + 2, "width": 3, "height": min(box["height"] - 4, 60)}
        if share:
            assert dark_share(page, clip) > share, "no bar beside a changed block in greyscale"
        else:
            assert dark_share(page, clip) == 0, "a bar beside an unchanged block"
    # In print: black, a border (printed without background graphics).
    page.emulate_media(media="print")
    for bar in page.evaluate(BARS):
        assert bar["colour"] == "rgb(0, 0, 0)" and bar["style"] == "solid", bar


# --- Every change visible ---------------------------------------------------------------------


def gap_between(page: Page, left: str, right: str) -> float:
    """The horizontal space between two elements on one line."""
    a = page.locator(left).bounding_box()
    b = page.locator(right).bounding_box()
    assert a and b and abs(a["y"] - b["y"]) < 2, (a, b)
    return b["x"] - (a["x"] + a["width"])


def test_small_changes_stay_visible(page: Page, terms_site: SiteServer) -> None:
    page.goto(terms_site.url(terms.diff_path("en")))
    # A deleted full stop changes with its word: no one-pixel strike.
    item = page.locator("#rl-change-1")
    assert item.locator("del").inner_text() == "services.;"
    assert item.locator("ins").inner_text() == "services;"
    assert item.locator("del").bounding_box()["width"] > 40  # type: ignore[index]
    # A deletion right before an insertion is set apart, not run together.
    assert gap_between(page, "#rl-change-1 del", "#rl-change-1 ins") >= 3
    assert gap_between(page, "#rl-change-3 del", "#rl-change-3 ins") >= 3

    page.goto(terms_site.url(terms.diff_path("th")))
    # A deleted space in Thai: a box with a space sign, not a short line that reads as "-".
    space = page.locator("del.rl-space")
    assert space.count() == 1
    box = space.bounding_box()
    assert box and box["width"] >= 8
    style = space.evaluate(
        "e => [getComputedStyle(e, '::after').content, getComputedStyle(e).borderTopStyle]"
    )
    assert "\u2423" in style[0] and style[1] == "solid", style
    # Screen readers hear what it is.
    paragraph = page.locator(".rl-change").filter(has=space)
    assert "[ลบ: ช่องว่าง ]" in paragraph.aria_snapshot()


# --- Changed link addresses -------------------------------------------------------------------


@needs_pdftotext
@pytest.mark.parametrize("locale", LOCALES)
def test_a_changed_link_address_shows_both_addresses(
    page: Page, terms_site: SiteServer, tmp_path: Path, locale: str
) -> None:
    page.goto(terms_site.url(terms.diff_path(locale)))
    link = page.locator(".rl-diff a.rl-retargeted")
    assert link.count() == 1 and link.get_attribute("href") == terms.NEW_EXPORT
    change = page.locator(".rl-change").filter(has=page.locator("a.rl-retargeted"))
    assert change.locator("ins, del").count() == 0  # the words did not change
    note = change.locator(".rl-address")
    expect(note).to_be_visible()
    assert note.inner_text().split() == [terms.OLD_EXPORT, terms.NEW_EXPORT]
    # Read aloud as a sentence in the page's language.
    said = {
        "en": f"[link address changed from {terms.OLD_EXPORT} to {terms.NEW_EXPORT}]",
        "th": f"[เปลี่ยนที่อยู่ลิงก์จาก {terms.OLD_EXPORT} เป็น {terms.NEW_EXPORT}]",
    }[locale]
    assert said in change.aria_snapshot()
    # And printed.
    printed = "".join(print_to_text(page, tmp_path).split())
    assert "".join(said.split()) in printed


# The styles that make a mark say what it is (its words before and after, its frame, its colours).
MARK_STYLES = """(selector) => [...document.querySelectorAll(selector)].map(e => {
    const own = getComputedStyle(e), before = getComputedStyle(e, "::before"),
        after = getComputedStyle(e, "::after");
    return [e.className, before.content, after.content, own.borderTopStyle, own.outlineStyle,
            own.backgroundColor, own.textDecorationLine];
})"""
# The marks a redline makes inside a changed block, besides <ins> and <del>.
INLINE_MARKS = (
    ".rl-retargeted, .rl-address, .rl-address-old, .rl-address-new, .rl-target-new,"
    " .rl-target-old, .rl-space, .rl-abut, .rl-punct, .rl-note"
)


@pytest.mark.parametrize("locale", LOCALES)
def test_a_clause_historys_excerpts_mark_changes_as_the_redline_does(
    page: Page, terms_site: SiteServer, locale: str
) -> None:
    """An excerpt is the redline's own marks around one clause: a changed link's two addresses,
    a deleted space or full stop say what they are there too, in the same words and frames."""
    page.goto(terms_site.url(terms.diff_path(locale)))
    marks = page.evaluate(MARK_STYLES, f".rl-diff :is({INLINE_MARKS})")
    by_class = {style[0]: tuple(style[1:]) for style in marks}
    page.goto(terms_site.url(f"/{locale}/{terms.DOCUMENT}/history/clauses/"))
    excerpts = page.evaluate(MARK_STYLES, f".rl-excerpt :is({INLINE_MARKS})")
    shown = {style[0] for style in excerpts}
    # The excerpts hold the changed link's addresses (what the redline had to say in words).
    assert {"rl-retargeted", "rl-address", "rl-address-old", "rl-address-new"} <= shown, shown
    for style in excerpts:
        assert style[0] in by_class, style
        assert tuple(style[1:]) == by_class[style[0]], (style, by_class[style[0]])


# --- Print and Thai ---------------------------------------------------------------------------


@needs_pdftotext
@pytest.mark.parametrize("locale", LOCALES)
def test_printed_changes_say_what_they_are_in_brackets(
    page: Page, terms_site: SiteServer, tmp_path: Path, locale: str
) -> None:
    page.goto(terms_site.url(terms.diff_path(locale)))
    text = print_to_text(page, tmp_path)
    expected = {
        "en": ["[deleted: periodic internal audits ]", "[inserted: regular self inspections ]",
               "[deleted: services.; ]", "[inserted: , backups included ]"],
        "th": ["[ลบ: ดำเนินการตรวจสอบภายในเป็นระยะ ]", "[เพิ่ม: ตรวจสอบตนเองเป็นประจำ ]"],
    }[locale]  # fmt: skip
    for marker in expected:
        assert marker in text, marker
    # The legend and site chrome aside, every insertion and deletion is bracketed.
    opened = {"en": ("[inserted:", "[deleted:"), "th": ("[เพิ่ม:", "[ลบ:")}[locale]
    marks = page.locator(".rl-diff ins, .rl-diff del").count()
    assert sum(text.count(o) for o in opened) == marks


def test_thai_deletions_are_struck_thinly(page: Page, terms_site: SiteServer) -> None:
    style = """e => { const s = getComputedStyle(e);
        return [s.textDecorationLine, s.textDecorationThickness, s.textUnderlineOffset]; }"""
    page.goto(terms_site.url(terms.diff_path("th")))
    line, thickness, _ = page.locator(".rl-diff del:not(.rl-space)").first.evaluate(style)
    # A 1px strike leaves the loops and heads of Thai letters readable; 2px cut through them.
    assert (line, thickness) == ("line-through", "1px")
    line, thickness, offset = page.locator(".rl-diff ins").first.evaluate(style)
    assert line == "underline" and thickness == "1px"
    assert float(offset.removesuffix("px")) >= 5  # below the lower vowels (ุ ู)
    page.goto(terms_site.url(terms.diff_path("en")))
    assert page.locator(".rl-diff del").first.evaluate(style)[1] == "2px"


# --- "Changes only" ---------------------------------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_changes_only_keeps_each_clause_and_unfolds_by_keyboard(
    page: Page, terms_site: SiteServer, locale: str
) -> None:
    page.goto(terms_site.url(terms.diff_path(locale)))
    clause_2 = page.locator("#content")  # a clause without changes
    paragraphs_2 = page.locator("#content ~ p").first
    page.locator("label.rl-fold").click()
    for change in page.locator(".rl-diff .rl-change").all():
        expect(change).to_be_visible()
    # The clause headings above the changes stay; the clause without changes goes.
    expect(page.locator("#using")).to_be_visible()
    expect(page.locator("#security")).to_be_visible()
    if locale == "th":  # its clause 4 changed too (a deleted space)
        expect(page.locator("#contact")).to_be_visible()
    expect(clause_2).to_be_hidden()
    expect(paragraphs_2).to_be_hidden()
    if locale == "en":
        # The paragraph leading into a changed list, and a changed item's parent item.
        lead_in = page.locator(".rl-diff > p", has_text="We protect the services:")
        expect(lead_in).to_be_visible()
        expect(page.locator("li", has_text="by encrypting data:").first).to_be_visible()
        expect(page.locator("li", has_text="by controlling access")).to_be_hidden()
    # Where clause 2 was: "… 5 unchanged paragraphs" (its heading and four paragraphs).
    label = {"en": "… 5 unchanged paragraphs", "th": "… ย่อหน้าที่ไม่มีการเปลี่ยนแปลง 5 ย่อหน้า"}
    gap = page.locator(".rl-gap button", has_text=label[locale])
    expect(gap).to_be_visible()
    assert page.locator(".rl-gap button").filter(visible=True).count() >= 2
    # By keyboard: Tab to it, Enter opens the run, the focus goes to its first block.
    page.locator("[data-rl-fold]").focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == label[locale]:
            break
    else:
        raise AssertionError(f"Tab never reached {label[locale]!r}")
    page.keyboard.press("Enter")
    expect(clause_2).to_be_visible()
    expect(paragraphs_2).to_be_visible()
    expect(clause_2).to_be_focused()
    expect(gap).to_be_hidden()
    # Showing everything again and folding again starts afresh.
    page.locator("label.rl-fold").click()
    page.locator("label.rl-fold").click()
    expect(clause_2).to_be_hidden()
    expect(gap).to_be_visible()


# A fragment or query that is not valid percent-encoding (a link cut short, a typo):
# `decodeURIComponent` throws on each of these fragments.
MALFORMED = ["#%", "#%E0%A4%A", "?x=%", "?x=%#%"]


@pytest.mark.parametrize("address", MALFORMED)
def test_a_malformed_address_leaves_stepping_and_folding_working(
    page: Page, server: SiteServer, address: str
) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server.url(DEMO["en"]) + address)
    changes = page.locator(".rl-diff .rl-change")
    current = page.locator(".rl-diff .rl-current")
    position = page.locator(".rl-position").first
    assert changes.count() > 1
    expect(current).to_have_count(0)
    page.locator("h1").first.click()
    page.keyboard.press("n")
    expect(current).to_have_count(1)
    expect(position).to_have_text(f"1 / {changes.count()}")
    page.keyboard.press("n")
    expect(position).to_have_text(f"2 / {changes.count()}")
    page.keyboard.press("p")
    expect(position).to_have_text(f"1 / {changes.count()}")
    page.locator("[data-rl-step='1']").first.click()
    expect(position).to_have_text(f"2 / {changes.count()}")
    unchanged = page.locator(".rl-diff .rl-unchanged").first
    expect(unchanged).to_be_visible()
    page.locator("label.rl-fold").click()
    expect(unchanged).to_be_hidden()
    expect(page.locator(".rl-gap button").first).to_be_visible()
    assert errors == []


# --- Phone ------------------------------------------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_phone_toolbar_is_one_row_with_its_counter_filled(
    new_context: Callable[..., BrowserContext], server: SiteServer, locale: str
) -> None:
    page = phone_page(new_context, locale)
    page.goto(server.url(DEMO[locale]))
    total = page.locator(".rl-diff .rl-change").count()
    position = page.locator(".rl-position")
    assert position.inner_text() == f"– / {total}"  # from the start, before any tap
    page.locator(".rl-diff").scroll_into_view_if_needed()
    page.mouse.wheel(0, 1500)
    page.wait_for_function("window.scrollY > 1000")
    toolbar = page.locator(".rl-toolbar")
    box = toolbar.bounding_box()
    line = page.locator(".rl-diff p").first.evaluate(
        "e => parseFloat(getComputedStyle(e).lineHeight)"
    )
    assert box and box["height"] < 2 * line, (box, line)
    # Previous, the position, next, "changes only": left to right, on one row.
    parts = [".rl-toolbar [data-rl-step='-1']", ".rl-position", ".rl-toolbar [data-rl-step='1']",
             ".rl-toolbar .rl-fold"]  # fmt: skip
    boxes = [page.locator(p).bounding_box() for p in parts]
    assert all(boxes)
    xs = [b["x"] for b in boxes if b]
    assert xs == sorted(xs), xs
    for b in boxes:
        assert b and box["y"] <= b["y"] and b["y"] + b["height"] <= box["y"] + box["height"] + 1
    assert xs[-1] + boxes[-1]["width"] <= 375  # type: ignore[index]
    # With the header, it covers a small part of the screen.
    header = page.locator(".md-header").bounding_box()
    assert header and box["y"] + box["height"] - header["y"] < 0.16 * 740
    # The arrows keep their names for screen readers.
    names = {
        "en": ("Previous change", "Next change"),
        "th": ("การเปลี่ยนแปลงก่อนหน้า", "การเปลี่ยนแปลงถัดไป"),
    }
    expect(page.locator(parts[0])).to_have_accessible_name(names[locale][0])
    expect(page.locator(parts[2])).to_have_accessible_name(names[locale][1])
    page.locator(parts[2]).tap()
    expect(position).to_have_text(f"1 / {total}")


# The words of the dates line as the screen lays them out: (text, left, right, top) per word.
WORDS = """(p) => {
    const out = [];
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const m of node.textContent.matchAll(/\\S+/g)) {
            const range = document.createRange();
            range.setStart(node, m.index);
            range.setEnd(node, m.index + m[0].length);
            const r = range.getBoundingClientRect();
            out.push([m[0], r.left, r.right, r.top]);
        }
    }
    return out;
}"""


@pytest.mark.parametrize("width", [375, 1280])
def test_redline_dates_read_as_a_sentence(page: Page, server: SiteServer, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(server.url("/en/privacy-policy/changes/2017-07-28...2022-03-31/"))
    dates = page.locator(".rl-dates")
    assert " ".join(dates.inner_text().split()) == (
        "From July 28, 2017 to March 31, 2022 (Effective April 1, 2022)"
    )
    words = dates.evaluate(WORDS)
    space = page.evaluate(
        """(p) => { const s = document.createElement("span"); s.textContent = "a a";
            p.appendChild(s); const w = s.getBoundingClientRect().width;
            s.textContent = "aa"; const v = s.getBoundingClientRect().width; s.remove();
            return w - v; }""",
        dates.element_handle(),
    )
    for (_, _, right, top), (word, left, _, next_top) in zip(words, words[1:], strict=False):
        if abs(top - next_top) < 2:  # on one line: one space apart, as in a sentence
            assert left - right <= space + 1, (word, left - right, space)


def test_history_notices_use_the_phone_width(
    new_context: Callable[..., BrowserContext], server: SiteServer
) -> None:
    page = new_context(viewport={"width": 375, "height": 740}, is_mobile=True).new_page()
    page.goto(server.url("/th/privacy-policy/history/"))
    row = page.locator("table.rl-revisions tbody tr").first.bounding_box()
    notice = page.locator("table.rl-revisions tbody tr .rl-cell-notice").first.bounding_box()
    assert row and notice
    assert notice["width"] >= 0.9 * row["width"], (notice, row)  # the notice spans the row
    assert row["width"] >= 0.9 * (375 - 2 * 16)  # no indent eating the width


# --- Accessibility of the new parts -----------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("locale", LOCALES)
def test_axe_finds_no_violations_in_a_folded_redline_with_a_changed_link(
    new_context: Callable[..., BrowserContext], terms_site: SiteServer, locale: str, scheme: str
) -> None:
    page = new_context(color_scheme=scheme).new_page()
    page.goto(terms_site.url(terms.diff_path(locale)))
    page.locator("label.rl-fold").click()  # the "… N unchanged paragraphs" buttons show
    expect(page.locator(".rl-gap button").first).to_be_visible()
    violations = Axe().run(page).response["violations"]
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
