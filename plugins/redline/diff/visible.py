"""What words alone do not show: the rendered structure of two matched blocks, and characters a
reader cannot tell apart.

Two revisions can have the same words and still read differently: list items numbered `7., 8.`
instead of `1., 2.`, a heading one level down, a note become a danger admonition, a clause shown
open now collapsed, a paragraph set right to left, a table cell in another column. And two
words can differ while looking the same: a Cyrillic `ѕ` for a Latin `s`, a zero-width space, the
other Unicode normalization form. Each such difference becomes a note, in the reader's language,
beside the block or the word it concerns: the redline never says "no changes" about two pages a
reader would find different (the invariant `tests/unit/test_diff_visible.py` checks).

Structure is compared per aligned block pair, and each container pair once, so the cost stays
linear in the document (see `docs/ARCHITECTURE.md`, "Redlines").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable

from redline.text.catalogs import N_

from .parse import _HEADING_TAGS, Attrs, _Block, _Frame

Gettext = Callable[[str], str]
# A note: its label, the old value and the new one (either "" when there is none).
Note = tuple[str, str, str]

NUMBERING = N_("Numbering:")
HEADING_LEVEL = N_("Heading level:")
KIND = N_("Kind:")
DIRECTION = N_("Text direction:")
LANGUAGE = N_("Language:")
SHOWN = N_("Shown:")
OPEN = N_("open")
COLLAPSED = N_("collapsed")
CELLS = N_("Table cells:")
HEADER_CELL = N_("header")
DATA_CELL = N_("data")
TOOLTIP = N_("Tooltip:")
ATTRIBUTE = N_("Attribute %(name)s:")
TITLE = N_("Title:")
ANCHOR = N_("Anchor:")
CHARACTERS = N_("Characters:")
NONE = N_("none")
REPLACES = N_("%(new)s replaces %(old)s")
ADDED = N_("%(char)s added")
REMOVED = N_("%(char)s removed")
# Every interface string a redline may hold: a cached redline is keyed on their translations.
MESSAGES = (
    NUMBERING, HEADING_LEVEL, KIND, DIRECTION, LANGUAGE, SHOWN, OPEN, COLLAPSED, CELLS,
    HEADER_CELL, DATA_CELL, TOOLTIP, ATTRIBUTE, TITLE, ANCHOR, CHARACTERS, NONE, REPLACES, ADDED,
    REMOVED,
)  # fmt: skip

_ATTRIBUTE_LABELS = {"dir": DIRECTION, "lang": LANGUAGE, "title": TOOLTIP, "class": KIND}
# Not compared: ids (anchors; the redline keeps the newer ones) and an item's own value= (the
# list's numbering as a whole is compared instead, once).
_IGNORED = frozenset({"id", "value"})
_SPACES = re.compile(r"\s+")
# Characters with no glyph of their own (Unicode's Cc and Cf, whitespace aside): controls, the
# soft hyphen, zero-width characters, bidi marks and overrides, the byte order mark, tags.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u180e"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
_NUMBERING_ATTRS = frozenset({"start", "type", "reversed"})
# Letters that look like Latin ones in most fonts (Unicode's confusables, the common part).
_CONFUSABLES = str.maketrans(
    "аеорсуходіјѕԁԛԝѵһӏАВЕКМНОРСТХЅІЈԌοαντρυιкΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aeopcyxodijsdqwvhlABEKMHOPCTXSIJGoavtpuikABEZHIKMNOPTYX",
)


class Notes:
    """Structure differences of matched blocks, as notes in one language."""

    def __init__(self, gettext: Gettext) -> None:
        self.gettext = gettext
        self.seen: set[int] = set()  # uids of the newer containers already compared
        self.paths: set[tuple[int, int]] = set()  # id()s of the container paths compared

    def blocks(self, old: _Block, new: _Block, anchors: bool = False) -> list[Note]:
        """The notes for the pair (old, new): their containers first (each once), then their
        own element. `anchors`: note a changed id too (for blocks with the same words; a
        heading reworded gets a new id from its new words, and its marks say so already)."""
        notes: list[Note] = []
        # Blocks in one container share its path: each pair of paths is compared once.
        paths = (id(old.path), id(new.path))
        for fo, fn in zip(old.path, new.path, strict=False) if paths not in self.paths else ():
            if fo.tag != fn.tag:
                break
            if fn.uid in self.seen:
                continue
            self.seen.add(fn.uid)
            if fo.attrs != fn.attrs or fn.tag == "ol":
                notes.extend(self._frame(fo, fn))
                if anchors:
                    notes.extend(self._anchor(fo.attrs, fn.attrs))
        self.paths.add(paths)
        if old.tag != new.tag and old.tag in _HEADING_TAGS and new.tag in _HEADING_TAGS:
            assert old.tag is not None and new.tag is not None
            notes.append((self.gettext(HEADING_LEVEL), old.tag[1], new.tag[1]))
        if old.attrs != new.attrs:
            notes.extend(self._attrs(old.attrs, new.attrs))
            if anchors:
                notes.extend(self._anchor(old.attrs, new.attrs))
        if old.tag == new.tag == "tr" and [(c.tag, c.attrs) for c in old.cells] != [
            (c.tag, c.attrs) for c in new.cells
        ]:
            notes.append((self.gettext(CELLS), self._cells(old), self._cells(new)))
        return notes

    def title(self) -> str:
        """The label of a changed document title."""
        return self.gettext(TITLE)

    def _frame(self, old: _Frame, new: _Frame) -> list[Note]:
        notes: list[Note] = []
        spec_old, spec_new = _numbering_spec(old), _numbering_spec(new)
        if new.tag == "ol" and spec_old != spec_new:
            # Only when the list's own numbering changed: the numbers after an inserted or
            # removed item shift too, and that item is marked already. The same numbers set
            # another way (`start="1"` added) are noted as written.
            was, now = numbering(old), numbering(new)
            if was == now:
                was, now = _spec_text(spec_old), _spec_text(spec_new)
            none = self.gettext(NONE)
            notes.append((self.gettext(NUMBERING), was or none, now or none))
        if new.tag == "details" and _has(old.attrs, "open") != _has(new.attrs, "open"):
            states = [self.gettext(COLLAPSED), self.gettext(OPEN)]
            was_open, now_open = _has(old.attrs, "open"), _has(new.attrs, "open")
            notes.append((self.gettext(SHOWN), states[was_open], states[now_open]))
        skip = _NUMBERING_ATTRS | {"open"} if new.tag in ("ol", "details") else frozenset()
        notes.extend(self._attrs(old.attrs, new.attrs, skip))
        return notes

    def _attrs(self, old: Attrs, new: Attrs, skip: Iterable[str] = ()) -> list[Note]:
        a, b = dict(old), dict(new)
        ignored = _IGNORED | set(skip)
        notes: list[Note] = []
        for name in sorted((a.keys() | b.keys()) - ignored):
            was, now = a.get(name), b.get(name)
            if was == now:
                continue
            if name == "class":
                # An admonition's kind is its class beside `admonition`: `note` → `danger`.
                was, now = _kind(was), _kind(now)
                if was == now:
                    continue
            label = _ATTRIBUTE_LABELS.get(name)
            label = self.gettext(label) if label else self.gettext(ATTRIBUTE) % {"name": name}
            none = self.gettext(NONE)
            notes.append((label, was or none, now or none))
        return notes

    def _anchor(self, old: Attrs, new: Attrs) -> list[Note]:
        was, now = dict(old).get("id"), dict(new).get("id")
        if was == now:
            return []
        none = self.gettext(NONE)
        return [(self.gettext(ANCHOR), f"#{was}" if was else none, f"#{now}" if now else none)]

    def _cells(self, block: _Block) -> str:
        names = {"th": self.gettext(HEADER_CELL), "td": self.gettext(DATA_CELL)}
        parts = []
        for cell in block.cells:
            name = names.get(cell.tag or "", cell.tag or "")
            span = [f"{k}={v}" for k, v in cell.attrs if k != "id"]
            parts.append(" ".join([name, *span]))
        return ", ".join(parts)

    def characters(self, old: str, new: str) -> str | None:
        """What changed between two texts that look alike, spelled out character by character
        (`ѕ CYRILLIC SMALL LETTER DZE (U+0455) replaces s LATIN SMALL LETTER S (U+0073)`); None
        when they do not look alike (the marks show the change)."""
        if old == new or skeleton(old) != skeleton(new):
            return None
        start = 0
        while start < min(len(old), len(new)) and old[start] == new[start]:
            start += 1
        end = 0
        while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
            end += 1
        was, now = old[start : len(old) - end], new[start : len(new) - end]
        if was and now:
            return self.gettext(REPLACES) % {"new": describe(now), "old": describe(was)}
        if now:
            return self.gettext(ADDED) % {"char": describe(now)}
        return self.gettext(REMOVED) % {"char": describe(was)}


def _numbering_spec(ol: _Frame) -> tuple[tuple[tuple[str, str], ...], tuple[int | None, ...]]:
    """What sets a list's numbers, besides how many items it has."""
    own = tuple(sorted((k, v or "") for k, v in ol.attrs if k in _NUMBERING_ATTRS))
    return own, tuple(item.value for item in ol.items if item.explicit)


