"""Clause history, built from a real repository: the line under each clause heading, the clause
history page (one section per anchor ever seen), and the clauses named in feeds and notices."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from redline.build.cache import HEADER, sealed
from tests.support.gitrepo import PolicyRepo, doc
from tests.support.sitebuild import EN, TH, build

HOSTILE = 'Fees & <script>alert("x")</script> <img src=x onerror=alert(1)>'


def english(security: str, *, scope: str = "names", retention: str = "retention",
            rights: bool = True, fees: bool = False) -> str:  # fmt: skip
    body = (
        f"## 1. Scope {{#scope}}\n\nWe collect {scope}.\n\n"
        f"## 6. Security {{#security}}\n\n{security}\n\n"
        f"## 7. Retention {{#{retention}}}\n\nWe keep data for a year.\n\n"
    )
    if rights:
        body += "## 8. Rights {#rights}\n\nYou may ask for your data.\n\n"
    if fees:
        body += f"## 9. {HOSTILE} {{#fees}}\n\nNo fees.\n\n"
    body += "## 10. Contact {#contact}\n\nWrite to us.\n"
    return doc("Privacy Policy", body, notice="Revised.")


def thai(security: str) -> str:
    body = (
        "## 1. ขอบเขต {#scope}\n\nเราเก็บรวบรวมชื่อ\n\n"
        f"## 6. ความปลอดภัย {{#security}}\n\n{security}\n\n"
        "## 10. ติดต่อ {#contact}\n\nเขียนถึงเรา\n"
    )
    return doc("นโยบายความเป็นส่วนตัว", body, notice="ปรับปรุง")


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> PolicyRepo:
    """Six releases: `#security` changed in three of the four after the first; `#retention`
    renamed `#data-retention`; `#rights` removed, then added again; a hostile heading. Built
    once for the module (each build takes seconds)."""
    repo = PolicyRepo(tmp_path_factory.mktemp("clauses") / "repo")
    repo.release("2020-01-01", {EN: english("Locks."), TH: thai("กุญแจ")})
    repo.release("2020-02-01", {EN: english("Locks and alarms.")})
    repo.release("2020-03-01", {EN: english("Locks and alarms.", scope="names and e-mail")})
    repo.release(
        "2020-04-01",
        {
            EN: english(
                "Locks, alarms and guards.",
                scope="names and e-mail",
                retention="data-retention",
                fees=True,
            ),  # fmt: skip
            TH: thai("กุญแจและสัญญาณเตือน"),
        },
    )
    repo.release(
        "2020-05-01",
        {
            EN: english(
                "Encryption.",
                scope="names and e-mail",
                retention="data-retention",
                rights=False,
                fees=True,
            )
        },  # fmt: skip
    )
    repo.release(
        "2020-06-01",
        {
            EN: english(
                "Encryption.", scope="names and e-mail", retention="data-retention", fees=True
            )
        },  # fmt: skip
    )
    return repo


@pytest.fixture(scope="module")
def site(history: PolicyRepo) -> Path:
    return build(history.path, history.path.parent / "site")


def read(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def sections(page: str) -> dict[str, list[tuple[str, str]]]:
    """Each section of a clause history page by id: its entries as (kind, revision date)."""
    found = {}
    for anchor, body in re.findall(
        r'<section class="rl-clause-history" id="([^"]+)".*?>(.*?)</section>', page, re.S
    ):
        found[anchor] = re.findall(
            r'rl-clause-change--(\w+)">.*?href="../../(\d{4}-\d\d-\d\d)/"', body, re.S
        )
    return found


def note(page: str, anchor: str) -> str:
    """The line after the heading of clause `anchor`."""
    match = re.search(
        rf'<h2 id="{anchor}">.*?</h2>(<p class="rl-clause-changed"[^>]*>.*?</p>)', page
    )
    assert match, anchor
    return match.group(1)


def test_a_clause_changed_in_three_revisions_lists_exactly_those_and_its_addition(site):
    found = sections(read(site, "en/privacy-policy/history/clauses"))
    assert found["security"] == [
        ("changed", "2020-05-01"),
        ("changed", "2020-04-01"),
        ("changed", "2020-02-01"),
        ("added", "2020-01-01"),
    ]
    assert found["contact"] == [("added", "2020-01-01")]


def test_a_renamed_anchor_is_shown_renamed_under_both_anchors(site):
    page = read(site, "en/privacy-policy/history/clauses")
    found = sections(page)
    assert found["data-retention"] == [("renamed", "2020-04-01"), ("added", "2020-01-01")]
    assert found["retention"] == found["data-retention"]  # an old link lands on its story
    part = {
        a: b for a, b in re.findall(r'id="([\w-]+)" aria-labelledby(.*?)</section>', page, re.S)
    }
    # Each section says it the right way round; the old one links on to the new one.
    assert "renamed from #retention" in part["data-retention"]
    assert "renamed to" not in part["data-retention"]
    assert '<a href="#data-retention">renamed to #data-retention</a>' in part["retention"]
    assert "renamed from" not in part["retention"]
    # Its heading's line: the rename kept the text, so it is not called a change of it.
    line = note(read(site, "en/privacy-policy"), "data-retention")
    assert "renamed <time" in line and "Apr 1, 2020" in line and "changed <time" not in line


def test_a_clause_removed_and_added_again_shows_both(site):
    page = read(site, "en/privacy-policy/history/clauses")
    assert sections(page)["rights"] == [
        ("added", "2020-06-01"),
        ("removed", "2020-05-01"),
        ("added", "2020-01-01"),
    ]
    section = re.search(r'id="rights".*?</section>', page, re.S)
    assert section and "<del>You may ask for your data.</del>" in section.group(0)


def test_each_heading_links_its_history_section_and_its_last_change(site):
    page = read(site, "en/privacy-policy")
    line = note(page, "security")
    assert 'href="history/clauses/#security"' in line
    assert 'href="changes/2020-04-01...2020-05-01/#security"' in line  # at the clause
    assert "changed <time" in line and "May 1, 2020" in line
    assert '<span class="rl-sr">6. Security: </span>' in line  # read alone, it names the clause
    assert "unchanged since the first revision" in note(page, "contact")
    assert "added <time" in note(page, "rights") and "Jun 1, 2020" in note(page, "rights")
    # The link lands: the clause history page has a section with that id.
    target = site / "en/privacy-policy/history/clauses/index.html"
    assert 'id="security"' in target.read_text(encoding="utf-8")
    # Not searched: a search for "history" or "changed" does not find every clause.
    index = (site / "en/search/search_index.json").read_text(encoding="utf-8")
    assert "Encryption." in index and "unchanged since" not in index
    # Not inside the heading: the table of contents keeps the heading's own text.
    assert re.search(r'<h2 id="security">6\. Security<a class="headerlink"', page)


def test_an_archived_revision_says_when_each_clause_changed_as_of_that_revision(site):
    page = read(site, "en/privacy-policy/2020-02-01")
    assert "Feb 1, 2020" in note(page, "security")
    assert 'href="../history/clauses/#security"' in note(page, "security")
    assert 'href="../history/clauses/#retention"' in note(page, "retention")
    # On the first revision's own page the line does not link the page itself.
    line = note(read(site, "en/privacy-policy/2020-01-01"), "contact")
    assert "unchanged since the first revision" in line
    assert 'href="./' not in line and 'href="#' not in line
    assert line.count("<a ") == 1 and 'href="../history/clauses/#contact"' in line
    # From the text in force, the first revision's page at the clause.
    assert 'href="2020-01-01/#contact"' in note(read(site, "en/privacy-policy"), "contact")


def test_the_thai_page_says_it_in_thai_with_buddhist_era_dates(site):
    line = note(read(site, "th/privacy-policy"), "security")
    assert "แก้ไขเมื่อ" in line and "2563" in line and "ประวัติ" in line
    page = read(site, "th/privacy-policy/history/clauses")
    assert sections(page)["security"] == [("changed", "2020-04-01"), ("added", "2020-01-01")]
    assert "ประวัติของแต่ละข้อ" in page


def summaries(site: Path, feed: str) -> list[str]:
    root = ET.fromstring((site / feed).read_text(encoding="utf-8"))  # well-formed, text escaped
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.iter(f"{{{ns['a']}}}entry")
    return [e.findtext("a:summary", namespaces=ns) or "" for e in entries]


def plain_text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", page)).split())


def test_feeds_and_notices_name_the_clauses_a_revision_changed_by_what_happened_to_them(site):
    english_feed = summaries(site, "en/feed.xml")
    may = next(s for s in english_feed if "May 1, 2020" in s)
    assert may.endswith("Changed: 6. Security. Removed: 8. Rights.")
    june = next(s for s in english_feed if "June 1, 2020" in s)
    assert june.endswith("Added: 8. Rights.")  # added again: not "changed"
    april = next(s for s in english_feed if "April 1, 2020" in s)
    # A new clause is added; a renamed one is the same clause, changed.
    assert "Added: 9. Fees &" in april and "Changed: 6. Security, 7. Retention." in april
    assert "Changed: 9. Fees" not in april
    changes = plain_text(read(site, "en/changes"))
    assert "Changed: 1. Scope." in changes
    assert "Changed: 6. Security. Removed: 8. Rights." in changes
    assert "Added: 8. Rights." in changes
    # The Thai feed and notices name the English revisions' clauses the same way, in Thai.
    thai_feed = summaries(site, "th/feed.xml")
    assert any(s.endswith("ข้อที่เปลี่ยนแปลง: 6. Security ข้อที่ยกเลิก: 8. Rights") for s in thai_feed)
    assert any(s.endswith("ข้อที่เพิ่มใหม่: 8. Rights") for s in thai_feed)
    thai_changes = plain_text(read(site, "th/changes"))
    assert "ข้อที่เปลี่ยนแปลง: 6. Security ข้อที่ยกเลิก: 8. Rights" in thai_changes
    assert "ข้อที่เพิ่มใหม่: 8. Rights" in thai_changes


def test_hostile_heading_text_is_escaped_everywhere_it_lands(site):
    for path in ("en/privacy-policy", "en/privacy-policy/history/clauses", "en/changes"):
        page = read(site, path)
        assert '<script>alert("x")' not in page and "<img src=x" not in page, path
    history = read(site, "en/privacy-policy/history/clauses")
    assert "Fees &amp; &lt;script&gt;" in history
    feed = (site / "en/feed.xml").read_text(encoding="utf-8")
    assert "<script>" not in feed and "&lt;script&gt;" in feed
    ET.fromstring(feed)


def test_the_page_is_in_the_sitemap_and_built_the_same_from_the_cache(site, history, tmp_path):
    sitemap = (site / "en/sitemap.xml").read_text(encoding="utf-8")
    assert "en/privacy-policy/history/clauses/" in sitemap
    again = build(history.path, tmp_path / "again")  # the excerpts taken from the cache
    for path in ("en/privacy-policy/history/clauses", "th/privacy-policy/history/clauses"):
        assert read(again, path) == read(site, path)


def test_excerpts_add_no_ids_headings_or_permalinks_to_the_page(site):
    page = read(site, "en/privacy-policy/history/clauses")
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids))  # a section's id is its anchor, and only there
    for excerpt in re.findall(r'<div class="rl-excerpt">(.*?)</div>\n', page, re.S):
        assert not re.search(r"<h[1-6]|\sid=|Permanent link", excerpt), excerpt


def test_in_drafts_mode_a_section_says_whether_the_text_in_force_has_the_clause(tmp_path):
    repo = PolicyRepo(tmp_path / "repo")
    repo.release("2020-01-01", {EN: english("Locks."), TH: thai("กุญแจ")})
    repo.write(EN, english("Locks and alarms.", rights=False))
    repo.commit("draft")
    site = build(repo.path, tmp_path / "site", drafts=True)
    page = read(site, "en/privacy-policy/history/clauses")
    where = dict(
        re.findall(
            r'id="([\w-]+)" aria-labelledby.*?rl-clause-history__where">(.*?)</p>', page, re.S
        )
    )
    assert 'href="../../#security"' in where["security"], where["security"]
    # Removed by the draft, still in the text in force.
    assert 'href="../../#rights"' in where["rights"]
    assert "No longer in the text in force." not in page


def test_in_drafts_mode_a_clause_only_in_the_draft_is_not_yet_in_force_not_gone(tmp_path):
    repo = PolicyRepo(tmp_path / "repo")
    repo.release("2020-01-01", {EN: english("Locks."), TH: thai("กุญแจ")})
    repo.release("2021-01-01", {EN: english("Locks.", rights=False)})
    # The drafts add clause 11 in both languages.
    repo.write(EN, english("Locks.", rights=False) + "\n## 11. Cookies {#cookies}\n\nNone.\n")
    repo.write(TH, thai("กุญแจ") + "\n## 11. คุกกี้ {#cookies}\n\nไม่มี\n")
    repo.commit("draft")
    site = build(repo.path, tmp_path / "site", drafts=True)
    said = r'id="([\w-]+)" aria-labelledby.*?rl-clause-history__where">(.*?)</p>'
    where = dict(re.findall(said, read(site, "en/privacy-policy/history/clauses"), re.S))
    assert "Only in the draft: not yet in force." in where["cookies"], where["cookies"]
    assert "No longer" not in where["cookies"] and "href" not in where["cookies"]
    # Removed by a release: no longer in the text in force.
    assert "No longer in the text in force." in where["rights"]
    assert "Only in the draft" not in where["rights"]
    where = dict(re.findall(said, read(site, "th/privacy-policy/history/clauses"), re.S))
    assert "มีเฉพาะในฉบับร่าง: ยังไม่มีผลใช้บังคับ" in where["cookies"], where["cookies"]
    assert 'href="../../#security"' in where["security"]


def test_each_notice_is_a_plain_paragraph_not_a_toggle_that_opens_nothing(site):
    page = read(site, "en/privacy-policy/history/clauses")
    assert '<p class="rl-clause-change__notice">Revised.</p>' in page
    section = page.split('<div class="rl-clauses"', 1)[1]
    assert "<details" not in section and "<summary" not in section


def test_a_warm_build_takes_a_pages_excerpts_from_its_one_cache_entry(tmp_path, monkeypatch):
    # One sealed entry per clause history page holds all of its excerpts (a cold build at 400
    # revisions would write some 1,500 small files otherwise); a warm build reads it and
    # computes no excerpt, so it writes nothing either. Sanitized again all the same.
    monkeypatch.setenv("REDLINE_CACHE_SECRET", "the user's own key")
    repo = PolicyRepo(tmp_path / "repo")
    repo.release("2020-01-01", {EN: english("Locks."), TH: thai("กุญแจ")})
    repo.release("2020-02-01", {EN: english("Locks and alarms."), TH: thai("กุญแจและสัญญาณ")})
    cache = tmp_path / "cache"
    cold = build(repo.path, tmp_path / "cold", cache_dir=str(cache))
    entries = sorted((cache / "clauses").rglob("*.sealed"))
    assert len(entries) == 2  # the English page's and the Thai page's
    assert not (cache / "clause").exists()
    planted = "<p><ins>Planted excerpt.</ins></p><script>__pwn()</script>"
    for entry in entries:
        excerpts = json.loads(entry.read_bytes()[HEADER:])
        assert excerpts and all(isinstance(v, str) for v in excerpts.values())
        body = json.dumps({key: planted for key in excerpts}).encode()
        entry.write_bytes(sealed(b"the user's own key", entry.name.removesuffix(".sealed"), body))
    before = [entry.read_bytes() for entry in entries]
    warm = build(repo.path, tmp_path / "warm", cache_dir=str(cache), reuse_pages=False)
    for locale, added in (("en", "alarms"), ("th", "สัญญาณ")):
        assert added in read(cold, f"{locale}/privacy-policy/history/clauses")
        page = read(warm, f"{locale}/privacy-policy/history/clauses")
        assert "Planted excerpt." in page and "__pwn" not in page
        assert added not in page
    assert [entry.read_bytes() for entry in entries] == before  # nothing computed, nothing kept
