"""`mkdocs serve`: both locales served, the draft shown, and a rebuild on edits to either."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.support.gitrepo import PolicyRepo, doc
from tests.support.sitebuild import configure

EN = "policy/en/privacy-policy.md"
TH = "policy/th/privacy-policy.md"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


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


@pytest.fixture
def server(tmp_path):
    repo = PolicyRepo(tmp_path / "repo")
    repo.release("2023-01-01", {EN: doc("Privacy", "## 1. Scope {#scope}\n\nOld text.\n")})
    repo.release(
        "2023-07-03",
        {
            EN: doc("Privacy", "## 1. Scope {#scope}\n\nReleased text.\n", notice="n"),
            TH: doc("นโยบาย", "## 1. ขอบเขต {#scope}\n\nข้อความที่เผยแพร่\n", notice="n"),
        },
    )
    # The locales in worker processes (as on any machine with two CPUs): serve keeps what it
    # reuses from one rebuild to the next in its own process.
    config = configure(repo.path, as_of="2024-01-01", workers=2)
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
            cwd=repo.path,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            yield repo, f"http://127.0.0.1:{port}", log
        finally:
            process.terminate()
            process.wait(timeout=30)


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
    assert "; worker peak memory" in log.read_text(encoding="utf-8")
    assert page(fetch(f"{base}/en/privacy-policy/2023-01-01/")) == page(archived)
    redline_now = fetch(f"{base}/en/privacy-policy/changes/2023-01-01...2023-07-03/")
    assert page(redline_now) == page(redline)


def wait_for_log(log, text: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    content = ""
    while time.monotonic() < deadline:
        content = log.read_text(encoding="utf-8")
        if text in content:
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
