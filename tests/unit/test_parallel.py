"""`parallel.run`: work in forked processes, results back, log records relayed, failures named."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from redline.build import parallel

log = logging.getLogger("mkdocs.plugins.redline.test")


def square(n: int) -> dict[str, int]:
    log.warning("squaring %d in process %d", n, os.getpid())
    return {"n": n, "square": n * n, "pid": os.getpid()}


def test_each_key_is_worked_in_a_worker_process_and_its_result_comes_back(caplog):
    caplog.set_level(logging.INFO)
    results = dict(parallel.run([1, 2, 3], square, workers=2))
    assert {k: v["square"] for k, v in results.items()} == {1: 1, 2: 4, 3: 9}
    pids = {v["pid"] for v in results.values()}
    # A pool of two: a worker may take a second key (as `workers: 1` builds every locale in
    # one process), never this process.
    assert os.getpid() not in pids and 1 <= len(pids) <= 2
    # The children's records reach this process's handlers, formatted, from the right logger.
    relayed = sorted(r.getMessage() for r in caplog.records if r.name == log.name)
    assert relayed == [f"squaring {n} in process {results[n]['pid']}" for n in (1, 2, 3)]
    assert all(r.levelno == logging.WARNING for r in caplog.records if r.name == log.name)


class Refused(Exception):
    pass


def refuse(n: int) -> int:
    if n == 2:
        raise Refused("two is refused")
    return n


def test_an_expected_error_is_its_message_and_names_the_key():
    with pytest.raises(parallel.WorkerError) as caught:
        dict(parallel.run([1, 2], refuse, workers=2, expected=(Refused,)))
    assert caught.value.key == 2
    assert caught.value.message == "two is refused"


def test_another_error_is_its_type_and_message():
    with pytest.raises(parallel.WorkerError) as caught:
        dict(parallel.run([2], refuse, workers=1))
    assert caught.value.message == "Refused: two is refused"


def die(n: int) -> int:
    os._exit(3)


def test_a_process_that_dies_without_a_result_says_so():
    with pytest.raises(parallel.WorkerError) as caught:
        dict(parallel.run(["x"], die, workers=1))
    assert caught.value.key == "x"
    assert caught.value.message.startswith(
        "its worker process ended without a result (exit status 3)"
    )


def die_or_wait(key: str) -> str:
    if key == "dies":
        time.sleep(0.3)  # the other has started
        os._exit(3)
    time.sleep(30)
    return key


def test_of_two_running_workers_the_one_that_died_is_named():
    started = time.monotonic()
    with pytest.raises(parallel.WorkerError) as caught:
        dict(parallel.run(["waits", "dies"], die_or_wait, workers=2))
    assert caught.value.key == "dies"
    assert "(exit status 3)" in caught.value.message
    assert time.monotonic() - started < 20  # the other was stopped, not waited for


def test_default_workers_is_the_cpus_this_process_may_use():
    assert parallel.default_workers() == len(os.sched_getaffinity(0))


# --- Stream: a helper process that makes items ahead, read as they are needed ---


def count_to(n: int, send) -> None:
    for i in range(1, n + 1):
        log.warning("made %d in process %d", i, os.getpid())
        send((i, os.getpid()))


def test_a_stream_gives_its_items_in_order_from_another_process_then_ends(caplog):
    caplog.set_level(logging.INFO)
    stream = parallel.Stream(lambda send: count_to(3, send), "counter")
    items = [stream.next() for _ in range(3)]
    assert [i for i, _ in items] == [1, 2, 3]
    (pid,) = {p for _, p in items}
    assert pid != os.getpid()
    assert stream.next() is None and stream.next() is None  # ended, and stays so
    relayed = [r.getMessage() for r in caplog.records if r.name == log.name]
    assert relayed == [f"made {i} in process {pid}" for i in (1, 2, 3)]
    stream.close()


def fail_after_one(send) -> None:
    send("first")
    raise RuntimeError("the second went wrong")


def test_a_stream_that_fails_ends_after_what_it_made_with_the_error_at_debug_level(caplog):
    caplog.set_level(logging.DEBUG, logger="mkdocs.plugins.redline")
    stream = parallel.Stream(fail_after_one, "failing")
    assert stream.next() == "first"
    assert stream.next() is None
    (record,) = [r for r in caplog.records if r.getMessage().startswith("failing failed")]
    assert record.levelno == logging.DEBUG
    assert "RuntimeError: the second went wrong" in record.getMessage()


def test_a_stream_whose_process_dies_ends():
    stream = parallel.Stream(lambda send: os._exit(3), "dying")
    assert stream.next() is None


def forever(send) -> None:
    i = 0
    while True:
        i += 1
        send(i)


def make_then_mark(marker: Path, send) -> None:
    for _ in range(40):
        send("x" * 65536)  # a pipe holds 64 KiB: without a sender thread, the second waits
    marker.write_text("made", encoding="utf-8")


def test_a_stream_does_not_wait_for_its_reader(tmp_path):
    marker = tmp_path / "made"
    stream = parallel.Stream(lambda send: make_then_mark(marker, send), "ahead")
    waited = 0.0
    while not marker.exists() and waited < 20:
        time.sleep(0.05)
        waited += 0.05
    assert marker.exists(), "the helper waited for its reader"
    assert [len(stream.next() or "") for _ in range(40)] == [65536] * 40
    assert stream.next() is None


def test_close_stops_a_stream_that_still_runs():
    stream = parallel.Stream(forever, "endless")
    assert stream.next() == 1
    process = stream._process
    assert process is not None and process.is_alive()
    stream.close()
    assert not process.is_alive()
    assert stream.next() is None


def finite(send) -> None:
    for _ in range(40):
        send("x" * 65536)  # more than a pipe holds: its sender still waits when the work is done


def leave_a_stream_behind(pid_file: Path, work) -> None:
    stream = parallel.Stream(work, "orphaned")
    assert stream.next() is not None
    assert stream._process is not None
    pid_file.write_text(str(stream._process.pid), encoding="utf-8")
    os._exit(0)  # as if killed: the stream is never closed


def gone(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except FileNotFoundError:
        return True
    return "\nState:\tZ" in status  # ended, not yet reaped by its new parent


@pytest.mark.parametrize("work", [forever, finite], ids=["working", "done"])
def test_a_stream_whose_reader_dies_stops(tmp_path, work):
    import multiprocessing

    pid_file = tmp_path / "pid"
    reader = multiprocessing.get_context("fork").Process(
        target=leave_a_stream_behind, args=(pid_file, work)
    )
    reader.start()
    reader.join()
    helper = int(pid_file.read_text(encoding="utf-8"))
    waited = 0.0
    while not gone(helper) and waited < 20:
        time.sleep(0.05)
        waited += 0.05
    if not gone(helper):
        os.kill(helper, signal.SIGKILL)
        pytest.fail("the stream kept working for a reader that is gone")


KILLED_WITH_A_HELPER = """
import os, signal, time
from redline.build import parallel

