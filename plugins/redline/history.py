"""Revision history of the policies, read from git objects (never the working tree).

A release is an annotated tag `<prefix>YYYY-MM-DD`; a revision of a document in a locale is a
release at which that file's blob differs from the previous release (or first appears).
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import git

from . import frontmatter

_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DOC_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")  # it becomes a URL segment
_SIGNATURE = re.compile(r"^-----BEGIN (PGP|SSH) SIGNATURE-----.*", re.M | re.S)


class HistoryError(Exception):
    """The repository cannot be read as a policy history; the message says how to fix it."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the repository, located by file and line or by tag."""

    where: str  # "policy/en/x.md:3" or "tag policy/2023-07-03" or "policy/en"
    message: str
    severity: str = "error"  # "error" | "warning"

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True)
class Release:
    """An annotated release tag: its date is the revision date, its message the summary."""

    tag: str
    date: datetime.date
    summary: str
    commit: str


@dataclass(frozen=True)
class Revision:
    """One document in one locale as released (or, with `release` None, as drafted)."""

    doc: str
    locale: str
    path: str
    release: Release | None
    blob: str
    source: str  # the whole file as released, front matter included
    title: str
    effective: datetime.date
    notice: str | None
    body: str
    body_line: int
    sha256: str

    @property
    def date(self) -> datetime.date:
        """The revision date (the release's; a draft's is its effective date)."""
        return self.release.date if self.release else self.effective

    @property
    def is_draft(self) -> bool:
        """True for the working tree's unreleased text."""
        return self.release is None

    @property
    def slug(self) -> str:
        """The URL segment of this revision: its ISO date, or `draft`."""
        return "draft" if self.release is None else self.release.date.isoformat()


@dataclass(frozen=True)
class DocumentHistory:
    """Every revision of one document in one locale, oldest first."""

    doc: str
    locale: str
    revisions: tuple[Revision, ...]
    withdrawn: Release | None = None  # the release at which the file was deleted
    # Answers already computed: templates ask the same questions on every page, and each
    # answer scans the revisions (quadratic over a long history without this).
    _memo: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def in_force(self, as_of: datetime.date) -> Revision | None:
        """The newest released revision effective on `as_of` (None if withdrawn or none yet)."""
        key = ("in_force", as_of)
        if key not in self._memo:
            current = None
            if not (self.withdrawn and self.withdrawn.date <= as_of):
                for rev in self.revisions:
                    if rev.release and rev.release.date <= as_of and rev.effective <= as_of:
                        current = rev
            self._memo[key] = current
        return cast(Revision | None, self._memo[key])

    def upcoming(self, as_of: datetime.date) -> tuple[Revision, ...]:
        """Released revisions newer than the text in force that take effect after `as_of`."""
        key = ("upcoming", as_of)
        if key not in self._memo:
            current = self.in_force(as_of)
            after = current.release.date if current and current.release else datetime.date.min
            self._memo[key] = tuple(
                r
                for r in self.revisions
                if r.release and r.release.date > after and r.effective > as_of
            )
        return cast(tuple[Revision, ...], self._memo[key])

    def previous(self, rev: Revision) -> Revision | None:
        """The revision released before `rev`."""
        if "index" not in self._memo:
            self._memo["index"] = {id(r): i for i, r in enumerate(self.revisions)}
        index = self._memo["index"][id(rev)]
        return self.revisions[index - 1] if index > 0 else None

    def by_slug(self, slug: str) -> Revision | None:
        """The revision whose URL segment is `slug`."""
        return next((r for r in self.revisions if r.slug == slug), None)

    def status(self, rev: Revision, as_of: datetime.date) -> str:
        """`in-force`, `upcoming`, `archived`, `withdrawn` or `draft` for `rev` on `as_of`."""
        if rev.is_draft:
            return "draft"
        if rev is self.in_force(as_of):
            return "in-force"
        if any(r is rev for r in self.upcoming(as_of)):
            return "upcoming"
        if self.withdrawn and rev is self.revisions[-1]:
            return "withdrawn"
        return "archived"


