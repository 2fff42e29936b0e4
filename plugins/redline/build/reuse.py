"""Warm builds: a page whose inputs did not change is taken from the cache, not rendered again
(no MkDocs import).

A released revision page and a redline between released revisions show only their own
revisions, their neighbours, their status, the document's title and what the site's templates,
settings and catalogs make of them (docs/ARCHITECTURE.md, "Archive pages are stable").
`page_key` digests exactly that, as the templates read it through `PageView`, with the
`inputs_digest` of the code, templates, settings and catalogs; a page whose key is in the
cache is not generated, and its cached output is written into the site (`Reuse.keeps`, else
`Reuse.restore`). Every other page (the text in force, histories, lists, drafts) is rendered on
every build. `mkdocs serve` uses the same mechanism between saves.

Why a cached page is safe to publish: it is the output of a build of this site, stored under the
digest of everything it was made from, and sealed with a key that is not in the cache folder
(`cache.page_secret`: the user's own, or `REDLINE_CACHE_SECRET`). A page whose seal does not
match, written or changed by anything but a build holding the key, is never published: it is
rendered again. Cached redlines are sealed the same way (`Cache.get_sealed`) and sanitized again
too; a whole page cannot be sanitized again (it carries the theme's own scripts): the seal alone
stands.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import yaml

from redline.errors import RedlineError
from redline.model import urls
from redline.model.history import Revision
from redline.site.pages import pending_shown

from .cache import Cache, digest, versions

if TYPE_CHECKING:
    from redline.model.notice import Notice
    from redline.model.timeline import Mark, Status, Timeline
    from redline.site.compare import Compare
    from redline.site.pages import PageSpec


class _State(Protocol):
    @property
    def cache(self) -> Cache: ...
    @property
    def timeline(self) -> Timeline: ...
    @property
    def compare(self) -> Compare: ...


class PageView(Protocol):
    """What `page_key` reads of a page, as its templates read it (`pageview.PageView`, which
    imports `state`, which imports this module: a protocol here keeps the imports one way)."""

    @property
    def state(self) -> _State: ...
    @property
    def spec(self) -> PageSpec | None: ...
    @property
    def locale(self) -> str: ...
    def page_title(self) -> str: ...
    def address(self) -> str: ...
    def alternates(self) -> list[dict[str, str]]: ...
    def switch_paths(self) -> dict[str, str]: ...
    def neighbours(self) -> dict[str, dict[str, Any] | None]: ...
    def stable(self) -> bool: ...
    def as_of(self) -> str: ...
    def previous(self, rev: Revision) -> Revision | None: ...
    def lagging(self, rev: Revision | None) -> Revision | None: ...
    def mark(self, rev: Revision) -> Mark: ...
    def status(self, rev: Revision) -> Status: ...
    def period(self, rev: Revision, always: bool = False) -> str: ...
    def diff_url(self, old: Revision, new: Revision) -> str | None: ...
    def in_force(self, name: str | None = None) -> Revision | None: ...
    def pending(self, rev: Revision | None) -> tuple[Notice, ...]: ...
    def next(self, rev: Revision) -> Revision | None: ...
    def notice(self, rev: Revision) -> str: ...
    def steps(self, old: Revision, new: Revision) -> tuple[Notice, ...]: ...
    def notice_of(self, n: Notice) -> str: ...
    def links(self) -> list[Any]: ...
    def clause_notes(self) -> dict[str, str]: ...


#: The cache's folder of rendered pages.
PAGES = "page"

#: What a reusable page may be (`site.PageKind`).
REUSABLE = ("revision", "diff", "untranslated")

#: The cache's folder of the digests of reusable pages' bodies (`revisions.json`'s
#: `rendered_sha256`): a page taken from the cache is not rendered, its digest is kept with it.
BODIES = "body"


class TamperedCache(RedlineError):
    """A cached page changed while the build was using it."""


def inputs_digest(
    template_dirs: Iterable[Path],
    config_file: str | None,
    locales_dir: Path,
    locales: Iterable[str],
    environ: Mapping[str, str] | None = None,
    *,
    hooks: Iterable[Path] = (),
    **settings: Any,
) -> str:
    """What every page's output depends on besides the history: code and libraries (`versions`,
    the one code fingerprint, and MkDocs, the theme, Jinja and babel), templates (the site's
    and Redline's), `mkdocs.yml`, the files it inherits (`INHERIT:`, `inherited`) and the
    environment variables they read (`!ENV`), the site's `hooks` (Python files), the catalogs,
    and the resolved `settings` given (site name and address of the locale, ...)."""
    files: list[Path] = []
    for folder in template_dirs:
        files += sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix != ".pyc")
    env: dict[str, str | None] = {}
    for config in inherited(Path(config_file)) if config_file else []:
        files.append(config)
        text = config.read_text(encoding="utf-8", errors="replace")
        for name in sorted(set(re.findall(r"!ENV\s*\[?\s*['\"]?([A-Za-z_][A-Za-z0-9_]*)", text))):
            env[name] = (environ or {}).get(name)
    files += hooks
    for lc in locales:
        files += sorted((locales_dir / lc).rglob("*.po"))
    libraries = []
    for name in ("mkdocs", "mkdocs-material", "jinja2", "babel"):
        try:
            libraries.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            libraries.append(f"{name}=?")
    contents = [(str(p), p.read_bytes().hex()) for p in files]
    return digest(versions(), libraries, contents, env, settings)


def inherited(config_file: Path) -> list[Path]:
    """`config_file` and the files it inherits, as MkDocs reads them (`INHERIT:`, a path relative
    to the file that names it, followed to the end of the chain; `mkdocs.utils.yaml`)."""
    chain = [config_file]
    while True:
        try:
            node = yaml.compose(chain[-1].read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            return chain  # MkDocs read it, or it would not build: nothing more to follow
        parents = [
            value.value
            for key, value in (node.value if isinstance(node, yaml.MappingNode) else [])
            if key.value == "INHERIT" and isinstance(value, yaml.ScalarNode)
        ]
        if not parents:
            return chain
        parent = Path(os.path.normpath(chain[-1].parent / parents[-1]))
        if parent in chain:  # a loop: MkDocs would never finish reading it
            return chain
        chain.append(parent)


def page_key(view: PageView, inputs: str) -> str | None:
    """The key of a page's rendered output in the cache, or None for a page that is rendered on
    every build (anything but a released revision, a redline between released revisions, or
    the page of a released revision a locale has no translation of).

    The key digests what the page's templates read (`policy.html`, `diff.html`,
    `untranslated.html`, `revbar.html`, `entries.html`, `print-header.html`, `print-margins.html`,
    `main.html`), as `PageView` answers it, so two builds that give a page the same key render it
    the same; `inputs` is what every page reads (`inputs_digest`, `navigation`).
    """
    spec = view.spec
    if spec is None or spec.kind not in REUSABLE or spec.revision is None:
        return None
    sides = [r for r in (spec.revision, spec.old, spec.stood) if r is not None]
    if any(r.is_draft for r in sides):
        return None
    facts: dict[str, Any] = {
        "page": (view.locale, spec.kind, spec.path, spec.title, spec.in_search),
        "sides": [_revision(r) for r in sides],
        # An untranslated page's title is the readers' (`Readers.title`: `spec.title`, the
        # revision's date, the locale, all keyed here), not `page_title`, whose status of the
        # revision would change the key at each later release.
        "title": view.page_title() if spec.kind != "untranslated" else None,
        "address": view.address(),
        "alternates": view.alternates(),
        # The language switch: the alternates, but to the untranslated page of a revision the
        # other locale has no translation of (`site.switch_target`).
        "switches": list(view.switch_paths().values()),
        "neighbours": {
            side: (_revision(near["rev"]), near["url"]) if near else None
            for side, near in view.neighbours().items()
        },
        "stable": view.stable(),
        # Links to other policies: the revisions they lead to (`site/references.py`).
        "links": view.links(),
    }
    if not view.stable():  # the print header says "status as of"
        facts["as_of"] = view.as_of()
    if spec.kind == "revision":
        rev = spec.revision
        previous = view.previous(rev)
        lagging = view.lagging(rev)
        facts["revision"] = {
            "mark": view.mark(rev),
            "status": view.status(rev),
            "period": (view.period(rev), view.period(rev, always=True)),
            "what changed": view.diff_url(previous, rev) if previous else None,
            "in force": view.in_force() is not None,  # "Changes since this revision"
            "lagging": _revision(lagging),
            "pending": [_notice(view, n) for n in view.pending(rev)],
            # Its pending clauses: noted, the missing ones shown in English (`pending.py`).
            "clauses": [
                (c.anchor, c.missing, _revision(c.changed), _revision(c.source))
                for c in pending_shown(view.state.timeline, spec)
            ],
            "next": _revision(view.next(rev)),
            # The line under each clause heading: when it last changed, its links.
            "clause notes": view.clause_notes(),
        }
    elif spec.kind == "untranslated":
        # The translation that stood (its text, in `sides`) with the clauses of this revision
        # it lacked (`untranslated.html`, `build/pending.py`): fixed by the two revisions. The
        # banner's notice is the revision's front matter (in `sides`) or the catalogs'
        # fallback; its clause lines and redline, the revision against the one before it.
        rev = spec.revision
        previous = view.previous(rev)
        facts["untranslated"] = {
            "clauses": [
                (c.anchor, c.missing, _revision(c.changed), _revision(c.source))
                for c in pending_shown(view.state.timeline, spec)
            ],
            "previous": _revision(previous),
            "changed": view.state.timeline.clauses_by_kind(rev),
        }
    else:
        old, new = spec.old, spec.revision
        assert old is not None
        facts["diff"] = {
            "notice": view.notice(new),
            "steps": [
                (_notice(view, n), view.diff_url(n.previous, n.revision) if n.previous else None)
                for n in view.steps(old, new)
            ],
        }
    return view.state.cache.key(PAGES, inputs, facts)


def navigation(pages: Iterable[PageSpec]) -> list[tuple[str, str]]:
    """What the theme's navigation shows on every page: each policy's path and title."""
    return [(spec.path, spec.title) for spec in pages if spec.kind == "policy"]


def _revision(rev: Revision | None) -> tuple[Any, ...] | None:
    """A revision as pages show it: its text by its blob (not its commit nor tag message)."""
    if rev is None:
        return None
    return (
        rev.doc,
        rev.locale,
        rev.slug,
        rev.blob,
        rev.title,
        rev.effective.isoformat(),
        rev.notice,
        rev.notices,
    )


def _notice(view: PageView, n: Notice) -> tuple[Any, ...]:
    return (
        _revision(n.revision),
        _revision(n.previous),
        n.reader,
        _revision(n.translation),
        _revision(n.updated),
        view.notice_of(n),
    )


#: A cached page is a sealed entry of its own (`Cache.unseal`): the page's bytes as MkDocs writes
#: them, read and written as bytes (no text decoding or JSON for the ~2000 pages a warm build of
#: 400 releases takes).
SUFFIX = ".html"


@dataclass
class Reuse:
    """One locale's build: which pages are taken from the cache, which are rendered."""

    cache: Cache
    secret: bytes  # seals the pages this user's builds cached (`cache.page_secret`)
    # The built locale folder, when known before pages are chosen: a page taken from the cache
    # is written there at once, from the entry just checked (one read; nothing can change it
    # between the check and the write). Without it, `restore` writes the pages after the build.
    site_dir: Path | None = None
    keys: dict[str, str] = field(default_factory=dict)  # page -> key, of every reusable page
    skipped: list[str] = field(default_factory=list)  # pages taken from the cache
    rendered: list[str] = field(default_factory=list)  # pages rendered
    refused: list[str] = field(default_factory=list)  # cached pages whose seal did not match
    written: list[str] = field(default_factory=list)  # taken pages already in `site_dir`
    bodies: dict[str, str] = field(default_factory=dict)  # taken page -> its body's digest

    def _cached(self, key: str) -> tuple[bool, memoryview | None]:
        """Whether the cache has an entry for `key`, and its page if this user's key sealed it."""
        return self.cache.unseal(PAGES, key, SUFFIX, self.secret)

    def keeps(self, uri: str, key: str | None, *, body: bool = False) -> bool:
        """Whether page `uri`, of cache key `key` (None: never reused), is taken from the cache
        instead of rendered: its entry is there and sealed with this user's key (and, with
        `body`, so is the digest of its body, kept in `bodies`)."""
        if key is not None:
            self.keys[uri] = key
            found, page = self._cached(key)
            digest = self.cache.get_sealed(BODIES, key, counted=False) if body else ""
            if page is not None and isinstance(digest, str):
                if body:
                    self.bodies[uri] = digest
                self.skipped.append(uri)
                if self.site_dir is not None:
                    self._write(self.site_dir, uri, page)
                    self.written.append(uri)
                return True
            if found:
                self.refused.append(uri)
        self.rendered.append(uri)
        return False

    def rendered_page(self, uri: str, output: str, body: str | None = None) -> None:
        """Cache the output of page `uri` rendered by this build, if it is reusable, with the
        digest of its `body` if it has one."""
        key = self.keys.get(uri)
        if key is not None:
            if body is not None:  # first: a page is taken only with its digest
                self.cache.put_sealed(BODIES, key, body)
            page = output.encode("utf-8", errors="xmlcharrefreplace")  # as MkDocs writes it
            self.cache.put_sealed_bytes(PAGES, key, page, SUFFIX, self.secret)

    def restore(self, site_dir: Path) -> None:
        """Write the pages taken from the cache into the built locale folder `site_dir`, as
        MkDocs writes a page; TamperedCache if an entry changed since `keeps` read it."""
        for uri in self.skipped:
            if uri in self.written:
                continue
            key = self.keys[uri]
            _, page = self._cached(key)
            if page is None:
                raise TamperedCache(
                    f"{self.where(key)}: the cached page {uri} changed during the build; "
                    "build again"
                )
            self._write(site_dir, uri, page)

    def report(self, locale: str, log: logging.Logger) -> None:
        """Log how many pages the build of `locale` rendered and took from the cache (which, in
        debug), and every cached page refused for its seal."""
        log.debug(
            "redline: /%s/: %d pages rendered, %d reused from the cache",
            locale,
            len(self.rendered),
            len(self.skipped),
        )
        for uri in self.refused:
            log.warning(
                "redline: %s: the cached page /%s/%s is not sealed with this user's key (written "
                "or changed by something else than a build): rendered again",
                self.where(self.keys[uri]),
                locale,
                uri,
            )
        for uri in self.rendered:
            log.debug("redline: rendered /%s/%s", locale, uri)

    def where(self, key: str) -> Path | None:
        """The cache's file of the page of `key`."""
        return self.cache.path_of(PAGES, key, SUFFIX)

    @staticmethod
    def _write(site_dir: Path, uri: str, page: memoryview) -> None:
        """Write page `uri` into `site_dir` as MkDocs writes a page."""
        target = site_dir / urls.output_of(uri)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(page)
