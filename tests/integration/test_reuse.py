"""Warm builds take the archive from the cache: a new release re-renders exactly the pages whose
inputs changed, and nothing is stale after a template or settings change."""

from __future__ import annotations

import logging
import re

import pytest
import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from redline import resources
from tests.support.gitrepo import doc
from tests.support.sitebuild import build, configure

EN = "policy/en/privacy-policy.md"
TH = "policy/th/privacy-policy.md"
DAYS = ["2020-01-01", "2021-01-01", "2022-01-01"]
NEW = "2023-01-01"


def release(repo, day: str, n: int) -> None:
    repo.release(
        day,
        {
            EN: doc(
                "Privacy", f"## 1. Scope {{#scope}}\n\nWe collect names ({n}).\n", notice=f"E{n}"
            ),
            TH: doc("นโยบาย", f"## 1. ขอบเขต {{#scope}}\n\nเราเก็บรวบรวมชื่อ ({n})\n", notice=f"ท{n}"),
        },
    )


@pytest.fixture
def repo(repo):
    for n, day in enumerate(DAYS):
        release(repo, day, n)
    return repo


def build_with(repo, site, top, **options):
    """Build with these top-level settings of `mkdocs.yml` too (`theme` merged)."""
    config_file = configure(repo.path, as_of="2024-01-01", **options)
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    for key, value in top.items():
        config[key] = {**config[key], **value} if key == "theme" else value
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    mkdocs_build(load_config(config_file=str(config_file), site_dir=str(site)))
    return site


def files(root):
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def logged(caplog, prefix: str) -> set[str]:
    """The pages the debug log says were rendered (`prefix` …/<locale>/<source>)."""
    found = set()
    for record in caplog.records:
        match = re.fullmatch(rf"redline: {prefix} /(\w+)/(\S*)", record.getMessage())
        if match:
            found.add(f"{match.group(1)}/{match.group(2).removesuffix('index.md')}")
    return found


def in_both(*paths: str) -> set[str]:
    return {f"{lc}/{path}" for lc in ("en", "th") for path in paths}


ALWAYS = in_both(
    "", "privacy-policy/", "privacy-policy/history/",
    "privacy-policy/history/clauses/", "changes/", "follow/",
    "privacy-policy/follow/",
)  # fmt: skip


def test_a_new_release_re_renders_exactly_the_pages_whose_inputs_changed(repo, tmp_path, caplog):
    cache = tmp_path / "cache"
    build(repo.path, tmp_path / "before", cache_dir=str(cache))
    release(repo, NEW, 3)
    caplog.set_level(logging.DEBUG, logger="mkdocs.plugins.redline")
    warm = build(repo.path, tmp_path / "warm", cache_dir=str(cache))

    changes = "privacy-policy/changes"
    assert logged(caplog, "rendered") == ALWAYS | in_both(
        f"privacy-policy/{NEW}/",  # the new revision
        "privacy-policy/2022-01-01/",  # its neighbour: no longer in force, and a next revision
        f"{changes}/2020-01-01...{NEW}/",  # the redlines of the new revision
        f"{changes}/2021-01-01...{NEW}/",
        f"{changes}/2022-01-01...{NEW}/",
        # the redlines up to its neighbour link to the next change now
        f"{changes}/2020-01-01...2022-01-01/",
        f"{changes}/2021-01-01...2022-01-01/",
    )
    summary = sorted(  # the locales' workers finish in any order
        r.getMessage() for r in caplog.records if "reused from the cache" in r.getMessage()
    )
    assert summary == [
        "redline: /en/: 14 pages rendered, 3 reused from the cache",
        "redline: /th/: 14 pages rendered, 3 reused from the cache",
    ]

    # Nothing stale: the same site as a cold build of the same tags without reuse.
    cold = build(repo.path, tmp_path / "cold", cache_dir=str(tmp_path / "empty"), reuse_pages=False)
    assert files(warm) == files(cold)


