"""Existing history made into releases (`redline import`): each dated version of the policy
folder, its text given what Redline needs and checked by the content rules before anything is
written (README, Bring your history; docs/REFERENCE.md, Releases).

What a file gets, and nothing else:
- without front matter: front matter with its first heading (level 1) as `title` (the heading
  leaves the body), the release date as `effective`, the release message as `notice` (a
  translation: its locale's notice, when the release gives one);
- on each heading without an anchor: a stable one. The authoritative locale's heading gets a
  slug of its text (unique in the file; `clause-N` when the text has no letters to slug); a
  translation's heading gets the anchor of the authoritative heading at the same position, so
  the same clause has the same anchor in every locale.

A file whose text is the same as in the previous version is taken as it was made then, so an
unchanged file makes no new revision. Pure: no git, no settings, no MkDocs.
"""

from __future__ import annotations

import datetime
import re
import tempfile
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeAlias

import yaml

from redline.errors import RedlineError

from . import frontmatter
from .content import anchors, check_files, headings
from .history import Problem
from .references import working_tree_problems
from .releases import name_problem

#: A file's notice: its own locale's text, or (an authoritative text that leaves translations
#: behind) a text per locale, or none.
Notice: TypeAlias = "str | dict[str, str] | None"

#: Words a slug keeps at most: an anchor is part of every link to the clause.
SLUG_WORDS = 6


@dataclass(frozen=True)
class Version:
    """The policy folder as it was on `day`, from the source: `files` (path in the policy
    folder, `<locale>/<doc>.md` -> bytes) overlay the previous version, or (`whole`) are all of
    it; `origins` says where each file was read, for messages."""

    day: datetime.date
    message: str
    files: dict[str, bytes]
    origins: dict[str, str]
    notices: tuple[tuple[str, str], ...] = ()  # a translation's notice, by locale
    whole: bool = False


@dataclass(frozen=True)
class Made:
    """One file as the import writes it: its text, what was added, and for each of its lines
    the source's line it comes from (for problems said where they can be fixed)."""

    path: str  # in the policy folder
    data: bytes
    origin: str
    added: tuple[str, ...]
    lines: tuple[int, ...]
    changed: bool = True  # False: taken as it was in the previous version

    def where(self, line: int) -> str:
        """`origin:line` of the source for a line of the made text."""
        if 1 <= line <= len(self.lines):
            return f"{self.origin}:{self.lines[line - 1]}"
        return self.origin


@dataclass
class Imported:
    """A version as it will be committed and tagged: the whole policy folder."""

    version: Version
    files: dict[str, Made]
    warnings: list[Problem] = field(default_factory=list)

    @property
    def message(self) -> str:
        """The tag message: the summary, then a `notice[<locale>]:` line per notice."""
        lines = [f"notice[{locale}]: {text}" for locale, text in self.version.notices]
        return self.version.message.strip() + ("\n\n" + "\n".join(lines) if lines else "")


class SourceProblems(RedlineError):
    """Problems (errors) of the source that stop the import before anything is written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems[0].message if problems else "")
        self.problems = problems


def slug(text: str) -> str:
    """An anchor made of a heading's text: lowercase ASCII words joined by hyphens, without the
    clause's leading number ("2. How we use data" -> "how-we-use-data"); '' without letters."""
    text = re.sub(r"\{[^}]*\}\s*$", "", text)  # an attribute list
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links: their text
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", plain.lower())
    while words and (words[0].isdigit() or re.fullmatch(r"[a-z]", words[0])):
        words.pop(0)  # "1.", "(2)", "(a)": numbering, which a renumbering would change
    return "-".join(words[:SLUG_WORDS]) if words and words[0][0].isalpha() else ""


def _unique(anchor: str, used: set[str]) -> str:
    found, n = anchor, 2
    while found in used:
        found, n = f"{anchor}-{n}", n + 1
    used.add(found)
    return found


