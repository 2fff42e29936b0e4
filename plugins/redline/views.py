"""What a page's template gets (`rl`), and the per-build state behind it (no MkDocs import).

The MkDocs plugin fills a `BuildState` once per build and a `LocaleBuild` per locale; templates
call `PageView` methods for dates in the page's locale, links across locales, banners and the
redline of a diff page.
"""

from __future__ import annotations

import dataclasses
import datetime
import gzip
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from babel.support import NullTranslations

from . import catalogs, dates, notices, search, site, urls, words
from .cache import Cache, digest
from .diff import ClauseChange, Redline, redline
from .history import History, Revision
from .render import Renderer


@dataclass
class BuildState:
    """What the outer build hands to each locale's build."""

    history: History
    as_of: datetime.date
    drafts: bool
    locale_names: dict[str, str]  # locale -> the language's own name; the first is authoritative
    locales_dir: Path  # gettext catalogs of the interface strings
    recent_days: int
    cache: Cache
    locale: str = ""
    site_url: str = ""
    site_names: dict[str, str] = field(default_factory=dict)  # locale -> the site's name in it
    redlines: dict[tuple[str, str], Redline] = field(default_factory=dict)
    rendered: dict[str, str] = field(default_factory=dict)  # blob id -> sanitized HTML, for diffs


