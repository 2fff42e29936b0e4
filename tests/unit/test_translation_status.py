"""The rule of a translation's pending clauses (`model/translation.py`), asked of the Timeline:
missing or changed later in English; caught up by a translation released the same day or later;
a move is no change; renames followed; compared with the English text in force on the day."""

from __future__ import annotations

from redline.model.clause_history import ClauseHistory
from redline.model.clauses import changes, clause_source, clauses_of, last_changed
from redline.model.timeline import Timeline
from redline.model.translation import line_for, pending_clauses
from tests.support.model import day, history, revision

A = "## 1. Scope {#scope}\n\nWho.\n\n"
B = "## 2. Sharing {#sharing}\n\nWith whom.\n\n"
B2 = "## 2. Sharing {#sharing}\n\nWith whom, and auditors.\n\n"
C = "## 3. Retention {#retention}\n\nTwo years.\n\n"
TA = "## 1. ขอบเขต {#scope}\n\nใคร\n\n"
TB = "## 2. การเปิดเผย {#sharing}\n\nกับใคร\n\n"
TB2 = "## 2. การเปิดเผย {#sharing}\n\nกับใคร และผู้ตรวจสอบ\n\n"


def en(date: str, body: str, **kw: str) -> object:
    return revision("privacy", "en", date, body=body, **kw)


def th(date: str, body: str, **kw: str) -> object:
    return revision("privacy", "th", date, body=body, **kw)


def pending(timeline: Timeline, date: str) -> list[tuple[str, bool, str]]:
    document = timeline.document("privacy", "th")
    assert document is not None
    rev = document.by_slug(date)
    return [(c.anchor, c.missing, c.date.isoformat()) for c in timeline.pending_clauses(rev)]


def test_a_clause_added_in_english_with_the_translation_revised_the_same_day_is_missing():
    h = history(en("2020-01-01", A + B), th("2020-01-01", TA + TB),
                en("2021-01-01", A + B + C), th("2021-01-01", TA + "เพิ่ม\n\n" + TB))  # fmt: skip
    timeline = Timeline(h, day("2021-06-01"))
    assert pending(timeline, "2021-01-01") == [("retention", True, "2021-01-01")]
    assert timeline.lagging(timeline.in_force("privacy", "th")) is None
    assert timeline.mark(timeline.in_force("privacy", "th")) == "pending"
    clause = timeline.pending_clauses(timeline.in_force("privacy", "th"))[0]
    assert clause.after == "sharing"
    assert (
        clause_source(clause.source, "retention") == "## 3. Retention {#retention}\n\nTwo years.\n"
    )


def test_a_changed_clause_is_pending_until_a_translation_of_the_same_day_or_later():
    h = history(en("2020-01-01", A + B), th("2020-01-01", TA + TB),
                en("2021-01-01", A + B2), th("2021-01-01", TA + "เพิ่ม\n\n" + TB),
                th("2021-03-01", TA + "เพิ่ม\n\n" + TB2))  # fmt: skip
    timeline = Timeline(h, day("2021-06-01"))
    # Replaced the day English changed: never behind.
    assert pending(timeline, "2020-01-01") == []
    assert pending(timeline, "2021-01-01") == [("sharing", False, "2021-01-01")]  # archived
    assert pending(timeline, "2021-03-01") == []
    assert timeline.mark(timeline.in_force("privacy", "th")) == "in-force"
    # Before the English change took effect, nothing was pending.
    assert pending(Timeline(h, day("2020-06-01")), "2020-01-01") == []


def test_a_moved_clause_is_no_change_and_a_renamed_clause_is_followed_not_missing():
    renamed = "## 2. Sharing {#disclosure}\n\nWith whom.\n\n"
    amended = "## 2. Sharing {#disclosure}\n\nWith whom, and auditors.\n\n"
    h = history(en("2020-01-01", A + B), th("2020-01-01", TA + TB),
                en("2021-01-01", B + A))  # fmt: skip
    assert pending(Timeline(h, day("2021-06-01")), "2020-01-01") == []
    # Only the anchor changed: the Thai {#sharing} still translates the English text.
    h = history(en("2020-01-01", A + B), th("2020-01-01", TA + TB),
                en("2021-01-01", A + renamed))  # fmt: skip
    assert pending(Timeline(h, day("2021-06-01")), "2020-01-01") == []
    # Renamed and amended: the Thai {#sharing} is its translation, pending, not missing.
    h = history(en("2020-01-01", A + B), th("2020-01-01", TA + TB),
                en("2021-01-01", A + amended))  # fmt: skip
    timeline = Timeline(h, day("2021-06-01"))
    assert pending(timeline, "2020-01-01") == [("disclosure", False, "2021-01-01")]
    found = timeline.pending_clauses(timeline.in_force("privacy", "th"))
    assert [c.translated_anchor for c in found] == ["sharing"]
    # A Thai release that only takes the new anchor translated nothing: still pending.
    h = history(en("2020-01-01", A + B), th("2020-01-01", TA + TB),
                en("2021-01-01", A + amended),
                th("2021-03-01", TA + TB.replace("{#sharing}", "{#disclosure}")))  # fmt: skip
    assert pending(Timeline(h, day("2021-06-01")), "2021-03-01") == [
        ("disclosure", False, "2021-01-01")
    ]


