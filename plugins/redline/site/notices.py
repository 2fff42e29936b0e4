"""Dated change notices: their checks, the Atom feeds and `revisions.json`.

A notice belongs to one revision of one document in one locale: the `notice` of that revision's
front matter, or, when the locale has none, a localized "This policy was revised on <date>."
(`model.notice.Notice`, `model.notice.notice_text`). Everything here is computed from the released
history alone, never from the build clock, so the same history and as-of date give the same bytes.
"""

from __future__ import annotations

import datetime
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from typing import Any

from redline.model import urls
from redline.model.history import History, Revision
from redline.model.notice import CONTROL, Notice, newlines, notice_text
from redline.model.timeline import Timeline
from redline.text.catalogs import N_

from . import withdrawals

__all__ = [
    "atom_feed",
    "entry_id",
    "revisions_index",
]


#: The gettext message of a feed entry's title.
ENTRY_TITLE = N_("%(title)s, revised on %(date)s")
#: The title of an authoritative revision's entry in the feed of a translation it left behind.
PENDING_TITLE = N_("%(title)s: %(language)s revision of %(date)s, translation pending")
#: The same once the translation caught up: the entry stays, marked with that day.
UPDATED_TITLE = N_(
    "%(title)s: %(language)s revision of %(date)s, translation updated on %(updated)s"
)
#: The first sentence of every entry's summary: when the revision takes effect.
EFFECTIVE_LINE = N_("Effective %(date)s.")

#: The last sentences of an entry's summary: the clauses the revision added, changed (or
#: renamed) and removed, by heading (`Timeline.clauses_by_kind`); the notices pages say the same.
CLAUSE_LINES = {
    "added": N_("Added: %(clauses)s."),
    "changed": N_("Changed: %(clauses)s."),
    "removed": N_("Removed: %(clauses)s."),
}

#: Redline's own Atom extension elements (the effective date), for scripts.
REDLINE_NS = "tag:redline,2026:atom"

ATOM_NS = "http://www.w3.org/2005/Atom"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def entry_id(rev: Revision, reader: str | None = None) -> str:
    """The Atom entry id of a released revision: `tag:redline,<date>:<lc>/<doc>/<commit>`; in
    the feed of a translation it left behind (`reader`), `...:<reader>/<doc>/<lc>/<commit>`.

    Feed readers remember entries by id, so it must never change once published and must not
    collide with any other entry anywhere. The release commit makes it unique (two sites with the
    same text, or a document that returns to an earlier text, still differ) and it depends on
    nothing the build decides: not on `site_url`, the clock or the machine. It changes only if a
    release tag is moved to another commit, which is a different release.
    """
    if rev.release is None:
        raise ValueError(f"{rev.path}: a draft has no feed entry")
    day, commit = rev.release.date.isoformat(), rev.release.commit
    if reader is not None and reader != rev.locale:
        return f"tag:redline,{day}:{reader}/{rev.doc}/{rev.locale}/{commit}"
    return f"tag:redline,{day}:{rev.locale}/{rev.doc}/{commit}"


