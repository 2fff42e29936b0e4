"""The published record: a site as of a day shows what was known on that day, and what was
published about past days never changes (docs/ARCHITECTURE.md, The record).

Real repositories with real annotated tags, real builds, the real `redline` command line.
"""

from __future__ import annotations

import datetime
import shutil
import subprocess
from pathlib import Path

import pytest

from redline.cli import demo
from redline.model import dates
from tests.support.gitrepo import PolicyRepo, doc
from tests.support.sitebuild import (
    COOKIE,
    COOKIE_TEXT,
    EN,
    PROJECT,
    TH,
    build,
    first_release,
    redline,
    run_mkdocs,
    two_releases,
)

DAY = "2022-06-01"  # between the sample's releases of 2022-03-31 and 2022-08-24
PUBLISHED = "2024-01-01"  # the day the published index below was built as of
LATER = "2024-03-01"  # a later build, and the day of a new release made then
ZONE = "Asia/Bangkok"  # the project's mkdocs.yml, which `configure` copies


def files(site: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()
    }


def test_a_build_as_of_a_day_is_the_build_of_the_tags_known_that_day(tmp_path):
    sample = demo.materialize(PROJECT, tmp_path / "sample")
    known = tmp_path / "known"
    shutil.copytree(sample, known, symlinks=True)
    tags = subprocess.run(
        ["git", "tag", "-l", "policy/*"], cwd=known, capture_output=True, text=True, check=True
    ).stdout.split()
    later = [t for t in tags if t.removeprefix("policy/") > DAY]
    assert later == ["policy/2022-08-24", "policy/2023-07-03"]
    subprocess.run(["git", "tag", "-d", *later], cwd=known, check=True, capture_output=True)

    full = files(build(sample, tmp_path / "full", as_of=DAY))
    cut = files(build(known, tmp_path / "cut", as_of=DAY))
    assert full.keys() == cut.keys()
    assert [name for name in full if full[name] != cut[name]] == []
    # Nothing released later is announced: not the revision of 3 July 2023 (2566 in Thai).
    assert not [name for name, data in full.items() if b"2023-07-03" in data]
    thai = full["th/privacy-policy/index.html"].decode()
    assert "2566" not in thai


def test_a_release_after_today_is_ignored_as_of_a_past_day_and_an_error_as_of_today(repo, tmp_path):
    first_release(repo)
    tomorrow = dates.today(ZONE) + datetime.timedelta(days=1)
    repo.release(tomorrow.isoformat(), {EN: doc("Privacy", "## 1. Scope {#scope}\n\nSoon.\n")})
    past = files(build(repo.path, tmp_path / "past", as_of="2024-01-01"))
    assert not [name for name, data in past.items() if tomorrow.isoformat().encode() in data]
    today = run_mkdocs(repo.path, tmp_path / "today", as_of=dates.today(ZONE).isoformat())
    assert today.returncode != 0
    assert f"tag policy/{tomorrow}: dated after today" in today.stdout + today.stderr


