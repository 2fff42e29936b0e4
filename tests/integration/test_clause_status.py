"""Translation status clause by clause, in real repositories: `redline check` and `release` name
each clause a release leaves pending, with file and line; the Thai page notes it under its
heading, or shows a missing clause in English at its place; the status and `revisions.json` say
so; a later Thai release catches up (docs/ARCHITECTURE.md, "Translation status per clause")."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.support.clauses import SCOPE_EN, SCOPE_TH, SHARING_EN, SHARING_TH, two_clauses
from tests.support.gitrepo import PolicyRepo, doc
from tests.support.sitebuild import EN, TH, build, redline

RETENTION = "## 3. Data retention {#data-retention}\n\nWe keep data for **two years**.\n"


@pytest.fixture
def repo(repo: PolicyRepo) -> PolicyRepo:
    return two_clauses(repo)


def entries(site: Path, locale: str, day: str) -> dict:
    data = json.loads((site / "revisions.json").read_text(encoding="utf-8"))
    for document in data["documents"]:
        if document["document"] == "privacy-policy" and document["locale"] == locale:
            return next(r for r in document["revisions"] if r["date"] == day)
    raise AssertionError((locale, day))


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def content(html: str) -> str:
    """The policy text of a page (what `rl-policy` wraps)."""
    return html.split('<div class="rl-policy', 1)[1].split('<section class="rl-revised"', 1)[0]


def test_a_clause_added_in_english_only_is_named_then_shown_in_english_to_thai_readers(
    repo, tmp_path
):
    # The English release adds {#data-retention}; the Thai file is revised in the same release,
    # for another clause only.
    repo.write(EN, doc("Privacy", SCOPE_EN + SHARING_EN + RETENTION, notice="Retention added."))
    repo.write(TH, doc("นโยบาย", SCOPE_TH + SHARING_TH + "เพิ่มเติม\n", notice="แก้ไขข้อ 2"))
    repo.commit("retention")
    check = redline("check", cwd=repo.path)
    lines = check.stdout.splitlines()
    # Where it belongs in the Thai file: after clause 2, the last, so at the file's last line
    # (13); the English heading's line is named too.
    assert any(
        line.startswith("policy/th/privacy-policy.md:13: warning: clause #data-retention")
        and "policy/en/privacy-policy.md:13" in line
        and "not in the 'th' translation" in line
        for line in lines
    ), check.stdout
    # The English draft gives Thai readers no notice of it: asked for, at its notice line.
    assert any(
        line.startswith("policy/en/privacy-policy.md:3: warning: this release leaves 1 clause")
        and "notice: {en: ..., th: ...}" in line
        for line in lines
    ), check.stdout
    release = redline("release", "--backdate", "2024-01-15", "-m", "Retention", cwd=repo.path)
    assert release.returncode == 0, release.stdout + release.stderr
    assert "warning: clause #data-retention" in release.stderr
    assert "notice: {en: ..., th: ...}" in release.stderr

    site = build(repo.path, tmp_path / "site", as_of="2024-02-01")
    thai = page(site, "th/privacy-policy")
    text = content(thai)
    # At its place (after clause 2), in English, with its anchor, marked untranslated.
    section = re.search(r'<section class="rl-untranslated" lang="en">(.*?)</section>', text, re.S)
    assert section, text
    assert text.index('id="sharing"') < text.index('id="data-retention"')
    assert re.search(r'<h2 id="data-retention">3\. Data retention', section.group(1))
    assert "<strong>two years</strong>" in section.group(1)
    assert 'lang="th"' in section.group(1) and "ยังไม่ได้แปล" in section.group(1)
    assert "15 มกราคม 2567" in section.group(1)  # the date in the page's locale
    assert 'href="../../en/privacy-policy/2024-01-15/#data-retention"' in section.group(1)
    assert "changes/2023-07-03...2024-01-15/#data-retention" in section.group(1)
    # In the table of contents too (as often linked as clause 2), after clause 2.
    assert thai.count('href="#data-retention"') == thai.count('href="#sharing"') >= 2
    toc = thai.split("md-nav--secondary", 1)[1]
    assert toc.index('href="#sharing"') < toc.index('href="#data-retention"')
    # The status: in force, translation pending (the file itself does not lag).
    assert 'rl-mark rl-mark--pending"' in thai
    assert "rl-banner--lagging" not in thai
    entry = entries(site, "th", "2024-01-15")
    assert entry["lagging"] is False
    assert [(c["anchor"], c["missing"], c["changed"]) for c in entry["pending_clauses"]] == [
        ("data-retention", True, "2024-01-15")
    ]
    assert entry["pending_clauses"][0]["heading"] == "3. Data retention"
    assert entries(site, "en", "2024-01-15")["pending_clauses"] == []
    # The archived revision page of the same Thai text shows it too.
    assert 'id="data-retention"' in content(page(site, "th/privacy-policy/2024-01-15"))
    assert 'id="data-retention"' not in content(page(site, "th/privacy-policy/2023-07-03"))


def test_a_clause_changed_in_english_and_not_retranslated_is_noted_until_a_thai_release(
    repo, tmp_path
):
    changed = "## 2. Sharing {#sharing}\n\nWe share with processors and auditors.\n\n"
    repo.write(EN, doc("Privacy", SCOPE_EN + changed, notice="Auditors."))
    repo.write(TH, doc("นโยบาย", SCOPE_TH + "เพิ่มเติม\n\n" + SHARING_TH, notice="แก้ไขข้อ 1"))
    repo.commit("auditors")
    check = redline("check", cwd=repo.path)
    # The Thai heading of clause 2 is at line 11.
    assert "policy/th/privacy-policy.md:11: warning: clause #sharing" in check.stdout
    repo.tag("policy/2024-01-15", "Auditors", date="2024-01-15")

    site = build(repo.path, tmp_path / "site", as_of="2024-02-01")
    thai = page(site, "th/privacy-policy")
    text = content(thai)
    note = re.search(
        r'<h2 id="sharing">.*?</h2>(?:<p class="rl-clause-changed".*?</p>)?'
        r'(<aside class="rl-clause-note".*?</aside>)',
        text,
    )
    assert note, text
    assert "ข้อนี้ในฉบับภาษาอังกฤษมีการเปลี่ยนแปลงเมื่อวันที่" in note.group(1)
    assert "rl-untranslated" not in text
    assert (
        text.count('<aside class="rl-clause-note"') == 1
    )  # clause 1 was translated in the same release
    assert 'rl-mark rl-mark--pending"' in thai
    assert [
        (c["anchor"], c["missing"]) for c in entries(site, "th", "2024-01-15")["pending_clauses"]
    ] == [("sharing", False)]

    # A later Thai release translates the change: caught up; the archived revision keeps it.
    repo.write(
        TH, doc("นโยบาย", SCOPE_TH + "เพิ่มเติม\n\n" + SHARING_TH + "และผู้ตรวจสอบ\n", notice="แปล")
    )
    repo.commit("translated")
    repo.tag("policy/2024-03-01", "Translated", date="2024-03-01")
    site = build(repo.path, tmp_path / "later", as_of="2024-03-02")
    thai = page(site, "th/privacy-policy")
    assert "rl-clause-note" not in content(thai)
    assert 'rl-mark rl-mark--in-force"' in thai
    assert entries(site, "th", "2024-03-01")["pending_clauses"] == []
    assert [c["anchor"] for c in entries(site, "th", "2024-01-15")["pending_clauses"]] == [
        "sharing"
    ]
    assert "rl-clause-note" in content(page(site, "th/privacy-policy/2024-01-15"))


def test_the_thai_body_digest_is_of_its_own_text_and_an_english_heading_cannot_inject(
    repo, tmp_path
):
    before = build(repo.path, tmp_path / "before", as_of="2024-02-01")
    digest = entries(before, "th", "2023-07-03")["rendered_sha256"]
    hostile = (
        '## 3. <script>alert(1)</script><img src=x onerror="alert(2)"> Retention '
        "{#data-retention}\n\n<iframe src=//evil.example></iframe>Kept.\n"
    )
    notice = 'notice:\n  en: Retention.\n  th: "<b onclick=alert(3)>แจ้ง</b>"'
    repo.write(EN, "---\ntitle: Privacy\n" + notice + "\n---\n\n" + SCOPE_EN + SHARING_EN + hostile)
    repo.commit("hostile")
    repo.tag("policy/2024-01-15", "Retention", date="2024-01-15")
    after = build(repo.path, tmp_path / "after", as_of="2024-02-01")
    text = content(page(after, "th/privacy-policy"))
    assert 'id="data-retention"' in text
    for bad in ("<script", "<iframe", "<img", "<b "):
        assert bad not in text, bad
    assert not re.search(r"<[^>]*\son\w+\s*=", text)  # no event handler in any tag
    # The notice, escaped, once: in the banner, not in the note.
    assert page(after, "th/privacy-policy").count("&lt;b onclick=alert(3)&gt;แจ้ง&lt;/b&gt;") == 1
    assert "onclick" not in text
    # The Thai text in force did not change: its digest neither, though its page now shows the
    # English clause (`redline verify` compares the translation's own text).
    assert entries(after, "th", "2023-07-03")["rendered_sha256"] == digest
    assert entries(after, "th", "2023-07-03")["pending_clauses"][0]["anchor"] == "data-retention"


def test_a_notice_for_thai_readers_passes_strict_and_an_old_pending_clause_does_not_fail_it(
    repo, tmp_path
):
    changed = "## 2. Sharing {#sharing}\n\nWe share with processors and auditors.\n\n"
    notice = "\n  en: Auditors.\n  th: เพิ่มผู้ตรวจสอบในข้อ 2 <b>ฉบับภาษาอังกฤษ</b>"
    repo.write(EN, doc("Privacy", SCOPE_EN + changed, notice=notice))
    repo.write(TH, doc("นโยบาย", SCOPE_TH + "เพิ่มเติม\n\n" + SHARING_TH, notice="แก้ไขข้อ 1"))
    repo.commit("auditors, told")
    check = redline("check", "--strict", cwd=repo.path)
    assert check.returncode == 0, check.stdout
    assert "#sharing" not in check.stdout
    repo.tag("policy/2024-01-15", "Auditors", date="2024-01-15")
    site = build(repo.path, tmp_path / "site", as_of="2024-02-01")
    thai = page(site, "th/privacy-policy")
    note = content(thai).split('id="sharing"', 1)[1].split("</aside>", 1)[0]
    told = "เพิ่มผู้ตรวจสอบในข้อ 2 &lt;b&gt;ฉบับภาษาอังกฤษ&lt;/b&gt;"
    # Told once, in the page's banner; the note under the clause keeps its sentence and links.
    assert told not in note and "rl-clause-note__notice" not in thai
    banner = thai.split('<div class="rl-policy', 1)[0]
    assert banner.count(f'<p class="rl-clause-notice">{told}</p>') == 1
    assert thai.count(told) == 1
    assert "<time" in note and 'hreflang="en"' in note
    # A later Thai draft that still does not translate it: named, without failing --strict (the
    # next release does not make it pending; it is on the site already).
    repo.write(TH, doc("นโยบาย", SCOPE_TH + "แก้\n\n" + SHARING_TH, notice="แก้ไขข้อ 1 อีก"))
    repo.commit("thai edit")
    check = redline("check", "--strict", cwd=repo.path)
    assert check.returncode == 0, check.stdout
    assert "policy/th/privacy-policy.md:11: warning: clause #sharing" in check.stdout
    assert "(pending since 2024-01-15)" in check.stdout
    # Counted as marked: a clause pending since a release, not a note about a released tag.
    assert check.stdout.endswith(
        "0 error(s), 0 warning(s), 1 clause(s) pending since a release (not failing --strict)\n"
    ), check.stdout


def test_the_note_dates_the_first_english_change_missed_and_links_the_whole_redline(repo, tmp_path):
    # English #sharing changed in September, then was only renumbered in January.
    changed = "## 2. Sharing {#sharing}\n\nWe share with processors and auditors.\n\n"
    repo.write(EN, doc("Privacy", SCOPE_EN + changed, notice="Auditors."))
    repo.commit("auditors")
    repo.tag("policy/2023-09-10", "Auditors", date="2023-09-10")
    intro = "## 0. About {#about}\n\nThis policy.\n\n"
    renumbered = "## 3. Sharing {#sharing}\n\nWe share with processors and auditors.\n\n"
    repo.write(EN, doc("Privacy", intro + SCOPE_EN + renumbered, notice="Renumbered."))
    repo.commit("renumbered")
    repo.tag("policy/2024-01-15", "Renumbered", date="2024-01-15")
    site = build(repo.path, tmp_path / "site", as_of="2024-02-01")
    note = content(page(site, "th/privacy-policy")).split('id="sharing"', 1)[1]
    note = note.split("</aside>", 1)[0]
    assert '<time datetime="2023-09-10">' in note, note
    # From the English text the Thai translated (2023-07-03) to the one compared with.
    assert "changes/2023-07-03...2024-01-15/#sharing" in note, note
    # `redline check` says since when, for every pending clause.
    repo.write(TH, doc("นโยบาย", SCOPE_TH + "แก้\n\n" + SHARING_TH, notice="แก้"))
    repo.commit("thai edit")
    check = redline("check", cwd=repo.path)
    assert "clause #sharing" in check.stdout and "(pending since 2023-09-10)" in check.stdout
    assert "clause #about" in check.stdout and "(pending since 2024-01-15)" in check.stdout


def test_an_english_first_draft_adding_a_clause_with_a_thai_notice_passes_strict(repo):
    notice = "\n  en: Retention.\n  th: เพิ่มข้อ 3 (ยังไม่ได้แปล)"
    repo.write(EN, doc("Privacy", SCOPE_EN + SHARING_EN + RETENTION, notice=notice))
    repo.commit("retention, English first")
    check = redline("check", "--strict", cwd=repo.path)
    assert check.returncode == 0, check.stdout
    assert "clause anchors differ" not in check.stdout


def test_a_thai_revision_page_shows_what_was_pending_when_it_was_released_not_later(repo, tmp_path):
    # Nothing about a day already published changes: the Thai revision of 2023-07-03 is built
    # before and after an English-only release adds a clause; only the text in force says so.
    before = build(repo.path, tmp_path / "before", as_of="2024-02-01")
    repo.write(EN, doc("Privacy", SCOPE_EN + SHARING_EN + RETENTION, notice="Retention added."))
    repo.commit("retention")
    repo.tag("policy/2024-01-15", "Retention", date="2024-01-15")
    after = build(repo.path, tmp_path / "after", as_of="2024-02-01")

    revision = page(after, "th/privacy-policy/2023-07-03")
    assert content(revision) == content(page(before, "th/privacy-policy/2023-07-03"))
    assert 'id="data-retention"' not in revision  # neither in the text nor in its contents
    assert "rl-clause-note" not in revision and "rl-untranslated" not in revision
    assert "2024-01-15" not in content(revision)
    # The text in force is the same Thai revision: its page shows the clause, in English, with
    # its note, and the status says the translation is pending, on both pages.
    policy = page(after, "th/privacy-policy")
    section = re.search(r'<section class="rl-untranslated" lang="en">(.*?)</section>', policy, re.S)
    assert section and 'id="data-retention"' in section.group(1)
    assert "changes/2023-07-03...2024-01-15/#data-retention" in section.group(1)
    assert 'rl-mark rl-mark--pending"' in policy and 'rl-mark rl-mark--pending"' in revision
    # `revisions.json` describes each revision as of the date, like its status: pending today.
    assert [c["anchor"] for c in entries(after, "th", "2023-07-03")["pending_clauses"]] == [
        "data-retention"
    ]


def test_the_thai_page_of_an_english_only_revision_shows_the_thai_text_then_with_its_clauses(
    repo, tmp_path
):
    # English only on 2024-01-15: {#data-retention} added, clause 2 changed. No Thai release
    # of that date: its Thai address shows the Thai text of 2023-07-03 that stood then, with
    # what it had not caught up with against 2024-01-15, so the clause the reader switched
    # from is there (docs/ARCHITECTURE.md, "No dead ends").
    sharing = SHARING_EN.replace("processors", "processors and auditors")
    repo.write(EN, doc("Privacy", SCOPE_EN + sharing + RETENTION, notice="Retention added."))
    repo.commit("retention")
    repo.tag("policy/2024-01-15", "Retention", date="2024-01-15")
    before = build(repo.path, tmp_path / "before", as_of="2024-02-01")

    thai = page(before, "th/privacy-policy/2024-01-15")
    banner = thai.split("rl-banner--pending", 1)[1].split('<div class="rl-policy', 1)[0]
    assert "15 มกราคม 2567" in banner  # the English revision's date
    assert "3 กรกฎาคม 2566" in banner  # the Thai text that stood
    assert 'href="../../../en/privacy-policy/2024-01-15/"' in banner  # its links as before
    text = content(thai)
    assert "ผู้ที่นโยบายนี้ครอบคลุม" in text  # the Thai text of 2023-07-03
    section = re.search(r'<section class="rl-untranslated" lang="en">(.*?)</section>', text, re.S)
    assert section and re.search(r'<h2 id="data-retention">3\. Data retention', section.group(1))
    assert text.index('id="sharing"') < text.index('id="data-retention"')
    # Back from the clause: the English revision, at the clause (the switch's script takes it).
    assert (
        'class="rl-clause-source" href="../../../en/privacy-policy/2024-01-15/#data-retention"'
        in section.group(1)
    )
    # The changed clause 2: its note under the Thai heading.
    sharing_at = text.index('id="sharing"')
    assert text.index('class="rl-clause-note"', sharing_at) < text.index('id="data-retention"')
    assert thai.count('href="#data-retention"') >= 1  # in the table of contents
    # The Thai revision of 2023-07-03 shows what was pending at its own release: nothing.
    revision = content(page(before, "th/privacy-policy/2023-07-03"))
    assert 'id="data-retention"' not in revision and "rl-clause-note" not in revision
    # The English revision's language switch leads here (its hreflang alternate stays the
    # Thai text that stood, a translation); this page is in neither sitemap nor search.
    english = page(before, "en/privacy-policy/2024-01-15")
    switch = re.search(r'<a href="([^"]*)" hreflang="th"[^>]*rl-switch', english)
    assert switch and switch.group(1) == "../../../th/privacy-policy/2024-01-15/"
    assert '<link rel="alternate" hreflang="th" href="../../../th/privacy-policy/2023-07-03/">' in (
        english
    )
    sitemap = (before / "sitemap.xml").read_text(encoding="utf-8")
    assert "th/privacy-policy/2024-01-15/" not in sitemap
    index = (before / "th" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "2024-01-15" not in index

    # Fixed once published: a later English release changes the text in force, not this page.
    later = SCOPE_EN.replace("covers", "covers now")
    repo.write(EN, doc("Privacy", later + sharing + RETENTION, notice="Scope."))
    repo.commit("scope")
    repo.tag("policy/2024-03-01", "Scope", date="2024-03-01")
    after = build(repo.path, tmp_path / "after", as_of="2024-04-01")
    assert content(page(after, "th/privacy-policy/2024-01-15")) == text
    assert 'id="scope"' in content(page(after, "th/privacy-policy"))
