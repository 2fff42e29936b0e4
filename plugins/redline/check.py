"""`redline check` and `redline release`: validate a policy repository, then tag a release."""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Any

import git
import yaml

from . import dates, markdown_lint, notices
from .history import (
    History,
    HistoryError,
    Problem,
    Release,
    Revision,
    far_effective,
    open_repo,
    parse_revision,
    read_history,
    with_drafts,
    working_tree_files,
)
from .sanitize import class_problem, id_problem, title_problem

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_ANCHOR = re.compile(r"\{[^}]*#([A-Za-z][\w.:-]*)[^}]*\}\s*$")
_FENCE = re.compile(r"^(```|~~~)")


class _ConfigLoader(yaml.SafeLoader):
    """YAML of `mkdocs.yml` with MkDocs' own tags (`!ENV`, `!!python/name:`) read as None:
    `redline check` needs only the plugin's settings, not the whole configuration."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class Settings:
    """What `redline check` needs from `mkdocs.yml` (read as YAML, without building)."""

    repo: Path
    policy_dir: str
    tag_prefix: str
    locales: tuple[str, ...]
    timezone: str = "UTC"

    def today(self) -> datetime.date:
        """Today in the site's time zone; HistoryError for a zone that is not one."""
        try:
            return dates.today(self.timezone)
        except ValueError as exc:
            raise HistoryError(f"plugins.redline: {exc}") from None


