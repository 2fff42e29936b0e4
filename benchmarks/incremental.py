"""What publishing one more release costs when the archive is taken from the cache.

A synthetic history (`corpus.synthesize`, the same as `build.py`'s) of N releases is built once
(filling the cache); then release N + 1 is added to the repository (its tag fetched, the working
tree moved to it) and the site is built again with the cache: the incremental build, which
renders only the pages whose inputs changed (`reuse.py`). Against it, in the same run, the same
N + 1 releases built with the same cache but `reuse_pages: false`: a warm full rebuild, every
page rendered (redlines still from the cache). The two sites must be byte-identical. Each build is
its own `mkdocs build` process; `as_of` is fixed after release N + 1, so it is in force.

    .venv/bin/python benchmarks/incremental.py                  # N = 400, a few minutes
    .venv/bin/python benchmarks/incremental.py --releases 50
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import re
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

from benchmarks.corpus import cut_repository, synthesize, write_configs, write_repository  # noqa: E402
from benchmarks.measure import run_build  # noqa: E402
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=400, help="N releases (default 400)")
    args = parser.parse_args(argv)
    n = args.releases
    with tempfile.TemporaryDirectory(prefix="redline-incremental-") as tmp:
        work = Path(tmp)
        releases = synthesize(n + 1)
        full, repo = work / "full", work / "repo"
        write_repository(full, releases)
        cut_repository(full, repo, releases, n)
        as_of = releases[-1].date + datetime.timedelta(days=60)
        config, _ = write_configs(repo, work, as_of)
        off = with_options(config, work / "reuse-off.yml", reuse_pages=False)
        site = work / "site"
        first = run_build(config, site, work / "first.log", clear_cache=True, verbose=True)
        new = f"policy/{releases[-1].date.isoformat()}"
        subprocess.run(
            ["git", "fetch", "-q", "origin", f"refs/tags/{new}:refs/tags/{new}"],
            cwd=repo,
            check=True,
        )
        subprocess.run(["git", "reset", "-q", "--hard", new], cwd=repo, check=True)
        incremental = run_build(config, site, work / "incremental.log", verbose=True)
        kept = tree(site)
        full_rebuild = run_build(off, site, work / "full.log", verbose=True)
        same = kept == tree(site)
        by_locale, count, reused = rendered(work / "incremental.log")
        print(f"Incremental build benchmark: N = {n} releases, then release {n + 1} added")
        print(f"  build of N releases (cold, fills the cache) {fmt_s(first.seconds)}")
        print(
            f"  incremental build of N + 1 (warm, pages reused)  {fmt_s(incremental.seconds)}: "
            f"{count} pages rendered, {reused} reused of {incremental.pages} .html files"
        )
        for locale, kinds in sorted(by_locale.items()):
            listed = ", ".join(f"{number} {kind}" for kind, number in sorted(kinds.items()))
            print(f"    /{locale}/ rendered: {listed}")
        print(f"  warm full rebuild of N + 1 (reuse_pages: false) {fmt_s(full_rebuild.seconds)}")
        print(f"  the two sites are byte-identical: {'yes' if same else 'NO'}")
        ok = incremental.ok and full_rebuild.ok and same
        ratio = incremental.seconds / full_rebuild.seconds if ok else float("nan")
        verdict = "PASS" if ok and ratio <= GOAL else "MISS"
        shown = f"1/{1 / ratio:.2f}" if ok and ratio > 0 else "not measured"
        print(
            f"target incremental (N={n}): {fmt_s(incremental.seconds)} = {shown} of a warm full "
            f"rebuild {fmt_s(full_rebuild.seconds)}, {count} pages rendered <= 1/3 {verdict}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
