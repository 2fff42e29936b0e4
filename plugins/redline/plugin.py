"""The MkDocs plugin: a thin adapter from the core (history, diff, notices) to MkDocs pages.

The outer build renders the language chooser at `/` and `revisions.json`; it then runs one
nested build per locale into `site/<lc>/`, each with its own interface language, navigation and
search index. The history is read once, by the outer build, and handed to the nested builds.
"""

from __future__ import annotations

import dataclasses
import html
import logging
import os
import shutil
import time
import weakref
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from babel import Locale, UnknownLocaleError
from babel.support import NullTranslations
from jinja2 import Environment
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from . import catalogs, dates, interface, notices, site, urls
from .cache import Cache, digest, versions
from .config import RedlineConfig
from .history import HistoryError, Problem, policy_folder_problems, read_history, with_drafts
from .render import Renderer
from .sanitize import inert_text, sanitize, sanitize_toc
from .views import (
    BuildState,
    LocaleBuild,
    PageView,
    page_context_digest,
    redline_of,
    segment_search_index,
    write_sitemaps,
)

log = logging.getLogger("mkdocs.plugins.redline")


class RedlinePlugin(BasePlugin[RedlineConfig]):
    """Publishes the released policies, their archive, redlines and notices per locale."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        # MkDocs reuses one instance of a plugin that has `on_startup` for every config it
        # loads, the nested builds' too, so each build's state is keyed by its config object.
        # A weak reference guards against a new config that reuses a dead one's id().
        self.builds: dict[int, tuple[weakref.ref[MkDocsConfig], LocaleBuild]] = {}
        self.kept: Path | None = None
        self.fingerprints: dict[str, dict[str, str]] = {}

    def build_of(self, config: MkDocsConfig) -> LocaleBuild | None:
        """The state of the build that `config` belongs to."""
        entry = self.builds.get(id(config))
        return entry[1] if entry and entry[0]() is config else None

    def _register(self, config: MkDocsConfig, build: LocaleBuild) -> None:
        self.builds[id(config)] = (weakref.ref(config), build)

    # -- outer build ---------------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        current = self.build_of(config)
        if current is None or current.nested or not self.serving:
            return
        # `mkdocs serve` rebuilds everything on each save; released revisions and their
        # redlines cannot change meanwhile, so their last output is kept and reused. It waits
        # in a hidden folder of serve's own site folder: MkDocs' clean skips hidden entries,
        # and serve removes the folder when it stops.
        kept = self.kept = Path(config.site_dir) / ".redline-kept"
        for locale in current.state.history.locales:
            shutil.rmtree(kept / locale, ignore_errors=True)
            if (Path(config.site_dir) / locale).is_dir():
                kept.mkdir(exist_ok=True)
                os.replace(Path(config.site_dir) / locale, kept / locale)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        current = self.build_of(config)
        if current is not None:
            # on_config may run twice on one config: the tags are read once per build
            return self._configure_locale(config, current) if current.nested else config
        config_dir = Path(config.config_file_path or ".").resolve().parent
        locales = tuple(self.config.locales)
        if not locales:
            raise PluginError("redline: list the site's locales under plugins.redline.locales")
        for locale in locales:
            try:
                Locale.parse(locale)
            except (UnknownLocaleError, ValueError):
                raise PluginError(
                    f"mkdocs.yml: plugins.redline.locales: unknown locale '{locale}' "
                    "(use a language code such as en or th)"
                ) from None
        repo = (config_dir / self.config.repo).resolve()
        # Before anything walks the policy folder (MkDocs follows links in its docs_dir).
        _report(policy_folder_problems(repo, self.config.policy_dir))
        policy_root = Path(config.docs_dir)
        for locale in locales:
            if not (policy_root / locale).is_dir():
                raise PluginError(
                    f"{policy_root / locale}: missing locale folder; create it with the "
                    f"translated policies, or remove '{locale}' from plugins.redline.locales"
                )
        try:
            as_of = dates.as_of_date(self.config.as_of, self.config.timezone, os.environ)
            today = dates.today(self.config.timezone)
        except ValueError as exc:
            raise PluginError(f"mkdocs.yml: plugins.redline: {exc}") from None
        drafts = self.serving or self.config.drafts or os.environ.get("REDLINE_DRAFTS") == "1"
        started = time.monotonic()
        try:
            history = read_history(
                repo,
                prefix=self.config.tag_prefix,
                root=self.config.policy_dir,
                locales=locales,
                today=today,
            )
            if drafts:
                history = with_drafts(history, repo, as_of, self.config.policy_dir)
        except HistoryError as exc:
            raise PluginError(str(exc)) from None
        _report(history.problems)
        if not history.releases:
            # A publishing build never falls back to the working tree: a clone without its
            # tags would publish drafts as the policy and drop every archived revision.
            if not drafts:
                raise PluginError(
                    f"no release tags {self.config.tag_prefix}YYYY-MM-DD in {repo}, and a "
                    "publishing build shows released text only: fetch the tags (git fetch "
                    "--tags) or tag the first release with 'redline release YYYY-MM-DD -m "
                    "summary'; to preview the drafts, use mkdocs serve or REDLINE_DRAFTS=1"
                )
            log.warning(
                "no release tags %sYYYY-MM-DD: the preview shows the working tree as a draft; "
                "tag a release with 'redline release YYYY-MM-DD'",
                self.config.tag_prefix,
            )
        log.info(
            "redline: read %d releases, %d documents in %s (as of %s) in %.2fs",
            len(history.releases),
            len(history.docs()),
            "/".join(locales),
            as_of,
            time.monotonic() - started,
        )
        salt = digest(versions(), config.markdown_extensions, config.mdx_configs)
        cache_dir = (config_dir / self.config.cache_dir) if self.config.cache_dir else None
        state = BuildState(
            history,
            as_of,
            drafts,
            locale_names={lc: options.name for lc, options in self.config.locales.items()},
            site_names={
                lc: options.site_name or config.site_name
                for lc, options in self.config.locales.items()
            },
            locales_dir=config_dir / self.config.locales_dir,
            recent_days=self.config.recent_days,
            cache=Cache(cache_dir, salt),
        )
        self.builds.clear()
        self._register(config, LocaleBuild(state))
        config.nav = []
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        # The working tree's policy files are never published as they are: pages come from git.
        for file in [f for f in files if _is_source(f, config)]:
            files.remove(file)
        current = self.build_of(config)
        assert current is not None
        if current.nested:
            return self._locale_files(files, config, current)
        outer = current.state
        files.append(
            File.generated(
                config,
                "index.md",
                content=_markdown(
                    {"template": "redline/chooser.html", "title": config.site_name}, ""
                ),
                inclusion=InclusionLevel.NOT_IN_NAV,
            )
        )
        files.append(
            File.generated(
                config,
                urls.REVISIONS_JSON,
                content=notices.revisions_index(
                    outer.history, outer.as_of, site_url=config.site_url or ""
                ),
            )
        )
        return files

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
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
            current.restore_kept(Path(config.site_dir))
            if current.state.locale == "th":
                index = Path(config.site_dir) / "search" / "search_index.json"
                if index.is_file():
                    segment_search_index(index, current.state.cache)
            return
        for locale in current.state.history.locales:
            self._build_locale(config, current.state, locale)
        write_sitemaps(Path(config.site_dir), config.site_url or "", current.state)

    def _build_locale(self, config: MkDocsConfig, outer: BuildState, locale: str) -> None:
        options = self.config.locales[locale]
        site_url = (config.site_url or "").rstrip("/")
        nested = load_config(
            config_file=config.config_file_path,
            site_dir=str(Path(config.site_dir) / locale),
            docs_dir=config.docs_dir,
            site_name=options.site_name or config.site_name,
            site_url=f"{site_url}/{locale}/" if site_url else None,
        )
        plugin = nested.plugins["redline"]
        assert isinstance(plugin, RedlinePlugin)
        share = LocaleBuild(dataclasses.replace(outer, locale=locale, site_url=site_url))
        kept = self.kept
        if kept is not None and (kept / locale).is_dir():
            share.kept = kept / locale
            share.previous = self.fingerprints.get(locale, {})
        plugin._register(nested, share)
        started = time.monotonic()
        try:
            mkdocs_build(nested)
        finally:
            del plugin.builds[id(nested)]
        if kept is not None:
            self.fingerprints[locale] = share.fingerprints
        diffs = sum(spec.kind == "diff" for spec in share.pages.values())
        log.info(
            "redline: built /%s/: %d pages (%d unchanged, kept), %d redlines in %.2fs "
            "(cache: %d hits, %d misses)",
            locale,
            len(share.pages),
            len(share.skipped),
            diffs,
            time.monotonic() - started,
            outer.cache.hits,
            outer.cache.misses,
        )

    # -- a locale's build ------------------------------------------------------------------

    def _configure_locale(self, config: MkDocsConfig, current: LocaleBuild) -> MkDocsConfig:
        state = current.state
        config.theme["language"] = state.locale
        config.extra["alternate"] = _SWITCHER
        current.translations = catalogs.load(state.locales_dir, state.locale)
        translate = current.translations.gettext
        interface.localize(config.theme, config.markdown_extensions, config.mdx_configs, translate)
        current.pages = {
            spec.src_uri: spec for spec in site.plan(state.history, state.locale, state.as_of)
        }
        nav: list[Any] = []
        for spec in current.pages.values():
            if spec.kind == "policy":
                nav.append({_title(spec.title): spec.src_uri})
        nav.append({current.translations.gettext("Change notices"): "changes/index.md"})
        config.nav = nav
        return config

    def _locale_files(self, files: Files, config: MkDocsConfig, current: LocaleBuild) -> Files:
        state = current.state
        context = page_context_digest(state, current.pages, _inputs_digest(config, current))
        for uri, spec in current.pages.items():
            if current.keeps(uri, spec, context):
                continue
            meta: dict[str, Any] = {"template": f"redline/{spec.kind}.html"}
            if spec.title:
                meta["title"] = _title(spec.title)
            elif spec.kind == "home":  # else MkDocs titles it "Home", in English
                meta["title"] = html.escape(config.site_name)
            if not spec.in_search:
                meta["search"] = {"exclude": True}
            body = (
                spec.revision.body if spec.kind in ("policy", "revision") and spec.revision else ""
            )
            file = File.generated(config, uri, content=_markdown(meta, body))
            if spec.kind not in ("policy", "changes"):
                file.inclusion = InclusionLevel.NOT_IN_NAV
            files.append(file)
        translate = current.translations.gettext
        feed = notices.atom_feed(
            state.history,
            state.locale,
            site_url=state.site_url + "/" if state.site_url else "",
            feed_title=translate("Policy changes"),
            translate=translate,
            format_date=lambda d: dates.format_date(d, state.locale),
            updated_default=state.as_of,
        )
        files.append(File.generated(config, urls.FEED, content=feed))
        return files

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        current = self.build_of(config)
        spec = current.pages.get(page.file.src_uri) if current else None
        if current is None or spec is None:
            return html
        if current.renderer is None:
            current.renderer = Renderer(config.markdown_extensions, config.mdx_configs)
        if spec.kind == "diff":
            return redline_of(current, spec).html
        clean = sanitize(html)
        # Material prints the table of contents (ids and titles) without escaping.
        page.toc.items = sanitize_toc(page.toc.items, clean)
        return clean


def _title(title: str) -> str:
    """A policy's title as Material wants page and nav titles: HTML, which it prints unescaped
    (and turns into an HTML tooltip when it is truncated), so escaped, inert text."""
    return html.escape(inert_text(title))


def _inputs_digest(config: MkDocsConfig, current: LocaleBuild) -> str:
    """What every page's output depends on besides the history: code, templates, settings."""
    files = sorted(Path(__file__).parent.glob("*.py"))
    if config.theme.custom_dir:
        files += sorted(p for p in Path(config.theme.custom_dir).rglob("*") if p.is_file())
    if config.config_file_path:
        files.append(Path(config.config_file_path))
    for lc in current.state.locale_names:
        files += sorted((current.state.locales_dir / lc).rglob("*.po"))
    return digest(versions(), [(str(p), p.read_bytes().hex()) for p in files])


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


def _markdown(meta: dict[str, Any], body: str) -> str:
    """A generated page: YAML front matter (safely dumped) and a Markdown body."""
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True) + "---\n\n" + body


def _report(problems: Sequence[Problem]) -> None:
    for problem in problems:
        if problem.severity == "warning":
            log.warning("%s", problem)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        for problem in errors[1:]:
            log.error("%s", problem)
        more = f" (and {len(errors) - 1} more above)" if len(errors) > 1 else ""
        raise PluginError(f"{errors[0]}{more}")
