"""The locales' builds: the outer build runs one nested MkDocs build per locale into
`site/<lc>/`, in this process or in worker processes (`build.processes.count` says how many),
and each locale's build configures itself, generates its pages and finishes its folder here.

A locale's build shares the state the outer build read once (`state.BuildState`), with its own
locale, redlines and rendered revisions; it is found from its configuration through the plugin's
`Builds`.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from redline.build import parallel, processes, progress, search
from redline.build.pageview import PageView
from redline.build.redlines import Ahead
from redline.build.reuse import Reuse, TamperedCache, inputs_digest, navigation, page_key
from redline.build.state import Builds, BuildState, LocaleBuild
from redline.site import pages as site
from redline.site import sitemaps
from redline.text import catalogs
from redline.text.render import Renderer

from . import interface, languages, settings, theme
from .config import RedlineConfig

log = logging.getLogger("mkdocs.plugins.redline")


class _Switcher:
    """`extra.alternate` as Material reads it: true, so that its header includes the language
    switcher (partials/alternate.html, which Redline overrides to list `rl.alternates()`, the
    same page in each locale); iterable, over nothing, so that base.html writes no site-wide
    hreflang link (one per item): Redline writes its own, per page (overrides/main.html).

    Not plain `True`, which is not iterable: every page would lose the blank lines that
    base.html's empty loop leaves (the pages of the sites built before)."""

    def __iter__(self) -> Iterator[Any]:
        return iter(())


SWITCHER = _Switcher()


@runtime_checkable
class Host(Protocol):
    """The plugin, as a locale's build finds it in its configuration."""

    builds: Builds[MkDocsConfig]


@dataclass
class Built:
    """What a locale's build reports to the outer build (plain data: it may come from a worker
    process)."""

    locale: str
    pages: int
    reused: int  # taken from the cache instead of rendered
    diffs: int
    ahead: int  # redlines computed by helper processes
    seconds: float
    hits: int  # the disk cache's, during this build
    misses: int
    peak_mb: float | None  # a worker process's peak memory
    rendered: dict[tuple[str, str], str]  # (document, date) -> its body's digest (`bodies`)


# -- the outer build -----------------------------------------------------------------------


def build_locales(
    config: MkDocsConfig,
    options: RedlineConfig,
    outer: BuildState,
    locales: list[str],
    *,
    threaded: bool,
) -> dict[tuple[str, str, str], str]:
    """Build each of `locales` into `<site_dir>/<locale>/`, logging what each built; in this
    process, one after another, if it runs other threads (`threaded`: `mkdocs serve`).

    Returns (document, locale, date) -> the digest of each revision's body as published."""
    count = processes.count(len(locales), options.workers, threaded=threaded)
    rendered: dict[tuple[str, str, str], str] = {}
    done: list[Built] = []
    if count.workers <= 1:
        for locale in locales:
            built = _build_locale(config, options, outer, locale, helpers=count.helpers)
            _report(built, outer)
            done.append(built)
            rendered.update(_keyed(built))
        _summary(done, outer)
        return rendered
    # Each locale in a worker process; what it reports (cache counts) comes back with each
    # result (reused pages are in the shared cache).
    try:
        for _, built in parallel.run(
            locales,
            lambda locale: _build_locale(
                config, options, outer, locale, worker=True, helpers=count.helpers
            ),
            count.workers,
            expected=(MkDocsException,),
        ):
            outer.cache.hits += built.hits
            outer.cache.misses += built.misses
            _report(built, outer)
            done.append(built)
            rendered.update(_keyed(built))
    except parallel.WorkerError as exc:
        raise PluginError(f"the build of /{exc.key}/ failed: {exc.message}") from None
    _summary(done, outer)
    return rendered


def _summary(done: list[Built], outer: BuildState) -> None:
    """The build's last line: what it built, in the words of the people who publish."""
    if done:
        log.info(
            progress.built_line(
                len(outer.history.docs()),
                len(done),
                sum(built.pages for built in done),
                sum(built.diffs for built in done),
            )
        )


