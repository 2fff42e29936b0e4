"""`redline import`: existing history, as a legal team has it, made into releases of a repository
made by `redline new` (real git, the real command line, a real build)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.newrepo import git, new_repository, redline

EN_2021 = """# Privacy Policy

Acme Co., Ltd. handles personal data with care.

## 1. Scope

This policy applies to our customers.

## 2. Data we collect

Name and email address.
"""
TH_2021 = """# นโยบายความเป็นส่วนตัว

บริษัท แอคมี จำกัด ดูแลข้อมูลส่วนบุคคลอย่างระมัดระวัง

## 1. ขอบเขต

นโยบายนี้ใช้กับลูกค้าของเรา

## 2. ข้อมูลที่เราเก็บรวบรวม

ชื่อและอีเมล
"""
EN_2022 = EN_2021.replace("Name and email address.", "Name, email and telephone number.") + (
    "\n## 3. Retention\n\nWe keep personal data for five years.\n"
)
TH_2023 = TH_2021.replace("ชื่อและอีเมล", "ชื่อ อีเมล และหมายเลขโทรศัพท์") + (
    "\n## 3. ระยะเวลาการเก็บรักษา\n\nเราเก็บข้อมูลไว้ห้าปี\n"
)
RELEASES = """\
- date: 2021-03-31
  summary: First publication of the Privacy Policy.
  notices: {th: เผยแพร่นโยบายความเป็นส่วนตัวเป็นครั้งแรก}
- date: 2022-06-01
  summary: Telephone numbers and retention periods added.
  notices: {th: เพิ่มหมายเลขโทรศัพท์และระยะเวลาการเก็บรักษา}
- date: 2023-01-15
  summary: Thai translation brought up to date.
  notices: {th: ปรับปรุงคำแปลภาษาไทยให้เป็นปัจจุบัน}
"""
DAYS = ("2021-03-31", "2022-06-01", "2023-01-15")


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def dated_folders(where: Path) -> Path:
    """Three dated versions, without front matter or anchors, English at the folder's top."""
    write(where / "2021-03-31/privacy-policy.md", EN_2021)
    write(where / "2021-03-31/th/privacy-policy.md", TH_2021)
    write(where / "2022-06-01/privacy-policy.md", EN_2022)
    write(where / "2023-01-15/th/privacy-policy.md", TH_2023)
    write(where / "releases.yml", RELEASES)
    return where


@pytest.fixture
def made(tmp_path: Path) -> Path:
    """A repository as `redline new` makes it, with the user's identity: nothing committed."""
    return new_repository(tmp_path)


def snapshot(repo: Path) -> dict[str, str]:
    """Every file of the repository, `.git` included (refs, index, objects), by content."""
    return {
        p.relative_to(repo).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(repo.rglob("*"))
        if p.is_file()
    }


def test_three_dated_versions_become_three_releases_that_build(made, tmp_path):
    source = dated_folders(tmp_path / "old")
    result = redline("import", source, cwd=made)
    assert result.returncode == 0, result.stderr
    assert "policy/en/privacy-policy.md (from " in result.stdout  # reviewed, file by file
    assert "anchors: {#scope} line 5, {#data-we-collect} line 9" in result.stdout
    # What publishes: the tags' commits hold no workflow and GitHub starts no run for a push of
    # more than three tags, so main first, then the tags, then one run by hand.
    assert (
        "then publish: git push origin main, git push origin --tags (GitHub starts no run for "
        "a push of more than three tags at once), and run the publishing workflow once by hand "
        "(Actions → Publish → Run workflow) or wait for its daily run" in result.stdout
    )
    assert "--follow-tags" not in result.stdout
    tags = git("tag", "-l", "-n9", cwd=made)
    for day in DAYS:
        assert f"policy/{day}" in tags
        assert git("cat-file", "-t", f"policy/{day}", cwd=made) == "tag\n"  # annotated
    assert "notice[th]: ปรับปรุงคำแปลภาษาไทยให้เป็นปัจจุบัน" in tags
    log = git("log", "--format=%an <%ae> %ad", "--date=short", cwd=made).split("\n")
    assert log[:3] == [f"Legal Editor <legal@example.com> {day}" for day in reversed(DAYS)]
    # The working tree holds the newest version; the rest of the new site is still untracked.
    en = (made / "policy/en/privacy-policy.md").read_text(encoding="utf-8")
    assert en.startswith(
        "---\ntitle: Privacy Policy\neffective: 2022-06-01\nnotice:\n"
        "  en: Telephone numbers and retention periods added.\n"
    )
    assert "## 3. Retention {#retention}" in en and "# Privacy Policy" not in en
    th = (made / "policy/th/privacy-policy.md").read_text(encoding="utf-8")
    assert "## 3. ระยะเวลาการเก็บรักษา {#retention}" in th  # the English anchor by position
    status = git("status", "--porcelain", cwd=made)
    assert "policy/" not in status and "?? mkdocs.yml" in status
    git("add", "-A", cwd=made)
    git("commit", "-q", "-m", "The site", cwd=made)
    check = redline("check", "--strict", cwd=made)
    assert check.returncode == 0, check.stdout
    assert "0 error(s), 0 warning(s)" in check.stdout
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q"], cwd=made, capture_output=True, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    index = json.loads((made / "site/revisions.json").read_text(encoding="utf-8"))
    revisions = {
        doc["locale"]: [(r["date"], r["effective"], r["notice"]) for r in doc["revisions"]]
        for doc in index["documents"]
    }
    assert revisions == {
        "en": [
            ("2021-03-31", "2021-03-31", "First publication of the Privacy Policy."),
            ("2022-06-01", "2022-06-01", "Telephone numbers and retention periods added."),
        ],
        "th": [
            ("2021-03-31", "2021-03-31", "เผยแพร่นโยบายความเป็นส่วนตัวเป็นครั้งแรก"),
            ("2023-01-15", "2023-01-15", "ปรับปรุงคำแปลภาษาไทยให้เป็นปัจจุบัน"),
        ],
    }
    page = (made / "site/th/privacy-policy/index.html").read_text(encoding="utf-8")
    assert 'id="retention"' in page and "{#" not in page


