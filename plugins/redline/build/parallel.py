"""Locale builds in worker processes, at most `workers` at a time, and helper processes that make
items ahead of a build (`Stream`) (no MkDocs import).

A locale's build reads only the state the outer build read once (plain data) and writes only its
own folder, so the locales can be built at the same time. `run` uses the standard library's
process pool with the "fork" start method: a worker starts with the history already read and
MkDocs already imported, where a spawned one would read the tags and import everything again
(about a second each), and the work (a closure over the outer build) reaches it by inheritance,
not pickled. A worker's log records come back through a queue (`logging.handlers.QueueHandler`)
and a listener hands them to this process's loggers (so MkDocs' handlers, its `--strict` count of
warnings and test captures see them as if the build had run here).

`Stream` is a process of its own, not a pool's task: it sends its items while it works, and the
build stops it mid-work when its items are no longer wanted, which a pool cannot do (Python 3.11).
"""

from __future__ import annotations

import functools
import logging
import logging.handlers
import multiprocessing
import os
import pickle
import queue
import signal
import sys
import threading
import traceback
import weakref
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor
from concurrent.futures import wait as futures_wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

from redline.errors import RedlineError

K = TypeVar("K")
T = TypeVar("T")

log = logging.getLogger("mkdocs.plugins.redline")


#: The pipe ends this process reads its children from, or writes its parent to: a process forked
#: from it closes them first, so that each pipe ends when the processes at its ends do (a helper
#: holding its build's pipe to the outer build would hide that build's death from it).
#: Weak: a pipe end dropped without being closed is closed when it is collected.
_HELD: weakref.WeakSet[Connection] = weakref.WeakSet()


@functools.cache
def _prctl() -> Callable[..., int] | None:
    """libc's `prctl`, looked up before forking (`dlopen` is not safe in a child forked from a
    process with threads, as `mkdocs serve` is); None where there is none (not Linux, or no
    ctypes). Through ctypes: python-prctl would be a compiled dependency for one call."""
    try:
        import ctypes

        found: Callable[..., int] = ctypes.CDLL(None, use_errno=True).prctl
    except (ImportError, OSError, AttributeError):
        return None
    return found


def _before_fork() -> None:
    """What the parent does before each fork: write out its output buffers (a child inherits
    them and would write them again) and look up `prctl` (see `_prctl`)."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()
    _prctl()


def _forked(parent: int) -> None:
    """What a forked child does first: close its parent's pipe ends and, on Linux, ask to be
    killed when its parent ends, however it ends (killed, out of memory): a worker or helper
    never outlives the build it works for."""
    for conn in list(_HELD):
        conn.close()
    _HELD.clear()
    prctl = _prctl()  # looked up in the parent
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it ended before the request
        os._exit(0)


_PR_SET_PDEATHSIG = 1


class WorkerError(RedlineError):
    """The work of `key` failed in its worker process; `message` says how, in one line."""

    def __init__(self, key: object, message: str) -> None:
        super().__init__(f"{key}: {message}")
        self.key = key
        self.message = message


def default_workers() -> int:
    """The CPUs this process may run on (its affinity, as in a container), else all of them."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether worker processes can be forked here (not on Windows: the build stays in one)."""
    return "fork" in multiprocessing.get_all_start_methods()


def run(
    keys: Sequence[K],
    work: Callable[[K], T],
    workers: int,
    *,
    expected: tuple[type[BaseException], ...] = (),
) -> Iterator[tuple[K, T]]:
    """`work(key)` for each key, in a pool of forked processes, at most `workers` at a time;
    yields `(key, result)` as each finishes. The results must pickle (plain data).

    The first failure stops the others and raises WorkerError: an `expected` exception with its
    own message, any other with its type and message (its traceback logged at debug level), a
    process that ends without a result (killed, out of memory) with its exit status.
    """
    # "fork": `work` (a closure over the outer build) and the state it reads reach the workers
    # by inheritance, as the pool's initializer arguments; "spawn" or "forkserver" would pickle
    # them, and read the history and import MkDocs again in each worker.
    context = multiprocessing.get_context("fork")
    # The workers' log records. A SimpleQueue writes in the caller's thread: a Queue would start
    # a feeder thread in each worker, which a worker forking its redline helpers must not have.
    records: Any = context.SimpleQueue()
    started: Any = context.SimpleQueue()  # (key, pid): which worker took which key
    listener = _Listener(records, _ToLogger())
    _before_fork()
    executor = ProcessPoolExecutor(
        max_workers=max(min(workers, len(keys)), 1),
        mp_context=context,
        initializer=_start_worker,
        initargs=(work, expected, records, started, os.getpid()),
    )
    finished = False
    try:
        pending: dict[Future[tuple[str, Any]], K] = {}
        for key in keys:
            try:
                pending[executor.submit(_task, key)] = key
            except OSError as exc:  # no process to spare (fork refused)
                raise WorkerError(
                    key,
                    f"its worker process could not start ({exc}); with 'workers: 1' the "
                    "build runs in one process",
                ) from None
        # Only now a thread: the pool forks every worker at its first task, before its own
        # thread starts (the fork start method), and a process that has threads is never forked.
        listener.start()
        while pending:
            done, _ = futures_wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=lambda f: list(pending).index(f)):
                key = pending.pop(future)
                try:
                    kind, payload = future.result()
                except BrokenProcessPool:
                    raise _ended(executor, started, key) from None
                if kind == "error":
                    message, details = payload
                    if details:
                        log.debug("the build of %s failed in its worker process:\n%s", key, details)
                    raise WorkerError(key, message)
                yield key, payload
        finished = True
    finally:
        if not finished:  # a failure, or the caller stopped: the others are not waited for
            _stop(executor)
        # Workers that end normally write out what they logged (terminated ones need not).
        executor.shutdown(wait=True, cancel_futures=True)
        listener.stop()  # workers ended: it hands on what they logged, then ends
        records.close()
        started.close()


