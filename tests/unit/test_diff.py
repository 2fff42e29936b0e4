"""Redlines of two rendered revisions: what a reviewer must see, and what must never happen."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import markdown
import pytest
from pythainlp.tokenize import word_tokenize

from redline.diff import ClauseChange, Redline, redline
from redline.text.words import is_word, thai_engine, tokenize

VOID = {"br", "hr", "img", "wbr", "col", "input"}


def md(text: str) -> str:
    return markdown.markdown(text, extensions=["attr_list", "toc", "tables"])


def diff(old: str, new: str, locale: str = "en") -> Redline:
    return redline(md(old), md(new), locale)


@dataclass
class Piece:
    text: str
    mark: str  # "eq", "ins" or "del"


@dataclass
class Changed:
    """One element marked `rl-change`, as the reader sees it."""

    tag: str
    attrs: dict[str, str | None]
    pieces: list[Piece] = field(default_factory=list)

    def text(self, *marks: str) -> str:
        return "".join(p.text for p in self.pieces if p.mark in marks)

    @property
    def new_text(self) -> str:
        return self.text("eq", "ins")

    @property
    def old_text(self) -> str:
        return self.text("eq", "del")

    def marked(self, mark: str) -> list[str]:
        """The texts of consecutive `mark` pieces, joined (one entry per <ins>/<del> run)."""
        runs: list[str] = []
        previous = None
        for p in self.pieces:
            if p.mark == mark:
                if previous == mark:
                    runs[-1] += p.text
                else:
                    runs.append(p.text)
            previous = p.mark
        return runs


class Reader(HTMLParser):
    """Reads a redline back: checks nesting and collects the changed blocks and all ids."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.changed: list[Changed] = []
        self.ids: list[str] = []
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self._current: Changed | None = None
        self._depth = 0
        self.feed(html)
        self.close()
        assert not self.stack, f"unclosed: {self.stack}"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.elements.append((tag, a))
        if a.get("id"):
            self.ids.append(a["id"] or "")
        if tag in ("ins", "del"):
            parent = self.stack[-1] if self.stack else ""
            assert parent not in ("ol", "ul", "table", "thead", "tbody", "tr", "dl"), parent
            assert "ins" not in self.stack and "del" not in self.stack, "nested marks"
        if tag in VOID:
            return
        if tag in ("td", "th") and self._current is not None:
            self._current.pieces.append(Piece("\t", "eq"))  # cells are separate texts
        self.stack.append(tag)
        if "rl-change" in (a.get("class") or "").split() and self._current is None:
            self._current = Changed(tag, a)
            self._depth = len(self.stack)
            self.changed.append(self._current)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack}"
        if self._current is not None and len(self.stack) == self._depth:
            self._current = None
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self._current is None:
            return
        mark = "ins" if "ins" in self.stack else "del" if "del" in self.stack else "eq"
        self._current.pieces.append(Piece(data, mark))


def boundaries(text: str, locale: str) -> set[int]:
    offsets, pos = {0}, 0
    for token in tokenize(text, locale):
        pos += len(token)
        offsets.add(pos)
    return offsets


def assert_whole_words(block: Changed, locale: str = "en") -> None:
    """Every <ins>/<del> starts and ends at a token boundary of the text it belongs to."""
    for view, mark in (("new", "ins"), ("old", "del")):
        text = block.new_text if view == "new" else block.old_text
        allowed = boundaries(text, locale)
        pos = 0
        for piece in block.pieces:
            if piece.mark not in ("eq", mark):
                continue
            if piece.mark == mark:
                assert pos in allowed, f"{mark} starts mid-word at {pos} in {text!r}"
                assert pos + len(piece.text) in allowed, f"{mark} ends mid-word in {text!r}"
            pos += len(piece.text)


def marked_words(r: Redline, mark: str) -> list[str]:
    return [
        t for b in Reader(r.html).changed for run in b.marked(mark) for t in tokenize(run, "en")
        if is_word(t)
    ]  # fmt: skip


# --------------------------------------------------------------------------------------------


