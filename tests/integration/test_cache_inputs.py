"""Nothing cached goes stale unseen: the page keys digest every configuration file MkDocs read
(an `INHERIT:` chain) and the site's hook files; and a cache is sealed only with a key file that
is the user's alone (a readable one warns and seals nothing; a named pipe never hangs a build)."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from tests.integration.test_reuse import ALWAYS, DAYS, logged, release
from tests.support.sitebuild import configure


@pytest.fixture
def repo(repo):
    for n, day in enumerate(DAYS):
        release(repo, day, n)
    return repo


def every_page(site) -> set[str]:
    return {
        str(p.relative_to(site)).removesuffix("index.html")
        for p in site.glob("*/**/index.html")
        if "/search/" not in str(p)
    }


def build_file(config_file, site):
    mkdocs_build(load_config(config_file=str(config_file), site_dir=str(site)))
    return site


def test_a_change_in_an_inherited_configuration_file_re_renders_the_archive(repo, tmp_path, caplog):
    cache = tmp_path / "cache"
    own = configure(repo.path, as_of="2024-01-01", cache_dir=str(cache))
    base = repo.path / "config" / "base.yml"
    base.parent.mkdir()
    base.write_text(own.read_text(encoding="utf-8") + "copyright: Rules one\n", "utf-8")
    own.write_text("INHERIT: config/base.yml\n", encoding="utf-8")
    build_file(own, tmp_path / "before")
    caplog.set_level(logging.DEBUG, logger="mkdocs.plugins.redline")
    build_file(own, tmp_path / "same")
    assert logged(caplog, "rendered") == ALWAYS  # the archive is reused while nothing changes
    caplog.clear()

    base.write_text(base.read_text("utf-8").replace("Rules one", "Rules two"), "utf-8")
    warm = build_file(own, tmp_path / "warm")
    assert logged(caplog, "rendered") == every_page(warm) > ALWAYS
    page = (warm / "en/privacy-policy/2020-01-01/index.html").read_text(encoding="utf-8")
    assert "Rules two" in page and "Rules one" not in page


HOOK = """
def on_post_page(output, **kwargs):
    return output.replace("</body>", "<!-- WORD --></body>")
"""


def run_build(config_file, site, home=None):
    """The real `mkdocs build -v` in a new process (MkDocs keeps a hook module it loaded once
    for the life of the process); its log."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if home is not None:
        env["XDG_CONFIG_HOME"] = str(home)
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-v", "-f", str(config_file), "-d", str(site)],
        capture_output=True,
        text=True,
        env=env,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr
    return done.stderr


def test_a_change_in_a_hook_file_re_renders_the_archive(repo, tmp_path):
    cache = tmp_path / "cache"
    own = configure(repo.path, as_of="2024-01-01", cache_dir=str(cache))
    own.write_text(own.read_text(encoding="utf-8") + "hooks:\n- hooks/mark.py\n", "utf-8")
    hook = repo.write("hooks/mark.py", HOOK.replace("WORD", "hook-one"))
    run_build(own, tmp_path / "before")
    hook.write_text(HOOK.replace("WORD", "hook-two"), encoding="utf-8")
    warm = tmp_path / "warm"
    log = run_build(own, warm)
    rendered = set(re.findall(r"redline: rendered /(\w+/\S*?)(?:index\.md)?$", log, re.M))
    assert rendered == every_page(warm) > ALWAYS
    for page in every_page(warm):
        data = (warm / page / "index.html").read_bytes()
        assert b"hook-two" in data and b"hook-one" not in data, page


def test_a_key_file_others_may_read_warns_and_nothing_is_sealed(
    repo, tmp_path, caplog, monkeypatch
):
    home = tmp_path / "home"
    key = home / "redline" / "cache-secret"
    key.parent.mkdir(parents=True)
    key.write_text("k" * 64, encoding="ascii")
    key.chmod(0o644)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    cache = tmp_path / "cache"
    own = configure(repo.path, as_of="2024-01-01", cache_dir=str(cache))
    caplog.set_level(logging.DEBUG, logger="mkdocs.plugins.redline")
    build_file(own, tmp_path / "one")
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(f"chmod 600 {key}" in w for w in warnings), warnings
    caplog.clear()
    build_file(own, tmp_path / "two")
    built = [r.getMessage() for r in caplog.records if "redline: built /" in r.getMessage()]
    assert len(built) == 2 and all("(0 from the page cache)" in b for b in built), built
    assert not [p for p in cache.rglob("*") if p.is_file() and "sealed" in p.name]
    assert not (cache / "page").exists()

    key.chmod(0o600)  # put right: the cache seals and reuses again
    build_file(own, tmp_path / "three")
    caplog.clear()
    build_file(own, tmp_path / "four")
    assert logged(caplog, "rendered") == ALWAYS


def test_a_named_pipe_as_the_key_file_never_hangs_a_build(repo, tmp_path):
    home = tmp_path / "home"
    key = home / "redline" / "cache-secret"
    key.parent.mkdir(parents=True)
    os.mkfifo(key, 0o600)
    own = configure(repo.path, as_of="2024-01-01", cache_dir=str(tmp_path / "cache"))
    env = {**os.environ, "XDG_CONFIG_HOME": str(home), "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(own), "-d", str(tmp_path / "site")],
        capture_output=True,
        text=True,
        env=env,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr
    assert f"{key} is not a plain file" in done.stderr
    assert (tmp_path / "site" / "en" / "privacy-policy" / "index.html").is_file()
