"""`redline release`: check the repository, then tag the release `<prefix>YYYY-MM-DD` at HEAD.

Releases only move forward: a date after today (in the site's time zone) or not after the newest
release, a date before today (the day a release is made is the day it is published: a back-dated
release would change what the site said about days already published; only a repository never
published may import its history with `--backdate`), a revision effective before its release,
a HEAD that does not contain the newest release, a release that changes no policy file,
uncommitted policy changes and an existing tag are refused, and nothing is tagged. The only
thing a release writes is the annotated tag: git runs without optional locks, so not even the
index is refreshed.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from pathlib import Path
from typing import IO

import git

from redline.errors import Refused, UsageError
from redline.model import dates, frontmatter
from redline.model.history import HistoryError, Release
from redline.model.releases import early_release, published_tags, retroactive
from redline.model.repository import Sources, open_repo, tag_message
from redline.plugin import settings
from redline.plugin.settings import SettingsError
from redline.text.invisible import describe, invisible_characters

from .args import Commands, config_option
from .check import run_check


def run_release(
    config_file: Path,
    date: str,
    message: str,
    out: IO[str],
    err: IO[str] | None = None,
    *,
    dry_run: bool = False,
    backdate: bool = False,
    notices: tuple[str, ...] = (),
    sign: bool = False,
) -> int:
    """Check the repository, then create the annotated tag `<prefix><date>` at HEAD (with
    `dry_run`, only say so); returns the exit status. The tag goes to `out`, the check's report
    to `err`; a refusal raises Refused (nothing tagged), wrong arguments UsageError. A date
    before today, or a revision effective before the date, needs `backdate` and a repository
    never published (no release tag on the remote `origin`). `notices` (`LOCALE=TEXT`) become
    the message's `notice[LOCALE]:` lines, what a withdrawal tells each locale; `sign` signs the
    tag (`git tag -s`, with git's own signing settings)."""
    # Every git command of a release, the check's included, runs without optional locks:
    # `git status` and `git diff` would otherwise refresh (rewrite) the index.
    previous = os.environ.get("GIT_OPTIONAL_LOCKS")
    os.environ["GIT_OPTIONAL_LOCKS"] = "0"
    try:
        message = _with_notices(message, notices)
        return _release(config_file, date, message, out, err or out, dry_run, backdate, sign)
    finally:
        if previous is None:
            del os.environ["GIT_OPTIONAL_LOCKS"]
        else:
            os.environ["GIT_OPTIONAL_LOCKS"] = previous


def _with_notices(message: str, notices: tuple[str, ...]) -> str:
    """The tag message: the summary, then one `notice[<locale>]: <text>` line per notice."""
    lines = []
    for given in notices:
        locale, _, text = given.partition("=")
        text = " ".join(text.split())
        if not locale.strip() or not text:
            raise UsageError(f"--notice '{given}': give it as LOCALE=TEXT, e.g. th='...'")
        lines.append(f"notice[{locale.strip()}]: {text}")
    return message.rstrip() + ("\n\n" + "\n".join(lines) if lines else "")


def _release(
    config_file: Path,
    date: str,
    message: str,
    done: IO[str],
    report: IO[str],
    dry_run: bool,
    backdate: bool,
    sign: bool,
) -> int:
    try:
        day = datetime.date.fromisoformat(date)
        if day.isoformat() != date:
            raise ValueError
    except ValueError:
        raise UsageError(f"'{date}' is not a date (YYYY-MM-DD)") from None
    if not message.strip():
        raise UsageError("give the release summary with -m")
    for line, column, char in invisible_characters(message):
        # The summary is the tag's message and the feeds' text: it reads as it is written.
        raise UsageError(
            f"the release summary has the invisible character {describe(char)} at line {line}, "
            f"column {column}; write it again without it"
        )
    try:
        options, sources, today = settings.read(config_file)
    except (SettingsError, HistoryError) as exc:
        raise Refused(f"{config_file}: {exc}") from exc
    if day > today:
        raise Refused(
            f"{date} is after today ({today} in {options.timezone}); a release is dated on or "
            "before the day it is made: check the date"
        )
    repo = open_repo(sources.repo)
    if not repo.head.is_valid():
        raise Refused(
            "nothing is committed yet; commit the policy files first "
            "(git add policy && git commit -m 'First policies')"
        )
    importing = _importing(repo, sources.tag_prefix) if backdate else ""
    if day < today and not importing:
        raise Refused(
            f"{date} is before today ({today} in {options.timezone}): the day a release is made "
            "is the day it is published, and a back-dated release would change what the site "
            f"said about days already published; release with today's date (redline release "
            f"{today} -m ...). Only the history of a repository never published may be "
            "imported with back-dated releases: add --backdate"
        )
    tag = f"{sources.tag_prefix}{date}"
    # Refusals that need only the tag names and the first commit come before the full check.
    # The first release may be dated before the repository: an adopter releases the policy
    # already in force with its real date. A later one may not (see model/releases.py).
    released_before = any(t.name.startswith(sources.tag_prefix) for t in repo.tags)
    first = _first_commit_day(repo, options.timezone) if released_before else None
    refusal = _tag_refusal(repo, sources.tag_prefix, tag, day) or early_release(day, first)
    if refusal:
        raise Refused(f"{refusal}; no tag was created")
    if run_check(config_file, report):
        raise Refused("fix the errors above first; no tag was created")
    # Build output and caches may sit untracked in the repository: only tracked changes and
    # new policy files keep the working tree from being what the tag would release.
    changed = _uncommitted(repo, sources.policy_dir)
    if changed:
        raise Refused(
            f"uncommitted changes in {', '.join(sorted(set(changed)))}; commit them (only "
            "committed text can be released)"
        )
    released = sources.read().releases
    if released:
        refusal = _not_forward(repo, released[-1], day, sources)
        if refusal:
            raise Refused(f"{refusal}; no tag was created")
        _warn_withdrawals(repo, released[-1], message, sources, report)
    if not importing:
        before = _policy_blobs(repo, released[-1].commit, sources) if released else set()
        refusal = _retroactive(repo, _policy_blobs(repo, "HEAD", sources) - before, day)
        if refusal:
            raise Refused(f"{refusal}; no tag was created")
    if sources.require_signed and not sign:
        raise Refused("this repository requires signed release tags; release with --sign")
    at = repo.head.commit.hexsha[:12]
    if dry_run:
        done.write(
            f"redline release: would tag {tag} at {at}{importing} (--dry-run: no tag was created)\n"
        )
        return 0
    try:
        repo.git.tag("-s" if sign else "-a", tag, "-m", message)
    except git.GitCommandError as exc:
        raise Refused(f"git tag failed: {exc.stderr.strip()}") from None
    done.write(
        f"redline release: tagged {tag} at {at}{importing}; publish it with: git push origin "
        f"{tag}\n"
    )
    return 0


def _first_commit_day(repo: git.Repo, timezone: str) -> datetime.date:
    """The day, in the site's time zone, of HEAD's oldest root commit (authored or committed)."""
    roots = repo.git.rev_list("--max-parents=0", "HEAD").split()
    when = min(
        moment
        for root in roots
        for moment in (repo.commit(root).authored_datetime, repo.commit(root).committed_datetime)
    )
    return dates.today(timezone, now=lambda: when)


def _tag_refusal(repo: git.Repo, prefix: str, tag: str, day: datetime.date) -> str:
    """Why the release `tag` cannot be made, seen from the tag names alone, or ''."""
    names = [t.name for t in repo.tags]
    if tag in names:
        return (
            f"tag {tag} already exists; a release is never re-tagged (if it was never pushed and "
            f"is wrong, delete it first: git tag -d {tag})"
        )
    days = []
    for name in names:
        if not name.startswith(prefix):
            continue
        try:
            found = datetime.date.fromisoformat(name.removeprefix(prefix))
        except ValueError:
            continue  # a malformed release tag, which the check reports
        if found.isoformat() == name.removeprefix(prefix):
            days.append(found)
    newest = max(days, default=None)
    if newest is not None and day <= newest:
        return (
            f"{day} is not after the newest release {prefix}{newest}; releases are dated in order"
        )
    return ""


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
    # The blobs a revision is made of, as `read_history` compares them: a change of mode alone
    # (chmod +x) changes no text and would make a tag that shows nowhere.
    if _policy_blobs(repo, newest.commit, sources) == _policy_blobs(repo, head, sources):
        return (
            f"no policy file changed since {newest.tag}, so the tag would add no revision and "
            "show nowhere on the site; commit the policy changes to release first"
        )
    return ""


def _importing(repo: git.Repo, prefix: str) -> str:
    """Why `--backdate` may import history (the repository was never published: no release tag
    on the remote `origin`, or no `origin`), said with the tag; else Refused."""
    try:
        published = published_tags(repo, prefix)
    except HistoryError as exc:
        raise Refused(f"--backdate: {exc}; no tag was created") from None
    if published:
        raise Refused(
            f"--backdate: the site is published (origin has the release tag {published[-1]}), "
            "and a back-dated release would change what it said about days already published; "
            "release with today's date; no tag was created"
        )
    why = "no remote origin" if published is None else "no release tag on origin yet"
    return f" (--backdate: importing history, {why}: never published)"


def _retroactive(repo: git.Repo, blobs: set[tuple[str, str]], day: datetime.date) -> str:
    """Why releasing the policy files `blobs` (path, blob id) on `day` would put one in force
    before `day`, or ''; files that do not parse are the check's to report."""
    for path, oid in sorted(blobs):
        data = repo.git.cat_file("blob", oid, stdout_as_string=False)
        try:
            effective = frontmatter.parse(frontmatter.decode(data)).effective
        except frontmatter.FrontMatterError:
            continue
        if effective is not None and retroactive(path, effective, day):
            return (
                f"{retroactive(path, effective, day)} (only the history of a repository never "
                "published may be imported so, with --backdate)"
            )
    return ""


def _warn_withdrawals(
    repo: git.Repo, newest: Release, message: str, sources: Sources, report: IO[str]
) -> None:
    """Warn of each document this release withdraws whose locale the message gives no notice:
    its readers would be told only "This policy was withdrawn on <date>"."""
    head = {path for path, _ in _policy_blobs(repo, repo.head.commit.hexsha, sources)}
    given = {locale for locale, _ in tag_message(message)[1]}
    given.add(sources.locales[0])  # the summary is the authoritative locale's notice
    for path in sorted({p for p, _ in _policy_blobs(repo, newest.commit, sources)} - head):
        locale = path.removeprefix(f"{sources.policy_dir}/").split("/")[0]
        if locale not in given:
            report.write(
                f"redline release: warning: this release withdraws {path} and gives its readers "
                f"no notice in '{locale}'; add one: --notice {locale}='...'\n"
            )


def _policy_blobs(repo: git.Repo, commit: str, sources: Sources) -> set[tuple[str, str]]:
    """(path, blob id) of the policy files `<policy_dir>/<locale>/*.md` at `commit`."""
    folders = [f"{sources.policy_dir}/{locale}/" for locale in sources.locales]
    listing = repo.git.ls_tree("-z", commit, "--", *folders)
    found = set()
    for entry in filter(None, listing.split("\0")):
        meta, path = entry.split("\t", 1)
        kind, oid = meta.split()[1:3]
        if kind == "blob" and path.endswith(".md"):
            found.add((path, oid))
    return found


def _uncommitted(repo: git.Repo, policy_dir: str) -> list[str]:
    """Tracked files with uncommitted changes, and untracked files under `policy_dir`.

    One `git status` (its in-memory refresh tells a touched file from a changed one; without
    optional locks it does not write that refresh to the index, as `git diff` would).
    """
    found = []
    for entry in filter(None, repo.git.status("--porcelain=v1", "-z", "-uall").split("\0")):
        code, path = entry[:2], entry[3:]
        if code != "??" or path.startswith(f"{policy_dir}/"):
            found.append(path)
    return found


def add_commands(commands: Commands) -> None:
    """`redline release DATE -m SUMMARY [--notice LOCALE=TEXT] [--sign] [-f FILE] [--dry-run]`."""
    command = commands.add_parser(
        "release",
        help="check, then tag a release policy/YYYY-MM-DD",
        description="Check the repository, then create the annotated release tag at HEAD. "
        "Refused: an existing tag, a date not after the newest release, after today, before "
        "today (unless --backdate on a repository never published), before 1990 or (after the "
        "first release) before the first commit, a revision effective before the date (unless "
        "--backdate), uncommitted policy changes, a HEAD without the newest release, "
        "no policy change, "
        "any error of redline check.",
        epilog="exit status: 0 tagged (with --dry-run: it would be); 1 refused, nothing "
        "tagged; 2 wrong arguments (a DATE not YYYY-MM-DD, an empty summary, or one with "
        "control or invisible characters)",
    )
    command.add_argument("date", help="the revision date, YYYY-MM-DD")
    command.add_argument(
        "-m", "--message", required=True, help="the release summary (the tag's message)"
    )
    command.add_argument(
        "--notice",
        action="append",
        default=[],
        metavar="LOCALE=TEXT",
        help="what a withdrawal tells readers of LOCALE (repeat per locale; the summary "
        "serves the authoritative locale)",
    )
    command.add_argument(
        "--sign", action="store_true", help="sign the tag (git tag -s, git's signing settings)"
    )
    config_option(command)
    command.add_argument(
        "--dry-run", action="store_true", help="check and say what would be tagged; tag nothing"
    )
    command.add_argument(
        "--backdate",
        action="store_true",
        help="allow a date before today and revisions effective before it, to import the "
        "history of a repository never published (no release tag on the remote origin yet)",
    )
    command.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    return run_release(
        Path(args.config_file),
        args.date,
        args.message,
        sys.stdout,
        sys.stderr,
        dry_run=args.dry_run,
        backdate=args.backdate,
        notices=tuple(args.notice),
        sign=args.sign,
    )
