"""What a published `revisions.json` promises, and what a new build may not change of it.

Published facts about past days never change (docs/ARCHITECTURE.md, The record): the published
index was built as of its `generated_as_of` day, so a new build may not change what it said
about any day before that one. `redline verify` (`cli/verify.py`) reads both indexes here and
compares them.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Any

from .reading import VerifyError

_CHECKSUMS = ("sha256", "blob")


@dataclass(frozen=True)
class PublishedRevision:
    """What `revisions.json` promises about one revision: where it is and what it hashes to."""

    document: str
    locale: str
    date: str
    sha256: str
    blob: str
    tag: str
    commit: str
    summary: str | None = None  # the release summary (indexes before it was published: None)
    rendered: str | None = None  # `rendered_sha256` (indexes before it was published: None)
    effective: str | None = None  # None: not in the index
    # (in_force_from, in_force_until), each None when null; None: not in the index
    period: tuple[str | None, str | None] | None = None

    @property
    def where(self) -> str:
        """`<locale>/<document> <date>`, as the site's URL reads."""
        return f"{self.locale}/{self.document} {self.date}"


def parse_index(text: str, source: str) -> dict[tuple[str, str, str], PublishedRevision]:
    """The revisions of a `revisions.json`, keyed by (document, locale, date).

    Raises VerifyError naming `source` and the first thing that is not as Redline writes it.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise VerifyError(
            f"{source}: not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except (RecursionError, ValueError):  # nested past the recursion limit; 4300+ digit numbers
        raise VerifyError(
            f"{source}: not an index Redline writes (too deep or too large)"
        ) from None
    documents = _field(data, "documents", list, source, "the index")
    found: dict[tuple[str, str, str], PublishedRevision] = {}
    for i, document in enumerate(documents):
        at = f"documents[{i}]"
        name = _field(document, "document", str, source, at)
        locale = _field(document, "locale", str, source, at)
        for j, rev in enumerate(_field(document, "revisions", list, source, at)):
            where = f"{at}.revisions[{j}]"
            revision = PublishedRevision(
                document=name,
                locale=locale,
                date=_field(rev, "date", str, source, where),
                sha256=_field(rev, "sha256", str, source, where),
                blob=_field(rev, "blob", str, source, where),
                tag=_field(rev, "tag", str, source, where),
                commit=_field(rev, "commit", str, source, where),
                summary=rev.get("summary") if isinstance(rev.get("summary"), str) else None,
                rendered=_optional(rev, "rendered_sha256"),
                effective=_optional(rev, "effective"),
                period=(
                    (_optional(rev, "in_force_from"), _optional(rev, "in_force_until"))
                    if "in_force_from" in rev and "in_force_until" in rev
                    else None
                ),
            )
            found[(name, locale, revision.date)] = revision
    return found


def generated_as_of(text: str) -> str | None:
    """The day an index was true as of (`generated_as_of`; parse_index read it first: it is
    JSON), or None when it does not say."""
    day = json.loads(text).get("generated_as_of")
    return day if isinstance(day, str) else None


def _optional(rev: dict[str, Any], key: str) -> str | None:
    value = rev.get(key)
    return value if isinstance(value, str) else None


def _field(obj: Any, key: str, kind: type, source: str, where: str) -> Any:
    if not isinstance(obj, dict):
        raise VerifyError(f"{source}: {where} is not an object; is this Redline's revisions.json?")
    value = obj.get(key)
    if not isinstance(value, kind):
        what = "no" if value is None else f"a {type(value).__name__} for"
        raise VerifyError(
            f"{source}: {where} has {what} '{key}' (expected a {kind.__name__}); "
            "is this Redline's revisions.json?"
        )
    return value


def compare(
    published: dict[tuple[str, str, str], PublishedRevision],
    built: dict[tuple[str, str, str], PublishedRevision],
    as_of: str | None = None,
) -> list[str]:
    """One line per published revision that changed or is missing from `built`, and per change
    of a fact about a day before `as_of`, the published index's as-of day: a new revision dated
    before it or on or before the newest published revision, a new revision effective before
    it, a published revision's effective date, its `in_force_from` or `in_force_until` moved
    across a day before it.

    The as-of day itself is still open: a release made later that day is known on that day
    (a daily scheduled build publishes as of today before anyone releases)."""
    newest = max((old.date for old in published.values()), default="")
    known = max(newest, as_of or "")  # ISO dates compare as strings
    # The new releases that may have caused a change, for the advice.
    culprits = sorted(
        {
            rev.tag
            for key, rev in built.items()
            if key not in published and (rev.date < known or (rev.effective or "~") < known)
        }
    )
    undo = (
        "delete the release that did it ("
        + "; ".join(f"git tag -d {t}; git push origin :refs/tags/{t}" for t in culprits)
        + f") and release the change with today's date, effective on {known} or later"
        if culprits
        else "restore the published release tags"
    )
    problems = []
    for key, old in sorted(published.items()):
        restore = (
            f"restore tag {old.tag} at commit {old.commit[:12]} "
            f"(git tag -f -a {old.tag} {old.commit[:12]})"
        )
        new = built.get(key)
        if new is None:
            problems.append(
                f"{old.where}: error: the published revision is missing from the new build "
                f"(tag {old.tag} deleted or moved?); {restore}"
            )
            continue
        changed = [
            f"{name} {getattr(old, name)[:12]} is now {getattr(new, name)[:12]}"
            for name in _CHECKSUMS
            if getattr(old, name) != getattr(new, name)
        ]
        if new.tag != old.tag:
            changed.append(f"it is now released by tag {new.tag}")
        if new.commit != old.commit:
            changed.append(f"the tag moved to commit {new.commit[:12]}")
        if old.summary is not None and new.summary is not None and new.summary != old.summary:
            changed.append("the release summary was rewritten")
        if None not in (old.effective, new.effective) and new.effective != old.effective:
            changed.append(f"effective {old.effective} is now {new.effective}")
        if changed:
            problems.append(
                f"{old.where}: error: the published release changed ({', '.join(changed)}); "
                f"{restore}"
            )
            continue
        moved = _moved(old.period, new.period, known)
        if moved:
            problems.append(
                f"{old.where}: error: what was published about days before {known} changed "
                f"({moved}); {undo}"
            )
    for key, rev in sorted(built.items()):
        if key in published:
            continue
        delete = (
            f"delete tag {rev.tag} (git tag -d {rev.tag}; git push origin :refs/tags/{rev.tag})"
        )
        if rev.date <= newest or rev.date < known:
            problems.append(
                f"{rev.where}: error: a new revision dated before the published index's day "
                f"({known}) or on or before its newest revision ({newest}) would change what "
                f"was in force on published days; {delete} and release the change with "
                "today's date"
            )
        elif rev.effective is not None and rev.effective < known:
            problems.append(
                f"{rev.where}: error: a new revision effective {rev.effective}, before the "
                f"published index's day ({known}), would change what was in force on published "
                f"days; {delete} and release it effective on {known} or later"
            )
    return problems


def _moved(
    old: tuple[str | None, str | None] | None,
    new: tuple[str | None, str | None] | None,
    known: str,
) -> str:
    """How a published period changed on a day before `known`, or ''. A period runs from its
    first day through its last (null: never in force / still in force)."""
    if old is None or new is None:
        return ""
    found = []
    # `in_force_from` X to Y changes the days from the earlier one; `in_force_until` X to Y
    # the days after the earlier one.
    for name, before, after, shift in (
        ("in_force_from", old[0], new[0], 0),
        ("in_force_until", old[1], new[1], 1),
    ):
        if before == after:
            continue
        first = _next_day(min(before or "~", after or "~"), shift)
        if first is not None and first < known:
            found.append(f"{name} {before or 'null'} is now {after or 'null'}")
    return ", ".join(found)


def _next_day(day: str, days: int) -> str | None:
    """`day` (YYYY-MM-DD) plus `days`, or None for a day that is not a date (null: "~")."""
    try:
        return (datetime.date.fromisoformat(day) + datetime.timedelta(days=days)).isoformat()
    except (ValueError, OverflowError):
        return None
