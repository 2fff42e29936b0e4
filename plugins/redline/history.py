"""Revision history of the policies, read from git objects (never the working tree).

A release is an annotated tag `<prefix>YYYY-MM-DD`; a revision of a document in a locale is a
release at which that file's blob differs from the previous release (or first appears).
"""

from __future__ import annotations

import bisect
import datetime
import functools
import hashlib
import os
import re
import stat
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import git

from . import frontmatter, urls

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
    source: str  # the whole file's text (frontmatter.decode), front matter included
    title: str
    effective: datetime.date
    notice: str | None
    body: str
    body_line: int
    sha256: str
    # Notices for the readers of other locales, from `notice: {en: ..., th: ...}`: what an
    # authoritative revision tells the locales whose translation it leaves behind.
    notices: tuple[tuple[str, str], ...] = ()

    def notice_for(self, locale: str) -> str | None:
        """The notice of this revision for readers of `locale` (its own notice in its own)."""
        if locale == self.locale:
            return self.notice
        return dict(self.notices).get(locale)

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
        return urls.DRAFT if self.release is None else self.release.date.isoformat()


@dataclass(frozen=True)
class DocumentHistory:
    """Every revision of one document in one locale, oldest first.

    Plain data: what is in force, upcoming or lagging on a date is the Timeline's question.
    """

    doc: str
    locale: str
    revisions: tuple[Revision, ...]
    withdrawn: Release | None = None  # the release at which the file was deleted

    def by_slug(self, slug: str) -> Revision | None:
        """The revision whose URL segment is `slug`."""
        return self._slugs.get(slug)

    def released_by(self, day: datetime.date) -> Revision | None:
        """The newest released revision released on or before `day` (whatever its effective
        date)."""
        released, days = self._released
        at = bisect.bisect_right(days, day)
        return released[at - 1] if at else None

    @functools.cached_property
    def _released(self) -> tuple[tuple[Revision, ...], list[datetime.date]]:
        # The released revisions (oldest first) and their dates, for `bisect`.
        released = tuple(r for r in self.revisions if r.release)
        return released, [r.date for r in released]

    @functools.cached_property
    def _slugs(self) -> dict[str, Revision]:
        # Asked for every page's language switch: a dict, not a scan (not a field: no effect
        # on equality or hash).
        return {r.slug: r for r in self.revisions}


@dataclass(frozen=True)
class History:
    """All releases and, per (document, locale), the document's revisions."""

    releases: tuple[Release, ...]
    documents: Mapping[tuple[str, str], DocumentHistory]
    locales: tuple[str, ...]
    problems: tuple[Problem, ...] = field(default=())

    @property
    def default_locale(self) -> str:
        """The authoritative locale (the first configured)."""
        return self.locales[0]

    def docs(self) -> tuple[str, ...]:
        """Document names, in a stable order (the authoritative locale's first)."""
        names: dict[str, None] = {}  # an ordered set
        for locale in self.locales:
            for doc, lc in sorted(self.documents):
                if lc == locale:
                    names.setdefault(doc)
        return tuple(names)

    def get(self, doc: str, locale: str) -> DocumentHistory | None:
        """The history of `doc` in `locale`, if it exists."""
        return self.documents.get((doc, locale))

    def errors(self) -> tuple[Problem, ...]:
        """The problems of severity `error`."""
        return tuple(p for p in self.problems if p.severity == "error")


def name_problem(doc: str) -> str | None:
    """Why `doc`, a policy file's name without `.md`, cannot name a document (None if it can)."""
    if not _DOC_NAME.fullmatch(doc):
        return (
            "name policy files with lowercase letters, digits and hyphens (privacy-policy.md); "
            "the name is the page's URL"
        )
    if doc in urls.RESERVED_NAMES:
        return (
            f"'{doc}' is a name the site uses for its own pages "
            f"({', '.join(sorted(urls.RESERVED_NAMES))}); rename the file, e.g. {doc}-policy.md"
        )
    return None


def shown(path: str) -> str:
    """`path` printable on one line: undecodable bytes and control characters escaped.

    File names are any bytes but `/` and NUL; a problem naming one must still print.
    """
    try:
        raw = path.encode("utf-8", "surrogateescape")  # os's names carry bytes this way
    except UnicodeEncodeError:
        raw = path.encode("utf-8", "backslashreplace")
    text = raw.decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


_LINK = (
    "a symbolic link, which is never followed (policy text must be in the repository); "
    "replace the link with the file or folder itself"
)


