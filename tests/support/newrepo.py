"""A policy repository as `redline new` makes it, and the real `redline` and `git` command lines
its user runs there."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def redline(*args: str | Path, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The `redline` command line in `cwd`, with `env` added to the environment."""
    return subprocess.run(
        [sys.executable, "-m", "redline.cli", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
    )


def git(*args: str, cwd: Path, **env: str) -> str:
    """What `git` prints in `cwd` (a failure fails the test), with `env` added."""
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True,
        env={**os.environ, **env},
    ).stdout  # fmt: skip


def new_repository(where: Path) -> Path:
    """`redline new policies` in `where`: the repository, with the legal editor's identity and
    no signing, nothing committed."""
    result = redline("new", "policies", cwd=where)
    assert result.returncode == 0, result.stderr
    repo = where / "policies"
    git("config", "user.name", "Legal Editor", cwd=repo)
    git("config", "user.email", "legal@example.com", cwd=repo)
    git("config", "tag.gpgsign", "false", cwd=repo)
    git("config", "commit.gpgsign", "false", cwd=repo)
    return repo
