"""`sitemap.xml`: every page but redlines and drafts, with its alternates (no MkDocs import).

One sitemap for the whole site at the root, for search engines, and each locale's share in its own
folder, where Material's language switcher script looks for it. Pages are dated by their
revision, never by the build clock. Each locale's build writes its own share (in parallel, in
its worker; a shard carries it); the outer build writes the root's once every locale is built.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from redline.model.timeline import Timeline

from . import pages as site
from .compare import Compare

#: A sitemap entry: the page's path, its date (None: undated) and its path in each locale.
Entry = tuple[str, str | None, dict[str, str]]


def entries(timeline: Timeline, pages: Iterable[site.PageSpec], compare: Compare) -> list[Entry]:
    """The entries of `pages` (one locale's plan, `site.plan`) that a sitemap lists (`compare`:
    the site's `compare_all_max`, which decides the redlines an alternate can be)."""
    locales = timeline.history.locales
    found: list[Entry] = []
    for spec in pages:
        if not site.in_sitemap(spec):
            continue
        alternates = {other: site.counterpart(timeline, spec, other, compare) for other in locales}
        day = spec.revision.date.isoformat() if spec.revision else None
        found.append((spec.path, day, alternates))
    return found


def write_sitemaps(site_dir: Path, site_url: str, timeline: Timeline, compare: Compare) -> None:
    """The root's sitemap: the chooser and every locale's pages."""
    listed: list[Entry] = [("", None, {})]
    for locale in timeline.history.locales:
        listed += entries(timeline, site.plan(timeline, locale, compare), compare)
    _write_sitemap_file(site_dir, listed, site_url.rstrip("/"))


def write_locale_sitemaps(
    site_dir: Path,
    site_url: str,
    timeline: Timeline,
    locale: str,
    pages: Iterable[site.PageSpec],
    compare: Compare,
) -> None:
    """The share of `locale` in its folder, and a sitemap beside each of its pages that carry
    hreflang alternates: `pages` is the locale's plan (`site.plan`), `site_dir` the site's root
    (not the locale's folder)."""
    site_url = site_url.rstrip("/")
    own = entries(timeline, pages, compare)
    _write_sitemap_file(site_dir / locale, own, site_url)
    # Material's language switcher script also fetches `sitemap.xml` beside every `<link
    # rel=alternate hreflang>`, that is in the folder of each page listed (`site.in_sitemap`):
    # each gets one listing itself, so no request of a page fails (a console error on every
    # page, otherwise). A redline or a draft has no such link, hence no file to make.
    for entry in own:
        path = entry[0]
        if path != f"{locale}/" and (site_dir / path).is_dir():
            _write_sitemap_file(site_dir / path, [entry], site_url, compressed=False)


def _write_sitemap_file(
    folder: Path, entries: list[Entry], site_url: str, compressed: bool = True
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
