"""The history page and the compare picker as a reviewer found them in Chromium: on a narrow phone,
with an empty date, from the keyboard, on paper, with one revision, in a preview, without script;
and the feed page's console."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.support.gitrepo import PolicyRepo, doc
from tests.support.sitebuild import EN, TH, build

from .harness import SiteServer, phone_page

pytestmark = pytest.mark.browser

REDLINES = {
    "en": "/en/privacy-policy/changes/2017-07-28...2022-03-31/",
    "th": "/th/privacy-policy/changes/2017-07-28...2023-07-03/",
}


# -- the picker on a narrow phone -----------------------------------------------------------------


@pytest.mark.parametrize("width", [320, 375])
@pytest.mark.parametrize("locale", ["en", "th"])
def test_the_compare_picker_fits_a_narrow_phone(
    new_context: Callable[..., BrowserContext], server: SiteServer, locale: str, width: int
) -> None:
    page = phone_page(new_context, locale, width)
    for path in (f"/{locale}/privacy-policy/history/", REDLINES[locale]):
        page.goto(server.url(path))
        picker = page.locator("form.rl-compare")
        expect(picker).to_be_visible()  # filled from the index: its selects hold their options
        # (A phone widens its layout viewport to what overflows: innerWidth is then wider too.)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        assert page.evaluate("window.innerWidth") == width
        for select in picker.locator("select").all():
            box = select.bounding_box()
            assert box is not None
            # inside the screen, and still wide enough to read a date in
            assert box["x"] + box["width"] <= width, path
            assert box["width"] >= 150, (path, box)


# -- "what applied on …" with an empty or partial date --------------------------------------------


def test_an_empty_or_partial_date_gets_the_sites_message_in_thai(
    new_context: Callable[..., BrowserContext], server: SiteServer
) -> None:
    # The browser speaks English: its own "fill in this field" bubble would be English, and it
    # would stop the form before the site's Thai message.
    page = new_context(locale="en-US").new_page()
    page.goto(server.url("/th/privacy-policy/history/"))
    form = page.locator("form.rl-when")
    day = form.locator("#rl-when-day")  # a text field: Thai years are typed in the Buddhist Era
    shown = form.locator(".rl-when__answer")
    invalid = "โปรดระบุวันที่ให้ครบทั้งวัน เดือน และปี"

    day.fill("2019-05-15")
    form.get_by_role("button").click()
    expect(shown).to_contain_text("ในวันที่ 15 พฤษภาคม 2562")
    expect(page.locator("#rev-2017-07-28")).to_have_class(re.compile("rl-when-hit"))

    day.fill("")  # emptied: the earlier answer must not stay beside an empty field
    form.get_by_role("button").click()
    expect(shown).to_have_text(invalid)
    expect(page.locator("tr.rl-when-hit")).to_have_count(0)
    assert page.evaluate("document.activeElement.id") == "rl-when-day"

    # Only the day typed (month and year left blank), then Enter: the same message.
    day.fill("2019-05-15")
    form.get_by_role("button").click()
    expect(shown).to_contain_text("ในวันที่ 15 พฤษภาคม 2562")
    day.fill("")
    day.focus()
    page.keyboard.type("15")
    assert day.input_value() == "15"  # a partial date, not a day
    page.keyboard.press("Enter")
    expect(shown).to_have_text(invalid)


# -- what applied on a day, by address ------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "said"),
    [("en", "On June 1, 2022, the revision of"), ("th", "ในวันที่ 1 มิถุนายน 2565")],
)
def test_the_day_asked_is_in_the_address_and_answered_when_opened(
    page: Page, server: SiteServer, locale: str, said: str
) -> None:
    """`history/?on=YYYY-MM-DD` can be cited: it opens answered, with a link to the revision
    then in force; asking another day replaces the address (no new history entry)."""
    history = f"/{locale}/privacy-policy/history/"
    page.goto(server.url(history + "?on=2022-06-01"))
    form = page.locator("form.rl-when")
    shown = form.locator(".rl-when__answer")
    expect(shown).to_contain_text(said)
    expect(form.locator("input[name=day]")).to_have_value("2022-06-01")
    in_force = "2022-03-31" if locale == "en" else "2017-07-28"
    expect(page.locator(f"#rev-{in_force}")).to_have_class(re.compile("rl-when-hit"))
    link = shown.locator("a").first
    assert link.get_attribute("href") == server.url(f"/{locale}/privacy-policy/{in_force}/")

    steps = page.evaluate("history.length")
    form.locator("input[name=day]").fill("2023-08-01")
    form.get_by_role("button").click()
    expect(page.locator("#rev-2023-07-03")).to_have_class(re.compile("rl-when-hit"))
    assert page.url == server.url(history + "?on=2023-08-01")
    assert page.evaluate("history.length") == steps
    page.reload()
    expect(page.locator("#rev-2023-07-03")).to_have_class(re.compile("rl-when-hit"))

    # An incomplete date leaves the address as it was; a malformed one in the address is ignored.
    form.locator("input[name=day]").fill("")
    form.get_by_role("button").click()
    assert page.url == server.url(history + "?on=2023-08-01")
    page.goto(server.url(history + "?on=tomorrow"))
    expect(page.locator("tr.rl-when-hit")).to_have_count(0)
    expect(form.locator(".rl-when__answer")).to_have_text("")


# -- the n and p keys -----------------------------------------------------------------------------


def test_n_in_the_compare_select_picks_an_option_and_does_not_jump(
    page: Page, server: SiteServer
) -> None:
    path = REDLINES["en"]
    page.goto(server.url(path))
    picker = page.locator("form.rl-compare")
    expect(picker).to_be_visible()
    current = page.locator(".rl-diff .rl-current")

    picker.locator("select[name=from]").focus()
    page.keyboard.press("n")
    page.keyboard.press("p")
    # a modified key is a browser's or an assistive technology's shortcut
    for key in ("Alt+n", "Shift+N", "Control+p"):
        page.keyboard.press(key)
    page.wait_for_timeout(200)
    expect(current).to_have_count(0)
    assert page.url == server.url(path)

    # The key itself still works outside the form.
    page.locator("h1").first.click()
    page.keyboard.press("n")
    expect(current).to_have_count(1)
    assert page.url.startswith(server.url(path) + "#")


# -- the history on paper -------------------------------------------------------------------------

A4_WIDTH = 794  # CSS px: 210 mm


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils)")
@pytest.mark.parametrize("locale", ["en", "th"])
def test_the_printed_history_is_its_notices_on_two_sheets(
    page: Page, server: SiteServer, tmp_path: Path, locale: str
) -> None:
    page.goto(server.url(f"/{locale}/privacy-policy/history/"))
    expect(page.locator("form.rl-compare")).to_be_visible()  # the forms are there on screen
    notices = [
        "".join(text.split())
        for text in page.locator("table.rl-revisions .rl-notice").all_text_contents()
    ]
    assert len(notices) == {"en": 4, "th": 2}[locale]  # Thai: with the English one it lags

    page.emulate_media(media="print")
    page.set_viewport_size({"width": A4_WIDTH, "height": 1123})
    table = page.locator("table.rl-revisions")
    notice = table.locator("thead th").nth(4)
    expect(notice).to_have_text({"en": "Notice", "th": "ประกาศ"}[locale])
    assert notice.evaluate("th => th.offsetWidth") >= table.evaluate("t => t.offsetWidth") / 3
    expect(table.locator(".rl-cell-links").first).to_be_hidden()  # links are for the screen

    pdf = tmp_path / "history.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True, text=True, check=True, timeout=60,
    ).stdout  # fmt: skip
    sheets = ["".join(sheet.split()) for sheet in text.split("\f") if sheet.strip()]
    # Before: 4 sheets in English (5 in Thai), a revision each, its notice in a narrow column.
    assert len(sheets) <= 2, len(sheets)
    for whole in notices:  # each notice in full, on one sheet (a row is not split)
        assert any(whole in sheet for sheet in sheets), whole
    printed = "".join(sheets)
    assert "▾" not in printed and "▸" not in printed
    for form in ("form.rl-when", "form.rl-compare"):
        title = "".join(page.locator(f"{form} h2").inner_text().split())
        assert title not in printed, form


# -- one revision: nothing to compare --------------------------------------------------------------


def test_no_picker_and_no_compare_link_with_a_single_revision(
    page: Page, lagging_server: SiteServer
) -> None:
    # As of 2022-06-01 the Thai privacy policy has one revision (2017-07-28), the English three.
    page.goto(lagging_server.url("/th/privacy-policy/history/"))
    expect(page.locator("table.rl-revisions tbody tr")).to_have_count(1)
    page.wait_for_load_state("networkidle")  # the script has run and read what it reads
    expect(page.locator("form.rl-compare")).to_have_count(0)
    page.goto(lagging_server.url("/th/privacy-policy/"))
    expect(page.locator("nav.rl-revbar a.rl-revbar__history")).to_be_visible()
    expect(page.locator("nav.rl-revbar a.rl-revbar__compare")).to_have_count(0)

    # The English text of the same site has three: the picker and the link are there.
    page.goto(lagging_server.url("/en/privacy-policy/history/"))
    expect(page.locator("form.rl-compare")).to_be_visible()
    page.goto(lagging_server.url("/en/privacy-policy/"))
    expect(page.locator("nav.rl-revbar a.rl-revbar__compare")).to_be_visible()


# -- a preview: the draft in the picker ------------------------------------------------------------


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A review build (drafts shown) of a policy with two releases and a draft in both locales."""
    where = tmp_path_factory.mktemp("preview")
    repo = PolicyRepo(where / "repo")
    for n, day in enumerate(("2022-01-01", "2023-01-01")):
        repo.release(
            day,
            {
                EN: doc("Privacy", f"## 1. Scope {{#scope}}\n\nText {n}.\n", notice=f"Rev {n}."),
                TH: doc("นโยบาย", f"## 1. ขอบเขต {{#scope}}\n\nข้อความ {n}\n", notice=f"ฉบับ {n}"),
            },
        )
    repo.write(EN, doc("Privacy", "## 1. Scope {#scope}\n\nText 2.\n", notice="Drafted."))
    repo.write(TH, doc("นโยบาย", "## 1. ขอบเขต {#scope}\n\nข้อความ 2\n", notice="ร่าง"))
    return build(repo.path, where / "site", as_of="2024-01-01", drafts=True)


