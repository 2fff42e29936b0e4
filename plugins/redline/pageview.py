"""What a page's template gets as `rl`: the page, its status and links, in its locale (no MkDocs).

Templates call `PageView` methods for dates in the page's locale, status labels, links across
locales, banners and the redline of a diff page; every status question goes to the Timeline.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from . import catalogs, dates, redlines, site, urls
from .diff import Redline
from .history import DocumentHistory, History, Revision
from .state import BuildState, LocaleBuild
from .timeline import Notice, Status, Timeline, notice_text


@dataclass
class PageView:
    """What the templates get: the page's spec and the history, with helpers in its locale."""

    build: LocaleBuild
    url: str  # the page's URL inside its locale's build, e.g. `privacy-policy/history/`
    src_uri: str

    @property
    def state(self) -> BuildState:
        """The build's state (its locale, site URL, locale names)."""
        return self.build.state

    @property
    def spec(self) -> site.PageSpec | None:
        """The page this view renders (None for a page the plugin did not generate)."""
        return self.build.pages.get(self.src_uri)

    @property
    def locale(self) -> str:
        """The page's locale (the authoritative one on the outer build's pages)."""
        return self.state.locale or self.state.history.default_locale

    @property
    def history(self) -> History:
        """The history the site is built from."""
        return self.state.history

    @property
    def timeline(self) -> Timeline:
        """The history as of the build's date: every status question goes here."""
        return self.state.timeline

    def date(self, day: datetime.date, form: str = "long") -> str:
        """`day` written in the page's locale (`long` or `short`)."""
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

    def doc(self, name: str | None = None) -> DocumentHistory | None:
        """The history of document `name` (default: this page's) in the page's locale."""
        return self.history.get(self._doc_name(name), self.locale)

    def _doc_name(self, name: str | None) -> str:
        spec = self.spec
        return name or (spec.doc if spec else "") or ""

    def in_force(self, name: str | None = None) -> Revision | None:
        """The text in force of document `name` (default: this page's) in the page's locale."""
        return self.timeline.in_force(self._doc_name(name), self.locale)

    def upcoming(self, name: str | None = None) -> tuple[Revision, ...]:
        """The released revisions of document `name` that take effect after the as-of date."""
        return self.timeline.upcoming(self._doc_name(name), self.locale)

    def status(self, rev: Revision) -> Status:
        """What `rev` is on the as-of date."""
        return self.timeline.status(rev)

    def recent(self, rev: Revision | None) -> bool:
        """True when `rev` took effect within the configured number of days."""
        return self.timeline.is_recent(rev)

    def lagging(self, rev: Revision | None) -> Revision | None:
        """The newer authoritative revision a translation had not caught up with while shown."""
        return self.timeline.lagging(rev)

    def authoritative_language(self) -> str:
        """The authoritative locale's language, named in the page's language: what a lagging
        translation defers to ("The English text prevails", "ให้ถือตามฉบับภาษาอังกฤษ")."""
        return catalogs.language_name(self.history.default_locale, self.locale)

    def url_of(self, rev: Revision) -> str:
        """The site-root path of a revision (any locale)."""
        return urls.revision(rev)

    def address(self) -> str:
        """This page's address, for the print header."""
        return f"{self.state.site_url}/{self.path()}" if self.state.site_url else self.path()

    def status_label(self, status: Status) -> str:
        """The status, as readers of the page's language read it."""
        labels = {
            "in-force": self._("In force"),
            "archived": self._("Archived"),
            "upcoming": self._("Upcoming"),
            "withdrawn": self._("Withdrawn"),
            "draft": self._("Draft, not published"),
        }
        return labels.get(status, status)

    def clause_label(self, kind: str) -> str:
        """How a clause changed (added, removed, changed), in the page's language."""
        labels = {
            "added": self._("Added"),
            "removed": self._("Removed"),
            "changed": self._("Changed"),
        }
        return labels.get(kind, kind)

    def notice(self, rev: Revision) -> str:
        """The change notice of `rev`, or the localized "This policy was revised on"."""
        return notice_text(rev, self.build.translations.gettext, self.date)

    def revision_url(self, rev: Revision) -> str:
        """A link to the page of revision `rev`."""
        return self.link(urls.revision(rev))

    def document_url(self, name: str, locale: str | None = None) -> str:
        """A link to the text in force of document `name` (in `locale`, default the page's)."""
        return self.link(urls.document(locale or self.locale, name))

    def history_url(self, name: str) -> str:
        """A link to the revision history of document `name`."""
        return self.link(urls.history(self.locale, name))

    def diff_url(self, old: Revision, new: Revision) -> str | None:
        """A link to the redline of `old` against `new`, if the site has that page."""
        target = urls.diff(old, new)
        return self.link(target) if urls.source_of(target) in self.build.pages else None

    def previous(self, rev: Revision) -> Revision | None:
        """The revision before `rev`."""
        return self.timeline.previous(rev)

    def changes_url(self) -> str:
        """A link to the locale's change notices."""
        return self.link(urls.changes(self.locale))

    def feed_url(self) -> str:
        """A link to the locale's Atom feed."""
        return self.link(urls.feed(self.locale))

    def notices(self) -> tuple[Notice, ...]:
        """Every change notice of the page's locale, newest first."""
        return self.timeline.notices(self.locale)

    def redline(self) -> Redline | None:
        """The redline of a diff page (None on other pages)."""
        spec = self.spec
        return redlines.redline_of(self.build, spec) if spec and spec.kind == "diff" else None

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
                rev = self.timeline.in_force(name, self.locale) or doc.revisions[-1]
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
            english = self.timeline.in_force(name, default)
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