def atom_feed(
    timeline: Timeline,
    locale: str,
    *,
    site_url: str,
    feed_title: str,
    translate: Callable[[str], str],
    format_date: Callable[[datetime.date], str],
    doc: str | None = None,
    language: str = "",
) -> str:
    """The Atom 1.0 feed of `locale`'s change notices (of one document, with `doc`), newest
    first, as a deterministic string.

    With a `site_url`, links are absolute and the feed id is the feed's URL; without one, links
    are relative to the feed's own location (readers resolve them against the feed URL) and the
    feed id is a tag: URI from the first release. Text is escaped by ElementTree, never spliced
    in, so HTML or Markdown in a notice stays literal; characters XML forbids are dropped.
    `language` names the authoritative language in `locale`, for the entries of revisions that
    left the translation behind. The feed carries no stylesheet processing instruction (browsers
    are removing XSLT): readers are sent to the "follow changes" page (`urls.follow`) instead.
    """
    feed_path = urls.feed(locale) if doc is None else urls.document_feed(locale, doc)
    entries = timeline.notices(locale, doc)
    updated_default = timeline.as_of
    depth = feed_path.count("/")

    def href(path: str) -> str:
        if site_url:
            return site_url.rstrip("/") + "/" + path
        return "../" * depth + path

    newest = max((_updated(n) for n in entries), default=updated_default)
    root = ET.Element("feed", {"xmlns": ATOM_NS, _XML_LANG: locale})
    if doc is None:
        feed_id = (
            href(feed_path) if site_url else _feed_tag(timeline.history, locale, updated_default)
        )
        home = urls.locale_home(locale)
    else:
        feed_id = (
            href(feed_path)
            if site_url
            else _feed_tag(timeline.history, f"{locale}/{doc}", updated_default)
        )
        home = urls.document(locale, doc)
    _text(root, "id", feed_id)
    _text(root, "title", feed_title)
    _text(root, "updated", _timestamp(newest))
    ET.SubElement(
        root, "link", {"rel": "self", "type": "application/atom+xml", "href": href(feed_path)}
    )
    ET.SubElement(root, "link", {"rel": "alternate", "type": "text/html", "href": href(home)})
    # Atom requires an author on the feed unless every entry has one; the publisher is the site.
    author = ET.SubElement(root, "author")
    _text(author, "name", feed_title)
    _text(root, "generator", "Redline")

    for n in entries:
        rev = n.revision
        entry = ET.SubElement(root, "entry")
        if n.withdrawal is not None:
            _withdrawal_entry(entry, n, href, translate, format_date)
            continue
        _text(entry, "id", entry_id(rev, n.locale))
        _text(entry, "title", _entry_title(n, translate, format_date, language))
        _text(entry, "published", _timestamp(rev.date))
        _text(entry, "updated", _timestamp(_updated(n)))
        ET.SubElement(
            entry,
            "link",
            {"rel": "alternate", "type": "text/html", "href": href(urls.revision(rev))},
        )
        if n.previous is not None:
            ET.SubElement(
                entry,
                "link",
                {"rel": "related", "type": "text/html", "href": href(urls.diff(n.previous, rev))},
            )
        effective = translate(EFFECTIVE_LINE) % {"date": format_date(rev.effective)}
        notice = notice_text(rev, translate, format_date, n.locale)
        changed = [
            translate(CLAUSE_LINES[kind]) % {"clauses": ", ".join(names)}
            for kind, names in timeline.clauses_by_kind(rev)
        ]
        _text(entry, "summary", " ".join(filter(None, (effective, notice, *changed))), type="text")
        _text(entry, f"{{{REDLINE_NS}}}effective", rev.effective.isoformat())

    ET.indent(root, space="  ")
    ET.register_namespace("redline", REDLINE_NS)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n"


def _withdrawal_entry(
    entry: ET.Element,
    n: Notice,
    href: Callable[[str], str],
    translate: Callable[[str], str],
    format_date: Callable[[datetime.date], str],
) -> None:
    """A withdrawal (`site/withdrawals.py`), dated by its release, linked to the history."""
    _text(entry, "id", withdrawals.entry_id(n))
    _text(entry, "title", withdrawals.entry_title(n, translate, format_date))
    _text(entry, "published", _timestamp(n.date))
    _text(entry, "updated", _timestamp(n.date))
    link = {"rel": "alternate", "type": "text/html", "href": href(urls.history(n.locale, n.doc))}
    ET.SubElement(entry, "link", link)
    _text(entry, "summary", n.shown(translate, format_date), type="text")
    _text(entry, f"{{{REDLINE_NS}}}effective", n.date.isoformat())


def _updated(n: Notice) -> datetime.date:
    # An entry changes when the translation it waited for catches up: readers see it again.
    return n.updated.date if n.updated is not None else n.date


def _entry_title(
    n: Notice,
    translate: Callable[[str], str],
    format_date: Callable[[datetime.date], str],
    language: str,
) -> str:
    rev = n.revision
    if not n.pending:
        return translate(ENTRY_TITLE) % {"title": rev.title, "date": format_date(rev.date)}
    values = {
        "title": n.translation.title if n.translation else rev.title,
        "language": language or rev.locale,
        "date": format_date(rev.date),
    }
    if n.updated is None:
        return translate(PENDING_TITLE) % values
    return translate(UPDATED_TITLE) % {**values, "updated": format_date(n.updated.date)}


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = _xml_safe(text)
    return element


def _xml_safe(text: str) -> str:
    """`text` with line ends normalized and the characters XML 1.0 cannot carry removed."""
    return CONTROL.sub("", newlines(text))