@dataclass
class LocaleBuild:
    """One build's share of the work: the outer build (no locale) or one locale's build."""

    state: BuildState
    pages: dict[str, site.PageSpec] = field(default_factory=dict)
    translations: NullTranslations = field(default_factory=NullTranslations)
    renderer: Renderer | None = None
    # `mkdocs serve` only: the previous output of this locale and what each page was built from
    kept: Path | None = None
    previous: dict[str, str] = field(default_factory=dict)
    fingerprints: dict[str, str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    def keeps(self, uri: str, spec: site.PageSpec, context: str) -> bool:
        """Whether the page `uri` can be taken from the previous output instead of rebuilt.

        Only released revisions and redlines between released revisions qualify: their output
        depends on released history, code, templates and settings, all in `context`.
        """
        sides = [r for r in (spec.revision, spec.old) if r is not None]
        if spec.kind not in ("revision", "diff") or any(r.is_draft for r in sides):
            return False
        mark = digest(context, spec.kind, spec.path, [r.blob for r in sides])
        self.fingerprints[uri] = mark
        old = self.kept / uri.replace("index.md", "index.html") if self.kept else None
        if old is None or self.previous.get(uri) != mark or not old.is_file():
            return False
        self.skipped.append(uri)
        return True

    def restore_kept(self, site_dir: Path) -> None:
        """Move the kept pages' previous output into the freshly built locale folder."""
        if self.kept is None:
            return
        for uri in self.skipped:
            name = uri.replace("index.md", "index.html")
            (site_dir / name).parent.mkdir(parents=True, exist_ok=True)
            (self.kept / name).replace(site_dir / name)

    @property
    def nested(self) -> bool:
        """True for a locale's build, False for the outer one."""
        return bool(self.state.locale)


def redline_of(current: LocaleBuild, spec: site.PageSpec) -> Redline:
    """The redline of a diff page, computed once per build."""
    assert spec.old is not None and spec.revision is not None and current.renderer is not None
    pair = (spec.old.blob, spec.revision.blob)
    memo = current.state.redlines
    if pair not in memo:
        store = current.state.cache
        key = store.key("redline", *pair, spec.locale, current.renderer.settings)
        cached = store.get("redline", key)
        if cached is not None:
            memo[pair] = Redline(
                html=cached["html"],
                clauses=tuple(ClauseChange(**c) for c in cached["clauses"]),
                words_inserted=cached["words_inserted"],
                words_deleted=cached["words_deleted"],
                changed_blocks=cached["changed_blocks"],
                addresses_changed=cached["addresses_changed"],
            )
        else:
            render = current.renderer
            html = current.state.rendered
            for rev in (spec.old, spec.revision):
                if rev.blob not in html:
                    html[rev.blob] = render(rev.body)
            memo[pair] = redline(html[spec.old.blob], html[spec.revision.blob], spec.locale)
            store.put("redline", key, dataclasses.asdict(memo[pair]))
    return memo[pair]


def segment_search_index(index: Path, store: Cache) -> None:
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
    url: str  # the page's URL inside its locale's build, e.g. `privacy-policy/history/`
    src_uri: str

    @property
    def state(self) -> BuildState:
        return self.build.state

    @property
    def spec(self) -> site.PageSpec | None:
        return self.build.pages.get(self.src_uri)

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

    def _(self, message: str, **values: Any) -> str:
        text = self.build.translations.gettext(message)
        return text % values if values else text

    def path(self) -> str:
        """This page's path from the site root."""
        return f"{self.state.locale}/{self.url}" if self.state.locale else self.url

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

    def recent(self, rev: Revision | None) -> bool:
        """True when `rev` took effect within the configured number of days."""
        if rev is None:
            return False
        recent = notices.recent(self.history, self.locale, self.as_of, self.state.recent_days)
        return any(n.revision is rev for n in recent)

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

    def notices(self) -> tuple[notices.Notice, ...]:
        return notices.notices(self.history, self.locale)

    def redline(self) -> Redline | None:
        spec = self.spec
        return redline_of(self.build, spec) if spec and spec.kind == "diff" else None

    def alternates(self) -> list[dict[str, str]]:
        """The same page in every locale, for the language switcher and hreflang links."""
        spec = self.spec
        out = []
        for locale, name in self.state.locale_names.items():
            if spec is None:
                target = urls.locale_home(locale)
            elif locale == self.locale:
                target = spec.path
            else:
                target = site.counterpart(self.history, spec, locale)
            out.append(
                {
                    "locale": locale,
                    "name": name,
                    "href": self.link(target),
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
        for locale, name in self.state.locale_names.items():
            translations = catalogs.load(self.state.locales_dir, locale)
            out.append(
                {
                    "locale": locale,
                    "name": name,
                    "href": f"{locale}/",
                    "title": self.state.site_names.get(locale, ""),
                    "prompt": translations.gettext("Read our policies in English"),
                }
            )
        return out


def page_context_digest(state: BuildState, pages: dict[str, site.PageSpec], inputs: str) -> str:
    """A digest of what every released page of a locale shows besides its own revision: the
    released history (tags, blobs, the as-of date), the navigation, code, templates, settings."""
    released = [
        (key, [r.blob for r in doc.revisions if not r.is_draft], bool(doc.withdrawn))
        for key, doc in sorted(state.history.documents.items())
    ]
    tags = [(r.tag, r.commit, r.summary) for r in state.history.releases]
    nav = [(s.path, s.title) for s in pages.values() if s.kind == "policy"]
    return digest(inputs, state.as_of.isoformat(), state.locale, tags, released, nav)


def write_sitemaps(site_dir: Path, site_url: str, state: BuildState) -> None:
    """One sitemap for all locales, dated by revision, never by the build clock."""
    site_url = site_url.rstrip("/")
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
    out = site_dir
    _write_sitemap_file(out, entries, site_url)
    # Each locale gets its own share too: Material's language switcher script reads it.
    for locale in state.history.locales:
        own = [e for e in entries if e[0].startswith(f"{locale}/")]
        _write_sitemap_file(out / locale, own, site_url)
    # That script also fetches `sitemap.xml` beside every `<link rel=alternate hreflang>`, that
    # is in every page's folder: each page gets one listing itself (if the main sitemap does),
    # so no request of a page fails (a console error on every page, otherwise).
    listed = {e[0]: e for e in entries}
    for locale in state.history.locales:
        for spec in site.plan(state.history, locale, state.as_of):
            if spec.kind != "home" and (out / spec.path).is_dir():
                mine = [listed[spec.path]] if spec.path in listed else []
                _write_sitemap_file(out / spec.path, mine, site_url, compressed=False)


def _write_sitemap_file(
    folder: Path,
    entries: list[tuple[str, str | None, dict[str, str]]],
    site_url: str,
    compressed: bool = True,
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
    if compressed:
        (folder / "sitemap.xml.gz").write_bytes(gzip.compress(text.encode(), mtime=0))