@pytest.mark.parametrize(
    ("locale", "draft", "release"),
    [
        ("en", "Draft, not published", "January 1, 2023 — In force"),
        ("th", "ฉบับร่าง ยังไม่ได้เผยแพร่", "1 มกราคม 2566 — มีผลใช้บังคับ"),
    ],
    ids=["en", "th"],
)
def test_the_drafts_option_in_the_picker_says_draft_once(
    page: Page, preview: Path, locale: str, draft: str, release: str
) -> None:
    with SiteServer(preview) as server:
        page.goto(server.url(f"/{locale}/privacy-policy/history/"))
        picker = page.locator("form.rl-compare")
        expect(picker).to_be_visible()
        for side in ("from", "to"):
            select = picker.locator(f"select[name={side}]")
            expect(select.locator("option[value=draft]")).to_have_text(draft)
            expect(select.locator("option[value='2023-01-01']")).to_have_text(release)


# -- how to follow changes --------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/en/privacy-policy/follow/", "/th/follow/"])
def test_the_follow_page_logs_no_error_and_asks_nothing_of_elsewhere(
    page: Page, server: SiteServer, path: str
) -> None:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    page.on(
        "response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None
    )
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(server.url(path))
    expect(page.locator("button.rl-copy")).to_be_visible()  # the script ran
    page.wait_for_timeout(300)
    assert problems == []
    assert all(u.startswith(server.origin) for u in requests), requests