def _is_text(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


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
        summary = _SIGNATURE.sub("", contents).strip()
        if not _is_text(summary):  # GitPython keeps bytes that are not UTF-8 as surrogates
            problems.append(
                Problem(
                    where,
                    "the tag message is not UTF-8 text; tag again with a UTF-8 summary: "
                    f"git tag -a -f {tag} -m 'summary' {tag}^{{}}",
                )
            )
            continue
        releases.append(Release(tag=tag, date=date, summary=summary, commit=peeled))
    releases.sort(key=lambda r: r.date)
    return releases, problems


# Entry kinds of a git tree: the file type bits of the entry's mode (`mode >> 12`).
_TREE, _FILE, _SYMLINK, _SUBMODULE = 0o04, 0o10, 0o12, 0o16
_KIND = {_TREE: "a folder", _FILE: "a file", _SYMLINK: "a symbolic link", _SUBMODULE: "a submodule"}
_NOT_A_FILE = "not a policy file; rename it (policies are files named <name>.md)"


def _kind(kind: int) -> str:
    return _KIND.get(kind, "an entry of an unknown kind")


class BadTree(Exception):
    """A tree object that git itself would flag: a malformed entry, or two entries of one name."""


class _Trees:
    """The tree objects of one repository, read through its object database, each once.

    GitPython's tree parser raises on a whole tree for a single entry name that a checkout would
    refuse (`..`, `.git`); git stores such trees all the same (`git mktree`), and a reader must
    report them, not fail. So the plain format, `<mode> <name>NUL<20-byte id>` per entry, is
    read here.
    """

    def __init__(self, repo: git.Repo) -> None:
        self.repo = repo
        self.memo: dict[str, list[tuple[int, str, str]]] = {}
        self.loaded: dict[str, bytes] = {}  # objects read ahead (`load`), by id

    def load(self, oids: Iterable[str]) -> None:
        """Read the objects `oids` ahead, in one `git cat-file --batch` process.

        GitPython's object database asks its `cat-file` process for one object at a time and
        waits for each answer: at 400 releases, some 3000 round trips, a second of a build.
        Handing git every id of one level of the trees at once leaves one.
        """
        wanted = sorted(set(oids) - self.loaded.keys() - self.memo.keys())
        if not wanted:
            return
        try:
            out = subprocess.run(
                [git.Git.GIT_PYTHON_GIT_EXECUTABLE or "git", "cat-file", "--batch", "--buffer"],
                cwd=self.repo.git_dir,
                input="".join(f"{oid}\n" for oid in wanted).encode("ascii"),
                capture_output=True,
                check=True,
            ).stdout
        except (OSError, subprocess.CalledProcessError):
            return  # each object is read on its own then, and its problem reported there
        at = 0
        while at < len(out):
            end = out.find(b"\n", at)
            header = out[at:end].split() if end >= 0 else []
            if end < 0 or (len(header) == 3 and not header[2].isdigit()):
                return  # not git's batch format: what is not loaded is read on its own
            if len(header) != 3:  # `<id> missing`: left to the reading that reports it
                at = end + 1
                continue
            size = int(header[2])
            if out[end + 1 + size : end + 2 + size] != b"\n":
                return  # cut short: what is not loaded is read on its own
            self.loaded[header[0].decode("ascii", "replace")] = out[end + 1 : end + 1 + size]
            at = end + 1 + size + 1

    def read(self, oid: str) -> bytes:
        """The content of object `oid` (read ahead, else from the object database)."""
        found = self.loaded.pop(oid, None)
        return found if found is not None else self.repo.odb.stream(bytes.fromhex(oid)).read()

    def tree_of(self, commit: str) -> str:
        """The id of the tree of `commit`."""
        data = self.loaded.get(commit)
        if data is not None and data.startswith(b"tree "):
            return data[5:45].decode("ascii")
        return str(self.repo.commit(commit).tree.hexsha)

    def read_ahead(self, commits: Iterable[str], root: str) -> None:
        """Load what `_tree_files` reads for `commits`, one level of the trees at a time: the
        commits, the trees down to `root`, and every folder beneath it."""
        commits = list(commits)
        self.load(commits)
        level = {self.tree_of(commit) for commit in commits}
        for part in PurePosixPath(root).parts:
            self.load(level)
            level = {oid for tree in level for k, n, oid in self._safe(tree) if n == part}
        while level:
            self.load(level)
            level = {oid for tree in level for k, _, oid in self._safe(tree) if k == _TREE}

    def _safe(self, tree: str) -> list[tuple[int, str, str]]:
        # Reading ahead reports nothing: a bad tree is reported where it is read for a release.
        try:
            return self.entries(tree)
        except (BadTree, ValueError, git.GitError):
            return []

    def entries(self, tree: str) -> list[tuple[int, str, str]]:
        """(kind, name, object id) of each entry of `tree`; undecodable name bytes escaped."""
        if tree not in self.memo:
            data = self.read(tree)
            found = []
            seen: set[str] = set()
            at = 0
            while at < len(data):
                try:
                    space = data.index(b" ", at)
                    end = data.index(b"\0", space)
                    mode = int(data[at:space], 8)
                except ValueError:
                    raise BadTree(f"tree {tree[:12]} is malformed (git fsck reports it)") from None
                name = data[space + 1 : end].decode("utf-8", "backslashreplace")
                if name in seen or end + 21 > len(data):
                    # Git reads the first of two equal names, a checkout writes the last: the
                    # text published must be the one `git show <tag>:<path>` gives, so neither.
                    what = f"two entries named {shown(name)}" if name in seen else "a cut entry"
                    raise BadTree(f"tree {tree[:12]} has {what} (git fsck reports it)")
                seen.add(name)
                found.append((mode >> 12, name, data[end + 1 : end + 21].hex()))
                at = end + 21
            self.memo[tree] = found
        return self.memo[tree]

    def links(self, tree: str) -> list[tuple[str, str]]:
        """(path inside `tree`, object id) of every symbolic link anywhere in `tree`."""
        found: list[tuple[str, str]] = []
        stack = [("", tree)]
        walked: set[str] = set()  # a subtree repeated under several names is walked once
        while stack:
            prefix, oid = stack.pop()
            for kind, name, sub in self.entries(oid):
                if kind == _SYMLINK:
                    found.append((prefix + name, sub))
                elif kind == _TREE and sub not in walked:
                    walked.add(sub)
                    stack.append((f"{prefix}{name}/", sub))
        return sorted(found)


def _tree_files(
    trees: _Trees, commit: str, root: str, locales: tuple[str, ...]
) -> tuple[dict[str, str] | None, list[tuple[str, str, str]]]:
    """Map `<locale>/<doc>.md` to blob ids for one commit (None without a `root` folder), and
    the entries refused on the way as (path, object id, message). Nothing is followed."""
    oid = trees.tree_of(commit)
    parts = PurePosixPath(root).parts
    for depth, part in enumerate(parts):
        entry = next(((k, o) for k, n, o in trees.entries(oid) if n == part), None)
        if entry is None:
            return None, []
        kind, oid = entry
        if kind != _TREE:
            path = "/".join(parts[: depth + 1])
            what = _LINK if kind == _SYMLINK else f"{_kind(kind)}, not the folder of policies"
            return None, [(path, oid, what)]
    refused = [(f"{root}/{path}", link, _LINK) for path, link in trees.links(oid)]
    files: dict[str, str] = {}
    for kind, locale, locale_tree in trees.entries(oid):
        if kind != _TREE:
            if locale in locales and kind != _SYMLINK:
                refused.append((f"{root}/{locale}", locale_tree, f"{_kind(kind)}, not a folder"))
            continue
        for entry_kind, name, blob in trees.entries(locale_tree):
            if not name.endswith(".md"):
                continue
            if entry_kind == _FILE:
                files[f"{locale}/{name}"] = blob
            elif entry_kind != _SYMLINK:  # links are refused above
                what = f"{_kind(entry_kind)}, {_NOT_A_FILE}"
                refused.append((f"{root}/{locale}/{name}", blob, what))
    return files, refused


def parse_revision(
    doc: str,
    locale: str,
    path: str,
    release: Release | None,
    data: bytes,
    problems: list[Problem],
    where: str,
    draft_date: datetime.date | None = None,
) -> Revision | None:
    """The revision that the file `data` makes, or None with its problems added to `problems`.

    `where` prefixes each problem's location (`tag policy/2023-07-03: `, or empty for drafts).
    """
    try:
        text = frontmatter.decode(data)
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
    reader = _Trees(repo)
    reader.read_ahead((r.commit for r in releases), root)
    refused: set[tuple[str, str]] = set()  # an entry kept over many releases is reported once
    trees: list[tuple[Release, dict[str, str]]] = []
    for release in releases:
        try:
            files, refusals = _tree_files(reader, release.commit, root, locales)
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

    def read(self, today: datetime.date | None = None) -> History:
        """The released history (`read_history`); releases after `today` are errors."""
        return read_history(
            self.repo,
            prefix=self.tag_prefix,
            root=self.policy_dir,
            locales=self.locales,
            today=today,
        )


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


@dataclass(frozen=True)
class SourceFile:
    """A policy file of the working tree, as read."""

    doc: str
    locale: str
    path: str  # from the repository's top, e.g. policy/en/privacy-policy.md
    data: bytes


def _inside(path: Path, repo: Path) -> bool:
    return Path(os.path.realpath(path)).is_relative_to(repo)


def policy_folder_problems(repo_path: str | Path, root: str) -> list[Problem]:
    """Symbolic links in the working tree's policy folder (anywhere under it, the folder itself,
    the folders leading to it), and a policy folder outside the repository: refused, as a
    pull request could point a link at any file of the machine that builds its preview."""
    repo = Path(os.path.realpath(repo_path))
    parts = PurePosixPath(root).parts
    if PurePosixPath(root).is_absolute() or ".." in parts:
        return [Problem(shown(root), "the policy folder must be a folder inside the repository")]
    for depth in range(1, len(parts) + 1):
        rel = "/".join(parts[:depth])
        if (repo / rel).is_symlink():
            return [Problem(shown(rel), _LINK)]
    if not _inside(repo / root, repo):
        return [Problem(shown(root), "the policy folder must be a folder inside the repository")]
    problems = []
    for folder, dirs, names in os.walk(repo / root):  # links to folders are listed, not entered
        dirs.sort()
        for name in sorted(dirs + names):
            path = os.path.join(folder, name)
            if os.path.islink(path):
                problems.append(Problem(shown(os.path.relpath(path, repo)), _LINK))
    return problems


def _read_regular(path: str) -> bytes:
    """The bytes of the regular file `path`, never through a link; OSError otherwise."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    with os.fdopen(os.open(path, flags), "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            raise OSError("not a regular file")
        return file.read()


def working_tree_files(
    repo_path: str | Path, root: str, locales: Iterable[str]
) -> tuple[list[SourceFile], list[Problem]]:
    """The working tree's policy files (read only, for drafts and checks), and the problems of
    the policy folder: links, folders named like policy files, names that cannot be URLs.

    Nothing is read through a symbolic link or from outside the repository.
    """
    repo = Path(os.path.realpath(repo_path))
    problems = policy_folder_problems(repo, root)
    files: list[SourceFile] = []
    for locale in locales:
        folder = repo / root / locale
        if not _inside(folder, repo) or folder.is_symlink() or not folder.is_dir():
            continue
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
        for entry in entries:
            if not entry.name.endswith(".md") or entry.is_symlink():  # links: refused above
                continue
            rel = f"{root}/{locale}/{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                problems.append(Problem(shown(rel), f"a folder, {_NOT_A_FILE}"))
                continue
            doc = entry.name.removesuffix(".md")
            problem = name_problem(doc)
            if problem:
                problems.append(Problem(shown(rel), problem))
                continue
            try:
                data = _read_regular(entry.path)
            except OSError as exc:
                reason = exc.strerror or str(exc)
                problems.append(
                    Problem(shown(rel), f"cannot be read ({reason}); save it as a plain file")
                )
                continue
            files.append(SourceFile(doc, locale, rel, data))
    return files, problems


def with_drafts(
    history: History, repo_path: str | Path, as_of: datetime.date, root: str = "policy"
) -> History:
    """`history` plus a draft revision for every working-tree file that differs from its release.

    The working tree is only read, never written.
    """
    problems = list(history.problems)
    documents = dict(history.documents)
    files, file_problems = working_tree_files(repo_path, root, history.locales)
    problems.extend(file_problems)
    for source in files:
        current = documents.get((source.doc, source.locale))
        released = current.revisions[-1] if current and current.revisions else None
        if (
            released
            and released.blob == blob_id(source.data)
            and not (current and current.withdrawn)
        ):
            continue
        draft = parse_revision(
            source.doc, source.locale, source.path, None, source.data, problems, "", as_of
        )
        if draft is None:
            continue
        old = current.revisions if current else ()
        documents[(source.doc, source.locale)] = DocumentHistory(
            source.doc, source.locale, (*old, draft), None
        )
    return History(history.releases, documents, history.locales, tuple(problems))