def test_a_change_reverted_or_a_clause_removed_and_restored_as_it_was_is_not_pending():
    h = history(en("2020-01-01", A + B), th("2020-01-01", TA + TB),
                en("2021-01-01", A + B2), en("2022-01-01", A + B))  # fmt: skip
    assert pending(Timeline(h, day("2021-06-01")), "2020-01-01") == [
        ("sharing", False, "2021-01-01")
    ]
    assert pending(Timeline(h, day("2022-06-01")), "2020-01-01") == []
    h = history(en("2020-01-01", A + B), th("2020-01-01", TA + TB),
                en("2021-01-01", A), en("2022-01-01", A + B))  # fmt: skip
    assert pending(Timeline(h, day("2022-06-01")), "2020-01-01") == []
    # Changed, reverted, changed again: missed since the last time it had the text translated.
    h = history(en("2020-01-01", A + B), th("2020-01-01", TA + TB),
                en("2021-01-01", A + B2), en("2022-01-01", A + B),
                en("2023-01-01", A + B2))  # fmt: skip
    timeline = Timeline(h, day("2023-06-01"))
    assert pending(timeline, "2020-01-01") == [("sharing", False, "2023-01-01")]
    found = timeline.pending_clauses(timeline.in_force("privacy", "th"))
    assert [c.base.date.isoformat() for c in found if c.base] == ["2022-01-01"]


def test_an_upcoming_english_revision_leaves_nothing_pending_before_it_takes_effect():
    h = history(en("2020-01-01", A), th("2020-01-01", TA),
                en("2021-01-01", A + C, effective="2021-03-01"))  # fmt: skip
    assert pending(Timeline(h, day("2021-02-01")), "2020-01-01") == []
    assert pending(Timeline(h, day("2021-03-01")), "2020-01-01") == [
        ("retention", True, "2021-01-01")
    ]


def test_drafts_released_together_catch_up_whatever_their_effective_dates():
    english = [en("2020-01-01", A + B), en(None, A + B2, effective="2030-01-01")]
    thai = [th("2020-01-01", TA + TB), th(None, TA + TB2, effective="2024-01-01")]
    assert pending_clauses(thai, english) == ()
    thai = [th("2020-01-01", TA + TB), th(None, TA + "เพิ่ม\n\n" + TB)]
    found = pending_clauses(thai, english)
    assert [(c.anchor, c.missing) for c in found] == [("sharing", False)]
    assert line_for(thai[-1], found[0]) == 11  # the Thai heading of clause 2 (body from line 5)
    english = [en("2020-01-01", A + B), en(None, A + C + B)]
    found = pending_clauses([th("2020-01-01", TA + TB)], english)
    # Missing, after clause 1: where the Thai heading of clause 2 is.
    assert [(c.anchor, c.after) for c in found] == [("retention", "scope")]
    assert line_for(th("2020-01-01", TA + TB), found[0]) == 9


def test_the_clause_index_answers_as_clauses_last_changed_for_every_revision_and_clause():
    renamed = "## 2. Sharing {#disclosure}\n\nWith whom.\n\n"
    revisions = [en("2020-01-01", A + B), en("2020-06-01", B + A), en("2021-01-01", A + renamed),
                 en("2022-01-01", A + C), en("2023-01-01", A + B2 + C)]  # fmt: skip
    found = ClauseHistory(revisions)
    for index, rev in enumerate(revisions):
        history = changes(revisions[: index + 1])
        present = {c.anchor for c in clauses_of(rev)}
        for anchor in ("scope", "sharing", "disclosure", "retention"):
            expected = last_changed(history, anchor) if anchor in present else None
            made = found.last(rev).get(anchor)
            assert (made.revision if made else None) is (expected.revision if expected else None)


