"""The page of an English-only revision in Thai (`/th/<doc>/<date>/`, `untranslated`) tells its
readers what that revision changed, in their language: its notice for them (the front matter's
Thai notice, else the localized "revised on"), the clauses it added, changed and removed, and its
redline. In real repositories; the page is fixed once published (a later release leaves it byte
for byte as it was, rendered again or taken from the cache), and its cache key covers what it
shows (docs/ARCHITECTURE.md, "No dead ends", "Archive pages are stable")."""

from __future__ import annotations

import datetime
import logging
import shutil

import pytest

from tests.support.clauses import SCOPE_EN, SCOPE_TH, SHARING_EN, SHARING_TH, two_clauses
from tests.support.gitrepo import PolicyRepo, doc
from tests.support.sitebuild import EN, TH, build

RETENTION = "## 3. Data retention {#data-retention}\n\nWe keep data for **two years**.\n"
SHARING_CHANGED = SHARING_EN.replace("processors", "processors and auditors")
# Policy text: escaped, never markup (and "&" stays an ampersand).
THAI_NOTICE = "เพิ่มข้อ 3 <b>ระยะเวลา</b> & แก้ไขข้อ 2"
ENGLISH_NOTICE = "Retention added; sharing widened."
PAGE = "th/privacy-policy/2024-01-15/index.html"
LATER = "2024-04-01"


@pytest.fixture
def repo(repo: PolicyRepo) -> PolicyRepo:
    return two_clauses(repo)


def english_only(repo: PolicyRepo, notice: str) -> None:
    """English only on 2024-01-15: {#data-retention} added, clause 2 changed."""
    repo.write(EN, doc("Privacy", SCOPE_EN + SHARING_CHANGED + RETENTION, notice=notice))
    repo.commit("retention", date="2024-01-15")
    repo.tag("policy/2024-01-15", "Retention", date="2024-01-15")


def banner(html: str) -> str:
    return html.split("rl-banner--pending", 1)[1].split("</div>", 1)[0]


def epoch(day: str) -> str:
    """`SOURCE_DATE_EPOCH` for noon UTC of `day`: the build's as-of date from the environment,
    as a daily build has it, not written into mkdocs.yml (which every page's key digests)."""
    when = datetime.datetime.fromisoformat(day).replace(hour=12, tzinfo=datetime.UTC)
    return str(int(when.timestamp()))


def test_the_untranslated_page_gives_the_thai_notice_and_clauses_and_stays_after_a_release(
    repo, tmp_path, caplog, monkeypatch
):
    english_only(repo, f'{{en: "{ENGLISH_NOTICE}", th: "{THAI_NOTICE}"}}')
    cache = tmp_path / "cache"
    # Built on the day after its release; the later builds months after: the page shows no
    # status, so its print margin gives no "status as of" day either (`PageView.stable`).
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch("2024-01-16"))
    before = build(repo.path, tmp_path / "before", as_of=None, cache_dir=str(cache))
    page = (before / PAGE).read_bytes()
    shown = banner(page.decode("utf-8"))
    # The Thai notice, escaped, marked Thai; not the English one.
    assert (
        '<p class="rl-pending__notice" lang="th">'
        "เพิ่มข้อ 3 &lt;b&gt;ระยะเวลา&lt;/b&gt; &amp; แก้ไขข้อ 2</p>" in shown
    )
    assert "<b>" not in shown and ENGLISH_NOTICE not in shown
    # What it added and changed, named as in the English text (`clause_lines`), and its redline.
    assert 'ข้อที่เพิ่มใหม่: <span lang="en">3. Data retention</span>' in shown
    assert 'ข้อที่เปลี่ยนแปลง: <span lang="en">2. Sharing</span>' in shown
    assert (
        'href="../../../en/privacy-policy/changes/2023-07-03...2024-01-15/" hreflang="en"' in shown
    )
    assert "สิ่งที่เปลี่ยนแปลงในฉบับภาษาอังกฤษ" in shown
    # Nothing that changes later: the translation's state is the lag banner's, not this page's.
    assert "rl-pending__state" not in shown
    assert "2024-01-16" not in page.decode("utf-8") and "16 ม.ค." not in page.decode("utf-8")

    # A later English release (and the Thai catching up) and later days leave the page byte
    # for byte as it was: rendered again without the cache, and taken from it with the cache.
    assert "<title>นโยบาย — " in page.decode("utf-8")
    repo.write(EN, doc("Privacy", SCOPE_EN + SHARING_CHANGED, notice="Retention removed."))
    repo.commit("later", date="2024-03-01")
    repo.tag("policy/2024-03-01", "Later", date="2024-03-01")
    repo.write(TH, doc("นโยบาย", SCOPE_TH + SHARING_TH, notice="ปรับปรุงคำแปล"))
    repo.commit("thai", date="2024-03-10")
    repo.tag("policy/2024-03-10", "Thai", date="2024-03-10")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(LATER))
    fresh = build(repo.path, tmp_path / "fresh", as_of=None)
    assert (fresh / PAGE).read_bytes() == page
    caplog.set_level(logging.DEBUG, logger="mkdocs.plugins.redline")
    cached = build(repo.path, tmp_path / "cached", as_of=None, cache_dir=str(cache))
    assert (cached / PAGE).read_bytes() == page
    rendered = [r.getMessage() for r in caplog.records if "rendered /th/" in r.getMessage()]
    assert rendered and not [m for m in rendered if "2024-01-15" in m]  # from the cache
    # Where the state is shown, it did change: the Thai history says the translation caught up.
    history = (fresh / "th/privacy-policy/history/index.html").read_text(encoding="utf-8")
    assert "rl-pending__state--updated" in history

    # A Thai release that renames the policy renames it in the navigation of every page, but
    # this page's own title and heading stay the translation's that stood.
    repo.write(TH, doc("นโยบายใหม่", SCOPE_TH + SHARING_TH, notice="เปลี่ยนชื่อ"))
    repo.commit("renamed", date="2024-03-20")
    repo.tag("policy/2024-03-20", "Renamed", date="2024-03-20")
    renamed = build(repo.path, tmp_path / "renamed", as_of=None)
    shown = (renamed / PAGE).read_text(encoding="utf-8")
    assert "<title>นโยบาย — " in shown and "<h1>นโยบาย</h1>" in shown
    policy = (renamed / "th/privacy-policy/index.html").read_text(encoding="utf-8")
    assert "<title>นโยบายใหม่" in policy


