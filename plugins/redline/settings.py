"""The plugin's settings, resolved for a build or a command (MkDocs-facing: imports MkDocs).

`mkdocs.yml` is read once, by MkDocs' own loader and the plugin's typed config (`config.py`), for
the site's builds and for the `redline` commands alike; this module turns it into what the core
takes: the `Sources` of the history, the as-of date, the cache.
"""

from __future__ import annotations

import datetime
import logging
import os
from collections.abc import Mapping
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from . import dates
from .cache import Cache, digest, versions
from .config import RedlineConfig
from .history import Sources
from .state import BuildState, open_build


class SettingsError(Exception):
    """A setting is wrong; the message names it and says how to fix it."""


def config_dir(config: MkDocsConfig) -> Path:
    """The folder of `mkdocs.yml`, which relative settings are relative to."""
    return Path(config.config_file_path or ".").resolve().parent


def sources(config: MkDocsConfig, options: RedlineConfig) -> Sources:
    """Where the history is read from: the repository, its policy folder, tags and locales."""
    locales = tuple(options.locales)
    if not locales:
        raise SettingsError("redline: list the site's locales under plugins.redline.locales")
    return Sources(
        repo=(config_dir(config) / options.repo).resolve(),
        policy_dir=options.policy_dir,
        tag_prefix=options.tag_prefix,
        locales=locales,
    )


def as_of(options: RedlineConfig, environ: Mapping[str, str]) -> datetime.date:
    """The build's as-of date: `as_of`, else SOURCE_DATE_EPOCH, else today in the time zone."""
    try:
        return dates.as_of_date(options.as_of, options.timezone, environ)
    except ValueError as exc:
        raise SettingsError(f"mkdocs.yml: plugins.redline: {exc}") from None


def today(options: RedlineConfig) -> datetime.date:
    """Today in the site's time zone, by the clock."""
    try:
        return dates.today(options.timezone)
    except ValueError as exc:
        raise SettingsError(f"mkdocs.yml: plugins.redline: {exc}") from None


def start_build(
    config: MkDocsConfig, options: RedlineConfig, *, serving: bool, log: logging.Logger
) -> BuildState:
    """Read the history for a new build of the site `config` describes.

    Drafts are shown by `mkdocs serve`, with `drafts: true` and with REDLINE_DRAFTS=1.
    SettingsError and HistoryError say what is wrong.
    """
    found = sources(config, options)
    drafts = serving or options.drafts or os.environ.get("REDLINE_DRAFTS") == "1"
    cache_dir = (config_dir(config) / options.cache_dir) if options.cache_dir else None
    salt = digest(versions(), config.markdown_extensions, config.mdx_configs)
    return open_build(
        found,
        as_of=as_of(options, os.environ),
        today=today(options),
        drafts=drafts,
        recent_days=options.recent_days,
        locale_names={lc: locale.name for lc, locale in options.locales.items()},
        locales_dir=config_dir(config) / options.locales_dir,
        cache=Cache(cache_dir, salt),
        log=log,
        compare_all_max=options.compare_all_max,
    )
