"""How many processes a build uses: worker processes for its locales and helper processes for a
locale's redlines; and what a worker's memory peaked at (no MkDocs import).
"""

from __future__ import annotations

from dataclasses import dataclass

from . import parallel

#: The most helper processes a locale's build forks (`redlines.Ahead`).
MAX_HELPERS = 2


@dataclass(frozen=True)
class Processes:
    """How a build runs its locales."""

    workers: int  # locale builds at a time; above 1, each in a forked worker process
    helpers: int  # processes each locale's build forks to compute its redlines ahead


def count(locales: int, workers: int | None) -> Processes:
    """The processes a build of `locales` locales uses, given the `workers` setting (None: one
    per CPU this process may run on); none forked where processes cannot be forked."""
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
