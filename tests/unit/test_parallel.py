"""`parallel.run`: work in forked processes, results back, log records relayed, failures named."""

from __future__ import annotations

import logging
import os

import pytest

from redline import parallel

log = logging.getLogger("mkdocs.plugins.redline.test")


def square(n: int) -> dict[str, int]:
    log.warning("squaring %d in process %d", n, os.getpid())
    return {"n": n, "square": n * n, "pid": os.getpid()}


def test_each_key_is_worked_in_a_process_of_its_own_and_its_result_comes_back(caplog):
    caplog.set_level(logging.INFO)
    results = dict(parallel.run([1, 2, 3], square, workers=2))
    assert {k: v["square"] for k, v in results.items()} == {1: 1, 2: 4, 3: 9}
    pids = {v["pid"] for v in results.values()}
    assert os.getpid() not in pids and len(pids) == 3
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


def test_default_workers_is_the_cpus_this_process_may_use():
    assert parallel.default_workers() == len(os.sched_getaffinity(0))