def test_the_next_edit_of_an_imported_file_is_told_to_set_its_effective_date(made, tmp_path):
    # The import writes the last release's `effective:`; an edit that keeps it would be refused
    # only by `redline release`: the check says so first, at the line of the field.
    assert redline("import", dated_folders(tmp_path / "old"), cwd=made).returncode == 0
    en = made / "policy/en/privacy-policy.md"
    en.write_text(en.read_text(encoding="utf-8").replace("five years", "six years"), "utf-8")
    git("add", "-A", cwd=made)
    git("commit", "-q", "-m", "The site, and six years", cwd=made)
    check = redline("check", cwd=made)
    assert (
        "policy/en/privacy-policy.md:3: warning: effective 2022-06-01 is the released "
        "revision's; set the date this revision takes effect" in check.stdout
    ), check.stdout
    assert redline("check", "--strict", cwd=made).returncode == 1


def test_a_dry_run_shows_every_change_and_writes_nothing(made, tmp_path):
    source = dated_folders(tmp_path / "old")
    before = snapshot(made)
    result = redline("import", source, "--dry-run", cwd=made)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for day in DAYS:
        assert f"redline import: policy/{day}: " in out
    assert (
        "front matter: title 'Privacy Policy' from line 1, effective 2021-03-31, the release "
        "notice" in out
    )
    assert "nothing written" in out
    assert snapshot(made) == before
    assert git("tag", "-l", cwd=made) == ""


def test_releases_yml_maps_dates_to_commits_of_an_old_untagged_history(made, tmp_path):
    old = tmp_path / "old-history"
    old.mkdir()
    git("init", "-q", "-b", "main", cwd=old)
    commits = []
    for day, en in (("2019-05-01", EN_2021), ("2020-02-03", EN_2022)):
        write(old / "legal/privacy.md", en)
        write(old / "README.md", "Our legal texts.\n")
        git("add", "-A", cwd=old)
        git("-c", "user.name=Someone", "-c", "user.email=s@example.com", "commit", "-q", "-m",
            "Update", cwd=old, GIT_AUTHOR_DATE=f"{day}T10:00:00Z")  # fmt: skip
        commits.append(git("rev-parse", "HEAD", cwd=old).strip())
    write(
        old / "releases.yml",
        f"- date: 2019-05-01\n  summary: First version.\n  commit: {commits[0][:10]}\n"
        "  files: {en/privacy.md: legal/privacy.md}\n"
        f"- date: 2020-02-03\n  summary: Retention added.\n  commit: {commits[1]}\n"
        "  folder: legal\n",
    )
    # the new site committed first, with a file of the policy folder that is not a policy
    write(made / "policy/NOTES.txt", "Kept.\n")
    git("add", "-A", cwd=made)
    git("commit", "-q", "-m", "The site", cwd=made)
    result = redline("import", old / "releases.yml", cwd=made)
    assert result.returncode == 0, result.stderr
    assert git("status", "--porcelain", cwd=made) == ""
    assert f"(from {commits[0][:10]}:legal/privacy.md)" in result.stdout
    first = git("show", "policy/2019-05-01:policy/en/privacy.md", cwd=made)
    assert first.startswith("---\ntitle: Privacy Policy\neffective: 2019-05-01\n")
    assert "Name and email address." in first
    # a commit's folder is the whole policy folder then (its files at the top: English)
    files = git("ls-tree", "-r", "--name-only", "policy/2020-02-03", cwd=made).split()
    assert [f for f in files if f.startswith("policy/")] == [
        "policy/NOTES.txt",
        "policy/en/privacy.md",
    ]  # the starter policies replaced, the rest of the site kept
    assert "mkdocs.yml" in files and not (made / "policy/en/privacy-policy.md").exists()
    assert "{#retention}" in git("show", "policy/2020-02-03:policy/en/privacy.md", cwd=made)
    assert (
        git("tag", "-l", "-n1", "policy/2020-02-03", cwd=made)
        .split(None, 1)[1]
        .startswith("Retention added.")
    )