def test_reworded_sentence_shows_whole_words() -> None:
    r = diff(
        "We perform regular self inspections of the cat flap, and correct shortcomings.",
        "We perform periodic internal audits of the cot flap, and correct any shortcomings.",
    )
    (block,) = Reader(r.html).changed
    assert_whole_words(block)
    assert block.marked("del") == ["regular self inspections", "cat"]
    assert [run.strip() for run in block.marked("ins")] == [
        "periodic internal audits",
        "cot",
        "any",
    ]
    assert "<del>a</del>" not in r.html and "<ins>o</ins>" not in r.html


def test_many_small_edits_never_cut_a_word() -> None:
    old = (
        "Access to personal information is limited to employees and contractors who need it to "
        "carry out their duties, and they are bound by confidentiality obligations. We keep "
        "personal information only for as long as it is needed for the purposes described here."
    )
    new = (
        "Access to personal data is restricted to staff and subcontractors who require it for "
        "their work, and they are bound by strict confidentiality obligations. We retain personal "
        "data only as long as needed for the purposes described in this policy."
    )
    (block,) = Reader(diff(old, new).html).changed
    assert_whole_words(block)
    assert block.new_text == new and block.old_text == old


def test_company_added_inside_a_sentence_marks_only_its_name() -> None:
    r = diff(
        "We share data with Kintone Inc., Garoon Ltd., and Cybozu’s affiliates.",
        "We share data with Kintone Inc., Garoon Ltd., Mailwise Co., and Cybozu’s affiliates.",
    )
    assert marked_words(r, "ins") == ["Mailwise", "Co"]
    assert marked_words(r, "del") == []
    assert (r.words_inserted, r.words_deleted) == (2, 0)
    assert_whole_words(Reader(r.html).changed[0])


def test_company_added_as_a_list_item_marks_only_that_item() -> None:
    r = diff(
        "Recipients:\n\n- Kintone Inc.\n- Garoon Ltd.\n- Cybozu, Inc.\n",
        "Recipients:\n\n- Kintone Inc.\n- Garoon Ltd.\n- Mailwise Co.\n- Cybozu, Inc.\n",
    )
    (block,) = Reader(r.html).changed
    assert block.tag == "li" and "rl-added" in (block.attrs["class"] or "")
    assert block.marked("ins") == ["Mailwise Co."]
    assert r.changed_blocks == 1 and r.words_inserted == 2
    assert "<li>Cybozu, Inc.</li>" in r.html


OLD_POLICY = """# Privacy Policy {#privacy-policy}

## 4. Security {#security}

We protect personal information with appropriate safeguards.

## 5. Joint Use {#joint-use}

We jointly use personal information with our group companies.

Each company is responsible for its own handling.
"""


def test_renumbered_section_marks_only_the_number() -> None:
    new = OLD_POLICY.replace(
        "## 5. Joint Use",
        "## 5. Cookies {#cookies}\n\nWe use cookies to keep you signed in.\n\n## 6. Joint Use",
    )
    r = diff(OLD_POLICY, new)
    changed = Reader(r.html).changed
    heading = next(b for b in changed if b.attrs.get("id") == "joint-use")
    assert heading.tag == "h2"
    assert heading.marked("del") == ["5"] and heading.marked("ins") == ["6"]
    assert heading.new_text == "6. Joint Use"
    # The body of the renumbered clause is untouched.
    assert "<p>We jointly use personal information with our group companies.</p>" in r.html
    assert "<p>Each company is responsible for its own handling.</p>" in r.html
    assert [b.new_text for b in changed] == [
        "5. Cookies", "We use cookies to keep you signed in.", "6. Joint Use",
    ]  # fmt: skip
    assert r.clauses == (
        ClauseChange("added", "cookies", "5. Cookies"),
        ClauseChange("changed", "joint-use", "6. Joint Use"),
    )