@dataclass(frozen=True)
class History:
    """All releases and, per (document, locale), the document's revisions."""

    releases: tuple[Release, ...]
    documents: Mapping[tuple[str, str], DocumentHistory]
    locales: tuple[str, ...]
    problems: tuple[Problem, ...] = field(default=())
    _memo: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def default_locale(self) -> str:
        """The authoritative locale (the first configured)."""
        return self.locales[0]

    def docs(self) -> tuple[str, ...]:
        """Document names, in a stable order (the authoritative locale's first)."""
        if "docs" not in self._memo:
            names: list[str] = []
            for locale in self.locales:
                for doc, lc in sorted(self.documents):
                    if lc == locale and doc not in names:
                        names.append(doc)
            self._memo["docs"] = tuple(names)
        return cast(tuple[str, ...], self._memo["docs"])

    def get(self, doc: str, locale: str) -> DocumentHistory | None:
        """The history of `doc` in `locale`, if it exists."""
        return self.documents.get((doc, locale))

    def lags(self, rev: Revision, on: datetime.date) -> Revision | None:
        """The newer authoritative revision that translation `rev` had not caught up with on `on`.

        A translation lags when the authoritative text in force on `on` was released after the
        release that produced the translation.
        """
        if rev.locale == self.default_locale or rev.release is None:
            return None
        source = self.get(rev.doc, self.default_locale)
        if source is None:
            return None
        # Against the authoritative text in force then: an upcoming English revision does not
        # make the translation in force lag before it takes effect.
        newest = source.in_force(on)
        if newest and newest.release and newest.release.date > rev.release.date:
            return cast(Revision, newest)
        return None

    def errors(self) -> tuple[Problem, ...]:
        """The problems of severity `error`."""
        return tuple(p for p in self.problems if p.severity == "error")


_NAME_RULE = "name policy files with lowercase letters, digits and hyphens (privacy-policy.md)"


