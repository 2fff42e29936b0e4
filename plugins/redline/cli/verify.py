"""`redline verify`: the published history only grows.

A new build's `revisions.json` is compared with the published one before it is deployed: every
published revision (document, locale, date) must still be there with the same checksums
(`sha256`, `blob`), from the same tag and commit, with the same release summary. Moving or
deleting a release tag after publication would otherwise rewrite the archive silently. New
revisions are fine when they are newer than everything published: a revision dated on or before
the newest published one (a back-dated tag) would change what was in force on published days.
"""

from __future__ import annotations

import argparse
import http.client
import json
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from redline.errors import RedlineError
from redline.model.history import shown

from .args import Commands

__all__ = [
    "PublishedRevision",
    "VerifyError",
    "add_commands",
    "compare",
    "fetch",
    "parse_index",
    "run_verify",
]

#: Seconds to wait for the published site before giving up (and deploying nothing).
TIMEOUT = 30

_CHECKSUMS = ("sha256", "blob")


class VerifyError(RedlineError):
    """An index cannot be read or fetched; the message says which and why."""


@dataclass(frozen=True)
class PublishedRevision:
    """What `revisions.json` promises about one revision: where it is and what it hashes to."""

    document: str
    locale: str
    date: str
    sha256: str
    blob: str
    tag: str
    commit: str
    summary: str | None = None  # the release summary (indexes before it was published: None)

    @property
    def where(self) -> str:
        """`<locale>/<document> <date>`, as the site's URL reads."""
        return f"{self.locale}/{self.document} {self.date}"