def _spec_text(spec: tuple[tuple[tuple[str, str], ...], tuple[int | None, ...]]) -> str:
    own, values = spec
    return ", ".join([*(f"{k}={v}" if v else k for k, v in own), *(f"value={v}" for v in values)])


def _has(attrs: Attrs, name: str) -> bool:
    return any(k == name for k, _ in attrs)


def _kind(value: str | None) -> str | None:
    if value is None:
        return None
    classes = value.split()
    return " ".join(c for c in classes if c != "admonition") if "admonition" in classes else value


@functools.lru_cache(maxsize=4096)
def skeleton(text: str) -> str:
    """What a reader sees of `text`: compatibility-normalized, any run of spaces one space (kept:
    a space removed between two words is seen), without invisible format characters
    (zero-width, bidi controls), look-alike letters Latin."""
    if text.isascii():
        return _SPACES.sub(" ", _INVISIBLE.sub("", text))
    text = _SPACES.sub(" ", unicodedata.normalize("NFKC", text))
    return _INVISIBLE.sub("", text).translate(_CONFUSABLES)


def describe(text: str, limit: int = 6) -> str:
    """Characters named: `ѕ CYRILLIC SMALL LETTER DZE (U+0455)`, invisible ones by name alone,
    joined by ` + `; at most `limit` of them."""
    parts = []
    for c in text[:limit]:
        name = unicodedata.name(c, "")
        code = f"U+{ord(c):04X}"
        category = unicodedata.category(c)
        if category.startswith("M"):
            shown = f"\u25cc{c} "  # a combining mark, on a dotted circle
        elif category.startswith(("C", "Z")):
            shown = ""
        else:
            shown = f"{c} "
        parts.append(f"{shown}{name} ({code})" if name else f"{shown}({code})")
    if len(text) > limit:
        parts.append("…")
    return " + ".join(parts)


def numbering(ol: _Frame) -> str:
    """The numbers a reader sees on a list's items, runs shortened: `1.–3., 9.`, `a.–b.`."""
    kind = next((v for k, v in ol.attrs if k == "type"), None) or "1"
    values = [item.value for item in ol.items if item.value is not None]
    parts: list[str] = []
    k = 0
    while k < len(values):
        end = k
        while end + 1 < len(values) and values[end + 1] - values[end] == values[k + 1] - values[k]:
            if abs(values[k + 1] - values[k]) != 1:
                break
            end += 1
        first, last = _marker(values[k], kind), _marker(values[end], kind)
        parts.append(first if end == k else f"{first}–{last}")
        k = end + 1
    return ", ".join(parts)


def _marker(value: int, kind: str) -> str:
    if kind in ("a", "A") and value > 0:
        letters = ""
        while value > 0:
            value, rest = divmod(value - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return (letters.upper() if kind == "A" else letters) + "."
    if kind in ("i", "I") and 0 < value < 4000:
        numerals = [
            (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
            (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
        ]  # fmt: skip
        roman = ""
        for n, letters in numerals:
            while value >= n:
                roman += letters
                value -= n
        return (roman.upper() if kind == "I" else roman) + "."
    return f"{value}."
