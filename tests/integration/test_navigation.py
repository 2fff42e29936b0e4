"""Legal-grade navigation on real builds: notices that reach a lagging translation's readers,
titles that say what a page is, periods in force, every pair of revisions within the bound, feeds
per document with their follow pages, and archive pages that do not change."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from tests.support.gitrepo import PolicyRepo, doc
from tests.support.sitebuild import build

EN, TH = "policy/en/privacy.md", "policy/th/privacy.md"
ATOM = "{http://www.w3.org/2005/Atom}"


def english(n: int, **meta: str) -> str:
    return doc("Privacy", f"## 1. Scope {{#scope}}\n\nEnglish text {n}.\n", **meta)


def thai(n: int, **meta: str) -> str:
    return doc("ความเป็นส่วนตัว", f"## 1. ขอบเขต {{#scope}}\n\nข้อความภาษาไทย {n}\n", **meta)


# The English revision of 2021-01-01 leaves Thai behind, with a notice for Thai readers.
RELEASES = [
    ("2020-01-01", {EN: english(1, notice="First."), TH: thai(1, notice="ฉบับแรก")}),
    (
        "2021-01-01",
        {EN: english(2, effective="2021-01-15", notice="{en: A new right., th: สิทธิใหม่ของท่าน}")},
    ),
    ("2022-01-01", {EN: english(3, notice="Third."), TH: thai(3, notice="ปรับปรุงคำแปล")}),
    ("2023-01-01", {EN: english(4, notice="Fourth."), TH: thai(4, notice="ฉบับที่สี่")}),
]


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def text(markup: str) -> str:
    """The visible words of some HTML, tags dropped and spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def title(markup: str) -> str:
    found = re.search(r"<title>(.*?)</title>", markup, re.S)
    assert found, "no <title>"
    return html.unescape(found.group(1).strip())


def section(markup: str, css_class: str) -> str:
    """The first element with `css_class`, up to the end of its tag's name (good enough here)."""
    start = markup.index(f'class="{css_class}')
    start = markup.rindex("<", 0, start)
    name = re.match(r"<(\w+)", markup[start:]).group(1)  # type: ignore[union-attr]
    depth, at = 0, start
    for tag in re.finditer(rf"<(/?){name}\b[^>]*>", markup[start:]):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            at = start + tag.end()
            break
    return markup[start:at]


