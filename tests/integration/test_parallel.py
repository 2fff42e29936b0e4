"""`workers`: the locales built in worker processes give the very site of a build in one process."""

from __future__ import annotations

import logging
import os
import re

import pytest
import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from tests.support.gitrepo import doc
from tests.support.sitebuild import EN, TH, build, configure, run_mkdocs, two_releases


@pytest.fixture
def repo(repo):
    return two_releases(repo)


def files(root):
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_locales_built_by_two_workers_are_byte_identical_to_one_process(repo, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)  # the figures of each locale's build are debug lines
    one = files(build(repo.path, tmp_path / "one", workers=1))
    assert "worker peak memory" not in caplog.text  # workers: 1 builds in this process
    caplog.clear()
    two = files(build(repo.path, tmp_path / "two", workers=2))

    # Each locale was built by a worker process, whose log records reached this process.
    built = [r.getMessage() for r in caplog.records if r.getMessage().startswith("redline: built")]
    assert sorted(m.split(":")[1] for m in built) == [" built /en/", " built /th/"]
    assert all("worker peak memory" in m for m in built), built
    nested = [r for r in caplog.records if r.name == "mkdocs.commands.build"]
    assert any(str(tmp_path / "two" / "th") in r.getMessage() for r in nested)

    assert len(one) > 20 and "th/privacy-policy/index.html" in one
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []


def test_a_locale_that_fails_in_its_worker_says_which_and_why(repo, tmp_path, caplog):
    # A template that fails in the Thai build only.
    (repo.path / "overrides").mkdir()
    (repo.path / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}{% block site_meta %}{{ super() }}'
        '{% if config.theme.language == "th" %}{{ no_such_thing.title }}{% endif %}'
        "{% endblock %}",
        encoding="utf-8",
    )
    config = configure(repo.path, workers=2)
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["theme"]["custom_dir"] = "overrides"
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    with pytest.raises(Abort):
        mkdocs_build(load_config(config_file=str(config), site_dir=str(tmp_path / "site")))
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert "the build of /th/ failed: UndefinedError: 'no_such_thing' is undefined" in errors
    assert not any("Traceback" in message for message in errors), errors


def test_workers_must_be_one_or_more(repo, tmp_path):
    result = run_mkdocs(repo.path, tmp_path / "site", workers=0)
    assert result.returncode != 0
    assert "0 workers: give 1 or more" in result.stderr, result.stderr


def test_a_warning_in_a_worker_counts_for_strict(repo, tmp_path):
    # A link to a page that does not exist: MkDocs warns in the English build only (on the
    # text in force and on its archived revision).
    repo.release(
        "2023-01-01",
        {EN: doc("Privacy Policy", "## 1. Scope {#scope}\n\nSee [the terms](missing.md).\n")},
    )
    # Every page rendered in both builds (a page taken from the cache is not rendered, so it
    # would not warn again).
    plain = run_mkdocs(repo.path, tmp_path / "plain", workers=2, reuse_pages=False)
    assert plain.returncode == 0, plain.stderr
    assert "missing.md" in plain.stderr  # logged by the worker, shown by the build
    strict = run_mkdocs(repo.path, tmp_path / "strict", "--strict", workers=2, reuse_pages=False)
    assert strict.returncode == 1
    assert "Aborted with 2 warnings in strict mode!" in strict.stdout, strict.stdout


# --- CPUs that no locale takes compute redlines ahead (`redlines.Ahead`) ---


def more_releases(repo):
    """Redlines in both locales: English has 3 revisions, Thai 2."""
    repo.release(
        "2023-05-02",
        {
            EN: doc(
                "Privacy Policy",
                "## 1. Scope {#scope}\n\nWe collect names and e-mail addresses.\n\n"
                "## 2. Abroad {#abroad}\n\nCloud servers in Singapore.\n",
                notice="Clauses 1 and 2 made precise.",
            ),
            TH: doc("นโยบาย", "## 1. ขอบเขต {#scope}\n\nเราเก็บรวบรวมชื่อและอีเมล\n", notice="ข"),
        },
    )
    return repo


def built_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith("redline: built")]


def cache_counts(lines: list[str]) -> str:
    """The disk cache's hits and misses once every locale is built (the counts add up)."""
    return re.findall(r"cache: \d+ hits, \d+ misses", lines[-1])[0]


def test_spare_cpus_compute_every_redline_ahead_and_the_site_is_the_same(repo, tmp_path, caplog):
    more_releases(repo)
    caplog.set_level(logging.DEBUG)  # the figures of each locale's build are debug lines
    one = files(build(repo.path, tmp_path / "one", workers=1, cache_dir=str(tmp_path / "c1")))
    alone = built_lines(caplog)
    assert not any("computed ahead" in m for m in alone)  # workers: 1 forks nothing
    caplog.clear()
    # Four CPUs, two locales: each locale's worker forks a helper.
    four = files(build(repo.path, tmp_path / "four", workers=4, cache_dir=str(tmp_path / "c4")))
    helped = built_lines(caplog)
    assert sorted(m.split(":")[1] for m in helped) == [" built /en/", " built /th/"]
    for message in helped:
        diffs = int(re.search(r"(\d+) redlines in", message)[1])
        assert diffs > 0
        assert f"; {diffs} redlines computed ahead by helper processes" in message, message
    assert cache_counts(helped) == cache_counts(alone)  # the helpers' lookups are counted
    assert one.keys() == four.keys()
    assert [name for name in one if one[name] != four[name]] == []


