"""The Timeline: the history seen on one date answers every status question, and only it."""

from __future__ import annotations

import dataclasses

import pytest

from redline.model.history import DocumentHistory, History
from redline.model.notice import notice_text
from redline.model.timeline import STATUSES, Timeline
from tests.support.model import day, history, revision

EN1 = revision("privacy", "en", "2020-01-01", notice="First.")
EN2 = revision("privacy", "en", "2020-06-01", effective="2020-07-01", notice="Second.")
EN3 = revision("privacy", "en", "2022-01-01", notice="Third.")
TH1 = revision("privacy", "th", "2020-01-01", notice="แรก")
TH2 = revision("privacy", "th", "2020-08-01")


def on(date: str, h: History | None = None, recent_days: int = 30) -> Timeline:
    return Timeline(h or history(EN1, EN2, EN3, TH1, TH2), day(date), recent_days)


# -- in force, upcoming, status -----------------------------------------------------------------


def test_the_text_in_force_is_the_newest_released_and_effective_revision():
    assert on("2019-12-31").in_force("privacy", "en") is None
    assert on("2020-01-01").in_force("privacy", "en") is EN1
    # released on 2020-06-01, effective on 2020-07-01: the first stays in force until then
    assert on("2020-06-30").in_force("privacy", "en") is EN1
    assert on("2020-07-01").in_force("privacy", "en") is EN2
    assert on("2024-01-01").in_force("privacy", "en") is EN3
    assert on("2024-01-01").in_force("cookies", "en") is None  # no such document


def test_an_upcoming_revision_is_newer_than_the_text_in_force_and_not_yet_effective():
    h = history(EN1, EN2)
    assert on("2020-06-15", h).upcoming("privacy", "en") == (EN2,)
    assert on("2020-07-01", h).upcoming("privacy", "en") == ()
    assert on("2020-06-15", h).upcoming("cookies", "en") == ()
    # A site built as of a past date lists the releases made after it as upcoming too (as it
    # always has; `recent` and `lagging` do not look past the date).
    assert on("2020-07-01").upcoming("privacy", "en") == (EN3,)


@pytest.mark.parametrize(
    ("date", "statuses"),
    [
        ("2020-06-15", ["in-force", "upcoming", "upcoming"]),
        ("2020-07-01", ["archived", "in-force", "upcoming"]),
        ("2024-01-01", ["archived", "archived", "in-force"]),
    ],
)
def test_every_revision_has_one_status_on_a_date(date, statuses):
    timeline = on(date)
    assert [timeline.status(r) for r in (EN1, EN2, EN3)] == statuses


def test_a_withdrawn_document_has_nothing_in_force_and_its_last_revision_is_withdrawn():
    h = history(EN1, TH1, TH2, withdrawn={("privacy", "th"): "2021-01-01"})
    before = on("2020-12-31", h)
    assert before.in_force("privacy", "th") is TH2
    after = on("2021-01-01", h)
    assert after.in_force("privacy", "th") is None
    assert [after.status(TH1), after.status(TH2)] == ["archived", "withdrawn"]


def test_a_draft_is_a_draft_and_never_in_force():
    draft = revision("privacy", "en", None, effective="2024-01-01", body="Draft.\n")
    timeline = on("2024-01-01", history(EN1, draft))
    assert timeline.status(draft) == "draft"
    assert timeline.in_force("privacy", "en") is EN1
    assert timeline.previous(draft) is EN1
    assert timeline.next(EN1) is None  # the released neighbour: a draft is not one
    assert set(STATUSES) == {"in-force", "upcoming", "archived", "withdrawn", "draft"}


def test_previous_and_next_are_the_neighbours_in_the_same_document_and_locale():
    timeline = on("2024-01-01")
    assert [timeline.previous(r) for r in (EN1, EN2, EN3)] == [None, EN1, EN2]
    assert [timeline.next(r) for r in (EN1, EN2, EN3)] == [EN2, EN3, None]
    assert timeline.previous(TH2) is TH1


# -- lagging translations -----------------------------------------------------------------------


def test_a_translation_lags_while_english_has_moved_on():
    h = history(EN1, EN2, TH1)
    # English revised on 2020-06-01 but effective on 2020-07-01: no lag before it takes effect
    assert on("2020-06-30", h).lagging(TH1) is None
    assert on("2020-07-01", h).lagging(TH1) is EN2
    assert on("2020-07-01", h).lagging(EN1) is None  # the authoritative text never lags