def parse_index(text: str, source: str) -> dict[tuple[str, str, str], PublishedRevision]:
    """The revisions of a `revisions.json`, keyed by (document, locale, date).

    Raises VerifyError naming `source` and the first thing that is not as Redline writes it.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise VerifyError(
            f"{source}: not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except (RecursionError, ValueError):  # nested past the recursion limit; 4300+ digit numbers
        raise VerifyError(
            f"{source}: not an index Redline writes (too deep or too large)"
        ) from None
    documents = _field(data, "documents", list, source, "the index")
    found: dict[tuple[str, str, str], PublishedRevision] = {}
    for i, document in enumerate(documents):
        at = f"documents[{i}]"
        name = _field(document, "document", str, source, at)
        locale = _field(document, "locale", str, source, at)
        for j, rev in enumerate(_field(document, "revisions", list, source, at)):
            where = f"{at}.revisions[{j}]"
            revision = PublishedRevision(
                document=name,
                locale=locale,
                date=_field(rev, "date", str, source, where),
                sha256=_field(rev, "sha256", str, source, where),
                blob=_field(rev, "blob", str, source, where),
                tag=_field(rev, "tag", str, source, where),
                commit=_field(rev, "commit", str, source, where),
                summary=rev.get("summary") if isinstance(rev.get("summary"), str) else None,
            )
            found[(name, locale, revision.date)] = revision
    return found


def _field(obj: Any, key: str, kind: type, source: str, where: str) -> Any:
    if not isinstance(obj, dict):
        raise VerifyError(f"{source}: {where} is not an object; is this Redline's revisions.json?")
    value = obj.get(key)
    if not isinstance(value, kind):
        what = "no" if value is None else f"a {type(value).__name__} for"
        raise VerifyError(
            f"{source}: {where} has {what} '{key}' (expected a {kind.__name__}); "
            "is this Redline's revisions.json?"
        )
    return value


def fetch(url: str, timeout: float = TIMEOUT) -> str | None:
    """The text at an http(s) `url`; None when it answers 404 (nothing published yet)."""
    request = urllib.request.Request(
        url, headers={"User-Agent": "redline-verify", "Cache-Control": "no-cache"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data: bytes = response.read()
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return None
        raise VerifyError(f"{url}: the server answered HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise VerifyError(f"{url}: cannot fetch it: {exc.reason}") from None
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise VerifyError(f"{url}: cannot fetch it: {exc or type(exc).__name__}") from None
    return _decode(data, url)


def _read(path: Path, hint: str) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise VerifyError(f"{path}: no such file; {hint}") from None
    except OSError as exc:
        raise VerifyError(f"{path}: cannot read it: {exc.strerror or exc}") from None
    return _decode(data, str(path))


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise VerifyError(f"{source}: not UTF-8 text (byte {exc.start})") from None


def compare(
    published: dict[tuple[str, str, str], PublishedRevision],
    built: dict[tuple[str, str, str], PublishedRevision],
) -> list[str]:
    """One line per published revision that changed or is missing from `built`, and per new
    revision dated on or before the newest published one."""
    problems = []
    for key, old in sorted(published.items()):
        restore = (
            f"restore tag {old.tag} at commit {old.commit[:12]} "
            f"(git tag -f -a {old.tag} {old.commit[:12]})"
        )
        new = built.get(key)
        if new is None:
            problems.append(
                f"{old.where}: error: the published revision is missing from the new build "
                f"(tag {old.tag} deleted or moved?); {restore}"
            )
            continue
        changed = [
            f"{name} {getattr(old, name)[:12]} is now {getattr(new, name)[:12]}"
            for name in _CHECKSUMS
            if getattr(old, name) != getattr(new, name)
        ]
        if new.tag != old.tag:
            changed.append(f"it is now released by tag {new.tag}")
        if new.commit != old.commit:
            changed.append(f"the tag moved to commit {new.commit[:12]}")
        if old.summary is not None and new.summary is not None and new.summary != old.summary:
            changed.append("the release summary was rewritten")
        if changed:
            problems.append(
                f"{old.where}: error: the published release changed ({', '.join(changed)}); "
                f"{restore}"
            )
    newest = max((old.date for old in published.values()), default="")
    for key, rev in sorted(built.items()):
        if key not in published and rev.date <= newest:
            problems.append(
                f"{rev.where}: error: a new revision dated on or before the newest published "
                f"release ({newest}) would change what was in force on published days; delete "
                f"tag {rev.tag} and release the change with today's date"
            )
    return problems


def run_verify(against: str, built: Path, out: IO[str]) -> int:
    """Compare `built` with the published index at `against` (a path or an http(s) URL); the
    comparison goes to `out`.

    Exit status: 0 when every published revision is unchanged (or nothing is published yet:
    the URL answers 404), 1 when one changed or disappeared. VerifyError: an index cannot be
    read or fetched.
    """
    new = parse_index(
        _read(built, "build the site first (mkdocs build) or name the file with --built"),
        str(built),
    )
    if against.startswith(("http://", "https://")):
        text = fetch(against)
        if text is None:
            out.write(
                f"redline verify: {against} answered 404: nothing is published yet (first "
                "publication), nothing to compare\n"
            )
            return 0
    else:
        text = _read(Path(against), "name the published revisions.json or its URL")
    old = parse_index(text, against)
    problems = compare(old, new)
    for line in problems:
        out.write(shown(line) + "\n")
    added = len(new.keys() - old.keys())
    if problems:
        out.write(
            f"redline verify: {len(problems)} of {len(old)} published revision(s) changed or "
            f"missing in {built}; the published history only grows: do not deploy this build\n"
        )
        return 1
    out.write(
        f"redline verify: all {len(old)} published revision(s) of {against} are unchanged in "
        f"{built}; {added} new\n"
    )
    return 0


def add_commands(commands: Commands) -> None:
    """`redline verify --against FILE|URL [--built FILE]`."""
    command = commands.add_parser(
        "verify",
        help="check that a new build keeps every published revision unchanged",
        description="Compare a new build's revisions.json with the published one. Exit status: "
        "0 every published revision is unchanged (or nothing is published yet: the URL answers "
        "404); 1 a published revision changed or is missing, or an index cannot be read or "
        "fetched; 2 wrong arguments.",
    )
    command.add_argument(
        "--against",
        required=True,
        metavar="FILE|URL",
        help="the published revisions.json: a file, or an http(s) URL such as "
        "https://example.org/revisions.json",
    )
    command.add_argument(
        "--built",
        default="site/revisions.json",
        metavar="FILE",
        help="the new build's revisions.json (default: site/revisions.json)",
    )
    command.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    return run_verify(args.against, Path(args.built), sys.stdout)
