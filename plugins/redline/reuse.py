"""Warm builds: a page whose inputs did not change is taken from the cache, not rendered again
(no MkDocs import).

A released revision page and a redline between released revisions show only their own
revisions, their neighbours, their status, the document's title and what the site's templates,
settings and catalogs make of them (DESIGN.md, "Archive pages are stable"). `page_key` digests
exactly that, as the templates read it through `PageView`, with the `inputs_digest` of the code,
templates, settings and catalogs; a page whose key is in the cache is not generated, and its
cached output is written into the site after the build (`Reuse.restore`). Every other page (the
text in force, histories, lists, drafts) is rendered on every build. `mkdocs serve` uses the same
mechanism between saves.

Why a cached page is safe to publish: it is the output of a build of this site, stored under the
digest of everything it was made from, in a folder the build refuses when it is a symbolic link
or tracked by git (`settings`), so only whoever runs the build writes it, who could as well
change the templates. A tampered entry is still detected: before a cached page is written, its
scripts, event handlers, script URLs, frames and embeds (`active_parts`) must be those of a page
of the same kind rendered by this very build (a *witness*: the first cached page of each kind is
rendered anyway), else the build stops and names the entry.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import urls
from .cache import Cache, digest, versions
from .history import Revision

if TYPE_CHECKING:
    from .pageview import PageView
    from .timeline import Notice

#: The cache's folder of rendered pages.
PAGES = "page"

#: What a reusable page may be (`site.PageKind`).
REUSABLE = ("revision", "diff")


class TamperedCache(Exception):
    """A cached page carries active content that this build's templates do not make."""


def inputs_digest(
    template_dirs: Iterable[Path],
    config_file: str | None,
    locales_dir: Path,
    locales: Iterable[str],
    environ: Mapping[str, str] | None = None,
    **settings: Any,
) -> str:
    """What every page's output depends on besides the history: code and libraries (`versions`,
    the one code fingerprint, and the versions of MkDocs and the theme), templates (the site's
    and Redline's), `mkdocs.yml` and the environment variables it reads (`!ENV`), the catalogs,
    and the resolved `settings` given (site name and address of the locale, ...)."""
    files: list[Path] = []
    for folder in template_dirs:
        files += sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix != ".pyc")
    env: dict[str, str | None] = {}
    if config_file:
        files.append(Path(config_file))
        text = Path(config_file).read_text(encoding="utf-8", errors="replace")
        for name in sorted(set(re.findall(r"!ENV\s*\[?\s*['\"]?([A-Za-z_][A-Za-z0-9_]*)", text))):
            env[name] = (environ or {}).get(name)
    for lc in locales:
        files += sorted((locales_dir / lc).rglob("*.po"))
    libraries = []
    for name in ("mkdocs", "mkdocs-material"):
        try:
            libraries.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            libraries.append(f"{name}=?")
    contents = [(str(p), p.read_bytes().hex()) for p in files]
    return digest(versions(), libraries, contents, env, settings)


def page_key(view: PageView, inputs: str) -> str | None:
    """The key of a page's rendered output in the cache, or None for a page that is rendered on
    every build (anything but a released revision or a redline between released revisions).

    The key digests what the page's templates read (`policy.html`, `diff.html`, `revbar.html`,
    `entries.html`, `print-header.html`, `main.html`), as `PageView` answers it, so two builds
    that give a page the same key render it the same; the site's navigation (the documents'
    titles) is read by every page of the theme.
    """
    spec = view.spec
    if spec is None or spec.kind not in REUSABLE or spec.revision is None:
        return None
    sides = [r for r in (spec.revision, spec.old) if r is not None]
    if any(r.is_draft for r in sides):
        return None
    facts: dict[str, Any] = {
        "page": (view.locale, spec.kind, spec.path, spec.title, spec.in_search),
        "sides": [_revision(r) for r in sides],
        "title": view.page_title(),
        "address": view.address(),
        "alternates": view.alternates(),
        "nav": [(s.path, s.title) for s in view.build.pages.values() if s.kind == "policy"],
        "neighbours": {
            side: (_revision(near["rev"]), near["url"]) if near else None
            for side, near in view.neighbours().items()
        },
        "stable": view.stable(),
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
            "next": _revision(view.next(rev)),
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


# -- what a cached page may carry -----------------------------------------------------------

# A start tag, its attributes quoted as HTML quotes them (a quoted value may hold `>`).
_TAG = re.compile(r"""<([a-zA-Z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>""")
_SCRIPT = re.compile(r"""(?is)<script\b(?:[^>"']|"[^"]*"|'[^']*')*>.*?(?:</script\s*>|$)""")
_QUOTED = re.compile(r""""[^"]*"|'[^']*'""")
_HANDLER = re.compile(r"""(?:^|[\s/"'])(on[a-z]+)\s*=""", re.IGNORECASE)
_VALUE = re.compile(r"""=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""")
_EMBEDS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "form"}
_SCHEMES = ("javascript:", "vbscript:", "data:text/html")


