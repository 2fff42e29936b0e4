"""Dated change notices: their checks, the Atom feeds and `revisions.json`.

A notice belongs to one revision of one document in one locale: the `notice` of that revision's
front matter, or, when the locale has none, a localized "This policy was revised on <date>."
(`timeline.Notice`, `timeline.notice_text`). Everything here is computed from the released
history alone, never from the build clock, so the same history and as-of date give the same bytes.
"""

from __future__ import annotations

import datetime
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

from . import urls
from .catalogs import N_
from .history import History, Problem, Revision
from .timeline import Timeline, notice_text

__all__ = [
    "NOTICE_LIMIT",
    "atom_feed",
    "entry_id",
    "notice_problems",
    "revisions_index",
]


#: The gettext message of a feed entry's title.
ENTRY_TITLE = N_("%(title)s, revised on %(date)s")

#: Longer notices get a warning: a notice is shown whole in a banner and in feed readers, so the
#: details belong in the policy text. The site still publishes (and escapes) a longer one.
NOTICE_LIMIT = 1000

ATOM_NS = "http://www.w3.org/2005/Atom"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Characters a notice may not contain. XML 1.0 forbids the C0 controls other than tab, newline
# and carriage return, surrogates, U+FFFE and U+FFFF; the C1 controls and DEL are allowed but
# invisible and meaningless in a notice. Carriage returns never reach it: line ends are
# normalized to "\n" first.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_NOTICE_KEY = re.compile(r"""^(["']?)notice\1\s*:""")
_FENCE_LINE = re.compile(r"^---[ \t]*$")


# -- checks ---------------------------------------------------------------------------------


def notice_problems(history: History) -> list[Problem]:
    """Problems with notices, for `redline check`: missing, stale, too long, control characters.

    Drafts are checked too (located by file only): they are the revisions that can still be
    fixed before `redline release`.
    """
    problems: list[Problem] = []
    for key in sorted(history.documents):
        revisions = history.documents[key].revisions
        for previous, rev in zip((None, *revisions), revisions, strict=False):
            problems.extend(_revision_problems(rev, previous))
    return problems


def _revision_problems(rev: Revision, previous: Revision | None) -> list[Problem]:
    prefix = f"tag {rev.release.tag}: " if rev.release else ""
    if rev.notice is None:
        return [
            Problem(
                f"{prefix}{rev.path}:2",
                f"no notice for this revision in '{rev.locale}': readers get only "
                f"'This policy was revised on <date>.'; add 'notice:' to the front matter",
                "warning",
            )
        ]
    where = f"{prefix}{rev.path}:{_notice_line(rev.source)}"
    problems: list[Problem] = []
    # Line ends are normalized in the feed, so only what it would have to drop is reported.
    controls = sorted(set(_CONTROL.findall(_newlines(rev.notice))))
    if controls:
        names = ", ".join(f"U+{ord(c):04X}" for c in controls)
        problems.append(
            Problem(
                where,
                f"the notice contains control characters ({names}), which XML feeds cannot "
                "carry; remove them",
            )
        )
    if len(rev.notice) > NOTICE_LIMIT:
        problems.append(
            Problem(
                where,
                f"the notice is {len(rev.notice)} characters long; keep it under {NOTICE_LIMIT}: "
                "it is shown whole in banners and feed readers, the details belong in the policy",
                "warning",
            )
        )
    if (
        previous is not None
        and previous.notice is not None
        and _words(previous.notice) == _words(rev.notice)
        and (previous.title, previous.body) != (rev.title, rev.body)
    ):
        problems.append(
            Problem(
                where,
                f"the text changed but the notice is the same as in the revision of "
                f"{previous.slug}; say what changed in this revision",
                "warning",
            )
        )
    return problems


def _words(text: str) -> str:
    # Rewrapping a copied notice does not make it new.
    return " ".join(text.split())


def _notice_line(source: str) -> int:
    """The 1-based line of the `notice:` key in the front matter (2 if it cannot be found)."""
    lines = source.splitlines()
    for number, line in enumerate(lines[1:], start=2):
        if _FENCE_LINE.match(line):
            break
        if _NOTICE_KEY.match(line):
            return number
    return 2


# -- Atom -----------------------------------------------------------------------------------


def entry_id(rev: Revision) -> str:
    """The Atom entry id of a released revision: `tag:redline,<date>:<lc>/<doc>/<commit>`.

    Feed readers remember entries by id, so it must never change once published and must not
    collide with any other entry anywhere. The release commit makes it unique (two sites with the
    same text, or a document that returns to an earlier text, still differ) and it depends on
    nothing the build decides: not on `site_url`, the clock or the machine. It changes only if a
    release tag is moved to another commit, which is a different release.
    """
    if rev.release is None:
        raise ValueError(f"{rev.path}: a draft has no feed entry")
    return f"tag:redline,{rev.release.date.isoformat()}:{rev.locale}/{rev.doc}/{rev.release.commit}"