def test_added_clause_is_inserted_blocks_including_its_heading() -> None:
    new = (
        OLD_POLICY
        + "\n## 6. Retention {#retention}\n\nWe keep data for a year.\n\nThen we delete it.\n"
    )
    r = diff(OLD_POLICY, new)
    changed = Reader(r.html).changed
    assert [(b.tag, b.text("ins")) for b in changed] == [
        ("h2", "6. Retention"),
        ("p", "We keep data for a year."),
        ("p", "Then we delete it."),
    ]
    assert all("rl-added" in (b.attrs["class"] or "") and not b.text("eq") for b in changed)
    assert '<h2 id="retention" class="rl-change rl-added">' in r.html
    assert r.clauses == (ClauseChange("added", "retention", "6. Retention"),)
    assert r.words_inserted == 12 and r.words_deleted == 0


def test_removed_paragraph_is_one_deleted_block() -> None:
    new = OLD_POLICY.replace("Each company is responsible for its own handling.\n", "")
    r = diff(OLD_POLICY, new)
    (block,) = Reader(r.html).changed
    assert block.tag == "p" and "rl-removed" in (block.attrs["class"] or "")
    assert block.marked("del") == ["Each company is responsible for its own handling."]
    assert block.text("eq", "ins") == ""
    assert r.changed_blocks == 1 and r.words_deleted == 8
    assert r.clauses == (ClauseChange("changed", "joint-use", "5. Joint Use"),)


def test_removed_clause_keeps_its_anchor() -> None:
    new = OLD_POLICY[: OLD_POLICY.index("## 5.")]
    r = diff(OLD_POLICY, new)
    assert r.clauses == (ClauseChange("removed", "joint-use", "5. Joint Use"),)
    assert '<h2 id="joint-use" class="rl-change rl-removed">' in r.html


def test_identical_inputs_are_identical() -> None:
    r = diff(OLD_POLICY, OLD_POLICY)
    assert r.identical and r.changed_blocks == 0
    assert r.clauses == () and (r.words_inserted, r.words_deleted) == (0, 0)
    assert "<ins" not in r.html and "<del" not in r.html and "rl-change" not in r.html
    assert '<h2 id="joint-use">5. Joint Use</h2>' in r.html


def test_rewrapped_lines_are_not_a_change() -> None:
    r = diff("One two\nthree four.", "One two three\nfour.")
    assert r.identical


def test_thai_edit_marks_whole_thai_words() -> None:
    old = "บริษัทจะเปิดเผยข้อมูลส่วนบุคคลของท่านแก่บริษัทในเครือเท่าที่จำเป็น"
    new = "บริษัทจะโอนข้อมูลส่วนบุคคลของท่านแก่บริษัทในเครือเท่าที่จำเป็น"
    r = diff(
        f"## 3. การเปิดเผย {{#sharing}}\n\n{old}", f"## 3. การเปิดเผย {{#sharing}}\n\n{new}", "th"
    )
    (block,) = Reader(r.html).changed
    assert_whole_words(block, "th")
    assert block.marked("ins") == ["โอน"] and block.marked("del") == ["เปิดเผย"]
    assert "โอน" in word_tokenize(new, engine=thai_engine())
    assert "เปิดเผย" in word_tokenize(old, engine=thai_engine())
    assert r.clauses == (ClauseChange("changed", "sharing", "3. การเปิดเผย"),)


def test_thai_words_sharing_letters_are_replaced_whole() -> None:
    # ข้อมูล ("data") and ข้อความ ("message") share ข้อ; a character diff would keep it.
    r = diff("บริษัทจะส่งข้อมูลถึงท่านทางอีเมล", "บริษัทจะส่งข้อความถึงท่านทางอีเมล", "th")
    (block,) = Reader(r.html).changed
    assert block.marked("del") == ["ข้อมูล"] and block.marked("ins") == ["ข้อความ"]
    assert_whole_words(block, "th")
    assert (r.words_inserted, r.words_deleted) == (1, 1)


def test_thai_phrase_replacement_keeps_words_whole() -> None:
    old = "บริษัทจัดให้มีการตรวจสอบภายในเป็นประจำ และจะแก้ไขข้อบกพร่องที่พบโดยไม่ชักช้า"
    new = "บริษัทจัดให้มีการตรวจสอบภายในอย่างสม่ำเสมอ และจะแก้ไขข้อบกพร่องที่พบภายในสามสิบวัน"
    (block,) = Reader(diff(old, new, "th").html).changed
    assert_whole_words(block, "th")
    assert block.new_text == new and block.old_text == old