def _ended(executor: ProcessPoolExecutor, started: Any, key: Any) -> WorkerError:
    """The error of a worker that ended without a result. The pool says only that one did: the
    key is the one taken by the process with an exit status of its own (the pool terminates the
    others when it breaks), found through `started`; else `key`."""
    by_pid: dict[int, Any] = {}
    while not started.empty():
        each, pid = started.get()
        by_pid[pid] = each
    status = None
    for pid, process in (getattr(executor, "_processes", None) or {}).items():
        process.join(timeout=5)
        if process.exitcode not in (None, 0, -signal.SIGTERM):
            key, status = by_pid.get(pid, key), process.exitcode
            break
    return WorkerError(
        key,
        f"its worker process ended without a result (exit status {status}); with "
        "'workers: 1' the build runs in one process",
    )


def _stop(executor: ProcessPoolExecutor) -> None:
    """Terminate the pool's processes still working (after a failure; the pool itself can only
    wait for a running task)."""
    for process in list((getattr(executor, "_processes", None) or {}).values()):
        if process.is_alive():
            process.terminate()


#: In a worker: the work, its expected errors and where it says which key it took.
_WORKER: dict[str, Any] = {}


def _start_worker(
    work: Callable[[Any], Any],
    expected: tuple[type[BaseException], ...],
    records: Any,
    started: Any,
    parent: int,
) -> None:
    """A pool worker's first step (its arguments inherited, not pickled: see `run`)."""
    _forked(parent)
    _WORKER.update(work=work, expected=expected, started=started)
    _relay_logging(records)


def _task(key: Any) -> tuple[str, Any]:
    """`work(key)` in a worker: ("done", its result) or ("error", (message, traceback))."""
    _WORKER["started"].put((key, os.getpid()))
    try:
        return ("done", _WORKER["work"](key))
    except _WORKER["expected"] as exc:
        return ("error", (str(exc) or type(exc).__name__, ""))
    except BaseException as exc:  # reported to the parent, which decides
        return ("error", (f"{type(exc).__name__}: {exc}", traceback.format_exc()))


class _Listener(logging.handlers.QueueListener):
    """QueueListener stopped by a flag, not by a sentinel through the queue: a worker killed while
    writing to the queue leaves its lock taken, and a sentinel would never arrive."""

    def __init__(self, records: Any, *handlers: logging.Handler) -> None:
        super().__init__(records, *handlers)
        self._done = threading.Event()

    def dequeue(self, block: bool) -> logging.LogRecord:
        records: Any = self.queue  # a multiprocessing SimpleQueue: its `get` only blocks
        while records.empty():
            if self._done.is_set():  # and nothing left: the listener ends
                raise queue.Empty
            self._done.wait(0.05)
        record: logging.LogRecord = records.get()
        return record

    def enqueue_sentinel(self) -> None:
        self._done.set()

    def stop(self) -> None:
        self._done.set()
        if self._thread is not None:
            self._thread.join(timeout=10)  # a daemon thread: never waited for longer
            self._thread = None


class _ToLogger(logging.Handler):
    """A worker's log record, handed to this process's logger of the same name (so MkDocs'
    handlers, its `--strict` count of warnings and test captures see it)."""

    def emit(self, record: logging.LogRecord) -> None:
        logging.getLogger(record.name).handle(record)


