"""What `redline import` reads: a folder of dated folders, or a `releases.yml` whose releases
take their files from dated folders, from named files, or from commits of a git history.

    SOURCE/2021-03-31/en/privacy-policy.md      a dated folder: the policy folder's layout
    SOURCE/2021-03-31/privacy-policy.md         (a file at its top: the authoritative locale;
    SOURCE/2021-03-31/policy/en/...             a copy of the repository: its policy folder)
    SOURCE/releases.yml                         optional: the releases' summaries

    # releases.yml: a list, oldest first
    - date: 2021-03-31
      summary: First publication.          # the tag's message, the notice of the text
      notices: {th: ...}                   # optional: a translation's notice
      files: {en/privacy-policy.md: old/privacy-2021.md}   # optional, else <date>/ if any
      commit: 3f2a9c1                      # optional: files (or folder) read at this commit
      folder: docs/policies                # with commit: the policy folder there

A dated folder and `files` overlay the previous release (a file not given stays as it was); a
commit without `files` is the whole policy folder at that commit.
"""

from __future__ import annotations

import datetime
import difflib
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import yaml

from redline.errors import Refused
from redline.files import read_regular
from redline.model.history import shown
from redline.model.imports import Version
from redline.text.invisible import describe, invisible_characters

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
KEYS = ("date", "summary", "notices", "files", "commit", "folder")


def default_summary(day: datetime.date) -> str:
    """The summary of a dated folder that `releases.yml` does not list."""
    return f"Policy text as of {day.isoformat()}."


def folder_files(
    folder: Path, policy_dir: str, locales: tuple[str, ...]
) -> tuple[dict[str, bytes], dict[str, str]]:
    """The policy files of a dated folder (`<locale>/<doc>.md`, `<doc>.md` for the
    authoritative locale, or a copy of the repository holding `<policy_dir>/`), by their path
    in the policy folder, and where each was read."""
    root = folder / policy_dir if (folder / policy_dir).is_dir() else folder
    files: dict[str, bytes] = {}
    origins: dict[str, str] = {}
    for top, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith("."):
                continue  # .DS_Store and the like
            path = Path(top) / name
            rel = path.relative_to(root).as_posix()
            if "/" not in rel and name.endswith(".md"):
                rel = f"{locales[0]}/{rel}"
            try:
                files[rel] = read_regular(path)
            except OSError as exc:
                raise Refused(
                    f"{shown(str(path))}: cannot be read ({exc.strerror or exc})"
                ) from None
            origins[rel] = shown(str(path))
    return files, origins


def read_source(
    source: Path, policy_dir: str, locales: tuple[str, ...], policy_repo: Path
) -> list[Version]:
    """The versions that `source` (a folder of dated folders, or a releases.yml) holds, oldest
    first; Refused says what is wrong with it, with its file."""
    if source.is_dir():
        base, listing = source, source / "releases.yml"
        entries = _entries(listing) if listing.is_file() else []
    elif source.is_file():
        base, listing, entries = source.parent, source, _entries(source)
    else:
        raise Refused(
            f"{source}: no such folder or file; give a folder of dated folders "
            "(YYYY-MM-DD/) or a releases.yml"
        )
    versions: dict[datetime.date, Version] = {}
    for entry in entries:
        version = _entry_version(entry, base, listing, policy_dir, locales, policy_repo)
        if version.day in versions:
            raise Refused(f"{listing}: {version.day} is listed twice")
        versions[version.day] = version
    if source.is_dir():
        for folder in sorted(source.iterdir()):
            if folder.is_dir() and _DAY.fullmatch(folder.name):
                day = _day(folder.name, str(folder))
                if day not in versions:
                    files, origins = folder_files(folder, policy_dir, locales)
                    versions[day] = Version(day, default_summary(day), files, origins)
    if not versions:
        raise Refused(f"{source}: no dated folders (YYYY-MM-DD/) and no releases listed")
    return [versions[day] for day in sorted(versions)]


