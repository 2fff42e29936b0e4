"""`SHA256SUMS`: the digest of every file of the built site, beside `revisions.json`.

Written last by the outer build, in `sha256sum` format (`<hex>  <path>`, paths from the site
root, sorted by their UTF-8 bytes), so `sha256sum -c SHA256SUMS` checks a downloaded copy and
`redline verify --site` a published one. The file lists every file but itself; the same site
gives the same bytes whatever the worker count. What it proves, and what not: README
"Checking a published site" and SECURITY.md.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

__all__ = ["SHA256SUMS", "ChecksumError", "checksums", "parse_checksums", "write_checksums"]

SHA256SUMS = "SHA256SUMS"

_LINE = re.compile(r"([0-9a-f]{64}) [ *](.+)")


class ChecksumError(ValueError):
    """A `SHA256SUMS` line that is not `<64 hex digits>  <path>`, or a path that leaves the
    site."""


def checksums(site_dir: Path) -> str:
    """The `SHA256SUMS` text of every regular file under `site_dir` but itself."""
    found = []
    for path in site_dir.rglob("*"):
        if path.is_file() and not path.is_symlink():
            name = path.relative_to(site_dir).as_posix()
            if name != SHA256SUMS:
                found.append((name.encode("utf-8"), name, path))
    lines = []
    for _, name, path in sorted(found):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {name}\n")
    return "".join(lines)


def write_checksums(site_dir: Path) -> None:
    """Write `site_dir/SHA256SUMS` (after every other file of the site is written)."""
    (site_dir / SHA256SUMS).write_bytes(checksums(site_dir).encode("utf-8"))


def parse_checksums(text: str) -> list[tuple[str, str]]:
    """(path, hex digest) of each line of a `SHA256SUMS`, in order; ChecksumError names the
    first line that is not one, or whose path could leave the site."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _LINE.fullmatch(line)
        if match is None:
            raise ChecksumError(f"line {number} is not '<sha256>  <path>'")
        digest, name = match.groups()
        parts = name.split("/")
        if name.startswith("/") or any(p in ("", ".", "..") for p in parts) or "\\" in name:
            raise ChecksumError(f"line {number}: '{name}' is not a path inside the site")
        found.append((name, digest))
    return found
