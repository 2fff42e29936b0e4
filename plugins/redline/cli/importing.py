"""`redline import SOURCE`: existing history made into commits and annotated release tags, before
the first publication (README, Bring your history; docs/REFERENCE.md, Releases).

Everything is read, made and checked first (`model.imports`): the versions, their text with
front matter and anchors added, the content rules of `redline check` on each. Then the commits
and tags are written as git objects through a temporary index, the branch and every tag are set
in one transaction (`git update-ref --stdin`: all or none), and only then is the working tree
brought to the new commit. The working tree must be clean (tracked files, and the policy
folder), so nothing of the user's is overwritten. `redline demo` makes its sample repository
with the same code (`write`), with its own identity and hour.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import functools
import os
import re
import subprocess
import sys
import tempfile
import zoneinfo
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from redline.errors import Refused
from redline.files import read_regular
from redline.model.history import HistoryError, Problem
from redline.model.imports import Imported, SourceProblems, path_problem, prepare, verify
from redline.model.notice import notice_problems
from redline.model.releases import EARLIEST_RELEASE, published_tags
from redline.model.repository import Sources, open_repo
from redline.plugin import settings
from redline.plugin.settings import SettingsError

from . import scaffold
from .args import Commands, config_option
from .importsource import read_source

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"


@dataclass(frozen=True)
class Identity:
    """Who the commits and tags are by (git's `user.name` and `user.email`)."""

    name: str
    email: str


def run_import(config_file: Path, source: Path, out: IO[str], *, dry_run: bool = False) -> int:
    """Import `source` into the repository of `config_file`: print what each release adds,
    then (unless `dry_run`) commit and tag it. Refused says why nothing was written."""
    try:
        options, sources, today = settings.read(config_file)
    except (SettingsError, HistoryError) as exc:
        raise Refused(f"{config_file}: {exc}") from None
    repo = open_repo(sources.repo).working_tree_dir
    top, prefix, policy_dir = Path(str(repo)), sources.tag_prefix, sources.policy_dir
    who = identity(top)
    try:
        published = published_tags(open_repo(top), prefix)
    except HistoryError as exc:
        raise Refused(f"{exc}; nothing was imported") from None
    if published:
        raise Refused(
            f"the site is published (origin has the release tag {published[-1]}): imported "
            "history would change what it said about days already published; release later "
            "text dated today instead (redline release); nothing was imported"
        )
    starters = dirty(top, policy_dir)
    try:
        versions = read_source(source, policy_dir, sources.locales, top)
    except Refused as exc:
        raise Refused(f"{exc}; nothing was imported") from None
    newest = _newest_release(top, prefix)
    for version in versions:
        if version.day > today:
            raise Refused(
                f"{version.day} is after today ({today} in {options.timezone}); "
                "nothing was imported"
            )
        if version.day < EARLIEST_RELEASE:
            raise Refused(
                f"{version.day} is before {EARLIEST_RELEASE}: check the year; nothing was imported"
            )
        if newest and version.day <= newest:
            raise Refused(
                f"{version.day} is not after the release {prefix}{newest.isoformat()}: history "
                "is imported before the releases made here; import only later dates, or delete "
                f"the unpublished tags first (git tag -d {prefix}{newest.isoformat()}); nothing "
                "was imported"
            )
    try:
        imported = prepare(versions, sources.locales)
        verify(
            imported,
            policy_dir,
            sources.locales,
            sources.markdown_extensions,
            sources.markdown_configs,
        )
    except SourceProblems as exc:
        raise Refused(_stop(exc.problems, out)) from None
    old = _policy_blobs(top, "HEAD", policy_dir, sources.locales)
    committed = set(old)
    for release in imported:
        new = {p: m.data for p, m in release.files.items()}
        if new == old:
            raise Refused(
                f"{release.version.day}: no policy file changes; leave that date out "
                "(a release that changes nothing shows nowhere); nothing was imported"
            )
        old = new
    review(imported, policy_dir, prefix, out, committed)
    zone = zoneinfo.ZoneInfo(options.timezone)
    at = functools.partial(_noon, zone=zone)
    if dry_run:
        for problem in lasting(top, imported, sources, who, at, today):
            out.write(f"{problem.where}: warning: {problem.message}\n")
        out.write(
            f"redline import: --dry-run: {len(imported)} release(s) reviewed, nothing "
            "written; run again without --dry-run to commit and tag them\n"
        )
        return 0
    tags = write(top, imported, policy_dir, prefix, who, at, sources.locales, starters)
    out.write(
        f"redline import: committed and tagged {', '.join(tags)} by {who.name} <{who.email}>; "
        f"next: {PUBLISH_STEPS}\n"
    )
    return 0


#: What publishes an imported history (README, Bring your history): the imported tags' commits hold
#: only the policy files, not the workflow, and GitHub starts no run for a push of more than
#: three tags at once, so the tags are pushed after main and the workflow started once by hand (or
#: its daily run publishes them).
PUBLISH_STEPS = (
    "commit the rest of the site if it is new (git add -A; git commit), redline check, mkdocs "
    "serve; then publish: git push origin main, git push origin --tags (GitHub starts no run "
    "for a push of more than three tags at once), and run the publishing workflow once by hand "
    "(Actions → Publish → Run workflow) or wait for its daily run"
)


def lasting(
    top: Path,
    imported: list[Imported],
    sources: Sources,
    who: Identity,
    moment: Callable[[datetime.date], datetime.datetime],
    today: datetime.date,
) -> list[Problem]:
    """The warnings `redline check` would report on the imported tags once they are made, where
    they can no longer be fixed (a tag never moves): the import written into a throwaway clone of
    the repository and its history read with the check's own rules."""
    prefixes = tuple(f"tag {sources.tag_prefix}{i.version.day.isoformat()}:" for i in imported)
    with tempfile.TemporaryDirectory(prefix="redline-dry-run-") as temp:
        clone = Path(temp) / "repo"
        _git(["clone", "-q", "--shared", str(top), str(clone)], top)
        for key in ("user.name", "user.email"):  # a clone has no identity of its own
            _git(["config", key, getattr(who, key.removeprefix("user."))], clone)
        write(clone, imported, sources.policy_dir, sources.tag_prefix, who, moment, sources.locales)
        try:
            history = dataclasses.replace(sources, repo=clone).read(today)
        except HistoryError as exc:
            return [Problem("import", str(exc), "warning")]
    found = [
        p for p in (*history.problems, *notice_problems(history)) if p.where.startswith(prefixes)
    ]
    return [Problem(p.where, _hint(p.message), p.severity) for p in found if p.severity != "error"]


def _hint(message: str) -> str:
    """`message`, with how an import gives a translation the notice it lacks."""
    locale = re.search(r"'([a-z]{2,3}(?:-[A-Za-z0-9]+)?)'", message)
    if "notice" not in message or not locale:
        return message
    return (
        f"{message}; before importing: notices: {{{locale.group(1)}: ...}} in this date's entry "
        "of releases.yml"
    )


def _noon(day: datetime.date, zone: zoneinfo.ZoneInfo) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=zone)