# -- without script --------------------------------------------------------------------------------

NEEDS_SCRIPT = {
    "en": "Comparing any two revisions needs JavaScript. Without it, the links in the revision "
    "history table open the comparisons that exist.",
    "th": "การเปรียบเทียบฉบับแก้ไขสองฉบับใด ๆ ต้องใช้ JavaScript "
    "หากไม่ได้เปิดใช้ ลิงก์ในตารางประวัติการแก้ไขจะเปิดการเปรียบเทียบที่มีอยู่",
}


@pytest.mark.parametrize("locale", ["en", "th"])
def test_without_script_compare_revisions_says_what_to_use_instead(
    new_context: Callable[..., BrowserContext], server: SiteServer, locale: str
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto(server.url(f"/{locale}/privacy-policy/"))
    page.locator("nav.rl-revbar a.rl-revbar__compare").click()
    page.wait_for_url(server.url(f"/{locale}/privacy-policy/history/") + "**")
    expect(page.locator("form.rl-compare")).to_be_hidden()  # it needs the script
    said = page.locator("p.rl-compare-noscript")
    expect(said).to_be_visible()
    expect(said).to_have_text(NEEDS_SCRIPT[locale])
    # The table below does link the redlines that exist.
    expect(page.locator("table.rl-revisions .rl-cell-links a").first).to_be_visible()

    # With script, the picker itself and no such sentence.
    page = new_context().new_page()
    page.goto(server.url(f"/{locale}/privacy-policy/history/"))
    expect(page.locator("form.rl-compare")).to_be_visible()
    expect(page.get_by_text(NEEDS_SCRIPT[locale])).to_have_count(0)
