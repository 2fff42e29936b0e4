"""`redline release`: check the repository, then tag the release `<prefix>YYYY-MM-DD` at HEAD.

Releases only move forward: a date after today (in the site's time zone) or not after the newest
release, a HEAD that does not contain the newest release, a release that changes no policy file,
uncommitted policy changes and an existing tag are refused, and nothing is tagged.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import IO

import git

from . import settings
from .check import run_check
from .history import HistoryError, Release, Sources, open_repo
from .settings import SettingsError


def run_release(config_file: Path, date: str, message: str, out: IO[str]) -> int:
    """Check the repository, then create the annotated tag `<prefix><date>` at HEAD."""
    try:
        day = datetime.date.fromisoformat(date)
        if day.isoformat() != date:
            raise ValueError
    except ValueError:
        out.write(f"redline release: '{date}' is not a date (YYYY-MM-DD)\n")
        return 2
    if not message.strip():
        out.write("redline release: give the release summary with -m\n")
        return 2
    try:
        options, sources, today = settings.read(config_file)
    except (SettingsError, HistoryError) as exc:
        out.write(f"redline release: {config_file}: {exc}\n")
        return 1
    if day > today:
        out.write(
            f"redline release: {date} is after today ({today} in {options.timezone}); a release "
            "is dated on or before the day it is made: check the date\n"
        )
        return 1
    if run_check(config_file, out):
        out.write("redline release: fix the errors above first; no tag was created\n")
        return 1
    try:
        repo = open_repo(sources.repo)
    except HistoryError as exc:
        out.write(f"redline release: {exc}\n")
        return 1
    # Build output and caches may sit untracked in the repository: only tracked changes and
    # new policy files keep the working tree from being what the tag would release.
    diffs = [*repo.index.diff(None), *repo.index.diff("HEAD")]
    changed = [d.a_path for d in diffs if d.a_path]
    changed += [p for p in repo.untracked_files if p.startswith(f"{sources.policy_dir}/")]
    if changed:
        out.write(
            "redline release: uncommitted changes in "
            + ", ".join(sorted(set(changed)))
            + "; commit them (only committed text can be released)\n"
        )
        return 1
    tag = f"{sources.tag_prefix}{date}"
    if tag in [t.name for t in repo.tags]:
        out.write(f"redline release: tag {tag} already exists; a release is never re-tagged\n")
        return 1
    released = sources.read().releases
    if released:
        refusal = _not_forward(repo, released[-1], day, sources)
        if refusal:
            out.write(f"redline release: {refusal}; no tag was created\n")
            return 1
    try:
        repo.git.tag("-a", tag, "-m", message)
    except git.GitCommandError as exc:
        out.write(f"redline release: git tag failed: {exc.stderr.strip()}\n")
        return 1
    out.write(f"redline release: tagged {tag} at {repo.head.commit.hexsha[:12]}\n")
    return 0


def _not_forward(repo: git.Repo, newest: Release, day: datetime.date, sources: Sources) -> str:
    """Why a release of HEAD on `day` would not move forward from `newest`, or ''."""
    if newest.date >= day:
        return f"{day} is not after the newest release {newest.tag}; releases are dated in order"
    head = repo.head.commit.hexsha
    if not repo.is_ancestor(repo.commit(newest.commit), repo.head.commit):
        return (
            f"HEAD ({head[:12]}) does not contain the newest release {newest.tag} "
            f"({newest.commit[:12]}), so releasing it would put older text in force; release "
            f"from a branch that contains {newest.tag} (git merge {newest.tag})"
        )
    # The files a revision is made of, as `read_history` reads them: <root>/<locale>/*.md.
    paths = [f":(glob){sources.policy_dir}/{locale}/*.md" for locale in sources.locales]
    if not repo.git.diff("--name-only", newest.commit, head, "--", *paths):
        return (
            f"no policy file changed since {newest.tag}, so the tag would add no revision and "
            "show nowhere on the site; commit the policy changes to release first"
        )
    return ""