def test_a_rebuild_with_nothing_changed_renders_only_the_pages_that_list_or_date(
    repo, tmp_path, caplog
):
    cache = tmp_path / "cache"
    cold = build(repo.path, tmp_path / "cold", cache_dir=str(cache))
    caplog.set_level(logging.DEBUG, logger="mkdocs.plugins.redline")
    warm = build(repo.path, tmp_path / "warm", cache_dir=str(cache))
    assert logged(caplog, "rendered") == ALWAYS
    assert files(warm) == files(cold)


def test_page_reuse_turned_off_renders_every_page(repo, tmp_path, caplog):
    cache = tmp_path / "cache"
    build(repo.path, tmp_path / "one", cache_dir=str(cache))
    caplog.set_level(logging.DEBUG, logger="mkdocs.plugins.redline")
    build(repo.path, tmp_path / "two", cache_dir=str(cache), reuse_pages=False)
    assert not [r for r in caplog.records if "reused from the cache" in r.getMessage()]
    assert not list((tmp_path / "empty").glob("*"))
    caplog.clear()
    build(repo.path, tmp_path / "three", cache_dir="")  # no cache: nothing to reuse either
    assert not [r for r in caplog.records if "reused from the cache" in r.getMessage()]


def test_a_changed_template_re_renders_every_page_it_shapes(repo, tmp_path, caplog):
    cache = tmp_path / "cache"
    own = {"theme": {"custom_dir": "overrides"}}
    (repo.path / "overrides").mkdir()
    build_with(repo, tmp_path / "before", own, cache_dir=str(cache))
    # The site's own override of one of Redline's templates (it wins over Redline's).
    header = (resources.theme_dir() / "redline" / "print-header.html").read_text(encoding="utf-8")
    override = repo.path / "overrides" / "redline" / "print-header.html"
    override.parent.mkdir(parents=True)
    override.write_text(header.replace("rl-print-header", "rl-print-header site-own"), "utf-8")
    caplog.set_level(logging.DEBUG, logger="mkdocs.plugins.redline")
    warm = build_with(repo, tmp_path / "warm", own, cache_dir=str(cache))
    assert logged(caplog, "rendered") == {
        p.removeprefix(f"{tmp_path / 'warm'}/").removesuffix("index.html")
        for p in map(str, warm.glob("*/**/index.html"))
        if "/search/" not in p
    }  # every page
    page = (warm / "en/privacy-policy/2020-01-01/index.html").read_text(encoding="utf-8")
    assert "site-own" in page
    cold = build_with(
        repo, tmp_path / "cold", own, cache_dir=str(tmp_path / "empty"), reuse_pages=False
    )
    assert files(warm) == files(cold)


@pytest.mark.parametrize(
    ("top", "options"),
    [
        ({"copyright": "Our rules"}, {}),
        ({"site_url": "https://x.test/"}, {}),
        ({}, {"recent_days": 7}),
    ],
)
def test_a_changed_setting_leaves_nothing_stale(repo, tmp_path, caplog, top, options):
    cache = tmp_path / "cache"
    build(repo.path, tmp_path / "before", cache_dir=str(cache))
    caplog.set_level(logging.DEBUG, logger="mkdocs.plugins.redline")
    warm = build_with(repo, tmp_path / "warm", top, cache_dir=str(cache), **options)
    assert logged(caplog, "rendered") > ALWAYS  # the archive was rendered again
    cold = build_with(
        repo,
        tmp_path / "cold",
        top,
        cache_dir=str(tmp_path / "empty"),
        reuse_pages=False,
        **options,
    )
    assert files(warm) == files(cold)


def tamper(cache, payload: str) -> int:
    """Add `payload` to every cached page, keeping its seal; the number of pages."""
    entries = sorted((cache / "page").rglob("*.html"))
    for entry in entries:
        data = entry.read_bytes()
        changed = data.replace(b"</article>", payload.encode() + b"</article>")
        assert payload.encode() in changed and changed[:65] == data[:65]
        entry.write_bytes(changed)
    return len(entries)


