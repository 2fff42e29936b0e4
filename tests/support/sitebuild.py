"""Build real sites from real git repositories, as `mkdocs build` does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from redline.cli import demo
from redline.plugin.settings import plugin_options
from tests.support.gitrepo import PolicyRepo, doc

PROJECT = Path(__file__).resolve().parents[2]


def configure(repo: Path, /, **options: Any) -> Path:
    """Write `repo/mkdocs.yml`: the project's configuration, with these redline options (such as
    another policy folder, `policy_dir`, relative to `repo`)."""
    path = demo.write_config(PROJECT, repo)
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    plugin_options(config).update(options)
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def build(repo: Path, site: Path, /, **options: Any) -> Path:
    """Build the site of `repo` into `site` in this process; PluginError propagates."""
    options.setdefault("as_of", "2024-01-01")
    config_file = configure(repo, **options)
    mkdocs_build(load_config(config_file=str(config_file), site_dir=str(site)))
    return site


def run_mkdocs(
    repo: Path, site: Path, /, *args: str, **options: Any
) -> subprocess.CompletedProcess[str]:
    """Run the real `mkdocs build` command line on `repo`."""
    options.setdefault("as_of", "2024-01-01")
    config_file = configure(repo, **options)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config_file), "-d", str(site), *args],
        capture_output=True,
        text=True,
        cwd=repo,
    )


EN = "policy/en/privacy-policy.md"
TH = "policy/th/privacy-policy.md"


def first_release(
    repo: PolicyRepo,
    english: str = "## 1. Scope {#scope}\n\nText.\n",
    thai: str = "## 1. ขอบเขต {#scope}\n\nข้อความ\n",
) -> PolicyRepo:
    """Seed `repo` with a first release (2023-07-03) of a privacy policy in English and Thai
    (these bodies), and commit the project's configuration: a clean repository that `redline
    check` passes."""
    repo.release(
        "2023-07-03",
        {
            EN: doc("Privacy", english, notice="First."),
            TH: doc("นโยบาย", thai, notice="ฉบับแรก"),
        },
    )
    configure(repo.path)
    repo.commit("config")
    return repo


COOKIE = "policy/en/cookie-policy.md"
COOKIE_TEXT = doc("Cookie Policy", "## Cookies {#cookies}\n\nWe use cookies.\n")


def two_releases(repo: PolicyRepo) -> PolicyRepo:
    """Seed `repo` with two releases: 2017-02-12, a privacy policy in English and Thai; and
    2022-03-31, the English privacy policy revised (a clause added) and a cookie policy in English
    only, so Thai lags. No configuration is committed: tests configure the build they need."""
    repo.release(
        "2017-02-12",
        {
            EN: doc("Privacy Policy", "## 1. Scope {#scope}\n\nWe collect names.\n", notice="A."),
            TH: doc("นโยบาย", "## 1. ขอบเขต {#scope}\n\nเราเก็บรวบรวมชื่อ\n", notice="ก"),
        },
    )
    repo.release(
        "2022-03-31",
        {
            EN: doc(
                "Privacy Policy",
                "## 1. Scope {#scope}\n\nWe collect names and e-mail.\n\n"
                "## 2. Abroad {#abroad}\n\nCloud servers abroad.\n",
                notice="Clause 2 added.",
            ),
            COOKIE: COOKIE_TEXT,
        },
    )
    return repo


def redline(
    *args: str | Path, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real `redline` command line in `cwd`, as a user does."""
    return subprocess.run(
        [sys.executable, "-m", "redline.cli", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