def active_parts(page: str, path: str) -> tuple[str, ...]:
    """What in `page` (the HTML of the page at `path` inside its locale, e.g. `doc/2020-01-01/`)
    can run script or load another document: its scripts (addresses relative to the page written
    from the locale's root, so pages at any depth compare), event handler attributes, `javascript:`
    and like addresses, frames, embeds, forms and refreshes. Pages of one template have the same."""
    depth = path.strip("/").count("/") + 1 if path.strip("/") else 0
    base = "/".join([".."] * depth) or "."
    found = []
    for block in _SCRIPT.findall(page):
        found.append(block.replace(f'"{base}"', '"{base}"').replace(f'"{base}/', '"{base}/'))
    for match in _TAG.finditer(page):
        name = match.group(1).lower()
        attributes = match.group(2)
        if name in _EMBEDS:
            found.append(f"<{name}>")
        bare = _QUOTED.sub('""', attributes)
        found += [f"{name} {h.lower()}" for h in _HANDLER.findall(bare)]
        if name == "meta" and "http-equiv" in attributes.lower():
            found.append(f"<meta {attributes.strip()}>")
        if ":" in attributes or "&" in attributes:
            for value in _VALUE.findall(attributes):
                plain = re.sub(r"[\x00-\x20]", "", html.unescape(value.strip("\"'"))).lower()
                if plain.startswith(_SCHEMES):
                    found.append(f"{name} {plain[:40]}")
    return tuple(found)


@dataclass
class Reuse:
    """One locale's build: which pages are taken from the cache, which are rendered."""

    cache: Cache
    keys: dict[str, str] = field(default_factory=dict)  # page -> key, of every reusable page
    kinds: dict[str, str] = field(default_factory=dict)  # page -> its kind
    skipped: list[str] = field(default_factory=list)  # pages taken from the cache
    witnesses: dict[str, str] = field(default_factory=dict)  # kind -> page rendered anyway
    rendered: list[str] = field(default_factory=list)  # pages rendered (but the witnesses)
    expected: dict[str, tuple[str, ...]] = field(default_factory=dict)  # kind -> active_parts

    def keeps(self, uri: str, kind: str, key: str | None) -> bool:
        """Whether page `uri` (of `kind`, with cache key `key`) is taken from the cache instead
        of rendered; the first cached page of each kind is rendered anyway, as the witness."""
        if key is None:
            self.rendered.append(uri)
            return False
        self.keys[uri] = key
        self.kinds[uri] = kind
        where = self.cache.path_of(PAGES, key)
        if where is None or not where.is_file():
            self.rendered.append(uri)
            return False
        if kind not in self.witnesses:
            self.witnesses[kind] = uri
            return False
        self.skipped.append(uri)
        return True

    def rendered_page(self, uri: str, output: str) -> None:
        """Record the output of page `uri` rendered by this build, and cache it if reusable."""
        key = self.keys.get(uri)
        if key is None:
            return
        kind = self.kinds[uri]
        if self.witnesses.get(kind) == uri:
            self.expected[kind] = active_parts(output, _page_path(uri))
        else:
            self.cache.put(PAGES, key, {"html": output})

    def restore(self, site_dir: Path) -> None:
        """Write the pages taken from the cache into the built locale folder `site_dir`, as
        MkDocs writes a page.

        TamperedCache names an entry whose active content differs from its witness's, or that
        cannot be read any more."""
        for uri in self.skipped:
            key = self.keys[uri]
            entry = self.cache.get(PAGES, key, counted=False)
            text = entry.get("html") if isinstance(entry, dict) else None
            if not isinstance(text, str):
                raise TamperedCache(
                    f"{self.cache.path_of(PAGES, key)}: the cached page {uri} cannot be read "
                    "any more; build again"
                )
            if active_parts(text, _page_path(uri)) != self.expected.get(self.kinds[uri]):
                raise TamperedCache(
                    f"{self.cache.path_of(PAGES, key)}: the cached page {uri} carries scripts or "
                    "markup that this build's templates do not make: the cache was modified; "
                    "delete the cache folder (cache_dir) and build again"
                )
            target = site_dir / urls.output_of(uri)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8", errors="xmlcharrefreplace"))


def _page_path(uri: str) -> str:
    """The page's URL inside its locale from its source file (`doc/2020-01-01/index.md`)."""
    return posixpath.dirname(uri) + "/" if "/" in uri else ""
