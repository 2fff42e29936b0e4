"""Locale builds in worker processes, at most `workers` at a time, and helper processes that make
items ahead of a build (`Stream`) (no MkDocs import).

A locale's build reads only the state the outer build read once (plain data) and writes only its
own folder, so the locales can be built at the same time. The workers are forked rather than
spawned: a child starts with the history already read and MkDocs already imported, where a spawned
one would read the tags and import everything again (about a second each). A child sends back,
through its own pipe, its log records, which the parent hands to its own loggers (so MkDocs'
handlers, its `--strict` count of warnings and test captures see them as if the build had run in
the parent), then its result or the message of its error.
"""

from __future__ import annotations

import copy
import functools
import logging
import multiprocessing
import os
import queue
import signal
import sys
import threading
import traceback
import weakref
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
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
    """`work(key)` for each key, in forked processes, at most `workers` at a time; yields
    `(key, result)` as each finishes. The results must pickle (plain data).

    The first failure stops the others and raises WorkerError: an `expected` exception with its
    own message, any other with its type and message (its traceback logged at debug level), a
    process that ends without a result (killed, out of memory) with its exit status.
    """
    context = multiprocessing.get_context("fork")
    waiting = list(keys)
    running: dict[Connection, tuple[K, BaseProcess]] = {}
    try:
        while waiting or running:
            while waiting and len(running) < max(workers, 1):
                key = waiting.pop(0)
                reader, writer = context.Pipe(duplex=False)
                process: BaseProcess = context.Process(
                    target=_child,
                    args=(work, key, writer, expected, os.getpid()),
                    name=f"redline {key}",
                )
                _before_fork()
                _HELD.add(reader)
                try:
                    process.start()
                except OSError as exc:  # no process to spare (fork refused)
                    _HELD.discard(reader)
                    reader.close()
                    raise WorkerError(
                        key,
                        f"its worker process could not start ({exc}); with 'workers: 1' the "
                        "build runs in one process",
                    ) from None
                finally:
                    writer.close()  # the child's end: the reader sees EOF when the child ends
                running[reader] = (key, process)
            for ready in wait(list(running)):
                assert isinstance(ready, Connection)
                key, started = running[ready]
                try:
                    kind, payload = ready.recv()
                except (EOFError, OSError):  # OSError: it ended in the middle of a message
                    started.join()
                    raise WorkerError(
                        key,
                        f"its worker process ended without a result (exit status "
                        f"{started.exitcode}); with 'workers: 1' the build runs in one process",
                    ) from None
                if kind == "log":
                    logging.getLogger(payload.name).handle(payload)
                    continue
                del running[ready]
                _HELD.discard(ready)
                ready.close()
                started.join()
                if kind == "error":
                    message, details = payload
                    if details:
                        log.debug("the build of %s failed in its worker process:\n%s", key, details)
                    raise WorkerError(key, message)
                yield key, payload
    finally:
        for reader, (_, left) in running.items():
            if left.is_alive():
                left.terminate()
            left.join()
            _HELD.discard(reader)
            reader.close()


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
    _relay_logging(outbox.put)

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
        except Exception:  # it does not pickle: a log record goes plain, an item ends the stream
            if message[0] == "log":
                _send_plain_record(conn, message[1])
                continue
            broken.set()
            conn.close()  # the reader sees the end, and does the rest itself
            return


def _send_plain_record(conn: Connection, record: logging.LogRecord) -> None:
    """A log record whose extra attributes do not pickle, sent with what logging prints (its
    level still counts for `--strict`)."""
    keep = ("name", "levelno", "levelname", "msg", "pathname", "lineno", "funcName", "created")
    try:
        conn.send(("log", logging.makeLogRecord({k: getattr(record, k, None) for k in keep})))
    except Exception:  # not even that: lost, as a handler loses what it cannot emit
        return


def _child(
    work: Callable[[Any], Any],
    key: Any,
    conn: Connection,
    expected: tuple[type[BaseException], ...],
    parent: int,
) -> None:
    _forked(parent)
    _HELD.add(conn)  # its helpers (`Stream`) must not hold the pipe to the outer build
    _relay_logging(conn.send)
    try:
        result = work(key)
    except expected as exc:
        conn.send(("error", (str(exc) or type(exc).__name__, "")))
    except BaseException as exc:  # reported to the parent, which decides
        conn.send(("error", (f"{type(exc).__name__}: {exc}", traceback.format_exc())))
    else:
        conn.send(("done", result))
    finally:
        conn.close()


def _relay_logging(send: Callable[[tuple[str, Any]], None]) -> None:
    """Send every log record of this (forked) process to the parent, and only there."""
    known = logging.Logger.manager.loggerDict.values()
    loggers = [logging.getLogger()] + [each for each in known if isinstance(each, logging.Logger)]
    for each in loggers:
        each.handlers = []
        each.propagate = True
    logging.getLogger().addHandler(_Relay(send))


class _Relay(logging.Handler):
    """A log record, its message formatted, to the parent (as logging's QueueHandler does)."""

    def __init__(self, send: Callable[[tuple[str, Any]], None]) -> None:
        super().__init__()
        self.send = send

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sent = copy.copy(record)
            sent.msg = record.getMessage()
            if record.exc_info:
                sent.msg += "\n" + "".join(traceback.format_exception(*record.exc_info))
            sent.args = None
            sent.exc_info = None
            sent.exc_text = None
            self.send(("log", sent))
        except Exception:  # as any handler: a record that cannot be sent is not an error
            self.handleError(record)
