"""Progress lines: at most one every `interval` seconds while pages are rendered, one more at the
end if any was logged; none for a build quicker than the interval."""

from __future__ import annotations

import logging

import pytest

from redline.build.progress import Progress, built_line, interval


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if " pages" in r.getMessage()]


def test_a_line_at_most_every_interval_and_one_at_the_end(caplog):
    caplog.set_level(logging.INFO)
    clock = Clock()
    progress = Progress("th", 10, logging.getLogger("test.progress"), every=5, clock=clock)
    for _ in range(10):
        clock.now += 2  # a page every 2 s: a line after the 3rd page, the 6th, the 9th
        progress.page_done()
    progress.finish()
    assert lines(caplog) == [
        "redline: /th/: 3 of 10 pages",
        "redline: /th/: 6 of 10 pages",
        "redline: /th/: 9 of 10 pages",
        "redline: /th/: 10 of 10 pages",
    ]


def test_a_quick_build_says_nothing_but_its_summary(caplog):
    caplog.set_level(logging.INFO)
    clock = Clock()
    progress = Progress("en", 50, logging.getLogger("test.progress"), every=5, clock=clock)
    for _ in range(50):
        clock.now += 0.05
        progress.page_done()
    progress.finish()
    assert lines(caplog) == []


def test_the_interval_comes_from_the_environment():
    assert interval({}) == 5
    assert interval({"REDLINE_PROGRESS_SECONDS": "0"}) == 0
    assert interval({"REDLINE_PROGRESS_SECONDS": "2.5"}) == 2.5
    assert interval({"REDLINE_PROGRESS_SECONDS": "soon"}) == 5  # not a number: the default
    assert interval({"REDLINE_PROGRESS_SECONDS": "-1"}) == 5


def test_the_summary_speaks_of_documents_languages_pages_and_redlines():
    assert built_line(3, 2, 241, 12) == (
        "redline: done: 3 documents in 2 languages, 241 pages, 12 redlines"
    )
    assert built_line(1, 1, 1, 1) == "redline: done: 1 document in 1 language, 1 page, 1 redline"
