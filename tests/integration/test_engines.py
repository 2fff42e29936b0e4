"""The engines: MkDocs 1.6 and ProperDocs 1.6 build the sample site byte for byte alike (the
generator tag aside), `redline` runs under either, and an engine that does not run the plugin
publishes no policy text (the policy folder is `policy_dir`, never `docs_dir`)."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from redline.cli import demo
from redline.plugin.engines import SUPPORTED
from redline.plugin.settings import PLUGIN, plugin_options
from tests.support.sitebuild import PROJECT

GENERATOR = re.compile(rb'<meta name="generator" content="([^"]*)">')
AS_OF = "2026-09-21"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample policy repository, its mkdocs.yml the project's, with no cache: each engine
    renders every page itself."""
    repo = demo.materialize(PROJECT, tmp_path_factory.mktemp("engines") / "repo")
    path = demo.write_config(PROJECT, repo)
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    plugin_options(config).update(as_of=AS_OF, cache_dir="", workers=2)
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return repo


def engine(name: str, *args: str | Path, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the real command line of `name` (`mkdocs`, `properdocs`, `redline.cli`)."""
    return subprocess.run(
        [sys.executable, "-m", name, *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "", **env},
        timeout=600,
    )


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def generators(site: dict[str, bytes]) -> set[bytes]:
    return {m for data in site.values() for m in GENERATOR.findall(data)}


def without_generator(data: bytes) -> bytes:
    return GENERATOR.sub(b'<meta name="generator">', data)


@pytest.fixture(scope="module")
def built(sample: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample site built by `mkdocs build` and by `properdocs build`."""
    out = tmp_path_factory.mktemp("sites")
    sites = {}
    for name in ("mkdocs", "properdocs"):
        site = out / name
        # Material's banner as `mkdocs` prints it unless told not to: the Makefile and the
        # publishing workflow tell it (NO_MKDOCS_2_WARNING), as here.
        result = engine(
            name, "build", "-f", "mkdocs.yml", "-d", site, cwd=sample, NO_MKDOCS_2_WARNING="1"
        )
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        # One line on the engines, once per command: not per locale, worker or nested build.
        assert result.stderr.count(SUPPORTED) == 1, result.stderr
        assert "end of life" not in result.stderr and "Zensical is" not in result.stderr
        sites[name] = site
    return sites


def test_mkdocs_and_properdocs_build_the_sample_site_alike(built):
    by_mkdocs, by_properdocs = files(built["mkdocs"]), files(built["properdocs"])
    assert sorted(by_mkdocs) == sorted(by_properdocs)
    assert "en/privacy-policy/index.html" in by_mkdocs  # the policies, not an empty site
    # SHA256SUMS lists each page's digest, which the generator tag changes: each engine's must
    # be the digests of its own files.
    different = [
        path
        for path in sorted(by_mkdocs)
        if path != "SHA256SUMS"
        and without_generator(by_mkdocs[path]) != without_generator(by_properdocs[path])
    ]
    assert different == []
    for built_files in (by_mkdocs, by_properdocs):
        listed = dict(
            reversed(line.split("  ", 1))
            for line in built_files["SHA256SUMS"].decode().splitlines()
        )
        assert listed.keys() == built_files.keys() - {"SHA256SUMS"}
        assert all(hashlib.sha256(built_files[p]).hexdigest() == d for p, d in listed.items())
    # Each engine built its site itself: its own name in every page's generator tag.
    assert {g.split(b",")[0] for g in generators(by_mkdocs)} == {b"mkdocs-1.6.1"}
    assert {g.split(b",")[0] for g in generators(by_properdocs)} == {b"mkdocs-ProperDocs 1.6.7"}


def test_material_prints_its_banner_only_when_not_told_and_redline_its_line_once(sample, tmp_path):
    """Without NO_MKDOCS_2_WARNING, `mkdocs build` prints Material's banner before any plugin
    is loaded; Redline's line comes once all the same. `properdocs` never prints it."""
    result = engine("mkdocs", "build", "-d", tmp_path / "site", cwd=sample)
    assert result.returncode == 0, result.stderr
    assert "end of life" in result.stderr
    assert result.stderr.count(SUPPORTED) == 1


@pytest.mark.parametrize("name", ["mkdocs", "properdocs"])
def test_redline_check_runs_under_either_engine(sample, name):
    result = engine("redline.cli", "check", cwd=sample, REDLINE_ENGINE=name)
    mkdocs = engine("redline.cli", "check", cwd=sample, REDLINE_ENGINE="mkdocs")
    assert "Traceback" not in result.stderr
    assert (result.returncode, result.stdout) == (mkdocs.returncode, mkdocs.stdout)
    assert "redline check: 0 error(s)" in result.stdout, result.stdout


def test_redline_build_under_properdocs_builds_its_locales_as_properdocs_build(
    sample, built, tmp_path
):
    shard = tmp_path / "shard"
    result = engine(
        "redline.cli", "build", "--locales", "th", "--site-dir", shard,
        cwd=sample, REDLINE_ENGINE="properdocs",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr.count(SUPPORTED) == 1
    whole = {p: d for p, d in files(built["properdocs"]).items() if p.startswith("th/")}
    own = {p: d for p, d in files(shard).items() if p.startswith("th/")}
    assert sorted(own) == sorted(whole)
    assert [p for p in sorted(own) if own[p] != whole[p]] == []  # the generator tag too
    assert {g.split(b",")[0] for g in generators(own)} == {b"mkdocs-ProperDocs 1.6.7"}


def test_an_unknown_engine_is_a_wrong_argument(sample):
    result = engine("redline.cli", "check", cwd=sample, REDLINE_ENGINE="zensical")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr == "redline: REDLINE_ENGINE=zensical: give mkdocs or properdocs\n"


def test_an_engine_that_ignores_the_plugin_publishes_no_policy_text(sample, tmp_path):
    """What Zensical or MkDocs 2 do with the same mkdocs.yml (they run no MkDocs plugin),
    simulated by the same configuration without the plugin: one page saying that the site is
    built with Redline, and not a word of the policies, released or not."""
    config = yaml.safe_load((sample / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = [
        p for p in config["plugins"] if p != PLUGIN and not (isinstance(p, dict) and PLUGIN in p)
    ]
    ignored = sample / "ignored.yml"
    ignored.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    site = tmp_path / "site"
    result = engine("mkdocs", "build", "-f", ignored, "-d", site, cwd=sample)
    assert result.returncode == 0, result.stderr
    built = files(site)
    assert sorted(p for p in built if p.endswith(".html")) == ["404.html", "index.html"]
    text = b"\n".join(built.values()).decode("utf-8", "replace")
    assert "This site is built with Redline" in text and "เว็บไซต์นี้สร้างด้วย Redline" in text
    titles = set()
    for source in (sample / "policy").rglob("*.md"):
        front = source.read_text(encoding="utf-8").split("---")[1]
        titles.add(yaml.safe_load(front)["title"])
    assert len(titles) >= 4  # both documents, in English and in Thai
    assert [t for t in titles if t in text] == []


@pytest.mark.parametrize("name", ["mkdocs", "properdocs"])
def test_a_wrong_setting_is_named_under_either_engine(sample, name):
    config = yaml.safe_load((sample / "mkdocs.yml").read_text(encoding="utf-8"))
    plugin_options(config)["locales"] = {}
    wrong = sample / f"wrong-{name}.yml"
    wrong.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    result = engine("redline.cli", "check", "-f", wrong, cwd=sample, REDLINE_ENGINE=name)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "option 'locales': list the site's locales" in result.stdout, result.stdout


def test_the_engines_never_share_cached_pages(sample, tmp_path):
    """Each engine writes its name into every page: a page cached by one is not the other's."""
    config = yaml.safe_load((sample / "mkdocs.yml").read_text(encoding="utf-8"))
    plugin_options(config).update(cache_dir=str(tmp_path / "cache"), workers=1)
    shared = sample / "shared-cache.yml"
    shared.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    for name in ("mkdocs", "properdocs"):
        result = engine(name, "build", "-f", shared, "-d", tmp_path / name, cwd=sample)
        assert result.returncode == 0, result.stderr
    assert (tmp_path / "cache").is_dir()
    names = {g.split(b",")[0] for g in generators(files(tmp_path / "properdocs"))}
    assert names == {b"mkdocs-ProperDocs 1.6.7"}