def atom_feed(
    timeline: Timeline,
    locale: str,
    *,
    site_url: str,
    feed_title: str,
    translate: Callable[[str], str],
    format_date: Callable[[datetime.date], str],
) -> str:
    """The Atom 1.0 feed of `locale`'s change notices, newest first, as a deterministic string.

    With a `site_url`, links are absolute and the feed id is the feed's URL; without one, links
    are relative to the feed's own location (readers resolve them against the feed URL) and the
    feed id is a tag: URI from the first release. Text is escaped by ElementTree, never spliced
    in, so HTML or Markdown in a notice stays literal; characters XML forbids are dropped.
    """
    feed_path = urls.feed(locale)
    entries = timeline.notices(locale)
    updated_default = timeline.as_of

    def href(path: str) -> str:
        if site_url:
            return site_url.rstrip("/") + "/" + path
        return "../" * feed_path.count("/") + path

    newest = entries[0].date if entries else updated_default
    root = ET.Element("feed", {"xmlns": ATOM_NS, _XML_LANG: locale})
    feed_id = href(feed_path) if site_url else _feed_tag(timeline.history, locale, updated_default)
    _text(root, "id", feed_id)
    _text(root, "title", feed_title)
    _text(root, "updated", _timestamp(newest))
    ET.SubElement(
        root, "link", {"rel": "self", "type": "application/atom+xml", "href": href(feed_path)}
    )
    ET.SubElement(
        root,
        "link",
        {"rel": "alternate", "type": "text/html", "href": href(urls.locale_home(locale))},
    )
    # Atom requires an author on the feed unless every entry has one; the publisher is the site.
    author = ET.SubElement(root, "author")
    _text(author, "name", feed_title)
    _text(root, "generator", "Redline")

    for n in entries:
        rev = n.revision
        entry = ET.SubElement(root, "entry")
        _text(entry, "id", entry_id(rev))
        title = translate(ENTRY_TITLE) % {"title": rev.title, "date": format_date(rev.date)}
        _text(entry, "title", title)
        _text(entry, "published", _timestamp(rev.date))
        _text(entry, "updated", _timestamp(rev.date))
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
        _text(entry, "summary", notice_text(rev, translate, format_date), type="text")

    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n"


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = _xml_safe(text)
    return element


def _xml_safe(text: str) -> str:
    """`text` with line ends normalized and the characters XML 1.0 cannot carry removed."""
    return _CONTROL.sub("", _newlines(text))


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _timestamp(day: datetime.date) -> str:
    # Revisions are dated, not timed: midnight UTC keeps the value a pure function of the date.
    return f"{day.isoformat()}T00:00:00Z"


def _feed_tag(history: History, locale: str, updated_default: datetime.date) -> str:
    # Without a site URL the feed is named after the history itself: its first release commit.
    if history.releases:
        first = history.releases[0]
        return f"tag:redline,{first.date.isoformat()}:{locale}/feed/{first.commit}"
    return f"tag:redline,{updated_default.isoformat()}:{locale}/feed"


# -- revisions.json -------------------------------------------------------------------------


def revisions_index(timeline: Timeline, *, site_url: str) -> str:
    """`/revisions.json`: every released revision of every document and locale, oldest first.

    Keys are sorted and the output ends with a newline, so the file is byte-stable for the same
    history and as-of date. URLs are absolute with a `site_url`, else relative to the site root
    (where the file itself lives).
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
            documents.append(
                {
                    "document": doc,
                    "locale": locale,
                    "title": shown.title,
                    "withdrawn": (
                        document.withdrawn.date.isoformat() if document.withdrawn else None
                    ),
                    "revisions": [_revision_entry(timeline, rev, href) for rev in released],
                }
            )
    index = {"generated_as_of": timeline.as_of.isoformat(), "documents": documents}
    return json.dumps(index, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def _revision_entry(
    timeline: Timeline, rev: Revision, href: Callable[[str], str]
) -> dict[str, Any]:
    assert rev.release is not None  # drafts are filtered out by the caller
    previous = timeline.previous(rev)
    return {
        "date": rev.date.isoformat(),
        "effective": rev.effective.isoformat(),
        "status": timeline.status(rev),
        "lagging": timeline.lagging(rev) is not None,
        "notice": rev.notice,
        "tag": rev.release.tag,
        "commit": rev.release.commit,
        "path": rev.path,
        "blob": rev.blob,
        "sha256": rev.sha256,
        "url": href(urls.revision(rev)),
        "diff_url": href(urls.diff(previous, rev)) if previous else None,
    }
