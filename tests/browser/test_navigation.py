"""Legal-grade navigation, as readers, reviewers and subscribers use it in Chromium: a Thai reader
told what the English text changed while Thai lags, comparing any two revisions, following a
policy's changes, and finding the text in force on a past day."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.support.gitrepo import PolicyRepo, doc
from tests.support.sitebuild import build

from .harness import SiteServer, build_variant_site, serve_at

pytestmark = pytest.mark.browser

PHONE = {
    "viewport": {"width": 375, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}


# -- a Thai reader while the Thai text lags -----------------------------------------------------


def test_thai_reader_on_a_phone_finds_what_the_english_revision_changed_in_three_taps(
    new_context: Callable[..., BrowserContext], lagging_server: SiteServer
) -> None:
    page = new_context(**PHONE, locale="th-TH").new_page()
    taps = 0

    def tap(locator) -> None:  # noqa: ANN001 - a Playwright locator
        nonlocal taps
        taps += 1
        locator.tap()

    page.goto(lagging_server.url("/"))
    tap(page.get_by_role("link", name=re.compile("^ไทย")))
    page.wait_for_url(lagging_server.url("/th/"))
    tap(page.locator("article").get_by_role("link", name="นโยบายความเป็นส่วนตัว"))
    page.wait_for_url(lagging_server.url("/th/privacy-policy/"))

    # The status says the translation is pending, and the lag banner says, in Thai, what the
    # English revision of 31 March 2022 changed, without a tap more.
    expect(page.locator(".rl-titlebar .rl-mark")).to_have_text("มีผลใช้บังคับ — คำแปลอยู่ระหว่างการปรับปรุง")
    banner = page.locator(".rl-banner--lagging")
    expect(banner).to_be_visible()
    entry = banner.locator("ol.rl-pending > li").first
    expect(entry.locator(".rl-pending__title")).to_contain_text("ฉบับภาษาอังกฤษแก้ไขวันที่ 31 มีนาคม 2565")
    notice = entry.locator(".rl-pending__notice")
    expect(notice).to_contain_text("ท่านมีสิทธิขอให้เราระงับการให้ข้อมูลส่วนบุคคล")
    notice.scroll_into_view_if_needed()
    expect(notice).to_be_in_viewport()
    assert notice.evaluate("e => e.closest('[lang]').lang") == "th"

    # The English redline of that revision, one tap more.
    tap(entry.get_by_role("link", name="สิ่งที่เปลี่ยนแปลงในฉบับภาษาอังกฤษ"))
    page.wait_for_url(lagging_server.url("/en/privacy-policy/changes/2017-07-28...2022-03-31/"))
    expect(page.locator(".rl-diff ins").first).to_be_visible()
    assert taps <= 3


def test_thai_changes_page_lists_the_english_revision_as_its_own_dated_entry(
    page: Page, lagging_server: SiteServer
) -> None:
    page.goto(lagging_server.url("/th/changes/"))
    first = page.locator("ol.rl-notices > li").first
    expect(first).to_have_class(re.compile("rl-notices__pending"))
    expect(first).to_contain_text("ฉบับภาษาอังกฤษแก้ไขวันที่ 31 มีนาคม 2565")
    expect(first).to_contain_text("คำแปลอยู่ระหว่างการปรับปรุง")  # translation pending


# -- a reviewer compares any two revisions -----------------------------------------------------


def pick(page: Page, side: str, slug: str) -> None:
    page.locator(f"form.rl-compare select[name={side}]").select_option(slug)


@pytest.mark.parametrize(
    ("locale", "oldest", "other"),
    [
        ("en", "2017-02-12", ("2017-02-12", "2022-03-31")),  # a pair that was a 404
        ("th", "2017-07-28", ("2023-07-03", "2017-07-28")),  # picked newer first
    ],
    ids=["en", "th"],
)
def test_reviewer_compares_the_oldest_with_the_text_in_force_and_with_any_other(
    page: Page, server: SiteServer, locale: str, oldest: str, other: tuple[str, str]
) -> None:
    page.goto(server.url(f"/{locale}/privacy-policy/history/"))
    picker = page.locator("form.rl-compare")
    expect(picker).to_be_visible()  # shown once the script has read the document's index
    # The oldest revision against the text in force is what it offers first.
    assert picker.locator("select[name=from]").input_value() == oldest
    assert picker.locator("select[name=to]").input_value() == "2023-07-03"
    picker.get_by_role("button").click()
    page.wait_for_url(server.url(f"/{locale}/privacy-policy/changes/{oldest}...2023-07-03/"))
    expect(page.locator(".rl-diff ins").first).to_be_visible()

    # From the redline page itself, any other pair (older side first, whatever the order).
    picker = page.locator("form.rl-compare")
    expect(picker).to_be_visible()
    assert picker.locator("select[name=from]").input_value() == oldest  # this page's pair
    pick(page, "from", other[0])
    pick(page, "to", other[1])
    picker.get_by_role("button").click()
    older, newer = sorted(other)
    page.wait_for_url(server.url(f"/{locale}/privacy-policy/changes/{older}...{newer}/"))
    assert page.evaluate("document.documentElement.lang") == locale
    expect(page.locator(".rl-dates").first).to_contain_text(
        {"en": "From February 12, 2017", "th": "28 กรกฎาคม 2560"}[locale]
    )


def test_the_picker_says_why_a_pair_beyond_the_bound_is_missing(
    new_context: Callable[..., BrowserContext], tmp_path: Path
) -> None:
    site = build_variant_site(tmp_path, epoch="1735689600", compare_all_max=3)
    with SiteServer(site) as bounded:
        page = new_context().new_page()
        page.goto(bounded.url("/en/privacy-policy/history/"))
        picker = page.locator("form.rl-compare")
        expect(picker).to_be_visible()
        pick(page, "from", "2017-02-12")
        to = picker.locator("select[name=to]")
        # Neither consecutive nor against the text in force: not built, not offered.
        assert to.locator("option[value='2022-03-31']").is_disabled()
        assert to.locator("option[value='2017-07-28']").is_enabled()
        assert to.locator("option[value='2023-07-03']").is_enabled()
        expect(picker.locator(".rl-compare__note")).to_contain_text(
            "This policy has 4 revisions in this language, more than the 3"
        )
        assert not (site / "en/privacy-policy/changes/2017-02-12...2022-03-31").exists()


def test_archived_and_redline_pages_step_to_the_previous_and_next_revision(
    page: Page, server: SiteServer
) -> None:
    page.goto(server.url("/en/privacy-policy/2017-07-28/"))
    bar = page.locator("nav.rl-revbar")
    bar.get_by_role("link", name=re.compile("^Next revision")).click()
    page.wait_for_url(server.url("/en/privacy-policy/2022-03-31/"))
    page.locator("nav.rl-revbar").get_by_role("link", name=re.compile("Previous revision")).click()
    page.wait_for_url(server.url("/en/privacy-policy/2017-07-28/"))

    page.goto(server.url("/en/privacy-policy/changes/2017-07-28...2022-03-31/"))
    page.locator("nav.rl-revbar").get_by_role("link", name=re.compile("^Next revision")).click()
    page.wait_for_url(server.url("/en/privacy-policy/changes/2022-03-31...2023-07-03/"))


# -- a subscriber follows a policy ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "title"),
    [("en", "Follow changes to Privacy Policy"), ("th", "ติดตามการเปลี่ยนแปลงของนโยบายความเป็นส่วนตัว")],
    ids=["en", "th"],
)
def test_subscriber_reaches_the_follow_page_from_a_policy_and_the_feed_it_names(
    new_context: Callable[..., BrowserContext],
    site_dir: Path,
    canonical: str,
    locale: str,
    title: str,
) -> None:
    # At the site's own address: the feed's address is absolute, to `site_url`.
    context = new_context(locale="th-TH" if locale == "th" else "en-US")
    serve_at(context, canonical, site_dir)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.goto(f"{canonical}/{locale}/privacy-policy/")
    page.locator("nav.rl-revbar a.rl-follow").click()
    page.wait_for_url(f"{canonical}/{locale}/privacy-policy/follow/")
    expect(page.locator("main h1")).to_have_text(title)
    assert page.evaluate("document.documentElement.lang") == locale
    feed = f"{canonical}/{locale}/privacy-policy/feed.xml"
    expect(page.locator("#rl-feed-address")).to_have_text(feed)
    page.locator('.rl-feed a[type="application/atom+xml"]').click()
    page.wait_for_url(feed)
    # The feed is plain Atom: no stylesheet asked for, nothing from elsewhere.
    assert all(u.startswith(canonical) for u in requests), requests
    assert not [u for u in requests if u.endswith(".xsl")], requests


def test_every_policy_history_and_redline_page_links_its_follow_page(
    page: Page, server: SiteServer
) -> None:
    for path in (
        "/th/privacy-policy/",
        "/th/privacy-policy/2017-07-28/",
        "/th/privacy-policy/history/",
        "/th/privacy-policy/changes/2017-07-28...2023-07-03/",
    ):
        page.goto(server.url(path))
        follow = page.locator("a.rl-follow").first
        expect(follow).to_have_text(re.compile("ติดตามการเปลี่ยนแปลง"))
        assert follow.evaluate("a => a.href") == server.url("/th/privacy-policy/follow/"), path
    for path in ("/th/", "/th/changes/"):
        page.goto(server.url(path))
        assert page.locator("a.rl-follow").evaluate("a => a.href") == server.url("/th/follow/")


# -- a reader finds the text in force on a past day ---------------------------------------------


@pytest.mark.parametrize(
    ("locale", "answer", "before", "invalid"),
    [
        (
            "en",
            "On May 15, 2019, the revision of July 28, 2017 was in force. "
            "In force from July 28, 2017 to March 31, 2022.",
            "No revision of this policy was in force on January 1, 2010: "
            "the first took effect on February 12, 2017.",
            "Enter a date: day, month and year.",
        ),
        (
            "th",
            "ในวันที่ 15 พฤษภาคม 2562 (ค.ศ. 2019) ฉบับแก้ไขวันที่ 28 กรกฎาคม 2560 เป็นฉบับที่ใช้บังคับ "
            "มีผลใช้บังคับตั้งแต่วันที่ 28 กรกฎาคม 2560 ถึงวันที่ 2 กรกฎาคม 2566",
            "ไม่มีฉบับแก้ไขของนโยบายนี้ที่มีผลใช้บังคับในวันที่ 1 มกราคม 2553 (ค.ศ. 2010) "
            "ฉบับแรกมีผลใช้บังคับตั้งแต่วันที่ 28 กรกฎาคม 2560",
            "โปรดระบุวันที่ให้ครบทั้งวัน เดือน และปี",
        ),
    ],
    ids=["en", "th"],
)
def test_reader_finds_the_text_in_force_on_a_past_day(
    new_context: Callable[..., BrowserContext],
    server: SiteServer,
    locale: str,
    answer: str,
    before: str,
    invalid: str,
) -> None:
    page = new_context(locale="th-TH" if locale == "th" else "en-US").new_page()
    page.goto(server.url(f"/{locale}/privacy-policy/history/"))
    form = page.locator("form.rl-when")
    shown = form.locator(".rl-when__answer")

    form.get_by_role("button").click()  # no date
    expect(shown).to_have_text(invalid)

    form.locator("input[name=day]").fill("2010-01-01")
    form.get_by_role("button").click()
    expect(shown).to_have_text(before)

    form.locator("input[name=day]").fill("2019-05-15")
    form.get_by_role("button").click()
    expect(shown).to_contain_text(answer)
    row = page.locator("#rev-2017-07-28")
    expect(row).to_have_class(re.compile("rl-when-hit"))
    shown.get_by_role("link").click()
    page.wait_for_url(server.url(f"/{locale}/privacy-policy/2017-07-28/"))
    expect(page.locator(".rl-titlebar .rl-mark")).to_have_text(
        {"en": "Archived", "th": "ฉบับเดิม"}[locale]
    )


def test_a_thai_reader_asking_about_a_day_of_an_english_only_revision_is_told_it_prevailed(
    new_context: Callable[..., BrowserContext], server: SiteServer
) -> None:
    page = new_context(locale="th-TH").new_page()
    page.goto(server.url("/th/privacy-policy/history/"))
    form = page.locator("form.rl-when")
    shown = form.locator(".rl-when__answer")
    # 1 June 2022: the Thai text of 2017 stood, the English revision of 31 March 2022 applied.
    form.locator("input[name=day]").fill("2022-06-01")
    form.get_by_role("button").click()
    expect(shown).to_contain_text("ฉบับแก้ไขวันที่ 28 กรกฎาคม 2560 เป็นฉบับที่ใช้บังคับ")
    expect(shown).to_contain_text(
        "ในวันนั้น ฉบับภาษาอังกฤษลงวันที่ 31 มีนาคม 2565 มีผลใช้บังคับ และให้ถือตามฉบับภาษาอังกฤษเป็นสำคัญ"
    )
    shown.get_by_role("link", name="อ่านฉบับภาษาอังกฤษ").click()
    page.wait_for_url(server.url("/en/privacy-policy/2022-03-31/"))
    # Before the first Thai text, the English text applied: said, with its history.
    page.goto(server.url("/th/privacy-policy/history/"))
    form.locator("input[name=day]").fill("2017-03-01")
    form.get_by_role("button").click()
    expect(shown).to_contain_text("ก่อนมีคำแปลนี้ ให้ใช้ฉบับภาษาอังกฤษ")
    expect(shown.get_by_role("link")).to_have_attribute(
        "href", re.compile(r"en/privacy-policy/history/$")
    )
    # A day after the site's date is not answered in the past tense.
    form.locator("input[name=day]").fill("2030-01-01")
    form.get_by_role("button").click()
    expect(shown).to_contain_text("จะเป็นฉบับที่ใช้บังคับ ตามข้อมูลของเว็บไซต์นี้ ณ วันที่ 1 มกราคม 2568")


def test_without_script_the_table_answers_the_same(
    new_context: Callable[..., BrowserContext], server: SiteServer
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto(server.url("/en/privacy-policy/history/"))
    expect(page.locator("form.rl-when")).to_be_hidden()  # it needs the script
    row = page.locator("#rev-2017-07-28")
    expect(row.locator(".rl-cell-effective")).to_have_text("Jul 28, 2017")
    expect(row.locator(".rl-cell-until")).to_have_text("Mar 31, 2022")
    # 15 May 2019 is after this row's effective date and not after its last day in force; the
    # row above starts later (April 1, 2022).
    expect(page.locator("#rev-2022-03-31 .rl-cell-effective")).to_have_text("Apr 1, 2022")


# -- the history stays compact with a long history --------------------------------------------


@pytest.fixture(scope="module")
def long_history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """42 revisions of one English policy (GitHub's Terms of Service have 42), each with a notice
    of a realistic length; the Thai folder exists but is empty."""
    where = tmp_path_factory.mktemp("long-history")
    repo = PolicyRepo(where / "repo")
    notice = (
        "We clarified how we handle {n} requests, added an example, and corrected the numbering "
        "of the clauses that follow; nothing else changed in this revision."
    )
    for n in range(42):
        day = f"{2010 + n // 4}-{1 + 3 * (n % 4):02d}-01"
        body = "".join(
            f"## {c}. Clause {c} {{#c{c}}}\n\nText {c} of revision {n}.\n\n" for c in range(1, 8)
        )
        repo.release(day, {"policy/en/terms.md": doc("Terms", body, notice=notice.format(n=n))})
    (repo.path / "policy/th").mkdir()
    return build(repo.path, where / "site", as_of="2024-01-01")


# A row's height is mostly its notice, in full at the body's size (16 px): this 150-character
# notice takes four lines beside the other columns on a desktop, six on a phone.
@pytest.mark.parametrize(("width", "per_row"), [(1280, 125), (375, 230)], ids=["desktop", "phone"])
def test_a_history_of_42_revisions_stays_compact(
    new_context: Callable[..., BrowserContext], long_history: Path, width: int, per_row: int
) -> None:
    with SiteServer(long_history) as server:
        page = new_context(viewport={"width": width, "height": 800}).new_page()
        page.goto(server.url("/en/terms/history/"))
        rows = page.locator("table.rl-revisions tbody tr")
        assert rows.count() == 42
        heights = rows.evaluate_all("rows => rows.map(r => r.getBoundingClientRect().height)")
        assert max(heights) <= per_row, max(heights)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        inside = """() => document.querySelector("table.rl-revisions").getBoundingClientRect().right
            <= document.querySelector(".md-content__inner").getBoundingClientRect().right + 1"""
        assert page.evaluate(inside), "the table is wider than the text column"
        # Before: ~250 px per revision, 10,000 px for 42 revisions.
        assert page.evaluate("document.documentElement.scrollHeight") < 42 * per_row + 1200
