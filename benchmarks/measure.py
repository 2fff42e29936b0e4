"""Measurements: one `mkdocs build` process (wall time, CPU, peak memory, pages), the serve edit,
the phase split of a build run in a child process, and every figure of one size."""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from .corpus import (
    cache_dir_of,
    cut_repository,
    synthesize,
    with_options,
    write_archive,
    write_configs,
    write_repository,
)
from .phases import Split

# The command line entry point; `--phase-child` runs phases.phase_child in a child process.
ENTRY = Path(__file__).resolve().with_name("build.py")


@dataclass
class Build:
    seconds: float  # wall time of the `mkdocs build` process
    rss_mb: float  # its peak resident memory
    pages: int  # .html files written
    ok: bool
    cpu: float = math.nan  # user + system CPU seconds of the process (and the git it ran)
    locales: dict[str, float] = field(default_factory=dict)  # nested build seconds per locale
    cache: str = ""  # the plugin's "cache: N hits, M misses" after the last locale
    workers_mb: dict[str, float] = field(default_factory=dict)  # peak memory of each worker


_LOCALE_LOG = re.compile(r"redline: built /(\w+)/: .*? in ([\d.]+)s")
_WORKER_LOG = re.compile(r"redline: built /(\w+)/: .*; worker peak memory (\d+) MB")
_CACHE_LOG = re.compile(r"\(cache: (\d+ hits, \d+ misses)\)")


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "REDLINE_DRAFTS")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["PYTHONHASHSEED"] = "0"
    return env


def run_build(
    config: Path, site: Path, log: Path, *, clear_cache: bool = False
) -> Build:
    """One `mkdocs build` in a child process: wall time, peak RSS (wait4) and .html pages, with
    MkDocs' debug log, which names each page Redline renders and holds the plugin's figures."""
    if clear_cache:
        cache = cache_dir_of(config)
        if cache is not None and cache.exists():
            shutil.rmtree(cache)
    if site.exists():
        shutil.rmtree(site)
    # The plugin's figures (each locale's time, worker memory) are debug lines: always verbose.
    cmd = [sys.executable, "-m", "mkdocs", "build", "-v", "-f", str(config), "-d", str(site)]
    with log.open("w", encoding="utf-8") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=child_env())
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:  # interrupted: do not leave the build running
            proc.kill()
            proc.wait()
            raise
        seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    text = log.read_text(encoding="utf-8", errors="replace")
    if proc.returncode != 0:
        tail = "\n".join(text.splitlines()[-15:])
        print(f"  ! build failed ({config}, exit {proc.returncode}):\n{tail}", flush=True)
        return Build(math.nan, usage.ru_maxrss / 1024, 0, False, cpu)
    pages = sum(1 for _ in site.rglob("*.html"))
    locales = {m.group(1): float(m.group(2)) for m in _LOCALE_LOG.finditer(text)}
    caches = _CACHE_LOG.findall(text)
    workers = {m.group(1): float(m.group(2)) for m in _WORKER_LOG.finditer(text)}
    return Build(
        seconds,
        usage.ru_maxrss / 1024,  # the largest of the process and its workers (Linux: wait4)
        pages,
        True,
        cpu,
        locales,
        caches[-1] if caches else "",
        workers,
    )