def test_a_helper_that_fails_leaves_its_redlines_to_the_build(repo, tmp_path, caplog, monkeypatch):
    from redline.build import redlines

    more_releases(repo)
    one = files(build(repo.path, tmp_path / "one", workers=1, cache_dir=str(tmp_path / "c1")))
    made = redlines._compute

    def one_then_fail(current, specs, send):
        made(current, specs[:1], send)
        raise RuntimeError("the helper broke")

    monkeypatch.setattr(redlines, "_compute", one_then_fail)  # the forked helpers run this
    caplog.set_level(logging.DEBUG, logger="mkdocs.plugins.redline")
    four = files(build(repo.path, tmp_path / "four", workers=4, cache_dir=str(tmp_path / "c4")))
    english = [m for m in built_lines(caplog) if "/en/" in m]
    assert "; 1 redlines computed ahead by helper processes" in english[0], english
    assert "RuntimeError: the helper broke" in caplog.text  # at debug level
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert one.keys() == four.keys()
    assert [name for name in one if one[name] != four[name]] == []


def test_a_text_left_untranslated_is_rendered_in_each_locale_of_its_own(repo, tmp_path):
    """The same blob in two locales renders in each one's settings (the heading links' title is
    translated): a locale's build never takes the other's rendering, however the builds run."""
    english = "## 1. Scope {#scope}\n\nWe collect names and postal addresses.\n"
    for day, body in (("2023-05-02", english), ("2023-06-01", english.replace("postal", "e-mail"))):
        text = doc("Privacy Policy", body, notice="Untranslated.")
        repo.release(day, {EN: text, TH: text})  # the Thai file a copy of the English one
    one = build(repo.path, tmp_path / "one", workers=1, cache_dir=str(tmp_path / "c1"))
    two = build(repo.path, tmp_path / "two", workers=2, cache_dir=str(tmp_path / "c2"))
    pair = "privacy-policy/changes/2023-05-02...2023-06-01/index.html"
    thai = (one / "th" / pair).read_text(encoding="utf-8")
    assert 'title="ลิงก์ถาวร"' in thai and 'title="Permanent link"' not in thai
    assert 'title="Permanent link"' in (one / "en" / pair).read_text(encoding="utf-8")
    assert files(one) == files(two)


# --- `mkdocs serve` forks nothing (`processes.count`) ---

FORKS: list[int] = []  # the pid of each process that forked, counted by CPython itself
os.register_at_fork(before=lambda: FORKS.append(os.getpid()))  # os.fork(), not git's spawns


def built_after(command: str, config_file, site):
    """Build `config_file` into `site` as `mkdocs <command>` starts its builds (`on_startup`);
    the forks made meanwhile."""
    forks = len(FORKS)
    config = load_config(config_file=str(config_file), site_dir=str(site))
    config.plugins.on_startup(command=command, dirty=False)
    mkdocs_build(config)
    return FORKS[forks:]


def test_serve_builds_the_locales_in_its_own_process_and_forks_nothing(repo, tmp_path, caplog):
    """Serve runs its builds while its file watcher and HTTP server run in threads: a process
    with threads is never forked, whatever `workers` says (`mkdocs serve` itself: test_serve)."""
    more_releases(repo)  # redlines, which helpers would compute
    caplog.set_level(logging.DEBUG, logger="mkdocs.plugins.redline")
    config_file = configure(
        repo.path, as_of="2024-01-01", workers=4, cache_dir=str(tmp_path / "c1")
    )
    try:
        served = built_after("serve", config_file, tmp_path / "served")
    finally:
        # MkDocs keeps this plugin instance for the configurations it loads later in this
        # process: a build, as `mkdocs build` starts it, sets it back.
        config_file = configure(
            repo.path, as_of="2024-01-01", workers=4, cache_dir=str(tmp_path / "c2")
        )
        built = built_after("build", config_file, tmp_path / "built")
    assert served == []  # no worker, no helper
    lines = built_lines(caplog)
    assert sorted(m.split(":")[1] for m in lines) == [" built /en/"] * 2 + [" built /th/"] * 2
    assert not any("peak memory" in m or "computed ahead" in m for m in lines[:2]), lines
    assert "mkdocs serve builds the locales one after another in this process" in caplog.text
    # The same settings in a build: a worker per locale (each forking a helper, in itself).
    assert built == [os.getpid()] * 2
    assert all("peak memory" in m and "computed ahead" in m for m in lines[2:]), lines