def _timestamp(day: datetime.date) -> str:
    # Revisions are dated, not timed: midnight UTC keeps the value a pure function of the date.
    return f"{day.isoformat()}T00:00:00Z"


def _feed_tag(history: History, name: str, updated_default: datetime.date) -> str:
    # Without a site URL the feed is named after the history itself: its first release commit.
    if history.releases:
        first = history.releases[0]
        return f"tag:redline,{first.date.isoformat()}:{name}/feed/{first.commit}"
    return f"tag:redline,{updated_default.isoformat()}:{name}/feed"


# -- revisions.json -------------------------------------------------------------------------


def revisions_index(
    timeline: Timeline,
    *,
    site_url: str,
    rendered: Mapping[tuple[str, str, str], str] | None = None,
) -> str:
    """`/revisions.json`: every released revision of every document and locale, oldest first.

    Keys are sorted and the output ends with a newline, so the file is byte-stable for the same
    history and as-of date. URLs are absolute with a `site_url`, else relative to the site root
    (where the file itself lives). `rendered`, once the pages are built: (document, locale,
    date) -> the SHA-256 of each revision's body as published (`rendered_sha256`).
    """

    def href(path: str) -> str:
        return site_url.rstrip("/") + "/" + path if site_url else path

    history = timeline.history
    documents: list[dict[str, Any]] = []
    for doc in history.docs():
        for locale in history.locales:
            document = history.get(doc, locale)
            if document is None:
                continue
            released = [r for r in document.revisions if not r.is_draft]
            if not released:
                continue
            shown = timeline.in_force(doc, locale) or released[-1]
            pending = [n for n in timeline.notices(locale, doc) if n.pending]
            gone = timeline.withdrawal(doc, locale)
            documents.append(
                {
                    "document": doc,
                    "locale": locale,
                    "title": shown.title,
                    "withdrawn": (
                        document.withdrawn.date.isoformat() if document.withdrawn else None
                    ),
                    "revisions": [
                        _revision_entry(timeline, rev, href, rendered) for rev in released
                    ],
                    "pending": [_pending_entry(n, href) for n in reversed(pending)],
                    "withdrawal": withdrawals.index_entry(gone) if gone else None,
                }
            )
    index = {"generated_as_of": timeline.as_of.isoformat(), "documents": documents}
    return json.dumps(index, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def _revision_entry(
    timeline: Timeline,
    rev: Revision,
    href: Callable[[str], str],
    rendered: Mapping[tuple[str, str, str], str] | None,
) -> dict[str, Any]:
    assert rev.release is not None  # drafts are filtered out by the caller
    previous = timeline.previous(rev)
    period = timeline.period(rev)
    entry: dict[str, Any] = {
        "date": rev.date.isoformat(),
        "effective": rev.effective.isoformat(),
        "in_force_from": period.start.isoformat() if period else None,
        "in_force_until": period.end.isoformat() if period and period.end else None,
        "notices": dict(rev.notices),
        "status": timeline.status(rev),
        "summary": rev.release.summary,
        "signed": rev.release.signed,
        "lagging": timeline.lagging(rev) is not None,
        "pending_clauses": [
            {
                "anchor": c.anchor,
                "heading": c.heading,
                "missing": c.missing,
                "changed": c.date.isoformat(),
                "url": href(urls.revision(c.source)) + "#" + c.anchor,
            }
            for c in timeline.pending_clauses(rev)
        ],
        "notice": rev.notice,
        "tag": rev.release.tag,
        "commit": rev.release.commit,
        "path": rev.path,
        "blob": rev.blob,
        "sha256": rev.sha256,
        "url": href(urls.revision(rev)),
        "diff_url": href(urls.diff(previous, rev)) if previous else None,
    }
    if rendered is not None:
        entry["rendered_sha256"] = rendered.get((rev.doc, rev.locale, rev.date.isoformat()))
    return entry


def _pending_entry(n: Notice, href: Callable[[str], str]) -> dict[str, Any]:
    """An authoritative revision that left this translation behind, and when it caught up."""
    rev = n.revision
    return {
        "date": rev.date.isoformat(),
        "effective": rev.effective.isoformat(),
        "locale": rev.locale,
        "notice": n.text,
        "translation": n.translation.date.isoformat() if n.translation else None,
        "updated": n.updated.date.isoformat() if n.updated else None,
        "url": href(urls.revision(rev)),
        "diff_url": href(urls.diff(n.previous, rev)) if n.previous else None,
    }
