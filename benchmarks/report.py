"""The report: the table of figures, the ratios, the phase split and one line per target."""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable

from .corpus import LOCALES
from .matrix import Job, MatrixResult
from .measure import Build, SizeResult


def fmt_s(seconds: float) -> str:
    if math.isnan(seconds):
        return "n/a"
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def per_page(build: Build) -> float:
    return build.seconds / build.pages if build.pages else math.nan


def fmt_run(build: Build | Job) -> str:
    """Wall time, and CPU time (less sensitive to other load on the machine)."""
    return f"{fmt_s(build.seconds)} (CPU {fmt_s(build.cpu)})"


def print_table(results: list[SizeResult]) -> None:
    rows: list[tuple[str, list[str]]] = []

    def row(name: str, value: Callable[[SizeResult], str]) -> None:
        rows.append((name, [value(r) for r in results]))

    row("runs per figure (median)", lambda r: str(r.runs))
    row("load average before / after", lambda r: f"{r.load[0]:.1f} / {r.load[1]:.1f}")
    row("repository (.git)", lambda r: f"{r.repo_kb:.0f} KB")
    row("baseline: plain material build", lambda r: fmt_run(r.baseline))
    row("  pages / per page", lambda r: f"{r.baseline.pages} / {fmt_s(per_page(r.baseline))}")
    row("  peak memory", lambda r: f"{r.baseline.rss_mb:.0f} MB")
    row("every revision as a plain page", lambda r: fmt_run(r.archive))
    row("  pages / per page", lambda r: f"{r.archive.pages} / {fmt_s(per_page(r.archive))}")
    row("  peak memory", lambda r: f"{r.archive.rss_mb:.0f} MB")
    row("per-release build (mean)", lambda r: f"{fmt_s(r.per_release_mean)} (CPU "
        f"{fmt_s(statistics.fmean(b.cpu for _, b in r.per_release))})")  # fmt: skip
    row("  releases sampled", lambda r: ",".join(str(k) for k, _ in r.per_release))
    row("  first .. last sampled", lambda r: f"{fmt_s(r.per_release[0][1].seconds)} .. "
        f"{fmt_s(r.per_release[-1][1].seconds)}")  # fmt: skip
    row("  peak memory (max)", lambda r: f"{max(b.rss_mb for _, b in r.per_release):.0f} MB")
    row("N x per-release (every version)", lambda r: fmt_s(r.all_versions))
    row("redline cold", lambda r: fmt_run(r.cold))
    row("  en / th nested builds", lambda r: _locales(r.cold))
    row("  peak memory", lambda r: f"{r.cold.rss_mb:.0f} MB")
    row("  worker peak memory", lambda r: _workers(r.cold))
    row("redline cold, workers: 1", lambda r: fmt_run(r.sequential))
    row("  en / th builds", lambda r: _locales(r.sequential))
    row("  peak memory", lambda r: f"{r.sequential.rss_mb:.0f} MB")
    row("redline warm", lambda r: fmt_run(r.warm))
    row("  en / th nested builds", lambda r: _locales(r.warm))
    row("  plugin cache", lambda r: r.warm.cache or "n/a")
    row("  peak memory", lambda r: f"{r.warm.rss_mb:.0f} MB")
    row("pages generated (.html)", lambda r: f"{r.cold.pages} ({r.html_mb:.0f} MB)")
    row("cost per page, cold / warm", lambda r: f"{fmt_s(per_page(r.cold))} / "
        f"{fmt_s(per_page(r.warm))}")  # fmt: skip
    row("serve: first page served", lambda r: fmt_s(r.serve.startup) if r.serve else "-")
    row("serve: edit -> page served", _serve_edits)
    row("serve: peak memory", lambda r: f"{r.serve.rss_mb:.0f} MB" if r.serve else "-")
    heads = [f"N = {r.n}" for r in results]
    width = max(len(name) for name, _ in rows) + 2
    cols = [max(len(h), *(len(v[i]) for _, v in rows)) + 3 for i, h in enumerate(heads)]
    print()
    print("".ljust(width) + "".join(h.rjust(c) for h, c in zip(heads, cols, strict=True)))
    for name, values in rows:
        print(name.ljust(width) + "".join(v.rjust(c) for v, c in zip(values, cols, strict=True)))


