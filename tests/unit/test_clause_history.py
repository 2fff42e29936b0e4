"""The clause history of a document as the Timeline answers it: as of the date, newest first,
renames followed, each clause's last change as of every revision."""

from __future__ import annotations

from redline.model.clause_history import plain
from redline.model.timeline import Timeline
from tests.support.model import day, history, revision


def body(security: str, *, retention: str = "retention", rights: bool = True) -> str:
    text = f"## 6. Security {{#security}}\n\n{security}\n\n"
    text += f"## 7. Retention {{#{retention}}}\n\nA year.\n\n"
    return text + ("## 8. Rights {#rights}\n\nAsk us.\n" if rights else "")


R1 = revision("privacy", "en", "2020-01-01", body=body("Locks."))
R2 = revision("privacy", "en", "2020-02-01", body=body("Alarms."))
R3 = revision("privacy", "en", "2020-03-01", body=body("Alarms.", retention="keeping"))
R4 = revision("privacy", "en", "2020-04-01",
              body=body("Guards.", retention="keeping", rights=False))  # fmt: skip
R5 = revision("privacy", "en", "2020-05-01", effective="2020-06-01",
              body=body("Vaults.", retention="keeping"))  # fmt: skip


def on(date: str) -> Timeline:
    return Timeline(history(R1, R2, R3, R4, R5), day(date))


def test_the_history_runs_to_the_text_in_force_newest_first():
    timeline = on("2020-05-15")  # R5 is upcoming
    assert timeline.clause_text("privacy", "en") is R4
    clauses = timeline.clauses("privacy", "en")
    assert clauses is not None
    found = [(c.revision.date.isoformat(), c.kind, c.anchor) for c in clauses.until(R4)]
    assert found == [
        ("2020-04-01", "changed", "security"),
        ("2020-04-01", "removed", "rights"),
        ("2020-03-01", "renamed", "keeping"),
        ("2020-02-01", "changed", "security"),
        ("2020-01-01", "added", "security"),
        ("2020-01-01", "added", "retention"),
        ("2020-01-01", "added", "rights"),
    ]


def test_each_clause_as_of_each_revision_and_sections_per_anchor_ever_seen():
    timeline = on("2020-07-01")
    clauses = timeline.clauses("privacy", "en")
    assert clauses is not None
    assert clauses.last(R1)["security"].revision is R1
    assert clauses.last(R3)["security"].revision is R2  # as of R3, not as of today
    assert clauses.last(R3)["keeping"].kind == "renamed"
    assert "rights" not in clauses.last(R4)
    assert clauses.last(R5)["rights"].kind == "added"
    sections = {s.anchor: s for s in clauses.sections(R5)}
    assert list(sections) == ["security", "keeping", "rights", "retention"]
    assert [c.kind for c in sections["rights"].changes] == ["added", "removed", "added"]
    assert sections["retention"].changes == sections["keeping"].changes
    assert not sections["retention"].current and sections["keeping"].current


def test_a_revision_names_its_clauses_by_what_happened_to_them():
    timeline = on("2020-07-01")
    assert timeline.clauses_by_kind(R1) == ()  # the first adds them all: none named
    assert timeline.clauses_by_kind(R4) == (
        ("changed", ("6. Security",)),
        ("removed", ("8. Rights",)),
    )
    assert timeline.clauses_by_kind(R5) == (
        ("added", ("8. Rights",)),
        ("changed", ("6. Security",)),
    )
    # A rename is the same clause, changed.
    assert timeline.clauses_by_kind(R3) == (("changed", ("7. Retention",)),)


def test_a_heading_is_named_as_plain_text():
    assert plain("6. *Security* of [data](other.md#x) \\& `code`") == "6. Security of data & code"


def test_a_clause_is_followed_back_by_the_anchor_it_had_in_each_revision():
    found = on("2020-06-15").clauses("privacy", "en")
    assert found is not None
    assert found.former(R5, "keeping") == ("retention",)
    assert found.former(R5, "security") == ()
    assert [(r.date.isoformat(), a) for r, a in found.names(R5, "keeping")] == [
        ("2020-05-01", "keeping"), ("2020-04-01", "keeping"), ("2020-03-01", "keeping"),
        ("2020-02-01", "retention"), ("2020-01-01", "retention"),
    ]  # fmt: skip
    # Down to the text released by a day; a clause removed and restored keeps its anchor.
    assert [r.date.isoformat() for r, _ in found.names(R5, "keeping", day("2020-02-15"))] == [
        "2020-05-01", "2020-04-01", "2020-03-01", "2020-02-01",
    ]  # fmt: skip
    assert [a for _, a in found.names(R5, "rights")] == ["rights"] * 5
