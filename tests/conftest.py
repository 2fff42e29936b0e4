"""Fixtures shared by every test: a real, empty git repository for a policy history."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support.gitrepo import PolicyRepo


@pytest.fixture
def repo(tmp_path: Path) -> PolicyRepo:
    """A real git repository at `<tmp>/repo`, with an identity and no commits yet.

    A test module that needs a history seeds it by overriding this fixture with one that takes
    `repo` and makes its releases (pytest's fixture override), so every repository is made here.
    """
    return PolicyRepo(tmp_path / "repo")


@pytest.fixture(autouse=True, scope="session")
def user_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The user's configuration folder, where builds keep the key sealing cached pages
    (`cache.page_secret`): a temporary one, so tests never write the real one."""
    folder = tmp_path_factory.mktemp("config")
    os.environ["XDG_CONFIG_HOME"] = str(folder)
    os.environ.pop("REDLINE_CACHE_SECRET", None)
    return folder
