"""Redlines of inputs large enough that the diff is cut before aligning (see `diff.align._diff`)
or nested deeply: every change is still marked and both texts can be read back from the marks."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from redline.diff import redline


class _Sides(HTMLParser):
    """The old text (unchanged and struck) and the new one (unchanged and inserted) of a
    redline, per `<li>` or `<p>`, leaving out the redline's notes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.old: list[str] = []
        self.new: list[str] = []
        self.marked: list[bool] = []
        self.stack: list[tuple[str, bool]] = []  # open elements: (tag, is a note)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        note = "rl-note" in classes or "rl-address" in classes
        if tag in ("li", "p"):
            self.old.append("")
            self.new.append("")
            self.marked.append("rl-change" in classes)
        if tag not in ("br", "hr", "img", "wbr"):
            self.stack.append((tag, note))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.old or any(note for _, note in self.stack):
            return
        tags = {t for t, _ in self.stack}
        if "ins" not in tags:
            self.old[-1] += data
        if "del" not in tags:
            self.new[-1] += data


def sides(html: str) -> _Sides:
    parser = _Sides()
    parser.feed(html)
    parser.close()
    return parser


def text_of(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", part) for part in re.findall(r"<(?:li|p)>(.*?)</", html)]


def test_every_line_of_a_long_rewritten_list_is_marked() -> None:
    # 1,100 x 1,100 lines is past the exact diff's bound: the list is aligned in windows.
    old = "<ul>" + "".join(f"<li>Item {k} lists the original entry</li>" for k in range(1100))
    new = "<ul><li>A first item added</li>" + "".join(
        f"<li>Item {k} lists the revised entry</li>" for k in range(1100) if k != 500
    )
    r = redline(old + "</ul>", new + "</ul>", "en")
    seen = sides(r.html)
    assert all(seen.marked)
    assert [t.strip() for t in seen.new if t.strip()] == text_of(new)
    assert [t.strip() for t in seen.old if t.strip()] == text_of(old)
    assert r.words_deleted >= 1100 and r.words_inserted >= 1100


def test_a_long_rewritten_thai_paragraph_reads_back_both_texts() -> None:
    # One paragraph without spaces, over 1,000 words on each side: diffed in pieces.
    base = ["บริษัทจะเก็บรวบรวมข้อมูลส่วนบุคคล", "ของท่านเท่าที่จำเป็น", "การเข้าถึงข้อมูลจำกัดเฉพาะพนักงาน"]
    old_parts = [base[k % 3] for k in range(300)]
    # Every other sentence reworded, one in four written backwards: still similar enough (half
    # the words) to be diffed word by word.
    new_parts = [p.replace("ข้อมูล", "สารสนเทศ") if k % 2 else p for k, p in enumerate(old_parts)]
    new_parts = [p[::-1] if k % 4 == 1 else p for k, p in enumerate(new_parts)]
    old, new = "".join(old_parts), "".join(new_parts)
    r = redline(f"<p>{old}</p>", f"<p>{new}</p>", "th")
    seen = sides(r.html)
    assert seen.marked == [True]
    assert [t.strip() for t in seen.old] == [old] and [t.strip() for t in seen.new] == [new]
    assert r.words_inserted and r.words_deleted


def test_a_deeply_nested_list_keeps_its_depth_and_marks_every_level() -> None:
    depth = 300

    def nested(mark: str) -> str:
        opening = "".join(f"<ul><li>level {d}{mark}" for d in range(depth))
        closing = "".join(f"</li></ul>after {d}{mark}" for d in range(depth - 1, -1, -1))
        return opening + closing

    r = redline(nested(""), nested(" reworded"), "en")
    assert r.html.count("<ul") == depth
    assert r.changed_blocks == 2 * depth
    assert r.words_inserted == 2 * depth and r.words_deleted == 0