def settings(config_file: Path) -> Settings:
    """Read the redline plugin's settings from `config_file`."""
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    except (OSError, yaml.YAMLError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise HistoryError(f"cannot read the configuration: {first}") from None
    options: dict[str, Any] = {}
    plugins = config.get("plugins") or []
    entries = (
        plugins.items()
        if isinstance(plugins, dict)
        else (next(iter(p.items())) if isinstance(p, dict) else (p, {}) for p in plugins)
    )
    for name, value in entries:
        if name == "redline":
            options = value or {}
    base = config_file.resolve().parent
    locales = tuple(options.get("locales") or ("en",))
    return Settings(
        repo=(base / options.get("repo", ".")).resolve(),
        policy_dir=options.get("policy_dir", "policy"),
        tag_prefix=options.get("tag_prefix", "policy/"),
        locales=locales,
        timezone=str(options.get("timezone") or "UTC"),
    )


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
        markup = markup_problems(rev)
        problems.extend(markup)
        problems.extend(markdown_lint.lint(rev.path, rev.body, rev.body_line))
        # a heading whose id was refused above is not also said to have no anchor
        bad_ids = {p.where for p in markup if p.message.startswith("id ")}
        heads = anchors(rev.body, rev.body_line)
        for line, anchor, heading in heads:
            if anchor is None and f"{file.path}:{line}" not in bad_ids:
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
        cfg = settings(config_file)
        today = cfg.today()
        history = read_history(
            cfg.repo, prefix=cfg.tag_prefix, root=cfg.policy_dir, locales=cfg.locales, today=today
        )
    except HistoryError as exc:
        message = str(exc)
        return [Problem(str(config_file), message.removeprefix(f"{config_file}: "))]
    problems = list(history.problems)
    if not history.releases:
        problems.append(
            Problem(
                "tags",
                f"no release tags {cfg.tag_prefix}YYYY-MM-DD yet; "
                "tag the first with 'redline release YYYY-MM-DD -m summary'",
                "warning",
            )
        )
    problems.extend(notices.notice_problems(history))
    problems.extend(check_files(cfg.repo, cfg.policy_dir, cfg.locales))
    drafted = _drafts_only(with_drafts(history, cfg.repo, today, cfg.policy_dir), history)
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
        cfg = settings(config_file)
        today = cfg.today()
    except HistoryError as exc:
        out.write(f"redline release: {config_file}: {exc}\n")
        return 1
    if day > today:
        out.write(
            f"redline release: {date} is after today ({today} in {cfg.timezone}); a release is "
            "dated on or before the day it is made: check the date\n"
        )
        return 1
    if run_check(config_file, out):
        out.write("redline release: fix the errors above first; no tag was created\n")
        return 1
    try:
        repo = open_repo(cfg.repo)
    except HistoryError as exc:
        out.write(f"redline release: {exc}\n")
        return 1
    # Build output and caches may sit untracked in the repository: only tracked changes and
    # new policy files keep the working tree from being what the tag would release.
    diffs = [*repo.index.diff(None), *repo.index.diff("HEAD")]
    changed = [d.a_path for d in diffs if d.a_path]
    changed += [p for p in repo.untracked_files if p.startswith(f"{cfg.policy_dir}/")]
    if changed:
        out.write(
            "redline release: uncommitted changes in "
            + ", ".join(sorted(set(changed)))
            + "; commit them (only committed text can be released)\n"
        )
        return 1
    tag = f"{cfg.tag_prefix}{date}"
    if tag in [t.name for t in repo.tags]:
        out.write(f"redline release: tag {tag} already exists; a release is never re-tagged\n")
        return 1
    released = read_history(
        cfg.repo, prefix=cfg.tag_prefix, root=cfg.policy_dir, locales=cfg.locales
    ).releases
    if released:
        refusal = _not_forward(repo, released[-1], day, cfg)
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


def _not_forward(repo: git.Repo, newest: Release, day: datetime.date, cfg: Settings) -> str:
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
    paths = [f":(glob){cfg.policy_dir}/{locale}/*.md" for locale in cfg.locales]
    if not repo.git.diff("--name-only", newest.commit, head, "--", *paths):
        return (
            f"no policy file changed since {newest.tag}, so the tag would add no revision and "
            "show nowhere on the site; commit the policy changes to release first"
        )
    return ""


# -- markup the site would not publish as written ---------------------------------------------
# The rules are sanitize.py's (the site drops what breaks them); this finds where a policy file
# breaks them, so that `redline check` and `redline release` refuse it with the file and line.

_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_ESCAPED = re.compile(r"\\[\\`*_{}\[\]()#+\-.!<>&]")
_ATTR_LIST = re.compile(r"""\{:?[ ]*((?:[^}'"\n]|"[^"\n]*"|'[^'\n]*')*)\}""")
# Python-Markdown's attr_list scanner: key="v", key='v', key=v, or a word (#id, .class, key)
_ATTR_TOKEN = re.compile(r"""([^ =}]+)=("[^"]*"|'[^']*'|[^ =}]+)|([^ =}]+)""")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*(?:<[^>\n]*>|\S+)[ \t]+(\S.*)$", re.M)
_ABBREVIATION = re.compile(r"^\*\[[^\]\n]+\]:[ \t]*(.*)$", re.M)
_TITLE_LINE = re.compile(r"^title[ \t]*:", re.M)


def _masked(body: str) -> str:
    """`body` with code (fenced blocks, code spans) and backslash escapes blanked out, lines kept:
    what is left is what Markdown may turn into attributes."""
    lines = []
    fenced = False
    for line in body.split("\n"):
        fence = bool(_FENCE.match(line.lstrip()))
        lines.append("" if fenced or fence else line)
        fenced = fenced != fence
    text = "\n".join(lines)

    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    return _CODE_SPAN.sub(blank, _ESCAPED.sub(blank, text))


def _attribute_problem(name: str, value: str | None) -> list[str]:
    if value is None:
        return []
    value = html.unescape(value)
    if name == "id":
        found = id_problem(value)
        return [found] if found else []
    if name == "class":
        return [p for c in value.split() if (p := class_problem(c))]
    if name == "title":
        found = title_problem(value)
        return [found] if found else []
    return []


class _RawTags(HTMLParser):
    """Raw HTML start tags of a Markdown text and the line each starts on."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        for name, value in attrs:
            self.found.extend((line, p) for p in _attribute_problem(name, value))


def _attr_list(content: str) -> Iterator[tuple[str, str | None]]:
    """The attributes of an attribute list `{#id .class key="value"}`, as attr_list sets them."""
    for token in _ATTR_TOKEN.finditer(content):
        key, value, word = token.groups()
        if word is None:
            yield key, value.strip("\"'")
        elif word.startswith("#"):
            yield "id", word[1:]
        elif word.startswith("."):
            yield "class", word[1:]


def _link_titles(text: str) -> Iterator[tuple[int, str]]:
    """(offset, title) of the titles of inline links and images: `[x](url "title")`."""
    start = text.find("](")
    while start != -1:
        depth, end = 0, start + 1
        while end < len(text):
            char = text[end]
            depth += {"(": 1, ")": -1}.get(char, 0)
            if depth == 0 or text.startswith("\n\n", end):
                break
            end += 1
        inside = text[start + 2 : end].strip()
        if depth == 0 and inside:
            if inside.startswith("<") and ">" in inside:
                rest = inside[inside.index(">") + 1 :]
            else:
                rest = inside.split(None, 1)[1] if len(inside.split(None, 1)) > 1 else ""
            if rest.strip():
                yield start, rest.strip().strip("\"'()")
        start = text.find("](", start + 2)


def markup_problems(rev: Revision) -> list[Problem]:
    """Ids, classes and titles in a policy file that the site would drop or change."""
    rel, text, parsed = rev.path, rev.source, rev
    found: list[tuple[int, str]] = []  # (line of the body, message)
    body = _masked(parsed.body)
    for number, line in enumerate(body.split("\n")):
        for group in _ATTR_LIST.finditer(line):
            for key, value in _attr_list(group.group(1)):
                found.extend((number, p) for p in _attribute_problem(key, value))
    tags = _RawTags()
    tags.feed(body)
    tags.close()
    found.extend((line - 1, p) for line, p in tags.found)
    titles = [*_link_titles(body)]
    titles += [(m.start(1), m.group(1).strip().strip("\"'()")) for m in _REFERENCE.finditer(body)]
    titles += [(m.start(1), m.group(1)) for m in _ABBREVIATION.finditer(body)]
    for offset, value in titles:
        found.extend((body.count("\n", 0, offset), p) for p in _attribute_problem("title", value))
    problems = [Problem(f"{rel}:{parsed.body_line + n}", p) for n, p in sorted(found)]
    in_title = title_problem(parsed.title)
    if in_title:
        where = _TITLE_LINE.search(text[: len(text) - len(parsed.body)])
        at = text.count("\n", 0, where.start()) + 1 if where else 2
        problems.insert(0, Problem(f"{rel}:{at}", f"front matter {in_title}"))
    return problems