@pytest.fixture(scope="module")
def lagging(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Released up to 2021-01-01, built as of 2021-06-01: the Thai text lags."""
    r = PolicyRepo(tmp_path_factory.mktemp("lagging") / "repo")
    for day, files in RELEASES[:2]:
        r.release(day, files)
    return build(r.path, r.path.parent / "site", as_of="2021-06-01")


@pytest.fixture(scope="module")
def later(tmp_path_factory: pytest.TempPathFactory) -> PolicyRepo:
    r = PolicyRepo(tmp_path_factory.mktemp("later") / "repo")
    for day, files in RELEASES:
        r.release(day, files)
    return r


@pytest.fixture(scope="module")
def caught_up(later: PolicyRepo) -> Path:
    """Every release, built as of 2023-06-01: Thai caught up on 2022-01-01."""
    return build(later.path, later.path.parent / "site", as_of="2023-06-01")


# -- notices that reach the translation's readers -------------------------------------------------


def test_thai_readers_are_told_in_thai_of_the_english_revision_while_thai_lags(
    lagging: Path,
) -> None:
    policy = page(lagging, "th/privacy")
    assert "คำแปลอยู่ระหว่างการปรับปรุง" in title(policy)  # "translation pending"
    mark = section(policy, "rl-mark")
    assert text(mark) == "มีผลใช้บังคับ — คำแปลอยู่ระหว่างการปรับปรุง"  # never plainly "in force"
    banner = section(policy, "admonition rl-banner rl-banner--lagging")
    words = text(banner)
    assert "ฉบับภาษาอังกฤษแก้ไขวันที่ 1 มกราคม 2564" in words  # dated, in Thai (Buddhist Era)
    assert "สิทธิใหม่ของท่าน" in words  # the notice given for Thai readers
    assert "A new right." not in words
    # It links the English text and its redline.
    assert 'href="../../en/privacy/2021-01-01/"' in banner
    assert 'href="../../en/privacy/changes/2020-01-01...2021-01-01/"' in banner

    changes = text(page(lagging, "th/changes"))
    assert "ฉบับภาษาอังกฤษแก้ไขวันที่ 1 มกราคม 2564" in changes and "สิทธิใหม่ของท่าน" in changes
    for feed in ("th/feed.xml", "th/privacy/feed.xml"):
        entries = feedparser.parse((lagging / feed).read_text(encoding="utf-8")).entries
        assert entries[0].title.endswith("คำแปลอยู่ระหว่างการปรับปรุง"), feed
        assert "สิทธิใหม่ของท่าน" in entries[0].summary


def test_the_entry_stays_after_thai_catches_up_and_archived_pages_tell_it_as_history(
    caught_up: Path,
) -> None:
    changes = text(page(caught_up, "th/changes"))
    assert "ฉบับภาษาอังกฤษแก้ไขวันที่ 1 มกราคม 2564" in changes
    assert "ปรับปรุงคำแปลแล้วเมื่อวันที่ 1 มกราคม 2565" in changes  # updated on 2022-01-01
    feed = feedparser.parse((caught_up / "th/privacy/feed.xml").read_text(encoding="utf-8"))
    pending = [e for e in feed.entries if "/en/" in e.id]
    assert len(pending) == 1 and pending[0].updated == "2022-01-01T00:00:00Z"

    archived = page(caught_up, "th/privacy/2020-01-01")
    history = text(section(archived, "admonition rl-banner rl-banner--lagging"))
    assert "ในระหว่างที่ฉบับแก้ไขนี้มีผลใช้บังคับ ฉบับภาษาอังกฤษได้รับการแก้ไขเมื่อวันที่ 1 มกราคม 2564" in history
    assert "คำแปลฉบับนี้ได้รับการปรับปรุงเมื่อวันที่ 1 มกราคม 2565" in history
    assert "ยังไม่ได้รับการปรับปรุง" not in text(archived)  # "not yet updated" is no longer true
    assert "rl-banner--lagging" not in page(caught_up, "th/privacy")


# -- every page says what it is -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("en/privacy", "Privacy — in force, revision of January 1, 2023 - Cybozu Policies"),
        (
            "en/privacy/2020-01-01",
            "Privacy — archived revision of January 1, 2020 - Cybozu Policies",
        ),
        (
            "en/privacy/changes/2020-01-01...2023-01-01",
            "Privacy — changes from January 1, 2020 to January 1, 2023 - Cybozu Policies",
        ),
        ("en/privacy/history", "Privacy — revision history - Cybozu Policies"),
        (
            "th/privacy/2020-01-01",
            "ความเป็นส่วนตัว — ฉบับแก้ไขวันที่ 1 มกราคม 2563 ที่จัดเก็บไว้ - นโยบายของ Cybozu",
        ),
    ],
)
def test_the_title_carries_the_status_and_the_date(
    caught_up: Path, path: str, expected: str
) -> None:
    assert title(page(caught_up, path)) == expected


def test_archived_pages_show_their_period_and_previous_and_next_revision(caught_up: Path) -> None:
    archived = page(caught_up, "en/privacy/2021-01-01")
    assert "In force from January 15, 2021 to December 31, 2021" in text(
        section(archived, "rl-dates")
    )
    assert "rl-archive" in section(archived, "admonition rl-banner rl-banner--archived")
    bar = section(archived, "rl-revbar")
    assert 'rel="prev" href="../2020-01-01/"' in bar and 'rel="next" href="../2022-01-01/"' in bar
    assert 'href="../history/?from=2021-01-01#rl-compare"' in bar
    assert 'class="rl-follow" href="../follow/"' in bar
    # A redline steps to the redlines before and after it.
    redline = section(page(caught_up, "en/privacy/changes/2021-01-01...2022-01-01"), "rl-revbar")
    assert 'rel="prev" href="../2020-01-01...2021-01-01/"' in redline
    assert 'rel="next" href="../2022-01-01...2023-01-01/"' in redline


def test_the_policy_lists_its_revisions_newest_first(caught_up: Path) -> None:
    listed = re.findall(
        r'<time datetime="([\d-]+)"', section(page(caught_up, "en/privacy"), "rl-revised")
    )
    assert listed == ["2023-01-01", "2022-01-01", "2021-01-01", "2020-01-01"]


def test_the_history_is_a_table_of_periods_newest_first(caught_up: Path) -> None:
    rows = re.findall(
        r'<tr class="rl-history__item rl-status--([\w-]+)" id="rev-([\d-]+)" '
        r'data-rl-from="([\d-]*)" data-rl-until="([\d-]*)"',
        page(caught_up, "en/privacy/history"),
    )
    assert rows == [
        ("in-force", "2023-01-01", "2023-01-01", ""),
        ("archived", "2022-01-01", "2022-01-01", "2022-12-31"),
        ("archived", "2021-01-01", "2021-01-15", "2021-12-31"),  # effective two weeks later
        ("archived", "2020-01-01", "2020-01-01", "2021-01-14"),
    ]


# -- comparing any two revisions -----------------------------------------------------------------


def test_every_pair_within_the_bound_and_the_fixed_pairs_beyond(
    caught_up: Path, later: PolicyRepo, tmp_path: Path
) -> None:
    every = sorted(p.name for p in (caught_up / "en/privacy/changes").iterdir())
    assert len(every) == 6  # 4 revisions: every pair
    assert "2020-01-01...2022-01-01" in every
    index = json.loads((caught_up / "en/privacy/revisions.json").read_text(encoding="utf-8"))
    assert index["all_pairs"] is True and index["pairs"] == []
    assert [r["slug"] for r in index["revisions"]] == [
        "2023-01-01", "2022-01-01", "2021-01-01", "2020-01-01",
    ]  # fmt: skip
    assert index["revisions"][0]["url"] == "2023-01-01/"

    bounded = build(later.path, tmp_path / "site", as_of="2023-06-01", compare_all_max=3)
    fixed = sorted(p.name for p in (bounded / "en/privacy/changes").iterdir())
    assert (
        "2020-01-01...2022-01-01" not in fixed
    )  # neither consecutive nor against the text in force
    assert len(fixed) == 5
    index = json.loads((bounded / "en/privacy/revisions.json").read_text(encoding="utf-8"))
    assert index["all_pairs"] is False and index["bound"] == 3
    assert index["pairs"] == fixed
    assert (bounded / "th/privacy/changes/2020-01-01...2022-01-01").is_dir()  # Thai has 3


def test_a_redline_over_several_revisions_lists_each_with_its_own_redline(caught_up: Path) -> None:
    steps = section(
        page(caught_up, "en/privacy/changes/2020-01-01...2023-01-01"),
        "admonition info rl-banner rl-banner--notice rl-steps",
    )
    assert "This comparison spans 3 revisions" in text(steps)
    for notice in ("Fourth.", "Third.", "A new right."):
        assert notice in text(steps)
    links = re.findall(r'href="\.\./([\d.-]+)/"', steps)
    assert links == [
        "2022-01-01...2023-01-01",
        "2021-01-01...2022-01-01",
        "2020-01-01...2021-01-01",
    ]
    # In Thai, the English revision in between is listed too, with its English redline.
    thai = section(
        page(caught_up, "th/privacy/changes/2020-01-01...2022-01-01"),
        "admonition info rl-banner rl-banner--notice rl-steps",
    )
    assert "ฉบับภาษาอังกฤษแก้ไขวันที่ 1 มกราคม 2564" in text(thai)
    assert 'href="../../../../en/privacy/changes/2020-01-01...2021-01-01/"' in thai


# -- feeds -----------------------------------------------------------------------------------------


def test_each_document_has_a_feed_and_a_follow_page_in_its_language(caught_up: Path) -> None:
    feed = (caught_up / "th/privacy/feed.xml").read_text(encoding="utf-8")
    assert "<?xml-stylesheet" not in feed  # browsers are dropping XSLT: a follow page instead
    assert not (caught_up / "th/feed.xsl").exists()
    root = ET.fromstring(feed)
    assert root.findtext(f"{ATOM}title") == "การเปลี่ยนแปลงความเป็นส่วนตัว"
    assert all(
        e.findtext(f"{ATOM}summary", "").startswith("มีผลใช้บังคับตั้งแต่วันที่")
        for e in root.iter(f"{ATOM}entry")
    )
    follow = page(caught_up, "th/privacy/follow")
    assert "ติดตามการเปลี่ยนแปลงของความเป็นส่วนตัว" in title(follow)
    assert 'href="../feed.xml" type="application/atom+xml"' in follow
    for path, href in (
        ("th/privacy", "follow/"),
        ("th/privacy/history", "../follow/"),
        ("th/privacy/changes/2020-01-01...2022-01-01", "../../follow/"),
    ):
        assert f'class="rl-follow" href="{href}"' in page(caught_up, path), path


# -- archive pages are stable ---------------------------------------------------------------------


STABLE = [
    "en/privacy/2020-01-01",
    "th/privacy/2020-01-01",
    "en/privacy/changes/2020-01-01...2021-01-01",
    "en/privacy/changes/2020-01-01...2022-01-01",
    "th/privacy/changes/2020-01-01...2022-01-01",
]


def test_archive_pages_do_not_change_with_the_date_nor_with_a_new_release(
    later: PolicyRepo, caught_up: Path, tmp_path: Path
) -> None:
    a_year_later = build(later.path, tmp_path / "later", as_of="2024-06-01")
    for path in STABLE:
        assert page(a_year_later, path) == page(caught_up, path), path
    later.release("2024-07-01", {EN: english(5, notice="Fifth.")})
    try:
        released = build(later.path, tmp_path / "released", as_of="2024-08-01")
    finally:
        later.git("tag", "-d", "policy/2024-07-01")
        later.git("reset", "-q", "--hard", "HEAD~1")
    for path in STABLE:
        assert page(released, path) == page(caught_up, path), path
    # The page that did change: the former text in force is now archived.
    assert "archived revision" in title(page(released, "en/privacy/2023-01-01"))


def draft_preview(later: PolicyRepo, tmp_path: Path) -> Path:
    """A preview of `later` with an English draft in the working tree (put back afterwards)."""
    later.write(EN, english(5, notice="Drafted."))
    try:
        return build(later.path, tmp_path / "site", as_of="2023-06-01", drafts=True)
    finally:
        later.git("checkout", "--", EN)


def test_in_a_preview_the_draft_can_be_compared_with_every_revision(
    later: PolicyRepo, tmp_path: Path
) -> None:
    preview = draft_preview(later, tmp_path)
    index = json.loads((preview / "en/privacy/revisions.json").read_text(encoding="utf-8"))
    assert index["revisions"][0]["slug"] == "draft" and index["revisions"][0]["status"] == "draft"
    for day in ("2020-01-01", "2021-01-01", "2022-01-01", "2023-01-01"):
        assert (preview / f"en/privacy/changes/{day}...draft/index.html").is_file(), day


def test_an_upcoming_english_only_revision_is_announced_to_thai_readers_as_upcoming(
    lagging: Path, tmp_path: Path
) -> None:
    # As of 2021-01-05 the English revision of 2021-01-01 takes effect on 2021-01-15.
    early = build(lagging.parent / "repo", tmp_path / "site", as_of="2021-01-05")
    policy = text(page(early, "th/privacy"))
    assert "ฉบับภาษาอังกฤษจะมีการเปลี่ยนแปลง" in policy  # not "translation not yet updated"
    assert "คำแปลยังไม่ได้รับการปรับปรุง" not in policy
    assert "จะมีผลใช้บังคับวันที่ 15 มกราคม 2564 คำแปลอยู่ระหว่างการปรับปรุง" in policy
    # Once in force, the translation lags: said so.
    assert "คำแปลยังไม่ได้รับการปรับปรุง" in text(page(lagging, "th/privacy"))


def test_a_draft_shows_no_effective_date_it_does_not_state(
    later: PolicyRepo, tmp_path: Path
) -> None:
    preview = draft_preview(later, tmp_path)
    draft = text(section(page(preview, "en/privacy/draft"), "rl-dates"))
    assert "No effective date yet: it takes effect when released" in draft
    assert "Effective" not in draft and "Revised on" not in draft
    row = section(page(preview, "en/privacy/history"), "rl-history__item")  # newest first
    assert 'id="rev-draft"' in row and text(section(row, "rl-cell-effective")) == "–"


def test_thai_sentences_end_without_a_western_full_stop(caught_up: Path) -> None:
    banner = text(section(page(caught_up, "th/privacy/2020-01-01"), "admonition rl-banner"))
    assert "ถึงวันที่ 31 ธันวาคม 2564" in banner and "2564." not in banner
    english = page(caught_up, "en/privacy/2020-01-01")
    english_banner = text(section(english, "admonition rl-banner"))
    assert "to January 14, 2021." in english_banner
