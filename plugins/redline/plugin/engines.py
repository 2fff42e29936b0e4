"""The engines that run Redline: MkDocs 1.6 and ProperDocs 1.6, with Material for MkDocs.

ProperDocs, a maintained fork of MkDocs 1.6, runs the plugin unchanged: its command line makes
every `mkdocs.*` import its own module, so Redline imports `mkdocs` only. An engine that does
not run the plugin (Zensical, MkDocs 2) publishes no policy text at all, because the policy
folder is the plugin's `policy_dir` and never the engine's `docs_dir` (docs/ARCHITECTURE.md,
engines). Each build says so in one line, once per command: Material's own banner, which asks
users to try another engine with the same `mkdocs.yml`, is turned off where Redline runs the
engine (`NO_MKDOCS_2_WARNING`, Material's documented switch).
"""

from __future__ import annotations

import importlib.util
import logging
import sys
from collections.abc import MutableMapping

#: The one line each command that builds a site logs.
SUPPORTED = (
    "Redline runs under MkDocs 1.6 and ProperDocs 1.6 with Material for MkDocs; an engine that "
    "does not run its plugin (Zensical, MkDocs 2) publishes no policy, only a page that says so"
)

#: `redline`'s choice of engine: `mkdocs` or `properdocs` (default: MkDocs if installed).
ENGINE_VARIABLE = "REDLINE_ENGINE"
ENGINES = ("mkdocs", "properdocs")

_announced = False


def announce(log: logging.Logger) -> None:
    """Log the supported engines, once per process: serve's rebuilds and the nested builds (in
    this process or in workers forked from it) say nothing more."""
    global _announced
    if not _announced:
        _announced = True
        log.info(SUPPORTED)


def running() -> str:
    """The engine this process runs, `mkdocs=1.6.1` or `properdocs=1.6.7`: a part of every
    cache key, as each engine writes its own name into the pages."""
    import mkdocs  # ProperDocs' own module when ProperDocs runs (its alias)

    return f"{mkdocs.__name__}={mkdocs.__version__}"


class EngineError(Exception):
    """The engine asked for cannot be used; the message says why."""


def select(environ: MutableMapping[str, str]) -> str:
    """Make `redline`'s own imports of `mkdocs` the engine that `REDLINE_ENGINE` names (before
    anything imports MkDocs); ProperDocs also when MkDocs is not installed. Turns Material's
    banner off: the builds log `SUPPORTED` instead. Returns the engine's name."""
    environ.setdefault("NO_MKDOCS_2_WARNING", "true")
    wanted = environ.get(ENGINE_VARIABLE, "")
    if wanted and wanted not in ENGINES:
        raise EngineError(f"{ENGINE_VARIABLE}={wanted}: give mkdocs or properdocs")
    has_mkdocs = importlib.util.find_spec("mkdocs") is not None
    if not wanted:
        wanted = "mkdocs" if has_mkdocs else "properdocs"
    if wanted == "mkdocs" and not has_mkdocs:
        raise EngineError(f"{ENGINE_VARIABLE}=mkdocs: MkDocs is not installed (pip install mkdocs)")
    if wanted == "properdocs":
        loaded = sys.modules.get("mkdocs")
        if loaded is not None and loaded.__name__ != "properdocs":
            raise EngineError(f"{ENGINE_VARIABLE}=properdocs: MkDocs is loaded already")
        if importlib.util.find_spec("properdocs") is None:
            raise EngineError(
                f"{ENGINE_VARIABLE}=properdocs: ProperDocs is not installed "
                "(pip install 'redline[properdocs]')"
            )
        # Importing it aliases every `mkdocs.*` module to ProperDocs', as its command line does.
        import properdocs.replacement  # noqa: F401
    return wanted

