"""The MkDocs plugin: event handlers only, each delegating to a named module of the core.

The outer build renders the language chooser at `/` and `revisions.json`; it then runs one
nested build per locale into `site/<lc>/`, each with its own interface language, navigation and
search index. The history is read once, by the outer build (`settings.start_build`), and handed
to the nested builds (`state`).
"""

from __future__ import annotations

import dataclasses
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.support import NullTranslations
from jinja2 import Environment
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from redline.build import parallel, search
from redline.build.cache import SECRET_VARIABLE, page_secret
from redline.build.pageview import PageView
from redline.build.redlines import Ahead
from redline.build.reuse import Reuse, TamperedCache, inputs_digest, navigation, page_key
from redline.build.shards import Plan
from redline.build.state import Builds, BuildState, LocaleBuild
from redline.model import urls
from redline.model.history import HistoryError
from redline.site import notices, sitemaps
from redline.site import pages as site
from redline.text import catalogs
from redline.text.render import Renderer
from redline.text.sanitize import sanitize, sanitize_toc

from . import engines, interface, settings, theme
from .config import RedlineConfig

log = logging.getLogger("mkdocs.plugins.redline")


class RedlinePlugin(BasePlugin[RedlineConfig]):
    """Publishes the released policies, their archive, redlines and notices per locale."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.builds: Builds[MkDocsConfig] = Builds()
        # Which locales the outer build builds: all, unless `redline build` or `assemble` says.
        self.plan = Plan()

    def build_of(self, config: MkDocsConfig) -> LocaleBuild | None:
        """The state of the build that `config` belongs to."""
        return self.builds.of(config)

    # -- outer build ---------------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        theme.configure(config)  # templates, assets, Markdown extensions: every config
        current = self.build_of(config)
        if current is not None:
            # on_config may run twice on one config: the tags are read once per build
            return self._configure_locale(config, current) if current.nested else config
        try:
            state = settings.start_build(config, self.config, serving=self.serving, log=log)
        except settings.SettingsError as exc:
            name = Path(config.config_file_path or "mkdocs.yml").name
            raise PluginError(f"{name}: {exc}") from None
        except HistoryError as exc:
            raise PluginError(str(exc)) from None
        if state.cache.root is not None:
            # Made here once (not raced for by the workers' first builds); it seals what the
            # cache keeps: pages, redlines, rendered revisions.
            state.cache.secret = _page_secret()
        engines.announce(log)
        self.builds.clear()
        self.builds.start(config, LocaleBuild(state))
        config.nav = []
        return config

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        # The policy folder is not docs_dir (settings.sources): watched for the preview's drafts.
        server.watch(str(settings.policy_folder(config, self.config)))
        return server

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        # docs_dir holds only the page for engines that ignore Redline: never published here.
        for file in [f for f in files if _is_source(f, config)]:
            files.remove(file)
        current = self.build_of(config)
        assert current is not None
        if current.nested:
            return self._locale_files(files, config, current)
        chooser = site.chooser_source(config.site_name)
        root = urls.source_of(urls.ROOT)
        files.append(
            File.generated(config, root, content=chooser, inclusion=InclusionLevel.NOT_IN_NAV)
        )
        index = notices.revisions_index(current.state.timeline, site_url=config.site_url or "")
        files.append(File.generated(config, urls.REVISIONS_JSON, content=index))
        return files

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        env.bytecode_cache = theme.COMPILED  # every build's templates are compiled alike
        env.add_extension("jinja2.ext.i18n")
        current = self.build_of(config)
        translations = current.translations if current else NullTranslations()
        env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
        return env

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> TemplateContext:
        current = self.build_of(config)
        if current is None:
            return context
        context["rl"] = PageView(current, page.url, page.file.src_uri)  # type: ignore[typeddict-unknown-key]
        return context

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        current = self.build_of(config)
        assert current is not None
        if current.nested:
            if current.reuse is not None:
                try:
                    current.reuse.restore(Path(config.site_dir))
                except TamperedCache as exc:
                    raise PluginError(str(exc)) from None
                _log_reuse(current.state.locale, current.reuse)
            index = Path(config.site_dir) / "search" / "search_index.json"
            state = current.state
            if search.needs_segmentation(state.locale) and index.is_file():
                search.segment_search_index(index, state.cache)
            sitemaps.write_locale_sitemaps(
                Path(config.site_dir).parent,
                state.site_url,
                state.timeline,
                state.locale,
                current.pages.values(),
                state.compare_all_max,
            )
            return
        state = current.state
        self._build_locales(config, state, self.plan.building(state.history.locales))
        if self.plan.complete(state.history.locales):  # not a shard: the root sitemap spans all
            self.plan.place(Path(config.site_dir))
            sitemaps.write_sitemaps(
                Path(config.site_dir), config.site_url or "", state.timeline, state.compare_all_max
            )

    def _build_locales(self, config: MkDocsConfig, outer: BuildState, locales: list[str]) -> None:
        cpus = self.config.workers or parallel.default_workers()
        workers = min(cpus, len(locales))
        if not parallel.can_fork():
            cpus = workers = 1
        # A CPU that no locale takes helps one compute its redlines (`redlines.Ahead`); beyond
        # two, helpers would wait for the build, which renders the pages alone.
        helpers = min(max(cpus // max(len(locales), 1) - 1, 0), MAX_HELPERS)
        if workers <= 1:
            for locale in locales:
                self._built(self._build_locale(config, outer, locale, helpers=helpers), outer)
            return
        # Each locale in a worker process; what it reports (cache counts) comes back with each
        # result (reused pages are in the shared cache).
        try:
            for _, built in parallel.run(
                locales,
                lambda locale: self._build_locale(
                    config, outer, locale, worker=True, helpers=helpers
                ),
                workers,
                expected=(MkDocsException,),
            ):
                outer.cache.hits += built.hits
                outer.cache.misses += built.misses
                self._built(built, outer)
        except parallel.WorkerError as exc:
            raise PluginError(f"the build of /{exc.key}/ failed: {exc.message}") from None

    def _build_locale(
        self,
        config: MkDocsConfig,
        outer: BuildState,
        locale: str,
        *,
        worker: bool = False,
        helpers: int = 0,
    ) -> _Built:
        options = self.config.locales[locale]
        site_url = (config.site_url or "").rstrip("/")
        nested = load_config(
            config_file=config.config_file_path,
            site_dir=str(Path(config.site_dir) / locale),
            docs_dir=config.docs_dir,
            site_name=options.site_name or config.site_name,
            site_url=f"{site_url}/{locale}/" if site_url else None,
        )
        plugin = nested.plugins[settings.PLUGIN]
        assert isinstance(plugin, RedlinePlugin)
        # Its own redlines and rendered revisions: a blob renders in each locale's settings (an
        # untranslated copy of the English text shows Thai permalink titles in the Thai site).
        state = dataclasses.replace(
            outer, locale=locale, site_url=site_url, redlines={}, rendered={}
        )
        share = LocaleBuild(state, helpers=helpers)
        plugin.builds.start(nested, share)
        started = time.monotonic()
        hits, misses = outer.cache.hits, outer.cache.misses
        try:
            mkdocs_build(nested)
        finally:
            plugin.builds.end(nested)
            if share.ahead is not None:
                share.ahead.close()
        return _Built(
            locale,
            pages=len(share.pages),
            reused=len(share.reuse.skipped) if share.reuse else 0,
            diffs=sum(spec.kind == "diff" for spec in share.pages.values()),
            ahead=share.ahead.taken if share.ahead is not None else 0,
            seconds=time.monotonic() - started,
            hits=outer.cache.hits - hits,
            misses=outer.cache.misses - misses,
            # In a worker, its own peak: the figure that `workers` multiplies.
            peak_mb=_peak_mb() if worker else None,
        )

    def _built(self, built: _Built, outer: BuildState) -> None:
        log.info(
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

    # -- a locale's build ------------------------------------------------------------------

    def _configure_locale(self, config: MkDocsConfig, current: LocaleBuild) -> MkDocsConfig:
        state = current.state
        config.theme["language"] = state.locale
        config.extra["alternate"] = _SWITCHER
        current.translations = catalogs.load(state.locales_dir, state.locale)
        translate = current.translations.gettext
        interface.localize(config.theme, config.markdown_extensions, config.mdx_configs, translate)
        plan = site.plan(state.timeline, state.locale, state.compare_all_max)
        current.pages = {spec.src_uri: spec for spec in plan}
        config.theme.static_templates.add(urls.FEED_STYLESHEET)  # the theme's feed.xsl
        changes = current.translations.gettext("Change notices")
        config.nav = site.nav(list(current.pages.values()), changes)
        return config

    def _locale_files(self, files: Files, config: MkDocsConfig, current: LocaleBuild) -> Files:
        state = current.state
        reuse = None
        secret = state.cache.secret if state.reuse_pages else None
        if secret is not None:
            # A page whose key is cached is not generated: `on_post_build` writes it (reuse.py).
            # MkDocs has cleaned the site folder before `on_files`: pages go there at once.
            reuse = current.reuse = Reuse(state.cache, secret, site_dir=Path(config.site_dir))
            inputs = inputs_digest(
                theme.template_dirs(config),
                config.config_file_path,
                state.locales_dir,
                state.locale_names,
                os.environ,
                locale=state.locale,
                site_name=config.site_name,
                site_url=config.site_url,
                navigation=navigation(current.pages.values()),
            )
        diffs: list[site.PageSpec] = []  # the redlines to render
        for uri, spec in current.pages.items():
            if reuse is not None:
                url = spec.path.removeprefix(f"{state.locale}/")
                key = page_key(PageView(current, url, uri), inputs)
                if reuse.keeps(uri, key):
                    continue
            file = File.generated(config, uri, content=site.page_source(spec, config.site_name))
            if not site.in_nav(spec):
                file.inclusion = InclusionLevel.NOT_IN_NAV
            files.append(file)
            if spec.kind == "diff":
                diffs.append(spec)
        for path, content in current.generated():  # feeds, per-document indexes
            files.append(File.generated(config, path, content=content))
        # What renders the revisions that redlines compare (`redlines`), in this locale's settings.
        current.renderer = Renderer(config.markdown_extensions, config.mdx_configs)
        if current.helpers and diffs:  # forked now, they work while MkDocs renders the pages
            current.ahead = Ahead(current, diffs, current.helpers)
        return files

    @event_priority(-100)  # the page as written, after other plugins' changes
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        current = self.build_of(config)
        if current is not None and current.reuse is not None:
            current.reuse.rendered_page(page.file.src_uri, output)
        return output

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        current = self.build_of(config)
        spec = current.pages.get(page.file.src_uri) if current else None
        if current is None or spec is None:
            return html
        if spec.kind == "diff":
            # Its page has no text of its own: the template shows the redline (`rl.redline()`),
            # computed when the page is rendered, by which time a helper may have computed it.
            return html
        clean = sanitize(html)
        # Material prints the table of contents (ids and titles) without escaping.
        page.toc.items = sanitize_toc(page.toc.items, clean)
        return clean


def _page_secret() -> bytes | None:
    """The key sealing cached pages; None (no page reuse) when it cannot be kept."""
    try:
        return page_secret(os.environ)
    except OSError as exc:
        log.info(  # not a warning: `mkdocs build --strict` must not fail for want of speed
            "redline: pages and redlines are not reused from the cache: no key to seal them "
            "(%s); set %s",
            exc,
            SECRET_VARIABLE,
        )
        return None


def _log_reuse(locale: str, reuse: Reuse) -> None:
    """How many pages a locale's build rendered and took from the cache; which, in debug."""
    log.info(
        "redline: /%s/: %d pages rendered, %d reused from the cache",
        locale,
        len(reuse.rendered),
        len(reuse.skipped),
    )
    for uri in reuse.refused:
        log.warning(
            "redline: %s: the cached page /%s/%s is not sealed with this user's key (written "
            "or changed by something else than a build): rendered again",
            reuse.where(reuse.keys[uri]),
            locale,
            uri,
        )
    for uri in reuse.rendered:
        log.debug("redline: rendered /%s/%s", locale, uri)


@dataclass
class _Built:
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


def _peak_mb() -> float:
    """This process's peak resident memory, in MB (Linux counts kB); workers fork, so Unix only."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


#: The most helper processes a locale's build forks (`redlines.Ahead`).
MAX_HELPERS = 2


class _Switcher(list[Any]):
    """Truthy but empty: turns on Material's language switcher (overrides/partials/
    alternate.html renders per-page links) without Material's site-wide hreflang links."""

    def __bool__(self) -> bool:
        return True


_SWITCHER = _Switcher()


def _is_source(file: File, config: MkDocsConfig) -> bool:
    return (
        file.abs_src_path is not None
        and file.abs_src_path.startswith(str(Path(config.docs_dir).resolve()) + os.sep)
        or (file.src_dir is not None and Path(file.src_dir) == Path(config.docs_dir))
    )
