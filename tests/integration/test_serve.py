"""`mkdocs serve`: both locales served, the draft shown, and a rebuild on edits to either."""

from __future__ import annotations

import contextlib
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.gitrepo import PolicyRepo, doc
from tests.support.sitebuild import configure
from tests.support.web import fetch, free_port

EN = "policy/en/privacy-policy.md"
TH = "policy/th/privacy-policy.md"


BUILT_HERE = "mkdocs serve builds the locales one after another in this process"


def page(html: str) -> str:
    """The page without the live-reload script that `mkdocs serve` injects on each epoch."""
    return re.sub(r"<script>[^<]*livereload[^<]*</script>", "", html, flags=re.S)


def wait_for(url: str, text: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    body = ""
    while time.monotonic() < deadline:
        body = fetch(url)
        if text in body:
            return body
        time.sleep(0.3)
    raise AssertionError(f"{url} did not show {text!r} within {seconds}s")


def released(path) -> PolicyRepo:
    repo = PolicyRepo(path)
    repo.release("2023-01-01", {EN: doc("Privacy", "## 1. Scope {#scope}\n\nOld text.\n")})
    repo.release(
        "2023-07-03",
        {
            EN: doc("Privacy", "## 1. Scope {#scope}\n\nReleased text.\n", notice="n"),
            TH: doc("นโยบาย", "## 1. ขอบเขต {#scope}\n\nข้อความที่เผยแพร่\n", notice="n"),
        },
    )
    return repo


@contextlib.contextmanager
def serving(repo: PolicyRepo, log: Path, *args: str) -> Iterator[str]:
    """`mkdocs serve` (verbose) on `repo`, its output in `log`; yields its address."""
    # Workers and helpers asked for (four CPUs for two locales): serve runs its builds while its
    # threads run, and builds the locales in its own process all the same.
    config = configure(repo.path, as_of="2024-01-01", workers=4)
    port = free_port()
    command = ["mkdocs", "serve", "-v", "-f", str(config), "-a", f"127.0.0.1:{port}", *args]
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", *command], cwd=repo.path, stdout=out, stderr=subprocess.STDOUT
        )
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(timeout=30)


@pytest.fixture
def server(tmp_path):
    repo = released(tmp_path / "repo")
    log = tmp_path / "serve.log"
    with serving(repo, log) as base:
        yield repo, base, log


def test_serve_shows_both_locales_and_rebuilds_the_draft_on_edits(server):
    repo, base, log = server
    wait_for(f"{base}/en/privacy-policy/", "Released text.")
    archived = wait_for(f"{base}/en/privacy-policy/2023-01-01/", "Old text.")
    redline = fetch(f"{base}/en/privacy-policy/changes/2023-01-01...2023-07-03/")
    assert "<ins>" in redline
    wait_for(f"{base}/th/privacy-policy/", "ข้อความที่เผยแพร่")
    repo.write(TH, doc("นโยบาย", "## 1. ขอบเขต {#scope}\n\nข้อความฉบับร่างใหม่\n", notice="n"))
    draft = wait_for(f"{base}/th/privacy-policy/draft/", "ข้อความฉบับร่างใหม่")
    assert "ฉบับร่าง ยังไม่ได้เผยแพร่" in draft
    repo.write(EN, doc("Privacy", "## 1. Scope {#scope}\n\nEdited draft text.\n", notice="n"))
    wait_for(f"{base}/en/privacy-policy/draft/", "Edited draft text.")
    # the text in force stays the released one
    assert "Edited draft text." not in fetch(f"{base}/en/privacy-policy/").split("rl-policy", 1)[1]
    # released pages are kept from the previous build, byte for byte, not rebuilt
    assert re.search(r"/en/: \d+ pages rendered, 3 reused from the cache", log.read_text("utf-8"))
    # every build in this process: no worker (which reports its peak memory), no helper
    built = re.findall(r"redline: built /\w+/: .*", log.read_text("utf-8"))
    assert len(built) >= 4 and not [m for m in built if "peak memory" in m or "ahead" in m]
    assert BUILT_HERE in log.read_text("utf-8")
    assert page(fetch(f"{base}/en/privacy-policy/2023-01-01/")) == page(archived)
    redline_now = fetch(f"{base}/en/privacy-policy/changes/2023-01-01...2023-07-03/")
    assert page(redline_now) == page(redline)


def wait_for_log(log, text: str, seconds: float = 60, after: int = 0) -> str:
    deadline = time.monotonic() + seconds
    content = ""
    while time.monotonic() < deadline:
        content = log.read_text(encoding="utf-8")
        if text in content[after:]:
            return content
        time.sleep(0.3)
    raise AssertionError(f"the serve log did not show {text!r} within {seconds}s:\n{content}")


def test_serve_refuses_a_symbolic_link_and_a_folder_named_like_a_policy_file(server, tmp_path):
    repo, base, log = server
    wait_for(f"{base}/en/privacy-policy/", "Released text.")
    secret = tmp_path / "secret.md"
    secret.write_text(doc("Leak", "## S {#s}\n\nSECRET-OUTSIDE\n"), encoding="utf-8")
    (repo.path / "policy/en/leak.md").symlink_to(secret)
    wait_for_log(log, "ERROR   -  policy/en/leak.md: a symbolic link, which is never followed")
    assert "SECRET-OUTSIDE" not in fetch(f"{base}/en/leak/draft/")
    (repo.path / "policy/en/leak.md").unlink()
    (repo.path / "policy/en/notes.md").mkdir()
    wait_for_log(log, "ERROR   -  policy/en/notes.md: a folder, not a policy file")
    assert "Traceback" not in log.read_text(encoding="utf-8")


def test_serve_clean_builds_as_a_build_and_rebuilds_in_its_own_process(tmp_path):
    """`mkdocs serve --clean` starts up as `mkdocs build` (its first build, before any thread,
    in workers) and rebuilds while its threads run: in its own process."""
    repo = released(tmp_path / "repo")
    log = tmp_path / "serve.log"
    with serving(repo, log, "--clean") as base:
        wait_for(f"{base}/th/privacy-policy/", "ข้อความที่เผยแพร่")
        first = wait_for_log(log, "Serving on ")  # after the first build
        built = re.findall(r"redline: built /\w+/: .*", first)
        assert len(built) == 2 and all("; worker peak memory" in m for m in built), first
        assert BUILT_HERE not in first
        repo.write(EN, doc("Privacy", "## 1. Scope {#scope}\n\nEdited draft text.\n"))
        rebuilt = wait_for_log(log, BUILT_HERE)
        wait_for_log(log, "redline: built /th/", after=len(rebuilt))
    again = log.read_text("utf-8")[len(first) :]
    assert "redline: built /en/" in again and "peak memory" not in again
