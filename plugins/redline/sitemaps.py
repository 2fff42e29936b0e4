"""`sitemap.xml`: every page but redlines and drafts, with its alternates (no MkDocs import).

One sitemap for the whole site at the root, for search engines, and each locale's share in its own
folder, where Material's language switcher script looks for it. Pages are dated by their
revision, never by the build clock.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from . import site
from .compare import COMPARE_ALL_MAX
from .timeline import Timeline


def write_sitemaps(
    site_dir: Path, site_url: str, timeline: Timeline, bound: int = COMPARE_ALL_MAX
) -> None:
    """One sitemap for all locales, dated by revision, never by the build clock (`bound`: the
    site's `compare_all_max`, which decides its redlines)."""
    site_url = site_url.rstrip("/")
    history = timeline.history
    entries: list[tuple[str, str | None, dict[str, str]]] = [("", None, {})]
    for locale in history.locales:
        for spec in site.plan(timeline, locale, bound):
            if spec.kind in ("diff",) or (spec.revision and spec.revision.is_draft):
                continue
            alternates = {
                other: site.counterpart(timeline, spec, other, bound) for other in history.locales
            }
            day = spec.revision.date.isoformat() if spec.revision else None
            entries.append((spec.path, day, alternates))
    out = site_dir
    _write_sitemap_file(out, entries, site_url)
    # Each locale gets its own share too: Material's language switcher script reads it.
    for locale in history.locales:
        own = [e for e in entries if e[0].startswith(f"{locale}/")]
        _write_sitemap_file(out / locale, own, site_url)
    # That script also fetches `sitemap.xml` beside every `<link rel=alternate hreflang>`, that
    # is in every page's folder: each page gets one listing itself (if the main sitemap does),
    # so no request of a page fails (a console error on every page, otherwise).
    listed = {e[0]: e for e in entries}
    for locale in history.locales:
        for spec in site.plan(timeline, locale, bound):
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