def test_links_stay_links_in_a_changed_paragraph() -> None:
    r = diff(
        "Read [our cookie policy](https://example.com/cookies) before you sign up.",
        "Read [our updated cookie policy](https://example.com/cookies) before you register.",
    )
    assert (
        '<a href="https://example.com/cookies">our <ins>updated </ins>cookie policy</a>' in r.html
    )
    assert '<del>sign up</del><ins class="rl-abut">register</ins>' in r.html


def test_a_changed_link_target_shows_both_addresses_beside_the_unchanged_text() -> None:
    # A real Terms of Service revision: only the address of "Export Controls policy" changed.
    old = "Comply with our [Export Controls policy](https://example.com/legal/export)."
    new = "Comply with our [Export Controls policy](https://example.com/legal/export-controls)."
    r = diff(old, new)
    (block,) = Reader(r.html).changed
    # The words did not change: no strike and re-insert of identical text.
    assert "<del" not in r.html and "<ins" not in r.html
    assert (r.words_inserted, r.words_deleted) == (0, 0)
    assert r.changed_blocks == 1 and not r.identical and r.addresses_changed == 1
    # The link, marked as retargeted, leads to the new address; the old and new addresses
    # follow it as text (read aloud and printed), outside the link.
    assert (
        '<a href="https://example.com/legal/export-controls" class="rl-retargeted">'
        "Export Controls policy</a>"
        '<span class="rl-address">'
        '<span class="rl-address-old">https://example.com/legal/export</span> '
        '<span class="rl-address-new">https://example.com/legal/export-controls</span>'
        "</span>." in r.html
    )
    assert block.text("eq").startswith("Comply with our Export Controls policy")


def test_a_changed_link_with_changed_words_stays_one_link() -> None:
    r = diff(
        "See the **[Export policy](https://old.example/export)** and [terms](https://t.example).",
        "See the **[Export Controls policy](https://new.example/ec)** and [terms](https://t.example).",
    )
    assert (
        '<strong><a href="https://new.example/ec" class="rl-retargeted">Export <ins>Controls '
        '</ins>policy</a><span class="rl-address"><span class="rl-address-old">'
        "https://old.example/export</span> "
        '<span class="rl-address-new">https://new.example/ec</span></span></strong>' in r.html
    )
    assert '<a href="https://t.example">terms</a>' in r.html  # untouched link: no note
    assert r.html.count('class="rl-address"') == 1 and r.addresses_changed == 1
    Reader(r.html)


def test_a_changed_image_source_is_noted_like_a_link() -> None:
    # Images do not pass the sanitizer today; the diff itself treats `src` as `href`.
    from redline.diff.align import _Differ
    from redline.diff.parse import _parse
    from redline.diff.render import _Renderer

    old = _parse('<p>Our logo <img alt="logo" src="/a.png"> here.</p>')
    new = _parse('<p>Our logo <img alt="logo" src="/b.png"> here.</p>')
    html, _, changes = _Renderer(_Differ("en").items(old, new)).render()
    assert changes == 1 and "<del" not in html and "<ins" not in html
    assert (
        '<img alt="logo" src="/b.png" class="rl-retargeted"><span class="rl-address">'
        '<span class="rl-address-old">/a.png</span> <span class="rl-address-new">/b.png</span>'
        in html
    )


