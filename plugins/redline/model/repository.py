"""Reading the policy history from git objects (never the working tree): release tags, the
policy folder's tree at each release, and each changed file parsed into a revision."""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import git

from . import frontmatter
from .history import (
    DocumentHistory,
    History,
    HistoryError,
    Problem,
    Release,
    Revision,
    blob_id,
    shown,
)
from .releases import (
    backward_releases,
    far_effective,
    future_releases,
    name_problem,
    silent_releases,
    unsigned_releases,
)
from .trees import BadTree, Trees, tree_files

_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_SIGNATURE = re.compile(r"^-----BEGIN (PGP|SSH) SIGNATURE-----.*", re.M | re.S)
# A per-locale notice in a tag message: `notice[th]: ...` on a line of its own.
_TAG_NOTICE = re.compile(r"^notice\[([A-Za-z0-9_-]+)\]:[ \t]*(.*?)[ \t]*$", re.M)


def tag_message(contents: str) -> tuple[str, tuple[tuple[str, str], ...], bool]:
    """A tag message split into its summary, its `notice[<locale>]:` lines and whether a
    signature block follows it."""
    signed = _SIGNATURE.search(contents) is not None
    text = _SIGNATURE.sub("", contents)
    notices = tuple((m.group(1), m.group(2)) for m in _TAG_NOTICE.finditer(text) if m.group(2))
    summary = _TAG_NOTICE.sub("", text).strip()
    return summary, notices, signed


