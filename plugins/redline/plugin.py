"""The MkDocs plugin: a thin adapter from the core (history, diff, notices) to MkDocs pages.

The outer build renders the language chooser at `/` and `revisions.json`; it then runs one
nested build per locale into `site/<lc>/`, each with its own interface language, navigation and
search index. The history is read once, by the outer build, and handed to the nested builds.
"""

from __future__ import annotations

import dataclasses
import datetime
import gzip
import hashlib
import logging
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

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

from . import catalogs, dates, notices, search, site, urls, words
from .cache import Cache, digest, versions
from .config import RedlineConfig
from .diff import ClauseChange, Redline, redline
from .history import History, HistoryError, Revision, read_history, with_drafts
from .render import Renderer
from .sanitize import sanitize

log = logging.getLogger("mkdocs.plugins.redline")


@dataclass
class BuildState:
    """What the outer build hands to each locale's build."""

    history: History
    as_of: datetime.date
    drafts: bool
    options: RedlineConfig
    config_dir: Path
    cache: Cache
    locale: str = ""
    site_url: str = ""
    redlines: dict[tuple[str, str], Redline] = field(default_factory=dict)


@dataclass
class LocaleBuild:
    """One build's share of the work: the outer build (no locale) or one locale's build."""

    state: BuildState
    pages: dict[str, site.PageSpec] = field(default_factory=dict)
    translations: NullTranslations = field(default_factory=NullTranslations)
    renderer: Renderer | None = None

    @property
    def nested(self) -> bool:
        """True for a locale's build, False for the outer one."""
        return bool(self.state.locale)