def test_a_deleted_full_stop_changes_with_its_word() -> None:
    # Alone, the struck "." is one pixel; with its word it is a change a reader sees.
    r = diff("Cybozu provides services.; and support.", "Cybozu provides services; and support.")
    (block,) = Reader(r.html).changed
    assert block.marked("del") == ["services.;"] and block.marked("ins") == ["services;"]
    assert_whole_words(block)
    r = diff("Kintone Inc. Garoon Ltd.", "Kintone Inc., Garoon Ltd.")  # an added comma
    (block,) = Reader(r.html).changed
    assert block.marked("del") == ["Inc."] and block.marked("ins") == ["Inc.,"]
    # A link whose address changed is not struck with the full stop: it keeps its note.
    r = diff("See [policy](https://a.example).; and", "See [policy](https://b.example); and")
    assert '<a href="https://b.example" class="rl-retargeted">policy</a>' in r.html
    assert r.addresses_changed == 1 and "policy</del>" not in r.html


def test_punctuation_alone_gets_a_mark_of_its_own() -> None:
    # A dash between spaces belongs to no word: it stays alone, marked so it can be made visible.
    r = diff("Cybozu – a company.", "Cybozu a company.")
    assert '<del class="rl-punct">– </del>' in r.html
    # A word edit is not widened, and carries no small-change mark.
    r = diff("Clause 5. applies.", "Clause 6. applies.")
    assert "<del>5</del>" in r.html and "rl-punct" not in r.html


def test_a_deleted_thai_space_is_marked_as_a_space() -> None:
    # In Thai a space separates phrases; deleting one is a change, and struck it reads as "-".
    r = diff("บริษัทจะเก็บข้อมูล ตามที่จำเป็น", "บริษัทจะเก็บข้อมูลตามที่จำเป็น", "th")
    assert '<del class="rl-space"> </del>' in r.html
    r = diff("บริษัทจะเก็บข้อมูลตามที่จำเป็น", "บริษัทจะเก็บข้อมูล ตามที่จำเป็น", "th")
    assert '<ins class="rl-space"> </ins>' in r.html
    # Spaces inside a longer change are part of it, not marked apart.
    r = diff("We share data.", "We never share personal data.")
    assert "rl-space" not in r.html


def test_a_deletion_right_before_an_insertion_is_set_apart() -> None:
    r = diff(
        "Cybozu conducts regular self inspections on the handling of data.",
        "Cybozu conducts periodic internal audits on the handling of data.",
    )
    assert (
        '<del>regular self inspections</del><ins class="rl-abut">periodic internal audits</ins>'
        in r.html
    )
    # With text between them, no separation is needed.
    r = diff("Keep the cat and the dog.", "Keep the cot and the dig.")
    assert "rl-abut" in r.html  # cat→cot and dog→dig abut ...
    assert '<ins class="rl-abut">cot</ins> and the <del>dog</del>' in r.html  # ... the del not


def context_ids(r: Redline) -> list[str | None]:
    """The ids of the elements marked as context for "changes only"."""
    return [
        a.get("id") for _, a in Reader(r.html).elements if "rl-context" in (a.get("class") or "")
    ]


def test_changes_only_keeps_the_headings_above_each_change() -> None:
    old = (
        "# Policy {#policy}\n\n## 1. Data {#data}\n\nWe collect data.\n\n"
        "### (1) Customers {#customers}\n\nNames.\n\nAddresses.\n\n"
        "## 2. Rights {#rights}\n\nYou may ask.\n"
    )
    new = old.replace("Addresses.", "Postal addresses.")
    r = diff(old, new)
    kept = context_ids(r)
    # The document title, the clause and the sub-clause the change sits in; not clause 2.
    assert kept == ["policy", "data", "customers"]
    assert '<h2 id="rights">2. Rights</h2>' in r.html
    # A changed heading needs no context mark, nor do the headings above a heading-level change.
    r = diff(old, old.replace("2. Rights", "2. Your rights"))
    kept = context_ids(r)
    assert kept == ["policy"]


def test_changes_only_keeps_the_paragraph_leading_into_a_changed_list() -> None:
    old = (
        "## 1. Use {#use}\n\nWe care about data.\n\nWe use the information:\n\n"
        "1. to provide the services\n2. to answer questions\n\n"
        "We protect it:\n\n- by locks\n- by encryption\n"
    )
    r = diff(old, old.replace("to answer questions", "to answer your questions"))
    assert '<p class="rl-context">We use the information:</p>' in r.html
    assert "<p>We care about data.</p>" in r.html  # not right before the list
    assert "<p>We protect it:</p>" in r.html  # its list did not change