def _serve_edits(r: SizeResult) -> str:
    if r.serve is None:
        return "-"
    if not r.serve.edits:
        return r.serve.note or "n/a"
    return (
        f"{fmt_s(statistics.median(r.serve.edits))} "
        f"(CPU {fmt_s(statistics.median(r.serve.edits_cpu))})"
    )


def _workers(build: Build) -> str:
    shown = [f"{build.workers_mb[lc]:.0f} MB" for lc in LOCALES if lc in build.workers_mb]
    return " / ".join(shown) or "n/a (no workers)"


def print_matrix(matrix: MatrixResult) -> None:
    print(
        f"\nMatrix simulation: {matrix.locales} locales, N = {matrix.n}, "
        f"{len(matrix.shards)} shards built one after another (each with an empty cache)"
    )
    print(f"  one build, workers: 1      {fmt_run(matrix.single)}, {matrix.single.pages} pages")
    if matrix.plan is not None:
        print(f"  plan (redline groups)      {fmt_run(matrix.plan)}")
    for locales, job in matrix.shards:
        print(f"  shard {locales:20} {fmt_run(job)}, peak memory {job.rss_mb:.0f} MB")
    if matrix.assemble is not None:
        print(f"  assemble                   {fmt_run(matrix.assemble)}")
    print(
        f"  critical path (slowest shard + assemble) {fmt_s(matrix.critical)}; assembled site "
        f"{'byte-identical to' if matrix.identical else 'DIFFERENT from'} the one build"
    )
    if matrix.plan is not None:
        # The workflow's plan job runs before the shards: on a runner it adds its own start.
        with_plan = matrix.critical + matrix.plan.seconds
        print(
            f"  with the plan job before it {fmt_s(with_plan)} = "
            f"{with_plan / matrix.single.seconds:.2f} x the one build"
        )


def _locales(build: Build) -> str:
    return " / ".join(fmt_s(build.locales[lc]) for lc in LOCALES if lc in build.locales) or "n/a"


def print_ratios(results: list[SizeResult]) -> None:
    print("\nRatios (wall time; CPU time in brackets)")
    for r in results:
        every_cpu = r.n * statistics.fmean(b.cpu for _, b in r.per_release)
        print(
            f"  N = {r.n}: cold = 1/{r.all_versions / r.cold.seconds:.1f} "
            f"(1/{every_cpu / r.cold.cpu:.1f}) of N x per-release; warm = "
            f"1/{r.all_versions / r.warm.seconds:.1f} (1/{every_cpu / r.warm.cpu:.1f}); "
            f"warm / cold = {r.warm.seconds / r.cold.seconds:.2f}; cost per page = "
            f"{per_page(r.cold) / per_page(r.baseline):.2f} x baseline's (cold), "
            f"{per_page(r.warm) / per_page(r.baseline):.2f} x (warm); against every "
            f"revision as a plain page: {per_page(r.cold) / per_page(r.archive):.2f} x (cold), "
            f"{per_page(r.warm) / per_page(r.archive):.2f} x (warm)"
        )
    for small, big in zip(results, results[1:], strict=False):
        print(
            f"  N = {big.n} / N = {small.n} (x{big.n / small.n:.0f} releases): cold "
            f"x{big.cold.seconds / small.cold.seconds:.2f} "
            f"(x{big.cold.cpu / small.cold.cpu:.2f}), warm "
            f"x{big.warm.seconds / small.warm.seconds:.2f} "
            f"(x{big.warm.cpu / small.warm.cpu:.2f}), pages "
            f"x{big.cold.pages / max(small.cold.pages, 1):.2f}, peak memory "
            f"x{big.cold.rss_mb / small.cold.rss_mb:.2f}"
        )


OTHER = "other (MkDocs: files, nav, writes; glue)"


