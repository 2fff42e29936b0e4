"""Reading a file that someone other than the build may have planted (no MkDocs).

The policy folder of a working tree and the cache folder can hold a symbolic link (to
`/dev/zero`, or out of the repository), a named pipe (whose reader waits for a writer forever)
or a huge file where a plain file is expected: `read_regular` reads plain files only, the same
way for both (docs/ARCHITECTURE.md).
"""

from __future__ import annotations

import errno
import os
import stat

__all__ = ["read_regular"]


def read_regular(path: str | os.PathLike[str], limit: int | None = None) -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them if given.

    OSError otherwise: a symbolic link (never followed), anything but a regular file (opened
    without blocking, so a named pipe cannot hang the build), or a file of more than `limit`
    bytes (checked before reading, and again while reading, in case it grows).
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    handle = os.open(path, flags)
    try:
        # Checked before the descriptor is wrapped: `fdopen` refuses a folder without closing it.
        found = os.fstat(handle)
        if not stat.S_ISREG(found.st_mode):
            raise OSError("not a regular file")
        if limit is not None and found.st_size > limit:
            raise OSError(errno.EFBIG, f"larger than {limit} bytes")
        file = os.fdopen(handle, "rb")
    except BaseException:
        os.close(handle)
        raise
    with file:
        data = file.read() if limit is None else file.read(limit + 1)
    if limit is not None and len(data) > limit:  # it grew since
        raise OSError(errno.EFBIG, f"larger than {limit} bytes")
    return data