def test_marks_close_and_reopen_at_element_boundaries() -> None:
    r = diff("Keep this.", "Keep **all of this** and *more*.")
    Reader(r.html)  # balanced
    # An insertion that spans an element is closed before it and reopened inside it.
    assert "<ins>Keep </ins><strong><ins>all of this</ins></strong><ins> and </ins>" in r.html
    assert "<em><ins>more</ins></em>" in r.html
    assert re.search(r"<ins>[^<]*<strong>", r.html) is None  # never <ins> around an element


def test_hostile_input_never_survives() -> None:
    old = 'Contact us [here](https://example.com).\n\n<p onclick="steal()">Old raw</p>\n'
    new = (
        "Contact us [here](javascript:alert(1)) or "
        '<a href="https://x.example" onmouseover="alert(2)">there</a>.\n\n'
        "<script>alert(3)</script>\n\n"
        '<p onclick="steal()">New raw <img src=x onerror=alert(4)>'
        '<iframe src="https://evil.example"></iframe></p>\n\n'
        "<style>body { display: none }</style>\n"
    )
    for r in (diff(old, new), diff(new, old)):
        lowered = r.html.lower()
        for bad in ("<script", "alert", "javascript:", "onclick", "onmouseover", "onerror",
                    "<img", "<iframe", "<style", "display: none"):  # fmt: skip
            assert bad not in lowered, bad
        Reader(r.html)
    assert '<a href="https://x.example"><ins>there</ins></a>' in diff(old, new).html


def test_escaped_text_stays_text() -> None:
    r = diff("Use `a < b` here.", "Use `a < b && c` here, <not a tag>.")
    assert "&lt;" in r.html and "&amp;&amp;" in r.html
    assert "<not" not in r.html


COMPLEX_OLD = """# Policy {#policy}

Intro with a [link](https://example.com/a) and **bold** text.

## 1. Data {#data}

1. Name and address
2. Email address
    - work email
    - personal email
3. Telephone number

| Name | Purpose |
|:-----|:--------|
| Kintone | analytics |
| Garoon | support |

> A quoted note.

## 2. Rights {#rights}

You may ask for a copy.
"""
COMPLEX_NEW = """# Policy {#policy}

Intro with a [link](https://example.com/a) and **strong** text.

## 1. Data {#data}

1. Email address
    - work email
2. Telephone number
3. Payment details

| Name | Purpose |
|:-----|:--------|
| Kintone | statistics |
| Garoon | support |
| Mailwise | billing |

> A quoted note, updated.

## 2. Your rights {#rights}

You may ask for a copy or a correction.
"""


def test_output_is_deterministic_and_well_nested() -> None:
    first = redline(md(COMPLEX_OLD), md(COMPLEX_NEW), "en")
    second = redline(md(COMPLEX_OLD), md(COMPLEX_NEW), "en")
    assert first == second and first.html.encode() == second.html.encode()
    reader = Reader(first.html)  # asserts balance and mark placement
    assert len(reader.ids) == len(set(reader.ids)), "ids are unique"
    for block in reader.changed:
        assert_whole_words(block)


def test_every_change_is_numbered_in_document_order() -> None:
    r = redline(md(COMPLEX_OLD), md(COMPLEX_NEW), "en")
    reader = Reader(r.html)
    numbers = [int(i.removeprefix("rl-change-")) for i in reader.ids if i.startswith("rl-change-")]
    assert numbers == list(range(1, r.changed_blocks + 1))
    assert len(reader.changed) == r.changed_blocks
    marked = sum("rl-change" in (a.get("class") or "").split() for _, a in reader.elements)
    assert marked == r.changed_blocks
    # Unchanged blocks carry no change class (the title is kept as context in "changes only").
    assert '<h1 id="policy" class="rl-context">Policy</h1>' in r.html
    assert "<p>A quoted note.</p>" not in r.html
    assert '<th style="text-align:left">Name</th>' in r.html