class Stream:
    """A forked process that makes items one after another (`work(send)` calls `send(item)` for
    each) while this one goes on; `next` reads them in the order made, as they are needed.

    The process never waits for its reader: what it has made waits in its memory until read. Its
    log records come through the same pipe, handed to this process's loggers as `run` does. A
    stream that fails (an exception, a killed process) just ends, its error logged at debug
    level: whoever reads it does the rest of the work itself, where an error is reported as usual.
    """

    def __init__(self, work: Callable[[Callable[[Any], None]], None], name: str) -> None:
        context = multiprocessing.get_context("fork")
        self.name = name
        self._reader, writer = context.Pipe(duplex=False)
        self._process: BaseProcess | None = context.Process(
            target=_stream_child, args=(work, writer, os.getpid()), name=name
        )
        _before_fork()
        _HELD.add(self._reader)
        try:
            self._process.start()
        except BaseException:
            _HELD.discard(self._reader)
            self._reader.close()
            raise
        finally:
            writer.close()

    def next(self) -> Any | None:
        """The next item, waiting for it; None once the process has ended (done or failed)."""
        while self._process is not None:
            try:
                kind, payload = self._reader.recv()
            except Exception as exc:  # it ended (perhaps mid-message), or sent what cannot be read
                if self._process.is_alive():
                    self._process.terminate()  # else it would wait for a reader forever
                log.debug(
                    "%s ended without finishing (%r, exit status %s)", self.name, exc, self._end()
                )
                return None
            if kind == "item":
                return payload
            if kind == "log":
                logging.getLogger(payload.name).handle(payload)
            elif kind == "error":
                log.debug("%s failed: %s", self.name, payload)
                self._end()
            else:  # "done"
                self._end()
        return None

    def close(self) -> None:
        """Stop the process if it still runs (its items are no longer wanted)."""
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
        self._end()

    def _end(self) -> int | None:
        process, self._process = self._process, None
        if process is None:
            return None
        process.join()
        _HELD.discard(self._reader)
        self._reader.close()
        return process.exitcode


def _stream_child(
    work: Callable[[Callable[[Any], None]], None], conn: Connection, reader: int
) -> None:
    _forked(reader)
    # A thread sends, so the work never waits for the reader: it runs ahead as far as it can.
    outbox: queue.SimpleQueue[tuple[str, Any] | None] = queue.SimpleQueue()
    broken = threading.Event()
    sender = threading.Thread(target=_send_all, args=(outbox, conn, broken), daemon=True)
    sender.start()
    _relay_logging(outbox, "log")

    def send(item: Any) -> None:
        if broken.is_set() or os.getppid() != reader:  # nothing more can reach the reader
            os._exit(0)
        outbox.put(("item", item))

    try:
        work(send)
    except BaseException:  # the reader does the rest itself, and reports errors as usual
        outbox.put(("error", traceback.format_exc()))
    else:
        outbox.put(("done", None))
    finally:
        outbox.put(None)
        sender.join()
        conn.close()


def _send_all(
    outbox: queue.SimpleQueue[tuple[str, Any] | None], conn: Connection, broken: threading.Event
) -> None:
    while (message := outbox.get()) is not None:
        try:
            conn.send(message)
        except OSError:  # the reader is gone (the build stopped the helper): nothing to do
            broken.set()
            return
        except Exception:  # it does not pickle (an item: log records do): the stream ends
            broken.set()
            conn.close()  # the reader sees the end, and does the rest itself
            return


def _relay_logging(records: Any, tag: str | None = None) -> None:
    """Send every log record of this (forked) process to `records`, a queue the parent reads
    (as `(tag, record)` with a tag), and only there."""
    known = logging.Logger.manager.loggerDict.values()
    loggers = [logging.getLogger()] + [each for each in known if isinstance(each, logging.Logger)]
    for each in loggers:
        each.handlers = []
        each.propagate = True
    logging.getLogger().addHandler(_Relay(records, tag))


class _Relay(logging.handlers.QueueHandler):
    """logging's QueueHandler (the message formatted, the traceback in it), keeping only what
    logging prints of a record whose extra attributes do not pickle (its level still counts for
    `--strict`)."""

    def __init__(self, records: Any, tag: str | None) -> None:
        super().__init__(records)
        self.tag = tag

    def enqueue(self, record: Any) -> None:
        records: Any = self.queue  # a SimpleQueue (no put_nowait), written in this thread
        records.put(record)

    def prepare(self, record: logging.LogRecord) -> Any:
        prepared = super().prepare(record)
        try:
            pickle.dumps(prepared)
        except Exception:
            keep = ("name", "levelno", "levelname", "msg", "pathname", "lineno", "funcName")
            prepared = logging.makeLogRecord({k: getattr(prepared, k, None) for k in keep})
        return prepared if self.tag is None else (self.tag, prepared)
