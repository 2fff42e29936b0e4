"""Build benchmark: what a Redline site with N releases costs to build, against the alternatives.

Run from the repository root:  .venv/bin/python benchmarks/build.py [--releases N] [--runs R]
(or `make bench`). `--quick` measures N only, once, with fewer per-release samples.

For N releases (default 100) and for a larger history (`--scale`, default 4 x N) it generates a
synthetic policy repository: the project's privacy and cookie policies in English and Thai, a few
clause-level edits per release (a sentence reworded, a list item added or removed, a sentence
appended, now and then a clause added or removed, renumbering the clauses after it), the Thai
translation lagging behind English at some releases, and real annotated tags `policy/YYYY-MM-DD`
(written with `git fast-import`; generation is not measured). The redline `as_of` date is fixed,
so runs are comparable. It then measures, each build in its own `mkdocs build` process (wall time
of the process, peak RSS from `wait4`):

- baseline: plain mkdocs-material, redline plugin off, the newest release's policy files as
  ordinary pages (docs_dir = the policy folder): what a site without history pays per page;
- per-release: one full redline build of a clone whose tags stop at a release, for evenly spaced
  releases (each with an empty cache): versioning by separate builds (mike) builds every release
  like this, so N x the mean is the cost of rebuilding every version separately;
- redline cold (the plugin's `cache_dir` deleted first) and warm (the cache of the cold build
  kept), all N releases; the generated pages (.html files) and the cost per page;
- serve edit: `mkdocs serve` on the repository, a sentence appended to the working tree's English
  privacy policy, and the time until the draft page `/en/privacy-policy/draft/` serves it;
- the time split by phase of one cold and one warm build, run in-process with timers wrapped
  around the functions that do the work (exclusive time: a phase nested in another is not
  counted twice), and how often Markdown, diffs and Thai segmentation repeat the same work.

It prints a table, the ratios, and one line per target; it exits 0 whether targets pass or not.
This file is the command line; the work is done beside it, in `corpus` (the synthetic history),
`measure` (the builds and the serve edit), `phases` (the timers) and `report`.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# Run as a script (`make bench`): the checkout's root makes `benchmarks` importable, and its
# `plugins` folder `redline` when it is not installed.
PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
if importlib.util.find_spec("redline") is None:
    sys.path.insert(0, str(PROJECT / "plugins"))

from benchmarks.matrix import measure_matrix  # noqa: E402
from benchmarks.measure import child_env, measure_size  # noqa: E402
from benchmarks.phases import phase_child  # noqa: E402
from benchmarks.report import (  # noqa: E402
    fmt_s,
    print_matrix,
    print_phases,
    print_ratios,
    print_table,
    targets,
)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--phase-child"]:
        profile = argv[4] if len(argv) > 4 else None
        os.environ.update(child_env())
        return phase_child(argv[1], argv[2], argv[3], profile)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--releases", type=int, default=100, help="N releases (default 100)")
    parser.add_argument(
        "--scale", type=int, help="also measure this many releases (default 4 x N; 0: skip)"
    )
    parser.add_argument("--runs", type=int, default=3, help="builds per figure at N (median)")
    parser.add_argument("--scale-runs", type=int, default=1, help="builds per figure at --scale")
    parser.add_argument("--samples", type=int, default=10, help="per-release builds at N")
    parser.add_argument("--scale-samples", type=int, default=5, help="per-release builds at scale")
    parser.add_argument("--quick", action="store_true", help="N only, 1 run, 5 per-release builds")
    parser.add_argument("--no-serve", action="store_true", help="skip the serve edit")
    parser.add_argument("--serve-all", action="store_true", help="serve edit at --scale too")
    parser.add_argument("--no-phases", action="store_true", help="skip the time split by phase")
    parser.add_argument(
        "--matrix-releases", type=int, default=50, help="matrix simulation: N (default 50; 0: skip)"
    )
    parser.add_argument("--matrix-locales", type=int, default=10, help="its locales (default 10)")
    parser.add_argument("--matrix-shards", type=int, default=5, help="its shards (default 5)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.samples = 1, 5
        args.scale = 0 if args.scale is None else args.scale
    if args.scale is None:
        args.scale = 4 * args.releases
    plan = [(args.releases, args.runs, args.samples, not args.no_serve)]
    if args.scale and args.scale != args.releases:
        plan.append((args.scale, args.scale_runs, args.scale_samples, args.serve_all))
    root = Path(tempfile.mkdtemp(prefix="redline-bench-"))
    started = time.perf_counter()
    print(
        f"Redline build benchmark: N = {', '.join(str(p[0]) for p in plan)}; {os.cpu_count()} "
        f"CPUs; Python {sys.version.split()[0]}; temporary folder {root}",
        flush=True,
    )
    results = []
    matrix = None
    try:
        for n, runs, samples, serve_edit in plan:
            results.append(measure_size(n, runs, samples, serve_edit, args, root))
        if args.matrix_releases:
            matrix = measure_matrix(
                args.matrix_releases, args.matrix_locales, args.matrix_shards, root
            )
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    print_table(results)
    print_ratios(results)
    for r in results:
        print_phases(r)
    if matrix is not None:
        print_matrix(matrix)
    print(f"\nTotal benchmark time {fmt_s(time.perf_counter() - started)}\n")
    for text in targets(results, args.quick, matrix):
        print(text)
    return 0


def _interrupted(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


if __name__ == "__main__":
    # SIGTERM unwinds like Ctrl-C: the server and builds are stopped, the edited file restored and
    # the temporary folder removed.
    signal.signal(signal.SIGTERM, _interrupted)
    sys.exit(main())