def _stop(problems: list[Problem], out: IO[str]) -> str:
    """The refusal for errors in the source: the others printed, the first in the message."""
    for problem in problems[1:]:
        out.write(f"{problem.where}: error: {problem.message}\n")
    more = f" (and {len(problems) - 1} more above)" if len(problems) > 1 else ""
    return f"{problems[0].where}: {problems[0].message}{more}; fix the source, nothing was imported"


def identity(top: Path) -> Identity:
    """The user's git identity in the repository at `top`, or Refused saying how to set it."""
    found = [
        _git(["config", "--get", key], top, check=False).strip()
        for key in ("user.name", "user.email")
    ]
    if not all(found):
        raise Refused(
            "no git identity to put on the imported commits and tags; set it: git config "
            "user.name 'Your Name' and git config user.email you@example.org; nothing was "
            "imported"
        )
    return Identity(*found)


def dirty(top: Path, policy_dir: str) -> list[str]:
    """The untracked starter policies of `redline new` (replaced by the import, to be had again
    from it), or Refused when anything else is uncommitted: tracked changes, files under the
    policy folder. (`git status` without optional locks: it never writes the index.)"""
    status = _git(["status", "--porcelain=v1", "-z", "-uall"], top)
    starters, changed = [], []
    for entry in filter(None, status.split("\0")):
        code, path = entry[:2], entry[3:]
        if code == "??" and not path.startswith(f"{policy_dir}/"):
            continue
        locale, _, name = path.removeprefix(f"{policy_dir}/").partition("/")
        if code == "??" and name == ".gitkeep" and not _file(top / path):
            continue  # what `redline new` leaves in a language without a starter text
        if (
            code == "??"
            and name == scaffold.POLICY
            and _file(top / path)
            == scaffold.starter_policy(locale, scaffold.Site()).encode("utf-8")
        ):
            starters.append(path)
        else:
            changed.append(path)
    if changed:
        raise Refused(
            f"uncommitted changes in {', '.join(sorted(changed)[:5])}"
            f"{' …' if len(changed) > 5 else ''}: commit or stash them first (git stash -u), "
            "the import commits over the policy folder; nothing was imported"
        )
    return starters