def finite(send):
    for _ in range(40):
        send("x" * 65536)  # more than a pipe holds: done, its sender still waits

def die_with_a_helper(key):
    stream = parallel.Stream(finite, "helper of a worker")
    assert stream.next() is not None
    time.sleep(0.2)
    os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer does

try:
    dict(parallel.run(["th"], die_with_a_helper, workers=1))
except parallel.WorkerError as exc:
    print(exc.message)
"""


def run_script(code: str, hanging: str) -> str:
    """Run `code` in a Python process of its own session; its output. A run that does not end
    within a minute fails the test with `hanging` (and is killed with what it left behind)."""
    import subprocess
    import sys

    process = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        out, _ = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(hanging)
    assert process.returncode == 0, out
    return out


def test_a_worker_killed_with_its_helper_running_is_reported_not_waited_for():
    """The helper must not hold the worker's pipe to the build open (the build would wait)."""
    out = run_script(KILLED_WITH_A_HELPER, "the build waited for a killed worker")
    assert out.startswith("its worker process ended without a result"), out


UNREADABLE_ITEM = """
from redline.build import parallel

def refuse():
    raise ValueError("cannot be read back")

class Unreadable:
    def __reduce__(self):
        return (refuse, ())  # pickles; unpickling raises

def work(send):
    send(Unreadable())
    for _ in range(40):
        send("x" * 65536)  # more than a pipe holds

stream = parallel.Stream(work, "unreadable")
helper = stream._process
print(stream.next(), helper.is_alive())
"""


def test_an_item_that_cannot_be_read_ends_the_stream_and_its_process():
    out = run_script(UNREADABLE_ITEM, "the reader waited for a helper it no longer reads")
    assert out == "None False\n"


DROPPED = """
import gc
from redline.build import parallel

def finite(send):
    for _ in range(40):
        send("x" * 65536)

stream = parallel.Stream(finite, "dropped")
assert stream.next() is not None
del stream  # never closed
gc.collect()
print("exiting")
"""


def test_a_stream_dropped_without_close_lets_the_program_end():
    assert run_script(DROPPED, "the program waited for a helper nobody reads") == "exiting\n"


def test_a_worker_that_cannot_start_is_an_error_naming_it(monkeypatch):
    from multiprocessing.process import BaseProcess

    def refused(self):
        raise OSError(11, "Resource temporarily unavailable")

    held = len(parallel._HELD)
    monkeypatch.setattr(BaseProcess, "start", refused)
    with pytest.raises(parallel.WorkerError) as caught:
        dict(parallel.run(["th"], square, workers=2))
    assert caught.value.key == "th"
    assert caught.value.message.startswith("its worker process could not start (")
    assert len(parallel._HELD) == held  # its pipe closed, not kept


def log_with_extra(send) -> None:
    log.warning("helper warns", extra={"callback": lambda: None})  # the extra does not pickle
    send("done")


def test_a_log_record_that_does_not_pickle_still_arrives_as_text(caplog):
    caplog.set_level(logging.INFO)
    stream = parallel.Stream(log_with_extra, "warning")
    assert stream.next() == "done"
    stream.close()
    (record,) = [r for r in caplog.records if r.getMessage() == "helper warns"]
    assert record.levelno == logging.WARNING and record.name == log.name


def test_no_process_of_a_build_has_a_thread_when_it_forks(tmp_path):
    # A forked child gets only the forking thread: a lock another thread held stays taken in it
    # forever. The build's log listener (a thread) starts after the pool has forked every
    # worker; a worker that has logged (as a locale's build does) then forks its redline helpers.
    # In a fresh interpreter: a test runner's own threads would count.
    forks = tmp_path / "forks"
    script = f"""
import logging, os, threading
from redline.build import parallel
def note():
    with open({str(forks)!r}, "a") as file:
        file.write(f"{{threading.active_count()}}\\n")
os.register_at_fork(before=note)
def work(n):
    logging.getLogger("mkdocs.plugins.redline").warning("working on %d", n)
    child = os.fork()
    if child == 0:
        os._exit(0)
    os.waitpid(child, 0)
    return n * n
print(sorted(parallel.run([1, 2, 3, 4], work, workers=2)))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[(1, 1), (2, 4), (3, 9), (4, 16)]", done.stdout + done.stderr
    counts = forks.read_text().split()
    assert len(counts) == 2 + 4  # the pool's two workers, and one fork in each task
    assert set(counts) == {"1"}, counts