def median_build(builds: list[Build]) -> Build:
    good = [b for b in builds if b.ok] or builds
    seconds = statistics.median(b.seconds for b in good)
    locales = {
        lc: statistics.median(b.locales[lc] for b in good if lc in b.locales)
        for lc in {lc for b in good for lc in b.locales}
    }
    return Build(
        seconds,
        max(b.rss_mb for b in good),
        max(b.pages for b in good),
        good[0].ok,
        statistics.median(b.cpu for b in good),
        locales,
        good[-1].cache,
        {lc: max(b.workers_mb.get(lc, 0.0) for b in good) for lc in good[0].workers_mb},
    )


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a running process (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()
    except OSError:
        return math.nan
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _peak_rss_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return math.nan
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
    return int(match.group(1)) / 1024 if match else math.nan


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except (urllib.error.URLError, OSError):
        return 0, ""


@dataclass
class ServeResult:
    startup: float = math.nan  # from starting `mkdocs serve` to the first page served
    rss_mb: float = math.nan  # peak memory of the server (VmHWM) at the end
    edits: list[float] = field(default_factory=list)  # save -> the draft page shows the edit
    edits_cpu: list[float] = field(default_factory=list)  # CPU the server spent meanwhile
    note: str = ""


def measure_serve(config: Path, repo: Path, work: Path, edits: int, budget: float) -> ServeResult:
    """Start `mkdocs serve`, append a sentence to the English privacy policy, time the rebuild."""
    result = ServeResult()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    source = repo / "policy" / "en" / "privacy-policy.md"
    original = source.read_bytes()
    log = (work / "serve.log").open("w", encoding="utf-8")
    cmd = [
        sys.executable, "-m", "mkdocs", "serve", "-f", str(config),
        "--dev-addr", f"127.0.0.1:{port}",
    ]  # fmt: skip
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=child_env())
    try:
        while time.perf_counter() - started < budget:
            if proc.poll() is not None:
                result.note = f"mkdocs serve exited ({proc.returncode}); see {work / 'serve.log'}"
                return result
            if fetch(f"{base}/en/privacy-policy/")[0] == 200:
                result.startup = time.perf_counter() - started
                break
            time.sleep(0.1)
        else:
            result.note = f"mkdocs serve did not serve within {budget:.0f} s"
            return result
        time.sleep(1.0)  # let the watcher settle after the first build
        draft = f"{base}/en/privacy-policy/draft/"
        for n in range(edits):
            token = f"Benchmark sentence {n} {os.getpid()} {time.time_ns()}."
            cpu = _cpu_seconds(proc.pid)
            source.write_bytes(original.rstrip(b"\n") + b" " + token.encode() + b"\n")
            saved = time.perf_counter()
            while time.perf_counter() - saved < budget:
                status, body = fetch(draft)
                if status == 200 and token in body:
                    result.edits.append(time.perf_counter() - saved)
                    result.edits_cpu.append(_cpu_seconds(proc.pid) - cpu)
                    break
                time.sleep(0.02)
            else:
                result.note = f"the edit was not served within {budget:.0f} s"
                break
            source.write_bytes(original)
            restored = time.perf_counter()
            while time.perf_counter() - restored < budget and fetch(draft)[0] == 200:
                time.sleep(0.05)
            time.sleep(0.5)
    finally:
        source.write_bytes(original)
        result.rss_mb = _peak_rss_mb(proc.pid)
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)
        log.close()
    return result


def measure_phases(config: Path, site: Path, work: Path, name: str, cold: bool) -> Split | None:
    if cold:
        cache = cache_dir_of(config)
        if cache is not None and cache.exists():
            shutil.rmtree(cache)
    if site.exists():
        shutil.rmtree(site)
    out = work / f"phases-{name}.json"
    cmd = [sys.executable, str(ENTRY), "--phase-child", str(config), str(site), str(out)]
    with (work / f"phases-{name}.log").open("w", encoding="utf-8") as log:
        proc = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT, env=child_env())
        # (subprocess.run kills the child itself when interrupted)
    if proc.returncode != 0 or not out.exists():
        print(f"  ! phase profile failed; see {work / f'phases-{name}.log'}", flush=True)
        return None
    data = json.loads(out.read_text(encoding="utf-8"))
    return Split(
        data["total"],
        data["total_cpu"],
        {(lc, label): s for lc, label, s in data["seconds"]},
        {(lc, label): c for lc, label, c in data["calls"]},
        data["functions"],
        data["overhead_us"],
        data["markdown"],
        data["diffs"],
        data["tokenizer_calls"],
        data["missing"],
    )


@dataclass
class SizeResult:
    n: int
    baseline: Build
    archive: Build
    cold: Build
    warm: Build
    sequential: Build  # cold, `workers: 1`
    per_release: list[tuple[int, Build]]
    serve: ServeResult | None
    phases_cold: Split | None
    phases_warm: Split | None
    repo_kb: float
    html_mb: float
    runs: int
    load: tuple[float, float]  # 1-minute load average before and after

    @property
    def per_release_mean(self) -> float:
        good = [b.seconds for _, b in self.per_release if b.ok]
        return statistics.fmean(good) if good else math.nan

    @property
    def all_versions(self) -> float:
        return self.n * self.per_release_mean