def _file(path: Path) -> bytes | None:
    try:
        return read_regular(path)
    except OSError:
        return None


def review(
    imported: list[Imported],
    policy_dir: str,
    prefix: str,
    out: IO[str],
    committed: Iterable[str] = (),
) -> None:
    """What each release adds, file by file: the review before anything is written.
    `committed`: the policy files at HEAD (a committed starter policy the first release does
    not carry is removed by it, and said so)."""
    previous: set[str] = set(committed)
    for version in imported:
        day = version.version.day.isoformat()
        summary = " ".join(version.version.message.split())
        out.write(f"redline import: {prefix}{day}: {summary}\n")
        for path, made in sorted(version.files.items()):
            if not made.changed:
                continue
            what = "; ".join(made.added) or "as it is"
            out.write(f"  {policy_dir}/{path} (from {made.origin}): {what}\n")
        for path in sorted(previous - set(version.files)):
            out.write(f"  {policy_dir}/{path}: removed\n")
        for problem in version.warnings:
            out.write(f"  {problem.where}: warning: {problem.message}\n")
        previous = set(version.files)


def write(
    top: Path,
    imported: list[Imported],
    policy_dir: str,
    prefix: str,
    who: Identity,
    moment: Callable[[datetime.date], datetime.datetime],
    locales: Sequence[str],
    starters: Sequence[str] = (),
) -> list[str]:
    """Commit each release's policy folder on top of HEAD (or as the first commit) and tag it
    `<prefix><date>` (annotated, the release message), by `who` at `moment(date)`; the branch
    and tags are set in one transaction, then the index and working tree follow. Returns the
    tags."""
    old = _git(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], top, check=False).strip()
    branch = _git(["symbolic-ref", "-q", "HEAD"], top, check=False).strip() or "HEAD"
    refs, parent, tags = [], old, []
    with tempfile.TemporaryDirectory(prefix="redline-import-") as temp:
        index = {"GIT_INDEX_FILE": str(Path(temp) / "index")}
        _git(["read-tree", old] if old else ["read-tree", "--empty"], top, env=index)
        for version in imported:
            day = version.version.day
            when = moment(day)
            stamp = f"{int(when.timestamp())} {when.strftime('%z')}"
            # the policy files only (`<locale>/<name>.md`): anything else there stays
            policies = [f":(glob){policy_dir}/{locale}/*.md" for locale in locales]
            _git(
                ["rm", "--cached", "-q", "-f", "--ignore-unmatch", "--", *policies], top, env=index
            )
            entries = "".join(
                f"100644 {_git(['hash-object', '-w', '--stdin'], top, data=made.data).strip()}"
                f"\t{policy_dir}/{path}\n"
                for path, made in sorted(version.files.items())
            )
            _git(["update-index", "--add", "--index-info"], top, env=index, data=entries.encode())
            tree = _git(["write-tree"], top, env=index).strip()
            person = {"NAME": who.name, "EMAIL": who.email, "DATE": stamp}
            env = {
                f"GIT_{role}_{k}": v for role in ("AUTHOR", "COMMITTER") for k, v in person.items()
            }
            commit = _git(
                [
                    "commit-tree",
                    tree,
                    *(["-p", parent] if parent else []),
                    "-m",
                    f"Policy release {day.isoformat()}",
                ],
                top,
                env=env,
            ).strip()
            tag = f"{prefix}{day.isoformat()}"
            body = (
                f"object {commit}\ntype commit\ntag {tag}\ntagger {who.name} <{who.email}> "
                f"{stamp}\n\n{_cleaned(version.message)}"
            )
            refs.append(
                f"create refs/tags/{tag} {_git(['mktag'], top, data=body.encode()).strip()}"
            )
            parent = commit
            tags.append(tag)
    update = f"update {branch} {parent} {old}" if old else f"create {branch} {parent}"
    _git(["update-ref", "--stdin"], top, data="\n".join([update, *refs, ""]).encode())
    for path in starters:  # the starter examples: the working tree's policy folder is the import's
        (top / path).unlink()
    _git(["read-tree", "-m", "-u", old or EMPTY_TREE, parent], top)
    return tags