def _keyed(built: Built) -> dict[tuple[str, str, str], str]:
    return {(doc, built.locale, date): body for (doc, date), body in built.rendered.items()}


def _build_locale(
    config: MkDocsConfig,
    options: RedlineConfig,
    outer: BuildState,
    locale: str,
    *,
    worker: bool = False,
    helpers: int = 0,
) -> Built:
    site_url = (config.site_url or "").rstrip("/")
    with languages.said_once():  # the outer build's load said what is wrong with mkdocs.yml
        nested = load_config(
            config_file=config.config_file_path,
            site_dir=str(Path(config.site_dir) / locale),
            docs_dir=config.docs_dir,
            site_name=options.locales[locale].site_name or config.site_name,
            site_url=f"{site_url}/{locale}/" if site_url else None,
        )
    plugin = nested.plugins[settings.PLUGIN]
    assert isinstance(plugin, Host)
    languages.configure_search(nested, locale)  # before the search plugin's on_config reads it
    # Its own redlines and rendered revisions: a blob renders in each locale's settings (an
    # untranslated copy of the English text shows Thai permalink titles in the Thai site).
    state = dataclasses.replace(outer, locale=locale, site_url=site_url, redlines={}, rendered={})
    share = LocaleBuild(state, helpers=helpers)
    plugin.builds.start(nested, share)
    started = time.monotonic()
    hits, misses = outer.cache.hits, outer.cache.misses
    try:
        with languages.quiet_nested_build():
            mkdocs_build(nested)
    finally:
        plugin.builds.end(nested)
        if share.ahead is not None:
            share.ahead.close()
    return Built(
        locale,
        pages=len(share.pages),
        reused=len(share.reuse.skipped) if share.reuse else 0,
        diffs=sum(spec.kind == "diff" for spec in share.pages.values()),
        ahead=share.ahead.taken if share.ahead is not None else 0,
        seconds=time.monotonic() - started,
        hits=outer.cache.hits - hits,
        misses=outer.cache.misses - misses,
        # In a worker, its own peak: the figure that `workers` multiplies.
        peak_mb=processes.peak_mb() if worker else None,
        rendered=share.rendered(),
    )


def _report(built: Built, outer: BuildState) -> None:
    """One line per locale for the person building (pages, redlines), and the developer's
    figures (time, cache, memory) at debug level."""
    name = outer.locale_names.get(built.locale, built.locale)
    log.info(
        "redline: /%s/ (%s): %s, %s",
        built.locale,
        name,
        progress.counted(built.pages, "page"),
        progress.counted(built.diffs, "redline"),
    )
    log.debug(
        "redline: built /%s/: %d pages (%d from the page cache), %d redlines in %.2fs "
        "(cache: %d hits, %d misses)%s%s",
        built.locale,
        built.pages,
        built.reused,
        built.diffs,
        built.seconds,
        outer.cache.hits,
        outer.cache.misses,
        f"; {built.ahead} redlines computed ahead by helper processes" if built.ahead else "",
        "" if built.peak_mb is None else f"; worker peak memory {built.peak_mb:.0f} MB",
    )


def remove_sources(files: Files, config: MkDocsConfig) -> None:
    """Drop the working tree's policy files from `files`: pages come from git, never from them
    as they are (every build, the outer one's and each locale's)."""
    for file in [f for f in files if _is_source(f, config)]:
        files.remove(file)


def _is_source(file: File, config: MkDocsConfig) -> bool:
    return (
        file.abs_src_path is not None
        and file.abs_src_path.startswith(str(Path(config.docs_dir).resolve()) + os.sep)
        or (file.src_dir is not None and Path(file.src_dir) == Path(config.docs_dir))
    )


# -- a locale's build ------------------------------------------------------------------------


