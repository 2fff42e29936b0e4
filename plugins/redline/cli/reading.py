"""Reading an index for `redline verify`, bounded: a file or an http(s) URL, within a total
deadline and a size cap, so that a slow, stalled or endless source fails in one clear line
instead of keeping the publishing job waiting or filling its memory.
"""

from __future__ import annotations

import http.client
import os
import socket
import stat
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from redline.errors import RedlineError

__all__ = ["DEADLINE", "MAX_BYTES", "RETRIES", "VerifyError", "fetch", "read_file"]

#: Seconds a fetch may take in all (connecting, retries and reading the whole answer).
DEADLINE = 60.0
#: The largest index read: far above any site's (400 releases are ~1 MB), far below a memory limit.
MAX_BYTES = 16 * 1024 * 1024
#: Tries after the first on a timeout or an HTTP 5xx answer, with a short backoff.
RETRIES = 2
_BACKOFF = 0.5  # seconds before the first retry, doubled for the next
_CHUNK = 64 * 1024


class VerifyError(RedlineError):
    """An index cannot be read or fetched; the message says which and why."""


class _Retry(Exception):
    """A failure worth another try (a timeout, HTTP 5xx), with the message if none is left."""


def fetch(url: str, *, deadline: float = DEADLINE, max_bytes: int = MAX_BYTES) -> bytes | None:
    """The bytes at an http(s) `url`; None when it answers 404 (nothing published yet).

    The whole fetch, retries included, ends within `deadline` seconds; an answer larger than
    `max_bytes` is refused as soon as it is (its rest is never read). A timeout or an HTTP 5xx
    answer is tried again `RETRIES` times while time is left. VerifyError otherwise.
    """
    _check_address(url)
    ends = time.monotonic() + deadline
    # One stalled step may not use the whole deadline: a retry must have time left.
    stall = max(1.0, deadline / (RETRIES + 1))
    failure = ""
    tries = 0
    while tries <= RETRIES:
        if tries:
            pause = _BACKOFF * 2 ** (tries - 1)
            if time.monotonic() + pause >= ends:
                break
            time.sleep(pause)
        tries += 1
        try:
            return _attempt(url, ends, stall, deadline, max_bytes)
        except _Retry as exc:
            failure = str(exc)
    raise VerifyError(f"{url}: {failure}" + (f" ({tries} tries)" if tries > 1 else ""))


def _check_address(url: str) -> None:
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range or not a number
    except ValueError as exc:
        raise VerifyError(f"{url}: not a valid address ({exc})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise VerifyError(f"{url}: not a valid address (expected http(s)://host/path)")


def _attempt(url: str, ends: float, stall: float, deadline: float, max_bytes: int) -> bytes | None:
    late = f"no complete answer within {deadline:g} s (a slow or stalled server; --timeout)"
    request = urllib.request.Request(
        url, headers={"User-Agent": "redline-verify", "Cache-Control": "no-cache"}
    )
    try:
        with urllib.request.urlopen(request, timeout=_left(ends, stall, late)) as response:
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > max_bytes:
                raise VerifyError(f"{url}: {_too_large(max_bytes)}")
            chunks: list[bytes] = []
            size = 0
            while True:
                _set_timeout(response, _left(ends, stall, late))
                # read1: what one receive brings, so a trickle cannot hold a read past the deadline
                chunk: bytes = response.read1(_CHUNK)
                if not chunk:
                    return b"".join(chunks)
                size += len(chunk)
                if size > max_bytes:
                    raise VerifyError(f"{url}: {_too_large(max_bytes)}")
                chunks.append(chunk)
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return None
        message = f"the server answered HTTP {exc.code} {exc.reason}"
        if exc.code >= 500:
            raise _Retry(message) from None
        raise VerifyError(f"{url}: {message}") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise _Retry(late) from None
        raise VerifyError(f"{url}: cannot fetch it: {exc.reason}") from None
    except TimeoutError:
        raise _Retry(late) from None
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise VerifyError(f"{url}: cannot fetch it: {exc or type(exc).__name__}") from None


def _left(ends: float, stall: float, late: str) -> float:
    """Seconds the next step may wait: what is left of the deadline, at most `stall`."""
    left = ends - time.monotonic()
    if left <= 0:
        raise TimeoutError(late)
    return min(left, stall)


def _set_timeout(response: Any, seconds: float) -> None:
    # urllib sets the socket's timeout once, per operation; each read gets what is left of the
    # deadline instead. The socket is reached through the response's file (http.client's).
    sock = getattr(getattr(getattr(response, "fp", None), "raw", None), "_sock", None)
    if isinstance(sock, socket.socket):
        sock.settimeout(seconds)


def _too_large(max_bytes: int) -> str:
    return (
        f"the answer is larger than {max_bytes} bytes, far more than a revisions.json; "
        "is this the right address? (--max-bytes)"
    )


def read_file(path: Path, hint: str, *, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of the regular file `path`, at most `max_bytes`.

    A folder, device (/dev/zero) or pipe is refused before anything is read: opened without
    waiting (a FIFO with no writer would block), then checked. `hint` says what to do when the
    file does not exist. VerifyError otherwise.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise VerifyError(f"{path}: no such file; {hint}") from None
    except OSError as exc:
        raise VerifyError(f"{path}: cannot read it: {exc.strerror or exc}") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        what = "a folder" if stat.S_ISDIR(mode) else "not a regular file (a device or pipe)"
        raise VerifyError(f"{path}: {what}; {hint}")
    with os.fdopen(fd, "rb") as file:
        try:
            data = file.read(max_bytes + 1)
        except OSError as exc:
            raise VerifyError(f"{path}: cannot read it: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise VerifyError(
            f"{path}: larger than {max_bytes} bytes, far more than a revisions.json; is this "
            "the right file? (--max-bytes)"
        )
    return data
