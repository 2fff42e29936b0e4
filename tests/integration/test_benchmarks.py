"""The build benchmark (`make bench`) runs end to end at a tiny size and reports every target."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from benchmarks import phases

PROJECT = Path(__file__).resolve().parents[2]
SECONDS = r"(?:\d+ ms|\d+\.\d\d s)"  # report.fmt_s
RATIO = r"\d+\.\d+"


def test_every_phase_timer_names_a_function_that_exists():
    # The timers find functions by dotted name: a function renamed or moved would go untimed.
    assert phases.unresolved() == []


def test_the_benchmark_runs_at_a_tiny_size_and_reports_every_target(tmp_path):
    command = [
        sys.executable, str(PROJECT / "benchmarks" / "build.py"),
        "--releases", "3", "--scale", "0", "--runs", "1", "--samples", "1", "--no-serve",
        "--matrix-releases", "2", "--matrix-locales", "4", "--matrix-shards", "2",
    ]  # fmt: skip
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    out = result.stdout
    assert "build failed" not in out and "phase profile failed" not in out, out

    targets = [line for line in out.splitlines() if line.startswith("target ")]
    expected = [
        rf"target cold-vs-every-version \(N=3\): {SECONDS} = 1/{RATIO} of N x per-release "
        rf"{SECONDS} \(CPU 1/{RATIO}\) <= 1/8 (PASS|MISS)",
        rf"target warm-vs-every-version \(N=3\): {SECONDS} = 1/{RATIO} of N x per-release "
        rf"{SECONDS} \(CPU 1/{RATIO}\) <= 1/16 (PASS|MISS)",
        rf"target cost-per-page \(N=3\): {SECONDS}/page cold = {RATIO} x baseline's "
        rf"{SECONDS}/page \(CPU {RATIO} x\) <= 1.5 x (PASS|MISS)",
        r"target growth \(N=400 vs N=100\): not measured",
        rf"target parallel \(N=3, 2 locales\): cold {SECONDS} in worker processes = {RATIO} x "
        rf"{SECONDS} with workers: 1 \(CPU {RATIO} x\) <= 0.65 x (PASS|MISS)",
        rf"target matrix \(4 locales, N=2, 2 shards\): critical path {SECONDS} \(slowest shard "
        rf"\+ assemble\) = {RATIO} x one build with workers: 1 {SECONDS} \(CPU {RATIO} x\) "
        r"<= 0.3 x (PASS|MISS)",
        r"target worker-memory \(N=400\): not measured; N=3: \d+ MB / \d+ MB",
        r"target serve-edit \(N=3\): not measured <= 2 s MISS",
        r"target peak-memory \(N=400\): not measured; N=3: \d+ MB",
    ]
    assert len(targets) == len(expected), out
    for line, pattern in zip(targets, expected, strict=True):
        assert re.fullmatch(pattern, line), line

    # The table and the phase split have their figures; every phase timer was installed.
    assert re.search(rf"^redline cold +{SECONDS} \(CPU {SECONDS}\)$", out, re.M), out
    assert re.search(r"^pages generated \(\.html\) +[1-9]\d* \(\d+ MB\)$", out, re.M), out
    for build in ("cold", "warm"):
        assert f"Time split by phase, N = 3, {build} build in one process" in out
    assert re.search(rf"^  diffs +{RATIO} +{RATIO}%", out, re.M), out
    assert re.search(r"diff\.redline [1-9]\d* calls on [1-9]\d* pairs", out), out
    assert "not found, so not timed" not in out
    # The matrix simulation assembled the one build's site from shards of the groups that
    # `redline groups` made: every locale in one of them.
    assert re.search(rf"^  plan \(redline groups\) +{SECONDS} \(CPU {SECONDS}\)$", out, re.M), out
    shard = rf"^  shard ([a-z,]+) +{SECONDS} \(CPU {SECONDS}\), peak memory \d+ MB$"
    built = [lc for group in re.findall(shard, out, re.M) for lc in group.split(",")]
    assert sorted(built) == sorted(["en", "th", "fr", "de"]), out
    assert "assembled site byte-identical to the one build" in out
    assert list(tmp_path.iterdir()) == []  # the temporary folder is gone


def test_the_compare_benchmark_reports_the_cost_of_every_pair(tmp_path):
    command = [sys.executable, str(PROJECT / "benchmarks" / "compare_bench.py"), "--releases", "4"]
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    out = result.stdout
    assert "build failed" not in out, out
    rows = re.findall(r"^\s+4 \| (fixed|every)\s+\|\s+(\d+) \|\s+(\d+) \|", out, re.M)
    assert [name for name, _, _ in rows] == ["fixed", "every"], out
    (_, fixed, _), (_, every, _) = rows
    assert int(every) > int(fixed) > 0  # 4 English revisions: 5 fixed pairs of 6
    assert re.search(
        rf"every pair adds {int(every) - int(fixed)} redlines: \+-?\d+\.\d+s cold", out
    )


def test_the_incremental_benchmark_reports_the_pages_rendered_and_its_target(tmp_path):
    command = [sys.executable, str(PROJECT / "benchmarks" / "incremental.py"), "--releases", "3"]
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    out = result.stdout
    assert "build failed" not in out, out
    assert out.count("the two sites are byte-identical: yes") == 2, out  # both scenarios
    assert re.search(
        rf"^  upcoming: {SECONDS} = 1/{RATIO} of a warm full rebuild {SECONDS}, [1-9]\d* pages "
        r"rendered \(not a target\)$",
        out,
        re.M,
    ), out
    # English renders its lists, the new revision and its neighbour, the new redlines.
    assert re.search(r"^    /en/ rendered: .*\b[1-9]\d* redlines, 2 revisions$", out, re.M), out
    targets = [line for line in out.splitlines() if line.startswith("target ")]
    assert len(targets) == 1, out
    assert re.fullmatch(
        rf"target incremental \(N=3\): {SECONDS} = 1/{RATIO} of a warm full rebuild {SECONDS}, "
        r"[1-9]\d* pages rendered <= 1/3 (PASS|MISS)",
        targets[0],
    )
    assert list(tmp_path.iterdir()) == []