def measure_size(
    n: int, runs: int, samples: int, serve_edit: bool, args: argparse.Namespace, root: Path
) -> SizeResult:
    work = root / f"n{n}"
    work.mkdir()
    load = os.getloadavg()[0]
    print(
        f"\n== N = {n} releases: {runs} run(s), {samples} per-release builds; load average "
        f"{load:.1f} ({work})",
        flush=True,
    )
    releases = synthesize(n)
    repo = work / "repo"
    write_repository(repo, releases)
    as_of = releases[-1].date + datetime.timedelta(days=60)
    config, baseline_config = write_configs(repo, work, as_of)
    sizes = {name: len(text.encode()) for name, text in releases[-1].files.items()}
    print(
        f"  repository: {n} tags, {releases[0].date} .. {releases[-1].date}, as_of {as_of}; "
        + ", ".join(f"{k.removeprefix('policy/')} {v / 1024:.1f} KB" for k, v in sizes.items()),
        flush=True,
    )
    site = work / "site"
    logs = work / "logs"
    logs.mkdir()

    baseline = median_build(
        [run_build(baseline_config, site, logs / f"baseline-{i}.log") for i in range(runs)]
    )
    archive_config = write_archive(releases, baseline_config, work)
    archive = median_build(
        [run_build(archive_config, site, logs / f"archive-{i}.log") for i in range(runs)]
    )
    print(
        f"  baseline: {baseline.seconds:.2f} s, {baseline.pages} pages; every revision as a "
        f"plain page: {archive.seconds:.2f} s, {archive.pages} pages",
        flush=True,
    )

    # The default build runs the locales in worker processes (`workers`: the CPUs); the same
    # cold build with `workers: 1`, interleaved with it, is the sequential build it replaces.
    one_worker = with_options(config, config.with_name("mkdocs-workers-1.yml"), workers=1)
    colds, warms, sequentials = [], [], []
    for i in range(runs):
        colds.append(run_build(config, site, logs / f"cold-{i}.log", clear_cache=True))
        warms.append(run_build(config, site, logs / f"warm-{i}.log"))
        sequentials.append(
            run_build(one_worker, site, logs / f"sequential-{i}.log", clear_cache=True)
        )
        print(
            f"  run {i + 1}: cold {colds[-1].seconds:.2f} s ({colds[-1].cpu:.2f} s CPU), warm "
            f"{warms[-1].seconds:.2f} s ({warms[-1].cpu:.2f} s CPU), {colds[-1].pages} pages; "
            f"warm cache: {warms[-1].cache or 'n/a'}; cold with workers: 1 "
            f"{sequentials[-1].seconds:.2f} s ({sequentials[-1].cpu:.2f} s CPU)",
            flush=True,
        )
    cold, warm, sequential = median_build(colds), median_build(warms), median_build(sequentials)
    html_mb = sum(p.stat().st_size for p in site.rglob("*.html")) / 2**20
    repo_kb = sum(p.stat().st_size for p in (repo / ".git").rglob("*") if p.is_file()) / 1024

    per_release: list[tuple[int, Build]] = []
    for keep in sorted({max(1, round(j * n / samples)) for j in range(1, samples + 1)}):
        cut = work / f"cut-{keep}"
        cut_repository(repo, cut, releases, keep)
        cut_config, _ = write_configs(cut, work, as_of)
        build = run_build(cut_config, work / "site-cut", logs / f"cut-{keep}.log", clear_cache=True)
        per_release.append((keep, build))
        print(
            f"  per-release build at release {keep}: {build.seconds:.2f} s "
            f"({build.cpu:.2f} s CPU), {build.pages} pages",
            flush=True,
        )
        cache = cache_dir_of(cut_config)
        if cache is not None and cache.exists():
            shutil.rmtree(cache)
        shutil.rmtree(cut)

    phases_cold = phases_warm = None
    if not args.no_phases:
        phases_cold = measure_phases(config, site, work, "cold", cold=True)
        phases_warm = measure_phases(config, site, work, "warm", cold=False)
        if phases_cold:
            print(f"  phase profile: cold {phases_cold.total:.2f} s in-process", flush=True)
        if phases_warm:
            print(f"  phase profile: warm {phases_warm.total:.2f} s in-process", flush=True)

    serve = None
    if serve_edit:
        budget = max(120.0, 5 * cold.seconds) if not math.isnan(cold.seconds) else 300.0
        serve = measure_serve(config, repo, work, runs, budget)
        print(
            f"  serve: first page after {serve.startup:.2f} s; edit -> served "
            + ", ".join(
                f"{s:.2f} s (server CPU {c:.2f} s)"
                for s, c in zip(serve.edits, serve.edits_cpu, strict=False)
            )
            + (f" ({serve.note})" if serve.note else ""),
            flush=True,
        )
    return SizeResult(
        n,
        baseline,
        archive,
        cold,
        warm,
        sequential,
        per_release,
        serve,
        phases_cold,
        phases_warm,
        repo_kb,
        html_mb,
        runs,
        (load, os.getloadavg()[0]),
    )
