"""A small helper that makes real git repositories with real annotated release tags."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


class PolicyRepo:
    """A real git repository in a temporary folder, for tests."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", "Legal Editor")
        self.git("config", "user.email", "legal@example.com")
        self.git("config", "commit.gpgsign", "false")
        self.git("config", "tag.gpgsign", "false")

    def git(self, *args: str, date: str = "2020-01-01T12:00:00+00:00") -> str:
        env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        result = subprocess.run(
            ["git", *args], cwd=self.path, env=env, check=True, capture_output=True, text=True
        )
        return result.stdout

    def write(self, relpath: str, text: str | bytes) -> Path:
        target = self.path / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")
        return target

    def remove(self, relpath: str) -> None:
        (self.path / relpath).unlink()

    def commit(self, message: str, date: str = "2020-01-01") -> str:
        self.git("add", "-A", date=f"{date}T12:00:00+00:00")
        self.git("commit", "-q", "--allow-empty", "-m", message, date=f"{date}T12:00:00+00:00")
        return self.git("rev-parse", "HEAD").strip()

    def tag(self, name: str, message: str | None = "Release", date: str = "2020-01-01") -> None:
        if message is None:
            self.git("tag", name, date=f"{date}T12:00:00+00:00")
        else:
            self.git("tag", "-a", name, "-m", message, date=f"{date}T12:00:00+00:00")

    def release(self, date: str, files: dict[str, str | None], summary: str = "Release") -> None:
        """Write (or, for None, delete) `files`, commit, and tag `policy/<date>`."""
        for relpath, text in files.items():
            if text is None:
                self.remove(relpath)
            else:
                self.write(relpath, text)
        self.commit(f"Policy release {date}", date=date)
        self.tag(f"policy/{date}", summary, date=date)


def doc(title: str, body: str, **meta: str) -> str:
    """A policy file with front matter."""
    lines = ["---", f"title: {title}"] + [f"{k}: {v}" for k, v in meta.items()] + ["---", ""]
    return "\n".join(lines) + body
