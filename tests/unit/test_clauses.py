"""The clause model: the clauses of one text, and every clause's changes through revisions."""

from __future__ import annotations

from redline.model import clauses
from tests.support.model import revision

FIRST = """Intro before any clause.

## 1. Scope {#scope}

We collect data.

### 1(1) Cookies {#cookies}

Small files.

## 2. Security {#security}

We protect
your data.

Contact
-------

Not a clause: its text belongs to Security.
"""


def _rev(date: str, body: str):  # type: ignore[no-untyped-def]
    return revision("privacy", "en", date, body=body)


def test_clauses_in_order_with_level_line_and_text() -> None:
    found = clauses.clauses_of(_rev("2024-01-01", FIRST))
    assert [(c.anchor, c.heading, c.level) for c in found] == [
        ("scope", "1. Scope", 2),
        ("cookies", "1(1) Cookies", 3),
        ("security", "2. Security", 2),
    ]
    # body_line is 5: the heading of Scope is the body's third line.
    assert [c.line for c in found] == [7, 11, 15]


def test_rewrapping_is_no_change_but_a_word_is() -> None:
    before = clauses.clauses_of(_rev("2024-01-01", FIRST))
    rewrapped = clauses.clauses_of(
        _rev("2024-02-01", FIRST.replace("We protect\nyour data.", "We protect your data."))
    )
    worded = clauses.clauses_of(
        _rev("2024-03-01", FIRST.replace("Not a clause", "Still not a clause"))
    )
    assert [c.digest for c in before] == [c.digest for c in rewrapped]
    # The unanchored heading's text belongs to the clause above it.
    assert [c.digest == w.digest for c, w in zip(before, worded, strict=True)] == [
        True,
        True,
        False,
    ]


def test_changes_added_changed_moved_renamed_removed() -> None:
    first = _rev("2024-01-01", FIRST)
    second = _rev(
        "2024-02-01",
        "## 2. Security {#security}\n\nWe protect your data.\n\nContact\n-------\n\n"
        "Not a clause: its text belongs to Security.\n\n"
        "## 1. Scope {#scope}\n\nWe collect less data.\n\n"
        "## 3. Small files {#small-files}\n\nSmall files.\n",
    )
    third = _rev("2024-03-01", "## 1. Scope {#scope}\n\nWe collect less data.\n")
    history = clauses.changes([first, second, third])
    assert [(str(c.revision.date), c.kind, c.anchor, c.before) for c in history] == [
        ("2024-01-01", "added", "scope", None),
        ("2024-01-01", "added", "cookies", None),
        ("2024-01-01", "added", "security", None),
        ("2024-02-01", "moved", "security", None),
        ("2024-02-01", "changed", "scope", None),
        ("2024-02-01", "renamed", "small-files", "cookies"),
        ("2024-03-01", "removed", "security", None),
        ("2024-03-01", "removed", "small-files", None),
    ]
    last = clauses.last_changed(history, "scope")
    assert last is not None and str(last.revision.date) == "2024-02-01"
    moved = clauses.last_changed(history, "security")
    assert moved is not None and moved.kind == "added"  # a move leaves the text as it was


def test_removed_and_added_again_is_two_changes() -> None:
    with_it = _rev("2024-01-01", "## A {#a}\n\nText.\n\n## B {#b}\n\nOther.\n")
    without = _rev("2024-02-01", "## B {#b}\n\nOther.\n")
    again = _rev("2024-03-01", "## A {#a}\n\nNew text.\n\n## B {#b}\n\nOther.\n")
    kinds = [(c.kind, c.anchor) for c in clauses.changes([with_it, without, again])]
    assert kinds[2:] == [("removed", "a"), ("added", "a")]
