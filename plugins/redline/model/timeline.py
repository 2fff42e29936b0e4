"""The history seen on one date: what is in force, upcoming, lagging or recent (no MkDocs).

Only the Timeline answers status questions (docs/ARCHITECTURE.md, "The Timeline"): the site
plan, the pages, the feeds, `revisions.json`, the sitemaps and the command line all ask it, so
each rule is written once and gives one answer everywhere. Every answer is computed when the
Timeline is made, in one pass over the history (O(n log n) in the number of revisions); asking
is then a look-up.
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, get_args

from .history import DocumentHistory, History, Revision
from .notice import Notice, left_behind
from .timeline_clauses import ClauseQuestions

__all__ = ["MARKS", "STATUSES", "Mark", "Period", "Status", "Timeline"]

#: What a revision is on the Timeline's date.
Status = Literal["in-force", "upcoming", "archived", "withdrawn", "draft"]
STATUSES: tuple[Status, ...] = get_args(Status)

#: What readers are shown beside a revision's title: its status, except that a translation in
#: force while the authoritative text has moved on is "in force, translation pending".
Mark = Literal["in-force", "pending", "upcoming", "archived", "withdrawn", "draft"]
MARKS: tuple[Mark, ...] = get_args(Mark)

_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Period:
    """The days a released revision was (or is to be) the text in force, both included."""

    start: datetime.date
    end: datetime.date | None  # None while no later revision or withdrawal ends it

    def __contains__(self, day: object) -> bool:
        return (
            isinstance(day, datetime.date)
            and self.start <= day
            and (self.end is None or day <= self.end)
        )


class Timeline(ClauseQuestions):
    """`history` as seen on `as_of`; `recent_days` is the window of "recently revised"."""

    def __init__(self, history: History, as_of: datetime.date, recent_days: int = 30) -> None:
        self.history = history
        self.as_of = as_of
        self.recent_days = recent_days
        self._in_force: dict[tuple[str, str], Revision | None] = {}
        self._upcoming: dict[tuple[str, str], tuple[Revision, ...]] = {}
        self._status: dict[Revision, Status] = {}
        self._previous: dict[Revision, Revision | None] = {}
        self._next: dict[Revision, Revision | None] = {}
        self._lagging: dict[Revision, Revision | None] = {}
        # The authoritative texts each translation's clauses are compared with, and what the
        # clause questions make when first asked (`model/timeline_clauses.py`).
        self._against: dict[Revision, Revision] = {}
        self._released_against: dict[Revision, Revision] = {}
        self._pending_clauses_of = {}
        self._clauses = {}
        self._periods: dict[Revision, Period | None] = {}
        for key, document in history.documents.items():
            self._place(key, document)
        for document in history.documents.values():
            self._lags(document)
        self._pending: dict[Revision, tuple[Notice, ...]] = {}
        pending = self._pending_notices()
        self._notices = {
            locale: self._notices_of(locale, pending.get(locale, [])) for locale in history.locales
        }
        # Per locale and document, newest first, with the days negated for `bisect` (`between`
        # is asked by every redline page, at 400 revisions as many notices). Withdrawals are
        # notices of the feeds and the changes page, not steps of a redline.
        by_doc: dict[tuple[str, str], list[Notice]] = {}
        for locale, found in self._notices.items():
            for notice in found:
                if notice.withdrawal is None:
                    by_doc.setdefault((locale, notice.doc), []).append(notice)
        self._by_doc = {key: tuple(found) for key, found in by_doc.items()}
        self._days = {
            key: [-n.date.toordinal() for n in found] for key, found in self._by_doc.items()
        }
        self._withdrawals = {
            (n.locale, n.doc): n for found in self._notices.values() for n in found if n.withdrawal
        }
        start = as_of - datetime.timedelta(days=recent_days)
        # Announced only once released: a revision released after `as_of` did not exist then,
        # whatever its effective date says.
        self._recent = {
            locale: tuple(
                n
                for n in found
                if not n.withdrawal and n.date <= as_of and start < n.effective <= as_of
            )
            for locale, found in self._notices.items()
        }
        self._recent_revisions = {n.revision for found in self._recent.values() for n in found}

    # -- answers --------------------------------------------------------------------------

    def document(self, doc: str, locale: str) -> DocumentHistory | None:
        """The history of `doc` in `locale`, if it exists."""
        return self.history.get(doc, locale)

    def in_force(self, doc: str, locale: str) -> Revision | None:
        """The newest released revision in effect on the date (None if withdrawn or none yet)."""
        return self._in_force.get((doc, locale))

    def upcoming(self, doc: str, locale: str) -> tuple[Revision, ...]:
        """Released revisions newer than the text in force that take effect after the date."""
        return self._upcoming.get((doc, locale), ())

    def status(self, rev: Revision) -> Status:
        """What `rev` is on the date: in force, upcoming, archived, withdrawn or a draft."""
        return self._status[rev]

    def previous(self, rev: Revision) -> Revision | None:
        """The revision of the same document and locale before `rev` (None for the first)."""
        return self._previous[rev]

    def next(self, rev: Revision) -> Revision | None:
        """The released revision of the same document and locale after `rev`, if any."""
        return self._next[rev]

    def lagging(self, rev: Revision | None) -> Revision | None:
        """The newer authoritative revision that translation `rev` had not caught up with.

        Asked of the last day `rev` was the newest text of its locale: the day before its
        successor's release or its withdrawal, and never after the date. The authoritative text
        compared with is the one in force that day, so an upcoming revision does not make a
        translation lag before it takes effect.
        """
        return self._lagging.get(rev) if rev is not None else None

    def mark(self, rev: Revision) -> Mark:
        """The status readers see beside the title: a translation in force that lags, as a
        whole or by one clause, is "pending" (in force, translation pending), never plainly
        "in force"."""
        status = self._status[rev]
        if status == "in-force" and (self.lagging(rev) is not None or self.pending_clauses(rev)):
            return "pending"
        return status

    def period(self, rev: Revision) -> Period | None:
        """The days `rev` is in force, by the released history: from the later of its release
        and effective dates to the day before a later revision takes over (or the document is
        withdrawn). None for a draft, or a revision replaced before it took effect."""
        return self._periods.get(rev)

    def applied_on(self, doc: str, locale: str, day: datetime.date) -> Revision | None:
        """The revision of `doc` in `locale` in force on `day` (None before the first, or
        once withdrawn)."""
        document = self.history.get(doc, locale)
        return _in_force_on(document, [day])[0] if document is not None else None

    def took_effect(self, rev: Revision) -> datetime.date:
        """The day released revision `rev` applies from: the later of its release and effective
        dates (what a link from its page to another policy is consistent with)."""
        return _start(rev)

    def withdrawn_on(self, doc: str, locale: str, day: datetime.date) -> bool:
        """True when `doc` in `locale` had been withdrawn by `day`."""
        document = self.history.get(doc, locale)
        gone = document.withdrawn if document is not None else None
        return gone is not None and gone.date <= day

    def pending(self, rev: Revision | None) -> tuple[Notice, ...]:
        """The authoritative revisions released while translation `rev` was the newest text of
        its locale, each as a notice for its readers, newest first."""
        return self._pending.get(rev, ()) if rev is not None else ()

    def notices(self, locale: str, doc: str | None = None) -> tuple[Notice, ...]:
        """Every change notice for readers of `locale` (of one document, with `doc`): each
        released revision of the locale and each authoritative revision that left its
        translation behind, newest first (then by name)."""
        if doc is None:
            return self._notices.get(locale, ())
        gone = self._withdrawals.get((locale, doc))
        # A withdrawal is newer than every revision (a file added again is no longer withdrawn).
        return (
            (gone, *self._by_doc.get((locale, doc), ()))
            if gone
            else self._by_doc.get((locale, doc), ())
        )

    def withdrawal(self, doc: str, locale: str) -> Notice | None:
        """The notice of the withdrawal of `doc` in `locale`, if it is withdrawn."""
        return self._withdrawals.get((locale, doc))

    def between(self, old: Revision, new: Revision) -> tuple[Notice, ...]:
        """The notices of `old`'s locale and document released after `old`, up to `new`
        included (a draft `new`: every later release), newest first."""
        key = (old.locale, old.doc)
        days = self._days.get(key, [])
        first = 0 if new.is_draft else bisect.bisect_left(days, -new.date.toordinal())
        return self._by_doc.get(key, ())[first : bisect.bisect_left(days, -old.date.toordinal())]

    def recent(self, locale: str) -> tuple[Notice, ...]:
        """Notices of revisions that took effect in the `recent_days` days up to the date.

        The window is (as_of - recent_days, as_of]; a revision released after the date is not
        announced even if its effective date says otherwise.
        """
        return self._recent.get(locale, ())

    def is_recent(self, rev: Revision | None) -> bool:
        """True when `rev` took effect within the recent window."""
        return rev is not None and rev in self._recent_revisions

    # -- computed once --------------------------------------------------------------------

    def _place(self, key: tuple[str, str], document: DocumentHistory) -> None:
        revisions = document.revisions
        current = _in_force_on(document, [self.as_of])[0]
        after = current.date if current is not None else datetime.date.min
        upcoming = tuple(
            r for r in revisions if r.release and r.date > after and r.effective > self.as_of
        )
        self._in_force[key] = current
        self._upcoming[key] = upcoming
        following: Revision | None = None
        # The first day a later released revision takes over: where each period ends.
        ends: datetime.date | None = document.withdrawn.date if document.withdrawn else None
        for index in range(len(revisions) - 1, -1, -1):
            rev = revisions[index]
            self._previous[rev] = revisions[index - 1] if index > 0 else None
            self._next[rev] = following
            if rev.release is not None:
                following = rev
                start = _start(rev)
                last = ends - _DAY if ends is not None else None
                in_force = last is None or start <= last
                self._periods[rev] = Period(start, last) if in_force else None
                ends = start if ends is None else min(ends, start)
            self._status[rev] = self._status_of(rev, document, current, upcoming)

    @staticmethod
    def _status_of(
        rev: Revision,
        document: DocumentHistory,
        current: Revision | None,
        upcoming: tuple[Revision, ...],
    ) -> Status:
        if rev.is_draft:
            return "draft"
        if rev is current:
            return "in-force"
        if any(r is rev for r in upcoming):
            return "upcoming"
        if document.withdrawn and rev is document.revisions[-1]:
            return "withdrawn"
        return "archived"

    def _lags(self, document: DocumentHistory) -> None:
        default = self.history.default_locale
        source = self.history.get(document.doc, default)
        released = [r for r in document.revisions if r.release is not None]
        if document.locale == default or source is None or not released:
            return
        # The last day each revision was the newest text of its locale, ascending.
        last_days = []
        for index in range(len(released)):
            if index + 1 < len(released):
                ended: datetime.date | None = released[index + 1].date
            else:
                ended = document.withdrawn.date if document.withdrawn else None
            last_days.append(self.as_of if ended is None else min(self.as_of, ended - _DAY))
        released_days = [rev.date for rev in released]
        for rev, then, newest in zip(
            released,
            _in_force_on(source, released_days),
            _in_force_on(source, last_days),
            strict=True,
        ):
            # The authoritative text of its release day: the one released with it, else the one
            # in force then (an upcoming one released earlier is not yet the text it follows).
            along = source.released_by(rev.date)
            with_it = along if along is not None and along.date == rev.date else then
            if with_it is not None:
                self._released_against[rev] = with_it
            # Never an older text than the one released with it: an upcoming translation is
            # compared with the English revision it translates, not the one it will replace.
            against = max(
                (r for r in (newest, along) if r is not None), key=lambda r: r.date, default=None
            )
            if against is not None:
                self._against[rev] = against
            if newest is not None and newest.date > rev.date:
                self._lagging[rev] = newest

    def _pending_notices(self) -> dict[str, list[Notice]]:
        """The notices of authoritative revisions for the locales they left behind, by locale;
        each is also filed under the translation that stood meanwhile (`pending`)."""
        by_locale: dict[str, list[Notice]] = {}
        by_translation: dict[Revision, list[Notice]] = {}
        for behind in left_behind(self.history):
            rev = behind.revision
            if rev.is_draft:
                continue
            # Caught up only once the translation is released, as of the date.
            after = behind.after if behind.after and behind.after.date <= self.as_of else None
            notice = Notice(rev, self._previous[rev], behind.locale, behind.before, after)
            by_locale.setdefault(behind.locale, []).append(notice)
            by_translation.setdefault(behind.before, []).append(notice)
        for translation, found in by_translation.items():
            self._pending[translation] = tuple(sorted(found, key=lambda n: n.date, reverse=True))
        return by_locale

    def _notices_of(self, locale: str, pending: list[Notice]) -> tuple[Notice, ...]:
        found = [
            Notice(rev, self._previous[rev])
            for (_, lc), document in self.history.documents.items()
            if lc == locale
            for rev in document.revisions
            if not rev.is_draft
        ]
        # Withdrawn documents: the last text, withdrawn by the release that deleted its file.
        for (_, lc), document in self.history.documents.items():
            released = [r for r in document.revisions if not r.is_draft]
            if lc == locale and document.withdrawn is not None and released:
                default = self.history.default_locale
                found.append(
                    Notice(
                        released[-1], None, withdrawal=document.withdrawn, default_locale=default
                    )
                )
        found += pending
        found.sort(key=lambda n: (-n.date.toordinal(), n.doc))
        return tuple(found)


def _in_force_on(document: DocumentHistory, days: Sequence[datetime.date]) -> list[Revision | None]:
    """The text of `document` in force on each of `days` (ascending): the newest released
    revision both released and effective by then, unless the document was withdrawn by then."""
    released = [r for r in document.revisions if r.release is not None]
    # A revision applies from the later of its release and effective dates.
    by_start = sorted(range(len(released)), key=lambda i: _start(released[i]))
    newest, taken, found = -1, 0, []
    for day in days:
        while taken < len(by_start) and _start(released[by_start[taken]]) <= day:
            newest = max(newest, by_start[taken])
            taken += 1
        withdrawn = document.withdrawn is not None and document.withdrawn.date <= day
        found.append(released[newest] if newest >= 0 and not withdrawn else None)
    return found


def _start(rev: Revision) -> datetime.date:
    return max(rev.date, rev.effective)
