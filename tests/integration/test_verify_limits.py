"""`redline verify` reads what it is given within limits: a real HTTP server on 127.0.0.1 that
trickles, never ends or fails, and special files (a device, a FIFO, a folder)."""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from redline.cli.reading import VerifyError, fetch

from .test_verify import verify

INDEX = json.dumps({"documents": []}).encode("utf-8")  # an index with nothing published

Answer = Callable[[http.server.BaseHTTPRequestHandler, int], None]  # the handler, the request's n


@pytest.fixture
def built(tmp_path: Path) -> Path:
    path = tmp_path / "built.json"
    path.write_bytes(INDEX)
    return path


@contextlib.contextmanager
def serving(answer: Answer) -> Iterator[tuple[str, list[int]]]:
    """A real HTTP server on 127.0.0.1 answering every GET with `answer`; yields its address and
    the list of requests it got."""
    requests: list[int] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(len(requests))
            with contextlib.suppress(OSError):  # the client hung up: it gave up, as it should
                answer(self, len(requests))

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/revisions.json", requests
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def index(handler: http.server.BaseHTTPRequestHandler, n: int) -> None:
    handler.send_response(200)
    handler.send_header("Content-Length", str(len(INDEX)))
    handler.end_headers()
    handler.wfile.write(INDEX)


def trickle(handler: http.server.BaseHTTPRequestHandler, n: int) -> None:
    handler.send_response(200)
    handler.send_header("Content-Length", "1000")
    handler.end_headers()
    for _ in range(1000):  # one byte every 0.2 s: each read succeeds, the whole never comes
        handler.wfile.write(b" ")
        handler.wfile.flush()
        time.sleep(0.2)


def endless(handler: http.server.BaseHTTPRequestHandler, n: int) -> None:
    handler.send_response(200)  # no Content-Length: the end would be when the server closes
    handler.end_headers()
    chunk = b"[" * 65536
    while True:
        handler.wfile.write(chunk)


def unavailable(handler: http.server.BaseHTTPRequestHandler, n: int) -> None:
    handler.send_error(503, "Service Unavailable")


def test_a_trickling_server_fails_at_the_deadline(built, tmp_path):
    with serving(trickle) as (url, _):
        started = time.monotonic()
        result = verify("--against", url, "--built", str(built), "--timeout", "2", cwd=tmp_path)
        took = time.monotonic() - started
    assert result.returncode == 1
    assert result.stderr == (
        f"redline verify: {url}: no complete answer within 2 s (a slow or stalled server; "
        "--timeout)\n"
    )
    assert 1.5 < took < 6, took  # the deadline, with the interpreter's start-up


def test_a_stalled_server_is_tried_again_within_the_deadline(built, tmp_path):
    def stall_once(handler: http.server.BaseHTTPRequestHandler, n: int) -> None:
        if n == 1:
            time.sleep(5)  # past the first try's share of the deadline: it times out
        index(handler, n)

    with serving(stall_once) as (url, requests):
        result = verify("--against", url, "--built", str(built), "--timeout", "6", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(requests) == 2


def test_an_endless_answer_stops_at_the_size_cap_in_bounded_memory():
    with serving(endless) as (url, _):
        tracemalloc.start()
        try:
            with pytest.raises(VerifyError) as caught:
                fetch(url, deadline=30, max_bytes=2_000_000)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert str(caught.value) == (
        f"{url}: the answer is larger than 2000000 bytes, far more than a revisions.json; is "
        "this the right address? (--max-bytes)"
    )
    assert peak < 8_000_000, peak  # the cap and a chunk, not what the server would send


def test_an_endless_answer_is_one_line_from_the_command(built, tmp_path):
    with serving(endless) as (url, _):
        result = verify(
            "--against", url, "--built", str(built), "--max-bytes", "100000", cwd=tmp_path
        )
    assert result.returncode == 1
    assert result.stderr.startswith(f"redline verify: {url}: the answer is larger than 100000 ")
    assert result.stderr.count("\n") == 1


def test_a_declared_size_above_the_cap_is_refused_before_reading(built, tmp_path):
    with serving(trickle) as (url, _):  # it says 1000 bytes, and would take minutes to send
        started = time.monotonic()
        result = verify("--against", url, "--built", str(built), "--max-bytes", "100", cwd=tmp_path)
        took = time.monotonic() - started
    assert result.returncode == 1
    assert "the answer is larger than 100 bytes" in result.stderr
    assert took < 5, took


def test_a_503_then_200_is_tried_again(built, tmp_path):
    def once_down(handler: http.server.BaseHTTPRequestHandler, n: int) -> None:
        (unavailable if n == 1 else index)(handler, n)

    with serving(once_down) as (url, requests):
        result = verify("--against", url, "--built", str(built), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"all 0 published revision(s) of {url} are unchanged" in result.stdout
    assert len(requests) == 2


def test_always_503_fails_after_the_retries(built, tmp_path):
    with serving(unavailable) as (url, requests):
        result = verify("--against", url, "--built", str(built), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == (
        f"redline verify: {url}: the server answered HTTP 503 Service Unavailable (3 tries)\n"
    )
    assert len(requests) == 3


@pytest.mark.parametrize("url", ["http://[::1/x", "http://127.0.0.1:99999/x", "http:///x"])
def test_a_malformed_address_is_one_line(built, tmp_path, url):
    result = verify("--against", url, "--built", str(built), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith(f"redline verify: {url}: not a valid address")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_dev_zero_is_refused_without_reading(built, tmp_path):
    result = verify("--against", "/dev/zero", "--built", str(built), cwd=tmp_path, timeout=20)
    assert result.returncode == 1
    assert result.stderr == (
        "redline verify: /dev/zero: not a regular file (a device or pipe); name the published "
        "revisions.json or its URL\n"
    )


def test_a_fifo_is_refused_without_waiting_for_a_writer(built, tmp_path):
    fifo = tmp_path / "revisions.json"
    os.mkfifo(fifo)
    result = verify("--against", str(fifo), "--built", str(built), cwd=tmp_path, timeout=20)
    assert result.returncode == 1
    assert result.stderr.startswith(f"redline verify: {fifo}: not a regular file")
    built_fifo = verify("--against", str(built), "--built", str(fifo), cwd=tmp_path, timeout=20)
    assert built_fifo.returncode == 1
    assert built_fifo.stderr.startswith(f"redline verify: {fifo}: not a regular file")


def test_a_folder_is_refused(built, tmp_path):
    result = verify("--against", str(tmp_path), "--built", str(built), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith(f"redline verify: {tmp_path}: a folder; ")


def test_a_file_larger_than_the_cap_is_refused(built, tmp_path):
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 2000)
    result = verify(
        "--against", str(big), "--built", str(built), "--max-bytes", "1000", cwd=tmp_path
    )
    assert result.returncode == 1
    assert result.stderr.startswith(f"redline verify: {big}: larger than 1000 bytes")


@pytest.mark.parametrize(
    "option", [("--timeout", "0"), ("--timeout", "soon"), ("--max-bytes", "-1")]
)
def test_limits_must_be_positive_numbers(built, tmp_path, option):
    result = verify("--against", str(built), "--built", str(built), *option, cwd=tmp_path)
    assert result.returncode == 2
    assert f"argument {option[0]}" in result.stderr and "Traceback" not in result.stderr
