"""A content-addressed cache of derived results (redlines, the segmented Thai search index).

Keys are hashes of everything a result depends on: git blob ids of the inputs, the Markdown
configuration, the versions of Redline (with a digest of all of its code) and of the libraries
that compute it. A result is therefore never stale; the folder is safe to delete at any time
(`make clean`), and a write is atomic so an interrupted build leaves no half-written entry.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import logging
import multiprocessing
import os
import secrets
import stat
import tempfile
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

from redline.files import read_regular

log = logging.getLogger("mkdocs.plugins.redline")

_LIBRARIES = (
    "redline",
    "markdown",
    "pymdown-extensions",
    "diff-match-patch",
    "pythainlp",
    "nlpo3",
    "nh3",
)


PACKAGE = Path(__file__).resolve().parents[1]  # the `redline` package, every layer


def code_digest(root: Path = PACKAGE) -> str:
    """A digest of every `.py` file of the package (names and contents, subpackages included).

    Any code change, even without a new version number (as during development), changes every
    key: the whole package rather than a list of modules, so a moved or a new module is covered.
    """
    code = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        name = path.relative_to(root).as_posix().encode()
        data = path.read_bytes()
        code.update(b"%d:%s%d:" % (len(name), name, len(data)) + data)
    return code.hexdigest()


@functools.cache
def versions() -> str:
    """The versions of Redline (and a digest of its code) and of the libraries.

    The one fingerprint of the code, for every cache (the disk cache's keys, the pages
    `mkdocs serve` reuses): computed once per process, from the code that process runs.
    """
    code = code_digest()
    from redline.text.words import (  # the engine is chosen at run time (nlpo3, else newmm)
        thai_engine,
    )

    found = [f"code={code[:16]}", f"thai={thai_engine()}"]
    for name in _LIBRARIES:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=?")
    return ";".join(found)


def digest(*parts: Any) -> str:
    """A SHA-256 key of `parts` (JSON-encoded, so dicts and lists hash by value)."""
    encoded = json.dumps(parts, sort_keys=True, default=repr, ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def seal(secret: bytes, key: str, data: bytes | memoryview) -> bytes:
    """The seal of a cache entry: an HMAC of its key and bytes under the user's `secret`, in
    hexadecimal digits (`SEAL` of them)."""
    mac = hmac.new(secret, f"{key}\n".encode(), hashlib.sha256)
    mac.update(data)
    return mac.hexdigest().encode("ascii")


#: The length of a key's id and of a seal, in hexadecimal digits; the suffix of a sealed entry,
#: which is the id of the key that sealed it, its seal, a newline, then its bytes (`sealed`).
KEY_ID = 16
SEAL = 64
HEADER = KEY_ID + SEAL + 1
SEALED = ".sealed"


@functools.lru_cache(maxsize=8)
def key_id(secret: bytes) -> bytes:
    """Which key sealed an entry, without telling the key (an HMAC of a fixed text under it):
    an entry of another key (another machine's, a secret changed in CI) is then an ordinary
    miss, told apart from an entry changed by something else than a build."""
    mac = hmac.new(secret, b"redline cache key id", hashlib.sha256)
    return mac.hexdigest()[:KEY_ID].encode("ascii")


def sealed(secret: bytes, key: str, body: bytes) -> bytes:
    """The bytes of the entry `key` holding `body`, sealed with `secret` (read by
    `Cache.unseal`)."""
    return key_id(secret) + seal(secret, key, body) + b"\n" + body


#: The environment variable that gives the key sealing cached pages (a CI secret, say).
SECRET_VARIABLE = "REDLINE_CACHE_SECRET"


class InsecureSecret(OSError):
    """The key file is not the user's own, or others may read or change it."""


def page_secret(environ: Mapping[str, str]) -> bytes:
    """The key that seals the pages this user's builds cache (`reuse.seal`), never kept in the
    cache folder: `REDLINE_CACHE_SECRET`, else a random key made on first use in the user's
    configuration folder (`$XDG_CONFIG_HOME/redline/cache-secret`, readable by its owner only).

    OSError when that file can neither be read nor made; InsecureSecret when it is not a plain
    file of the user's, readable and writable by the user only (anyone who can read the key can
    seal a page that a build publishes; a named pipe would block the build)."""
    if environ.get(SECRET_VARIABLE):
        return environ[SECRET_VARIABLE].encode()
    home = environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    path = Path(home) / "redline" / "cache-secret"
    if not os.path.lexists(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another build made it meanwhile
        else:
            with os.fdopen(handle, "w", encoding="ascii") as out:
                out.write(secrets.token_hex(32))
    found = os.lstat(path)
    if not stat.S_ISREG(found.st_mode):
        raise InsecureSecret(f"{path} is not a plain file: remove it (a new key is made)")
    if found.st_uid != os.getuid():
        raise InsecureSecret(f"{path} is not yours: remove it (a new key is made)")
    if found.st_mode & 0o077:
        raise InsecureSecret(
            f"{path} may be read or changed by others: run 'chmod 600 {path}' (or remove it, "
            "and a new key is made)"
        )
    try:
        key = read_regular(path, 4096).decode("ascii").strip()
    except UnicodeDecodeError:
        raise OSError(f"{path} is not a key: remove it (a new key is made)") from None
    if not key:
        raise OSError(f"{path} is empty")
    return key.encode()


def reuse_secret(environ: Mapping[str, str], log: logging.Logger) -> bytes | None:
    """The key sealing cached pages (`page_secret`); None (no page reuse) when it cannot be
    kept, which is logged: a warning when the key file is unsafe (`InsecureSecret`)."""
    try:
        return page_secret(environ)
    except InsecureSecret as exc:
        log.warning(
            "redline: pages and redlines are neither reused from the cache nor kept in it: the "
            "key that seals them is unsafe: %s",
            exc,
        )
        return None
    except OSError as exc:
        log.info(  # not a warning: `mkdocs build --strict` must not fail for want of speed
            "redline: pages and redlines are not reused from the cache: no key to seal them "
            "(%s); set %s",
            exc,
            SECRET_VARIABLE,
        )
        return None


class Cache:
    """Files `<root>/<kind>/<key[:2]>/<key>.json`; with no root, a cache that keeps nothing."""

    def __init__(self, root: Path | None, salt: str, secret: bytes | None = None) -> None:
        self.root = root
        self.salt = salt
        # The key that seals entries (`get_sealed`): the user's (`page_secret`); without one,
        # no sealed entry is trusted or kept.
        self.secret = secret
        self.hits = 0
        self.misses = 0
        # Shared with the build's forked workers, so that entries of another key are told once
        # per build, not once per worker (nor per entry).
        self._told = multiprocessing.Value("b", 0)

    def key(self, *parts: Any) -> str:
        """The key of a result that depends on `parts` (and on the salt)."""
        return digest(self.salt, *parts)

    def _path(self, kind: str, key: str, suffix: str = ".json") -> Path | None:
        return self.root / kind / key[:2] / f"{key}{suffix}" if self.root else None

    def path_of(self, kind: str, key: str, suffix: str = ".json") -> Path | None:
        """The file of an entry (None without a cache folder)."""
        return self._path(kind, key, suffix)

    def get(self, kind: str, key: str, *, counted: bool = True) -> Any | None:
        """The cached value, or None when absent or unreadable; `counted`: in `hits` and
        `misses` (redlines and search words are; pages are counted by `reuse`)."""
        return self._count(_json(self.get_bytes(kind, key, ".json")), counted)

    def put(self, kind: str, key: str, value: Any) -> None:
        """Store `value` (JSON-serializable); failures to write are not errors."""
        self.put_bytes(kind, key, json.dumps(value, ensure_ascii=False).encode("utf-8"))

    def get_sealed(self, kind: str, key: str, *, counted: bool = True) -> Any | None:
        """A value stored by `put_sealed` under this cache's secret, or None when absent, not
        sealed with it (planted or changed by anything but a build holding the key), or when
        there is no secret. Counted like `get`."""
        body = self.unseal(kind, key, SEALED, self.secret)[1] if self.secret else None
        return self._count(_json(body), counted)

    def put_sealed(self, kind: str, key: str, value: Any) -> None:
        """Store `value` (JSON-serializable) sealed with this cache's secret (nothing without
        one); failures to write are not errors."""
        if self.secret:
            body = json.dumps(value, ensure_ascii=False).encode("utf-8")
            self.put_sealed_bytes(kind, key, body, SEALED, self.secret)

    def unseal(
        self, kind: str, key: str, suffix: str, secret: bytes
    ) -> tuple[bool, memoryview | None]:
        """Whether there is an entry sealed with `secret`, and its body if its seal holds: the
        one reading of the sealed format (`sealed`), for pages (`reuse`) and values
        (`get_sealed`). An entry sealed with another key is no entry (a miss, told once per
        build at info level); one with this key's id whose seal fails was changed by something
        else than a build (found, no body)."""
        data = self.get_bytes(kind, key, suffix)
        if data is None:
            return False, None
        if not data.startswith(key_id(secret)):
            self._tell_other_key()
            return False, None
        body = memoryview(data)[HEADER:]
        if data[HEADER - 1 : HEADER] != b"\n" or not hmac.compare_digest(
            data[KEY_ID : KEY_ID + SEAL], seal(secret, key, body)
        ):
            return True, None
        return True, body

    def _tell_other_key(self) -> None:
        with self._told.get_lock():
            if self._told.value:
                return
            self._told.value = 1
        log.info(
            "redline: the cache holds entries sealed with another key (another machine's, or "
            "%s changed): they are rendered again and kept under this key",
            SECRET_VARIABLE,
        )

    def put_sealed_bytes(
        self, kind: str, key: str, body: bytes, suffix: str, secret: bytes
    ) -> None:
        """Store `body` sealed with `secret` under `key` (read back by `unseal`)."""
        self.put_bytes(kind, key, sealed(secret, key, body), suffix)

    def _count(self, value: Any | None, counted: bool) -> Any | None:
        if value is None:
            self.misses += counted
        else:
            self.hits += counted
        return value

    def get_bytes(self, kind: str, key: str, suffix: str) -> bytes | None:
        """The bytes of an entry stored by `put_bytes`, or None when absent or unreadable."""
        path = self._path(kind, key, suffix)
        return _read_entry(path) if path is not None else None

    def put_bytes(self, kind: str, key: str, data: bytes, suffix: str = ".json") -> None:
        """Store `data` as it is (atomically); failures to write are not errors."""
        path = self._path(kind, key, suffix)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as out:
                out.write(data)
            os.replace(out.name, path)
        except OSError:
            return


def _json(data: bytes | memoryview | None) -> Any | None:
    """The JSON value of an entry's bytes; None for none, or for bytes that are not JSON."""
    try:
        return json.loads(bytes(data).decode("utf-8")) if data is not None else None
    except ValueError:  # UnicodeDecodeError included
        return None


#: The largest entry read (a page of a 1 MB policy's redline is a few MB).
MAX_ENTRY = 64 * 1024 * 1024


def _read_entry(path: Path) -> bytes | None:
    """The bytes of the cache file `path`, or None when it is absent, unreadable or not a plain
    file of at most `MAX_ENTRY` bytes. The cache folder is writable by others than the build: a
    link (to `/dev/zero`), a named pipe (which would block the build) or a huge file is not an
    entry."""
    try:
        return read_regular(path, MAX_ENTRY)
    except OSError:
        return None
