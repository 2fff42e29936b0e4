"""`redline check`: the content rules of a policy repository, every problem with file and line.

The files are decoded and named by the history reader's own rules (`history.parse_revision`,
`history.working_tree_files`); on top of them come the rules the site needs from the text:
clause anchors on every heading and the same in every locale, translations, notices."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from . import notices, settings
from .history import (
    History,
    HistoryError,
    Problem,
    far_effective,
    parse_revision,
    with_drafts,
    working_tree_files,
)
from .settings import SettingsError

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_ANCHOR = re.compile(r"\{[^}]*#([A-Za-z][\w.:-]*)[^}]*\}\s*$")
_FENCE = re.compile(r"^(```|~~~)")


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