def configure(config: MkDocsConfig, current: LocaleBuild) -> MkDocsConfig:
    """A locale's configuration: its interface language and strings, pages and navigation."""
    state = current.state
    config.theme["language"] = state.locale
    config.extra["alternate"] = SWITCHER
    current.translations = catalogs.load(state.locales_dir, state.locale)
    translate = current.translations.gettext
    interface.localize(config.theme, config.markdown_extensions, config.mdx_configs, translate)
    plan = site.plan(state.timeline, state.locale, state.compare)
    current.pages = {spec.src_uri: spec for spec in plan}
    changes = current.translations.gettext("Change notices")
    config.nav = site.nav(list(current.pages.values()), changes)
    return config


def add_files(files: Files, config: MkDocsConfig, current: LocaleBuild) -> Files:
    """A locale's generated files: its pages (but those taken from the cache), feeds and
    indexes; and the helpers that compute its redlines ahead, if it has any."""
    state = current.state
    reuse = None
    secret = state.cache.secret if state.reuse_pages else None
    if secret is not None:
        # A page whose key is cached is not generated: `finish` writes it (reuse.py).
        # MkDocs has cleaned the site folder before `on_files`: pages go there at once.
        reuse = current.reuse = Reuse(state.cache, secret, site_dir=Path(config.site_dir))
        inputs = inputs_digest(
            theme.template_dirs(config),
            config.config_file_path,
            state.locales_dir,
            state.locale_names,
            os.environ,
            hooks=hook_files(config),
            preview=state.drafts,
            locale=state.locale,
            site_name=config.site_name,
            site_url=config.site_url,
            navigation=navigation(current.pages.values()),
        )
    diffs: list[site.PageSpec] = []  # the redlines to render
    rendering = 0  # pages MkDocs renders (not taken from the cache)
    for uri, spec in current.pages.items():
        if reuse is not None:
            url = spec.path.removeprefix(f"{state.locale}/")
            key = page_key(PageView(current, url, uri), inputs)
            if reuse.keeps(uri, key, body=spec.kind == "revision"):
                if uri in reuse.bodies:
                    current.bodies[uri] = reuse.bodies[uri]
                continue
        follow = current.translations.gettext("Follow changes")
        source = site.page_source(spec, config.site_name, follow)
        file = File.generated(config, uri, content=source)
        if not site.in_nav(spec):
            file.inclusion = InclusionLevel.NOT_IN_NAV
        files.append(file)
        rendering += 1
        if spec.kind == "diff":
            diffs.append(spec)
    for path, content in current.generated():  # feeds, per-document indexes
        files.append(File.generated(config, path, content=content))
    # What renders the revisions that redlines compare (`redlines`), in this locale's settings.
    current.renderer = Renderer(config.markdown_extensions, config.mdx_configs)
    current.progress = progress.Progress(
        state.locale, rendering, log, progress.interval(os.environ)
    )
    if current.helpers and diffs:  # forked now, they work while MkDocs renders the pages
        current.ahead = Ahead(current, diffs, current.helpers)
    return files


def hook_files(config: MkDocsConfig) -> list[Path]:
    """The Python files of the site's `hooks:` (MkDocs has loaded them as modules): a page's
    output depends on what they do."""
    hooks = config["hooks"]  # a mapping of names to modules, whatever MkDocs' type says
    modules = hooks.values() if isinstance(hooks, Mapping) else hooks
    found = (getattr(module, "__file__", None) for module in modules)
    return [Path(file) for file in found if file]


def finish(config: MkDocsConfig, current: LocaleBuild) -> None:
    """After a locale's pages are written: the pages taken from the cache, the segmented search
    index (Thai), the locale's sitemaps."""
    state = current.state
    if current.progress is not None:
        current.progress.finish()
    if current.reuse is not None:
        try:
            current.reuse.restore(Path(config.site_dir))
        except TamperedCache as exc:
            raise PluginError(str(exc)) from None
        current.reuse.report(state.locale, log)
    index = Path(config.site_dir) / "search" / "search_index.json"
    if search.needs_segmentation(state.locale) and index.is_file():
        search.segment_search_index(index, state.cache)
    sitemaps.write_locale_sitemaps(
        Path(config.site_dir).parent,
        state.site_url,
        state.timeline,
        state.locale,
        current.pages.values(),
        state.compare,
    )