def test_without_a_thai_notice_thai_readers_get_the_thai_fallback_not_the_english_notice(
    repo, tmp_path
):
    english_only(repo, ENGLISH_NOTICE)
    site = build(repo.path, tmp_path / "site", as_of="2024-02-01")
    shown = banner((site / PAGE).read_text(encoding="utf-8"))
    # In the interface language, the page's own (`<html lang="th">`): no lang of its own.
    assert '<p class="rl-pending__notice">นโยบายนี้ได้รับการแก้ไขเมื่อวันที่ 15 มกราคม 2567</p>' in shown
    assert ENGLISH_NOTICE not in shown
    assert 'ข้อที่เพิ่มใหม่: <span lang="en">3. Data retention</span>' in shown


def english_first(repo: PolicyRepo, first: str = SCOPE_EN) -> PolicyRepo:
    """English alone on 2023-01-10 (`first`) and 2023-03-01 (clause 2 added, a Thai notice);
    the Thai translation begins on 2023-07-03."""
    repo.release("2023-01-10", {EN: doc("Privacy", first, notice="First.")})
    notice = f'{{en: "{ENGLISH_NOTICE}", th: "{THAI_NOTICE}"}}'
    repo.release("2023-03-01", {EN: doc("Privacy", SCOPE_EN + SHARING_EN, notice=notice)})
    repo.release(
        "2023-07-03",
        {
            EN: doc("Privacy", SCOPE_EN + SHARING_EN, notice="Thai added."),
            TH: doc("นโยบาย", SCOPE_TH + SHARING_TH, notice="ฉบับแรก"),
        },
    )
    return repo


def test_before_any_translation_the_page_still_gives_the_notice_and_clauses(tmp_path):
    # The Thai page of 2023-03-01 has no translation that stood: only the banner, with what
    # that revision changed.
    repo = english_first(PolicyRepo(tmp_path / "repo"))
    site = build(repo.path, tmp_path / "site", as_of="2023-08-01")
    html = (site / "th/privacy-policy/2023-03-01/index.html").read_text(encoding="utf-8")
    assert '<div class="rl-policy' not in html  # no translation stood: no text shown
    shown = banner(html)
    assert '<p class="rl-pending__notice" lang="th">เพิ่มข้อ 3 &lt;b&gt;' in shown
    assert 'ข้อที่เพิ่มใหม่: <span lang="en">2. Sharing</span>' in shown
    assert 'href="../../../en/privacy-policy/changes/2023-01-10...2023-03-01/"' in shown
    # The first revision: its notice, no clause lines (it adds them all) and no redline.
    first = banner((site / "th/privacy-policy/2023-01-10/index.html").read_text(encoding="utf-8"))
    assert '<p class="rl-pending__notice">นโยบายนี้ได้รับการแก้ไขเมื่อวันที่ 10 มกราคม 2566</p>' in first
    assert "rl-pending__clauses" not in first and "rl-pending__links" not in first


def test_the_cached_page_is_not_reused_when_the_revision_before_it_was_different(tmp_path):
    # The clause lines depend on the revision before this one, which no other part of the key
    # holds when no translation stood (no text shown, no links, no pending clauses): the key
    # must cover it, or a history rewritten before publishing (the same repository and cache)
    # would show the old clause lines.
    cache = tmp_path / "cache"
    shown = []
    for n, first in enumerate((SCOPE_EN, SCOPE_EN + SHARING_EN)):
        shutil.rmtree(tmp_path / "repo", ignore_errors=True)
        repo = english_first(PolicyRepo(tmp_path / "repo"), first)
        site = build(repo.path, tmp_path / f"site{n}", as_of="2023-08-01", cache_dir=str(cache))
        shown.append(banner((site / "th/privacy-policy/2023-03-01/index.html").read_text("utf-8")))
    added, rewritten = shown
    assert 'ข้อที่เพิ่มใหม่: <span lang="en">2. Sharing</span>' in added
    # Against a first text that had clause 2 already, 2023-03-01 changed no clause.
    assert "rl-pending__clauses" not in rewritten