def _entries(listing: Path) -> list[dict[str, Any]]:
    try:
        loaded = yaml.safe_load(read_regular(listing).decode("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise Refused(f"{listing}: {' '.join(str(exc).split())}") from None
    if not isinstance(loaded, list) or not all(isinstance(e, dict) for e in loaded):
        raise Refused(f"{listing}: expected a list of releases (- date: ..., summary: ...)")
    return loaded


def _day(value: object, where: str) -> datetime.date:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise Refused(f"{where}: '{value}' is not a date (YYYY-MM-DD)") from None


def _entry_version(
    entry: dict[str, Any],
    base: Path,
    listing: Path,
    policy_dir: str,
    locales: tuple[str, ...],
    policy_repo: Path,
) -> Version:
    for key in entry:
        if key not in KEYS:
            close = difflib.get_close_matches(str(key), KEYS, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"the keys are {', '.join(KEYS)}"
            raise Refused(f"{listing}: unknown key '{key}' ({hint})")
    day = _day(entry.get("date"), str(listing))
    where = f"{listing} ({day})"
    summary = entry.get("summary")
    if not isinstance(summary, str) or not summary.strip():
        raise Refused(f"{where}: give the release's summary (summary: ...), its notice")
    notices = entry.get("notices") or {}
    if not isinstance(notices, dict) or not all(
        isinstance(v, str) and k in locales[1:] for k, v in notices.items()
    ):
        raise Refused(
            f"{where}: notices: give a text per translation's locale ({', '.join(locales[1:])})"
        )
    given = entry.get("files")
    if given is not None and not (
        isinstance(given, dict) and all(isinstance(v, str) for v in given.values())
    ):
        raise Refused(f"{where}: files: map each policy file to its source (en/x.md: old/x.md)")
    notes = tuple(sorted((str(k), str(v)) for k, v in notices.items()))
    for text in (summary, *notices.values()):
        for line, column, char in invisible_characters(text):
            # the tag message and the notices read as they are written (as `redline release`)
            raise Refused(
                f"{where}: the invisible character {describe(char)} at line {line}, column "
                f"{column} of '{' '.join(text.split())[:40]}'; write it again without it"
            )
    whole = False
    if entry.get("commit") is not None:
        history = _History(str(entry["commit"]), base, policy_repo, where)
        if given is not None:
            files = {str(k): history.read(v) for k, v in given.items()}
            origins = {str(k): f"{history.name}:{v}" for k, v in given.items()}
        else:
            files, origins = history.folder(str(entry.get("folder") or policy_dir), locales)
            whole = True
    elif given is not None:
        files, origins = {}, {}
        for rel, src in given.items():
            path = base / src
            try:
                files[str(rel)] = read_regular(path)
            except OSError as exc:
                raise Refused(f"{where}: {path}: cannot be read ({exc.strerror or exc})") from None
            origins[str(rel)] = shown(str(path))
    else:
        folder = base / day.isoformat()
        if not folder.is_dir():
            raise Refused(f"{where}: no files: give files: or commit:, or a folder {folder}")
        files, origins = folder_files(folder, policy_dir, locales)
    return Version(day, summary, files, origins, notes, whole)


class _History:
    """A commit of a git history (the one holding releases.yml, else the policy repository)."""

    def __init__(self, commit: str, base: Path, policy_repo: Path, where: str) -> None:
        top = _git(["rev-parse", "--show-toplevel"], base, check=False).strip()
        self.repo = Path(top) if top else policy_repo
        found = _git(
            ["rev-parse", "--verify", "--quiet", f"{commit}^{{commit}}"], self.repo, check=False
        ).strip()
        if not found:
            raise Refused(f"{where}: commit {commit} is not in the git history at {self.repo}")
        self.commit, self.where = found, where
        self.name = f"{commit}"

    def read(self, path: str) -> bytes:
        """The file `path` at the commit."""
        proc = subprocess.run(
            ["git", "cat-file", "blob", f"{self.commit}:{path}"],
            cwd=self.repo,
            capture_output=True,
            check=False,
        )
        if proc.returncode:
            raise Refused(f"{self.where}: no file {path} at commit {self.name}")
        return proc.stdout

    def folder(
        self, folder: str, locales: tuple[str, ...]
    ) -> tuple[dict[str, bytes], dict[str, str]]:
        """The policy files under `folder` at the commit, by path in the policy folder."""
        prefix = "" if folder.strip("/") in ("", ".") else folder.strip("/") + "/"
        listing = _git(
            ["ls-tree", "-r", "-z", "--name-only", self.commit, "--", prefix or "."], self.repo
        )
        files, origins = {}, {}
        for path in filter(None, listing.split("\0")):
            rel = path.removeprefix(prefix)
            if not rel.endswith(".md"):
                continue
            if "/" not in rel:
                rel = f"{locales[0]}/{rel}"
            files[rel] = self.read(path)
            origins[rel] = f"{self.name}:{path}"
        if not files:
            raise Refused(f"{self.where}: no .md files under {folder}/ at commit {self.name}")
        return files, origins


def _git(args: list[str], cwd: Path, check: bool = True) -> str:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise Refused(f"git cannot run ({exc})") from None
    if check and proc.returncode:
        raise Refused(f"git {args[0]} failed: {proc.stderr.strip()}")
    return proc.stdout
