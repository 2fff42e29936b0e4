"""A revision's dated change notice as readers are told it, in their locale, the translations an
authoritative revision leaves behind, and the rules a notice keeps (no MkDocs). The Timeline
says which notices a day shows; this is what each one is."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

from redline.text.catalogs import N_

from .history import History, Problem, Release, Revision

#: The gettext message shown for a revision whose locale has no notice of its own.
FALLBACK = N_("This policy was revised on %(date)s.")
#: The same for a withdrawal whose release message gives no notice for the locale.
WITHDRAWN = N_("This policy was withdrawn on %(date)s.")


@dataclass(frozen=True)
class Behind:
    """An authoritative revision released without its translation into `locale`.

    `before` is the translation that stood while it was the newest (the text readers of
    `locale` had); `after` the first later translation, which caught up (None while pending).
    """

    revision: Revision
    locale: str
    before: Revision
    after: Revision | None


@dataclass(frozen=True)
class Notice:
    """The change notice of one released revision, for the readers of one locale.

    A revision's own locale gets its notice; each locale whose translation the revision left
    behind gets an entry of its own (`pending`), in its own language, which stays after the
    translation catches up (`updated`). A release that deletes the document's file gives a
    notice too (`withdrawal`): its `revision` is then the last text, withdrawn on that date,
    and its text comes from the release message (`Release.notice_for`).
    """

    revision: Revision
    previous: Revision | None  # the revision this one replaced (None for the first)
    reader: str | None = None  # the readers' locale, when it is not the revision's own
    translation: Revision | None = None  # pending: the translation that stood meanwhile
    updated: Revision | None = None  # pending: the translation that caught up, if any yet
    withdrawal: Release | None = None  # the release that withdrew the document
    default_locale: str = ""  # withdrawals: whose readers get the release summary

    @property
    def doc(self) -> str:
        """The document's name."""
        return self.revision.doc

    @property
    def locale(self) -> str:
        """The locale whose readers get this notice."""
        return self.reader or self.revision.locale

    @property
    def pending(self) -> bool:
        """True for an authoritative revision announced to a translation's readers."""
        return self.locale != self.revision.locale

    @property
    def text(self) -> str | None:
        """The notice the revision's front matter (a withdrawal: the release message) gives for
        this locale, or None."""
        if self.withdrawal is not None:
            return self.withdrawal.notice_for(self.locale, self.default_locale)
        return self.revision.notice_for(self.locale)

    @property
    def fallback(self) -> bool:
        """True when the locale has no notice and readers get the localized fallback."""
        return self.text is None

    @property
    def title(self) -> str:
        """The document's title in this revision."""
        return self.revision.title

    @property
    def date(self) -> datetime.date:
        """The revision date (a withdrawal's: its release date)."""
        return self.withdrawal.date if self.withdrawal else self.revision.date

    @property
    def effective(self) -> datetime.date:
        """The date the revision (or the withdrawal) takes effect."""
        return self.withdrawal.date if self.withdrawal else self.revision.effective

    def shown(
        self, translate: Callable[[str], str], format_date: Callable[[datetime.date], str]
    ) -> str:
        """The notice as its readers see it: its text, or the localized fallback."""
        if self.withdrawal is None:
            return notice_text(self.revision, translate, format_date, self.locale)
        text = self.text
        return text if text is not None else translate(WITHDRAWN) % {"date": format_date(self.date)}


def notice_text(
    rev: Revision,
    translate: Callable[[str], str],
    format_date: Callable[[datetime.date], str],
    locale: str | None = None,
) -> str:
    """The notice of `rev` as readers of `locale` (default: its own) see it: the front matter's
    notice for them, or the localized "revised on"."""
    text = rev.notice_for(locale or rev.locale)
    if text is not None:
        return text
    return translate(FALLBACK) % {"date": format_date(rev.date)}


def left_behind(history: History) -> list[Behind]:
    """Every authoritative revision released (or drafted) without its translation, per locale.

    A translation is left behind when it existed before the revision and was not withdrawn by
    then, and the release (or, for a draft, the working tree) does not change it. A rule of
    the history alone, not of a date: `redline check` asks it of drafts too.
    """
    found: list[Behind] = []
    default = history.default_locale
    for (doc, locale), source in sorted(history.documents.items()):
        if locale != default:
            continue
        for other in history.locales[1:]:
            translation = history.get(doc, other)
            if translation is None:
                continue
            released = [r for r in translation.revisions if not r.is_draft]
            drafted = bool(translation.revisions) and translation.revisions[-1].is_draft
            for rev in source.revisions:
                if rev.is_draft:
                    if drafted or not released or translation.withdrawn:
                        continue
                    found.append(Behind(rev, other, released[-1], None))
                    continue
                if any(t.date == rev.date for t in released):
                    continue
                before = [t for t in released if t.date < rev.date]
                gone = translation.withdrawn
                if not before or (gone is not None and gone.date <= rev.date):
                    continue
                after = next((t for t in released if t.date > rev.date), None)
                found.append(Behind(rev, other, before[-1], after))
    return found


