"""The policy history as frozen data: releases, revisions, each document's history, problems.

A release is an annotated tag `<prefix>YYYY-MM-DD`; a revision of a document in a locale is a
release at which that file's blob differs from the previous release (or first appears).
Reading it from git is `repository`; what is in force on a date is the Timeline's question.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field

from redline.errors import RedlineError

#: The URL segment of a draft revision (its slug; `urls` builds addresses with it).
DRAFT = "draft"

LINK_REFUSED = (
    "a symbolic link, which is never followed (policy text must be in the repository); "
    "replace the link with the file or folder itself"
)


#: Refusal of an entry of the policy folder that is not a policy file.
NOT_A_POLICY_FILE = "not a policy file; rename it (policies are files named <name>.md)"


class HistoryError(RedlineError):
    """The repository cannot be read as a policy history; the message says how to fix it."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the repository, located by file and line or by tag."""

    where: str  # "policy/en/x.md:3" or "tag policy/2023-07-03" or "policy/en"
    message: str
    # "error" | "warning", or a warning reported apart that never fails `--strict`:
    # releases.RELEASED (about a released tag), translation.PENDING (a clause left pending by
    # a release), check.UNRELEASED (nothing released yet)
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True)
class Release:
    """An annotated release tag: its date is the revision date, its message the summary."""

    tag: str
    date: datetime.date
    summary: str
    commit: str
    # Whether the tag carries a PGP or SSH signature (checked by git, not here).
    signed: bool = False
    # Per-locale notices from `notice[<locale>]: ...` lines of the tag message: what a release
    # that withdraws a document tells the readers of each locale (the file is gone, so no front
    # matter can; README "Withdrawing a document").
    notices: tuple[tuple[str, str], ...] = ()

    def notice_for(self, locale: str, default_locale: str) -> str | None:
        """The withdrawal notice for readers of `locale`: its `notice[locale]:` line, else
        the summary for the authoritative locale, else None (readers get the fallback)."""
        found = dict(self.notices).get(locale)
        if found is None and locale == default_locale:
            return self.summary or None
        return found


@dataclass(frozen=True)
class Revision:
    """One document in one locale as released (or, with `release` None, as drafted)."""

    doc: str
    locale: str
    path: str
    release: Release | None
    blob: str
    source: str  # the whole file's text (frontmatter.decode), front matter included
    title: str
    effective: datetime.date
    notice: str | None
    body: str
    body_line: int
    sha256: str
    # Notices for the readers of other locales, from `notice: {en: ..., th: ...}`: what an
    # authoritative revision tells the locales whose translation it leaves behind.
    notices: tuple[tuple[str, str], ...] = ()

    def notice_for(self, locale: str) -> str | None:
        """The notice of this revision for readers of `locale` (its own notice in its own)."""
        if locale == self.locale:
            return self.notice
        return dict(self.notices).get(locale)

    @property
    def date(self) -> datetime.date:
        """The revision date (the release's; a draft's is its effective date)."""
        return self.release.date if self.release else self.effective

    @property
    def is_draft(self) -> bool:
        """True for the working tree's unreleased text."""
        return self.release is None

    @property
    def slug(self) -> str:
        """The URL segment of this revision: its ISO date, or `draft`."""
        return DRAFT if self.release is None else self.release.date.isoformat()


@dataclass(frozen=True)
class DocumentHistory:
    """Every revision of one document in one locale, oldest first.

    Plain data: what is in force, upcoming or lagging on a date is the Timeline's question.
    """

    doc: str
    locale: str
    revisions: tuple[Revision, ...]
    withdrawn: Release | None = None  # the release at which the file was deleted

    def by_slug(self, slug: str) -> Revision | None:
        """The revision whose URL segment is `slug`."""
        return self._slugs.get(slug)

    def released_by(self, day: datetime.date) -> Revision | None:
        """The newest released revision released on or before `day` (whatever its effective
        date)."""
        released, days = self._released
        at = bisect.bisect_right(days, day)
        return released[at - 1] if at else None

    @functools.cached_property
    def _released(self) -> tuple[tuple[Revision, ...], list[datetime.date]]:
        # The released revisions (oldest first) and their dates, for `bisect`.
        released = tuple(r for r in self.revisions if r.release)
        return released, [r.date for r in released]

    @functools.cached_property
    def _slugs(self) -> dict[str, Revision]:
        # Asked for every page's language switch: a dict, not a scan (not a field: no effect
        # on equality or hash).
        return {r.slug: r for r in self.revisions}


@dataclass(frozen=True)
class History:
    """All releases and, per (document, locale), the document's revisions."""

    releases: tuple[Release, ...]
    documents: Mapping[tuple[str, str], DocumentHistory]
    locales: tuple[str, ...]
    problems: tuple[Problem, ...] = field(default=())

    @property
    def default_locale(self) -> str:
        """The authoritative locale (the first configured)."""
        return self.locales[0]

    def docs(self) -> tuple[str, ...]:
        """Document names, in a stable order (the authoritative locale's first)."""
        names: dict[str, None] = {}  # an ordered set
        for locale in self.locales:
            for doc, lc in sorted(self.documents):
                if lc == locale:
                    names.setdefault(doc)
        return tuple(names)

    def get(self, doc: str, locale: str) -> DocumentHistory | None:
        """The history of `doc` in `locale`, if it exists."""
        return self.documents.get((doc, locale))

    def errors(self) -> tuple[Problem, ...]:
        """The problems of severity `error`."""
        return tuple(p for p in self.problems if p.severity == "error")


def shown(path: str) -> str:
    """`path` printable on one line: undecodable bytes and control characters escaped.

    File names are any bytes but `/` and NUL; a problem naming one must still print.
    """
    try:
        raw = path.encode("utf-8", "surrogateescape")  # os's names carry bytes this way
    except UnicodeEncodeError:
        raw = path.encode("utf-8", "backslashreplace")
    text = raw.decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


def blob_id(data: bytes) -> str:
    """The git blob id of `data` (what `git hash-object` prints), without running git."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
