"""Policy histories as plain data, for unit tests of what the core computes from them.

The history reader is tested on real git repositories (tests/integration); the modules above it
take a `History` of plain frozen dataclasses, so their unit tests build one directly.
"""

from __future__ import annotations

import datetime
import hashlib
from pathlib import Path

from redline.build.cache import Cache
from redline.build.pageview import PageView
from redline.build.state import BuildState, LocaleBuild
from redline.model import urls
from redline.model.history import DocumentHistory, History, Release, Revision
from redline.model.timeline import Timeline
from redline.site import pages as site
from redline.site.compare import COMPARE_ALL_MAX, Compare
from redline.text import catalogs


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def release(date: str, summary: str = "Release") -> Release:
    """The release tagged `policy/<date>`, on a commit named after its date."""
    commit = hashlib.sha1(date.encode()).hexdigest()
    return Release(tag=f"policy/{date}", date=day(date), summary=summary, commit=commit)


def revision(
    doc: str,
    locale: str,
    date: str | None,
    *,
    effective: str | None = None,
    notice: str | None = None,
    title: str | None = None,
    body: str = "Text.\n",
) -> Revision:
    """A revision released on `date` (None: a draft, effective on `effective`)."""
    rel = release(date) if date is not None else None
    source = f"---\ntitle: {title or doc}\n---\n\n{body}"
    effective_day = day(effective) if effective else (rel.date if rel else day("2024-01-01"))
    return Revision(
        doc=doc,
        locale=locale,
        path=f"policy/{locale}/{doc}.md",
        release=rel,
        blob=hashlib.sha1(f"{doc}/{locale}/{date}/{body}".encode()).hexdigest(),
        source=source,
        title=title or doc.title(),
        effective=effective_day,
        notice=notice,
        body=body,
        body_line=5,
        sha256=hashlib.sha256(source.encode()).hexdigest(),
    )


def history(
    *revisions: Revision,
    withdrawn: dict[tuple[str, str], str] | None = None,
    locales: tuple[str, ...] = ("en", "th"),
) -> History:
    """The history made of `revisions` (each document's in date order); `withdrawn` maps
    (document, locale) to the date of the release that deleted the file."""
    grouped: dict[tuple[str, str], list[Revision]] = {}
    for rev in revisions:
        grouped.setdefault((rev.doc, rev.locale), []).append(rev)
    gone = withdrawn or {}
    documents = {
        key: DocumentHistory(
            key[0],
            key[1],
            tuple(revs),
            release(gone[key]) if key in gone else None,
        )
        for key, revs in grouped.items()
    }
    dates = sorted(
        {r.release.date.isoformat() for r in revisions if r.release} | set(gone.values())
    )
    return History(tuple(release(d) for d in dates), documents, locales)


LOCALES = Path(__file__).resolve().parents[2] / "locales"


def page_view(path: str, h: History, as_of: str = "2024-01-01") -> PageView:
    """What the templates of the page at site path `path` (`<lc>/...`) read, in a build of `h`
    as of `as_of` (the project's catalogs, no disk cache)."""
    locale = path.split("/", 1)[0]
    timeline = Timeline(h, day(as_of))
    state = BuildState(
        timeline,
        drafts=False,
        locale_names={"en": "English", "th": "ไทย"},
        locales_dir=LOCALES,
        cache=Cache(None, ""),
        compare=Compare(COMPARE_ALL_MAX),
        subscribe_url=None,
        locale=locale,
        site_url="https://example.org",
    )
    build = LocaleBuild(
        state,
        pages={spec.src_uri: spec for spec in site.plan(timeline, locale, state.compare)},
        translations=catalogs.load(LOCALES, locale),
    )
    return PageView(build, path.partition("/")[2], urls.source_of(path))