class RedlinePlugin(BasePlugin[RedlineConfig]):
    """Publishes the released policies, their archive, redlines and notices per locale."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        # MkDocs reuses one instance of a plugin that has `on_startup` for every config it
        # loads, the nested builds' too, so each build's state is keyed by its config object.
        self.builds: dict[int, LocaleBuild] = {}

    def build_of(self, config: MkDocsConfig) -> LocaleBuild | None:
        """The state of the build that `config` belongs to."""
        return self.builds.get(id(config))

    # -- outer build ---------------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

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
        policy_root = Path(config.docs_dir)
        for locale in locales:
            if not (policy_root / locale).is_dir():
                raise PluginError(
                    f"{policy_root / locale}: missing locale folder; create it with the "
                    f"translated policies, or remove '{locale}' from plugins.redline.locales"
                )
        try:
            as_of = dates.as_of_date(self.config.as_of, self.config.timezone, os.environ)
        except ValueError as exc:
            raise PluginError(f"mkdocs.yml: plugins.redline: {exc}") from None
        drafts = self.serving or self.config.drafts or os.environ.get("REDLINE_DRAFTS") == "1"
        repo = (config_dir / self.config.repo).resolve()
        started = time.monotonic()
        try:
            history = read_history(
                repo, prefix=self.config.tag_prefix, root=self.config.policy_dir, locales=locales
            )
            if drafts:
                history = with_drafts(history, repo, as_of, self.config.policy_dir)
        except HistoryError as exc:
            raise PluginError(str(exc)) from None
        _report(history)
        if not history.releases:
            log.warning(
                "no release tags %sYYYY-MM-DD: the site shows the working tree as a draft; "
                "tag a release with 'redline release YYYY-MM-DD'",
                self.config.tag_prefix,
            )
            if not drafts:
                history = with_drafts(history, repo, as_of, self.config.policy_dir)
                drafts = True
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
        state = BuildState(history, as_of, drafts, self.config, config_dir, Cache(cache_dir, salt))
        self.builds = {id(config): LocaleBuild(state)}
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
        context["rl"] = PageView(current, page)  # type: ignore[typeddict-unknown-key]
        return context

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        current = self.build_of(config)
        assert current is not None
        if current.nested:
            if current.state.locale == "th":
                index = Path(config.site_dir) / "search" / "search_index.json"
                if index.is_file():
                    _segment_search_index(index, current.state.cache)
            return
        for locale in current.state.history.locales:
            self._build_locale(config, current.state, locale)
        _write_sitemap(config, current.state)

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
        plugin.builds[id(nested)] = share
        started = time.monotonic()
        try:
            mkdocs_build(nested)
        finally:
            del plugin.builds[id(nested)]
        diffs = sum(spec.kind == "diff" for spec in share.pages.values())
        log.info(
            "redline: built /%s/: %d pages, %d redlines in %.2fs (cache: %d hits, %d misses)",
            locale,
            len(share.pages),
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
        current.translations = catalogs.load(
            state.config_dir / state.options.locales_dir, state.locale
        )
        current.pages = {
            spec.src_uri: spec for spec in site.plan(state.history, state.locale, state.as_of)
        }
        nav: list[Any] = []
        for spec in current.pages.values():
            if spec.kind == "policy":
                nav.append({spec.title: spec.src_uri})
        nav.append({current.translations.gettext("Change notices"): "changes/index.md"})
        config.nav = nav
        return config

    def _locale_files(self, files: Files, config: MkDocsConfig, current: LocaleBuild) -> Files:
        state = current.state
        for uri, spec in current.pages.items():
            meta: dict[str, Any] = {"template": f"redline/{spec.kind}.html"}
            if spec.title:
                meta["title"] = spec.title
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
        files.append(File.generated(config, "feed.xml", content=feed))
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
        return sanitize(html)


def redline_of(current: LocaleBuild, spec: site.PageSpec) -> Redline:
    """The redline of a diff page, computed once per build."""
    assert spec.old is not None and spec.revision is not None and current.renderer is not None
    pair = (spec.old.blob, spec.revision.blob)
    memo = current.state.redlines
    if pair not in memo:
        store = current.state.cache
        key = store.key("redline", *pair, spec.locale)
        cached = store.get("redline", key)
        if cached is not None:
            memo[pair] = Redline(
                html=cached["html"],
                clauses=tuple(ClauseChange(**c) for c in cached["clauses"]),
                words_inserted=cached["words_inserted"],
                words_deleted=cached["words_deleted"],
                changed_blocks=cached["changed_blocks"],
            )
        else:
            render = current.renderer
            memo[pair] = redline(render(spec.old.body), render(spec.revision.body), spec.locale)
            store.put("redline", key, dataclasses.asdict(memo[pair]))
    return memo[pair]


def _segment_search_index(index: Path, store: Cache) -> None:
    """Segment the Thai search index into words, or take the result from the cache."""
    key = store.key("search", hashlib.sha256(index.read_bytes()).hexdigest())
    cached = store.get("search", key)
    if isinstance(cached, str):
        index.write_text(cached, encoding="utf-8")
        return
    search.segment_index_file(index, words.thai_words)
    store.put("search", key, index.read_text(encoding="utf-8"))


@dataclass
class PageView:
    """What the templates get: the page's spec and the history, with helpers in its locale."""

    build: LocaleBuild
    page: Page

    @property
    def state(self) -> BuildState:
        return self.build.state

    @property
    def spec(self) -> site.PageSpec | None:
        return self.build.pages.get(self.page.file.src_uri)

    @property
    def locale(self) -> str:
        return self.state.locale or self.state.history.default_locale

    @property
    def history(self) -> History:
        return self.state.history

    @property
    def as_of(self) -> datetime.date:
        return self.state.as_of

    def date(self, day: datetime.date, form: str = "long") -> str:
        return dates.format_date(day, self.locale, form)

    def iso(self, day: datetime.date) -> str:
        return day.isoformat()

    def _(self, message: str, **values: Any) -> str:
        text = self.build.translations.gettext(message)
        return text % values if values else text

    def path(self) -> str:
        """This page's path from the site root."""
        return f"{self.state.locale}/{self.page.url}" if self.state.locale else self.page.url

    def link(self, target: str) -> str:
        """A relative link from this page to a site-root path."""
        return site.relative(self.path(), target)

    def doc(self, name: str | None = None) -> Any:
        spec = self.spec
        return self.history.get(name or (spec.doc if spec else "") or "", self.locale)

    def in_force(self, name: str | None = None) -> Revision | None:
        doc = self.doc(name)
        return doc.in_force(self.as_of) if doc else None

    def upcoming(self, name: str | None = None) -> tuple[Revision, ...]:
        doc = self.doc(name)
        return doc.upcoming(self.as_of) if doc else ()

    def status(self, rev: Revision) -> str:
        doc = self.doc(rev.doc)
        return doc.status(rev, self.as_of) if doc else "archived"

    def lags(self, rev: Revision | None, on: datetime.date | None = None) -> Revision | None:
        if rev is None:
            return None
        return self.history.lags(rev, on or self.as_of)

    def recent(self, rev: Revision | None) -> bool:
        """True when `rev` took effect within the configured number of days."""
        if rev is None:
            return False
        days = self.state.options.recent_days
        return self.as_of - datetime.timedelta(days=days) < rev.effective <= self.as_of

    def lagging(self, rev: Revision | None) -> Revision | None:
        """The newer authoritative revision a translation had not caught up with while shown.

        For a superseded translation that is the day before its successor; else the as-of date.
        """
        if rev is None or rev.is_draft:
            return None
        doc = self.doc(rev.doc)
        later = [r for r in doc.revisions if r.release and r.date > rev.date] if doc else []
        on = later[0].date - datetime.timedelta(days=1) if later else self.as_of
        return self.history.lags(rev, on)

    def url_of(self, rev: Revision) -> str:
        """The site-root path of a revision (any locale)."""
        return urls.revision(rev)

    def address(self) -> str:
        """This page's address, for the print header."""
        return f"{self.state.site_url}/{self.path()}" if self.state.site_url else self.path()

    def status_label(self, status: str) -> str:
        labels = {
            "in-force": self._("In force"),
            "archived": self._("Archived"),
            "upcoming": self._("Upcoming"),
            "withdrawn": self._("Withdrawn"),
            "draft": self._("Draft, not published"),
        }
        return labels.get(status, status)

    def clause_label(self, kind: str) -> str:
        labels = {
            "added": self._("Added"),
            "removed": self._("Removed"),
            "changed": self._("Changed"),
        }
        return labels.get(kind, kind)

    def notice(self, rev: Revision) -> str:
        if rev.notice:
            return rev.notice
        return self._(notices.FALLBACK, date=self.date(rev.date))

    def revision_url(self, rev: Revision) -> str:
        return self.link(urls.revision(rev))

    def document_url(self, name: str, locale: str | None = None) -> str:
        return self.link(urls.document(locale or self.locale, name))

    def history_url(self, name: str) -> str:
        return self.link(urls.history(self.locale, name))

    def diff_url(self, old: Revision, new: Revision) -> str | None:
        target = urls.diff(old, new)
        spec_uri = target.removeprefix(f"{self.locale}/") + "index.md"
        return self.link(target) if spec_uri in self.build.pages else None

    def previous(self, rev: Revision) -> Revision | None:
        doc = self.doc(rev.doc)
        return doc.previous(rev) if doc else None

    def changes_url(self) -> str:
        return self.link(urls.changes(self.locale))

    def feed_url(self) -> str:
        return self.link(urls.feed(self.locale))

    def home_url(self, locale: str | None = None) -> str:
        return self.link(urls.locale_home(locale or self.locale))

    def notices(self) -> tuple[notices.Notice, ...]:
        return notices.notices(self.history, self.locale)

    def redline(self) -> Redline | None:
        spec = self.spec
        return redline_of(self.build, spec) if spec and spec.kind == "diff" else None

    def alternates(self) -> list[dict[str, str]]:
        """The same page in every locale, for the language switcher and hreflang links."""
        spec = self.spec
        out = []
        for locale, options in self.state.options.locales.items():
            if spec is None:
                target = urls.locale_home(locale)
            elif locale == self.locale:
                target = spec.path
            else:
                target = site.counterpart(self.history, spec, locale)
            absolute = f"{self.state.site_url}/{target}" if self.state.site_url else ""
            out.append(
                {
                    "locale": locale,
                    "name": options.name,
                    "href": self.link(target),
                    "absolute": absolute,
                    "current": "true" if locale == self.locale else "",
                }
            )
        return out

    def documents(self) -> list[dict[str, Any]]:
        """The policies for the locale's home page, including those not yet translated."""
        out = []
        default = self.history.default_locale
        for name in self.history.docs():
            doc = self.history.get(name, self.locale)
            if doc and doc.revisions:
                rev = doc.in_force(self.as_of) or doc.revisions[-1]
                out.append(
                    {
                        "doc": name,
                        "title": rev.title,
                        "revision": rev,
                        "url": self.document_url(name),
                        "translated": True,
                        "withdrawn": doc.withdrawn is not None,
                    }
                )
                continue
            source = self.history.get(name, default)
            english = source.in_force(self.as_of) if source else None
            if english is not None:
                out.append(
                    {
                        "doc": name,
                        "title": english.title,
                        "revision": english,
                        "url": self.link(urls.document(default, name)),
                        "translated": False,
                        "withdrawn": False,
                    }
                )
        return out

    def chooser(self) -> list[dict[str, str]]:
        """The choices of the language chooser at `/`, each in its own language."""
        out = []
        for locale, options in self.state.options.locales.items():
            translations = catalogs.load(
                self.state.config_dir / self.state.options.locales_dir, locale
            )
            out.append(
                {
                    "locale": locale,
                    "name": options.name,
                    "href": f"{locale}/",
                    "prompt": translations.gettext("Read our policies in English"),
                }
            )
        return out


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


