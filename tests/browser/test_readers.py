"""The readers' round in Chromium, in both languages, on a phone (375 px) and a desktop (1280 px):
Thai dates typed in the Buddhist Era, a reviewer's keys and the address that keeps the view, the
compare picker older to newer from every page, the address of a link added or removed, and the
small things (the home page's dates, the phone header, the Thai search count, the clear tooltip).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.support import terms

from .harness import SiteServer, open_page, search
from .test_print import print_to_text
from .test_redline import DEMO, LOCALES, needs_pdftotext, terms_site

pytestmark = pytest.mark.browser

__all__ = ["terms_site"]  # the Terms of Service history (a link added, one removed), served
WIDTHS = [375, 1280]


# -- 2. Thai dates in the Buddhist Era ------------------------------------------------------------

# The history row whose period holds a day (the same rows the script reads).
ROW_OF_DAY = """(day) => [...document.querySelectorAll("tr[data-rl-from]")].find(row =>
    row.dataset.rlFrom && row.dataset.rlFrom <= day
    && (!row.dataset.rlUntil || day <= row.dataset.rlUntil)).id"""


@pytest.mark.parametrize("width", WIDTHS)
def test_a_thai_reader_types_the_buddhist_era_year(
    new_context: Callable[..., BrowserContext], server: SiteServer, width: int
) -> None:
    page = open_page(new_context, "th", width)
    page.goto(server.url("/th/privacy-policy/history/"))
    form = page.locator("form.rl-when")
    day = form.locator("#rl-when-day")
    answer = form.locator(".rl-when__answer")
    row = page.evaluate(ROW_OF_DAY, "2020-01-01")
    said = "1 มกราคม 2563 (ค.ศ. 2020)"  # the day as the site writes it, and the calendar read
    # 2563 is a Buddhist Era year (above 2400); 2020 is AD; Thai digits are digits: one day.
    for typed in ("01/01/2563", "1/1/2020", "๐๑/๐๑/๒๕๖๓", "2020-01-01"):
        day.fill(typed)
        day.press("Enter")
        expect(answer).to_contain_text(f"ในวันที่ {said}")
        assert "3106" not in answer.inner_text(), typed  # 2563 AD would be 3106 in the BE
        expect(page.locator("tr.rl-when-hit")).to_have_count(1)
        expect(page.locator(f"#{row}")).to_have_class(re.compile("rl-when-hit"))
    # An impossible day is refused, in Thai, and the earlier answer does not stay.
    day.fill("31/02/2563")
    form.get_by_role("button").click()
    expect(answer).to_have_text("ไม่มีวันที่ 31/02/2563 ในปฏิทิน: โปรดตรวจสอบวันและเดือน")
    expect(page.locator("tr.rl-when-hit")).to_have_count(0)
    expect(day).to_be_focused()
    # The field says what to type, and the whole form fits the screen.
    expect(form.locator("label[for=rl-when-day]")).to_contain_text("พ.ศ. หรือ ค.ศ.")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", WIDTHS)
def test_english_dates_stay_the_browsers_date_field(
    new_context: Callable[..., BrowserContext], server: SiteServer, width: int
) -> None:
    page = open_page(new_context, "en", width)
    page.goto(server.url("/en/privacy-policy/history/"))
    form = page.locator("form.rl-when")
    form.locator("input[name=day]").fill("2020-01-01")
    form.get_by_role("button").click()
    answer = form.locator(".rl-when__answer")
    expect(answer).to_contain_text("On January 1, 2020, the revision of")
    assert "(AD" not in answer.inner_text()


# -- 3. A reviewer's keys and the address of the view ---------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("locale", LOCALES)
def test_n_and_p_after_ticking_changes_only_and_the_address_keeps_the_view(
    new_context: Callable[..., BrowserContext], server: SiteServer, locale: str, width: int
) -> None:
    page = open_page(new_context, locale, width)
    page.goto(server.url(DEMO[locale]))
    changes = page.locator(".rl-diff .rl-change")
    total = changes.count()
    assert total >= 6
    position = page.locator(".rl-position")
    fold = page.locator("[data-rl-fold]")
    # Space on the focused checkbox, as a keyboard user ticks it; the focus stays on it.
    fold.focus()
    page.keyboard.press("Space")
    expect(fold).to_be_checked()
    expect(fold).to_be_focused()
    page.keyboard.press("n")
    expect(position).to_have_text(f"1 / {total}")
    for _ in range(4):
        page.keyboard.press("n")
    expect(position).to_have_text(f"5 / {total}")
    page.keyboard.press("p")
    expect(position).to_have_text(f"4 / {total}")
    page.keyboard.press("n")
    expect(position).to_have_text(f"5 / {total}")
    fifth = changes.nth(4)
    expect(fifth).to_have_class(re.compile("rl-current"))
    # The address names the view: changes only, the fifth change.
    address = page.url
    assert "?only=changes#" in address, address
    # Sent to someone else: the same view when the page loads.
    other = open_page(new_context, locale, width)
    other.goto(address)
    expect(other.locator("[data-rl-fold]")).to_be_checked()
    expect(other.locator(".rl-diff")).to_have_class(re.compile("rl-folded"))
    expect(other.locator(".rl-position")).to_have_text(f"5 / {total}")
    current = other.locator(".rl-diff .rl-current")
    expect(current).to_have_count(1)
    assert (
        current.evaluate("(e) => [...document.querySelectorAll('.rl-diff .rl-change')].indexOf(e)")
        == 4
    )
    expect(current).to_be_in_viewport()
    expect(other.locator(".rl-diff .rl-unchanged").first).to_be_hidden()
    # On from there, and the whole text again takes `only` out of the address.
    other.keyboard.press("n")
    expect(other.locator(".rl-position")).to_have_text(f"6 / {total}")
    other.locator("label.rl-fold").click()
    assert "only=" not in other.url and "#" in other.url


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("locale", LOCALES)
def test_the_keys_are_hinted_and_listed_with_question_mark(
    new_context: Callable[..., BrowserContext], server: SiteServer, locale: str, width: int
) -> None:
    page = open_page(new_context, locale, width)
    page.goto(server.url(DEMO[locale]))
    hint = page.locator(".rl-keys-hint")
    expect(hint).to_be_visible()
    expect(hint.locator("kbd")).to_have_text(["n", "p", "?"])
    box = hint.bounding_box()
    assert box is not None and box["x"] + box["width"] <= width
    keys = page.locator("dialog.rl-keys")
    expect(keys).to_be_hidden()
    page.locator("h1").first.click()
    page.keyboard.press("?")
    expect(keys).to_be_visible()
    expect(keys.locator("dt kbd")).to_have_text(["n", "p", "?", "Esc"])
    page.keyboard.press("n")  # the list is open: the page stays where it is
    expect(page.locator(".rl-diff .rl-current")).to_have_count(0)
    page.keyboard.press("Escape")
    expect(keys).to_be_hidden()
    hint.locator("button").click()
    expect(keys).to_be_visible()
    keys.get_by_role("button").click()
    expect(keys).to_be_hidden()
    # A Thai keyboard layout types "ื" on the n key, "ร" on p: the key's place counts.
    thai_key = """([key, code]) => document.body.dispatchEvent(
        new KeyboardEvent("keydown", {key, code, bubbles: true}))"""
    page.evaluate(thai_key, ["ื", "KeyN"])
    page.evaluate(thai_key, ["ื", "KeyN"])
    page.evaluate(thai_key, ["ร", "KeyP"])
    expect(page.locator(".rl-position")).to_have_text(re.compile(r"^1 / \d+$"))


@pytest.mark.parametrize(
    "address", ["?only=%#rl-change-%", "?only=changes#%E0%A4%A", "?only=all#nowhere"]
)
def test_a_malformed_view_address_loads_the_page_working(
    page: Page, server: SiteServer, address: str
) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server.url(DEMO["en"]) + address)
    folded = address.startswith("?only=changes")
    expect(page.locator("[data-rl-fold]")).to_be_checked(checked=folded)
    expect(page.locator(".rl-diff .rl-current")).to_have_count(0)
    page.locator("h1").first.click()
    page.keyboard.press("n")
    expect(page.locator(".rl-position")).to_have_text(re.compile(r"^1 / \d+$"))
    assert errors == []


# -- 5. The compare picker, older to newer --------------------------------------------------------

ORDER = """async () => {
    const picker = document.querySelector("form.rl-compare");
    const index = await (await fetch(new URL(picker.dataset.rlIndex, location.href))).json();
    return index.revisions.map(r => r.slug);
}"""  # newest first


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("locale", LOCALES)
def test_the_compare_picker_opens_older_to_newer_from_every_page(
    new_context: Callable[..., BrowserContext], server: SiteServer, locale: str, width: int
) -> None:
    page = open_page(new_context, locale, width)
    base = f"/{locale}/privacy-policy/"
    page.goto(server.url(base))
    in_force = page.locator(".rl-revised a").first.get_attribute("href") or ""
    pages = [base, base + "history/", DEMO[locale] if locale == "th" else DEMO["en"]]
    for path in pages:
        page.goto(server.url(path))
        compare = page.locator("a.rl-revbar__compare")
        if path == base:
            compare.click()  # to the history page's picker, the text in force on one side
        picker = page.locator("form.rl-compare")
        expect(picker).to_be_visible()
        order = page.evaluate(ORDER)
        older = picker.locator("select[name=from]").input_value()
        newer = picker.locator("select[name=to]").input_value()
        assert order.index(older) > order.index(newer), (path, older, newer)
        if path == base:
            # The policy page's own revision (the text in force) is the newer side.
            assert newer in in_force, (newer, in_force)
    # An archived revision: it is the older side.
    archived = order[-1]
    page.goto(server.url(f"{base}{archived}/"))
    page.locator("a.rl-revbar__compare").click()
    picker = page.locator("form.rl-compare")
    expect(picker).to_be_visible()
    expect(picker.locator("select[name=from]")).to_have_value(archived)


# -- 8. Added and removed links show where they go ------------------------------------------------

SAID = {
    "en": ("[link added: {} ]", "[link removed: {} ]"),
    "th": ("[เพิ่มลิงก์: {} ]", "[ลบลิงก์: {} ]"),
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("locale", LOCALES)
def test_an_added_and_a_removed_link_show_their_addresses(
    new_context: Callable[..., BrowserContext], terms_site: SiteServer, locale: str, width: int
) -> None:
    page = open_page(new_context, locale, width)
    page.goto(terms_site.url(terms.diff_path(locale)))
    for cls, href, said in zip(
        ("rl-target-new", "rl-target-old"),
        (terms.ADDED_LINK, terms.REMOVED_LINK),
        SAID[locale],
        strict=True,
    ):
        note = page.locator(f".rl-diff .{cls}")
        expect(note).to_have_count(1)
        expect(note).to_be_visible()
        expect(note).to_have_text(href)
        box = note.bounding_box()
        assert box is not None and box["x"] + box["width"] <= width  # a long address wraps
        # Right after its link, and read aloud with the words around it.
        assert note.evaluate("e => e.previousElementSibling.getAttribute('href')") == href
        change = page.locator(".rl-diff .rl-change").filter(has=page.locator(f".{cls}"))
        assert said.format(href) in change.aria_snapshot(), change.aria_snapshot()
    # A link whose address alone changed keeps its own note, and no target note.
    assert page.locator(".rl-retargeted + .rl-target").count() == 0


@needs_pdftotext
@pytest.mark.parametrize("locale", LOCALES)
def test_added_and_removed_link_addresses_are_printed(
    page: Page, terms_site: SiteServer, tmp_path: Path, locale: str
) -> None:
    page.goto(terms_site.url(terms.diff_path(locale)))
    printed = "".join(print_to_text(page, tmp_path).split())
    for href, said in zip((terms.ADDED_LINK, terms.REMOVED_LINK), SAID[locale], strict=True):
        assert "".join(said.format(href).split()) in printed


# -- 9. The smaller things ------------------------------------------------------------------------

# How far the date stands from the words before it ("Revised on", "แก้ไขเมื่อวันที่").
GAP = """() => [...document.querySelectorAll(".rl-documents .rl-dates time")].map(time => {
    const range = document.createRange();
    const words = time.previousSibling;
    range.selectNodeContents(words);
    const rects = range.getClientRects();
    return time.getClientRects()[0].left - rects[rects.length - 1].right;
})"""


@pytest.mark.parametrize("width", [320, *WIDTHS])
@pytest.mark.parametrize("locale", LOCALES)
def test_the_home_pages_dates_follow_their_words_and_the_header_shows_the_name(
    new_context: Callable[..., BrowserContext], server: SiteServer, locale: str, width: int
) -> None:
    page = open_page(new_context, locale, width)
    page.goto(server.url(f"/{locale}/"))
    gaps = page.evaluate(GAP)
    assert gaps and all(gap < 8 for gap in gaps), gaps  # one space, not a run of them
    # The site's name whole in the header (on a phone too), wrapped rather than cut.
    for topic in page.locator(".md-header__topic > .md-ellipsis").all():
        sizes = topic.evaluate(
            "e => [e.scrollWidth, e.clientWidth, e.scrollHeight, e.clientHeight]"
        )
        assert sizes[0] <= sizes[1] and sizes[2] <= sizes[3], sizes
    expect(page.locator(".md-header__topic > .md-ellipsis").first).to_be_visible()


@pytest.mark.parametrize("locale", LOCALES)
def test_search_results_give_their_count(page: Page, server: SiteServer, locale: str) -> None:
    page.goto(server.url(f"/{locale}/"))
    links = search(page, {"en": "cookie", "th": "คุกกี้"}[locale])
    documents = {link.split("#")[0] for link in links}
    meta = page.locator(".md-search-result__meta")
    expect(meta).to_contain_text(str(len(documents)))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("locale", LOCALES)
def test_the_clear_buttons_tooltip_leaves_with_the_text(
    new_context: Callable[..., BrowserContext], server: SiteServer, locale: str, width: int
) -> None:
    page = open_page(new_context, locale, width)
    page.goto(server.url(f"/{locale}/"))
    box = page.locator("input.md-search__input")
    clear = page.locator("button.md-search__icon[type=reset]")
    tooltip = page.locator(".md-tooltip--active")
    if width < 600:
        page.locator("label.md-header__button[for=__search]").tap()
        box.fill({"en": "cookie", "th": "คุกกี้"}[locale])
        # The reader clears what the search answered: once its results are shown (on a busy
        # machine the index loads late, and a tap before then is lost).
        expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15000)
        # A tap: the pointer never leaves the button. Chromium turns a touch whose end arrives
        # late (a busy machine) into a long press, which clicks nothing, so a lost tap is tapped
        # again; the text must still go, and the tooltip with it.
        for _ in range(3):
            clear.tap()
            try:
                expect(box).to_have_value("", timeout=2000)
                break
            except AssertionError:
                continue
    else:
        box.click()
        box.fill({"en": "cookie", "th": "คุกกี้"}[locale])
        expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15000)
        clear.hover()
        expect(tooltip).to_be_visible()  # Material's tooltip, "Clear" / "ล้าง"
        page.mouse.down()
        page.mouse.up()
    expect(box).to_have_value("")
    page.wait_for_timeout(600)  # past the tooltip's own delay
    expect(tooltip).to_have_count(0)
