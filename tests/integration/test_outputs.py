"""A build never writes the repository it reads: a `site_dir` or `cache_dir` in `.git`, at the
repository's top, the policy folder or a parent of them is refused before MkDocs empties it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.support.sitebuild import first_release, redline, run_mkdocs


@pytest.fixture
def repo(repo):
    return first_release(repo)


def intact(repo) -> None:
    """Every commit and the release tag are still there, and the policy folder too."""
    assert repo.git("tag", "--list") == "policy/2023-07-03\n"
    assert len(repo.git("log", "--format=%H").split()) == 2
    assert repo.git("status", "--porcelain", "--", "policy") == ""
    assert (repo.path / "policy" / "en" / "privacy-policy.md").is_file()


@pytest.mark.parametrize("site", [".git", ".git/site", ".", "policy", ".."])
def test_mkdocs_build_refuses_a_site_dir_that_holds_the_repository(repo, site):
    done = run_mkdocs(repo.path, repo.path / site)
    assert done.returncode != 0, done.stderr
    intact(repo)
    if site.startswith(".git"):  # MkDocs itself refuses a site_dir holding docs_dir
        assert "site_dir:" in done.stderr and "set site_dir to a" in done.stderr, done.stderr
        assert "Traceback" not in done.stderr


def test_a_site_dir_in_mkdocs_yml_is_refused_too(repo):
    config_file = repo.path / "mkdocs.yml"
    config_file.write_text(
        config_file.read_text(encoding="utf-8") + "site_dir: .git\n", encoding="utf-8"
    )
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"], cwd=repo.path, capture_output=True, text=True
    )
    assert done.returncode == 1 and "inside the git folder" in done.stderr, done.stderr
    intact(repo)


@pytest.mark.parametrize(
    ("cache", "says"),
    [
        (".git/x", "is inside the git folder"),
        (".", "is the repository"),
        ("policy", "is the policy folder"),
        ("..", "contains the repository"),
    ],
)
def test_a_cache_dir_in_the_git_folder_or_holding_the_repository_is_refused(
    repo, tmp_path, cache, says
):
    done = run_mkdocs(repo.path, tmp_path / "site", cache_dir=cache)
    assert done.returncode != 0
    assert f"cache_dir: {repo.path / cache} {says}" in done.stderr, done.stderr
    assert not (repo.path / ".git" / "x").exists()
    assert not (tmp_path / "site").exists()
    intact(repo)


@pytest.mark.parametrize("command", ["build", "assemble"])
def test_redline_build_and_assemble_refuse_the_git_folder(repo, tmp_path, command):
    args = ["--locales", "en"] if command == "build" else [str(tmp_path / "shard")]
    done = redline(command, *args, "--site-dir", ".git", cwd=repo.path)
    assert done.returncode == 1, done.stdout + done.stderr
    (line,) = done.stderr.splitlines()
    assert f"redline {command}:" in line and "set site_dir to a folder outside .git" in line
    intact(repo)


def test_a_site_folder_in_the_repository_is_fine(repo):
    done = run_mkdocs(repo.path, repo.path / "site")
    assert done.returncode == 0, done.stderr
    assert (repo.path / "site" / "en" / "index.html").is_file()
    intact(repo)