def print_phases(r: SizeResult) -> None:
    for name, split, plain in (
        ("cold", r.phases_cold, r.cold),
        ("warm", r.phases_warm, r.warm),
    ):
        if split is None:
            continue
        print(
            f"\nTime split by phase, N = {r.n}, {name} build in one process with timers: "
            f"{fmt_s(split.total)} ({fmt_s(split.total_cpu)} CPU), against {fmt_s(plain.seconds)} "
            "for the plain `mkdocs build` process (which includes ~1 s of start-up). Exclusive "
            "seconds per phase, also by build (outer, en, th)"
        )
        scopes = ["outer", *LOCALES]
        builds = {lc: split.seconds.get((lc, "[locale build]"), 0.0) for lc in LOCALES}
        builds["outer"] = split.total - sum(builds.values())
        wall: dict[str, dict[str, float]] = {}
        for (scope, label), sec in split.seconds.items():
            if label != "[locale build]":
                wall.setdefault(label, {})[scope] = sec
        wall[OTHER] = {
            scope: builds[scope] - sum(v.get(scope, 0.0) for k, v in wall.items() if k != OTHER)
            for scope in scopes
        }
        print(
            f"  {'phase':42}{'seconds':>8}{'share':>7}"
            + "".join(f"{s:>7}" for s in scopes)
            + f"{'calls':>9}"
        )
        for label, per in sorted(wall.items(), key=lambda kv: -sum(kv[1].values())):
            sec = sum(per.values())
            calls = sum(c for (_, lb), c in split.calls.items() if lb == label)
            print(
                f"  {label:42}{sec:8.2f}{100 * sec / split.total:6.1f}%"
                + "".join(f"{per[s]:7.2f}" if s in per else f"{'':7}" for s in scopes)
                + (f"{calls:9d}" if calls else "")
            )
        timed = sum(split.calls.values())
        print(
            f"  (the timers themselves: {timed} timed calls x {split.overhead_us:.1f} us = "
            f"{timed * split.overhead_us / 1e6:.2f} s of the total, mostly in the helpers row)"
        )
        helpers = sorted(
            ((n, v) for n, v in split.functions.items() if ".PageView." in n),
            key=lambda kv: -kv[1][0],
        )[:6]
        if helpers:
            print(
                "  template helpers, by method (exclusive seconds, outermost calls): "
                + ", ".join(f"{n.rsplit('.', 1)[1]} {v[0]:.2f} s {int(v[1])}" for n, v in helpers)
            )
        for lc in LOCALES:
            pages = split.markdown.get(f"{lc}/Markdown (pages)", [])
            inputs = split.markdown.get(f"{lc}/Markdown (diff inputs)", [])
            pairs = split.diffs.get(lc, [])
            if pages or inputs or pairs:
                print(
                    f"  {lc}: Markdown.convert for pages {len(pages)} calls on {len(set(pages))} "
                    f"distinct texts, for diff inputs {len(inputs)} calls on {len(set(inputs))} "
                    f"distinct texts ({len(set(inputs) & set(pages))} of them converted for "
                    f"pages too); diff.redline {len(pairs)} calls on {len(set(pairs))} pairs"
                )
        shared = set(split.diffs.get("en", [])) & set(split.diffs.get("th", []))
        if split.diffs:
            print(f"  diffs computed in both en and th builds: {len(shared)}")
        if split.tokenizer_calls:
            print(
                f"  Thai segmentation: {split.tokenizer_calls} runs segmented (pythainlp "
                "word_tokenize calls); repeated runs come from an in-process lru_cache, empty in "
                "every new process"
            )
        if split.missing:
            print(f"  (not found, so not timed: {', '.join(split.missing)})")


