"""One source of settings: `mkdocs.yml` read by MkDocs into the plugin's typed config, the same
for `mkdocs build` and every `redline` command; the policy folder is `policy_dir`, never
`docs_dir`."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.support.gitrepo import PolicyRepo, doc
from tests.support.sitebuild import configure, redline, run_mkdocs

EN = "policy/en/privacy-policy.md"
TH = "policy/th/privacy-policy.md"


def texts(folder: str = "policy") -> dict[str, str]:
    return {
        f"{folder}/en/privacy-policy.md": doc(
            "Privacy", "## 1. Scope {#scope}\n\nText.\n", notice="First."
        ),
        f"{folder}/th/privacy-policy.md": doc(
            "นโยบาย", "## 1. ขอบเขต {#scope}\n\nข้อความ\n", notice="ฉบับแรก"
        ),
    }


def edit_config(repo: PolicyRepo, old: str, new: str) -> None:
    """Change the text of `repo/mkdocs.yml` (for YAML tags a YAML dumper cannot write)."""
    path = repo.path / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_an_env_tag_prefix_is_read_by_check_release_and_build(repo, tmp_path):
    """`!ENV` once gave `redline check` a None prefix and a traceback."""
    repo.write(".gitignore", "mkdocs.yml\n")
    repo.release("2023-07-03", texts())  # tagged policy/2023-07-03: not the prefix below
    repo.tag("release-2023-07-03", "First", date="2023-07-03")
    configure(repo.path, tag_prefix="policy/")  # written out, to be replaced by an !ENV below
    edit_config(repo, "tag_prefix: policy/", "tag_prefix: !ENV [REDLINE_TAG_PREFIX, 'policy/']")
    env = {**os.environ, "REDLINE_TAG_PREFIX": "release-"}
    check = redline("check", cwd=repo.path, env=env)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "Traceback" not in check.stderr
    repo.write(EN, doc("Privacy", "## 1. Scope {#scope}\n\nNew.\n", notice="New."))
    repo.commit("edit", date="2023-08-01")
    released = redline(
        "release", "--backdate", "2023-08-01", "-m", "Second", cwd=repo.path, env=env
    )
    assert released.returncode == 0, released.stdout + released.stderr
    tags = repo.git("tag", "-l", "release-*").split()
    assert tags == ["release-2023-07-03", "release-2023-08-01"]
    without = redline("check", cwd=repo.path)  # the default prefix when the variable is unset
    assert without.returncode == 0 and "policy/2023-07-03" not in without.stdout


def test_a_site_without_locales_is_refused_by_check_and_build(repo, tmp_path):
    """`redline check` once defaulted to English alone where the build refused the settings."""
    repo.release("2023-07-03", texts())
    configure(repo.path, locales={})
    check = redline("check", cwd=repo.path)
    assert check.returncode == 1 and "Traceback" not in check.stderr
    assert "mkdocs.yml: error: " in check.stdout
    assert "option 'locales': list the site's locales" in check.stdout
    build = run_mkdocs(repo.path, tmp_path / "site", locales={})
    assert build.returncode == 1 and "Traceback" not in build.stderr
    assert "option 'locales': list the site's locales" in build.stderr


def test_the_removed_repo_setting_is_refused_naming_policy_dir(repo, tmp_path):
    repo.release("2023-07-03", texts())
    configure(repo.path, repo=".")
    message = "option 'repo': removed: the repository is the git repository that contains"
    check = redline("check", cwd=repo.path)
    assert check.returncode == 1 and message in check.stdout, check.stdout
    build = run_mkdocs(repo.path, tmp_path / "site", repo=".")
    assert build.returncode == 1 and message in build.stderr
    assert "Traceback" not in check.stderr + build.stderr


def test_the_policy_folder_is_policy_dir_wherever_it_is_in_the_repository(repo, tmp_path):
    """`policy_dir` alone says where the policies are, in the tags as in the working tree."""
    repo.release("2023-07-03", texts("legal/policies"))
    draft = doc("Privacy", "## 1. Scope {#scope}\n\nDraft.\n", notice="{en: Drafted., th: ร่าง}")
    repo.write("legal/policies/en/privacy-policy.md", draft)
    configure(repo.path, policy_dir="legal/policies")
    check = redline("check", cwd=repo.path)
    assert check.returncode == 0, check.stdout
    assert "legal/policies/en/privacy-policy.md" not in check.stdout  # read, and clean
    build = run_mkdocs(repo.path, tmp_path / "site", policy_dir="legal/policies", drafts=True)
    assert build.returncode == 0, build.stderr
    site = tmp_path / "site"
    assert (site / "en/privacy-policy/2023-07-03/index.html").is_file()
    assert "Draft." in (site / "en/privacy-policy/draft/index.html").read_text(encoding="utf-8")


def test_a_policy_dir_at_the_top_of_the_repository_is_refused(repo, tmp_path):
    repo.release("2023-07-03", texts())
    config = configure(repo.path, policy_dir=str(repo.path))
    required = tmp_path / "required"  # docs_dir apart from it: that refusal is the next test's
    required.mkdir()
    (required / "index.md").write_text("# Built with Redline\n", encoding="utf-8")
    edit_config(repo, f"docs_dir: {repo.path / 'redline-required'}", f"docs_dir: {required}")
    check = redline("check", cwd=repo.path)
    message = f"policy_dir: {repo.path} is the top of its git repository"
    assert check.returncode == 1 and message in check.stdout, check.stdout
    assert "Traceback" not in check.stderr
    assert config.is_file()


@pytest.mark.parametrize(
    ("docs_dir", "policy_dir"),
    [("policy", "policy"), ("policy/en", "policy"), ("legal", "legal/policies")],
)
def test_a_docs_dir_that_is_holds_or_lies_in_the_policy_folder_is_refused(
    repo, tmp_path, docs_dir, policy_dir
):
    """Fail closed: an engine that ignores Redline publishes docs_dir as it is, so docs_dir
    must never hold policy text (an old `docs_dir: policy` configuration included)."""
    repo.release("2023-07-03", texts(policy_dir))
    configure(repo.path, policy_dir=policy_dir)
    edit_config(repo, f"docs_dir: {repo.path / 'redline-required'}", f"docs_dir: {docs_dir}")
    policy = (repo.path / policy_dir).resolve()
    message = f"docs_dir: {repo.path / docs_dir} is, holds or lies in the policy folder {policy}"
    check = redline("check", cwd=repo.path)
    assert check.returncode == 1 and message in check.stdout, check.stdout
    site = tmp_path / "site"
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(site)],
        cwd=repo.path, capture_output=True, text=True,
    )  # fmt: skip
    assert build.returncode == 1 and message in build.stderr, build.stderr
    assert "Traceback" not in check.stderr + build.stderr
