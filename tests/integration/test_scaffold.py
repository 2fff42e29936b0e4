"""`redline new DIR`: a policy repository that checks, previews and publishes as it is."""

from __future__ import annotations

import hashlib
import importlib.resources
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from redline.cli import demo, scaffold
from tests.support.newrepo import git, new_repository, redline

ROOT = Path(__file__).resolve().parents[2]


def mkdocs_build(cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
    )


@pytest.fixture
def made(tmp_path: Path) -> Path:
    return new_repository(tmp_path)


def test_new_writes_a_whole_policy_repository(made):
    files = sorted(
        p.relative_to(made).as_posix() for p in made.rglob("*") if p.is_file() and ".git/" not in
        p.relative_to(made).as_posix() + "/"
    )  # fmt: skip
    assert [f for f in files if not f.startswith(".git/")] == [
        ".github/dependabot.yml",
        ".github/workflows/publish-matrix.yml",
        ".github/workflows/publish.yml",
        ".gitignore",
        "README.md",
        "mkdocs.yml",
        "policy/en/privacy-policy.md",
        "policy/th/privacy-policy.md",
        "redline-required/index.md",
        "requirements.txt",
        "vendor/SHA256SUMS",
        f"vendor/redline-{version('redline')}-py3-none-any.whl",
    ]
    assert (made / ".git").is_dir() and git("branch", "--show-current", cwd=made) == "main\n"
    th = (made / "policy/th/privacy-policy.md").read_text(encoding="utf-8")
    assert "บริษัทฯ" in th and "{#data-collected}" in th  # formal Thai, the clause anchors
    assert "ให้ถือตามฉบับภาษาอังกฤษเป็นสำคัญ" in th  # the English text prevails


def test_the_new_repository_passes_the_check_and_previews_its_drafts(made, tmp_path):
    check = redline("check", cwd=made)
    assert check.returncode == 0, check.stdout
    assert "0 error(s)" in check.stdout
    preview = mkdocs_build(made, REDLINE_DRAFTS="1")
    assert preview.returncode == 0, preview.stderr
    page = (made / "site/th/privacy-policy/index.html").read_text(encoding="utf-8")
    assert "rl-banner--draft" in page  # "not yet released", with a link to the draft
    draft = (made / "site/th/privacy-policy/draft/index.html").read_text(encoding="utf-8")
    assert 'id="data-collected"' in draft and "บริษัท ตัวอย่าง จำกัด" in draft


def test_the_new_repository_publishes_after_its_first_release(made):
    refused = mkdocs_build(made)  # a publishing build never falls back to drafts
    assert refused.returncode != 0 and "no release tags" in refused.stdout + refused.stderr
    git("add", "-A", cwd=made)
    git("commit", "-q", "-m", "Policies", cwd=made)
    released = redline("release", "--backdate", "2024-01-15", "-m", "First publication", cwd=made)
    assert released.returncode == 0, released.stderr
    built = mkdocs_build(made, SITE_URL="https://policies.example.org/")
    assert built.returncode == 0, built.stderr
    for lc in ("en", "th"):
        page = (made / f"site/{lc}/privacy-policy/index.html").read_text(encoding="utf-8")
        assert "rl-banner--draft" not in page
    index = (made / "site/revisions.json").read_text(encoding="utf-8")
    assert "https://policies.example.org/en/privacy-policy/2024-01-15/" in index
    assert git("status", "--porcelain", cwd=made) == ""  # site/ and .cache/ are ignored


def test_dependabot_keeps_the_pinned_actions_current(made):
    """Every action is pinned by a commit (tests/integration/test_workflow.py): Dependabot moves
    the pins, weekly, by pull requests that the review job checks."""
    import yaml

    config = yaml.safe_load((made / ".github/dependabot.yml").read_text(encoding="utf-8"))
    assert config == {
        "version": 2,
        "updates": [
            {
                "package-ecosystem": "github-actions",
                "directory": "/",
                "schedule": {"interval": "weekly"},
            }
        ],
    }


def test_a_folder_that_is_not_empty_is_refused(tmp_path):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine", encoding="utf-8")
    result = redline("new", "taken", cwd=tmp_path)
    assert result.returncode == 1
    assert (
        result.stderr == ("redline new: taken: not empty; give a new or empty folder\n")
        and result.stdout == ""
    )
    assert [p.name for p in (tmp_path / "taken").iterdir()] == ["notes.txt"]
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert redline("new", "file", cwd=tmp_path).returncode == 1
    assert redline("new", "empty", cwd=tmp_path).returncode == 0  # absent: made
    (tmp_path / "blank").mkdir()
    assert redline("new", "blank", cwd=tmp_path).returncode == 0  # empty: fine


def test_inside_an_existing_repository_refused_unless_asked_and_git_is_left_alone(tmp_path):
    outer = tmp_path / "company"
    outer.mkdir()
    git("init", "-q", "-b", "main", cwd=outer)
    refused = redline("new", "policies", cwd=outer)
    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr == (
        f"redline new: policies is inside the git repository {outer}; give a folder outside it, "
        "or --inside-repo to write the files there anyway (no git init: its history, tags and "
        "workflows are then that repository's)\n"
    )
    assert not (outer / "policies").exists()
    result = redline("new", "policies", "--inside-repo", cwd=outer)
    assert result.returncode == 0, result.stderr
    assert f"not running git init: policies is inside the git repository {outer}" in result.stdout
    assert not (outer / "policies" / ".git").exists()
    skipped = redline("new", "elsewhere", "--no-git", cwd=tmp_path)
    assert skipped.returncode == 0 and not (tmp_path / "elsewhere" / ".git").exists()