def _with_anchor(line: str, anchor: str) -> str:
    """`line` (a heading) with `{#anchor}` added, inside an attribute list it ends with."""
    attrs = re.search(r"\{:?\s*([^}]*)\}\s*$", line)
    if attrs:
        return f"{line[: attrs.start(1)]}#{anchor} {line[attrs.start(1) :]}".rstrip()
    return f"{line.rstrip().rstrip('#').rstrip()} {{#{anchor}}}"


def _front_matter(title: str, day: datetime.date, notice: Notice) -> list[str]:
    meta: dict[str, object] = {"title": title, "effective": day}
    if isinstance(notice, dict):
        meta["notice"] = {locale: " ".join(text.split()) for locale, text in notice.items()}
    elif notice:
        meta["notice"] = " ".join(notice.split())
    text = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=96)
    return ["---", *text.rstrip("\n").split("\n"), "---", ""]


def make_file(
    path: str,
    data: bytes,
    origin: str,
    day: datetime.date,
    notice: Notice,
    given: list[str] | None,
) -> tuple[Made, list[Problem]]:
    """The file `path` as imported on `day`, and warnings (raises SourceProblems on errors).

    `given`: the anchors of the authoritative text, by heading position (None: this is it).
    """
    try:
        text = frontmatter.decode(data)
    except frontmatter.FrontMatterError as exc:
        raise SourceProblems([Problem(f"{origin}:{exc.line}", exc.message)]) from None
    lines = text.split("\n")
    source = list(range(1, len(lines) + 1))
    added: list[str] = []
    if text.startswith("---"):
        try:
            parsed = frontmatter.parse(text)
        except frontmatter.FrontMatterError as exc:
            raise SourceProblems([Problem(f"{origin}:{exc.line}", exc.message)]) from None
        first = parsed.body_line
    else:
        found = headings(text, 1)
        if not found or found[0][1] != 1:
            line = found[0][0] if found else 1
            raise SourceProblems(
                [
                    Problem(
                        f"{origin}:{line}",
                        "no front matter and no title: start the text with its title as a "
                        "level-1 heading ('# Privacy Policy'), or give it front matter",
                    )
                ]
            )
        at, _, heading = found[0]
        title = re.sub(r"\s*\{[^}]*\}\s*$", "", heading).strip().strip("#").strip()
        end = at + (0 if lines[at - 1].lstrip().startswith("#") else 1)  # setext: underline
        rest = list(range(end, len(lines)))
        while rest and not lines[rest[0]].strip():
            rest.pop(0)
        kept = list(range(at - 1)) + rest  # text before the title stays (0-based indexes)
        head = _front_matter(title, day, notice)
        lines = head + [lines[i] for i in kept]
        source = [at] * len(head) + [i + 1 for i in kept]
        first = len(head) + 1
        what = f"title '{title}' from line {at}, effective {day}"
        added.append(f"front matter: {what}" + (", the release notice" if notice else ""))
    body = "\n".join(lines[first - 1 :])
    heads = anchors(body, first)
    used = {anchor for _, anchor, _ in heads if anchor}
    made: list[str] = []
    for position, (line, anchor, heading) in enumerate(heads):
        if anchor:
            continue
        if given is not None and position < len(given) and given[position] not in used:
            chosen = _unique(given[position], used)
        else:
            chosen = _unique(slug(heading) or f"clause-{position + 1}", used)
        lines[line - 1] = _with_anchor(lines[line - 1], chosen)
        made.append(f"{{#{chosen}}} line {source[line - 1]}")
    warnings = []
    if made and given is not None and len(given) != len(heads):
        warnings.append(
            Problem(
                origin,
                f"{len(heads)} headings where the authoritative text has {len(given)}: the "
                "anchors were given by position; check that each heading has its clause's",
                "warning",
            )
        )
    if made:
        added.append("anchors: " + ", ".join(made))
    out = "\n".join(lines).encode("utf-8")
    return Made(path, out, origin, tuple(added), tuple(source)), warnings


def _body_anchors(made: Made) -> list[str]:
    parsed = frontmatter.parse(frontmatter.decode(made.data))
    return [anchor or "" for _, anchor, _ in anchors(parsed.body, parsed.body_line)]