def test_an_upcoming_translation_is_compared_with_the_english_revision_released_with_it():
    # Clause 2 removed in both languages by a release that takes effect later.
    h = history(en("2020-01-01", A + B), th("2020-01-01", TA + TB),
                en("2021-01-01", A, effective="2021-03-01"),
                th("2021-01-01", TA, effective="2021-03-01"))  # fmt: skip
    timeline = Timeline(h, day("2021-02-01"))
    assert timeline.status(timeline.document("privacy", "th").by_slug("2021-01-01")) == "upcoming"
    assert pending(timeline, "2021-01-01") == []
    assert pending(timeline, "2020-01-01") == []


def test_the_date_told_is_the_first_english_change_the_translation_missed_not_the_last():
    # English #contact changed in 2023, then was only renumbered in 2026; Thai last in 2022.
    contact = "## 3. Contact {#contact}\n\nprivacy@example.com\n\n"
    changed = "## 3. Contact {#contact}\n\ndpo@example.com\n\n"
    renumbered = "## 4. Contact {#contact}\n\ndpo@example.com\n\n"
    thai = "## 3. ติดต่อ {#contact}\n\nก\n\n"
    h = history(en("2020-01-01", A + contact), th("2022-06-01", TA + thai),
                en("2023-09-10", A + changed), en("2026-12-07", A + renumbered))  # fmt: skip
    timeline = Timeline(h, day("2026-12-08"))
    assert pending(timeline, "2022-06-01") == [("contact", False, "2023-09-10")]
    clause = timeline.pending_clauses(timeline.in_force("privacy", "th"))[0]
    # The redline runs from the English text the translation was based on to the one compared.
    assert clause.base is not None and clause.base.slug == "2020-01-01"
    assert clause.source.slug == "2026-12-07"
    # A clause the translation lacks: the day English gave it its anchor, not a later change.
    h = history(en("2020-01-01", A), th("2020-01-01", TA), en("2021-01-01", A + C),
                en("2022-01-01", A + "## 3. Retention {#retention}\n\nOne year.\n\n"))  # fmt: skip
    assert pending(Timeline(h, day("2022-06-01")), "2020-01-01") == [
        ("retention", True, "2021-01-01")
    ]


def test_one_clause_index_answers_as_of_a_released_revision_whatever_the_draft_changed():
    # The index holds the draft too (drafts mode); a released revision's answers never see it.
    released = [en("2020-01-01", A + B), en("2021-01-01", A + B2), en("2022-01-01", A + B2 + C)]
    draft = en(None, A + B + C, effective="2023-01-01")  # type: ignore[arg-type]
    found = ClauseHistory([*released, draft])
    first, second, third = released
    assert found.before(first) is None and found.before(third) is second
    assert found.before(draft) is third
    # The first change of #sharing after 2020: 2021, as of 2022 and as of the draft alike.
    assert found.first_after(third, "sharing", first) is second
    assert found.first_after(draft, "sharing", first) is second
    # Nothing after 2021 as of 2022; the draft's change as of the draft.
    assert found.first_after(third, "sharing", second) is None
    assert found.first_after(draft, "sharing", second) is draft
    # Without a translated clause: the revision that gave the clause its anchor.
    assert found.first_after(third, "retention", None) is third
    assert found.first_after(first, "retention", None) is None
    # The same pending clauses with and without the draft in the history.
    thai = [th("2020-01-01", TA + TB)]
    without = Timeline(history(*released, *thai), day("2022-06-01"))
    drafted = Timeline(history(*released, draft, *thai), day("2022-06-01"))
    rev = thai[0]
    assert without.pending_clauses(rev) == drafted.pending_clauses(rev) != ()


def test_a_revision_is_compared_on_its_release_day_the_text_in_force_today():
    # Thai and English released together in 2020; English alone revises #sharing in 2021 and
    # adds #retention in 2022 (released in 2022, in force in 2023).
    h = history(en("2020-01-01", A + B), th("2020-01-01", TA + TB), en("2021-01-01", A + B2),
                en("2022-01-01", A + B2 + C, effective="2023-01-01"))  # fmt: skip
    timeline = Timeline(h, day("2022-06-01"))
    rev = timeline.document("privacy", "th").by_slug("2020-01-01")
    assert timeline.pending_at_release(rev) == ()
    assert [(c.anchor, c.date.isoformat()) for c in timeline.pending_clauses(rev)] == [
        ("sharing", "2021-01-01")
    ]
    # A Thai revision released the day after the 2022 English release, before it takes effect:
    # compared with the English in force that day (2021), not the one yet to come.
    later = th("2022-01-02", TA + TB2)
    timeline = Timeline(history(*h.documents[("privacy", "en")].revisions,
                                th("2020-01-01", TA + TB), later), day("2023-06-01"))  # fmt: skip
    assert timeline.pending_at_release(later) == ()
    assert [c.anchor for c in timeline.pending_clauses(later)] == ["retention"]
