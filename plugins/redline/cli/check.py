"""`redline check`: every problem of a policy repository, with file and line.

The command gathers: the settings (`plugin.settings`), the history with its problems, the
notices, the content rules of the working tree's files (`model.content`), and prints them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import IO

from redline.errors import Refused
from redline.model.content import check_files
from redline.model.drafts import with_drafts
from redline.model.history import History, HistoryError, Problem
from redline.model.notice import notice_problems
from redline.model.references import released_problems, working_tree_problems
from redline.model.releases import RELEASED, far_effective, released_with, stale_effective
from redline.model.translation import PENDING, pending_clause_problems
from redline.plugin import settings
from redline.plugin.settings import SettingsError

from .args import Commands, config_option

#: The severity of "no release tags yet": a warning that never fails `--strict`, as the review of
#: a pull request made before the first release cannot change it.
UNRELEASED = "unreleased"


def collect(config_file: Path) -> list[Problem]:
    """Every problem of the repository named by `config_file`, errors and warnings."""
    try:
        _, sources, today = settings.read(config_file)
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
                UNRELEASED,
            )
        )
    problems.extend(notice_problems(history))
    problems.extend(
        check_files(
            sources.repo,
            sources.policy_dir,
            sources.locales,
            extensions=sources.markdown_extensions,
            configs=sources.markdown_configs,
            released=history,
        )
    )
    # Links between policies: the working tree's refused, a published release's reported.
    problems.extend(working_tree_problems(sources.repo, sources.policy_dir, sources.locales))
    problems.extend(released_problems(history))
    full = with_drafts(history, sources.repo, today, sources.policy_dir)
    problems.extend(full.problems)  # the drafts' own (unknown keys); the rest are the same
    drafted = _drafts_only(full, history)
    problems.extend(notice_problems(drafted))
    problems.extend(pending_clause_problems(drafted))  # a translation's clauses left behind
    for document in drafted.documents.values():
        # Released today at the earliest: the bound is counted from today.
        problems.extend(far_effective(document.revisions[-1], today, since="today"))
        if document.revisions[-1].is_draft:
            # The rule `redline release` applies, so that its refusal is seen before the tag.
            released = document.revisions[-2] if len(document.revisions) > 1 else None
            last = drafted.releases[-1].date if drafted.releases else None
            problems.extend(stale_effective(document.revisions[-1], released, today, last))
    return released_with(_unique(problems))


def _drafts_only(drafted: History, released: History) -> History:
    # Notices of drafts are checked like releases, so a stale notice is caught before tagging;
    # with every locale of a drafted document, so that a translation the draft leaves behind
    # is seen (its notice per locale can only be given before the tag).
    docs = {
        doc for (doc, _), d in drafted.documents.items() if d.revisions and d.revisions[-1].is_draft
    }
    return History(
        drafted.releases,
        {key: doc for key, doc in drafted.documents.items() if key[0] in docs},
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


def run_check(config_file: Path, out: IO[str], *, strict: bool = False) -> int:
    """Print every problem as `where: severity: message`; 1 if any is an error (or, `strict`,
    a warning)."""
    problems = collect(config_file)
    for p in problems:
        severity = "warning" if p.severity in (RELEASED, PENDING, UNRELEASED) else p.severity
        out.write(f"{p.where}: {severity}: {p.message}\n")
    errors = sum(p.severity == "error" for p in problems)
    # Tags never move, a release leaves its pending clauses as they are: neither fails.
    history = sum(p.severity == RELEASED for p in problems)
    pending = sum(p.severity == PENDING for p in problems)
    unreleased = sum(p.severity == UNRELEASED for p in problems)
    warnings = len(problems) - errors - history - pending - unreleased
    failed = " (--strict: warnings fail)" if strict and warnings and not errors else ""
    past = f", {history} about released tags (not failing --strict)" if history else ""
    if pending:
        past += f", {pending} clause(s) pending since a release (not failing --strict)"
    past += ", nothing released yet (not failing --strict)" if unreleased else ""
    out.write(f"redline check: {errors} error(s), {warnings} warning(s){past}{failed}\n")
    return 1 if errors or (strict and warnings) else 0


def run_settings_check(config_file: Path, out: IO[str]) -> int:
    """`redline check --settings`: read the settings as a build reads them, no more; 0 and one
    line if they can be read, else Refused with what cannot (one line, where `mkdocs build` shows
    PyYAML's traceback for a date that is none, even from `!ENV`)."""
    try:
        settings.load(config_file)  # not known_only: a build only warns about an unknown setting
    except SettingsError as exc:
        raise Refused(f"{config_file}: {exc}") from None
    out.write(f"redline check: the settings in {config_file} can be read\n")
    return 0


def add_commands(commands: Commands) -> None:
    """`redline check [-f FILE] [--strict | --settings]`."""
    command = commands.add_parser(
        "check",
        help="validate a policy repository",
        description="Print every problem of the policy files and release tags as "
        "'file:line: error|warning: message'.",
        epilog="exit status: 0 no errors (with --strict: no warnings either); 1 errors, or "
        "warnings with --strict, or (--settings) the settings cannot be read; 2 wrong arguments",
    )
    config_option(command)
    only = command.add_mutually_exclusive_group()
    only.add_argument(
        "--strict", action="store_true", help="warnings fail too (exit status 1), as in CI"
    )
    only.add_argument(
        "--settings",
        action="store_true",
        help="only read the settings, as a build does (before mkdocs build: a value YAML cannot "
        "read is named in one line)",
    )
    command.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    if args.settings:
        return run_settings_check(Path(args.config_file), sys.stdout)
    return run_check(Path(args.config_file), sys.stdout, strict=args.strict)
