"""The cache of redlines and of the Thai search index: reused, never stale, safe to delete."""

from __future__ import annotations

import json
import logging
import shutil

import pytest

from redline.build.cache import (
    HEADER,
    KEY_ID,
    PACKAGE,
    SEAL,
    Cache,
    code_digest,
    sealed,
    versions,
)
from tests.support.gitrepo import doc
from tests.support.sitebuild import build, run_mkdocs

EN = "policy/en/privacy-policy.md"
TH = "policy/th/privacy-policy.md"


@pytest.fixture
def repo(repo):
    r = repo
    r.release(
        "2020-01-01",
        {
            EN: doc("Privacy", "## 1. Scope {#scope}\n\nWe collect names.\n"),
            TH: doc("นโยบาย", "## 1. ขอบเขต {#scope}\n\nเราเก็บรวบรวมชื่อ\n"),
        },
    )
    r.release(
        "2021-01-01",
        {
            EN: doc("Privacy", "## 1. Scope {#scope}\n\nWe collect names and e-mail.\n"),
            TH: doc("นโยบาย", "## 1. ขอบเขต {#scope}\n\nเราเก็บรวบรวมชื่อและอีเมล\n"),
        },
    )
    return r


DIFF = "en/privacy-policy/changes/2020-01-01...2021-01-01/index.html"


def files(root):
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_warm_build_reuses_the_cache_and_gives_the_same_site(repo, tmp_path, caplog):
    caplog.set_level(logging.DEBUG, logger="mkdocs")  # cache counts: debug lines
    cache = tmp_path / "cache"
    cold = build(repo.path, tmp_path / "cold", cache_dir=str(cache))
    assert list((cache / "redline").rglob("*.sealed"))
    assert list((cache / "html").rglob("*.sealed"))
    assert list((cache / "search-words").rglob("*.json"))
    caplog.clear()
    warm = build(repo.path, tmp_path / "warm", cache_dir=str(cache))
    assert "misses" in caplog.text
    lines = [r.getMessage() for r in caplog.records if "cache:" in r.getMessage()]
    assert lines and all(", 0 misses)" in line for line in lines), lines
    assert files(cold) == files(warm)


def test_a_changed_markdown_setting_is_never_served_stale_from_the_cache(repo, tmp_path):
    cache = tmp_path / "cache"
    build(repo.path, tmp_path / "one", cache_dir=str(cache))
    from tests.support.sitebuild import (
        configure,  # the project's configuration, with another permalink
    )

    config_file = configure(repo.path, cache_dir=str(cache), as_of="2024-01-01")
    text = config_file.read_text(encoding="utf-8").replace("permalink: '#'", "permalink: '¶'")
    assert "permalink: '¶'" in text
    config_file.write_text(text, encoding="utf-8")
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    mkdocs_build(load_config(config_file=str(config_file), site_dir=str(tmp_path / "two")))
    assert "¶" in (tmp_path / "two" / DIFF).read_text(encoding="utf-8")


def test_the_cache_is_safe_to_delete_between_builds(repo, tmp_path):
    cache = tmp_path / "cache"
    first = build(repo.path, tmp_path / "one", cache_dir=str(cache))
    shutil.rmtree(cache)
    second = build(repo.path, tmp_path / "two", cache_dir=str(cache))
    assert files(first) == files(second)


def test_keys_depend_on_the_salt_of_library_versions(tmp_path):
    assert "redline=" in versions() and "pythainlp=" in versions()
    old = Cache(tmp_path, "redline=0.1.0")
    new = Cache(tmp_path, "redline=0.2.0")
    old.put("redline", old.key("a", "b"), {"html": "x"})
    assert old.get("redline", old.key("a", "b")) == {"html": "x"}
    assert new.get("redline", new.key("a", "b")) is None


