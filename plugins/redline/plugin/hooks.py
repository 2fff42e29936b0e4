"""The MkDocs plugin: event handlers only, each delegating to a named module.

The outer build renders the language chooser at `/` and `revisions.json`; it then runs one
nested build per locale into `site/<lc>/` (`locales`), each with its own interface language,
navigation and search index. The history is read once, by the outer build
(`settings.start_build`), and handed to the nested builds (`state`).
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel.support import NullTranslations
from jinja2 import Environment
from mkdocs.config.base import ConfigErrors, ConfigWarnings
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from mkdocs.utils.templates import TemplateContext

from redline.build import clausenotes, links, pending, readers
from redline.build.cache import reuse_secret
from redline.build.pageview import PageView
from redline.build.shards import Plan
from redline.build.state import Builds, LocaleBuild
from redline.model import urls
from redline.model.history import HistoryError
from redline.site import checksums, notices, sitemaps
from redline.site import pages as site
from redline.site.preview import preview_title
from redline.text.sanitize import sanitize, sanitize_toc

from . import engines, existing, locales, outputs, settings, theme
from .config import RedlineConfig

if TYPE_CHECKING:
    from mkdocs.livereload import LiveReloadServer

log = logging.getLogger("mkdocs.plugins.redline")


class RedlinePlugin(BasePlugin[RedlineConfig]):
    """Publishes the released policies, their archive, redlines and notices per locale."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.threaded = False
        self.builds: Builds[MkDocsConfig] = Builds()
        # Which locales the outer build builds: all, unless `redline build` or `assemble` says.
        self.plan = Plan()

    def load_config(
        self, options: dict[str, Any], config_file_path: str | None = None
    ) -> tuple[ConfigErrors, ConfigWarnings]:
        errors, warnings = super().load_config(options, config_file_path)
        # A misspelled setting (`timezon:`) is named with the one it may be (`timezone`).
        return errors, [(key, settings.unknown_hint(text)) for key, text in warnings]

    def build_of(self, config: MkDocsConfig) -> LocaleBuild | None:
        """The state of the build that `config` belongs to."""
        return self.builds.of(config)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"  # the drafts shown
        self.threaded = self.serving  # its threads run as it builds: no fork (`processes`)

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[..., Any]
    ) -> LiveReloadServer:
        # `mkdocs serve --clean` starts up as a build, but rebuilds while the server's threads run.
        self.threaded = True
        # The policy folder is not docs_dir (settings.sources): watched for the preview's drafts.
        server.watch(str(settings.policy_folder(config, self.config)))
        return server

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        theme.configure(config)  # templates, assets, Markdown extensions: every config
        current = self.build_of(config)
        if current is not None:
            # on_config may run twice on one config: the tags are read once per build
            return locales.configure(config, current) if current.nested else config
        try:
            outputs.check(config, self.config)  # before MkDocs empties site_dir
            existing.check(config)  # nothing of a site is dropped unsaid
            state = settings.start_build(config, self.config, serving=self.serving, log=log)
        except settings.SettingsError as exc:
            name = Path(config.config_file_path or "mkdocs.yml").name
            raise PluginError(f"{name}: {exc}") from None
        except HistoryError as exc:
            raise PluginError(str(exc)) from None
        if state.cache.root is not None:
            # Made here once (not raced for by the workers' first builds); it seals what the
            # cache keeps: pages, redlines, rendered revisions.
            state.cache.secret = reuse_secret(os.environ, log)
        engines.announce(log)
        self.builds.clear()
        self.builds.start(config, LocaleBuild(state))
        config.nav = []
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        # docs_dir holds only the page for engines that ignore Redline: never published here.
        locales.remove_sources(files, config)
        current = self.build_of(config)
        assert current is not None
        if current.nested:
            return locales.add_files(files, config, current)
        # The outer build: the language chooser at `/` and `revisions.json`.
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
        env.filters.update(theme.FILTERS)
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
        view = PageView(current, page.url, page.file.src_uri)
        context["rl"] = view  # type: ignore[typeddict-unknown-key]
        context["rl_readers"] = readers.Readers(view)  # type: ignore[typeddict-unknown-key]
        return context

    def on_template_context(
        self, context: TemplateContext, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext:
        current = self.build_of(config)
        if current is None or template_name != "404.html":
            return context
        # No `rl`: a host serves the error page at any address, where relative links break.
        view = PageView(current, "404.html", "404.html")
        found = readers.not_found(view, context["base_url"])
        context["rl_not_found"] = found  # type: ignore[typeddict-unknown-key]
        return context

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        current = self.build_of(config)
        assert current is not None
        if current.nested:
            locales.finish(config, current)
            return
        state = current.state
        building = self.plan.building(state.history.locales)
        rendered = locales.build_locales(
            config, self.config, state, building, threaded=self.threaded
        )
        # A locale taken from a shard: its digests are in the shard's own index.
        rendered.update(self.plan.rendered())
        # Only now are the bodies' digests known: the index is written again with them.
        index = notices.revisions_index(
            state.timeline, site_url=config.site_url or "", rendered=rendered
        )
        (Path(config.site_dir) / urls.REVISIONS_JSON).write_bytes(index.encode("utf-8"))
        if self.plan.complete(state.history.locales):  # not a shard: the root sitemap spans all
            self.plan.place(Path(config.site_dir))
            sitemaps.write_sitemaps(
                Path(config.site_dir), config.site_url or "", state.timeline, state.compare
            )
            checksums.write_checksums(Path(config.site_dir))  # last: it lists every file

    @event_priority(-100)  # the page as written, after other plugins' changes
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        current = self.build_of(config)
        if current is not None and current.progress is not None:
            current.progress.page_done()
        if current is not None and current.state.drafts:  # a preview says so (`preview`)
            output = preview_title(output, current.translations.gettext)
        if current is not None and current.reuse is not None:
            uri = page.file.src_uri
            current.reuse.rendered_page(uri, output, current.bodies.get(uri))
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
        # Links to other policies lead where this page needs (`site/references.py`).
        clean = links.body(current, spec, sanitize(html))
        # Material prints the table of contents (ids and titles) without escaping.
        page.toc.items = sanitize_toc(page.toc.items, clean)
        if spec.kind == "revision" and spec.revision is not None and not spec.revision.is_draft:
            # The body as published, for `revisions.json` (`redline verify`): digested here,
            # where the page is rendered anyway, never rendered twice.
            current.bodies[page.file.src_uri] = hashlib.sha256(clean.encode("utf-8")).hexdigest()
        # A translation's pending clauses: noted, and the missing ones inserted in English.
        page.toc.items = pending.toc_with_missing(current, spec, page.toc.items, AnchorLink)
        # When each clause last changed, under its heading: after the digest (not the text);
        # a pending clause's note comes after that line.
        return clausenotes.annotate(current, spec, pending.with_pending(current, spec, clean))
