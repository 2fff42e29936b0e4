"""Translation status clause by clause: which clauses of a translated revision are pending
against the authoritative text (no MkDocs).

The rule (docs/ARCHITECTURE.md, "Translation status per clause"): a clause of the authoritative
text is pending in a translation when the translation has no clause for it (its anchor, or an
anchor it had before a rename), or when its text (the clause digest: heading and text,
whitespace collapsed) differs from its text in the authoritative revision in force when the
translated clause last changed its text (the day the translation caught up with it: a
translation revised in the same release as the English clause, or later, caught up; one that
only took a new anchor did not). A clause changed and changed
back, or removed and restored as it was, is the text translated again: not pending. The date a
reader is told is the authoritative change after which the clause no longer had that text (the
change the translation missed), and its redline runs from the authoritative revision before that
change (which has the text translated) to the text compared with. A moved clause is not a change
of its text.

A whole file that lags is the Timeline's `lagging`; this is its finer grain, and a file revised
in the same release as the English one can still leave a clause behind (the clause the English
release added and the translation did not).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from .clause_history import ClauseHistory, release_day
from .clauses import Clause, clauses_of
from .clauses import clause as clause_of
from .history import History, Problem, Revision, shown
from .notice import _notice_line, left_behind

#: The severity of a clause pending in a translation since a release: reported, but it never
#: fails `--strict` (the next release does not make it so; `redline check` counts it apart).
PENDING = "pending"


@dataclass(frozen=True)
class PendingClause:
    """One authoritative clause a translated revision has not caught up with."""

    anchor: str
    heading: str  # the authoritative heading (plain Markdown, anchor removed)
    level: int  # the authoritative heading's level
    missing: bool  # the translation has no clause for it (`pending_between`)
    # The first authoritative revision that changed (or added) it after the translated clause
    # last changed: what the translation missed first.
    changed: Revision
    # The authoritative revision before `changed` (the one the translation was based on; None
    # when `changed` is the first).
    base: Revision | None
    source: Revision  # the authoritative revision compared with (its text is shown)
    line: int  # the authoritative heading's line in `source`'s file
    translated_line: int | None  # the translated heading's line (None when missing)
    # The translated clause's anchor (None when missing): the anchor the authoritative clause
    # had before a rename when the translation has not taken the new one.
    translated_anchor: str | None
    # The nearest authoritative clause before it that the translation has (None: none): a
    # missing clause belongs after that clause's text (after other missing ones before it).
    after: str | None

    @property
    def date(self) -> datetime.date:
        """The day of the first authoritative change the translation has not caught up with."""
        return self.changed.date


def pending_clauses(
    translation: Sequence[Revision], authoritative: Sequence[Revision]
) -> tuple[PendingClause, ...]:
    """The clauses of `authoritative[-1]` pending in `translation[-1]`, in the authoritative
    order. Each sequence is one document's revisions in one locale, oldest first, up to the
    revision asked (the translation) and the one compared with (the authoritative text); the
    earlier revisions say when each clause last changed."""
    if not translation or not authoritative:
        return ()
    return pending_between(
        ClauseHistory(translation), translation[-1], ClauseHistory(authoritative), authoritative[-1]
    )


def pending_between(
    ours: ClauseHistory, rev: Revision, theirs: ClauseHistory, source: Revision
) -> tuple[PendingClause, ...]:
    """The clauses of authoritative revision `source` pending in translated revision `rev`,
    their histories read from `theirs` and `ours` up to each (`pending_clauses`).

    The translated clause of an authoritative one is the one with its anchor, else the one with
    an anchor the authoritative clause had before a rename (that no authoritative clause of
    `source` has): the translation of a renamed clause that has not taken the new anchor."""
    present: dict[str, Clause] = {c.anchor: c for c in clauses_of(rev)}
    english = clauses_of(source)
    anchors = {c.anchor for c in english}
    theirs_last = theirs.last(source)
    found: list[PendingClause] = []
    before: str | None = None
    for clause in english:
        made = theirs_last.get(clause.anchor)
        own = present.get(clause.anchor)
        if own is None:
            own = next(
                (
                    present[name]
                    for name in theirs.former(source, clause.anchor)
                    if name in present and name not in anchors
                ),
                None,
            )
        if made is not None:
            first: Revision | None
            if own is None:
                # Never None: `made` is the clause's change as of `source` (`first_after`).
                first = theirs.first_after(source, clause.anchor, None)
            else:
                mine = ours.text_made(rev, own.anchor)
                first = _missed(theirs, source, clause, mine, made.revision)
            if first is not None:
                found.append(_pending(clause, first, theirs.before(first), source, own, before))
        if own is not None:
            before = own.anchor
    return tuple(found)


def _missed(
    theirs: ClauseHistory,
    source: Revision,
    clause: Clause,
    mine: Revision | None,
    made: Revision,
) -> Revision | None:
    """The first authoritative revision since which `clause` of `source` no longer has the text
    it had when the translated clause last changed (`mine`: the authoritative revision in force
    that day, by `release_day`), or None when it has that text again (unchanged, or a change
    reverted). Without that text to compare (no translated change, or the clause not in the
    authoritative text then), the rule by dates alone: pending when `made` is later."""
    if mine is None:
        # Never None: the clause has a change as of `source` (`made`'s).
        return theirs.first_after(source, clause.anchor, None)
    day = release_day(mine)
    if release_day(made) <= day:
        return None  # the clause's text now is the one in force that day (a quick answer)
    later = theirs.names(source, clause.anchor, day)  # newest first, down to that day's text
    caught: str | None = None  # the clause's digest in the text the translation caught up with
    if later and release_day(later[-1][0]) <= day:
        earlier, name = later.pop()
        then = clause_of(earlier, name)
        caught = then.digest if then is not None else None
    if caught is None:
        # Never None: `made` itself is a change of the clause released after `mine`'s day.
        return theirs.first_after(source, clause.anchor, mine)
    if caught == clause.digest:
        return None
    # The change after the last text equal to the one translated (a reverted change is not it).
    for newer, (earlier, name) in zip(later, later[1:], strict=False):
        then = clause_of(earlier, name)
        if then is not None and then.digest == caught:
            return newer[0]
    return later[-1][0] if later else made


def _pending(
    clause: Clause,
    changed: Revision,
    base: Revision | None,
    source: Revision,
    own: Clause | None,
    before: str | None,
) -> PendingClause:
    return PendingClause(
        anchor=clause.anchor,
        heading=clause.heading,
        level=clause.level,
        missing=own is None,
        changed=changed,
        base=base,
        source=source,
        line=clause.line,
        translated_line=own.line if own is not None else None,
        translated_anchor=own.anchor if own is not None else None,
        after=before,
    )


def line_for(translation: Revision, pending: PendingClause) -> int:
    """Where a pending clause is in the translation's file: its heading's line, or, for a
    missing clause, where it belongs: the heading of the clause after the one it follows (the
    first clause's heading when none precedes it), else the file's last line."""
    if pending.translated_line is not None:
        return pending.translated_line
    present = clauses_of(translation)
    last = translation.body_line + max(len(translation.body.splitlines()) - 1, 0)
    if pending.after is None:
        return present[0].line if present else last
    anchors = [c.anchor for c in present]
    index = anchors.index(pending.after) if pending.after in anchors else len(present)
    return present[index + 1].line if index + 1 < len(present) else last


def pending_clause_problems(history: History) -> list[Problem]:
    """Problems for `redline check` (and so `redline release`) with a draft in either locale:
    each clause the next release would leave pending in a translation, at its line in the
    translation's file (its heading, or where a missing clause belongs).

    As for a whole file left behind (`notice.pending_notice_problems`), a clause the draft
    changes is a warning until it is translated or the authoritative draft gives that locale's
    readers a notice (`notice: {en: ..., th: ...}`, shown in the banner of its pages),
    which is asked for once per translation. A clause pending since a release is reported
    without failing `--strict` (`PENDING`): the next release does not make it so.
    """
    problems: list[Problem] = []
    default = history.default_locale
    behind = {(b.revision.doc, b.locale) for b in left_behind(history) if b.revision.is_draft}
    for (doc, locale), translation in sorted(history.documents.items()):
        source = history.get(doc, default)
        if locale == default or source is None or not translation.revisions:
            continue
        if not source.revisions or not (
            translation.revisions[-1].is_draft or source.revisions[-1].is_draft
        ):
            continue
        if translation.withdrawn is not None and not translation.revisions[-1].is_draft:
            continue
        rev, english = translation.revisions[-1], source.revisions[-1]
        told = english.is_draft and english.notice_for(locale) is not None
        # One index per locale answers as of the drafts and as of the released texts.
        ours, theirs = ClauseHistory(translation.revisions), ClauseHistory(source.revisions)
        found = pending_between(ours, rev, theirs, english)
        # Pending already between the released texts: the next release does not make it so.
        # (Not `changed.is_draft`: the date told is the first English change the translation
        # missed, which can be a release when the draft is the translation's.)
        was = [r for r in translation.revisions if not r.is_draft]
        then = [r for r in source.revisions if not r.is_draft]
        released = (
            {c.anchor for c in pending_between(ours, was[-1], theirs, then[-1])}
            if was and then
            else set()
        )
        for clause in found:
            where = f"{rev.path}:{line_for(rev, clause)}"
            if clause.anchor in released:
                problems.append(Problem(where, _message(clause, locale), PENDING))
            elif not told:
                problems.append(Problem(where, _message(clause, locale), "warning"))
        drafted = [c for c in found if c.anchor not in released]
        # A translation left behind as a whole is asked for the same notice already.
        if drafted and not told and (doc, locale) not in behind:
            names = ", ".join(f"#{c.anchor}" for c in drafted)
            problems.append(
                Problem(
                    f"{english.path}:{_notice_line(english.source)}",
                    f"this release leaves {len(drafted)} clause(s) of the '{locale}' translation "
                    f"pending ({names}), and its readers are told of it only by a note at each; "
                    f"give them the notice of this revision in '{locale}': "
                    f"notice: {{{english.locale}: ..., {locale}: ...}}",
                    "warning",
                )
            )
    return problems


def _message(clause: PendingClause, locale: str) -> str:
    where = f"{clause.source.path}:{clause.line}"
    heading = shown(clause.heading)
    # Every pending clause says since when: a draft's change by its effective date.
    since = f" (pending since {clause.changed.date.isoformat()})"
    if clause.missing:
        return (
            f"clause #{clause.anchor} ('{heading}', {where}) is not in the '{locale}' "
            f"translation{since}: its readers are shown it in '{clause.source.locale}', marked "
            f"as not yet translated; translate it here (same anchor {{#{clause.anchor}}})"
        )
    if clause.translated_anchor != clause.anchor:
        return (
            f"clause #{clause.anchor} ('{heading}', {where}) changed in "
            f"'{clause.source.locale}' after its '{locale}' translation last did{since}, and was "
            f"renamed from #{clause.translated_anchor}; its readers are told the translation is "
            f"pending; translate the change here and give it the new anchor {{#{clause.anchor}}}"
        )
    return (
        f"clause #{clause.anchor} ('{heading}', {where}) changed in '{clause.source.locale}' "
        f"after its '{locale}' translation last did{since}; its readers are told the "
        "translation is pending; translate the change here"
    )