def path_problem(path: str, locales: tuple[str, ...]) -> str:
    """Why `path` (in the policy folder) cannot be a policy file, or ''."""
    locale, _, name = path.partition("/")
    if locale not in locales or "/" in name or not name.endswith(".md"):
        return (
            f"not a policy file <locale>/<name>.md with a locale of the site ({', '.join(locales)})"
        )
    return name_problem(name.removesuffix(".md")) or ""


def prepare(versions: Iterable[Version], locales: tuple[str, ...]) -> list[Imported]:
    """Each version made into the whole policy folder it releases (oldest first); raises
    SourceProblems with every error found."""
    done: list[Imported] = []
    source: dict[str, bytes] = {}
    made: dict[str, Made] = {}
    errors: list[Problem] = []
    for version in sorted(versions, key=lambda v: v.day):
        valid = dict(version.files)
        for path in sorted(version.files):
            problem = path_problem(path, locales)
            if problem:
                errors.append(Problem(version.origins.get(path, path), problem))
                del valid[path]
        now = valid if version.whole else {**source, **valid}
        files: dict[str, Made] = {}
        warnings: list[Problem] = []
        # the authoritative locale first: translations take its anchors
        for path in sorted(now, key=lambda p: (not p.startswith(f"{locales[0]}/"), p)):
            if path in made and source.get(path) == now[path]:
                old = made[path]
                files[path] = Made(path, old.data, old.origin, (), old.lines, changed=False)
                continue
            locale, _, name = path.partition("/")
            notices = dict(version.notices)
            notice: Notice = notices.get(locale)
            if locale == locales[0]:
                # translations this version leaves as they were: their readers' notice too
                behind = {
                    lc: text
                    for lc, text in notices.items()
                    if now.get(f"{lc}/{name}") == source.get(f"{lc}/{name}")
                }
                notice = {locale: version.message, **behind} if behind else version.message
            authoritative = files.get(f"{locales[0]}/{name}")
            try:
                given = (
                    None
                    if authoritative is None or locale == locales[0]
                    else (_body_anchors(authoritative))
                )
                files[path], found = make_file(
                    path, now[path], version.origins[path], version.day, notice, given
                )
            except SourceProblems as exc:
                errors.extend(exc.problems)
                continue
            warnings.extend(found)
        source, made = now, files
        done.append(Imported(version, files, warnings))
    if errors:
        raise SourceProblems(errors)
    return done


def verify(
    imported: list[Imported],
    policy_dir: str,
    locales: tuple[str, ...],
    extensions: Collection[str] = (),
    configs: Mapping[str, Mapping[str, object]] | None = None,
) -> None:
    """Run the content rules of `redline check` on each version's policy folder as it would
    be committed, its Markdown read with the site's `extensions` and their `configs`: errors
    raise SourceProblems (located in the source), warnings about the files a version changes
    are added to its `warnings`."""
    errors: list[Problem] = []
    for version in imported:
        with tempfile.TemporaryDirectory(prefix="redline-import-") as where:
            root = Path(where)
            for locale in locales:  # a locale with no text yet is no problem of history
                (root / policy_dir / locale).mkdir(parents=True, exist_ok=True)
            for path, made in version.files.items():
                (root / policy_dir / path).write_bytes(made.data)
            problems = check_files(
                root, policy_dir, locales, extensions=extensions, configs=configs
            )
            problems += working_tree_problems(root, policy_dir, locales)
        for problem in problems:
            file, _, line = problem.where.partition(":")
            kept = version.files.get(file.removeprefix(f"{policy_dir}/"))
            if kept is None or not kept.changed:
                continue  # a file kept from the previous version: reported with it
            number = int(line.split(":")[0]) if line.split(":")[0].isdigit() else 0
            located = Problem(kept.where(number), problem.message, problem.severity)
            if problem.severity == "error":
                errors.append(located)
            elif "no translation yet" not in problem.message:
                version.warnings.append(located)
    if errors:
        raise SourceProblems(errors)
