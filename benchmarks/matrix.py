"""The CI matrix, simulated: a history in many locales built as shards one after another, each a
job of its own (empty cache, the whole machine), then assembled; against one build, `workers: 1`.
The locale groups are `redline groups`' (as in the publishing workflow's plan job).

A matrix's wall time is its slowest job plus the assemble job that waits for all of them (the
critical path); jobs start at once on their own runners, so running them one after another here
measures each as a runner would, without them competing for this machine's CPUs.
"""

from __future__ import annotations

import datetime
import json
import math
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .corpus import (
    cache_dir_of,
    locale_options,
    synthesize,
    with_locales,
    with_options,
    write_configs,
    write_repository,
)
from .measure import Build, child_env, run_build


@dataclass
class Job:
    seconds: float
    rss_mb: float  # the largest of the process and its workers
    ok: bool
    cpu: float = math.nan  # user + system, its workers' included (they are its waited children)


@dataclass
class MatrixResult:
    n: int
    locales: int
    single: Build  # every locale, `workers: 1`, cold
    plan: Job | None = None  # `redline groups`: the locale groups of the shards
    shards: list[tuple[str, Job]] = field(default_factory=list)  # locales -> its shard's build
    assemble: Job | None = None
    identical: bool = False  # the assembled site has the single build's bytes

    @property
    def critical_cpu(self) -> float:
        """The CPU time of the critical path's jobs (less sensitive to other load)."""
        if not self.shards or self.assemble is None:
            return math.nan
        slowest = max(self.shards, key=lambda entry: entry[1].seconds)[1]
        return slowest.cpu + self.assemble.cpu

    @property
    def critical(self) -> float:
        """The matrix's wall time: its slowest shard, then the assemble job."""
        if not self.shards or self.assemble is None:
            return math.nan
        return max(job.seconds for _, job in self.shards) + self.assemble.seconds


def run_job(args: list[str], cwd: Path, log: Path, stdout: Path | None = None) -> Job:
    """One `redline` command in a child process: wall time and peak memory (wait4); its output
    in `log`, or its standard output alone in `stdout` if given."""
    cmd = [sys.executable, "-m", "redline.cli", *args]
    with log.open("w", encoding="utf-8") as out, (stdout or log).open("a", encoding="utf-8") as std:
        started = time.perf_counter()
        proc = subprocess.Popen(
            cmd, cwd=cwd, stdout=std if stdout else out, stderr=out, env=child_env()
        )
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            proc.kill()
            proc.wait()
            raise
        seconds = time.perf_counter() - started
    ok = os.waitstatus_to_exitcode(status) == 0
    if not ok:
        tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:])
        print(f"  ! redline {args[0]} failed ({log}):\n{tail}", flush=True)
    cpu = usage.ru_utime + usage.ru_stime
    return Job(seconds if ok else math.nan, usage.ru_maxrss / 1024, ok, cpu)


def same_files(a: Path, b: Path) -> bool:
    def files(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}

    return files(a) == files(b)


def measure_matrix(n: int, locales: int, shards: int, root: Path) -> MatrixResult:
    work = root / f"matrix-n{n}"
    work.mkdir()
    print(f"\n== matrix: {locales} locales, N = {n} releases, {shards} shards ({work})", flush=True)
    releases = with_locales(synthesize(n), locales)
    repo = work / "repo"
    write_repository(repo, releases)
    as_of = releases[-1].date + datetime.timedelta(days=60)
    config, _ = write_configs(repo, work, as_of)
    with_options(config, config, locales=locale_options(locales))
    one_worker = with_options(config, config.with_name("mkdocs-workers-1.yml"), workers=1)
    single = run_build(one_worker, work / "single", work / "single.log", clear_cache=True)
    print(f"  one build, workers: 1: {single.seconds:.2f} s, {single.pages} pages", flush=True)
    result = MatrixResult(n, locales, single)
    # The groups as the publishing workflow's plan job makes them: by the pages of each locale.
    chosen = work / "groups.json"
    result.plan = run_job(["groups", "--jobs", str(shards)], repo, work / "plan.log", chosen)
    if not result.plan.ok:
        return result
    found = json.loads(chosen.read_text(encoding="utf-8"))
    print(f"  redline groups --jobs {shards}: {found} ({result.plan.seconds:.2f} s)", flush=True)
    folders = []
    for number, group in enumerate((str(each).split(",") for each in found), 1):
        cache = cache_dir_of(config)
        if cache is not None and cache.exists():
            shutil.rmtree(cache)  # each job on a runner of its own: an empty cache
        folder = work / "shards" / str(number)
        job = run_job(
            ["build", "--locales", ",".join(group), "--site-dir", str(folder)],
            repo,
            work / f"shard-{number}.log",
        )
        result.shards.append((",".join(group), job))
        folders.append(str(folder))
        print(
            f"  shard {number} ({','.join(group)}): {job.seconds:.2f} s ({job.cpu:.2f} s CPU)",
            flush=True,
        )
    site = work / "assembled"
    result.assemble = run_job(
        ["assemble", *folders, "--site-dir", str(site)], repo, work / "assemble.log"
    )
    result.identical = result.assemble.ok and same_files(site, work / "single")
    print(
        f"  assemble: {result.assemble.seconds:.2f} s; the assembled site is "
        f"{'byte-identical to' if result.identical else 'NOT the same as'} the one build",
        flush=True,
    )
    return result