# `redline verify`: each change of a published fact fails, and the same repository passes first.


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository with two releases; its `revisions.json`, published as of PUBLISHED, is
    `<repo>/../live.json`."""
    base = tmp_path_factory.mktemp("published")
    repo = two_releases(PolicyRepo(base / "repo"))
    site = build(repo.path, base / "site", as_of=PUBLISHED)
    shutil.copy(site / "revisions.json", base / "live.json")
    return repo.path


@pytest.fixture
def clone(published: Path, tmp_path: Path) -> PolicyRepo:
    shutil.copytree(published, tmp_path / "repo", symlinks=True)
    return PolicyRepo(tmp_path / "repo")


def verified(clone: PolicyRepo, published: Path, site: Path) -> subprocess.CompletedProcess[str]:
    built = build(clone.path, site, as_of=LATER) / "revisions.json"
    return redline(
        "verify", "--against", published.parent / "live.json", "--built", built, cwd=site.parent
    )


def errors(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert result.returncode == 1, result.stdout + result.stderr
    return [line for line in result.stdout.splitlines() if ": error:" in line]


def passes(clone: PolicyRepo, published: Path, site: Path) -> None:
    result = verified(clone, published, site)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_release_made_after_the_publication_passes(clone, published, tmp_path):
    passes(clone, published, tmp_path / "before")
    clone.release(LATER, {EN: doc("Privacy Policy", "## 1. Scope {#scope}\n\nLater.\n")})
    result = verified(clone, published, tmp_path / "site")
    assert result.returncode == 0, result.stdout
    assert "; 1 new" in result.stdout


def test_a_release_dated_the_day_of_the_publication_passes(clone, published, tmp_path):
    # A daily scheduled build publishes as of today before anyone releases that day.
    clone.release(PUBLISHED, {EN: doc("Privacy Policy", "## 1. Scope {#scope}\n\nSame day.\n")})
    result = verified(clone, published, tmp_path / "site")
    assert result.returncode == 0, result.stdout


def test_a_new_revision_dated_before_the_publication_fails(clone, published, tmp_path):
    passes(clone, published, tmp_path / "before")
    # After the newest published revision (2022-03-31), but before the day it was published.
    clone.release("2023-07-03", {EN: doc("Privacy Policy", "## 1. Scope {#scope}\n\nLate.\n")})
    lines = errors(verified(clone, published, tmp_path / "site"))
    (new,) = [line for line in lines if line.startswith("en/privacy-policy 2023-07-03")]
    assert f"dated before the published index's day ({PUBLISHED})" in new
    assert "git tag -d policy/2023-07-03" in new and "today's date" in new
    (moved,) = [line for line in lines if line.startswith("en/privacy-policy 2022-03-31")]
    assert "in_force_until null is now 2023-07-02" in moved


def test_a_new_revision_effective_before_the_publication_fails(clone, published, tmp_path):
    passes(clone, published, tmp_path / "before")
    clone.release(
        LATER,
        {EN: doc("Privacy Policy", "## 1. Scope {#scope}\n\nBack.\n", effective="2023-10-01")},
    )
    (new,) = errors(verified(clone, published, tmp_path / "site"))
    assert new.startswith(f"en/privacy-policy {LATER}: error: a new revision effective 2023-10-01")
    assert f"before the published index's day ({PUBLISHED})" in new
    assert f"git tag -d policy/{LATER}" in new and f"effective on {PUBLISHED} or later" in new


def retag(clone: PolicyRepo, files: dict[str, str]) -> None:
    """Re-tag policy/2022-03-31 at a commit after policy/2017-02-12 with `files`."""
    clone.git("checkout", "-q", "-b", "rewrite", "policy/2017-02-12")
    for path, text in files.items():
        clone.write(path, text)
    clone.write(COOKIE, COOKIE_TEXT)
    clone.commit("rewrite", date="2022-03-31")
    clone.git("tag", "-f", "-a", "policy/2022-03-31", "-m", "Release", date="2022-03-31T12:00:00Z")


EN_2022 = (
    "## 1. Scope {#scope}\n\nWe collect names and e-mail.\n\n"
    "## 2. Abroad {#abroad}\n\nCloud servers abroad.\n"
)


def test_a_changed_effective_date_fails(clone, published, tmp_path):
    passes(clone, published, tmp_path / "before")
    text = doc("Privacy Policy", EN_2022, notice="Clause 2 added.", effective="2022-05-01")
    retag(clone, {EN: text})
    lines = errors(verified(clone, published, tmp_path / "site"))
    (changed,) = [line for line in lines if line.startswith("en/privacy-policy 2022-03-31")]
    assert "effective 2022-03-31 is now 2022-05-01" in changed
    assert "git tag -f -a policy/2022-03-31" in changed


def test_a_removed_revision_fails(clone, published, tmp_path):
    passes(clone, published, tmp_path / "before")
    clone.git("tag", "-d", "policy/2022-03-31")
    lines = errors(verified(clone, published, tmp_path / "site"))
    assert any(
        line.startswith("en/privacy-policy 2022-03-31: error: the published revision is missing")
        for line in lines
    )


def test_a_replaced_thai_text_fails(clone, published, tmp_path):
    passes(clone, published, tmp_path / "before")
    # The release of 2022-03-31 left the Thai text of 2017 in force; now it replaces it.
    english = doc("Privacy Policy", EN_2022, notice="Clause 2 added.")
    thai = doc("นโยบาย", "## 1. ขอบเขต {#scope}\n\nเราเก็บรวบรวมชื่อและอีเมล\n", notice="ข")
    retag(clone, {EN: english, TH: thai})
    lines = errors(verified(clone, published, tmp_path / "site"))
    assert any(
        line.startswith("th/privacy-policy 2022-03-31: error: a new revision") for line in lines
    )
    (moved,) = [line for line in lines if line.startswith("th/privacy-policy 2017-02-12")]
    assert "in_force_until null is now 2022-03-30" in moved


# `redline release`: the day a release is made is the day it is published.


def edit(repo: PolicyRepo, **meta: str) -> None:
    repo.write(EN, doc("Privacy", "## 1. Scope {#scope}\n\nNew text.\n", notice="New.", **meta))
    repo.commit("edit")


def tags(repo: PolicyRepo) -> list[str]:
    return repo.git("tag", "-l", "policy/*").split()


def test_release_refuses_a_date_before_today_and_imports_history_with_backdate(repo):
    first_release(repo)
    edit(repo)
    refused = redline("release", "2024-01-15", "-m", "Late", cwd=repo.path)
    assert refused.returncode == 1, refused.stdout
    assert "redline release: 2024-01-15 is before today" in refused.stderr
    assert "add --backdate" in refused.stderr
    assert tags(repo) == ["policy/2023-07-03"]
    imported = redline("release", "2024-01-15", "-m", "Old", "--backdate", cwd=repo.path)
    assert imported.returncode == 0, imported.stderr
    assert "tagged policy/2024-01-15 at " in imported.stdout
    assert "(--backdate: importing history, no remote origin: never published)" in imported.stdout
    assert tags(repo) == ["policy/2023-07-03", "policy/2024-01-15"]


def test_backdate_is_refused_once_a_release_tag_is_on_origin(repo, tmp_path):
    first_release(repo)
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", origin], check=True)
    repo.git("remote", "add", "origin", str(origin))
    repo.git("push", "-q", "origin", "main")
    edit(repo)
    unpublished = redline(
        "release", "2024-01-15", "-m", "Old", "--backdate", "--dry-run", cwd=repo.path
    )
    assert unpublished.returncode == 0, unpublished.stderr
    assert "importing history, no release tag on origin yet" in unpublished.stdout
    repo.git("push", "-q", "origin", "policy/2023-07-03")
    published = redline("release", "2024-01-15", "-m", "Old", "--backdate", cwd=repo.path)
    assert published.returncode == 1, published.stdout
    assert "the site is published (origin has the release tag policy/2023-07-03)" in (
        published.stderr
    )
    assert tags(repo) == ["policy/2023-07-03"]


def test_release_refuses_a_revision_effective_before_its_date(repo):
    first_release(repo)
    today = dates.today(ZONE)
    edit(repo, effective=(today - datetime.timedelta(days=1)).isoformat())
    refused = redline("release", today.isoformat(), "-m", "Retroactive", cwd=repo.path)
    assert refused.returncode == 1, refused.stdout
    assert f"{EN}: effective date {today - datetime.timedelta(days=1)} is before" in (
        refused.stderr
    )
    assert "no tag was created" in refused.stderr and tags(repo) == ["policy/2023-07-03"]
    edit(repo, effective=today.isoformat())
    ok = redline("release", today.isoformat(), "-m", "Today", cwd=repo.path)
    assert ok.returncode == 0, ok.stderr
