"""`redline check` and `redline release`: validate a policy repository, then tag a release."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from pathlib import Path
from typing import IO

import git

from . import notices, settings
from .config import RedlineConfig
from .history import (
    History,
    HistoryError,
    Problem,
    Release,
    Sources,
    far_effective,
    open_repo,
    parse_revision,
    with_drafts,
    working_tree_files,
)
from .settings import SettingsError

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_ANCHOR = re.compile(r"\{[^}]*#([A-Za-z][\w.:-]*)[^}]*\}\s*$")
_FENCE = re.compile(r"^(```|~~~)")


def read_settings(config_file: Path) -> tuple[RedlineConfig, Sources, datetime.date]:
    """The plugin's settings in `config_file`, the sources they name, and today in the site's
    time zone; SettingsError or HistoryError say what is wrong."""
    config, options = settings.load(config_file)
    return options, settings.sources(config, options), settings.today(options)


def anchors(body: str, first_line: int) -> list[tuple[int, str | None, str]]:
    """(line, anchor or None, heading text) for every Markdown heading of `body`."""
    found = []
    fenced = False
    for offset, line in enumerate(body.splitlines()):
        if _FENCE.match(line):
            fenced = not fenced
        if fenced:
            continue
        heading = _HEADING.match(line)
        if heading:
            anchor = _ANCHOR.search(heading.group(2))
            found.append(
                (first_line + offset, anchor.group(1) if anchor else None, heading.group(2))
            )
    return found


def check_files(root: Path, relroot: str, locales: Iterable[str]) -> list[Problem]:
    """Problems of the working tree's policy files: links, names, text, front matter, anchors."""
    problems: list[Problem] = []
    locales = tuple(locales)
    found: dict[str, dict[str, list[str]]] = {}
    for locale in locales:
        if not (root / relroot / locale).is_dir():
            problems.append(Problem(f"{relroot}/{locale}", "missing locale folder"))
    files, file_problems = working_tree_files(root, relroot, locales)
    problems.extend(file_problems)
    for file in files:
        rev = parse_revision(file.doc, file.locale, file.path, None, file.data, problems, "")
        if rev is None:
            continue
        heads = anchors(rev.body, rev.body_line)
        for line, anchor, heading in heads:
            if anchor is None:
                problems.append(
                    Problem(
                        f"{file.path}:{line}",
                        f"heading '{heading}' has no anchor; add {{#clause-name}}",
                    )
                )
        found.setdefault(file.doc, {})[file.locale] = [a for _, a, _ in heads if a]
    default = locales[0] if locales else "en"
    for doc, per_locale in sorted(found.items()):
        source = per_locale.get(default)
        for locale in locales[1:]:
            rel = f"{relroot}/{locale}/{doc}.md"
            if locale not in per_locale:
                problems.append(
                    Problem(
                        rel,
                        f"no translation yet: the {locale} site links the {default} text",
                        "warning",
                    )
                )
            elif source is not None and per_locale[locale] != source:
                missing = sorted(set(source) - set(per_locale[locale]))
                extra = sorted(set(per_locale[locale]) - set(source))
                detail = "; ".join(
                    part
                    for part in (
                        f"missing {', '.join(missing)}" if missing else "",
                        f"not in {default}: {', '.join(extra)}" if extra else "",
                        "in another order" if not missing and not extra else "",
                    )
                    if part
                )
                problems.append(
                    Problem(
                        rel,
                        f"clause anchors differ from {relroot}/{default}/{doc}.md: {detail}",
                        "warning",
                    )
                )
    return problems


def collect(config_file: Path) -> list[Problem]:
    """Every problem of the repository named by `config_file`, errors and warnings."""
    try:
        _, sources, today = read_settings(config_file)
        history = sources.read(today)
    except (SettingsError, HistoryError) as exc:
        return [Problem(str(config_file), str(exc))]
    problems = list(history.problems)
    if not history.releases:
        problems.append(
            Problem(
                "tags",
                f"no release tags {sources.tag_prefix}YYYY-MM-DD yet; "
                "tag the first with 'redline release YYYY-MM-DD -m summary'",
                "warning",
            )
        )
    problems.extend(notices.notice_problems(history))
    problems.extend(check_files(sources.repo, sources.policy_dir, sources.locales))
    drafted = _drafts_only(
        with_drafts(history, sources.repo, today, sources.policy_dir), history
    )
    problems.extend(notices.notice_problems(drafted))
    for document in drafted.documents.values():
        # Released today at the earliest: the bound is counted from today.
        problems.extend(far_effective(document.revisions[-1], today, since="today"))
    return _unique(problems)


def _drafts_only(drafted: History, released: History) -> History:
    # Notices of drafts are checked like releases, so a stale notice is caught before tagging.
    return History(
        drafted.releases,
        {
            key: doc
            for key, doc in drafted.documents.items()
            if doc.revisions and doc.revisions[-1].is_draft
        },
        drafted.locales,
        (),
    )


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[str, str]] = set()
    out = []
    for p in problems:
        if (p.where, p.message) not in seen:
            seen.add((p.where, p.message))
            out.append(p)
    return out


def run_check(config_file: Path, out: IO[str]) -> int:
    """Print every problem as `where: severity: message`; 1 if any is an error."""
    problems = collect(config_file)
    for p in problems:
        out.write(f"{p.where}: {p.severity}: {p.message}\n")
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    out.write(f"redline check: {errors} error(s), {warnings} warning(s)\n")
    return 1 if errors else 0


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
        options, sources, today = read_settings(config_file)
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
