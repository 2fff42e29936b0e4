"""`redline verify`: a new build keeps every published revision, checked as the workflow runs it.

The published `revisions.json` comes from a real build of a real repository with annotated tags;
tags are then moved or deleted as a careless release would, the site is built again, and the real
command compares the two: against a file, and against a real HTTP server on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from tests.support.gitrepo import PolicyRepo, doc
from tests.support.sitebuild import COOKIE, COOKIE_TEXT, EN, build, configure, two_releases


def verify(*args: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    # A proxy from the environment must not intercept the test server on 127.0.0.1.
    env = {**os.environ, "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"}
    return subprocess.run(
        [sys.executable, "-m", "redline.cli", "verify", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,  # a hang fails the test instead of the suite
    )


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """A repository with two releases and the `revisions.json` published from it."""
    base = tmp_path_factory.mktemp("published")
    repo = two_releases(PolicyRepo(base / "repo"))
    site = build(repo.path, base / "site")
    live = base / "live"
    live.mkdir()
    shutil.copy(site / "revisions.json", live / "revisions.json")
    return SimpleNamespace(repo=repo.path, file=live / "revisions.json", live=live)


@pytest.fixture
def clone(published: SimpleNamespace, tmp_path: Path) -> PolicyRepo:
    """A clone of the published repository (same commits, same tags), free to be spoiled."""
    shutil.copytree(published.repo, tmp_path / "repo")
    return PolicyRepo(tmp_path / "repo")


def rebuild(clone: PolicyRepo, tmp_path: Path) -> Path:
    return build(clone.path, tmp_path / "site") / "revisions.json"


def move_newest_tag(clone: PolicyRepo) -> None:
    """Re-tag policy/2022-03-31 on other text (still after policy/2017-02-12's commit)."""
    clone.git("checkout", "-q", "-b", "rewrite", "policy/2017-02-12")
    clone.write(EN, doc("Privacy Policy", "## 1. Scope {#scope}\n\nQuietly rewritten.\n"))
    clone.write(COOKIE, COOKIE_TEXT)  # the same text, at another commit
    clone.commit("rewrite", date="2022-03-31")
    clone.git("tag", "-f", "-a", "policy/2022-03-31", "-m", "Moved", date="2022-03-31T12:00:00Z")


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """A real HTTP server for `folder` on 127.0.0.1; `/broken/...` answers 500."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path.startswith("/broken/"):
                self.send_error(500, "Internal Server Error")
                return
            super().do_GET()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(Handler, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_the_same_history_and_a_new_release_pass(clone, published, tmp_path):
    # Released and built after the day the published index was built as of (2024-01-01).
    clone.release(
        "2024-03-01",
        {EN: doc("Privacy Policy", "## 1. Scope {#scope}\n\nNames only.\n", notice="Less.")},
    )
    built = build(clone.path, tmp_path / "site", as_of="2024-03-01") / "revisions.json"
    result = verify("--against", str(published.file), "--built", str(built), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "redline verify: all 4 published revision(s)" in result.stdout
    assert "; 1 new" in result.stdout


def test_the_default_new_file_is_site_revisions_json(clone, published):
    # `mkdocs build` in the repository writes site/revisions.json, which verify reads by default.
    build(clone.path, clone.path / "site")
    result = verify("--against", str(published.file), cwd=clone.path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "unchanged in site/revisions.json; 0 new" in result.stdout


def test_a_moved_tag_fails_naming_the_changed_revisions(clone, published, tmp_path):
    move_newest_tag(clone)
    built = rebuild(clone, tmp_path)
    result = verify("--against", str(published.file), "--built", str(built), cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    (changed,) = [line for line in lines if line.startswith("en/privacy-policy 2022-03-31:")]
    assert changed.startswith("en/privacy-policy 2022-03-31: error: the published release changed")
    old = json.loads(published.file.read_text(encoding="utf-8"))
    (entry,) = [
        r
        for d in old["documents"]
        if (d["document"], d["locale"]) == ("privacy-policy", "en")
        for r in d["revisions"]
        if r["date"] == "2022-03-31"
    ]
    assert f"sha256 {entry['sha256'][:12]} is now " in changed
    assert f"restore tag policy/2022-03-31 at commit {entry['commit'][:12]}" in changed
    assert "the tag moved to commit " in changed
    # The cookie policy's text did not change, but its release moved with the tag.
    (cookie,) = [line for line in lines if line.startswith("en/cookie-policy 2022-03-31:")]
    assert "the tag moved to commit " in cookie and "sha256" not in cookie
    # The older revisions are untouched: not named.
    assert not any(line.startswith(("th/", "en/privacy-policy 2017")) for line in lines)
    assert "2 of 4 published revision(s) changed or missing" in lines[-1]


def test_a_deleted_tag_fails_naming_each_missing_revision(clone, published, tmp_path):
    clone.git("tag", "-d", "policy/2022-03-31")
    built = rebuild(clone, tmp_path)
    result = verify("--against", str(published.file), "--built", str(built), cwd=tmp_path)
    assert result.returncode == 1
    missing = [line for line in result.stdout.splitlines() if "is missing" in line]
    assert [line.split(":")[0] for line in missing] == [
        "en/cookie-policy 2022-03-31",
        "en/privacy-policy 2022-03-31",
    ]
    assert "restore tag policy/2022-03-31 at commit " in missing[0]


@pytest.mark.parametrize(
    ("published_text", "message"),
    [
        ("{not json", "not JSON (line 1, column 2: Expecting property name"),
        ('{"documents": {}}', "the index has a dict for 'documents' (expected a list)"),
        (
            '{"documents": [{"document": "privacy-policy", "revisions": []}]}',
            "documents[0] has no 'locale'",
        ),
        (
            '{"documents": [{"document": "p", "locale": "en", "revisions": [{"date": "x"}]}]}',
            "documents[0].revisions[0] has no 'sha256'",
        ),
    ],
)
def test_a_malformed_published_index_is_one_clear_error(
    published, tmp_path, published_text, message
):
    bad = tmp_path / "revisions.json"
    bad.write_text(published_text, encoding="utf-8")
    result = verify("--against", str(bad), "--built", str(published.file), cwd=tmp_path)
    assert result.returncode == 1
    # one line, on stderr (errors go there), no traceback
    assert result.stderr.startswith(f"redline verify: {bad}: {message}"), result.stderr
    assert len(result.stderr.splitlines()) == 1 and result.stdout == ""


def test_a_missing_new_build_says_to_build_first(published, tmp_path):
    result = verify("--against", str(published.file), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == (
        "redline verify: site/revisions.json: no such file; build the site first (mkdocs build) "
        "or name the file with --built\n"
    )


def test_against_the_live_site_over_http(clone, published, tmp_path):
    move_newest_tag(clone)
    spoiled = rebuild(clone, tmp_path)
    with serving(published.live) as url:
        same = verify(
            "--against", f"{url}/revisions.json", "--built", str(published.file), cwd=tmp_path
        )
        assert same.returncode == 0, same.stdout
        assert f"of {url}/revisions.json are unchanged" in same.stdout
        moved = verify("--against", f"{url}/revisions.json", "--built", str(spoiled), cwd=tmp_path)
        assert moved.returncode == 1, moved.stdout
        assert "en/privacy-policy 2022-03-31: error: the published release changed" in moved.stdout
        first = verify(
            "--against", f"{url}/new-site/revisions.json", "--built", str(spoiled), cwd=tmp_path
        )
        assert first.returncode == 0, first.stdout
        assert first.stdout == (
            f"redline verify: {url}/new-site/revisions.json answered 404: nothing is published "
            "yet (first publication), nothing to compare\n"
        )
        broken = verify(
            "--against", f"{url}/broken/revisions.json", "--built", str(spoiled), cwd=tmp_path
        )
        assert broken.returncode == 1
        assert broken.stderr == (
            f"redline verify: {url}/broken/revisions.json: the server answered HTTP 500 "
            "Internal Server Error (3 tries)\n"
        )
    # The server is gone: the connection is refused, and nothing may be deployed.
    gone = verify("--against", f"{url}/revisions.json", "--built", str(spoiled), cwd=tmp_path)
    assert gone.returncode == 1 and "Traceback" not in gone.stderr
    assert gone.stderr.startswith(f"redline verify: {url}/revisions.json: cannot fetch it: ")
    assert "refused" in gone.stderr


def test_a_tag_moved_to_another_commit_with_the_same_text_fails(clone, published, tmp_path):
    # The text is byte for byte the same, but the release is no longer the published one.
    clone.git("checkout", "-q", "-b", "again", "policy/2022-03-31")
    clone.commit("nothing new", date="2022-04-01")
    clone.git("tag", "-f", "-a", "policy/2022-03-31", "-m", "Release", date="2022-04-01T12:00:00Z")
    built = rebuild(clone, tmp_path)
    result = verify("--against", str(published.file), "--built", str(built), cwd=tmp_path)
    assert result.returncode == 1, result.stdout
    moved = [line for line in result.stdout.splitlines() if "2022-03-31: error:" in line]
    assert len(moved) == 2  # the privacy and the cookie policy of that release
    assert all("the tag moved to commit " in line and "sha256" not in line for line in moved)


def test_a_rewritten_release_summary_fails(clone, published, tmp_path):
    # Same commit, same text, another tag message: what the history says of the release changed.
    commit = clone.git("rev-parse", "policy/2022-03-31^{commit}").strip()
    clone.git("tag", "-f", "-a", "policy/2022-03-31", "-m", "Another story", commit)
    built = rebuild(clone, tmp_path)
    assert '"summary": "Another story"' in built.read_text(encoding="utf-8")
    result = verify("--against", str(published.file), "--built", str(built), cwd=tmp_path)
    assert result.returncode == 1, result.stdout
    rewritten = [line for line in result.stdout.splitlines() if "summary was rewritten" in line]
    assert len(rewritten) == 2, result.stdout  # the privacy and the cookie policy of that release


def test_a_backdated_new_revision_fails(repo, tmp_path):
    # A tag on an unreleased commit between two published releases changes what was in force on
    # published days, although every published revision is still there, unchanged.
    repo.release("2017-02-12", {EN: doc("Privacy Policy", "## 1. Scope {#scope}\n\nOne.\n")})
    repo.write(EN, doc("Privacy Policy", "## 1. Scope {#scope}\n\nNever in force.\n"))
    interim = repo.commit("work in progress", date="2019-01-01")
    repo.release("2022-03-31", {EN: doc("Privacy Policy", "## 1. Scope {#scope}\n\nTwo.\n")})
    published = build(repo.path, tmp_path / "published", locales={"en": {"name": "English"}})
    repo.git("tag", "-a", "policy/2019-01-01", "-m", "Interim", interim)
    built = build(repo.path, tmp_path / "site", locales={"en": {"name": "English"}})
    result = verify(
        "--against",
        str(published / "revisions.json"),
        "--built",
        str(built / "revisions.json"),
        cwd=tmp_path,
    )
    assert result.returncode == 1, result.stdout
    (line,) = [line for line in result.stdout.splitlines() if "2019-01-01: error:" in line]
    assert line.startswith("en/privacy-policy 2019-01-01: error: a new revision dated before")
    assert "(2024-01-01)" in line and "(2022-03-31)" in line


@pytest.mark.parametrize(
    "published_text",
    ["[" * 100_000, '{"documents": [' + "1" * 5000 + "]}"],
    ids=["deeply nested", "huge number"],
)
def test_a_hostile_published_index_is_one_clear_error(published, tmp_path, published_text):
    bad = tmp_path / "revisions.json"
    bad.write_text(published_text, encoding="utf-8")
    result = verify("--against", str(bad), "--built", str(published.file), cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "not an index Redline writes (too deep or too large)" in result.stderr


def test_control_characters_from_the_published_index_are_printed_escaped(published, tmp_path):
    index = json.loads(published.file.read_text(encoding="utf-8"))
    index["documents"][0]["revisions"][0]["tag"] = "policy/\x1b[31mRED"
    index["documents"][0]["document"] = "\ud800gone"
    bad = tmp_path / "revisions.json"
    bad.write_text(json.dumps(index), encoding="utf-8")
    result = verify("--against", str(bad), "--built", str(published.file), cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "\x1b" not in result.stdout
    assert "\\x1b[31mRED" in result.stdout


ENGLISH = {"en": {"name": "English"}}


def build_with(repo: Path, site: Path, *extensions: str) -> Path:
    """Build `repo` (English only) with these Markdown extensions added to its mkdocs.yml."""
    config = configure(repo, locales=ENGLISH, as_of="2024-01-01")
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["markdown_extensions"] += list(extensions)
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    mkdocs_build(load_config(config_file=str(config), site_dir=str(site)))
    return site / "revisions.json"


def rendered(index: Path) -> dict[str, str | None]:
    data = json.loads(index.read_text(encoding="utf-8"))
    return {
        f"{d['locale']}/{d['document']} {r['date']}": r["rendered_sha256"]
        for d in data["documents"]
        for r in d["revisions"]
    }


def test_a_rerendered_archive_fails_unless_accepted_with_a_reason(tmp_path):
    repo = PolicyRepo(tmp_path / "repo")
    strike = "## 1. Scope {#scope}\n\nWe do ~~not~~ sell names.\n"
    repo.release("2017-02-12", {EN: doc("Privacy Policy", strike, notice="A.")})
    plain = "## 1. Scope {#scope}\n\nWe sell nothing.\n"
    repo.release("2022-03-31", {EN: doc("Privacy Policy", plain, notice="B.")})
    live = tmp_path / "live.json"
    shutil.copy(build_with(repo.path, tmp_path / "first"), live)
    # The same settings again: the same rendering, nothing to accept.
    same = build_with(repo.path, tmp_path / "same")
    assert rendered(same) == rendered(live)
    assert verify("--against", str(live), "--built", str(same), cwd=tmp_path).returncode == 0

    # A Markdown extension added: the archived ~~not~~ now renders as struck-through text.
    built = build_with(repo.path, tmp_path / "site", "pymdownx.tilde")
    as_built = built.read_bytes()
    changed = {k for k, v in rendered(built).items() if rendered(live)[k] != v}
    assert changed == {"en/privacy-policy 2017-02-12"}
    failed = verify("--against", str(live), "--built", str(built), cwd=tmp_path)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    (line,) = [line for line in failed.stdout.splitlines() if ": error:" in line]
    assert line.startswith(
        "en/privacy-policy 2017-02-12: error: the published text renders differently now"
    )
    assert "Markdown extension in mkdocs.yml" in line and "--accept-rerender" in line
    assert "do not deploy this build" in failed.stdout
    assert built.read_bytes() == as_built  # nothing recorded

    reason = "pymdownx.tilde added for strike-through"
    accepted = verify(
        "--against", str(live), "--built", str(built), "--accept-rerender", reason, cwd=tmp_path
    )
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert "1 re-rendered, accepted and recorded (en/privacy-policy 2017-02-12)" in accepted.stdout
    index = json.loads(built.read_text(encoding="utf-8"))
    record = {
        "date": "2024-01-01",
        "reason": reason,
        "revisions": [
            {
                "document": "privacy-policy",
                "locale": "en",
                "date": "2017-02-12",
                "rendered_sha256_before": rendered(live)["en/privacy-policy 2017-02-12"],
                "rendered_sha256": rendered(built)["en/privacy-policy 2017-02-12"],
            }
        ],
    }
    assert index.pop("rerendered") == [record]
    assert index == json.loads(as_built)  # the rest as the build wrote it
    # Verifying the same build again records it once.
    again = verify(
        "--against", str(live), "--built", str(built), "--accept-rerender", reason, cwd=tmp_path
    )
    assert again.returncode == 0
    assert json.loads(built.read_text(encoding="utf-8"))["rerendered"] == [record]

    # Deployed; the next build (same settings) passes and carries the record on.
    shutil.copy(built, live)
    later = build_with(repo.path, tmp_path / "later", "pymdownx.tilde")
    assert "rerendered" not in json.loads(later.read_text(encoding="utf-8"))
    carried = verify("--against", str(live), "--built", str(later), cwd=tmp_path)
    assert carried.returncode == 0, carried.stdout + carried.stderr
    assert json.loads(later.read_text(encoding="utf-8"))["rerendered"] == [record]

    blank = verify(
        "--against", str(live), "--built", str(built), "--accept-rerender", " ", cwd=tmp_path
    )
    assert blank.returncode == 2
    assert blank.stderr == (
        "redline verify: --accept-rerender needs a reason: what changed and why\n"
    )


def test_the_rendered_digest_is_the_same_with_one_worker_two_and_from_the_cache(
    published, tmp_path, caplog
):
    cache = tmp_path / "cache"
    built = []
    for n, workers in enumerate((1, 2, 2)):  # the last build takes its pages from the cache
        caplog.clear()
        with caplog.at_level(logging.DEBUG, logger="mkdocs.plugins.redline"):
            site = build(
                published.repo, tmp_path / f"site{n}", workers=workers, cache_dir=str(cache)
            )
        built.append(site / "revisions.json")
    reused = [int(n) for n in re.findall(r"\((\d+) from the page cache\)", caplog.text)]
    assert len(reused) == 2 and all(reused), caplog.text  # /en/ and /th/ took revision pages
    digests = [rendered(index) for index in built]
    assert digests[0] == digests[1] == digests[2] == rendered(published.file)
    assert len(digests[0]) == 4  # en: privacy policy twice, cookie policy; th: privacy policy
    assert all(isinstance(v, str) and len(v) == 64 for v in digests[0].values())
    assert built[0].read_bytes() == built[1].read_bytes() == built[2].read_bytes()


# -- redline verify --site: a published site against its SHA256SUMS and the tags --------------


@pytest.fixture(scope="module")
def built_site(published: SimpleNamespace, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The published repository's site, built whole (SHA256SUMS included)."""
    return build(published.repo, tmp_path_factory.mktemp("whole") / "site")


def test_a_built_site_matches_its_checksums_and_tags(built_site, published):
    lines = (built_site / "SHA256SUMS").read_text("utf-8").splitlines()
    names = [line.split("  ", 1)[1] for line in lines]
    assert "revisions.json" in names and "en/privacy-policy/index.html" in names
    assert "SHA256SUMS" not in names and names == sorted(names, key=lambda n: n.encode())
    files = sorted(
        p.relative_to(built_site).as_posix() for p in built_site.rglob("*") if p.is_file()
    )
    assert sorted(names) == [n for n in files if n != "SHA256SUMS"]
    # The sha256sum tool reads it as its own format.
    check = subprocess.run(
        ["sha256sum", "--check", "--quiet", "--strict", "SHA256SUMS"],
        cwd=built_site,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    result = verify("--site", str(built_site), "--repo", str(published.repo), cwd=built_site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"all {len(lines)} file(s)" in result.stdout
    assert "4 revision(s) are the texts at their tags in" in result.stdout
    assert result.stdout.endswith("(0 signed)\n")


def test_one_changed_byte_fails_naming_the_page(built_site, published, tmp_path):
    site = shutil.copytree(built_site, tmp_path / "site")
    page = site / "th" / "privacy-policy" / "index.html"
    data = bytearray(page.read_bytes())
    data[len(data) // 2] ^= 0x01
    page.write_bytes(bytes(data))
    result = verify("--site", str(site), "--repo", str(published.repo), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "th/privacy-policy/index.html: changed since it was built (its SHA-256 differs)"
    )
    assert "1 problem(s)" in result.stdout
    # Over http too: the published copy is fetched file by file.
    with serving(site) as url:
        online = verify("--site", url, "--repo", str(published.repo), cwd=tmp_path)
    assert online.returncode == 1
    assert online.stdout.startswith("th/privacy-policy/index.html: changed")


def test_a_published_site_over_http_passes(built_site, published, tmp_path):
    with serving(built_site) as url:
        result = verify("--site", url, "--repo", str(published.repo), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_site_whose_tags_were_moved_fails_naming_the_revisions(built_site, clone, tmp_path):
    move_newest_tag(clone)
    result = verify("--site", str(built_site), "--repo", str(clone.path), cwd=tmp_path)
    assert result.returncode == 1
    assert "en/cookie-policy 2022-03-31: tag policy/2022-03-31 points at another commit" in (
        result.stdout
    )
    clone.git("tag", "-d", "policy/2017-02-12")
    gone = verify("--site", str(built_site), "--repo", str(clone.path), cwd=tmp_path)
    assert "th/privacy-policy 2017-02-12: tag policy/2017-02-12 is not in the repository" in (
        gone.stdout
    )


def test_a_folder_without_checksums_is_one_clear_error(tmp_path):
    result = verify("--site", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"redline verify: {tmp_path}/SHA256SUMS: not found; is this a Redline site?"
    )
    both = verify("--site", str(tmp_path), "--against", "x", cwd=tmp_path)
    assert both.returncode == 2 and "not both" in both.stderr