# -- the rules a notice keeps (reported by `redline check`) ------------------------------------

#: Longer notices get a warning: a notice is shown whole in a banner and in feed readers, so the
#: details belong in the policy text. The site still publishes (and escapes) a longer one.
NOTICE_LIMIT = 1000

# Characters a notice may not contain. XML 1.0 forbids the C0 controls other than tab, newline
# and carriage return, surrogates, U+FFFE and U+FFFF; the C1 controls and DEL are allowed but
# invisible and meaningless in a notice. Carriage returns never reach it: line ends are
# normalized to "\n" first.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_NOTICE_KEY = re.compile(r"""^(["']?)notice\1\s*:""")
_FENCE_LINE = re.compile(r"^---[ \t]*$")




def notice_problems(history: History) -> list[Problem]:
    """Problems with notices, for `redline check`: missing, stale, too long, control characters.

    Drafts are checked too (located by file only): they are the revisions that can still be
    fixed before `redline release`.
    """
    problems: list[Problem] = []
    for key in sorted(history.documents):
        revisions = history.documents[key].revisions
        for previous, rev in zip((None, *revisions), revisions, strict=False):
            problems.extend(_revision_problems(rev, previous, history.locales))
    problems.extend(pending_notice_problems(history))
    return problems


def pending_notice_problems(history: History) -> list[Problem]:
    """Warnings for authoritative revisions (drafts too) that leave a translation behind with
    no notice in its language: its readers would get only "This policy was revised on"."""
    problems = []
    for behind in left_behind(history):
        rev = behind.revision
        if rev.notice_for(behind.locale) is not None:
            continue
        prefix = f"tag {rev.release.tag}: " if rev.release else ""
        problems.append(
            Problem(
                f"{prefix}{rev.path}:{_notice_line(rev.source)}",
                f"the '{behind.locale}' translation is not updated with this revision, so its "
                f"readers are told of it in '{behind.locale}' with no notice but 'This policy "
                f"was revised on <date>.'; give the notice per locale: "
                f"notice: {{{rev.locale}: ..., {behind.locale}: ...}}",
                "warning",
            )
        )
    return problems


def _revision_problems(
    rev: Revision, previous: Revision | None, locales: tuple[str, ...]
) -> list[Problem]:
    prefix = f"tag {rev.release.tag}: " if rev.release else ""
    where = f"{prefix}{rev.path}:{_notice_line(rev.source)}"
    problems: list[Problem] = []
    for locale, text in rev.notices:
        if locale not in locales:
            problems.append(
                Problem(
                    where,
                    f"the notice for '{locale}' is shown nowhere: '{locale}' is not a configured "
                    f"locale ({', '.join(locales)}); check the key",
                    "warning",
                )
            )
        problems.extend(_text_problems(where, text, f"the notice for '{locale}'"))
    if rev.notice is None:
        return [
            *problems,
            Problem(
                f"{prefix}{rev.path}:2",
                f"no notice for this revision in '{rev.locale}': readers get only "
                f"'This policy was revised on <date>.'; add 'notice:' to the front matter",
                "warning",
            ),
        ]
    problems.extend(_text_problems(where, rev.notice, "the notice"))
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


def _text_problems(where: str, text: str, what: str) -> list[Problem]:
    problems = []
    # Line ends are normalized in the feed, so only what it would have to drop is reported.
    controls = sorted(set(CONTROL.findall(newlines(text))))
    if controls:
        names = ", ".join(f"U+{ord(c):04X}" for c in controls)
        problems.append(
            Problem(
                where,
                f"{what} contains control characters ({names}), which XML feeds cannot "
                "carry; remove them",
            )
        )
    if len(text) > NOTICE_LIMIT:
        problems.append(
            Problem(
                where,
                f"{what} is {len(text)} characters long; keep it under {NOTICE_LIMIT}: "
                "it is shown whole in banners and feed readers, the details belong in the policy",
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


def newlines(text: str) -> str:
    """`text` with every line end a plain newline."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