def test_a_superseded_translation_lags_what_english_had_become_before_its_successor():
    timeline = on("2024-01-01")
    # TH1 was the Thai text until 2020-07-31; English 2020-06-01 took effect on 2020-07-01.
    assert timeline.lagging(TH1) is EN2
    # TH2 is in force; English 2022-01-01 moved on after it.
    assert timeline.lagging(TH2) is EN3


def test_a_translation_withdrawn_before_english_moved_on_never_lags():
    """Issue 11: Thai withdrawn in 2021, English revised in 2022."""
    h = history(EN1, EN3, TH1, withdrawn={("privacy", "th"): "2021-01-01"})
    timeline = on("2024-01-01", h)
    assert timeline.status(TH1) == "withdrawn"
    assert timeline.lagging(TH1) is None
    # Withdrawn after English moved on: it lagged while it stood.
    late = history(EN1, EN3, TH1, withdrawn={("privacy", "th"): "2023-01-01"})
    assert on("2024-01-01", late).lagging(TH1) is EN3


def test_lag_is_never_judged_after_the_as_of_date():
    # As of 2020-03-01 neither English 2020-06-01 nor Thai 2020-08-01 existed yet.
    timeline = on("2020-03-01")
    assert timeline.lagging(TH1) is None
    assert timeline.lagging(None) is None


def test_a_draft_translation_does_not_lag():
    draft = revision("privacy", "th", None, effective="2024-01-01")
    assert on("2024-01-01", history(EN1, EN3, TH1, draft)).lagging(draft) is None


# -- notices --------------------------------------------------------------------------------------


def test_notices_are_released_revisions_newest_first_then_by_document():
    cookies = revision("cookies", "en", "2022-01-01")
    draft = revision("privacy", "en", None, effective="2024-01-01")
    timeline = on("2024-01-01", history(EN1, EN2, EN3, cookies, draft))
    found = timeline.notices("en")
    assert [(n.doc, n.date.isoformat()) for n in found] == [
        ("cookies", "2022-01-01"),
        ("privacy", "2022-01-01"),
        ("privacy", "2020-06-01"),
        ("privacy", "2020-01-01"),
    ]
    assert found[1].previous is EN2 and found[-1].previous is None
    assert timeline.notices("th") == ()


def test_recent_is_what_took_effect_in_the_window_up_to_the_date():
    # EN2 released 2020-06-01, effective 2020-07-01: recent from its effective date
    assert [n.revision for n in on("2020-06-15").recent("en")] == []
    assert [n.revision for n in on("2020-07-01").recent("en")] == [EN2]
    assert on("2020-07-01").is_recent(EN2) and not on("2020-07-01").is_recent(EN1)
    assert [n.revision for n in on("2020-07-30").recent("en")] == [EN2]
    assert [n.revision for n in on("2020-07-31").recent("en")] == []  # (as_of - 30, as_of]
    assert on("2020-07-01", recent_days=0).recent("en") == ()
    assert not on("2020-07-01").is_recent(None)


def test_a_revision_released_after_the_date_is_not_announced():
    early = revision("terms", "en", "2021-03-01", effective="2021-02-01")
    assert on("2021-02-15", history(early)).recent("en") == ()
    assert [n.revision for n in on("2021-03-01", history(early)).recent("en")] == [early]


def test_the_notice_falls_back_to_a_localized_revised_on():
    def thai(message: str) -> str:
        return {"This policy was revised on %(date)s.": "แก้ไขเมื่อ %(date)s"}.get(message, message)

    assert notice_text(EN1, str, lambda d: d.isoformat()) == "First."
    assert notice_text(TH2, thai, lambda d: f"{d.day}/{d.month}/{d.year + 543}") == (
        "แก้ไขเมื่อ 1/8/2563"
    )


def test_the_model_stays_plain_data():
    """Answers are the Timeline's: the history's documents carry no memo and no date."""
    names = {f.name for f in dataclasses.fields(DocumentHistory)}
    assert names == {"doc", "locale", "revisions", "withdrawn"}
    h = history(EN1, TH1)
    on("2024-01-01", h)
    assert h == history(EN1, TH1)