def targets(
    results: list[SizeResult], quick: bool, matrix: MatrixResult | None = None
) -> list[str]:
    """One line per target; the verdict is on wall time, CPU time is given alongside."""
    lines = []

    def line(name: str, measured: float, goal: float, text: str, goal_text: str) -> None:
        if math.isnan(measured):
            lines.append(f"target {name}: not measured {goal_text} MISS")
            return
        verdict = "PASS" if measured <= goal else "MISS"
        lines.append(f"target {name}: {text} {goal_text} {verdict}")

    for r in results:
        every_cpu = r.n * statistics.fmean(b.cpu for _, b in r.per_release)
        for which, build, goal in (("cold", r.cold, 8), ("warm", r.warm, 16)):
            ratio = build.seconds / r.all_versions
            line(
                f"{which}-vs-every-version (N={r.n})",
                ratio,
                1 / goal,
                f"{fmt_s(build.seconds)} = 1/{1 / ratio:.1f} of N x per-release "
                f"{fmt_s(r.all_versions)} (CPU 1/{every_cpu / build.cpu:.1f})",
                f"<= 1/{goal}",
            )
        ratio = per_page(r.cold) / per_page(r.baseline)
        cpu_ratio = (r.cold.cpu / r.cold.pages) / (r.baseline.cpu / r.baseline.pages)
        line(
            f"cost-per-page (N={r.n})",
            ratio,
            1.5,
            f"{fmt_s(per_page(r.cold))}/page cold = {ratio:.2f} x baseline's "
            f"{fmt_s(per_page(r.baseline))}/page (CPU {cpu_ratio:.2f} x)",
            "<= 1.5 x",
        )
    small = next((r for r in results if r.n == 100), results[0])
    big = next((r for r in results if r.n == 400), results[-1] if len(results) > 1 else None)
    if big is not None and big is not small:
        ratio = big.cold.seconds / small.cold.seconds
        line(
            f"growth (N={big.n} vs N={small.n})",
            ratio,
            4.5,
            f"cold x{ratio:.2f} ({fmt_s(big.cold.seconds)} / {fmt_s(small.cold.seconds)}; "
            f"CPU x{big.cold.cpu / small.cold.cpu:.2f})",
            "<= 4.5 x",
        )
    else:
        lines.append(
            "target growth (N=400 vs N=100): not measured" + (" (--quick)" if quick else "")
        )
    ratio = small.cold.seconds / small.sequential.seconds
    line(
        f"parallel (N={small.n}, {len(LOCALES)} locales)",
        ratio,
        0.65,
        f"cold {fmt_s(small.cold.seconds)} in worker processes = {ratio:.2f} x "
        f"{fmt_s(small.sequential.seconds)} with workers: 1 (CPU "
        f"{small.cold.cpu / small.sequential.cpu:.2f} x)",
        "<= 0.65 x",
    )
    if matrix is not None:
        ratio = matrix.critical / matrix.single.seconds
        if not matrix.identical:
            ratio = math.nan  # a site that is not the one build's is no result
        line(
            f"matrix ({matrix.locales} locales, N={matrix.n}, {len(matrix.shards)} shards)",
            ratio,
            0.3,
            f"critical path {fmt_s(matrix.critical)} (slowest shard + assemble) = {ratio:.2f} x "
            f"one build with workers: 1 {fmt_s(matrix.single.seconds)} (CPU "
            f"{matrix.critical_cpu / matrix.single.cpu:.2f} x)",
            "<= 0.3 x",
        )
    else:
        lines.append("target matrix (10 locales, N=50, 5 shards): not measured")
    if big is not None and big is not small and big.cold.workers_mb:
        peak = max(big.cold.workers_mb.values())
        line(
            f"worker-memory (N={big.n})",
            peak,
            300,
            f"{peak:.0f} MB, the largest worker's peak ({_workers(big.cold)})",
            "<= 300 MB",
        )
    else:
        shown = _workers(small.cold)
        lines.append(f"target worker-memory (N=400): not measured; N={small.n}: {shown}")
    serve = small.serve
    edit = statistics.median(serve.edits) if serve and serve.edits else math.nan
    edit_cpu = statistics.median(serve.edits_cpu) if serve and serve.edits_cpu else math.nan
    line(
        f"serve-edit (N={small.n})",
        edit,
        2.0,
        f"{fmt_s(edit)} (median; server CPU {fmt_s(edit_cpu)})",
        "<= 2 s",
    )
    if big is not None and big is not small:
        peak = max(big.cold.rss_mb, big.warm.rss_mb)
        line(f"peak-memory (N={big.n})", peak, 1024, f"{peak:.0f} MB", "<= 1024 MB")
    else:
        peak = max(small.cold.rss_mb, small.warm.rss_mb)
        lines.append(f"target peak-memory (N=400): not measured; N={small.n}: {peak:.0f} MB")
    return lines
