"""A translated clause is pending by the English clause's text, in real repositories: a clause
renamed and amended in English is the Thai clause's pending change (not a missing clause), and a
clause removed and restored as it was, or a change reverted, is not pending (docs/ARCHITECTURE.md,
"Translation status per clause")."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.support.clauses import SCOPE_EN, SCOPE_TH, SHARING_EN, SHARING_TH, two_clauses
from tests.support.gitrepo import PolicyRepo, doc
from tests.support.sitebuild import EN, TH, build, redline

# Renamed (same heading) and amended by one phrase.
RENAMED_EN = "## 2. Sharing {#sharing-processors}\n\nWe share with processors and auditors.\n\n"


@pytest.fixture
def repo(repo: PolicyRepo) -> PolicyRepo:
    return two_clauses(repo)


def pending_json(site: Path, day: str) -> list[tuple[str, bool, str]]:
    data = json.loads((site / "revisions.json").read_text(encoding="utf-8"))
    for document in data["documents"]:
        if document["document"] == "privacy-policy" and document["locale"] == "th":
            found = next(r for r in document["revisions"] if r["date"] == day)
            return [(c["anchor"], c["missing"], c["changed"]) for c in found["pending_clauses"]]
    raise AssertionError(day)


def thai_page(site: Path) -> str:
    return (site / "th/privacy-policy/index.html").read_text(encoding="utf-8")


def content(html: str) -> str:
    return html.split('<div class="rl-policy', 1)[1].split('<section class="rl-revised"', 1)[0]


def release_en(repo: PolicyRepo, body: str, day: str) -> None:
    repo.write(EN, doc("Privacy", body, notice=f"English {day}."))
    repo.commit(f"english {day}")
    repo.tag(f"policy/{day}", "English", date=day)


def test_a_clause_renamed_and_amended_in_english_is_the_thai_clause_pending_not_missing(
    repo, tmp_path
):
    release_en(repo, SCOPE_EN + RENAMED_EN, "2024-01-15")
    site = build(repo.path, tmp_path / "site", as_of="2024-02-01")
    thai = thai_page(site)
    text = content(thai)
    # No English duplicate inserted; the note is under the Thai clause, and the new anchor is
    # an id just above it, once, so the language switch from the English clause lands there.
    assert "rl-untranslated" not in text
    note = re.search(
        r'<h2 id="sharing">.*?</h2>.*?(<aside class="rl-clause-note".*?</aside>)', text
    )
    assert note, text
    assert '<span id="sharing-processors"></span><h2 id="sharing">' in text
    assert "It is now at #sharing-processors in the" not in note.group(1)  # in Thai
    assert "ปัจจุบันข้อนี้อยู่ที่ #sharing-processors ในฉบับภาษาอังกฤษ" in note.group(1)
    assert '<time datetime="2024-01-15">' in note.group(1)
    assert "#sharing-processors" in note.group(1)
    assert "changes/2023-07-03...2024-01-15/#sharing-processors" in note.group(1)
    assert len(re.findall(r'\sid="sharing-processors"', thai)) == 1
    assert text.count('<aside class="rl-clause-note"') == 1
    assert 'rl-mark rl-mark--pending"' in thai
    assert pending_json(site, "2023-07-03") == [("sharing-processors", False, "2024-01-15")]

    # `redline check` names it as changed and renamed, at the Thai heading, not as missing.
    repo.write(TH, doc("นโยบาย", SCOPE_TH + "แก้\n\n" + SHARING_TH, notice="แก้ข้อ 1"))
    repo.commit("thai edit")
    check = redline("check", cwd=repo.path)
    assert "policy/th/privacy-policy.md:11: warning: clause #sharing-processors" in check.stdout
    assert "renamed from #sharing" in check.stdout
    assert "give it the new anchor {#sharing-processors}" in check.stdout
    assert "is not in the 'th' translation" not in check.stdout

    # Only the new anchor taken: nothing was translated, still pending (no longer renamed).
    anchor_only = SHARING_TH.replace("{#sharing}", "{#sharing-processors}")
    repo.write(TH, doc("นโยบาย", SCOPE_TH + "แก้\n\n" + anchor_only, notice="แก้ข้อ 1"))
    repo.commit("anchor only")
    check = redline("check", cwd=repo.path)
    assert "clause #sharing-processors" in check.stdout and "renamed from" not in check.stdout

    # Translated with the new anchor: caught up.
    translated = "## 2. การเปิดเผย {#sharing-processors}\n\nเราเปิดเผยแก่ผู้ประมวลผลและผู้ตรวจสอบ\n\n"
    repo.write(TH, doc("นโยบาย", SCOPE_TH + translated, notice="แปล"))
    repo.commit("translated")
    assert "#sharing-processors" not in redline("check", cwd=repo.path).stdout


def test_a_clause_removed_and_restored_as_it_was_is_not_pending(repo, tmp_path):
    release_en(repo, SCOPE_EN, "2024-01-15")
    # Restored byte for byte, the Thai file revised the same day for another clause (so the
    # file as a whole keeps up and the mark is about the clauses).
    repo.write(EN, doc("Privacy", SCOPE_EN + SHARING_EN, notice="Restored."))
    repo.write(TH, doc("นโยบาย", SCOPE_TH + "แก้\n\n" + SHARING_TH, notice="แก้ข้อ 1"))
    repo.commit("restored")
    check = redline("check", cwd=repo.path)
    assert "#sharing" not in check.stdout, check.stdout
    repo.tag("policy/2024-06-03", "Restored", date="2024-06-03")
    site = build(repo.path, tmp_path / "site", as_of="2024-07-01")
    thai = thai_page(site)
    assert "rl-clause-note" not in content(thai)
    assert 'rl-mark rl-mark--in-force"' in thai
    assert pending_json(site, "2024-06-03") == []


def test_a_change_reverted_in_a_later_release_is_pending_only_until_then(repo, tmp_path):
    changed = "## 2. Sharing {#sharing}\n\nWe share with processors and auditors.\n\n"
    release_en(repo, SCOPE_EN + changed, "2024-01-15")
    site = build(repo.path, tmp_path / "before", as_of="2024-02-01")
    assert pending_json(site, "2023-07-03") == [("sharing", False, "2024-01-15")]
    # A Thai draft that does not translate it: named, pending since the release.
    repo.write(TH, doc("นโยบาย", SCOPE_TH + "แก้\n\n" + SHARING_TH, notice="แก้ข้อ 1"))
    repo.commit("thai edit")
    assert "(pending since 2024-01-15)" in redline("check", cwd=repo.path).stdout
    # The English draft reverts the change: the Thai text translates it again.
    repo.write(EN, doc("Privacy", SCOPE_EN + SHARING_EN, notice="Reverted."))
    repo.commit("reverted")
    check = redline("check", cwd=repo.path)
    assert "#sharing" not in check.stdout, check.stdout
    repo.tag("policy/2024-06-03", "Reverted", date="2024-06-03")
    site = build(repo.path, tmp_path / "after", as_of="2024-07-01")
    thai = thai_page(site)
    assert "rl-clause-note" not in content(thai)
    assert 'rl-mark rl-mark--in-force"' in thai
    assert pending_json(site, "2024-06-03") == []
