"""Each locale's build in its own language, beyond the interface catalogs: its search index, the
warning for a locale without a catalog; and what the nested builds do not say again (MkDocs'
lines per build, its warnings about `mkdocs.yml`).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from redline.build import search
from redline.text import catalogs


def configure_search(config: MkDocsConfig, locale: str) -> None:
    """Give a locale's build its theme language before any plugin's `on_config` runs, so that
    Material's search plugin (listed before Redline) indexes in that language: its own choice of
    `lang`, pipeline and separator for it (Japanese: lunr's `ja`, segmented by TinySegmenter in
    the reader's browser). Redline's `on_config` sets the language too, but after search's.

    Not for the languages Redline segments itself (Thai, `build/search.py`): their index stays
    as the site's settings make it, which the segmentation is written for."""
    if not search.needs_segmentation(locale):
        config.theme["language"] = locale


def warn_missing_catalogs(
    locales: Iterable[str], locales_dir: Path, log: logging.Logger
) -> list[str]:
    """Warn once per build for each locale whose language is not English (the interface's own)
    and that has no catalog of the interface strings; returns those locales."""
    missing = [lc for lc in locales if not catalogs.speaks_interface(locales_dir, lc)]
    for locale in missing:
        log.warning(
            "redline: locale '%s' has no interface catalog: Redline's own words on /%s/ "
            "(headings, notices, buttons) will appear in English; translate them in %s "
            "(locales_dir: a folder of catalogs of your own)",
            locale,
            locale,
            catalogs.catalog_path(locales_dir, locale),
        )
    return missing


#: MkDocs' own lines for each build, which a locale's build repeats: the outer build's say it.
_NESTED_LINES = ("Building documentation to directory", "Documentation built in")


class _Quiet(logging.Filter):
    """Turns MkDocs' per-build lines into debug lines (shown with `--verbose` only)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno != logging.INFO or not str(record.msg).startswith(_NESTED_LINES):
            return True
        record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return logging.getLogger(record.name).isEnabledFor(logging.DEBUG)


@contextlib.contextmanager
def quiet_nested_build() -> Iterator[None]:
    """While a locale's build runs, MkDocs' 'Building documentation to directory …/th' and
    'Documentation built in 0.57 seconds' are debug lines: the person building reads the
    outer build's, and Redline's per locale."""
    from mkdocs.commands import build

    logger = build.log  # the engine's own (ProperDocs' under ProperDocs)
    quiet = _Quiet()
    logger.addFilter(quiet)
    try:
        yield
    finally:
        logger.removeFilter(quiet)


class _Drop(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno != logging.WARNING


@contextlib.contextmanager
def said_once() -> Iterator[None]:
    """While a locale's build loads `mkdocs.yml` again, MkDocs' warnings about it (a setting it
    does not know) are not repeated: the outer build's load said them, once per command."""
    from mkdocs.config import base

    drop = _Drop()
    base.log.addFilter(drop)
    try:
        yield
    finally:
        base.log.removeFilter(drop)
