"""The Timeline's rules: marks, periods in force, what applied on a day, and the notices that reach
a translation's readers while it lags (and stay after it catches up)."""

from __future__ import annotations

import datetime

import pytest

from redline.model.history import DocumentHistory, History, Release, Revision
from redline.model.notice import left_behind
from redline.model.timeline import Period, Timeline

D = datetime.date


def release(day: str) -> Release:
    return Release(tag=f"policy/{day}", date=D.fromisoformat(day), summary="", commit=day * 2)


def rev(
    locale: str,
    day: str,
    *,
    doc: str = "privacy",
    effective: str | None = None,
    notice: str | None = None,
    notices: dict[str, str] | None = None,
    draft: bool = False,
) -> Revision:
    released = None if draft else release(day)
    return Revision(
        doc=doc,
        locale=locale,
        path=f"policy/{locale}/{doc}.md",
        release=released,
        blob=f"{locale}{day}{doc}",
        source="",
        title={"en": "Privacy Policy", "th": "นโยบายความเป็นส่วนตัว"}[locale],
        effective=D.fromisoformat(effective or day),
        notice=notice,
        body=f"{locale} {day}",
        body_line=1,
        sha256="",
        notices=tuple(sorted((notices or {}).items())),
    )


def history(*docs: DocumentHistory) -> History:
    days = sorted({r.release.date for d in docs for r in d.revisions if r.release})
    releases = tuple(release(day.isoformat()) for day in days)
    return History(releases, {(d.doc, d.locale): d for d in docs}, ("en", "th"))


# The sample's shape: English revised in 2017, 2017 (with the first Thai text), 2022 (English
# only, effective the next day, with a Thai notice) and 2023 (both).
EN = DocumentHistory(
    "privacy",
    "en",
    (
        rev("en", "2017-02-12", notice="First."),
        rev("en", "2017-07-28", notice="Reporters."),
        rev(
            "en",
            "2022-03-31",
            effective="2022-04-01",
            notice="A new right.",
            notices={"th": "สิทธิใหม่"},
        ),
        rev("en", "2023-07-03", notice="Connect.C."),
    ),
)
TH = DocumentHistory(
    "privacy",
    "th",
    (rev("th", "2017-07-28", notice="ฉบับแรก"), rev("th", "2023-07-03", notice="ปรับปรุง")),
)
SAMPLE = history(EN, TH)
# Released up to 2022-03-31 only: the Thai text lags.
LAGGING = history(
    DocumentHistory("privacy", "en", EN.revisions[:3]),
    DocumentHistory("privacy", "th", TH.revisions[:1]),
)


def by_day(document: DocumentHistory) -> dict[str, Revision]:
    return {r.slug: r for r in document.revisions}


en, th = by_day(EN), by_day(TH)


# -- marks --------------------------------------------------------------------------------------


def test_a_lagging_translation_in_force_is_marked_pending_never_plainly_in_force() -> None:
    lagging = Timeline(SAMPLE, D(2022, 6, 1))
    assert lagging.status(th["2017-07-28"]) == "in-force"
    assert lagging.mark(th["2017-07-28"]) == "pending"
    assert lagging.mark(en["2022-03-31"]) == "in-force"
    assert lagging.mark(th["2023-07-03"]) == "upcoming"
    caught_up = Timeline(SAMPLE, D(2024, 1, 1))
    assert caught_up.mark(th["2023-07-03"]) == "in-force"
    assert caught_up.mark(th["2017-07-28"]) == "archived"


def test_an_upcoming_english_revision_does_not_mark_the_translation_pending_yet() -> None:
    # 2022-03-31 takes effect on 2022-04-01: on the day of its release Thai does not lag yet.
    assert Timeline(SAMPLE, D(2022, 3, 31)).mark(th["2017-07-28"]) == "in-force"
    assert Timeline(SAMPLE, D(2022, 4, 1)).mark(th["2017-07-28"]) == "pending"


# -- notices for lagging locales -----------------------------------------------------------------


def test_an_english_only_revision_is_a_dated_entry_for_thai_readers_in_thai() -> None:
    timeline = Timeline(LAGGING, D(2022, 6, 1))
    thai = timeline.notices("th")
    assert [(n.date.isoformat(), n.revision.locale) for n in thai] == [
        ("2022-03-31", "en"),
        ("2017-07-28", "th"),
    ]
    entry = thai[0]
    assert entry.pending and entry.locale == "th"
    assert entry.text == "สิทธิใหม่" and not entry.fallback  # the notice given for Thai readers
    assert entry.previous is en["2017-07-28"]  # its redline is the English one-step redline
    assert entry.translation is th["2017-07-28"]
    assert entry.updated is None  # pending
    assert timeline.pending(th["2017-07-28"]) == (entry,)
    # English readers see the revision once, as their own.
    assert [n.pending for n in timeline.notices("en")] == [False] * 3


def test_the_entry_stays_after_the_translation_catches_up_marked_with_that_day() -> None:
    timeline = Timeline(SAMPLE, D(2025, 1, 1))
    thai = timeline.notices("th")
    assert [(n.date.isoformat(), n.revision.locale) for n in thai] == [
        ("2023-07-03", "th"),
        ("2022-03-31", "en"),
        ("2017-07-28", "th"),
    ]
    assert thai[1].updated is th["2023-07-03"]
    # The archived Thai text keeps its history: the English revision that came meanwhile.
    assert timeline.pending(th["2017-07-28"]) == (thai[1],)
    assert timeline.pending(th["2023-07-03"]) == ()


