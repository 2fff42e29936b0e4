"""What a redline for every pair of revisions costs: the basis of `compare_all_max`.

For a synthetic history (`corpus.synthesize`, the same as `build.py`'s) of 20 and 40 releases, one
`mkdocs build` with the fixed pairs only (each revision against the previous one and against the
text in force: `compare_all_max: 0`) and one with every pair (`compare_all_max` above N), both
from an empty cache and again with the cache kept, each a child process. Prints the pages and
redlines of each site and the build times, and what every added pair costs.

    .venv/bin/python benchmarks/compare_bench.py                 # N = 20 and 40, about 5 min
    .venv/bin/python benchmarks/compare_bench.py --releases 10   # another N
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

# Run as a script (`make bench`): the checkout's root makes `benchmarks` importable, and its
# `plugins` folder `redline` when it is not installed.
PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
if importlib.util.find_spec("redline") is None:
    sys.path.insert(0, str(PROJECT / "plugins"))

from benchmarks.corpus import synthesize, write_configs, write_repository  # noqa: E402
from benchmarks.measure import Build, run_build  # noqa: E402


@dataclass
class Run:
    """One site: its redlines and its builds from an empty cache and with the cache kept."""

    redlines: int
    cold: Build
    warm: Build


def with_bound(config: Path, bound: int, target: Path) -> Path:
    """A copy of the redline `config` with `compare_all_max: bound`, written to `target`."""
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    for entry in data["plugins"]:
        if isinstance(entry, dict) and "redline" in entry:
            entry["redline"]["compare_all_max"] = bound
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return target


def measure(config: Path, work: Path, name: str) -> Run:
    site = work / f"site-{name}"
    cold = run_build(config, site, work / f"{name}-cold.log", clear_cache=True)
    redlines = sum(1 for _ in site.glob("*/*/changes/*/index.html"))
    warm = run_build(config, site, work / f"{name}-warm.log")
    return Run(redlines, cold, warm)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, nargs="*", default=[20, 40])
    args = parser.parse_args(argv)
    print("N releases | pairs built | redlines | pages | cold build | warm build")
    with tempfile.TemporaryDirectory(prefix="redline-compare-") as tmp:
        for n in args.releases:
            work = Path(tmp) / f"n{n}"
            work.mkdir()
            releases = synthesize(n)
            repo = work / "repo"
            write_repository(repo, releases)
            as_of = releases[-1].date + datetime.timedelta(days=60)
            config, _ = write_configs(repo, work, as_of)
            runs = {
                "fixed": measure(with_bound(config, 0, config), work, "fixed"),
                "every": measure(with_bound(config, n + 10, config), work, "every"),
            }
            for name, run in runs.items():
                print(
                    f"{n:10d} | {name:11s} | {run.redlines:8d} | {run.cold.pages:5d} | "
                    f"{run.cold.seconds:9.1f}s | {run.warm.seconds:9.1f}s",
                    flush=True,
                )
            fixed, every = runs["fixed"], runs["every"]
            added = max(every.redlines - fixed.redlines, 1)
            print(
                f"{'':10s}   every pair adds {every.redlines - fixed.redlines} redlines: "
                f"+{every.cold.seconds - fixed.cold.seconds:.1f}s cold "
                f"({1000 * (every.cold.seconds - fixed.cold.seconds) / added:.0f} ms each), "
                f"+{every.warm.seconds - fixed.warm.seconds:.1f}s warm "
                f"({1000 * (every.warm.seconds - fixed.warm.seconds) / added:.0f} ms each), "
                f"x{every.cold.seconds / fixed.cold.seconds:.2f} cold, "
                f"x{every.warm.seconds / fixed.warm.seconds:.2f} warm",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
