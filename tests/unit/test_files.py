"""`files.read_regular`: planted files on a real file system (links, pipes, folders, huge files)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from redline.files import read_regular


def test_a_regular_file_is_read_whole_or_up_to_its_limit(tmp_path: Path):
    plain = tmp_path / "plain.md"
    plain.write_bytes(b"12345")
    assert read_regular(plain) == b"12345"
    assert read_regular(str(plain), limit=5) == b"12345"
    with pytest.raises(OSError) as larger:
        read_regular(plain, limit=4)
    assert larger.value.errno == errno.EFBIG


def test_a_link_is_never_followed_even_to_a_regular_file(tmp_path: Path):
    (tmp_path / "target.md").write_bytes(b"secret")
    (tmp_path / "link.md").symlink_to(tmp_path / "target.md")
    with pytest.raises(OSError):
        read_regular(tmp_path / "link.md")


def test_a_named_pipe_is_refused_at_once_instead_of_waited_on(tmp_path: Path):
    pipe = tmp_path / "pipe.md"
    os.mkfifo(pipe)  # no writer: a blocking open would wait forever
    with pytest.raises(OSError, match="not a regular file"):
        read_regular(pipe)


def test_a_folder_or_a_device_is_not_a_regular_file(tmp_path: Path):
    with pytest.raises(OSError, match="not a regular file"):
        read_regular(tmp_path)
    with pytest.raises(OSError, match="not a regular file"):
        read_regular("/dev/zero", limit=10)
