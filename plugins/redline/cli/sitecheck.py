"""`redline verify --site`: a published (or downloaded) site checked against its own
`SHA256SUMS` and its `revisions.json` against the repository's release tags.

Every file `SHA256SUMS` lists is fetched (or read) and hashed: a changed byte fails, naming the
page. Then each revision of the site's `revisions.json` must be the blob at its tag: the tag
exists, points at the published commit, and the file there hashes to the published `sha256`.
What this proves and what not: README "Checking a published site", SECURITY.md.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import urllib.parse
from pathlib import Path
from typing import IO, Any

from redline.model.history import shown
from redline.site.checksums import SHA256SUMS, ChecksumError, parse_checksums

from . import reading
from .reading import VerifyError

__all__ = ["verify_site"]


def verify_site(
    site: str,
    repo: Path,
    out: IO[str],
    *,
    deadline: float = reading.DEADLINE,
    max_bytes: int = reading.MAX_BYTES,
) -> int:
    """Check the site at `site` (an http(s) URL or a folder) against its `SHA256SUMS`, and its
    `revisions.json` against the release tags of the git repository `repo`; the findings go to
    `out`. Exit status 0 when everything matches, 1 otherwise; VerifyError when the list itself
    cannot be read."""
    read = _reader(site, deadline, max_bytes)
    listing = read(SHA256SUMS)
    if listing is None:
        raise VerifyError(f"{_at(site, SHA256SUMS)}: not found; is this a Redline site?")
    try:
        entries = parse_checksums(_text(listing, _at(site, SHA256SUMS)))
    except ChecksumError as exc:
        raise VerifyError(f"{_at(site, SHA256SUMS)}: {exc}") from None
    problems = []
    index: bytes | None = None
    for name, digest in entries:
        data = read(name)
        if data is None:
            problems.append(f"{name}: listed in SHA256SUMS but missing from the site")
        elif hashlib.sha256(data).hexdigest() != digest:
            problems.append(f"{name}: changed since it was built (its SHA-256 differs)")
        elif name == "revisions.json":
            index = data
    if index is None and not any(name == "revisions.json" for name, _ in entries):
        problems.append("revisions.json: not listed in SHA256SUMS")
    signed = total = 0
    if index is not None:
        revisions = _revisions(_text(index, _at(site, "revisions.json")))
        total = len(revisions)
        signed = sum(1 for r in revisions if r.get("signed") is True)
        problems += _tag_problems(revisions, repo)
    for line in problems:
        out.write(shown(line) + "\n")
    if problems:
        out.write(f"redline verify: {len(problems)} problem(s) in {site}; it is not as built\n")
        return 1
    out.write(
        f"redline verify: all {len(entries)} file(s) of {site} match its SHA256SUMS; its "
        f"{total} revision(s) are the texts at their tags in {repo} ({signed} signed)\n"
    )
    return 0


def _reader(site: str, deadline: float, max_bytes: int) -> Any:
    if site.startswith(("http://", "https://")):
        base = site if site.endswith("/") else site + "/"

        def fetch(name: str) -> bytes | None:
            url = urllib.parse.urljoin(base, urllib.parse.quote(name))
            return reading.fetch(url, deadline=deadline, max_bytes=max_bytes)

        return fetch
    root = Path(site)
    if not root.is_dir():
        raise VerifyError(f"{site}: not a folder or an http(s) URL; name the built site")

    def read(name: str) -> bytes | None:
        path = root / name
        if not path.exists():
            return None
        return reading.read_file(path, "", max_bytes=max_bytes)

    return read


def _at(site: str, name: str) -> str:
    return site.rstrip("/") + "/" + name


def _text(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise VerifyError(f"{source}: not UTF-8 text (byte {exc.start})") from None


def _revisions(text: str) -> list[dict[str, Any]]:
    try:
        index = json.loads(text)
        found = [
            {**rev, "where": f"{doc['locale']}/{doc['document']} {rev['date']}"}
            for doc in index["documents"]
            for rev in doc["revisions"]
        ]
    except (ValueError, KeyError, TypeError) as exc:
        raise VerifyError(f"revisions.json: not a Redline index ({exc})") from None
    return found


def _tag_problems(revisions: list[dict[str, Any]], repo: Path) -> list[str]:
    """Each revision's tag, commit and text against the repository's."""
    problems = []
    for rev in revisions:
        tag, where = str(rev.get("tag")), rev["where"]
        commit = _git(repo, "rev-parse", "--verify", "-q", f"refs/tags/{tag}^{{commit}}")
        if commit is None:
            problems.append(f"{where}: tag {tag} is not in the repository (fetch the tags)")
            continue
        if commit.decode().strip() != rev.get("commit"):
            problems.append(f"{where}: tag {tag} points at another commit than published")
            continue
        blob = _git(repo, "cat-file", "blob", f"{commit.decode().strip()}:{rev.get('path')}")
        if blob is None or hashlib.sha256(blob).hexdigest() != rev.get("sha256"):
            problems.append(f"{where}: the text at tag {tag} is not the published sha256")
    return problems


def _git(repo: Path, *args: str) -> bytes | None:
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False)
    except OSError as exc:
        raise VerifyError(f"git cannot run: {exc}") from None
    if done.returncode == 128 and b"not a git repository" in done.stderr:
        raise VerifyError(f"{repo}: not a git repository (--repo)")
    return done.stdout if done.returncode == 0 else None