def test_no_entry_before_the_translation_exists_nor_for_a_release_that_changes_both() -> None:
    behind = left_behind(SAMPLE)
    # 2017-02-12: no Thai text yet; 2017-07-28 and 2023-07-03: Thai changed too.
    assert [(b.revision.slug, b.locale) for b in behind] == [("2022-03-31", "th")]


def test_no_entry_after_the_translation_was_withdrawn() -> None:
    withdrawn = DocumentHistory("privacy", "th", TH.revisions[:1], release("2020-01-01"))
    assert left_behind(history(EN, withdrawn)) == []


def test_a_draft_that_leaves_the_translation_behind_is_found_but_never_announced() -> None:
    draft = rev("en", "2024-02-01", draft=True)
    drafted = history(DocumentHistory("privacy", "en", (*EN.revisions, draft)), TH)
    assert [b.revision for b in left_behind(drafted)][-1] is draft
    timeline = Timeline(drafted, D(2025, 1, 1))
    assert all(not n.revision.is_draft for n in timeline.notices("th"))
    # A Thai draft beside it: both change, nothing is left behind.
    thai_draft = rev("th", "2024-02-01", draft=True)
    both = history(
        drafted.documents[("privacy", "en")],
        DocumentHistory("privacy", "th", (*TH.revisions, thai_draft)),
    )
    assert draft not in [b.revision for b in left_behind(both)]


def test_notices_of_one_document_and_between_two_revisions() -> None:
    cookies = DocumentHistory("cookies", "th", (rev("th", "2022-08-24", doc="cookies"),))
    timeline = Timeline(history(EN, TH, cookies), D(2025, 1, 1))
    assert {n.doc for n in timeline.notices("th")} == {"privacy", "cookies"}
    assert {n.doc for n in timeline.notices("th", "privacy")} == {"privacy"}
    # The Thai redline 2017-07-28...2023-07-03 spans the English revision of 2022-03-31.
    between = timeline.between(th["2017-07-28"], th["2023-07-03"])
    assert [(n.date.isoformat(), n.revision.locale) for n in between] == [
        ("2023-07-03", "th"),
        ("2022-03-31", "en"),
    ]
    assert timeline.between(en["2017-02-12"], en["2017-07-28"])[0].revision is en["2017-07-28"]
    assert len(timeline.between(en["2017-02-12"], en["2023-07-03"])) == 3


# -- periods in force -----------------------------------------------------------------------------


def test_each_revision_is_in_force_from_its_effective_day_to_the_day_before_the_next() -> None:
    timeline = Timeline(SAMPLE, D(2025, 1, 1))
    assert timeline.period(en["2017-02-12"]) == Period(D(2017, 2, 12), D(2017, 7, 27))
    assert timeline.period(en["2017-07-28"]) == Period(D(2017, 7, 28), D(2022, 3, 31))
    assert timeline.period(en["2022-03-31"]) == Period(D(2022, 4, 1), D(2023, 7, 2))
    assert timeline.period(en["2023-07-03"]) == Period(D(2023, 7, 3), None)
    assert timeline.period(th["2017-07-28"]) == Period(D(2017, 7, 28), D(2023, 7, 2))


def test_a_revision_replaced_before_it_took_effect_was_never_in_force() -> None:
    document = DocumentHistory(
        "privacy",
        "en",
        (
            rev("en", "2020-01-01"),
            rev("en", "2020-02-01", effective="2020-06-01"),
            rev("en", "2020-03-01"),
        ),
    )
    timeline = Timeline(history(document), D(2021, 1, 1))
    first, replaced, last = document.revisions
    assert timeline.period(replaced) is None
    assert timeline.period(first) == Period(D(2020, 1, 1), D(2020, 2, 29))
    assert timeline.period(last) == Period(D(2020, 3, 1), None)


def test_withdrawal_ends_the_last_period_and_an_upcoming_revision_starts_on_its_day() -> None:
    withdrawn = DocumentHistory("privacy", "en", EN.revisions[:2], release("2020-01-01"))
    timeline = Timeline(history(withdrawn), D(2021, 1, 1))
    assert timeline.period(withdrawn.revisions[-1]) == Period(D(2017, 7, 28), D(2019, 12, 31))
    early = Timeline(SAMPLE, D(2022, 3, 31))
    assert early.status(en["2022-03-31"]) == "upcoming"
    assert early.period(en["2022-03-31"]) == Period(D(2022, 4, 1), D(2023, 7, 2))
    assert early.period(rev("en", "2030-01-01", draft=True)) is None


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2017-02-11", None),  # before the first revision
        ("2017-02-12", "2017-02-12"),
        ("2019-05-15", "2017-07-28"),
        ("2022-03-31", "2017-07-28"),  # released, not yet effective
        ("2022-04-01", "2022-03-31"),
        ("2099-01-01", "2023-07-03"),
    ],
)
def test_what_applied_on_a_day(day: str, expected: str | None) -> None:
    timeline = Timeline(SAMPLE, D(2025, 1, 1))
    found = timeline.applied_on("privacy", "en", D.fromisoformat(day))
    assert (found.slug if found else None) == expected
    if found is not None:
        period = timeline.period(found)
        assert period is not None and D.fromisoformat(day) in period
