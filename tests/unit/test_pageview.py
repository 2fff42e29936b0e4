"""What templates get (`rl`): links, dates, labels and status of a page, in its locale."""

from __future__ import annotations

from redline.build.pageview import PageView
from redline.model.history import History
from redline.text import catalogs
from tests.support.model import LOCALES, day, history, page_view, revision

EN1 = revision("privacy", "en", "2020-01-01", notice="First.")
EN2 = revision("privacy", "en", "2022-01-01", notice="Second.")
TH1 = revision("privacy", "th", "2020-01-01", title="นโยบาย")
COOKIES = revision("cookies", "en", "2021-01-01", title="Cookies")
TERMS = revision("terms", "th", "2020-01-01", title="ข้อกำหนด")
TERMS_EN = revision("terms", "en", "2020-01-01", title="Terms")
# The Thai privacy policy is withdrawn in 2021, before English moves on in 2022 (issue 11).
H = history(
    EN1,
    EN2,
    TH1,
    COOKIES,
    TERMS_EN,
    TERMS,
    withdrawn={("privacy", "th"): "2021-01-01", ("terms", "th"): "2023-01-01"},
)


def view(path: str, h: History = H, as_of: str = "2024-01-01") -> PageView:
    """The view of the page at site path `path` (`<lc>/...`), in a build as of `as_of`."""
    return page_view(path, h, as_of)


def test_a_page_knows_its_locale_path_address_and_links_from_it():
    rl = view("th/privacy/history/")
    assert rl.locale == "th" and rl.spec is not None and rl.spec.kind == "history"
    assert rl.path() == "th/privacy/history/"
    assert rl.address() == "https://example.org/th/privacy/history/"
    assert rl.link("en/privacy/") == "../../../en/privacy/"
    assert rl.revision_url(TH1) == "../2020-01-01/"
    assert rl.history_url("privacy") == "./"
    assert rl.feed_url() == "../../feed.xml" and rl.changes_url() == "../../changes/"


def test_dates_labels_and_notices_are_in_the_page_language():
    rl = view("th/privacy/2020-01-01/")
    assert rl.date(day("2020-08-01")) == "1 สิงหาคม 2563"
    assert rl.status(TH1) == "withdrawn"
    assert rl.status_label("withdrawn") == catalogs.load(LOCALES, "th").gettext("Withdrawn")
    assert rl.status_label("withdrawn") != "Withdrawn"
    assert rl.notice(TH1) == "นโยบายนี้ได้รับการแก้ไขเมื่อวันที่ 1 มกราคม 2563"
    assert view("en/privacy/").notice(EN1) == "First."
    assert view("en/privacy/").status_label("in-force") == "In force"


def test_the_authoritative_language_is_named_in_the_page_language():
    assert view("th/privacy/").authoritative_language() == "อังกฤษ"
    assert view("en/privacy/").authoritative_language() == "English"


def test_a_withdrawn_translation_does_not_lag_on_its_page():
    """Issue 11: the archived Thai page said it lagged English 2022; revisions.json said not."""
    rl = view("th/privacy/2020-01-01/")
    assert rl.lagging(TH1) is None
    assert rl.lagging(rl.spec.revision if rl.spec else None) is None
    # Thai terms, withdrawn in 2023 while English had not moved on either: no lag.
    assert view("th/terms/2020-01-01/").lagging(TERMS) is None


def test_the_text_in_force_and_the_redline_links_of_a_document():
    rl = view("en/privacy/")
    assert rl.in_force() is EN2 and rl.upcoming() == ()
    assert rl.previous(EN2) is EN1
    assert rl.diff_url(EN1, EN2) == "changes/2020-01-01...2022-01-01/"
    assert rl.diff_url(EN2, EN1) is None  # no such page: no link
    assert rl.redline() is None  # not a diff page


def test_the_language_switcher_goes_to_the_same_page_or_the_nearest():
    rl = view("en/privacy/2020-01-01/")
    alternates = {a["locale"]: a for a in rl.alternates()}
    assert alternates["en"]["href"] == "./" and alternates["en"]["current"] == "true"
    assert alternates["th"]["href"] == "../../../th/privacy/2020-01-01/"
    assert alternates["th"]["name"] == "ไทย" and alternates["th"]["current"] == ""


def test_the_home_page_lists_every_policy_including_those_not_translated():
    documents = {d["doc"]: d for d in view("th/").documents()}
    assert documents["cookies"]["translated"] is False
    assert documents["cookies"]["url"] == "../en/cookies/"
    assert documents["privacy"]["withdrawn"] is True and documents["privacy"]["revision"] is TH1
    english = {d["doc"]: d for d in view("en/").documents()}
    assert all(d["translated"] for d in english.values())


def test_the_chooser_asks_in_each_language():
    choices = view("en/").chooser()
    assert [c["href"] for c in choices] == ["en/", "th/"]
    assert choices[0]["prompt"] == "Read our policies in English"
    assert choices[1]["prompt"] == catalogs.load(LOCALES, "th").gettext(
        "Read our policies in English"
    )