def _report(history: History) -> None:
    for problem in history.problems:
        if problem.severity == "warning":
            log.warning("%s", problem)
    errors = history.errors()
    if errors:
        for problem in errors[1:]:
            log.error("%s", problem)
        more = f" (and {len(errors) - 1} more above)" if len(errors) > 1 else ""
        raise PluginError(f"{errors[0]}{more}")


_URL = re.compile(r"<loc>(.*?)</loc>")


def _write_sitemap(config: MkDocsConfig, state: BuildState) -> None:
    """One sitemap for all locales, dated by revision, never by the build clock."""
    site_url = (config.site_url or "").rstrip("/")
    entries: list[tuple[str, str | None, dict[str, str]]] = [("", None, {})]
    for locale in state.history.locales:
        for spec in site.plan(state.history, locale, state.as_of):
            if spec.kind in ("diff",) or (spec.revision and spec.revision.is_draft):
                continue
            alternates = {
                other: site.counterpart(state.history, spec, other)
                for other in state.history.locales
            }
            day = spec.revision.date.isoformat() if spec.revision else None
            entries.append((spec.path, day, alternates))
    out = Path(config.site_dir)
    _write_sitemap_file(out, entries, site_url)
    # Each locale gets its own share too: Material's language switcher script reads it.
    for locale in state.history.locales:
        own = [e for e in entries if e[0].startswith(f"{locale}/")]
        _write_sitemap_file(out / locale, own, site_url)


def _write_sitemap_file(
    folder: Path, entries: list[tuple[str, str | None, dict[str, str]]], site_url: str
) -> None:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for path, day, alternates in entries:
        lines.append("  <url>")
        lines.append(f"    <loc>{xml_escape(f'{site_url}/{path}')}</loc>")
        if day:
            lines.append(f"    <lastmod>{day}</lastmod>")
        for other, target in alternates.items():
            href = xml_escape(f"{site_url}/{target}", {'"': "&quot;"})
            lines.append(f'    <xhtml:link rel="alternate" hreflang="{other}" href="{href}"/>')
        lines.append("  </url>")
    lines.append("</urlset>\n")
    text = "\n".join(lines)
    (folder / "sitemap.xml").write_text(text, encoding="utf-8")
    (folder / "sitemap.xml.gz").write_bytes(gzip.compress(text.encode(), mtime=0))