def _cleaned(message: str) -> str:
    """A tag message as `git tag -m` stores it: lines without trailing blanks, no runs of empty
    lines, one final newline."""
    lines: list[str] = []
    for line in message.strip().split("\n"):
        if line.strip() or (lines and lines[-1]):
            lines.append(line.rstrip())
    return "\n".join(lines).strip() + "\n"


def _newest_release(top: Path, prefix: str) -> datetime.date | None:
    days = []
    for name in _git(["tag", "--list", f"{prefix}*"], top).split():
        try:
            days.append(datetime.date.fromisoformat(name.removeprefix(prefix)))
        except ValueError:
            continue
    return max(days, default=None)


def _policy_blobs(
    top: Path, commit: str, policy_dir: str, locales: Sequence[str]
) -> dict[str, bytes]:
    """The files under the policy folder at `commit` (none without commits), by their path in
    it: what the first import is compared with."""
    if not _git(["rev-parse", "--verify", "--quiet", commit], top, check=False).strip():
        return {}
    listing = _git(["ls-tree", "-r", "-z", commit, "--", f"{policy_dir}/"], top)
    found = {}
    for entry in filter(None, listing.split("\0")):
        meta, path = entry.split("\t", 1)
        rel = path.removeprefix(f"{policy_dir}/")
        if not path_problem(rel, tuple(locales)):
            found[rel] = _git_bytes(["cat-file", "blob", meta.split()[2]], top)
    return found


def _git(
    args: list[str],
    top: Path,
    *,
    check: bool = True,
    env: dict[str, str] | None = None,
    data: bytes | None = None,
) -> str:
    return _git_bytes(args, top, check=check, env=env, data=data).decode("utf-8", "replace")


def _git_bytes(
    args: list[str],
    top: Path,
    *,
    check: bool = True,
    env: dict[str, str] | None = None,
    data: bytes | None = None,
) -> bytes:
    # No optional locks: `git status` would otherwise refresh (rewrite) the user's index.
    full = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", **(env or {})}
    try:
        proc = subprocess.run(
            ["git", *args], cwd=top, env=full, input=data, capture_output=True, check=False
        )
    except OSError as exc:
        raise Refused(f"git cannot run ({exc})") from None
    if check and proc.returncode:
        reason = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise Refused(f"git {args[0]} failed: {reason[-1] if reason else proc.returncode}")
    return proc.stdout


def add_commands(commands: Commands) -> None:
    """`redline import SOURCE [--dry-run] [-f FILE]`."""
    command = commands.add_parser(
        "import",
        help="turn existing history (dated folders, releases.yml, commits) into releases",
        description="Commit each dated version of the policies in SOURCE and tag it as a "
        "release policy/YYYY-MM-DD, before the first publication. SOURCE is a folder of dated "
        "folders (YYYY-MM-DD/<locale>/<name>.md) or a releases.yml mapping dates to files or "
        "commits. Text without front matter gets it (title from its first heading, the release "
        "date as effective, the summary as notice); headings without anchors get them. "
        "Refused: a published site, a release tag dated on or after a date imported, "
        "uncommitted changes, no git identity, any error of redline check in the text.",
        epilog="exit status: 0 imported (with --dry-run: reviewed); 1 refused, nothing "
        "written; 2 wrong arguments",
    )
    command.add_argument(
        "source", metavar="SOURCE", help="a folder of dated folders, or a releases.yml"
    )
    config_option(command)
    command.add_argument(
        "--dry-run", action="store_true", help="print what each release would add; write nothing"
    )
    command.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    return run_import(Path(args.config_file), Path(args.source), sys.stdout, dry_run=args.dry_run)