def test_a_tampered_cached_page_is_never_published(repo, tmp_path, caplog):
    cache = tmp_path / "cache"
    cold = build(repo.path, tmp_path / "cold", cache_dir=str(cache))
    assert tamper(cache, '<img src=x onerror="__pwn(1)"><script>__pwn(2)</script>') == 12
    caplog.set_level(logging.DEBUG, logger="mkdocs.plugins.redline")
    warm = build(repo.path, tmp_path / "warm", cache_dir=str(cache))
    refused = [r.getMessage() for r in caplog.records if "not sealed" in r.getMessage()]
    assert len(refused) == 12
    assert re.fullmatch(
        r"redline: \S+/page/\w\w/\w+\.html: the cached page /(en|th)/privacy-policy/\S+ is not "
        r"sealed with this user's key \(written or changed by something else than a build\): "
        r"rendered again",
        refused[0],
    )
    assert logged(caplog, "rendered") == ALWAYS | {
        p.removeprefix(f"{warm}/").removesuffix("index.html")
        for p in map(str, warm.glob("*/privacy-policy/*/**/index.html"))
        if "/history/" not in p
    }  # every archived page and redline, rendered again
    assert files(warm) == files(cold)
    # The entries rendered again are sealed again: the next build takes them.
    caplog.clear()
    build(repo.path, tmp_path / "again", cache_dir=str(cache))
    assert logged(caplog, "rendered") == ALWAYS


def test_pages_cached_under_another_key_are_an_ordinary_miss(repo, tmp_path, caplog, monkeypatch):
    """A cache restored in CI with another REDLINE_CACHE_SECRET (or copied from another machine):
    its pages are rendered again, without a warning per page (408 at 84 releases, before), with
    one line saying why, and the site is the same; the pages are then kept under the new key."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("REDLINE_CACHE_SECRET", "key A")
    one = build(repo.path, tmp_path / "one", cache_dir=str(cache))
    monkeypatch.setenv("REDLINE_CACHE_SECRET", "key B")
    caplog.set_level(logging.DEBUG, logger="mkdocs.plugins.redline")
    two = build(repo.path, tmp_path / "two", cache_dir=str(cache))
    assert "redline: /en/: 13 pages rendered, 0 reused from the cache" in caplog.text
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    told = [r for r in caplog.records if "another key" in r.getMessage()]
    assert len(told) == 1 and told[0].levelno == logging.INFO, [r.getMessage() for r in told]
    assert "sealed with another key" in told[0].getMessage()
    assert files(two) == files(one)
    caplog.clear()
    three = build(repo.path, tmp_path / "three", cache_dir=str(cache))
    assert logged(caplog, "rendered") == ALWAYS
    assert not [r for r in caplog.records if "another key" in r.getMessage()]
    assert files(three) == files(one)


def test_the_page_of_an_untranslated_revision_is_taken_from_the_cache_on_a_rebuild(
    repo, tmp_path, caplog
):
    # An English-only release: /th/…/NEW/ shows the Thai text that stood with the English
    # clause it lacks, a full page fixed by those two revisions: a rebuild takes it from the
    # cache, byte for byte.
    repo.release(
        NEW,
        {
            EN: doc(
                "Privacy",
                "## 1. Scope {#scope}\n\nWe collect names (3).\n\n"
                "## 2. Retention {#retention}\n\nWe keep them a year.\n",
                notice="E3",
            )
        },
    )
    cache = tmp_path / "cache"
    cold = build(repo.path, tmp_path / "cold", cache_dir=str(cache))
    page = f"th/privacy-policy/{NEW}/index.html"
    assert 'id="retention"' in (cold / page).read_text(encoding="utf-8")
    caplog.set_level(logging.DEBUG, logger="mkdocs.plugins.redline")
    warm = build(repo.path, tmp_path / "warm", cache_dir=str(cache))
    assert logged(caplog, "rendered") == ALWAYS
    assert files(warm) == files(cold)
