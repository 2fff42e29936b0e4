"""Where a link between policies leads on each page of the site (no MkDocs).

Policy authors link another policy as MkDocs users do (`cookie-policy.md#consent`, `#clause`;
`model/references.py` reads them). On the site each page kind reads them in its own time:

- the text in force (`/<lc>/<doc>/`) links the other document's text in force (`/<lc>/<other>/`);
- a released revision (`/<lc>/<doc>/<date>/`, archived, in force or upcoming) links the other
  document's revision that applied on the day it took effect, at that revision's own address
  (never the text in force, which moves on: a revision page never changes once published,
  docs/ARCHITECTURE.md, "Archive pages are stable"); a document not yet in force that day is
  linked as released beside it, one withdrawn by then as it last stood;
- a draft links the other document's draft where there is one (previews), else as the text in
  force does;
- a translation links the document in its own locale, or where that has none the authoritative
  locale's (`hreflang`).

Which revision applied when is the Timeline's answer. A link to a withdrawn document says so, and
a link that leads nowhere (a document or clause its release did not have) is shown as its text
with a note: `redline check` refuses such links in new releases, and warns of those published.
"""

from __future__ import annotations

import html as _html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote, unquote

from redline.model import urls
from redline.model.history import Revision
from redline.model.references import Reference, anchor_ids, parse
from redline.model.timeline import Timeline
from redline.text.catalogs import N_
from redline.text.render import REFERENCE_QUERY

from .pages import relative

#: The interface words of a link that leads nowhere, and of one to a withdrawn policy.
BROKEN_NOTE = N_("(link not found)")
BROKEN_TITLE = N_("This link leads nowhere: the policy or clause it names does not exist.")
WITHDRAWN_NOTE = N_("(withdrawn)")
WITHDRAWN_TITLE = N_("This policy has been withdrawn.")


@dataclass(frozen=True)
class Target:
    """Where a link to a policy leads: a page (site-root path) and the text it shows."""

    path: str
    revision: Revision | None  # whose anchors the page has (None: it shows no text)
    locale: str
    withdrawn: bool = False


@dataclass(frozen=True)
class Context:
    """The page a link is on: its path, and the text of its document it shows (`now`: the text
    in force page, whatever it shows)."""

    path: str
    locale: str
    doc: str
    revision: Revision | None
    now: bool


@dataclass
class Resolver:
    """The targets of links on every page of one build (answers kept: they are asked for every
    link of every page and for every reusable page's key)."""

    timeline: Timeline
    _found: dict[tuple[object, ...], Target | None] = field(default_factory=dict)
    _anchors: dict[str, frozenset[str]] = field(default_factory=dict)

    def target(self, page: Context, doc: str, locale: str) -> Target | None:
        """Where a link from `page` to `doc` (in `locale`, or the authoritative locale's where
        that has none) leads, or None: nowhere."""
        rev = page.revision
        moment: object = (
            "now" if page.now or rev is None else "draft" if rev.is_draft else rev.release
        )
        key = (moment, rev.effective if rev is not None else None, doc, locale)
        if key not in self._found:
            self._found[key] = self._target(page, doc, locale)
        return self._found[key]

    def _target(self, page: Context, doc: str, locale: str) -> Target | None:
        timeline = self.timeline
        history = timeline.history
        default = history.default_locale
        order = [locale] if locale == default else [locale, default]
        rev = page.revision
        if rev is not None and rev.is_draft and not page.now:
            for lc in order:
                found = history.get(doc, lc)
                if found and found.revisions and found.revisions[-1].is_draft:
                    return Target(urls.revision(found.revisions[-1]), found.revisions[-1], lc)
        if page.now or rev is None or rev.is_draft:
            for lc in order:
                current = timeline.in_force(doc, lc)
                if current is not None:
                    return Target(urls.document(lc, doc), current, lc)
            for lc in order:
                if timeline.withdrawn_on(doc, lc, timeline.as_of):
                    return Target(urls.document(lc, doc), None, lc, withdrawn=True)
            for lc in order:
                upcoming = timeline.upcoming(doc, lc)
                if upcoming:
                    return Target(urls.revision(upcoming[0]), upcoming[0], lc)
            return None
        day = timeline.took_effect(rev)
        for lc in order:
            applied = timeline.applied_on(doc, lc, day)
            if applied is not None:
                return Target(urls.revision(applied), applied, lc)
        for lc in order:
            document = history.get(doc, lc)
            beside = document.released_by(rev.date) if document is not None else None
            if beside is not None:
                gone = timeline.withdrawn_on(doc, lc, day)
                return Target(urls.revision(beside), beside, lc, withdrawn=gone)
        return None

    def anchors(self, rev: Revision) -> frozenset[str]:
        """The anchors a link may name in `rev`."""
        if rev.blob not in self._anchors:
            self._anchors[rev.blob] = anchor_ids(rev)
        return self._anchors[rev.blob]

    def facts(self, page: Context) -> list[tuple[str, str, str, str, bool]]:
        """What the links of `page` may lead to, for a reusable page's key (`reuse.page_key`):
        the target of a link to every document in every locale, by its text's blob."""
        history = self.timeline.history
        out = []
        for doc in history.docs():
            for locale in history.locales:
                found = self.target(page, doc, locale)
                if found is not None:
                    blob = found.revision.blob if found.revision else ""
                    out.append((doc, locale, found.path, blob, found.withdrawn))
        return out