def test_the_code_digest_covers_every_module_of_the_package_and_its_subpackages(tmp_path):
    # The cache key once listed modules by hand: a module split into a subpackage dropped out.
    assert f"code={code_digest()[:16]}" in versions()
    package = tmp_path / "redline"
    shutil.copytree(PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    assert code_digest(package) == code_digest()
    seen = {code_digest(package)}
    for path in sorted(package.rglob("*.py")):
        original = path.read_bytes()
        path.write_bytes(original + b"\n# changed\n")
        seen.add(code_digest(package))
        path.write_bytes(original)
    assert {p.relative_to(package).as_posix() for p in package.rglob("*.py")} >= {
        "build/redlines.py",
        "diff/__init__.py",
        "diff/parse.py",
        "diff/align.py",
        "diff/render.py",
    }
    assert len(seen) == 1 + sum(1 for _ in package.rglob("*.py"))  # each change is a new key
    (package / "diff" / "align.py").rename(package / "diff" / "aligner.py")
    assert code_digest(package) not in seen  # a moved module is a code change too


def test_a_planted_cache_entry_cannot_bring_script_into_the_site(repo, tmp_path, monkeypatch):
    # The cache is a plain folder anything on the machine can write to: a redline or a rendered
    # revision is taken only sealed with the user's key, and sanitized again all the same; Thai
    # words are checked against the text again.
    monkeypatch.setenv("REDLINE_CACHE_SECRET", "the user's own key")
    cache = tmp_path / "cache"
    build(repo.path, tmp_path / "cold", cache_dir=str(cache))
    payload = '<img src=x onerror="__pwn(1)"><script>__pwn(2)</script>'
    for entry in (cache / "redline").rglob("*.sealed"):
        data = json.loads(entry.read_bytes()[HEADER:])
        data["html"] += payload
        body = json.dumps(data).encode()
        key = entry.name.removesuffix(".sealed")
        # Sealed as a build with the key would: only the second sanitizer stands in the way.
        entry.write_bytes(sealed(b"the user's own key", key, body))
    for entry in (cache / "search-words").rglob("*.json"):
        data = json.loads(entry.read_text(encoding="utf-8"))
        entry.write_text(json.dumps({run: [run + payload] for run in data}), encoding="utf-8")
    # Pages rendered again (not taken whole from the cache: tests/integration/test_reuse.py).
    warm = build(repo.path, tmp_path / "warm", cache_dir=str(cache), reuse_pages=False)
    page = (warm / DIFF).read_text(encoding="utf-8")
    index = (warm / "th/search/search_index.json").read_text(encoding="utf-8")
    for text in (page, index):
        assert "__pwn" not in text and "onerror" not in text
    assert "<ins>" in page  # the cached redline is still used
    assert "\u200b" in index  # and Thai is still segmented


def test_a_planted_redline_or_revision_without_the_users_seal_is_not_shown(repo, tmp_path):
    # Wrong words are not script: no sanitizer would stop them. An entry is taken from the cache
    # only sealed with the user's key.
    cache = tmp_path / "cache"
    cold = build(repo.path, tmp_path / "cold", cache_dir=str(cache))
    planted = 0
    for kind, field in (("redline", "html"), ("html", None)):
        for entry in (cache / kind).rglob("*.sealed"):
            old = entry.read_bytes()
            data = json.loads(old[HEADER:])
            if field:
                data[field] = "<p><ins>We sell your data.</ins></p>"
            else:
                data = "<p>We sell your data.</p>"
            body = json.dumps(data).encode()
            # The user's key's id, with a seal made without the key.
            entry.write_bytes(old[:KEY_ID] + b"0" * SEAL + b"\n" + body)
            planted += 1
    assert planted >= 4
    warm = build(repo.path, tmp_path / "warm", cache_dir=str(cache), reuse_pages=False)
    page = (warm / DIFF).read_text(encoding="utf-8")
    assert "sell your data" not in page and "e-mail" in page
    assert (cold / DIFF).read_bytes() == (warm / DIFF).read_bytes()


@pytest.mark.parametrize("how", ["link", "tracked"])
def test_a_cache_folder_that_is_a_link_or_in_git_is_refused(repo, tmp_path, how):
    outside = tmp_path / "outside"
    outside.mkdir()
    if how == "link":
        (repo.path / ".cache").symlink_to(outside)
        message = "cache_dir: .cache is a symbolic link"
    else:
        repo.write(".cache/redline/redline/00/planted.json", "{}")
        repo.git("add", "-f", ".cache")
        repo.commit("chore: tidy")
        message = "cache_dir: git tracks files in .cache/redline"
    result = run_mkdocs(repo.path, tmp_path / "site", cache_dir=".cache/redline")
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not any(outside.iterdir())
