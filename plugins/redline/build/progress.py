"""What a build tells the person running it (no MkDocs): progress while a locale's pages are
rendered, and lines a legal editor understands once it is done; developer figures (timings,
cache counts, memory) go to debug level (docs/ARCHITECTURE.md, build).

Progress is a log line, `redline: /th/: 120 of 241 pages`, at most every `interval` seconds
(`REDLINE_PROGRESS_SECONDS`, default 5) and once more at the end if one was logged: a build of a
few seconds says nothing more than its summary. It goes through logging, so a locale built in a
worker process reports through the worker's log queue (`parallel`), as it happens. It never
touches what is built: the site is the same whatever the clock says.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping

#: The environment variable that sets the seconds between two progress lines (tests lower it).
INTERVAL_VARIABLE = "REDLINE_PROGRESS_SECONDS"
DEFAULT_INTERVAL = 5.0


def interval(environ: Mapping[str, str]) -> float:
    """The seconds between two progress lines: `REDLINE_PROGRESS_SECONDS` (a number of seconds,
    0 for a line per page) if it is one, else 5."""
    try:
        seconds = float(environ.get(INTERVAL_VARIABLE, ""))
    except ValueError:
        return DEFAULT_INTERVAL
    return seconds if seconds >= 0 else DEFAULT_INTERVAL


class Progress:
    """Counts the pages of one locale's build as they are rendered, and logs how far it is."""

    def __init__(
        self,
        locale: str,
        total: int,
        log: logging.Logger,
        every: float = DEFAULT_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.locale = locale
        self.total = total
        self.done = 0
        self.logged = 0  # progress lines logged
        self._log = log
        self._every = every
        self._clock = clock
        self._last = clock()  # the first line comes `every` seconds after the start

    def page_done(self) -> None:
        """One more page rendered; logs progress if `every` seconds passed since the last line."""
        self.done += 1
        now = self._clock()
        if self.done < self.total and now - self._last >= self._every:
            self._line()
            self._last = now

    def finish(self) -> None:
        """The locale's pages are rendered: a last line, if progress was shown at all."""
        if self.logged:
            self._line()

    def _line(self) -> None:
        self.logged += 1
        self._log.info("redline: /%s/: %d of %d pages", self.locale, self.done, self.total)


def counted(count: int, one: str, many: str | None = None) -> str:
    """`1 page`, `2 pages`: a count with its noun (English: the log speaks English)."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def built_line(documents: int, languages: int, pages: int, redlines: int) -> str:
    """The line at the end of a build: `done: 3 documents in 2 languages, 241 pages, 12
    redlines`."""
    return (
        f"redline: done: {counted(documents, 'document')} in {counted(languages, 'language')}, "
        f"{counted(pages, 'page')}, {counted(redlines, 'redline')}"
    )