def _no_identity(repo: Path, source: Path) -> dict[str, str]:
    git("config", "--unset", "user.name", cwd=repo)
    git("config", "--unset", "user.email", cwd=repo)
    home = source.parent / "home"
    home.mkdir()
    return {"HOME": str(home), "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def _later_release(repo: Path, source: Path) -> dict[str, str]:
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "Policies", cwd=repo)
    released = redline("release", "--backdate", "2022-01-01", "-m", "Ours", cwd=repo)
    assert released.returncode == 0, released.stderr
    return {}


def _published(repo: Path, source: Path) -> dict[str, str]:
    _later_release(repo, source)
    origin = source.parent / "origin.git"
    git("init", "-q", "--bare", str(origin), cwd=source.parent)
    git("remote", "add", "origin", str(origin), cwd=repo)
    git("push", "-q", "origin", "main", "policy/2022-01-01", cwd=repo)
    return {}


def _hidden_in_a_summary(repo: Path, source: Path) -> dict[str, str]:
    write(source / "releases.yml", RELEASES.replace("Telephone", "Tele\u202ephone"))
    return {}


def _dirty(repo: Path, source: Path) -> dict[str, str]:
    write(repo / "policy/en/privacy-policy.md", "# Our own draft\n")
    return {}


def _broken_source(repo: Path, source: Path) -> dict[str, str]:
    write(source / "2022-06-01/privacy-policy.md", EN_2022 + "\n<script>alert(1)</script>\n")
    return {}


@pytest.mark.parametrize(
    ("setup", "says"),
    [
        (_no_identity, "no git identity to put on the imported commits and tags; set it"),
        (_later_release, "2021-03-31 is not after the release policy/2022-01-01"),
        (_published, "the site is published (origin has the release tag policy/2022-01-01)"),
        (_dirty, "uncommitted changes in policy/en/privacy-policy.md: commit or stash them"),
        (_hidden_in_a_summary, "the invisible character U+202E"),
        (_broken_source, "2022-06-01/privacy-policy.md:17: <script>"),
    ],
    ids=["no-identity", "later-release", "published", "dirty", "hidden", "broken-source"],
)  # fmt: skip
def test_refusals_are_one_line_and_write_nothing(made, tmp_path, setup, says):
    source = dated_folders(tmp_path / "old")
    env = setup(made, source)
    before = snapshot(made)
    result = redline("import", source, cwd=made, **env)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.startswith("redline import: ") and result.stderr.count("\n") == 1
    assert says in result.stderr and "Traceback" not in result.stderr
    assert "nothing was imported" in result.stderr
    assert snapshot(made) == before


def test_a_dry_run_shows_the_warnings_the_tags_would_keep(made, tmp_path):
    # The 2022 release updates only English and gives Thai readers no notice: once tagged, the
    # warning can no longer be fixed, so the dry run shows it, with where to give the notice.
    source = dated_folders(tmp_path / "old")
    write(source / "releases.yml", RELEASES.replace(
        "  notices: {th: เพิ่มหมายเลขโทรศัพท์และระยะเวลาการเก็บรักษา}\n", ""
    ))  # fmt: skip
    before = snapshot(made)
    dry = redline("import", source, "--dry-run", cwd=made)
    assert dry.returncode == 0, dry.stderr
    assert snapshot(made) == before and git("tag", "-l", cwd=made) == ""
    warned = [line for line in dry.stdout.splitlines() if ": warning: " in line]
    assert warned and all(line.startswith("tag policy/2022-06-01: ") for line in warned), dry.stdout
    assert "notices: {th: ...} in this date's entry of releases.yml" in warned[0], warned
    assert redline("import", source, cwd=made).returncode == 0
    git("add", "-A", cwd=made)
    git("commit", "-q", "-m", "The site", cwd=made)
    check = redline("check", cwd=made).stdout
    for line in warned:  # the same warnings, now about released tags
        assert line.split(": warning: ")[0] + ": warning: released with" in check, check


def test_a_dry_run_says_which_committed_starter_policy_the_import_removes(made, tmp_path):
    # The scaffold's steps commit the site first; an English-only history then replaces the
    # Thai starter policy too, and the review says so before anything is written.
    git("add", "-A", cwd=made)
    git("commit", "-q", "-m", "The site", cwd=made)
    source = tmp_path / "english-only"
    write(source / "2021-03-31/privacy-policy.md", EN_2021)
    write(source / "2022-06-01/privacy-policy.md", EN_2022)
    result = redline("import", source, "--dry-run", cwd=made)
    assert result.returncode == 0, result.stderr
    first, second = result.stdout.split("redline import: policy/2022-06-01")
    assert "  policy/th/privacy-policy.md: removed\n" in first
    assert "removed" not in second