@dataclass(frozen=True)
class Words:
    """The interface words links are marked with, in the page's language."""

    gettext: Callable[[str], str]
    language: str  # the authoritative language's name, as the page's readers call it


# nh3's output: attribute values double-quoted (a `"` inside is `&quot;`); links never nest.
_LINK = re.compile(r'<a((?:[^>"]|"[^"]*")*)>(.*?)</a>', re.S)
_HREF = re.compile(r'\shref="([^"]*)"')
_ID = re.compile(r'\sid="([^"]*)"')
_TITLE = re.compile(r'\stitle="[^"]*"')


def rewrite(
    html: str,
    page: Context,
    resolver: Resolver,
    words: Words,
    broken: list[str] | None = None,
) -> str:
    """Sanitized `html` shown on `page` with each link to a policy leading where it should
    (`Resolver.target`), relative to the page; a link that leads nowhere becomes its text and a
    note (and is added, as written, to `broken`)."""
    ids = {_html.unescape(value) for value in _ID.findall(html)}

    def one(link: re.Match[str]) -> str:
        attributes, text = link.groups()
        href = _HREF.search(attributes)
        if href is None:
            return link.group(0)
        written = original(_html.unescape(href.group(1)))
        ref = parse(written)
        if ref is None:
            if written == _html.unescape(href.group(1)):
                return link.group(0)
            return _link(attributes, text, written)
        done = _resolved(attributes, text, ref, page, resolver, words, ids)
        if broken is not None and done.startswith("<span"):
            broken.append(written)
        return done

    return _LINK.sub(one, html)


def original(href: str) -> str:
    """The link as written in the policy: `text.render` hides a policy link from MkDocs' own
    link checker as `?rl-ref=<link>`, which MkDocs leaves alone."""
    if href.startswith(REFERENCE_QUERY):
        return unquote(href.removeprefix(REFERENCE_QUERY))
    return href


def _resolved(
    attributes: str,
    text: str,
    ref: Reference,
    page: Context,
    resolver: Resolver,
    words: Words,
    ids: set[str],
) -> str:
    fragment = f"#{quote(ref.fragment, safe='')}" if ref.fragment else ""
    same = ref.doc is None or (ref.doc == page.doc and ref.locale in (None, page.locale))
    if same:
        if ref.fragment and ref.fragment not in ids:
            return _broken(text, words)
        if written_href(attributes) == (fragment or "./"):
            return f"<a{attributes}>{text}</a>"  # as written: the page's own clause
        return _link(attributes, text, fragment or relative(page.path, page.path))
    assert ref.doc is not None
    target = resolver.target(page, ref.doc, ref.locale or page.locale) if ref.doc else None
    if target is None:
        return _broken(text, words)
    if ref.fragment and target.revision is not None:
        if ref.fragment not in resolver.anchors(target.revision):
            return _broken(text, words)
    elif ref.fragment and target.withdrawn:
        fragment = ""  # the page of a withdrawn policy shows no clauses
    elif ref.fragment:
        return _broken(text, words)
    extra = ""
    title = None
    if target.locale != page.locale:
        extra = f' hreflang="{_html.escape(target.locale)}"'
        title = words.language
    if target.withdrawn:
        title = words.gettext(WITHDRAWN_TITLE)
        text += " " + _html.escape(words.gettext(WITHDRAWN_NOTE), quote=False)
    href = relative(page.path, target.path) + fragment
    return _link(attributes, text, href, title=title, extra=extra)


def _link(
    attributes: str, text: str, href: str, *, title: str | None = None, extra: str = ""
) -> str:
    """The link with its address (and title) replaced in place, its other attributes kept."""
    kept = _HREF.sub(lambda _: f' href="{_html.escape(href)}"', attributes, count=1)
    if title is not None:
        shown = f' title="{_html.escape(title)}"'
        kept, found = _TITLE.subn(lambda _: shown, kept, count=1)
        kept += "" if found else shown
    return f"<a{kept}{extra}>{text}</a>"


def written_href(attributes: str) -> str:
    """The `href` of a link's `attributes`, as the HTML says it."""
    found = _HREF.search(attributes)
    return _html.unescape(found.group(1)) if found else ""


def _broken(text: str, words: Words) -> str:
    title = _html.escape(words.gettext(BROKEN_TITLE))
    note = _html.escape(words.gettext(BROKEN_NOTE), quote=False)
    return f'<span title="{title}">{text}</span> {note}'
