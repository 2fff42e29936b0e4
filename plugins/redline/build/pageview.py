"""What a page's template gets as `rl`: the page, its status and links, in its locale (no MkDocs).

Templates call `PageView` methods for dates in the page's locale, status labels, links across
locales, banners and the redline of a diff page; every status question goes to the Timeline.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass
from typing import Any

from redline.diff import Redline
from redline.model import dates, frontmatter, urls
from redline.model.history import DocumentHistory, History, Revision
from redline.model.notice import Notice, notice_text
from redline.model.timeline import Mark, Status, Timeline
from redline.site import pages as site
from redline.text import catalogs, labels
from redline.text.catalogs import N_

from . import clausenotes, clausepage, links, redlines
from .addresses import Addresses
from .state import BuildState, LocaleBuild

#: A revision page's `<title>`, by the revision's mark.
_TITLES: dict[str, str] = {
    "in-force": N_("%(title)s — in force, revision of %(date)s"),
    "pending": N_("%(title)s — in force, revision of %(date)s, translation pending"),
    "archived": N_("%(title)s — archived revision of %(date)s"),
    "upcoming": N_("%(title)s — upcoming revision of %(date)s"),
    "withdrawn": N_("%(title)s — withdrawn revision of %(date)s"),
    "draft": N_("%(title)s — draft, not published"),
}


@dataclass
class PageView(Addresses):
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
        return self.state.language(self.locale)

    def address(self) -> str:
        """This page's address, for the print header."""
        return f"{self.state.site_url}/{self.path()}" if self.state.site_url else self.path()

    def status_label(self, status: Status | Mark) -> str:
        """The status (or mark), as readers of the page's language read it."""
        return labels.mark_label(status, self.build.translations.gettext)

    def mark(self, rev: Revision) -> Mark:
        """The status mark shown beside `rev`'s title (a lagging text in force is "pending")."""
        return self.timeline.mark(rev)

    def as_of(self) -> str:
        """The date the site was built as of, in the page's locale."""
        return self.date(self.timeline.as_of)

    def stable(self) -> bool:
        """True for a page that never changes once published (docs/ARCHITECTURE.md, "Archive
        pages are stable"): an archived or withdrawn revision, a redline between released
        revisions, the page of a released revision in a language it has no translation in (it
        shows no status). It shows nothing that depends on the as-of date, so a daily build
        does not rewrite it."""
        spec = self.spec
        if spec is None or spec.revision is None:
            return False
        if spec.kind == "diff":
            return spec.old is not None and not spec.old.is_draft and not spec.revision.is_draft
        if spec.kind == "untranslated":
            return not spec.revision.is_draft
        return spec.kind == "revision" and self.status(spec.revision) in ("archived", "withdrawn")

    def next(self, rev: Revision) -> Revision | None:
        """The released revision after `rev`."""
        return self.timeline.next(rev)

    def period(self, rev: Revision, always: bool = False) -> str:
        """When `rev` is in force, as a phrase ("In force from … to …"); empty for a draft, and,
        unless `always`, for the text in force since its effective date (which says as much)."""
        period = self.timeline.period(rev)
        status = self.timeline.status(rev)
        if rev.is_draft:
            return ""
        if (
            not always
            and period is not None
            and period.end is None
            and period.start == rev.effective
            and status == "in-force"
        ):
            return ""
        if period is None:
            return self._("Never in force: replaced before it took effect")
        if status == "upcoming":
            return self._("Takes effect on %(date)s", date=self.date(period.start))
        if period.end is None:
            return self._("In force since %(date)s", date=self.date(period.start))
        return self._(
            "In force from %(start)s to %(end)s",
            start=self.date(period.start),
            end=self.date(period.end),
        )

    def effective(self, rev: Revision) -> datetime.date | None:
        """The effective date to show for `rev`: a draft's only when its front matter states one
        (otherwise it takes effect on the day it is released, not on the preview's date)."""
        if not rev.is_draft:
            return rev.effective
        try:
            return frontmatter.parse(rev.source).effective
        except frontmatter.FrontMatterError:
            return None

    def until(self, rev: Revision) -> str:
        """The last day `rev` was in force (short form), or empty while it is."""
        period = self.timeline.period(rev)
        return self.date(period.end, "short") if period and period.end else ""

    def span(self, rev: Revision) -> dict[str, str]:
        """`rev`'s period in force as ISO dates (`from`, `until`), empty when none, for scripts."""
        period = self.timeline.period(rev)
        return {
            "from": period.start.isoformat() if period else "",
            "until": period.end.isoformat() if period and period.end else "",
        }

    def pending(self, rev: Revision | None) -> tuple[Notice, ...]:
        """The authoritative revisions released while translation `rev` was the newest text,
        each a notice for this page's readers, newest first."""
        return self.timeline.pending(rev)

    def clause_notices(self, rev: Revision | None) -> list[str]:
        """The notices for this page's readers of the authoritative revisions whose changes
        are pending in translation `rev` clause by clause, once each, for the page's banner
        (not repeated in each clause's note, `build/pending.py`); those `pending` lists are
        shown there already. The clauses are the ones the page shows (`site.pending_shown`)."""
        spec = self.spec
        if rev is None or spec is None or rev is not spec.revision:
            return []
        listed = {n.revision for n in self.timeline.pending(rev)}
        found: list[str] = []
        for clause in site.pending_shown(self.timeline, spec):
            notice = clause.changed.notice_for(rev.locale)
            if clause.changed not in listed and notice and notice not in found:
                found.append(notice)
        return found

    def pending_spans(self, entries: tuple[Notice, ...]) -> list[dict[str, str]]:
        """The authoritative revisions of `entries` with their periods in force, for the script
        that answers "what applied on …" on a translation's history: the day may fall in one,
        whose text then prevailed over the translation (ISO dates, the date shown, the link)."""
        return [
            {
                **self.span(n.revision),
                "label": self.date(n.date),
                "href": self.link(urls.revision(n.revision)),
            }
            for n in entries
        ]

    def steps(self, old: Revision, new: Revision) -> tuple[Notice, ...]:
        """The notices of the revisions a redline from `old` to `new` spans, newest first."""
        return self.timeline.between(old, new)

    def notice_of(self, n: Notice) -> str:
        """The text of notice `n` for this page's readers, or the localized fallback."""
        return n.shown(self.build.translations.gettext, self.date)

    def entry_title(self, n: Notice) -> str:
        """How an authoritative revision that left this translation behind is named."""
        return self._(
            "%(language)s revision of %(date)s",
            language=self.authoritative_language(),
            date=self.date(n.date),
        )

    def entry_state(self, n: Notice) -> str:
        """Whether the translation caught up with `n`, and when."""
        if n.updated is None and self.timeline.status(n.revision) == "upcoming":
            return self._(
                "Takes effect on %(date)s; translation pending",
                date=self.date(n.revision.effective),
            )
        if n.updated is None:
            return self._("Translation pending")
        return self._("Translation updated on %(date)s", date=self.date(n.updated.date))

    def date_list(self, days: list[datetime.date]) -> str:
        """`days` as one phrase in the page's language ("1 May and 2 June 2023")."""
        return dates.format_date_list([self.date(d) for d in days], self.locale)

    def page_title(self) -> str:
        """The page's `<title>` (plain text): the document, its status and date, so tabs,
        bookmarks, history and printouts tell the text in force from an archived revision."""
        spec = self.spec
        if spec is None or spec.doc is None:
            return spec.title if spec else ""
        title = spec.title
        rev = spec.revision
        if spec.kind == "history":
            return self._("%(title)s — revision history", title=title)
        if spec.kind == "clauses":
            return self._("%(title)s — history of each clause", title=title)
        if spec.kind == "diff" and rev is not None and spec.old is not None:
            return self._(
                "%(title)s — changes from %(old)s to %(new)s",
                title=title,
                old=self.date(spec.old.date),
                new=self._("the draft") if rev.is_draft else self.date(rev.date),
            )
        if rev is None:
            document = self.doc()
            if document is not None and document.withdrawn is not None:
                return self._("%(title)s — withdrawn", title=title)
            return self._("%(title)s — not yet released", title=title)
        return self._(_TITLES[self.mark(rev)], title=title, date=self.date(rev.date))

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

    def authoritative_history(self, name: str) -> str:
        """The site-root path of document `name`'s history in the authoritative locale."""
        return urls.history(self.history.default_locale, name)

    def authoritative_start(self, name: str) -> str:
        """The first day any authoritative revision of document `name` was in force (ISO), or
        empty: before it, no text of the document applied at all."""
        doc = self.history.get(name, self.history.default_locale)
        starts = [
            self.span(rev)["from"] for rev in (doc.revisions if doc else ()) if not rev.is_draft
        ]
        return min((day for day in starts if day), default="")

    def previous(self, rev: Revision) -> Revision | None:
        """The revision before `rev`."""
        return self.timeline.previous(rev)

    def neighbours(self) -> dict[str, dict[str, Any] | None]:
        """The previous and next revision of an archived page (links to them), or of a redline
        page (links to the one-step redlines before and after it), each with its date."""
        spec = self.spec
        out: dict[str, dict[str, Any] | None] = {"previous": None, "next": None}
        if spec is None or spec.revision is None:
            return out
        if spec.kind == "revision":
            before = self.timeline.previous(spec.revision)
            after = self.timeline.next(spec.revision)
            if before is not None:
                out["previous"] = {"rev": before, "url": self.revision_url(before)}
            if after is not None:
                out["next"] = {"rev": after, "url": self.revision_url(after)}
        elif spec.kind == "diff" and spec.old is not None:
            before = self.timeline.previous(spec.old)
            after = self.timeline.next(spec.revision) if not spec.revision.is_draft else None
            if before is not None:
                url = self.diff_url(before, spec.old) or self.revision_url(before)
                out["previous"] = {"rev": spec.old, "url": url}
            if after is not None:
                url = self.diff_url(spec.revision, after) or self.revision_url(after)
                out["next"] = {"rev": after, "url": url}
        return out

    def links(self) -> list[Any]:
        """Where the links between policies of the page's text lead (`build/links.py`)."""
        spec = self.spec
        return links.facts(self.build, spec) if spec is not None else []

    def notices(self) -> tuple[Notice, ...]:
        """Every change notice of the page's locale, newest first."""
        return self.timeline.notices(self.locale)

    def redline(self) -> Redline | None:
        """The redline of a diff page (None on other pages)."""
        spec = self.spec
        return redlines.shown(self.build, spec) if spec and spec.kind == "diff" else None

    def clause_notes(self) -> dict[str, str]:
        """The line under each clause heading of the page's text (`build/clausenotes.py`)."""
        return clausenotes.notes(self.build, self.spec) if self.spec else {}

    def clause_history(self) -> list[clausepage.Section]:
        """The sections of a clause history page (`build/clausepage.py`)."""
        return clausepage.sections(self.build, self.spec) if self.spec else []

    def hreflang(self) -> bool:
        """Whether the page's head carries its alternates (`site.in_sitemap`; a page of no
        plan, which goes to each locale's home, does)."""
        return self.spec is None or site.in_sitemap(self.spec)

    def alternates(self) -> list[dict[str, str]]:
        """The same page in every locale, for the language switcher and hreflang links."""
        return [dict(alt) for alt, _ in self._languages]

    def switch_paths(self) -> dict[str, str]:
        """Where the language switch leads in each other locale, from the site root
        (`site.switch_target`; none on a page of no plan, where it follows the alternates)."""
        return {alt["locale"]: path for alt, path in self._languages if path is not None}

    @functools.cached_property
    def _languages(self) -> tuple[tuple[dict[str, str], str | None], ...]:
        # Each locale's alternate and switch target, made together, once per view: the head,
        # the switch and the page's key (`reuse.page_key`) all ask.
        spec = self.spec
        out = []
        for locale, name in self.state.locale_names.items():
            switch = None
            if spec is None:
                target = urls.locale_home(locale)
            elif locale == self.locale:
                target = spec.path
            else:
                target = site.counterpart(self.timeline, spec, locale, self.state.compare)
                switch = site.switch_from(self.timeline, spec, locale, target)
            current = "true" if locale == self.locale else ""
            alt = {"locale": locale, "name": name, "href": self.link(target), "current": current}
            out.append((alt, switch))
        return tuple(out)

    def documents(self) -> list[dict[str, Any]]:
        """The policies for the locale's home page, including those not yet translated (their
        text in force in the authoritative locale, linked there)."""
        out = []
        default = self.history.default_locale
        for name in self.history.docs():
            doc = self.history.get(name, self.locale)
            translated = bool(doc and doc.revisions)
            if doc and doc.revisions:
                rev = self.timeline.in_force(name, self.locale) or doc.revisions[-1]
                url, withdrawn = self.document_url(name), doc.withdrawn is not None
            else:
                english = self.timeline.in_force(name, default)
                if english is None:
                    continue
                rev, url, withdrawn = english, self.link(urls.document(default, name)), False
            out.append(
                {
                    "doc": name,
                    "title": rev.title,
                    "revision": rev,
                    "url": url,
                    "translated": translated,
                    "withdrawn": withdrawn,
                }  # fmt: skip
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
                    "prompt": catalogs.sentence(locale, catalogs.READ_OUR_POLICIES, translations),
                }
            )
        return out