def test_ordered_list_numbers_stay_right_with_removed_items_interleaved() -> None:
    r = redline(md(COMPLEX_OLD), md(COMPLEX_NEW), "en")
    items = [(a.get("value"), a.get("class") or "") for t, a in Reader(r.html).elements
             if t == "li" and a.get("value")]  # fmt: skip
    assert items == [
        ("1", "rl-removed rl-change"),  # "Name and address", removed: keeps its old number
        ("1", ""),  # "Email address", now first
        ("2", ""),
        ("3", "rl-added rl-change"),  # "Payment details"
    ]
    assert "<del>personal email</del>" in r.html


def test_table_row_change_marks_only_the_cell() -> None:
    r = redline(md(COMPLEX_OLD), md(COMPLEX_NEW), "en")
    td = '<td style="text-align:left">'
    replaced = '<del>analytics</del><ins class="rl-abut">statistics</ins>'
    assert f"{td}Kintone</td>{td}{replaced}</td>" in r.html
    assert f"{td}<ins>Mailwise</ins></td>{td}<ins>billing</ins></td>" in r.html
    assert f"<tr>{td}Garoon</td>{td}support</td></tr>" in r.html


def test_clause_summary_groups_changes_under_headings() -> None:
    r = redline(md(COMPLEX_OLD), md(COMPLEX_NEW), "en")
    assert r.clauses == (
        ClauseChange("changed", "policy", "Policy"),
        ClauseChange("changed", "data", "1. Data"),
        ClauseChange("changed", "rights", "2. Your rights"),
    )


def test_heading_ids_come_from_the_new_text() -> None:
    r = diff(
        "## Sharing of data {#sharing}\n\nText.",
        "## Sharing of personal data {#data-sharing}\n\nText.",
    )
    assert '<h2 id="data-sharing"' in r.html and 'id="sharing"' not in r.html
    r = diff("## Old words here\n\nText.", "## New words here\n\nText.")  # toc slugs
    assert '<h2 id="new-words-here"' in r.html and "old-words" not in r.html


def test_renamed_clause_with_the_same_anchor_is_changed_not_replaced() -> None:
    r = diff(
        "## 3. Sharing {#sharing}\n\nText.\n",
        "## 3. Disclosure to third parties {#sharing}\n\nText.\n",
    )
    (heading,) = Reader(r.html).changed
    assert heading.marked("del") == ["Sharing"]
    assert heading.marked("ins") == ["Disclosure to third parties"]
    assert r.clauses == (ClauseChange("changed", "sharing", "3. Disclosure to third parties"),)


def test_moved_clause_gets_unique_ids() -> None:
    old = "## A {#a}\n\nFirst.\n\n## B {#b}\n\nSecond.\n"
    new = "## B {#b}\n\nSecond.\n\n## A {#a}\n\nFirst.\n"
    r = diff(old, new)
    ids = Reader(r.html).ids
    assert len(ids) == len(set(ids))
    assert '<h2 id="a" class="rl-change rl-added">' in r.html
    assert ClauseChange("removed", "a-removed", "A") in r.clauses


@pytest.mark.parametrize("marker", ["\ue000", "\U000f0000"])
def test_private_use_characters_are_just_text(marker: str) -> None:
    # The diff keeps no markers in the text, so private-use characters need no special case.
    r = diff(f"Icon {marker} here.", f"Icon {marker} there.")
    assert marker in r.html and r.changed_blocks == 1


class _TextView(HTMLParser):
    """The text of a redline without the content of one mark: the old or the new revision.

    The address shown after an added or removed link (`rl-target`) is the redline's note, the
    text of neither revision: it is dropped too."""

    def __init__(self, html: str, drop: str) -> None:
        super().__init__(convert_charrefs=True)
        self.drop, self.depth = drop, 0
        self.spans: list[bool] = []
        self.parts: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        note = tag == "span" and "rl-target" in (dict(attrs).get("class") or "").split()
        if tag == "span":
            self.spans.append(note)
        self.depth += tag == self.drop or note

    def handle_endtag(self, tag: str) -> None:
        self.depth -= tag == self.drop or (tag == "span" and self.spans.pop())

    def handle_data(self, data: str) -> None:
        if not self.depth:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return "".join("".join(self.parts).split())


