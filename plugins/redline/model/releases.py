"""The rules a sequence of releases keeps: document names that can be URLs, releases that only
move forward and are not dated after today, effective dates that are plausible, no empty release."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

import git

from .history import HistoryError, Problem, Release, Revision
from .urls import RESERVED_NAMES

_DOC_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")  # it becomes a URL segment


def name_problem(doc: str) -> str | None:
    """Why `doc`, a policy file's name without `.md`, cannot name a document (None if it can)."""
    if not _DOC_NAME.fullmatch(doc):
        return (
            "name policy files with lowercase letters, digits and hyphens (privacy-policy.md); "
            "the name is the page's URL"
        )
    if doc in RESERVED_NAMES:
        return (
            f"'{doc}' is a name the site uses for its own pages "
            f"({', '.join(sorted(RESERVED_NAMES))}); rename the file, e.g. {doc}-policy.md"
        )
    return None


#: No release is dated before this: such a date is a typo (`0001-01-01`, a year of two digits).
EARLIEST_RELEASE = datetime.date(1990, 1, 1)


def early_release(day: datetime.date, first_commit: datetime.date | None) -> str:
    """Why a release dated `day` is too early, or '': before `EARLIEST_RELEASE`, or before
    `first_commit`, the day of the repository's first commit (None: not checked).

    The caller gives no `first_commit` for a repository's first release: adopting Redline, the
    policy already in force is released with its real date, before the repository existed.
    """
    if day < EARLIEST_RELEASE:
        return f"{day} is before {EARLIEST_RELEASE}; no release is dated that early: check the year"
    if first_commit is not None and day < first_commit:
        return (
            f"{day} is before the repository's first commit ({first_commit}); only the first "
            "release (the policy already in force when Redline was adopted) and redline import "
            "date releases before it: check the date"
        )
    return ""


def unsigned_releases(releases: Iterable[Release]) -> list[Problem]:
    """Errors for release tags without a signature, where the site requires signed tags
    (`require_signed_tags`). Whether a signature is valid is git's to check (`git tag -v`)."""
    return [
        Problem(
            f"tag {r.tag}",
            "the tag is not signed and this repository requires signed release tags "
            "(require_signed_tags); release with redline release --sign",
        )
        for r in releases
        if not r.signed
    ]


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
    return [
        Problem(
            f"{where}{rev.path}:{_effective_line(rev) or 1}",
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


def _effective_line(rev: Revision) -> int:
    """The line of `rev`'s `effective:` field; 0 when it has none (its date is the release's)."""
    found = re.search(r"^effective\s*:", rev.source, re.M)
    return rev.source[: found.start()].count("\n") + 1 if found else 0


def stale_effective(
    draft: Revision,
    released: Revision | None,
    today: datetime.date,
    last_release: datetime.date | None,
) -> list[Problem]:
    """A warning when the release of `draft` (a working file that differs from its last
    release `released`) would be refused by `retroactive`: released today at the earliest,
    and after the last release tag's date, it must not take effect before that day.

    The trap it catches: a draft that keeps the released revision's `effective` (as a file
    written by `redline import` does) passes every other check until `redline release`.
    """
    line = _effective_line(draft)
    if not line:  # no `effective:`: the draft takes effect on the day it is released
        return []
    day = today
    if last_release is not None:
        day = max(day, last_release + datetime.timedelta(days=1))
    if not retroactive(draft.path, draft.effective, day):
        return []
    if released is not None and draft.effective == released.effective:
        message = (
            f"effective {draft.effective} is the released revision's; set the date this "
            f"revision takes effect ({day} or later)"
        )
    else:
        message = (
            f"effective {draft.effective} is before {day}, the earliest day this revision can "
            "be released; set the date this revision takes effect"
        )
    return [
        Problem(
            f"{draft.path}:{line}",
            f"{message}: 'redline release' refuses a revision in force before its date",
            "warning",
        )
    ]


#: The severity of a warning about a released tag: reported, but it never fails `--strict`.
RELEASED = "released"
_IN_A_TAG = re.compile(r"tag [^:]+: [^:]+:\d+$")


def released_with(problems: Iterable[Problem]) -> list[Problem]:
    """`problems`, each warning about a file of a released tag made a RELEASED note saying
    "released with …": a tag never moves, so the warning can no longer be fixed there, and
    `redline check --strict` gates the next release, not the history (docs/ARCHITECTURE.md)."""
    out = []
    for p in problems:
        if p.severity != "warning" or not _IN_A_TAG.fullmatch(p.where):
            out.append(p)
        elif p.message.startswith("released with "):
            out.append(Problem(p.where, p.message, RELEASED))
        else:
            out.append(
                Problem(
                    p.where,
                    f"released with a warning (a tag never moves, so it no longer fails "
                    f"--strict; heed it in the next revision): {p.message}",
                    RELEASED,
                )
            )
    return out


#: How long asking the remote `origin` for its release tags may take, in seconds.
REMOTE_TIMEOUT = 60


def published_tags(repo: git.Repo, prefix: str) -> list[str] | None:
    """The release tags (`<prefix>YYYY-MM-DD`) on the remote `origin`, sorted; None when the
    repository has no remote `origin`.

    The rule for "published" (README, Releases): a repository is published once a release tag
    is on `origin`, where the publishing workflow builds from. Raises HistoryError when
    `origin` cannot be asked.
    """
    if "origin" not in [remote.name for remote in repo.remotes]:
        return None
    try:
        out = str(repo.git.ls_remote("--tags", "origin", kill_after_timeout=REMOTE_TIMEOUT))
    except git.GitCommandError as exc:
        raise HistoryError(
            f"cannot ask the remote origin for its release tags ({_first_line(exc.stderr)}); "
            "whether the site was published decides whether a release may be back-dated"
        ) from None
    found = set()
    for line in out.splitlines():
        ref = line.split("\t", 1)[-1].removesuffix("^{}")
        tag = ref.removeprefix("refs/tags/")
        if tag.startswith(prefix) and _DAY.fullmatch(tag.removeprefix(prefix)):
            found.add(tag)
    return sorted(found)


_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _first_line(text: str | bytes | None) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    lines = (text or "").strip().splitlines()
    return lines[-1].strip() if lines else "git ls-remote failed"


def retroactive(path: str, effective: datetime.date, day: datetime.date) -> str:
    """Why a new release on `day` may not carry `path` effective from `effective`, or ''.

    A revision in force before the day it is released would change what the site said was in
    force on days already published; historical tags keep only a warning (`parse_revision`).
    """
    if effective >= day:
        return ""
    return (
        f"{path}: effective date {effective} is before the revision date {day}: a release "
        "cannot put text in force on days already published; set effective to the release "
        "date or later"
    )