def blob_id(data: bytes) -> str:
    """The git blob id of `data` (what `git hash-object` prints), without running git."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def open_repo(path: str | Path) -> git.Repo:
    """Open the git repository containing `path`, or raise HistoryError saying what to do."""
    try:
        return git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise HistoryError(
            f"{path}: not a git repository; the policy history is read from git tags "
            "(run 'git init' and tag a release with 'redline release YYYY-MM-DD')"
        ) from None


def read_releases(repo: git.Repo, prefix: str) -> tuple[list[Release], list[Problem]]:
    """Read every release tag in one `git for-each-ref` call."""
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
        where = f"tag {tag}"
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
        if objtype != "tag":
            problems.append(
                Problem(
                    where,
                    "lightweight tag; a release must be an annotated tag with a summary: "
                    f"git tag -a -f {tag} -m 'summary' {tag}",
                )
            )
            continue
        if peeled_type != "commit":
            problems.append(Problem(where, f"points at a {peeled_type}, not a commit"))
            continue
        summary = _SIGNATURE.sub("", contents).strip()
        releases.append(Release(tag=tag, date=date, summary=summary, commit=peeled))
    releases.sort(key=lambda r: r.date)
    return releases, problems


def _tree_files(repo: git.Repo, commit: str, root: str) -> dict[str, str] | None:
    """Map `<locale>/<doc>.md` to blob ids for one commit, or None without a `root` folder."""
    try:
        tree = repo.commit(commit).tree / root
    except KeyError:
        return None
    files: dict[str, str] = {}
    for locale_tree in tree.trees:
        for blob in locale_tree.blobs:
            if blob.name.endswith(".md"):
                files[f"{locale_tree.name}/{blob.name}"] = blob.hexsha
    return files


def _revision(
    doc: str,
    locale: str,
    path: str,
    release: Release | None,
    data: bytes,
    problems: list[Problem],
    where: str,
    draft_date: datetime.date | None = None,
) -> Revision | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(Problem(f"{where}{path}:{line}", "not UTF-8 text; save the file as UTF-8"))
        return None
    try:
        parsed = frontmatter.parse(text)
    except frontmatter.FrontMatterError as exc:
        problems.append(Problem(f"{where}{path}:{exc.line}", exc.message))
        return None
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
        notice=parsed.notice,
        body=parsed.body,
        body_line=parsed.body_line,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def read_history(
    repo_path: str | Path,
    *,
    prefix: str = "policy/",
    root: str = "policy",
    locales: Iterable[str] = ("en", "th"),
    today: datetime.date | None = None,
) -> History:
    """Read releases and per-document revisions from git objects; problems are collected.

    With `today` (in the site's time zone), a release dated after it is an error.
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
    releases, tag_problems = read_releases(repo, prefix)
    problems.extend(tag_problems)
    problems.extend(backward_releases(repo, releases))
    if today is not None:
        problems.extend(future_releases(releases, today))

    # Which blob each file has at each release; contents are read once per distinct blob.
    trees: list[tuple[Release, dict[str, str]]] = []
    for release in releases:
        files = _tree_files(repo, release.commit, root)
        if files is None:
            problems.append(Problem(f"tag {release.tag}", f"its commit has no {root}/ folder"))
            continue
        for name in files:
            locale = name.split("/", 1)[0]
            if locale not in locales:
                problems.append(
                    Problem(f"tag {release.tag}", f"{root}/{locale}/ is not a configured locale")
                )
        trees.append((release, {k: v for k, v in files.items() if k.split("/")[0] in locales}))

    revisions: dict[tuple[str, str], list[Revision]] = {}
    withdrawn: dict[tuple[str, str], Release | None] = {}
    previous: dict[str, str] = {}
    contents: dict[str, Revision | None] = {}
    for release, files in trees:
        for name, blob in sorted(files.items()):
            if previous.get(name) == blob:
                continue
            locale, filename = name.split("/", 1)
            key = (filename.removesuffix(".md"), locale)
            if not _DOC_NAME.fullmatch(key[0]):
                problems.append(Problem(f"tag {release.tag}: {root}/{name}", _NAME_RULE))
                continue
            data = repo.odb.stream(bytes.fromhex(blob)).read()
            rev = _revision(
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


def backward_releases(repo: git.Repo, releases: list[Release]) -> list[Problem]:
    """Errors for releases whose commit does not contain the previous release's commit.

    Releases only move forward: a release made from a stale branch would put older text in force.
    One `git rev-list` over the history of every release commit answers every pair (a `git
    merge-base --is-ancestor` per pair costs a process each).
    """
    commits = sorted({r.commit for r in releases})
    if len(commits) < 2:
        return []
    bit = {commit: 1 << i for i, commit in enumerate(commits)}
    # Parents come before their children: each commit's mask is the set of release commits
    # it contains, itself included.
    contains: dict[str, int] = {}
    out = repo.git.rev_list("--topo-order", "--reverse", "--parents", *commits)
    for line in out.splitlines():
        commit, *parents = line.split()
        mask = bit.get(commit, 0)
        for parent in parents:
            mask |= contains.get(parent, 0)
        contains[commit] = mask
    problems = []
    for before, release in zip(releases, releases[1:], strict=False):
        if not contains.get(release.commit, 0) & bit[before.commit]:
            problems.append(
                Problem(
                    f"tag {release.tag}",
                    f"its commit {release.commit[:12]} does not contain the previous release "
                    f"{before.tag} ({before.commit[:12]}), so it may put older text in force; "
                    f"delete the tag (git tag -d {release.tag}) and release again from a branch "
                    f"that contains {before.tag} (git merge {before.tag})",
                )
            )
    return problems


def future_releases(releases: Iterable[Release], today: datetime.date) -> list[Problem]:
    """Errors for releases dated after `today`: a mistyped year would block every later release.

    A build stops on them, so such a tag is never published and deleting it loses nothing.
    """
    return [
        Problem(
            f"tag {r.tag}",
            f"dated after today ({today} in the site's time zone); a release is dated on or "
            f"before the day it is made: delete the tag (git tag -d {r.tag}; "
            f"git push origin :refs/tags/{r.tag}) and tag the release with its real date",
        )
        for r in releases
        if r.date > today
    ]


#: An effective date further than this after the revision date is most likely a mistyped year.
EFFECTIVE_BOUND_YEARS = 1


def far_effective(
    rev: Revision, revision_date: datetime.date, where: str = "", since: str = "the revision date"
) -> list[Problem]:
    """A warning when `rev` takes effect more than a year after `revision_date` (named `since`).

    Only a warning: a law's transition period can be that long, and the site is right either
    way (the revision is announced as upcoming until then).
    """
    try:
        bound = revision_date.replace(year=revision_date.year + EFFECTIVE_BOUND_YEARS)
    except ValueError:  # 29 February
        bound = revision_date.replace(year=revision_date.year + EFFECTIVE_BOUND_YEARS, day=28)
    if rev.effective <= bound:
        return []
    found = re.search(r"^effective\s*:", rev.source, re.M)
    line = rev.source[: found.start()].count("\n") + 1 if found else 1
    return [
        Problem(
            f"{where}{rev.path}:{line}",
            f"effective date {rev.effective} is more than a year after {since} "
            f"{revision_date}; check the year (the site announces the change for that day)",
            "warning",
        )
    ]


def silent_releases(trees: list[tuple[Release, dict[str, str]]]) -> list[Problem]:
    """Warnings for releases that change no policy file: they add no revision and show nowhere.

    A warning, not an error: the site is right without them, and an error would stop every later
    publication over a tag that readers never see.
    """
    problems = []
    for (before, old), (release, files) in zip(trees, trees[1:], strict=False):
        if files != old:
            continue
        if release.commit == before.commit:
            what = f"tags the same commit as {before.tag}"
        else:
            what = f"changes no policy file since {before.tag}"
        problems.append(
            Problem(
                f"tag {release.tag}",
                f"{what}: it adds no revision and shows nowhere on the site; "
                f"delete it (git tag -d {release.tag}), nothing published is lost",
                "warning",
            )
        )
    return problems


def working_tree_files(repo_path: str | Path, root: str, locales: Iterable[str]) -> Iterator[Path]:
    """The policy files of the working tree (read only, for drafts and checks)."""
    base = Path(repo_path) / root
    for locale in locales:
        folder = base / locale
        if folder.is_dir():
            yield from sorted(folder.glob("*.md"))


def with_drafts(
    history: History, repo_path: str | Path, as_of: datetime.date, root: str = "policy"
) -> History:
    """`history` plus a draft revision for every working-tree file that differs from its release.

    The working tree is only read, never written.
    """
    problems = list(history.problems)
    documents = dict(history.documents)
    for path in working_tree_files(repo_path, root, history.locales):
        locale, doc = path.parent.name, path.stem
        if not _DOC_NAME.fullmatch(doc):
            problems.append(Problem(f"{root}/{locale}/{path.name}", _NAME_RULE))
            continue
        data = path.read_bytes()
        current = documents.get((doc, locale))
        released = current.revisions[-1] if current and current.revisions else None
        if released and released.blob == blob_id(data) and not (current and current.withdrawn):
            continue
        rel = f"{root}/{locale}/{path.name}"
        draft = _revision(doc, locale, rel, None, data, problems, "", draft_date=as_of)
        if draft is None:
            continue
        old = current.revisions if current else ()
        documents[(doc, locale)] = DocumentHistory(doc, locale, (*old, draft), None)
    return History(history.releases, documents, history.locales, tuple(problems))