def test_the_daily_run_is_just_after_midnight_in_the_chosen_time_zone(tmp_path):
    assert scaffold.Site(timezone="Asia/Bangkok").cron == "5 17 * * *"
    assert scaffold.Site(timezone="Asia/Kolkata").cron == "35 18 * * *"
    assert scaffold.Site(timezone="UTC").cron == "5 0 * * *"
    result = redline("new", "x", "--timezone", "Mars/Olympus", cwd=tmp_path)
    assert result.returncode == 1 and "unknown time zone 'Mars/Olympus'" in result.stderr
    assert not (tmp_path / "x").exists()
    made = redline("new", "x", "--timezone", "Asia/Kolkata", cwd=tmp_path)
    assert made.returncode == 0
    workflow = (tmp_path / "x/.github/workflows/publish.yml").read_text(encoding="utf-8")
    assert '- cron: "35 18 * * *"' in workflow
    config = (tmp_path / "x/mkdocs.yml").read_text(encoding="utf-8")
    assert "timezone: Asia/Kolkata" in config


def test_this_repository_uses_the_starter_configuration_and_workflow():
    """One source: the project's mkdocs.yml and publishing workflow are the starter's files,
    rendered for the project's (and the demo's) site. Edit plugins/redline/starter/, then
    regenerate: python -c "from redline import scaffold, demo; print(scaffold.render(
    'publish.yml', demo.SITE), end='')" > .github/workflows/publish.yml (and publish-matrix.yml,
    mkdocs.yml)."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert config == scaffold.render("mkdocs.yml", demo.SITE)
    required = (ROOT / scaffold.REQUIRED_PAGE).read_text(encoding="utf-8")
    assert required == scaffold.render(scaffold.REQUIRED_PAGE, demo.SITE)
    for name in ("publish.yml", "publish-matrix.yml"):
        workflow = (ROOT / ".github/workflows" / name).read_text(encoding="utf-8")
        assert workflow == scaffold.render(name, demo.SITE), name


def test_the_workflow_installs_the_vendored_wheel_of_the_redline_that_made_it(made, tmp_path):
    name = f"redline-{version('redline')}-py3-none-any.whl"
    requirements = (made / "requirements.txt").read_text(encoding="utf-8")
    installs = [line for line in requirements.splitlines() if line and not line.startswith("#")]
    digest = hashlib.sha256((made / "vendor" / name).read_bytes()).hexdigest()
    assert installs == [f"./vendor/{name}  # sha256 {digest}"]  # no index is asked for `redline`
    assert (made / "vendor/SHA256SUMS").read_text("utf-8") == f"{digest}  vendor/{name}\n"
    subprocess.run(["sha256sum", "--check", "--strict", "vendor/SHA256SUMS"], cwd=made, check=True)
    for workflow in ("publish.yml", "publish-matrix.yml"):
        text = (made / ".github/workflows" / workflow).read_text(encoding="utf-8")
        checks = text.count("- run: sha256sum --check --strict vendor/SHA256SUMS\n")
        assert checks == text.count("- run: pip install -r requirements.txt\n") >= 1, workflow
    # pip accepts it offline, and it holds the running Redline's package, file for file
    target = tmp_path / "installed"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
         "--target", str(target), "-r", "requirements.txt"],
        cwd=made, check=True, capture_output=True,
    )  # fmt: skip
    for package, folder in (("redline", "redline"), ("redline._theme", "redline/_theme")):
        source = importlib.resources.files(package)
        assert isinstance(source, Path)
        for path in source.rglob("*"):
            relative = path.relative_to(source)
            if path.suffix in (".html", ".yml", ".py", ".js", ".css") and "__pycache__" not in str(
                relative
            ):
                assert (target / folder / relative).read_bytes() == path.read_bytes(), relative
    # the same Redline writes the same bytes
    again = tmp_path / "again"
    assert redline("new", again, "--no-git", cwd=tmp_path).returncode == 0
    assert (again / "vendor" / name).read_bytes() == (made / "vendor" / name).read_bytes()


def test_upgrade_replaces_the_vendored_wheel_and_its_pin(made):
    name = f"redline-{version('redline')}-py3-none-any.whl"
    current = (made / "vendor" / name).read_bytes()
    (made / "vendor" / name).unlink()
    (made / "vendor/redline-0.0.1-py3-none-any.whl").write_bytes(b"old")
    (made / "vendor/SHA256SUMS").write_text("0" * 64 + "  vendor/redline-0.0.1-py3-none-any.whl\n")
    requirements = made / "requirements.txt"
    # a repository made before the wheel was vendored pinned a version from an index
    requirements.write_text("# ours\nredline==0.0.1\nmkdocs-redirects\n", encoding="utf-8")
    result = redline("upgrade", made, cwd=made.parent)
    assert result.returncode == 0, result.stderr
    assert "removed vendor/redline-0.0.1-py3-none-any.whl" in result.stdout
    assert sorted(p.name for p in (made / "vendor").iterdir()) == ["SHA256SUMS", name]
    assert (made / "vendor" / name).read_bytes() == current
    digest = hashlib.sha256(current).hexdigest()
    assert requirements.read_text("utf-8") == (
        f"# ours\n./vendor/{name}  # sha256 {digest}\nmkdocs-redirects\n"
    )
    subprocess.run(["sha256sum", "--check", "--strict", "vendor/SHA256SUMS"], cwd=made, check=True)
    requirements.write_text("mkdocs\n", encoding="utf-8")
    refused = redline("upgrade", cwd=made)
    assert refused.returncode == 1 and "no line installing Redline" in refused.stderr
    assert refused.stderr.count("\n") == 1
