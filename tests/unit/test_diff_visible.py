"""The redline compares what readers see: two revisions whose rendered pages differ always get
at least one marked change, and the mark says what changed (numbering, title, heading level,
admonition kind, a collapsed clause, direction, spaces, look-alike and invisible characters,
table structure)."""

from __future__ import annotations

import dataclasses
import random
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

from redline.diff import ClauseChange, Redline, redline
from redline.text.catalogs import load
from redline.text.render import Renderer

ROOT = Path(__file__).resolve().parents[2]
# The site's own Markdown (mkdocs.yml: markdown_extensions), sanitized as the build does.
render = Renderer(
    ["attr_list", "toc", "tables", "admonition", "def_list"], {"toc": {"permalink": "#"}}
)


class Marks(HTMLParser):
    """What a reader sees of the marks: the text of each `rl-change` element, whole."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.stack: list[bool] = []
        self.changes: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        changed = "rl-change" in classes
        if tag not in ("br", "hr", "img", "wbr", "col"):
            self.stack.append(changed)
        if changed:
            if not self.depth:
                self.changes.append("")
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.stack and self.stack.pop():
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.changes[-1] += data


def compare(old: str, new: str, **kwargs: object) -> tuple[Redline, str]:
    """The redline of two Markdown texts and the text of its marks, whitespace collapsed."""
    a, b = render(old), render(new)
    assert a != b, "the case must render differently"
    r = redline(a, b, "en", **kwargs)  # type: ignore[arg-type]
    text = " | ".join(" ".join(t.split()) for t in Marks(r.html).changes)
    return r, text


def ol(items: str, attrs: str = "", values: dict[int, int] | None = None) -> str:
    lis = "".join(
        f'<li value="{values[k]}">{w}</li>' if values and k in values else f"<li>{w}</li>"
        for k, w in enumerate(items.split(","))
    )
    return f"<ol{attrs}>{lis}</ol>\n"


TWO = "1. We collect data.\n2. We share data.\n"
# (old Markdown, new Markdown, what the marks must say)
CASES: dict[str, tuple[str, str, list[str]]] = {
    # list numbering: the numbers readers see, old and new
    "start": (TWO, ol("We collect data.,We share data.", ' start="7"'), ["1.–2. → 7.–8."]),
    "type-a": (TWO, ol("We collect data.,We share data.", ' type="a"'), ["1.–2. → a.–b."]),
    "type-A": (TWO, ol("We collect data.,We share data.", ' type="A"'), ["1.–2. → A.–B."]),
    "type-i": (ol("x,y,z"), ol("x,y,z", ' type="i"'), ["1.–3. → i.–iii."]),
    "type-I": (ol("x,y,z,w"), ol("x,y,z,w", ' type="I"'), ["1.–4. → I.–IV."]),
    "reversed": (TWO, ol("We collect data.,We share data.", " reversed"), ["1.–2. → 2.–1."]),
    "reversed-start": (ol("x,y,z"), ol("x,y,z", ' reversed start="10"'), ["1.–3. → 10.–8."]),
    "item-value": (ol("x,y,z"), ol("x,y,z", values={1: 9}), ["1.–3. → 1., 9.–10."]),
    "start-changed": (ol("x,y", ' start="3"'), ol("x,y", ' start="4"'), ["3.–4. → 4.–5."]),
    "start-one": (ol("x,y"), ol("x,y", ' start="1"'), ["Numbering: none → start=1"]),
    "nested-list": (
        "1. outer\n    1. inner a\n    2. inner b\n",
        '<ol><li>outer<ol type="a"><li>inner a</li><li>inner b</li></ol></li></ol>\n',
        ["1.–2. → a.–b."],
    ),
    "loose-list": (
        "1. first\n\n2. second\n",
        '<ol start="5"><li><p>first</p></li><li><p>second</p></li></ol>\n',
        ["1.–2. → 5.–6."],
    ),
    # headings: the level, same words
    "h2-h3": ("## Sharing\n\nText.\n", "### Sharing\n\nText.\n", ["Heading level: 2 → 3"]),
    "h1-h2": ("# Policy\n\nText.\n", "## Policy\n\nText.\n", ["Heading level: 1 → 2"]),
    "h3-h4": ("### Terms {#t}\n\nText.\n", "#### Terms {#t}\n\nText.\n", ["3 → 4"]),
    "h4-h2": ("#### Data\n", "## Data\n", ["Heading level: 4 → 2"]),
    # admonitions: the kind, same title and words
    "note-danger": (
        '!!! note "Heads up"\n    Keep it.\n',
        '!!! danger "Heads up"\n    Keep it.\n',
        ["Kind: note → danger"],
    ),
    "info-warning": ('!!! info "A"\n    B.\n', '!!! warning "A"\n    B.\n', ["info → warning"]),
    "tip-caution": ('!!! tip "X"\n\n    Y.\n', '!!! caution "X"\n\n    Y.\n', ["tip → caution"]),
    "admonition-in-list": (
        '- item\n\n    !!! note "N"\n        text\n',
        '- item\n\n    !!! danger "N"\n        text\n',
        ["note → danger"],
    ),
    "lang": ("Hello.\n{: lang=en }\n", "Hello.\n{: lang=th }\n", ["Language: en → th"]),
    "tooltip": ("Hello.\n{: title=a }\n", "Hello.\n{: title=b }\n", ["Tooltip: a → b"]),
    "anchor": ("Hello.\n{: #old }\n", "Hello.\n{: #new }\n", ["Anchor: #old → #new"]),
    # spaces readers see: shown with the space marks and named
    "nbsp": ("Cybozu Inc.\n", "Cybozu\u00a0Inc.\n", ["NO-BREAK SPACE (U+00A0) replaces SPACE"]),
    "ideographic": ("a b\n", "a\u3000b\n", ["IDEOGRAPHIC SPACE (U+3000) replaces SPACE"]),
    "narrow-nbsp": ("10 %\n", "10\u202f%\n", ["NARROW NO-BREAK SPACE (U+202F)"]),
    "nbsp-heading": ("## Our data\n", "## Our\u00a0data\n", ["NO-BREAK SPACE"]),
    "nbsp-removed": ("a\u00a0b\n", "a b\n", ["SPACE (U+0020) replaces NO-BREAK SPACE"]),
    # characters a reader cannot tell apart
    "cyrillic-s": (
        "Our services.\n",
        "Our \u0455ervices.\n",
        ["ѕ CYRILLIC SMALL LETTER DZE (U+0455) replaces s LATIN SMALL LETTER S (U+0073)"],
    ),
    "cyrillic-a": ("data\n", "d\u0430ta\n", ["CYRILLIC SMALL LETTER A (U+0430) replaces"]),
    "greek-o": ("Kintone\n", "Kint\u03bfne\n", ["GREEK SMALL LETTER OMICRON (U+03BF)"]),
    "zero-width": ("Garoon\n", "Gar\u200boon\n", ["ZERO WIDTH SPACE (U+200B) added"]),
    "zwj-removed": ("ab\u200dc\n", "abc\n", ["ZERO WIDTH JOINER (U+200D) removed"]),
    "bidi-override": ("pay 100\n", "pay \u202e100\n", ["RIGHT-TO-LEFT OVERRIDE (U+202E) added"]),
    "lrm": ("a b\n", "a\u200e b\n", ["LEFT-TO-RIGHT MARK (U+200E) added"]),
    "nfd": (
        "café\n",
        "cafe\u0301\n",
        ["COMBINING ACUTE ACCENT (U+0301) replaces é LATIN SMALL LETTER E WITH ACUTE"],
    ),
    "homoglyph-in-list": ("- access\n", "- \u0430ccess\n", ["CYRILLIC SMALL LETTER A"]),
    "homoglyph-in-cell": (
        "| a | b |\n|---|---|\n| cost | x |\n",
        "| a | b |\n|---|---|\n| c\u043est | x |\n",
        ["CYRILLIC SMALL LETTER O"],
    ),
    # table structure, same words
    "cell-column": (
        "| a | b |\n|---|---|\n| x |   |\n",
        "| a | b |\n|---|---|\n|   | x |\n",
        ["x"],
    ),
    "header-to-data": (
        "<table><tr><th>Name</th><td>Kintone</td></tr></table>\n",
        "<table><tr><td>Name</td><td>Kintone</td></tr></table>\n",
        ["Table cells: header, data → data, data"],
    ),
    "row-to-header": (
        "| a | b |\n|---|---|\n| c | d |\n",
        "| a | b |\n|---|---|\n\n<table><tr><th>c</th><th>d</th></tr></table>\n",
        ["c", "d"],
    ),
    "alignment": (
        "| a | b |\n|---|---|\n| c | d |\n",
        "| a | b |\n|:-:|---|\n| c | d |\n",
        ["data, data → data style=text-align:center, data"],
    ),
    "colspan": (
        "<table><tr><td>a</td><td>b</td></tr></table>\n",
        '<table><tr><td colspan="2">a</td><td>b</td></tr></table>\n',
        ["colspan=2"],
    ),
}


# What the sanitizer drops cannot differ for readers, so it needs no mark: a `<details>` (a
# collapsed one hides text) and `dir` (text shown backwards) never reach a page.
NEUTRALIZED: dict[str, tuple[str, str]] = {
    "details-closed": (
        "<details open><summary>Retention</summary><p>Two years.</p></details>\n",
        "<details><summary>Retention</summary><p>Two years.</p></details>\n",
    ),
    "dir-rtl": ("Hello there.\n", "Hello there.\n{: dir=rtl }\n"),
    "dir-container": (
        '<div dir="ltr"><p>Hello.</p></div>\n',
        '<div dir="rtl"><p>Hello.</p></div>\n',
    ),
}


@pytest.mark.parametrize("name", sorted(NEUTRALIZED))
def test_what_the_sanitizer_drops_renders_the_same_for_readers(name: str) -> None:
    old, new = NEUTRALIZED[name]
    assert render(old) == render(new)
    assert "<details" not in render(old) and " dir=" not in render(new)
    assert "years" in render(old) or "Hello" in render(old)  # the text itself is kept


def test_a_change_inside_what_was_collapsed_is_shown() -> None:
    old = "<details><summary>Retention</summary><p>Two years.</p></details>\n"
    new = "<details><summary>Retention</summary><p>Three years.</p></details>\n"
    r, text = compare(old, new)
    assert "Two" in text and "Three" in text
    assert "<details" not in r.html


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_visible_difference_is_a_marked_change(name: str) -> None:
    old, new, says = CASES[name]
    r, text = compare(old, new)
    assert r.changed_blocks >= 1 and not r.identical
    assert 'id="rl-change-1"' in r.html  # reached by n/p and "changes only"
    assert r.clauses, "counted in the summary of changes"
    for part in says:
        assert part in text, f"{part!r} not in {text!r}"


def test_a_changed_title_is_the_first_change_old_and_new() -> None:
    r, text = compare("Text.\n", "Text.\n\nMore.\n", titles=("Privacy", "Privacy policy"))
    first = Marks(r.html).changes[0]
    assert first.startswith("Title:")
    assert "<del>" not in first and "policy" in first
    assert "<ins> policy</ins>" in r.html
    assert r.words_inserted == 2  # "policy" and "More."
    # Listed first in the summary, by its new name, linked to its mark.
    assert r.clauses[0] == ClauseChange("changed", "rl-change-1", "Privacy policy")


def test_a_changed_title_alone_is_a_change() -> None:
    same = render("Text.\n")
    r = redline(same, same, "en", titles=("Privacy", "Privacy Policy"))
    assert r.changed_blocks == 1 and "<del>Privacy</del>" not in r.html
    assert r.clauses == (ClauseChange("changed", "rl-change-1", "Privacy Policy"),)
    assert "Policy" in Marks(r.html).changes[0]
    assert redline(same, same, "en", titles=("Privacy", "Privacy")).identical


def test_reversed_list_numbers_as_a_browser_does() -> None:
    r = redline(render(ol("x,y,z", " reversed")), render(ol("x,y,z", " reversed")), "en")
    assert [int(v) for v in re.findall(r'value="(\d+)"', r.html)] == [3, 2, 1]


def test_a_whitespace_change_uses_the_space_marks() -> None:
    r, _ = compare(*CASES["nbsp"][:2])
    assert 'class="rl-space' in r.html


def test_notes_are_in_the_page_language() -> None:
    th = load(ROOT / "locales", "th")
    a, b = render(TWO), render(ol("We collect data.,We share data.", ' start="7"'))
    r = redline(a, b, "th", gettext=th.gettext, titles=("ก", "ข"))
    text = " ".join(Marks(r.html).changes)
    assert "การลำดับเลข:" in text and "ชื่อเรื่อง:" in text and "Numbering" not in text
    r = redline(render("as\n"), render("a\u0455\n"), "th", gettext=th.gettext)
    assert "แทนที่" in " ".join(Marks(r.html).changes)


def test_moved_items_do_not_get_a_numbering_note() -> None:
    # Removing an item shifts the numbers after it; the removed item is the change.
    r, text = compare("1. a\n2. b\n3. c\n", "1. a\n2. c\n")
    assert "Numbering" not in text and r.changed_blocks == 1


def test_a_rewrapped_line_is_still_no_change() -> None:
    r = redline(render("one two\nthree\n"), render("one\ntwo three\n"), "en")
    assert r.identical


# -- the invariant over generated documents: small documents from a grammar of the constructs
# above, and a revision of each changed in one or two of them

_WORDS = ["data", "we", "share", "Kintone", "rights", "access", "ข้อมูล", "cookies", "Inc."]
_LOOKALIKE = {"a": "\u0430", "o": "\u03bf", "s": "\u0455", "e": "\u0435"}
_INVISIBLE = ["\u200b", "\u200d", "\u200e", "\u202e", "\u2060"]
_SPACES = [" ", "\u00a0", "\u3000", "\u202f"]
_KINDS = ["p", "h", "ol", "adm", "details", "table", "ul"]


@dataclass(frozen=True)
class Gen:
    """A generated block: its kind, its words and the structure its kind may have."""

    kind: str
    words: tuple[str, ...]
    spaces: tuple[str, ...]  # between the words, in turn
    level: int
    start: int | None
    type: str | None
    reversed: bool
    value: int | None
    items: int
    adm: str
    open: bool
    dir: str | None
    th: bool

    @property
    def text(self) -> str:
        last = len(self.words) - 1
        return "".join(
            w + (self.spaces[k % len(self.spaces)] if k < last else "")
            for k, w in enumerate(self.words)
        )

    def markdown(self) -> str:
        text, kind = self.text, self.kind
        if kind == "p":
            return text + (f"\n{{: dir={self.dir} }}" if self.dir else "")
        if kind == "h":
            return "#" * self.level + " " + text
        if kind == "ul":
            return "\n".join(f"- {text} {k}" for k in range(self.items))
        if kind == "ol":
            start = f' start="{self.start}"' if self.start else ""
            kind_ = f' type="{self.type}"' if self.type else ""
            items = [f"<li>{text} {k}</li>" for k in range(self.items)]
            if self.value:
                items[-1] = f'<li value="{self.value}">{text} last</li>'
            return f"<ol{start}{kind_}{' reversed' if self.reversed else ''}>{''.join(items)}</ol>"
        if kind == "adm":
            return f'!!! {self.adm} "Title"\n    {text}'
        if kind == "details":
            shown = " open" if self.open else ""
            return f"<details{shown}><summary>S</summary><p>{text}</p></details>"
        cell = "th" if self.th else "td"
        return f"<table><tr><{cell}>{text}</{cell}><td>x</td></tr></table>"


def _words(r: random.Random) -> tuple[str, ...]:
    return tuple(r.choice(_WORDS) for _ in range(r.randint(1, 5)))


def _block(r: random.Random) -> Gen:
    return Gen(
        kind=r.choice(_KINDS),
        words=_words(r),
        spaces=tuple(r.choice([" "] * 6 + _SPACES) for _ in range(4)),
        level=r.randint(2, 4),
        start=r.choice([None, 3, 7]),
        type=r.choice([None, "a", "I"]),
        reversed=r.random() < 0.2,
        value=r.choice([None, None, 9]),
        items=r.randint(1, 3),
        adm=r.choice(["note", "danger", "tip", "warning"]),
        open=r.random() < 0.5,
        dir=r.choice([None, None, "rtl", "ltr"]),
        th=r.random() < 0.5,
    )


# What can change in each kind of block besides its words (and what any block can become).
_FIELDS = {
    "p": ["dir"], "h": ["level"], "ul": ["items"], "adm": ["adm"], "details": ["open"],
    "ol": ["start", "type", "reversed", "value", "items"], "table": ["th"],
}  # fmt: skip
_ANY = ["spaces", "lookalike", "invisible", "kind", "words"]


def _mutate(r: random.Random, b: Gen) -> Gen:
    """`b` changed in one respect that its Markdown shows (a few tries; else unchanged)."""
    for _ in range(8):
        changed = _change(r, b)
        if changed.markdown() != b.markdown():
            return changed
    return b


def _change(r: random.Random, b: Gen) -> Gen:
    field = r.choice(_FIELDS[b.kind] * 3 + _ANY)
    if field in ("lookalike", "invisible"):
        words = list(b.words)
        k = r.randrange(len(words))
        if field == "invisible":
            cut = r.randint(0, len(words[k]))
            words[k] = words[k][:cut] + r.choice(_INVISIBLE) + words[k][cut:]
        else:
            words[k] = "".join(_LOOKALIKE.get(c, c) for c in words[k])
        return dataclasses.replace(b, words=tuple(words))
    if field == "spaces":
        return dataclasses.replace(b, spaces=tuple(r.choice(_SPACES) for _ in range(4)))
    return dataclasses.replace(b, **{field: getattr(_block(r), field)})


_LAYOUT = re.compile(r"[ \t\n\r\f]+")


@pytest.mark.parametrize("seed", range(200))
def test_two_revisions_that_render_differently_always_have_a_change(seed: int) -> None:
    """Whenever two generated revisions render differently, the redline marks a change.

    "Differently" is up to runs of layout whitespace (spaces, tabs, newlines), which HTML shows
    as one space: a re-wrapped line is not a change a reader can see, and never marked.
    """
    r = random.Random(seed)
    blocks = [_block(r) for _ in range(r.randint(1, 5))]
    changed = list(blocks)
    for _ in range(r.randint(1, 2)):
        k = r.randrange(len(changed))
        changed[k] = _mutate(r, changed[k])
    a = render("\n\n".join(b.markdown() for b in blocks) + "\n")
    b = render("\n\n".join(b.markdown() for b in changed) + "\n")
    result = redline(a, b, "en")
    assert redline(a, b, "en") == result  # deterministic
    if _LAYOUT.sub(" ", a) != _LAYOUT.sub(" ", b):
        assert result.changed_blocks >= 1, (a, b)
        assert Marks(result.html).changes
    else:
        assert result.identical


def test_a_title_rewrapped_is_no_change() -> None:
    same = render("Text.\n")
    assert redline(same, same, "en", titles=("Privacy  policy", "Privacy policy ")).identical