def _is_text(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def open_repo(path: str | Path) -> git.Repo:
    """Open the git repository containing `path`, or raise HistoryError saying what to do."""
    try:
        return git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise HistoryError(
            f"{path}: not a git repository; the policy history is read from git tags "
            "(run 'git init' and tag a release with 'redline release YYYY-MM-DD')"
        ) from None


def read_releases(
    repo: git.Repo, prefix: str, known_on: datetime.date | None = None
) -> tuple[list[Release], list[Problem]]:
    """Read every release tag in one `git for-each-ref` call; with `known_on`, those dated
    after it are left out, problems and all, as if they did not exist yet."""
    fields = [
        "%(refname)",
        "%(objecttype)",
        "%(*objecttype)",
        "%(*objectname)",
        "%(contents)",
    ]
    # All tags, filtered here: git matches a pattern only up to a "/", so `release-` would
    # match nothing.
    out = repo.git.for_each_ref(
        "refs/tags/", format="%00".join(fields) + "%00%01", strip_newline_in_stdout=False
    )
    releases: list[Release] = []
    problems: list[Problem] = []
    for record in out.split("\0\x01"):
        record = record.lstrip("\n")
        if not record:
            continue
        refname, objtype, peeled_type, peeled, contents = record.split("\0")[:5]
        tag = refname.removeprefix("refs/tags/")
        if not tag.startswith(prefix):
            continue
        where = f"tag {shown(tag)}"
        name = tag.removeprefix(prefix)
        match = _DATE.fullmatch(name)
        if not match:
            problems.append(
                Problem(where, f"not a release date; name release tags {prefix}YYYY-MM-DD")
            )
            continue
        try:
            date = datetime.date(*(int(g) for g in match.groups()))
        except ValueError:
            problems.append(Problem(where, f"'{name}' is not a valid date (YYYY-MM-DD)"))
            continue
        if name != date.isoformat():
            problems.append(Problem(where, f"write the date as {prefix}{date.isoformat()}"))
            continue
        if known_on is not None and date > known_on:
            continue  # not released yet on that day (docs/ARCHITECTURE.md, The record)
        if objtype != "tag":
            problems.append(
                Problem(
                    where,
                    # Never "re-tag": a published tag is never moved. A clone made by
                    # actions/checkout on a tag push holds the pushed tag lightweight.
                    "lightweight tag; a release is an annotated tag with a summary. If it was "
                    "pushed annotated, this clone lost that (actions/checkout does so on a tag "
                    "push): fetch the release tags again with git fetch --force origin "
                    f"'+refs/tags/{prefix}*:refs/tags/{prefix}*'. If it was never pushed, "
                    f"delete it (git tag -d {tag}) and release with redline release",
                )
            )
            continue
        if peeled_type != "commit":
            problems.append(Problem(where, f"points at a {peeled_type}, not a commit"))
            continue
        summary, notices, signed = tag_message(contents)
        if not _is_text(contents):  # GitPython keeps bytes that are not UTF-8 as surrogates
            problems.append(
                Problem(
                    where,
                    "the tag message is not UTF-8 text; tag again with a UTF-8 summary: "
                    f"git tag -a -f {tag} -m 'summary' {tag}^{{}}",
                )
            )
            continue
        releases.append(
            Release(
                tag=tag, date=date, summary=summary, commit=peeled, signed=signed, notices=notices
            )
        )
    releases.sort(key=lambda r: r.date)
    return releases, problems


def parse_revision(
    doc: str,
    locale: str,
    path: str,
    release: Release | None,
    data: bytes,
    problems: list[Problem],
    where: str,
    draft_date: datetime.date | None = None,
    *,
    unknown_keys: bool = True,
) -> Revision | None:
    """The revision that the file `data` makes, or None with its problems added to `problems`.

    `where` prefixes each problem's location (`tag policy/2023-07-03: `, or empty for drafts).
    Unknown front matter keys are an error of a draft, a warning of a release; not reported
    without `unknown_keys` (a working-tree file may be the one released).
    """
    try:
        text = frontmatter.decode(data)
        parsed = frontmatter.parse(text)
    except frontmatter.FrontMatterError as exc:
        problems.append(Problem(f"{where}{path}:{exc.line}", exc.message))
        return None
    for line, unknown in parsed.unknown if unknown_keys else ():
        if release is None:  # a draft, or the release being made: it can still be corrected
            problems.append(
                Problem(
                    f"{where}{path}:{line}",
                    f"front matter has {unknown}, which would be ignored; correct or remove it",
                )
            )
        else:  # a tag never moves: said, but no longer an error (docs/ARCHITECTURE.md, check)
            problems.append(
                Problem(
                    f"{where}{path}:{line}",
                    f"released with {unknown} in its front matter, which was ignored; "
                    "correct it in the next revision",
                    "warning",
                )
            )
    revision_date = release.date if release else None
    effective = parsed.effective or revision_date or draft_date or datetime.date.min
    if revision_date and parsed.effective and parsed.effective < revision_date:
        problems.append(
            Problem(
                f"{where}{path}:2",
                f"effective date {parsed.effective} is before the revision date {revision_date}; "
                "the revision is shown as effective from its effective date",
                "warning",
            )
        )
    return Revision(
        doc=doc,
        locale=locale,
        path=path,
        release=release,
        blob=blob_id(data),
        source=text,
        title=parsed.title,
        effective=effective,
        notice=parsed.notice_for(locale),
        body=parsed.body,
        body_line=parsed.body_line,
        sha256=hashlib.sha256(data).hexdigest(),
        notices=tuple((lc, text) for lc, text in parsed.notices if lc != locale),
    )


def read_history(
    repo_path: str | Path,
    *,
    prefix: str = "policy/",
    root: str = "policy",
    locales: Iterable[str] = ("en", "th"),
    today: datetime.date | None = None,
    known_on: datetime.date | None = None,
    require_signed: bool = False,
) -> History:
    """Read releases and per-document revisions from git objects; problems are collected.

    With `known_on` (a build's as-of day), releases dated after it are left out, as if their
    tags did not exist yet: a site as of a day shows what was known on that day. With `today`
    (in the site's time zone), a release dated after it that is still read is an error; with
    `require_signed`, so is an unsigned release tag.
    """
    locales = tuple(locales)
    repo = open_repo(repo_path)
    problems: list[Problem] = []
    try:
        shallow = repo.git.rev_parse("--is-shallow-repository") == "true"
    except git.GitCommandError:
        shallow = False
    if shallow:
        raise HistoryError(
            "this is a shallow clone: earlier releases cannot be read; fetch the full history "
            "and tags (git fetch --unshallow --tags; in CI, actions/checkout with fetch-depth: 0)"
        )
    releases, tag_problems = read_releases(repo, prefix, known_on)
    problems.extend(tag_problems)
    problems.extend(backward_releases(repo, releases))
    if today is not None:
        problems.extend(future_releases(releases, today))
    if require_signed:
        problems.extend(unsigned_releases(releases))

    # Which blob each file has at each release; contents are read once per distinct blob.
    reader = Trees(repo)
    reader.read_ahead((r.commit for r in releases), root)
    refused: set[tuple[str, str]] = set()  # an entry kept over many releases is reported once
    trees: list[tuple[Release, dict[str, str]]] = []
    for release in releases:
        try:
            files, refusals = tree_files(reader, release.commit, root, locales)
        except BadTree as exc:
            problems.append(Problem(f"tag {release.tag}", f"{exc}; release from a sound commit"))
            continue
        for path, oid, message in refusals:
            if (path, oid) not in refused:
                refused.add((path, oid))
                problems.append(Problem(f"tag {release.tag}: {shown(path)}", message))
        if files is None:
            if not refusals:
                problems.append(Problem(f"tag {release.tag}", f"its commit has no {root}/ folder"))
            continue
        for name in files:
            locale = name.split("/", 1)[0]
            if locale not in locales:
                problems.append(
                    Problem(
                        f"tag {release.tag}",
                        f"{shown(f'{root}/{locale}')}/ is not a configured locale",
                    )
                )
        trees.append((release, {k: v for k, v in files.items() if k.split("/")[0] in locales}))

    revisions: dict[tuple[str, str], list[Revision]] = {}
    withdrawn: dict[tuple[str, str], Release | None] = {}
    previous: dict[str, str] = {}
    contents: dict[str, Revision | None] = {}
    reader.load(blob for _, files in trees for blob in files.values())
    for release, files in trees:
        for name, blob in sorted(files.items()):
            if previous.get(name) == blob:
                continue
            locale, filename = name.split("/", 1)
            key = (filename.removesuffix(".md"), locale)
            problem = name_problem(key[0])
            if problem:
                problems.append(Problem(f"tag {release.tag}: {shown(f'{root}/{name}')}", problem))
                continue
            data = reader.read(blob)
            rev = parse_revision(
                key[0], locale, f"{root}/{name}", release, data, problems, f"tag {release.tag}: "
            )
            contents[blob] = rev
            if rev is not None:
                problems.extend(far_effective(rev, release.date, f"tag {release.tag}: "))
                revisions.setdefault(key, []).append(rev)
                withdrawn[key] = None
        for name in previous.keys() - files.keys():
            locale, filename = name.split("/", 1)
            withdrawn[(filename.removesuffix(".md"), locale)] = release
        previous = files
    problems.extend(silent_releases(trees))

    documents = {
        key: DocumentHistory(key[0], key[1], tuple(revs), withdrawn.get(key))
        for key, revs in revisions.items()
    }
    return History(tuple(releases), documents, locales, tuple(problems))


@dataclass(frozen=True)
class Sources:
    """Where a policy history is read from: a repository's policy folder and its release tags."""

    repo: Path  # the git repository's top folder
    policy_dir: str  # the policy folder (<locale>/<doc>.md), from the repository's top
    tag_prefix: str
    locales: tuple[str, ...]  # the first is authoritative
    require_signed: bool = False  # `require_signed_tags`: an unsigned release is an error
    # The site's Markdown extensions, as `mkdocs.yml` names them, and their settings: how the
    # policy text is read (`markdown_lint` renders it so, to compare the numbers of its lists).
    markdown_extensions: tuple[str, ...] = ()
    markdown_configs: Mapping[str, Mapping[str, object]] = field(
        default_factory=dict, hash=False, compare=False
    )

    def read(
        self, today: datetime.date | None = None, as_of: datetime.date | None = None
    ) -> History:
        """The released history (`read_history`) as known on `as_of`: with `as_of` before
        `today`, releases dated after it are left out (as if their tags did not exist yet);
        otherwise a release dated after `today` is an error."""
        known = as_of is not None and today is not None and as_of < today
        return read_history(
            self.repo,
            prefix=self.tag_prefix,
            root=self.policy_dir,
            locales=self.locales,
            today=today,
            known_on=as_of if known else None,
            require_signed=self.require_signed,
        )
