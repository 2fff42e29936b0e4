"""How many processes a build uses: worker processes for its locales and helper processes for a
locale's redlines; and what a worker's memory peaked at (no MkDocs import).

`count` alone decides, so the rule that a process running threads never forks is kept in one
place: `mkdocs serve` runs each build while its file watcher and HTTP server run in threads, and a
child forked from such a process inherits the locks those threads held at that instant, never
released in the child (Python 3.12 warns that such a fork may deadlock). Serve builds the
locales one after another in its own process, as `workers: 1` does; the output is the same.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from . import parallel

log = logging.getLogger("mkdocs.plugins.redline")

#: The most helper processes a locale's build forks (`redlines.Ahead`).
MAX_HELPERS = 2


@dataclass(frozen=True)
class Processes:
    """How a build runs its locales."""

    workers: int  # locale builds at a time; above 1, each in a forked worker process
    helpers: int  # processes each locale's build forks to compute its redlines ahead


def count(locales: int, workers: int | None, *, threaded: bool) -> Processes:
    """The processes a build of `locales` locales uses, given the `workers` setting (None: one
    per CPU this process may run on); none forked by a process that runs other threads
    (`threaded`: `mkdocs serve`) or where processes cannot be forked."""
    if threaded:
        log.debug(
            "redline: mkdocs serve builds the locales one after another in this process, with "
            "no worker or helper process (workers: %s): a process running threads is never "
            "forked",
            workers or "one per CPU",
        )
        return Processes(workers=1, helpers=0)
    if not parallel.can_fork():
        return Processes(workers=1, helpers=0)
    cpus = workers or parallel.default_workers()
    # A CPU that no locale takes helps one compute its redlines (`redlines.Ahead`); beyond
    # two, helpers would wait for the build, which renders the pages alone.
    helpers = min(max(cpus // max(locales, 1) - 1, 0), MAX_HELPERS)
    return Processes(workers=min(cpus, locales), helpers=helpers)


def peak_mb() -> float:
    """This process's peak resident memory, in MB (Linux counts kB); workers fork, so Unix only."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