def _plain(html: str) -> str:
    return _TextView(html, "-").text


_WORDS = [
    "the", "data", "we", "collect", "personal", "information", "Kintone", "Inc.", "Garoon",
    "Ltd.", "share", "with", "partners", "rights", "access", "delete", "cookies", "5.", "6.",
    "[link](https://e.example/x)", "**bold**", "*em*", "`code`", "ข้อมูล", "ส่วนบุคคล", "บริษัท",
]  # fmt: skip


def _random_block(r: random.Random, n: int) -> str:
    def para() -> str:
        return " ".join(r.choice(_WORDS) for _ in range(r.randint(1, 14)))

    k = r.random()
    if k < 0.2:
        return f"## {n}. {para()} {{#c{n}}}"
    if k < 0.5:
        return para()
    if k < 0.7:
        return "\n".join(
            f"{i + 1}. {para()}" + (f"\n    - {para()}" if r.random() < 0.3 else "")
            for i in range(r.randint(1, 4))
        )
    if k < 0.8:
        return "\n".join(f"- {para()}" for _ in range(r.randint(1, 4)))
    if k < 0.9:
        rows = "\n".join(f"| {para()} | {para()} |" for _ in range(r.randint(1, 3)))
        return f"| A | B |\n|---|---|\n{rows}"
    return f"> {para()}"


def _random_revision(r: random.Random, blocks: list[str]) -> list[str]:
    out = list(blocks)
    for _ in range(r.randint(0, 5)):
        op, i = r.random(), r.randrange(len(out) + 1)
        if op < 0.3:
            out.insert(i, _random_block(r, r.randint(1, 9)))
        elif op < 0.5 and out:
            del out[min(i, len(out) - 1)]
        elif out:
            j = min(i, len(out) - 1)
            words = out[j].split(" ")
            for _ in range(r.randint(1, 3)):
                words[r.randrange(len(words))] = r.choice(_WORDS)
            out[j] = " ".join(words)
    return out


@pytest.mark.parametrize("seed", range(40))
def test_redline_reads_as_either_revision(seed: int) -> None:
    """Dropping <del> gives the new text, dropping <ins> the old one, for random revisions."""
    r = random.Random(seed)
    blocks = [_random_block(r, i) for i in range(r.randint(1, 10))]
    old, new = md("\n\n".join(blocks)), md("\n\n".join(_random_revision(r, blocks)))
    for locale in ("en", "th"):
        result = redline(old, new, locale)
        Reader(result.html)  # well nested, marks never directly in lists or tables
        assert _TextView(result.html, "del").text == _plain(new)
        assert _TextView(result.html, "ins").text == _plain(old)
        assert result.identical == (_plain(old) == _plain(new))


def test_an_added_or_removed_link_shows_its_address() -> None:
    # A link added or removed whole shows where it goes (went), as a changed address does; a
    # link whose words merely changed, and a heading's permalink, get no note.
    added = diff("Read the rules.", "Read the rules and [terms](https://t.example/?a=1&b=2).")
    assert (
        '<a href="https://t.example/?a=1&amp;b=2"><ins>terms</ins></a>'
        '<span class="rl-target rl-target-new">https://t.example/?a=1&amp;b=2</span>' in added.html
    )
    removed = diff("Read the [old terms](https://t.example) now.", "Read the rules now.")
    assert (
        '<a href="https://t.example"><del>old terms</del></a>'
        '<span class="rl-target rl-target-old">https://t.example</span>' in removed.html
    )
    reworded = diff("See [the terms](https://t.example).", "See [our terms](https://t.example).")
    assert "rl-target" not in reworded.html
    block = diff("Intro.", "Intro.\n\nSee [here](https://x.example).")
    assert block.html.count("rl-target-new") == 1
    assert (block.words_inserted, block.words_deleted) == (2, 0)  # the address is no words
    Reader(added.html)
    Reader(removed.html)
