"""What publishing one more release costs when the archive is taken from the cache.

A synthetic history (`corpus.synthesize`, the same as `build.py`'s) of N releases is built once
(filling the cache); then release N + 1 is added to the repository (its tag fetched, the working
tree moved to it) and the site is built again with the cache: the incremental build, which
renders only the pages whose inputs changed (`reuse.py`). Against it, in the same run, the same
N + 1 releases built with the same cache but `reuse_pages: false`: a warm full rebuild, every
page rendered (redlines still from the cache). The two sites must be byte-identical. Each build is
its own `mkdocs build` process; `as_of` is fixed after release N + 1, so it is in force: every
older revision then gets a redline against the new text in force (`compare.fixed_pairs`), new
pages that are rendered. For comparison, not a target: the same release announced ahead (taking
effect after `as_of`), which leaves the text in force as it was (its redlines are rendered again
all the same: they link the next change after it).

    .venv/bin/python benchmarks/incremental.py                  # N = 400, a few minutes
    .venv/bin/python benchmarks/incremental.py --releases 50
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import importlib.util
import math
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import yaml

# Run as a script (`make bench`): the checkout's root makes `benchmarks` importable, and its
# `plugins` folder `redline` when it is not installed.
PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
if importlib.util.find_spec("redline") is None:
    sys.path.insert(0, str(PROJECT / "plugins"))

from benchmarks.corpus import (  # noqa: E402
    Release,
    cut_repository,
    synthesize,
    write_configs,
    write_repository,
)
from benchmarks.measure import Build, run_build  # noqa: E402
from benchmarks.report import fmt_s  # noqa: E402

#: The goal (issue 15): the incremental build at most this fraction of the warm full rebuild.
GOAL = 1 / 3

_RENDERED = re.compile(r"redline: rendered /(\w+)/(\S*)")
_SUMMARY = re.compile(r"redline: /(\w+)/: (\d+) pages rendered, (\d+) reused")


def with_options(config: Path, target: Path, **options: object) -> Path:
    """A copy of the redline `config` with these plugin options, written to `target`."""
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    for entry in data["plugins"]:
        if isinstance(entry, dict) and "redline" in entry:
            entry["redline"].update(options)
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return target


def kind_of(uri: str) -> str:
    """What a rendered page is, from its source path inside its locale."""
    parts = uri.removesuffix("index.md").strip("/").split("/")
    if "changes" in parts[1:]:
        return "redlines"
    if len(parts) == 2 and re.fullmatch(r"\d{4}-\d\d-\d\d", parts[1]):
        return "revisions"
    return {1: "policy", 2: "history"}.get(len(parts), "other") if parts[0] else "home"


def rendered(log: Path) -> tuple[dict[str, Counter[str]], int, int]:
    """The pages each locale rendered, counted by kind, and the totals rendered and reused."""
    text = log.read_text(encoding="utf-8", errors="replace")
    by_locale: dict[str, Counter[str]] = {}
    for locale, uri in _RENDERED.findall(text):
        kind = "changes" if uri == "changes/index.md" else kind_of(uri)
        by_locale.setdefault(locale, Counter())[kind] += 1
    summary = _SUMMARY.findall(text)
    return by_locale, sum(int(s[1]) for s in summary), sum(int(s[2]) for s in summary)


def tree(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def announced(release: Release, before: Release, effective: datetime.date) -> Release:
    """`release` with the files it changes taking effect on `effective` (an upcoming revision)."""
    files = dict(release.files)
    for name, text in release.files.items():
        if before.files.get(name) != text:
            _, meta, body = text.split("---\n", 2)
            data = yaml.safe_load(meta)
            data = {"title": data["title"], "effective": effective, "notice": data["notice"]}
            dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
            files[name] = "---\n" + dumped + "---\n" + body
    return dataclasses.replace(release, files=files)


@dataclasses.dataclass
class Scenario:
    """Release N + 1 added to a site of N releases built with its cache, then the same N + 1
    releases rebuilt with `reuse_pages: false`."""

    incremental: Build
    full_rebuild: Build
    same: bool
    by_locale: dict[str, Counter[str]]
    rendered: int
    reused: int

    @property
    def ok(self) -> bool:
        return self.incremental.ok and self.full_rebuild.ok and self.same

    @property
    def ratio(self) -> float:
        return self.incremental.seconds / self.full_rebuild.seconds if self.ok else math.nan


def add_release(repo: Path, config: Path, source: Path, release: Release, name: str) -> Scenario:
    """Fetch `release`'s tag from the repository `source` into `repo`, build warm, then rebuild
    with page reuse off."""
    tag = f"policy/{release.date.isoformat()}"
    fetch = ["git", "fetch", "-q", str(source), f"refs/tags/{tag}:refs/tags/{tag}"]
    subprocess.run(fetch, cwd=repo, check=True)
    subprocess.run(["git", "reset", "-q", "--hard", tag], cwd=repo, check=True)
    work = repo.parent
    site = work / f"site-{name}"
    incremental = run_build(config, site, work / f"{name}-incremental.log")
    kept = tree(site)
    off = with_options(config, work / f"{name}-reuse-off.yml", reuse_pages=False)
    full_rebuild = run_build(off, site, work / f"{name}-full.log")
    by_locale, count, reused = rendered(work / f"{name}-incremental.log")
    subprocess.run(["git", "tag", "-d", tag], cwd=repo, check=True, capture_output=True)
    return Scenario(incremental, full_rebuild, kept == tree(site), by_locale, count, reused)


def describe(scenario: Scenario) -> None:
    print(
        f"  incremental build of N + 1 (warm, pages reused) {fmt_s(scenario.incremental.seconds)}: "
        f"{scenario.rendered} pages rendered, {scenario.reused} reused of "
        f"{scenario.incremental.pages} .html files"
    )
    for locale, kinds in sorted(scenario.by_locale.items()):
        listed = ", ".join(f"{number} {kind}" for kind, number in sorted(kinds.items()))
        print(f"    /{locale}/ rendered: {listed}")
    print(
        f"  warm full rebuild of N + 1 (reuse_pages: false) {fmt_s(scenario.full_rebuild.seconds)}"
    )
    print(f"  the two sites are byte-identical: {'yes' if scenario.same else 'NO'}")


def ratio_text(scenario: Scenario) -> str:
    shown = f"1/{1 / scenario.ratio:.2f}" if scenario.ok else "not measured"
    return (
        f"{fmt_s(scenario.incremental.seconds)} = {shown} of a warm full rebuild "
        f"{fmt_s(scenario.full_rebuild.seconds)}, {scenario.rendered} pages rendered"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=400, help="N releases (default 400)")
    args = parser.parse_args(argv)
    n = args.releases
    with tempfile.TemporaryDirectory(prefix="redline-incremental-") as tmp:
        work = Path(tmp)
        releases = synthesize(n + 1)
        as_of = releases[-1].date + datetime.timedelta(days=60)
        ahead = announced(releases[-1], releases[-2], as_of + datetime.timedelta(days=30))
        for name, last in (("in-force", releases[-1]), ("upcoming", ahead)):
            write_repository(work / name, [*releases[:-1], last])
        repo = work / "repo"
        cut_repository(work / "in-force", repo, releases, n)
        config = write_configs(repo, work, as_of)[0]
        cache = work / "cache" / repo.name
        first = run_build(config, work / "site-first", work / "first.log", clear_cache=True)
        # Both scenarios start from the cache of the first N releases, in the same repository
        # (the same mkdocs.yml, so the same keys).
        shutil.copytree(cache, work / "cache-first")
        now = add_release(repo, config, work / "in-force", releases[-1], "in-force")
        subprocess.run(["git", "reset", "-q", "--hard", f"policy/{releases[-2].date}"], cwd=repo)
        shutil.rmtree(cache)
        shutil.copytree(work / "cache-first", cache)
        later = add_release(repo, config, work / "upcoming", ahead, "upcoming")

        print(f"Incremental build benchmark: N = {n} releases, then release {n + 1} added")
        print(f"  build of N releases (cold, fills the cache) {fmt_s(first.seconds)}")
        print("  release N + 1 in force at once:")
        describe(now)
        print("  release N + 1 announced ahead (upcoming: the text in force does not change):")
        describe(later)
        print(f"  upcoming: {ratio_text(later)} (not a target)")
        verdict = "PASS" if now.ok and now.ratio <= GOAL else "MISS"
        print(f"target incremental (N={n}): {ratio_text(now)} <= 1/3 {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
