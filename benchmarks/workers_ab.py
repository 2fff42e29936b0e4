"""A/B: the cold build of the synthetic history (N = 100 by default, `corpus`) with two checkouts
of the plugin's code, runs interleaved (A, B, A, B, ...) so that the load of a shared machine
falls on both alike; prints each run and the medians.

Run from the repository root:
  .venv/bin/python benchmarks/workers_ab.py A_PLUGINS B_PLUGINS [--releases N] [--runs R]
      [--clauses C]
where A_PLUGINS and B_PLUGINS are `plugins` folders (e.g. of `git archive` exports): each build
runs `mkdocs build` with that folder first on PYTHONPATH. The cache is deleted before each build.
Besides the medians of each side, the median of the ratios of the runs paired in time (each B
just after its A): on a loaded machine the load changes from one run to the next, and the CPU
time (the build and its workers, `wait4`) is the figure the load disturbs least.
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from benchmarks.corpus import synthesize, write_configs, write_repository  # noqa: E402
from benchmarks.measure import child_env  # noqa: E402


def cold_build(plugins: Path, config: Path, site: Path, cache: Path) -> tuple[float, float]:
    """One cold `mkdocs build` with `plugins` first on the path: its wall time and its CPU time
    (the process and its workers, from `wait4`), in seconds."""
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(site, ignore_errors=True)
    env = child_env()
    env["PYTHONPATH"] = str(plugins)
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build failed with {plugins}")
    return seconds, usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("a", type=Path)
    parser.add_argument("b", type=Path)
    parser.add_argument("--releases", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--clauses",
        type=int,
        help="the privacy policy's clauses (the seed's 21 unless given; up to 40)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="workers-ab-") as tmp:
        work = Path(tmp)
        try:
            releases = synthesize(args.releases, clauses=args.clauses)
        except ValueError as error:
            parser.error(f"--clauses: {error}")
        repo = work / "repo"
        write_repository(repo, releases)
        as_of = releases[-1].date + datetime.timedelta(days=60)
        config, _ = write_configs(repo, work, as_of)
        cache = work / "cache" / repo.name
        wall: dict[str, list[float]] = {"A": [], "B": []}
        cpu: dict[str, list[float]] = {"A": [], "B": []}
        for run in range(args.runs):
            for name, plugins in (("A", args.a), ("B", args.b)):
                seconds, used = cold_build(plugins.resolve(), config, work / f"site{name}", cache)
                wall[name].append(seconds)
                cpu[name].append(used)
                load = os.getloadavg()[0]
                print(
                    f"run {run + 1} {name}: {seconds:.2f}s wall, {used:.2f}s CPU (load {load:.1f})",
                    flush=True,
                )
            print(f"run {run + 1} B/A CPU {cpu['B'][-1] / cpu['A'][-1]:.3f}", flush=True)
        for label, figures in (("wall", wall), ("CPU", cpu)):
            a, b = statistics.median(figures["A"]), statistics.median(figures["B"])
            paired = statistics.median(
                y / x for x, y in zip(figures["A"], figures["B"], strict=True)
            )
            print(
                f"median {label}: A {a:.2f}s, B {b:.2f}s, B/A {b / a:.3f} ({(b / a - 1):+.1%}); "
                f"median of the runs' B/A {paired:.3f} ({(paired - 1):+.1%})"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
