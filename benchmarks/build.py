"""Build benchmark: what a Redline site with N releases costs to build, against the alternatives.

Run from the repository root:  .venv/bin/python benchmarks/build.py [--releases N] [--runs R]
(or `make bench`). `--quick` measures N only, once, with fewer per-release samples.

For N releases (default 100) and for a larger history (`--scale`, default 4 x N) it generates a
synthetic policy repository: the project's privacy and cookie policies in English and Thai, a few
clause-level edits per release (a sentence reworded, a list item added or removed, a sentence
appended, now and then a clause added or removed, renumbering the clauses after it), the Thai
translation lagging behind English at some releases, and real annotated tags `policy/YYYY-MM-DD`
(written with `git fast-import`; generation is not measured). The redline `as_of` date is fixed,
so runs are comparable. It then measures, each build in its own `mkdocs build` process (wall time
of the process, peak RSS from `wait4`):

- baseline: plain mkdocs-material, redline plugin off, the newest release's policy files as
  ordinary pages (docs_dir = the policy folder): what a site without history pays per page;
- per-release: one full redline build of a clone whose tags stop at a release, for evenly spaced
  releases (each with an empty cache): versioning by separate builds (mike) builds every release
  like this, so N x the mean is the cost of rebuilding every version separately;
- redline cold (the plugin's `cache_dir` deleted first) and warm (the cache of the cold build
  kept), all N releases; the generated pages (.html files) and the cost per page;
- serve edit: `mkdocs serve` on the repository, a sentence appended to the working tree's English
  privacy policy, and the time until the draft page `/en/privacy-policy/draft/` serves it;
- the time split by phase of one cold and one warm build, run in-process with timers wrapped
  around the functions that do the work (exclusive time: a phase nested in another is not
  counted twice), and how often Markdown, diffs and Thai segmentation repeat the same work.

It prints a table, the ratios, and one line per target; it exits 0 whether targets pass or not.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import hashlib
import importlib
import inspect
import json
import math
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

PROJECT = Path(__file__).resolve().parent.parent
try:
    from redline import demo
except ImportError:  # not installed: run from the checkout
    sys.path.insert(0, str(PROJECT / "plugins"))
    from redline import demo

DOCS = ("privacy-policy", "cookie-policy")
LOCALES = ("en", "th")
TITLES = {
    ("privacy-policy", "en"): "Privacy Policy",
    ("privacy-policy", "th"): "นโยบายความเป็นส่วนตัว",
    ("cookie-policy", "en"): "Cookies Policy",
    ("cookie-policy", "th"): "นโยบายคุกกี้",
}
# New clauses go before this clause of each document.
CLAUSE_BEFORE = {
    "privacy-policy": "revision-of-this-policy",
    "cookie-policy": "changes-to-this-policy",
}

# Rewording: each pair is swapped in one direction or the other, so the text does not drift.
REWORDS = {
    "en": [
        ("appropriately", "properly"), ("necessary", "required"), ("regular", "periodic"),
        ("conducts", "carries out"), ("including", "such as"), ("third parties", "outside parties"),
        ("will not", "shall not"), ("ensure", "guarantee"), ("company", "organisation"),
        ("inquiries", "enquiries"), ("prior consent", "advance consent"),
        ("employees", "staff members"), ("measures", "steps"), ("information", "data"),
        ("contact us", "get in touch with us"), ("you may", "you might"),
    ],
    "th": [
        ("เป็นประจำ", "อย่างสม่ำเสมอ"), ("บุคคลภายนอก", "บุคคลที่สาม"), ("ความยินยอม", "ความเห็นชอบ"),
        ("ผลิตภัณฑ์และบริการ", "สินค้าและบริการ"), ("เก็บรวบรวม", "จัดเก็บ"), ("ที่เหมาะสม", "ที่สมควร"),
        ("โดยไม่ชักช้า", "โดยเร็ว"), ("พนักงาน", "ลูกจ้าง"), ("เว็บไซต์", "เว็บไซต์ทางการ"),
        ("ดำเนินการ", "ปฏิบัติการ"), ("ติดต่อเรา", "ติดต่อมายังเรา"), ("ตรวจสอบ", "ตรวจตรา"),
    ],
}  # fmt: skip

# (English, Thai) list items, appended sentences and clauses (title, anchor, text).
ITEMS = [
    ("to verify the identity of the individual when responding to requests for disclosure, etc.",
     "เพื่อยืนยันตัวตนของบุคคลเมื่อตอบสนองต่อคำขอให้เปิดเผยข้อมูล ฯลฯ"),
    ("to detect and prevent fraudulent use of our products and services",
     "เพื่อตรวจจับและป้องกันการใช้ผลิตภัณฑ์และบริการของเราโดยมิชอบ"),
    ("to notify you of changes to our terms of use and this policy",
     "เพื่อแจ้งให้ท่านทราบถึงการเปลี่ยนแปลงข้อกำหนดการใช้งานและนโยบายนี้"),
    ("to conduct statistical analysis in a form that does not identify individuals",
     "เพื่อวิเคราะห์ทางสถิติในรูปแบบที่ไม่สามารถระบุตัวบุคคลได้"),
    ("when it is necessary to respond to a lawful request from a court or an investigative "
     "authority", "เมื่อมีความจำเป็นต้องปฏิบัติตามคำขอที่ชอบด้วยกฎหมายของศาลหรือหน่วยงานสอบสวน"),
    ("Cybozu reviews the access rights of employees to personal data at least once a year.",
     "Cybozu ทบทวนสิทธิการเข้าถึงข้อมูลส่วนบุคคลของพนักงานอย่างน้อยปีละหนึ่งครั้ง"),
    ("to manage the security of our offices and of the visitors to them",
     "เพื่อบริหารจัดการความปลอดภัยของสำนักงานและผู้มาเยือนสำนักงาน"),
    ("to send newsletters to people who have subscribed to them",
     "เพื่อส่งจดหมายข่าวถึงผู้ที่ได้สมัครรับจดหมายข่าวดังกล่าว"),
]  # fmt: skip
SENTENCES = [
    ("Cybozu reviews this handling at least once a year.",
     "Cybozu ทบทวนการดำเนินการนี้อย่างน้อยปีละหนึ่งครั้ง"),
    ("Details are available from the inquiries desk on request.",
     "ท่านสามารถขอรายละเอียดได้จากฝ่ายรับเรื่องสอบถาม"),
    ("This applies equally to information collected through our mobile applications.",
     "ข้อนี้ใช้บังคับกับข้อมูลที่เก็บรวบรวมผ่านแอปพลิเคชันบนอุปกรณ์เคลื่อนที่ของเราด้วยเช่นกัน"),
    ("The same applies to the companies that Cybozu entrusts with this work.",
     "ข้อนี้ใช้บังคับกับบริษัทที่ Cybozu มอบหมายให้ดำเนินงานดังกล่าวด้วย"),
]  # fmt: skip
CLAUSES = [
    (("Retention of personal data", "การเก็บรักษาข้อมูลส่วนบุคคล"), "retention",
     ("Cybozu retains personal data only for as long as it is needed for the purposes of use "
      "described in this policy, or for the period required by law, and deletes or anonymises it "
      "without delay after that period.",
      "Cybozu จะเก็บรักษาข้อมูลส่วนบุคคลไว้เพียงเท่าที่จำเป็นตามวัตถุประสงค์การใช้ที่ระบุไว้ในนโยบายนี้ "
      "หรือตามระยะเวลาที่กฎหมายกำหนด "
      "และจะลบหรือทำให้ข้อมูลดังกล่าวเป็นข้อมูลนิรนามโดยไม่ชักช้าเมื่อพ้นระยะเวลาดังกล่าว")),
    (("Transfers of personal data to foreign countries", "การโอนข้อมูลส่วนบุคคลไปยังต่างประเทศ"),
     "foreign-transfers",
     ("When Cybozu provides personal data to a third party in a foreign country, we do so only "
      "after obtaining the consent of the individual or taking the measures required by the "
      "Personal Information Protection Act, and we provide information on the personal "
      "information protection system of that country on request.",
      "เมื่อ Cybozu ให้ข้อมูลส่วนบุคคลแก่บุคคลภายนอกในต่างประเทศ เราจะดำเนินการดังกล่าวภายหลังจากได้รับความยินยอม"
      "จากเจ้าของข้อมูลส่วนบุคคลหรือได้ดำเนินมาตรการตามที่พระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคลกำหนดแล้วเท่านั้น "
      "และจะให้ข้อมูลเกี่ยวกับระบบการคุ้มครองข้อมูลส่วนบุคคลของประเทศนั้นเมื่อได้รับการร้องขอ")),
    (("Personal information of children", "ข้อมูลส่วนบุคคลของผู้เยาว์"), "children",
     ("Cybozu does not knowingly collect personal information from children under the age of 16 "
      "without the consent of a parent or guardian. If we learn that we have collected such "
      "information, we will delete it promptly.",
      "Cybozu จะไม่เก็บรวบรวมข้อมูลส่วนบุคคลของผู้เยาว์ที่มีอายุต่ำกว่า 16 ปีโดยรู้อยู่โดยปราศจากความยินยอม"
      "ของบิดามารดาหรือผู้ปกครอง หากเราทราบว่าได้เก็บรวบรวมข้อมูลดังกล่าวไว้ เราจะลบข้อมูลนั้นโดยเร็ว")),
    (("Third-party cookies", "คุกกี้ของบุคคลภายนอก"), "third-party-cookies",
     ("Some pages of our sites contain content from third parties, such as embedded videos, whose "
      "providers may set their own cookies. Please refer to the privacy policies of those "
      "providers for details.",
      "บางหน้าของเว็บไซต์ของเรามีเนื้อหาจากบุคคลภายนอก เช่น วิดีโอที่ฝังไว้ ซึ่งผู้ให้บริการอาจตั้งค่าคุกกี้ของตนเอง "
      "โปรดดูรายละเอียดในนโยบายความเป็นส่วนตัวของผู้ให้บริการเหล่านั้น")),
]  # fmt: skip
CHANGE_WORDS = {
    "reword": ("wording clarified", "ปรับปรุงถ้อยคำให้ชัดเจนขึ้น"),
    "add_item": ("an item added to a list", "เพิ่มรายการ"),
    "remove_item": ("an item removed from a list", "ตัดรายการออก"),
    "add_sentence": ("a sentence added", "เพิ่มประโยค"),
    "remove_sentence": ("a sentence removed", "ตัดประโยคออก"),
    "add_clause": ("a clause added", "เพิ่มข้อใหม่"),
    "remove_clause": ("a clause removed", "ตัดข้อออก"),
}
THAI_MONTHS = [
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
]  # fmt: skip

_LIST_LINE = re.compile(r"^(?:\d+\.|-) ")
_NUMBERED_H2 = re.compile(r"^## \d+\. ")


# ------------------------------------------------------------------------------------------
# The synthetic policy repository


@dataclass(frozen=True)
class Edit:
    """One clause-level edit, applied to English at once and to Thai now or later."""

    kind: str
    seed: int
    item: int = 0  # index into ITEMS / SENTENCES / CLAUSES
    clause_id: int = 0


class Document:
    """A policy body as blocks (separated by blank lines), edited in place."""

    def __init__(self, doc: str, body: str, locale: str) -> None:
        self.doc = doc
        self.locale = locale
        self.blocks = [b for b in body.strip().split("\n\n") if b.strip()]

    def text(self) -> str:
        return "\n\n".join(self.blocks) + "\n"

    def _lists(self) -> list[int]:
        return [
            i for i, b in enumerate(self.blocks) if all(_LIST_LINE.match(x) for x in b.split("\n"))
        ]

    def _paragraphs(self) -> list[int]:
        return [
            i
            for i, b in enumerate(self.blocks)
            if not b.startswith(("#", ">")) and i not in self._lists()
        ]

    def apply(self, edit: Edit) -> None:
        lc = 0 if self.locale == "en" else 1
        rng = random.Random(edit.seed)
        if edit.kind == "reword":
            self._reword(rng)
        elif edit.kind == "add_item":
            lists = self._lists()
            if lists:
                i = lists[rng.randrange(len(lists))]
                lines = self.blocks[i].split("\n")
                lines.insert(rng.randrange(len(lines) + 1), "- " + ITEMS[edit.item][lc])
                self.blocks[i] = _renumber(lines)
        elif edit.kind == "remove_item":
            text = ITEMS[edit.item][lc]
            for i, block in enumerate(self.blocks):
                lines = block.split("\n")
                kept = [x for x in lines if _LIST_LINE.sub("", x) != text]
                if len(kept) != len(lines):
                    self.blocks[i] = _renumber(kept)
        elif edit.kind == "add_sentence":
            paragraphs = self._paragraphs()
            i = paragraphs[rng.randrange(len(paragraphs))]
            self.blocks[i] += " " + SENTENCES[edit.item][lc]
        elif edit.kind == "remove_sentence":
            sentence = " " + SENTENCES[edit.item][lc]
            self.blocks = [b.replace(sentence, "") for b in self.blocks]
        elif edit.kind == "add_clause":
            titles, anchor, texts = CLAUSES[edit.item]
            before = f"{{#{CLAUSE_BEFORE[self.doc]}}}"
            at = next(
                (
                    i
                    for i, b in enumerate(self.blocks)
                    if b.startswith("## ") and b.endswith(before)
                ),
                len(self.blocks),
            )
            numbered = any(_NUMBERED_H2.match(b) for b in self.blocks)
            number = "0. " if numbered else ""
            heading = f"## {number}{titles[lc]} {{#{anchor}-{edit.clause_id}}}"
            self.blocks[at:at] = [heading, texts[lc]]
            self._renumber_clauses()
        elif edit.kind == "remove_clause":
            marker = f"-{edit.clause_id}}}"
            start = next(
                (
                    i
                    for i, b in enumerate(self.blocks)
                    if b.startswith("## ") and b.endswith(marker)
                ),
                None,
            )
            if start is not None:
                end = start + 1
                while end < len(self.blocks) and not self.blocks[end].startswith("## "):
                    end += 1
                del self.blocks[start:end]
                self._renumber_clauses()

    def _reword(self, rng: random.Random) -> None:
        pairs = REWORDS[self.locale]
        candidates = self._paragraphs() + self._lists()
        rng.shuffle(candidates)
        for i in candidates:
            block = self.blocks[i]
            options = [(a, b) for a, b in pairs if a in block] + [
                (b, a) for a, b in pairs if b in block
            ]
            if options:
                old, new = options[rng.randrange(len(options))]
                at = [m.start() for m in re.finditer(re.escape(old), block)]
                pos = at[rng.randrange(len(at))]
                self.blocks[i] = block[:pos] + new + block[pos + len(old) :]
                return

    def _renumber_clauses(self) -> None:
        n = 0
        for i, block in enumerate(self.blocks):
            if _NUMBERED_H2.match(block):
                n += 1
                self.blocks[i] = _NUMBERED_H2.sub(f"## {n}. ", block, count=1)


def _renumber(lines: list[str]) -> str:
    ordered = any(re.match(r"^\d+\. ", x) for x in lines)
    out = []
    for n, line in enumerate(lines, 1):
        text = _LIST_LINE.sub("", line)
        out.append(f"{n}. {text}" if ordered else f"- {text}")
    return "\n".join(out)


def _front_matter(title: str, notice: str, effective: datetime.date | None) -> str:
    meta: dict[str, Any] = {"title": title}
    if effective:
        meta["effective"] = effective
    meta["notice"] = notice
    return (
        "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100) + "---\n\n"
    )


def _thai_date(day: datetime.date) -> str:
    return f"{day.day} {THAI_MONTHS[day.month - 1]} {day.year + 543}"


@dataclass
class Release:
    date: datetime.date
    summary: str
    files: dict[str, str]  # policy/<lc>/<doc>.md -> text


def synthesize(n: int, seed: int = 20240601) -> list[Release]:
    """N releases of the project's policies, with clause-level edits and a lagging translation."""
    rng = random.Random(seed)
    base = {}
    for doc in DOCS:
        for lc in LOCALES:
            text = (PROJECT / "policy" / lc / f"{doc}.md").read_text(encoding="utf-8")
            base[doc, lc] = Document(doc, text.split("\n---\n", 1)[1], lc)
    cookie_start = max(2, n // 5)
    published: dict[tuple[str, str], str] = {}  # the current file text per document and locale
    pending: dict[str, list[Edit]] = {doc: [] for doc in DOCS}  # Thai edits not yet translated
    lag_since: dict[str, int] = {}
    outstanding: dict[str, dict[str, list[int]]] = {
        doc: {"item": [], "sentence": [], "clause": []} for doc in DOCS
    }
    clause_ids = iter(range(1, 10**6))
    day = datetime.date(2004, 1, 5)
    releases: list[Release] = []
    for index in range(n):
        day += datetime.timedelta(days=rng.randint(7, 21) if index else 0)
        effective = day + datetime.timedelta(days=30) if rng.random() < 0.15 else None
        changes: dict[tuple[str, str], list[str]] = {}
        for doc in DOCS:
            if doc == "cookie-policy" and index < cookie_start:
                continue
            first = (doc, "en") not in published
            edits: list[Edit] = []
            if not first and rng.random() < (0.9 if doc == "privacy-policy" else 0.15):
                for _ in range(rng.choice((1, 1, 2, 2, 3))):
                    edits.append(_pick_edit(rng, outstanding[doc], clause_ids))
            if not first and not edits and doc == "privacy-policy" and not changes:
                edits.append(Edit("reword", rng.randrange(10**9)))
            for edit in edits:
                base[doc, "en"].apply(edit)
            if edits or first:
                changes[doc, "en"] = [e.kind for e in edits] or ["first"]
            pending[doc].extend(edits)
            # Thai: published one release after English at first, then translated at once or
            # lagging for a few releases; a Thai-only correction now and then.
            thai_first = (doc, "th") not in published and (index > 0 or doc == "cookie-policy")
            lagging = pending[doc] and not thai_first and rng.random() < 0.3
            if lagging and index - lag_since.setdefault(doc, index) < 4:
                continue
            lag_since.pop(doc, None)
            thai = list(pending[doc])
            if not thai and not thai_first and (doc, "th") in published and rng.random() < 0.05:
                thai = [Edit("reword", rng.randrange(10**9))]
            if (doc, "th") not in published and not thai_first:
                continue
            for edit in thai:
                base[doc, "th"].apply(edit)
            pending[doc] = []
            if thai or thai_first:
                changes[doc, "th"] = [e.kind for e in thai] or ["first"]
        for (doc, lc), kinds in changes.items():
            words = sorted({CHANGE_WORDS[k][lc == "th"] for k in kinds if k in CHANGE_WORDS})
            if lc == "en":
                notice = (
                    f"Revision of {day:%B} {day.day}, {day.year}: "
                    + ("; ".join(words) if words else "first publication")
                    + "."
                )
            else:
                notice = f"ฉบับแก้ไขวันที่ {_thai_date(day)} " + (
                    " ".join(words) if words else "เผยแพร่ครั้งแรก"
                )
            text = _front_matter(TITLES[doc, lc], notice, effective) + base[doc, lc].text()
            published[doc, lc] = text
        files = {f"policy/{lc}/{doc}.md": text for (doc, lc), text in published.items()}
        changed = ", ".join(f"{doc} ({lc})" for doc, lc in changes)
        releases.append(Release(day, f"Release {index + 1}: {changed}.", files))
    return releases


def _pick_edit(
    rng: random.Random, outstanding: dict[str, list[int]], clause_ids: Iterator[int]
) -> Edit:
    """A random edit; additions are undone later, so documents stay near their 12 KB."""
    seed = rng.randrange(10**9)
    roll = rng.random()
    if roll < 0.08 and len(outstanding["clause"]) < 2:
        item = rng.randrange(len(CLAUSES))
        clause_id = next(clause_ids)
        outstanding["clause"].append(clause_id)
        return Edit("add_clause", seed, item, clause_id)
    if roll < 0.12 and outstanding["clause"]:
        return Edit("remove_clause", seed, clause_id=outstanding["clause"].pop(0))
    free_items = [i for i in range(len(ITEMS)) if i not in outstanding["item"]]
    if roll < 0.28 and free_items:
        item = rng.choice(free_items)
        outstanding["item"].append(item)
        return Edit("add_item", seed, item)
    if roll < 0.38 and outstanding["item"]:
        return Edit("remove_item", seed, outstanding["item"].pop(0))
    free = [i for i in range(len(SENTENCES)) if i not in outstanding["sentence"]]
    if roll < 0.5 and free:
        item = rng.choice(free)
        outstanding["sentence"].append(item)
        return Edit("add_sentence", seed, item)
    if roll < 0.58 and outstanding["sentence"]:
        return Edit("remove_sentence", seed, outstanding["sentence"].pop(0))
    return Edit("reword", seed)


def _git(repo: Path, *args: str, stdin: bytes | None = None) -> str:
    result = subprocess.run(["git", *args], cwd=repo, input=stdin, check=True, capture_output=True)
    return result.stdout.decode()


def write_repository(path: Path, releases: list[Release]) -> None:
    """A real git repository with one commit and one annotated tag per release (fast-import)."""
    path.mkdir(parents=True)
    _git(path, "init", "-q", "-b", "main")
    stream = bytearray()

    def data(payload: bytes) -> None:
        stream.extend(b"data %d\n" % len(payload) + payload + b"\n")

    who = b"Legal Editor <legal@example.com>"
    for n, release in enumerate(releases, 1):
        stamp = int(datetime.datetime(*release.date.timetuple()[:3], 9).timestamp())
        stream.extend(b"commit refs/heads/main\nmark :%d\n" % n)
        stream.extend(b"author %s %d +0700\ncommitter %s %d +0700\n" % (who, stamp, who, stamp))
        data(f"Policy release {release.date.isoformat()}".encode())
        stream.extend(b"deleteall\n")
        for name, text in sorted(release.files.items()):
            stream.extend(b"M 100644 inline %s\n" % name.encode())
            data(text.encode())
        stream.extend(f"tag policy/{release.date.isoformat()}\n".encode())
        stream.extend(b"from :%d\ntagger %s %d +0700\n" % (n, who, stamp))
        data(release.summary.encode())
    _git(path, "fast-import", "--quiet", stdin=bytes(stream))
    _git(path, "reset", "-q", "--hard", "main")
    (path / ".gitignore").write_text("site/\nmkdocs.yml\n", encoding="utf-8")


def cut_repository(source: Path, target: Path, releases: list[Release], keep: int) -> None:
    """A clone of `source` whose release tags stop at release number `keep` (1-based)."""
    _git(source.parent, "clone", "-q", "--no-checkout", str(source), str(target))
    doomed = "".join(f"delete refs/tags/policy/{r.date.isoformat()}\n" for r in releases[keep:])
    _git(target, "update-ref", "--stdin", stdin=doomed.encode())
    _git(target, "reset", "-q", "--hard", f"policy/{releases[keep - 1].date.isoformat()}")


def write_configs(repo: Path, work: Path, as_of: datetime.date) -> tuple[Path, Path]:
    """The redline mkdocs.yml (in the repository, via demo.write_config) and the baseline's."""
    path = demo.write_config(PROJECT, repo)
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    for entry in config["plugins"]:
        if isinstance(entry, dict) and "redline" in entry:
            entry["redline"]["as_of"] = as_of.isoformat()
            entry["redline"]["cache_dir"] = str(work / "cache" / repo.name)
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    plain = dict(config)
    plain["plugins"] = [
        e for e in config["plugins"] if not (isinstance(e, dict) and "redline" in e)
    ]
    plain["theme"] = {k: v for k, v in config["theme"].items() if k != "custom_dir"}
    plain.pop("extra_css", None)
    plain.pop("extra_javascript", None)
    plain.pop("nav", None)
    baseline = work / f"baseline-{repo.name}.yml"
    baseline.write_text(yaml.safe_dump(plain, allow_unicode=True, sort_keys=False), "utf-8")
    return path, baseline


def write_archive(releases: list[Release], baseline_config: Path, work: Path) -> Path:
    """Every released revision as a plain page (`<lc>/<doc>/<date>.md`) and its mkdocs.yml.

    Not a target: the baseline at the redline site's scale, to compare the cost per page without
    the fixed cost of starting MkDocs, which dominates a 4-page build. Only the current policies
    are in the nav, as on the redline site (a nav of every page would cost O(pages^2)).
    """
    docs = work / "archive-docs"
    previous: dict[str, str] = {}
    for release in releases:
        for name, text in release.files.items():
            if previous.get(name) != text:
                lc, doc = name.removeprefix("policy/").removesuffix(".md").split("/")
                target = docs / lc / doc / f"{release.date.isoformat()}.md"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
                previous[name] = text
    config = yaml.safe_load(baseline_config.read_text(encoding="utf-8"))
    config["docs_dir"] = str(docs)
    newest = releases[-1].date.isoformat()
    config["nav"] = [str(p.relative_to(docs)) for p in sorted(docs.glob(f"*/*/{newest}.md"))] or [
        str(next(docs.rglob("*.md")).relative_to(docs))
    ]
    path = work / "baseline-archive.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def cache_dir_of(config_file: Path) -> Path | None:
    """The redline plugin's `cache_dir`, resolved like a path relative to mkdocs.yml."""
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    for entry in config.get("plugins", []):
        if isinstance(entry, dict) and "redline" in entry:
            value = (entry["redline"] or {}).get("cache_dir", ".cache/redline")
            return (config_file.parent / value).resolve()
    return None


# ------------------------------------------------------------------------------------------
# Measurements


@dataclass
class Build:
    seconds: float  # wall time of the `mkdocs build` process
    rss_mb: float  # its peak resident memory
    pages: int  # .html files written
    ok: bool
    cpu: float = math.nan  # user + system CPU seconds of the process (and the git it ran)
    locales: dict[str, float] = field(default_factory=dict)  # nested build seconds per locale
    cache: str = ""  # the plugin's "cache: N hits, M misses" after the last locale


_LOCALE_LOG = re.compile(r"redline: built /(\w+)/: .*? in ([\d.]+)s")
_CACHE_LOG = re.compile(r"\(cache: (\d+ hits, \d+ misses)\)")


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "REDLINE_DRAFTS")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["PYTHONHASHSEED"] = "0"
    return env


def run_build(config: Path, site: Path, log: Path, *, clear_cache: bool = False) -> Build:
    """One `mkdocs build` in a child process: wall time, peak RSS (wait4) and .html pages."""
    if clear_cache:
        cache = cache_dir_of(config)
        if cache is not None and cache.exists():
            shutil.rmtree(cache)
    if site.exists():
        shutil.rmtree(site)
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site)]
    with log.open("w", encoding="utf-8") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=child_env())
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:  # interrupted: do not leave the build running
            proc.kill()
            proc.wait()
            raise
        seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    text = log.read_text(encoding="utf-8", errors="replace")
    if proc.returncode != 0:
        tail = "\n".join(text.splitlines()[-15:])
        print(f"  ! build failed ({config}, exit {proc.returncode}):\n{tail}", flush=True)
        return Build(math.nan, usage.ru_maxrss / 1024, 0, False, cpu)
    pages = sum(1 for _ in site.rglob("*.html"))
    locales = {m.group(1): float(m.group(2)) for m in _LOCALE_LOG.finditer(text)}
    caches = _CACHE_LOG.findall(text)
    return Build(
        seconds, usage.ru_maxrss / 1024, pages, True, cpu, locales, caches[-1] if caches else ""
    )


def median_build(builds: list[Build]) -> Build:
    good = [b for b in builds if b.ok] or builds
    seconds = statistics.median(b.seconds for b in good)
    locales = {
        lc: statistics.median(b.locales[lc] for b in good if lc in b.locales)
        for lc in {lc for b in good for lc in b.locales}
    }
    return Build(
        seconds,
        max(b.rss_mb for b in good),
        max(b.pages for b in good),
        good[0].ok,
        statistics.median(b.cpu for b in good),
        locales,
        good[-1].cache,
    )


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a running process (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()
    except OSError:
        return math.nan
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _peak_rss_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return math.nan
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
    return int(match.group(1)) / 1024 if match else math.nan


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except (urllib.error.URLError, OSError):
        return 0, ""


@dataclass
class ServeResult:
    startup: float = math.nan  # from starting `mkdocs serve` to the first page served
    rss_mb: float = math.nan  # peak memory of the server (VmHWM) at the end
    edits: list[float] = field(default_factory=list)  # save -> the draft page shows the edit
    edits_cpu: list[float] = field(default_factory=list)  # CPU the server spent meanwhile
    note: str = ""


def measure_serve(config: Path, repo: Path, work: Path, edits: int, budget: float) -> ServeResult:
    """Start `mkdocs serve`, append a sentence to the English privacy policy, time the rebuild."""
    result = ServeResult()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    source = repo / "policy" / "en" / "privacy-policy.md"
    original = source.read_bytes()
    log = (work / "serve.log").open("w", encoding="utf-8")
    cmd = [
        sys.executable, "-m", "mkdocs", "serve", "-f", str(config),
        "--dev-addr", f"127.0.0.1:{port}",
    ]  # fmt: skip
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=child_env())
    try:
        while time.perf_counter() - started < budget:
            if proc.poll() is not None:
                result.note = f"mkdocs serve exited ({proc.returncode}); see {work / 'serve.log'}"
                return result
            if fetch(f"{base}/en/privacy-policy/")[0] == 200:
                result.startup = time.perf_counter() - started
                break
            time.sleep(0.1)
        else:
            result.note = f"mkdocs serve did not serve within {budget:.0f} s"
            return result
        time.sleep(1.0)  # let the watcher settle after the first build
        draft = f"{base}/en/privacy-policy/draft/"
        for n in range(edits):
            token = f"Benchmark sentence {n} {os.getpid()} {time.time_ns()}."
            cpu = _cpu_seconds(proc.pid)
            source.write_bytes(original.rstrip(b"\n") + b" " + token.encode() + b"\n")
            saved = time.perf_counter()
            while time.perf_counter() - saved < budget:
                status, body = fetch(draft)
                if status == 200 and token in body:
                    result.edits.append(time.perf_counter() - saved)
                    result.edits_cpu.append(_cpu_seconds(proc.pid) - cpu)
                    break
                time.sleep(0.02)
            else:
                result.note = f"the edit was not served within {budget:.0f} s"
                break
            source.write_bytes(original)
            restored = time.perf_counter()
            while time.perf_counter() - restored < budget and fetch(draft)[0] == 200:
                time.sleep(0.05)
            time.sleep(0.5)
    finally:
        source.write_bytes(original)
        result.rss_mb = _peak_rss_mb(proc.pid)
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)
        log.close()
    return result


# ------------------------------------------------------------------------------------------
# Time split by phase (in a child process, `--phase-child`)

# Phase -> functions (dotted names; missing ones are skipped, the plugin changes). Time is
# exclusive: a phase called inside another (Markdown inside a diff, segmentation inside the search
# index) counts for the inner phase only, labelled with the outer one.
# "a|b": the first of the alternatives that exists (the plugin moves things around).
PHASES: dict[str, list[str]] = {
    "git reads": ["redline.history.read_history", "redline.history.with_drafts"],
    "diffs": ["redline.diff.redline", "redline.views.redline_of|redline.plugin.redline_of"],
    "cache (disk)": ["redline.cache.Cache.get", "redline.cache.Cache.put"],
    "Markdown": ["markdown.core.Markdown.convert"],
    "Thai segmentation": ["redline.words._segment_thai"],
    "sanitize (nh3)": ["redline.sanitize.sanitize"],
    "search index": [
        "material.plugins.search.plugin.SearchPlugin.on_page_context",
        "material.plugins.search.plugin.SearchPlugin.on_post_build",
        "redline.search.segment_index_file",
        "redline.views.segment_search_index|redline.plugin._segment_search_index",
    ],
    "templates (Jinja)": ["jinja2.environment.Template.render"],
    # The plugin's helpers called from templates (`rl.*`): history look-ups, links, dates.
    "template helpers (rl.*)": ["redline.views.PageView.*|redline.plugin.PageView.*"],
    "site plan, sitemap, feeds": [
        "redline.site.plan", "redline.views.write_sitemaps|redline.plugin._write_sitemap",
        "redline.notices.atom_feed", "redline.notices.revisions_index",
    ],
    "YAML front matter": ["mkdocs.utils.meta.get_data", "redline.plugin._markdown"],
}  # fmt: skip
# Labels of an inner phase by the outer phase it ran in.
CONTEXT = {
    ("Markdown", "diffs"): "Markdown (diff inputs)",
    ("Markdown", ""): "Markdown (pages)",
    ("Thai segmentation", "diffs"): "Thai segmentation (diffs)",
    ("Thai segmentation", "search index"): "Thai segmentation (search index)",
    ("sanitize (nh3)", "diffs"): "sanitize (nh3, in diffs)",
}


class PhaseTimer:
    """Exclusive wall time per phase label and per locale build, from wrapped functions.

    A call nested in a call of the same phase is not timed again; `calls` counts the outermost.
    """

    def __init__(self) -> None:
        self.stack: list[list[Any]] = []  # [phase, started, time in nested phases]
        self.seconds: dict[tuple[str, str], float] = {}
        self.functions: dict[str, list[float]] = {}  # function -> [exclusive seconds, calls]
        self.calls: dict[tuple[str, str], int] = {}
        self.locale = "outer"
        self.markdown: dict[str, list[str]] = {}  # locale/label -> digests of converted texts
        self.diffs: dict[str, list[str]] = {}  # locale -> digests of diffed pairs
        self.tokenizer_calls = 0
        self.missing: list[str] = []

    def label(self, phase: str) -> str:
        """The phase, qualified by the nearest other phase it runs in (see CONTEXT)."""
        outer = next((p for p, *_ in reversed(self.stack) if p != phase), "")
        return CONTEXT.get((phase, outer)) or CONTEXT.get((phase, "")) or phase

    def wrap(self, phase: str, func: Callable[..., Any], name: str) -> Callable[..., Any]:
        timer = self

        @functools.wraps(func)
        def timed(*args: Any, **kwargs: Any) -> Any:
            stack = timer.stack
            if name == "redline.diff.redline" and len(args) > 1:
                timer.diffs.setdefault(timer.locale, []).append(_digest(args[0] + "\0" + args[1]))
            if stack and stack[-1][0] == phase:
                # Nested in the same phase (a helper calling a helper): already timed; timing it
                # again would only add the timer's own overhead.
                return func(*args, **kwargs)
            label = timer.label(phase)
            if name == "markdown.core.Markdown.convert" and len(args) > 1:
                key = f"{timer.locale}/{label}"
                timer.markdown.setdefault(key, []).append(_digest(args[1]))
            frame = [phase, time.perf_counter(), 0.0]
            stack.append(frame)
            try:
                return func(*args, **kwargs)
            finally:
                stack.pop()
                elapsed = time.perf_counter() - frame[1]
                key = (timer.locale, label)
                timer.seconds[key] = timer.seconds.get(key, 0.0) + elapsed - frame[2]
                timer.calls[key] = timer.calls.get(key, 0) + 1
                own = timer.functions.setdefault(name, [0.0, 0])
                own[0] += elapsed - frame[2]
                own[1] += 1
                if stack:
                    stack[-1][2] += elapsed

        timed.__wrapped_by_bench__ = True  # type: ignore[attr-defined]
        return timed

    def install(self) -> None:
        import redline.plugin  # noqa: F401  (loads every redline module)

        for phase, names in PHASES.items():
            for choices in names:
                for name in choices.split("|"):
                    found = [
                        self._patch(each, lambda f, p=phase, n=each: self.wrap(p, f, n))
                        for each in self._expand(name)
                    ]
                    if all(found):
                        break
                else:
                    self.missing.append(choices)
        self._patch("redline.plugin.RedlinePlugin._build_locale", self._locale_wrapper)
        self._patch("pythainlp.tokenize.word_tokenize", self._count_tokenizer)

    def _locale_wrapper(self, func: Callable[..., Any]) -> Callable[..., Any]:
        timer = self

        @functools.wraps(func)
        def per_locale(*args: Any, **kwargs: Any) -> Any:
            locale = kwargs.get("locale", args[-1] if args and isinstance(args[-1], str) else "?")
            timer.locale = locale
            started = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                key = (locale, "[locale build]")
                timer.seconds[key] = timer.seconds.get(key, 0.0) + time.perf_counter() - started
                timer.locale = "outer"

        return per_locale

    def _count_tokenizer(self, func: Callable[..., Any]) -> Callable[..., Any]:
        timer = self

        @functools.wraps(func)
        def counted(*args: Any, **kwargs: Any) -> Any:
            timer.tokenizer_calls += 1
            return func(*args, **kwargs)

        return counted

    @staticmethod
    def _expand(name: str) -> list[str]:
        """`module.Class.*`: every plain method of the class (properties are left alone)."""
        if not name.endswith(".*"):
            return [name]
        module, _, cls = name[:-2].rpartition(".")
        try:
            owner = getattr(importlib.import_module(module), cls)
        except (ImportError, AttributeError):
            return [name[:-2]]
        return [
            f"{module}.{cls}.{attr}"
            for attr, value in vars(owner).items()
            if inspect.isfunction(value) and not attr.startswith("__")
        ]

    @staticmethod
    def _patch(name: str, make: Callable[[Callable[..., Any]], Callable[..., Any]]) -> bool:
        """Replace a function or method by `make(original)`, wherever it was imported."""
        parts = name.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            try:
                owner: Any = importlib.import_module(".".join(parts[:cut]))
            except ImportError:
                continue
            try:
                for attr in parts[cut:-1]:
                    owner = getattr(owner, attr)
                original = getattr(owner, parts[-1])
            except AttributeError:
                return False
            if getattr(original, "__wrapped_by_bench__", False):
                return True
            wrapped = make(original)
            setattr(owner, parts[-1], wrapped)
            if isinstance(owner, type):
                return True
            # `from .x import f` copies: replace them in every loaded redline module as well.
            for module in list(sys.modules.values()):
                if getattr(module, "__name__", "").startswith("redline"):
                    for key, value in list(vars(module).items()):
                        if value is original:
                            setattr(module, key, wrapped)
            return True
        return False


def _timer_overhead_us() -> float:
    """What timing one call costs (microseconds), to say how much the timers inflate a build."""
    timer = PhaseTimer()
    inner = timer.wrap("inner", lambda x: x, "inner")
    outer = timer.wrap("outer", lambda n: [inner(i) for i in range(n)], "outer")
    n = 100_000
    started = time.perf_counter()
    [(lambda x: x)(i) for i in range(n)]
    plain = time.perf_counter() - started
    started = time.perf_counter()
    outer(n)
    return (time.perf_counter() - started - plain) / n * 1e6


def _digest(text: Any) -> str:
    """A short digest; surrounding whitespace does not count (pages and diffs differ there)."""
    return hashlib.blake2b(str(text).strip().encode(), digest_size=8).hexdigest()


def phase_child(config: str, site: str, out: str, profile: str | None) -> int:
    """In-process build with phase timers; writes the split as JSON to `out`."""
    os.environ.update(child_env())
    timer = PhaseTimer()
    timer.install()
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
    started, cpu = time.perf_counter(), time.process_time()
    cfg = load_config(config_file=config, site_dir=site)
    cfg.plugins.on_startup(command="build", dirty=False)
    if profiler:
        profiler.enable()
    build(cfg)
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    cfg.plugins.on_shutdown()
    total, total_cpu = time.perf_counter() - started, time.process_time() - cpu
    segment = importlib.import_module("redline.words")._segment_thai
    info = getattr(getattr(segment, "__wrapped__", segment), "cache_info", lambda: None)()
    result = {
        "total": total,
        "total_cpu": total_cpu,
        "seconds": [[lc, label, s] for (lc, label), s in timer.seconds.items()],
        "calls": [[lc, label, c] for (lc, label), c in timer.calls.items()],
        "functions": timer.functions,
        "overhead_us": _timer_overhead_us(),
        "markdown": timer.markdown,
        "diffs": timer.diffs,
        "tokenizer_calls": timer.tokenizer_calls,
        "segment_cache": list(info) if info else None,
        "missing": timer.missing,
    }
    Path(out).write_text(json.dumps(result), encoding="utf-8")
    return 0


@dataclass
class Split:
    total: float
    total_cpu: float
    seconds: dict[tuple[str, str], float]
    calls: dict[tuple[str, str], int]
    functions: dict[str, list[float]]
    overhead_us: float
    markdown: dict[str, list[str]]
    diffs: dict[str, list[str]]
    tokenizer_calls: int
    segment_cache: list[int] | None
    missing: list[str]


def measure_phases(config: Path, site: Path, work: Path, name: str, cold: bool) -> Split | None:
    if cold:
        cache = cache_dir_of(config)
        if cache is not None and cache.exists():
            shutil.rmtree(cache)
    if site.exists():
        shutil.rmtree(site)
    out = work / f"phases-{name}.json"
    cmd = [sys.executable, __file__, "--phase-child", str(config), str(site), str(out)]
    with (work / f"phases-{name}.log").open("w", encoding="utf-8") as log:
        proc = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT, env=child_env())
        # (subprocess.run kills the child itself when interrupted)
    if proc.returncode != 0 or not out.exists():
        print(f"  ! phase profile failed; see {work / f'phases-{name}.log'}", flush=True)
        return None
    data = json.loads(out.read_text(encoding="utf-8"))
    return Split(
        data["total"],
        data["total_cpu"],
        {(lc, label): s for lc, label, s in data["seconds"]},
        {(lc, label): c for lc, label, c in data["calls"]},
        data["functions"],
        data["overhead_us"],
        data["markdown"],
        data["diffs"],
        data["tokenizer_calls"],
        data["segment_cache"],
        data["missing"],
    )


# ------------------------------------------------------------------------------------------
# One size


@dataclass
class SizeResult:
    n: int
    baseline: Build
    archive: Build
    cold: Build
    warm: Build
    per_release: list[tuple[int, Build]]
    serve: ServeResult | None
    phases_cold: Split | None
    phases_warm: Split | None
    repo_kb: float
    html_mb: float
    runs: int
    load: tuple[float, float]  # 1-minute load average before and after

    @property
    def per_release_mean(self) -> float:
        good = [b.seconds for _, b in self.per_release if b.ok]
        return statistics.fmean(good) if good else math.nan

    @property
    def all_versions(self) -> float:
        return self.n * self.per_release_mean


def measure_size(
    n: int, runs: int, samples: int, serve_edit: bool, args: argparse.Namespace, root: Path
) -> SizeResult:
    work = root / f"n{n}"
    work.mkdir()
    load = os.getloadavg()[0]
    print(
        f"\n== N = {n} releases: {runs} run(s), {samples} per-release builds; load average "
        f"{load:.1f} ({work})",
        flush=True,
    )
    releases = synthesize(n)
    repo = work / "repo"
    write_repository(repo, releases)
    as_of = releases[-1].date + datetime.timedelta(days=60)
    config, baseline_config = write_configs(repo, work, as_of)
    sizes = {name: len(text.encode()) for name, text in releases[-1].files.items()}
    print(
        f"  repository: {n} tags, {releases[0].date} .. {releases[-1].date}, as_of {as_of}; "
        + ", ".join(f"{k.removeprefix('policy/')} {v / 1024:.1f} KB" for k, v in sizes.items()),
        flush=True,
    )
    site = work / "site"
    logs = work / "logs"
    logs.mkdir()

    baseline = median_build(
        [run_build(baseline_config, site, logs / f"baseline-{i}.log") for i in range(runs)]
    )
    archive_config = write_archive(releases, baseline_config, work)
    archive = median_build(
        [run_build(archive_config, site, logs / f"archive-{i}.log") for i in range(runs)]
    )
    print(
        f"  baseline: {baseline.seconds:.2f} s, {baseline.pages} pages; every revision as a "
        f"plain page: {archive.seconds:.2f} s, {archive.pages} pages",
        flush=True,
    )

    colds, warms = [], []
    for i in range(runs):
        colds.append(run_build(config, site, logs / f"cold-{i}.log", clear_cache=True))
        warms.append(run_build(config, site, logs / f"warm-{i}.log"))
        print(
            f"  run {i + 1}: cold {colds[-1].seconds:.2f} s ({colds[-1].cpu:.2f} s CPU), warm "
            f"{warms[-1].seconds:.2f} s ({warms[-1].cpu:.2f} s CPU), {colds[-1].pages} pages; "
            f"warm cache: {warms[-1].cache or 'n/a'}",
            flush=True,
        )
    cold, warm = median_build(colds), median_build(warms)
    html_mb = sum(p.stat().st_size for p in site.rglob("*.html")) / 2**20
    repo_kb = sum(p.stat().st_size for p in (repo / ".git").rglob("*") if p.is_file()) / 1024

    per_release: list[tuple[int, Build]] = []
    for keep in sorted({max(1, round(j * n / samples)) for j in range(1, samples + 1)}):
        cut = work / f"cut-{keep}"
        cut_repository(repo, cut, releases, keep)
        cut_config, _ = write_configs(cut, work, as_of)
        build = run_build(cut_config, work / "site-cut", logs / f"cut-{keep}.log", clear_cache=True)
        per_release.append((keep, build))
        print(
            f"  per-release build at release {keep}: {build.seconds:.2f} s "
            f"({build.cpu:.2f} s CPU), {build.pages} pages",
            flush=True,
        )
        cache = cache_dir_of(cut_config)
        if cache is not None and cache.exists():
            shutil.rmtree(cache)
        shutil.rmtree(cut)

    phases_cold = phases_warm = None
    if not args.no_phases:
        phases_cold = measure_phases(config, site, work, "cold", cold=True)
        phases_warm = measure_phases(config, site, work, "warm", cold=False)
        if phases_cold:
            print(f"  phase profile: cold {phases_cold.total:.2f} s in-process", flush=True)
        if phases_warm:
            print(f"  phase profile: warm {phases_warm.total:.2f} s in-process", flush=True)

    serve = None
    if serve_edit:
        budget = max(120.0, 5 * cold.seconds) if not math.isnan(cold.seconds) else 300.0
        serve = measure_serve(config, repo, work, runs, budget)
        print(
            f"  serve: first page after {serve.startup:.2f} s; edit -> served "
            + ", ".join(
                f"{s:.2f} s (server CPU {c:.2f} s)"
                for s, c in zip(serve.edits, serve.edits_cpu, strict=False)
            )
            + (f" ({serve.note})" if serve.note else ""),
            flush=True,
        )
    return SizeResult(
        n,
        baseline,
        archive,
        cold,
        warm,
        per_release,
        serve,
        phases_cold,
        phases_warm,
        repo_kb,
        html_mb,
        runs,
        (load, os.getloadavg()[0]),
    )


# ------------------------------------------------------------------------------------------
# Report


def fmt_s(seconds: float) -> str:
    if math.isnan(seconds):
        return "n/a"
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def per_page(build: Build) -> float:
    return build.seconds / build.pages if build.pages else math.nan


def fmt_run(build: Build) -> str:
    """Wall time, and CPU time (less sensitive to other load on the machine)."""
    return f"{fmt_s(build.seconds)} (CPU {fmt_s(build.cpu)})"


def print_table(results: list[SizeResult]) -> None:
    rows: list[tuple[str, list[str]]] = []

    def row(name: str, value: Callable[[SizeResult], str]) -> None:
        rows.append((name, [value(r) for r in results]))

    row("runs per figure (median)", lambda r: str(r.runs))
    row("load average before / after", lambda r: f"{r.load[0]:.1f} / {r.load[1]:.1f}")
    row("repository (.git)", lambda r: f"{r.repo_kb:.0f} KB")
    row("baseline: plain material build", lambda r: fmt_run(r.baseline))
    row("  pages / per page", lambda r: f"{r.baseline.pages} / {fmt_s(per_page(r.baseline))}")
    row("  peak memory", lambda r: f"{r.baseline.rss_mb:.0f} MB")
    row("every revision as a plain page", lambda r: fmt_run(r.archive))
    row("  pages / per page", lambda r: f"{r.archive.pages} / {fmt_s(per_page(r.archive))}")
    row("  peak memory", lambda r: f"{r.archive.rss_mb:.0f} MB")
    row("per-release build (mean)", lambda r: f"{fmt_s(r.per_release_mean)} (CPU "
        f"{fmt_s(statistics.fmean(b.cpu for _, b in r.per_release))})")  # fmt: skip
    row("  releases sampled", lambda r: ",".join(str(k) for k, _ in r.per_release))
    row("  first .. last sampled", lambda r: f"{fmt_s(r.per_release[0][1].seconds)} .. "
        f"{fmt_s(r.per_release[-1][1].seconds)}")  # fmt: skip
    row("  peak memory (max)", lambda r: f"{max(b.rss_mb for _, b in r.per_release):.0f} MB")
    row("N x per-release (every version)", lambda r: fmt_s(r.all_versions))
    row("redline cold", lambda r: fmt_run(r.cold))
    row("  en / th nested builds", lambda r: _locales(r.cold))
    row("  peak memory", lambda r: f"{r.cold.rss_mb:.0f} MB")
    row("redline warm", lambda r: fmt_run(r.warm))
    row("  en / th nested builds", lambda r: _locales(r.warm))
    row("  plugin cache", lambda r: r.warm.cache or "n/a")
    row("  peak memory", lambda r: f"{r.warm.rss_mb:.0f} MB")
    row("pages generated (.html)", lambda r: f"{r.cold.pages} ({r.html_mb:.0f} MB)")
    row("cost per page, cold / warm", lambda r: f"{fmt_s(per_page(r.cold))} / "
        f"{fmt_s(per_page(r.warm))}")  # fmt: skip
    row("serve: first page served", lambda r: fmt_s(r.serve.startup) if r.serve else "-")
    row("serve: edit -> page served", _serve_edits)
    row("serve: peak memory", lambda r: f"{r.serve.rss_mb:.0f} MB" if r.serve else "-")
    heads = [f"N = {r.n}" for r in results]
    width = max(len(name) for name, _ in rows) + 2
    cols = [max(len(h), *(len(v[i]) for _, v in rows)) + 3 for i, h in enumerate(heads)]
    print()
    print("".ljust(width) + "".join(h.rjust(c) for h, c in zip(heads, cols, strict=True)))
    for name, values in rows:
        print(name.ljust(width) + "".join(v.rjust(c) for v, c in zip(values, cols, strict=True)))


def _serve_edits(r: SizeResult) -> str:
    if r.serve is None:
        return "-"
    if not r.serve.edits:
        return r.serve.note or "n/a"
    return (
        f"{fmt_s(statistics.median(r.serve.edits))} "
        f"(CPU {fmt_s(statistics.median(r.serve.edits_cpu))})"
    )


def _locales(build: Build) -> str:
    return " / ".join(fmt_s(build.locales[lc]) for lc in LOCALES if lc in build.locales) or "n/a"


def print_ratios(results: list[SizeResult]) -> None:
    print("\nRatios (wall time; CPU time in brackets)")
    for r in results:
        every_cpu = r.n * statistics.fmean(b.cpu for _, b in r.per_release)
        print(
            f"  N = {r.n}: cold = 1/{r.all_versions / r.cold.seconds:.1f} "
            f"(1/{every_cpu / r.cold.cpu:.1f}) of N x per-release; warm = "
            f"1/{r.all_versions / r.warm.seconds:.1f} (1/{every_cpu / r.warm.cpu:.1f}); "
            f"warm / cold = {r.warm.seconds / r.cold.seconds:.2f}; cost per page = "
            f"{per_page(r.cold) / per_page(r.baseline):.2f} x baseline's (cold), "
            f"{per_page(r.warm) / per_page(r.baseline):.2f} x (warm); against every "
            f"revision as a plain page: {per_page(r.cold) / per_page(r.archive):.2f} x (cold), "
            f"{per_page(r.warm) / per_page(r.archive):.2f} x (warm)"
        )
    for small, big in zip(results, results[1:], strict=False):
        print(
            f"  N = {big.n} / N = {small.n} (x{big.n / small.n:.0f} releases): cold "
            f"x{big.cold.seconds / small.cold.seconds:.2f} "
            f"(x{big.cold.cpu / small.cold.cpu:.2f}), warm "
            f"x{big.warm.seconds / small.warm.seconds:.2f} "
            f"(x{big.warm.cpu / small.warm.cpu:.2f}), pages "
            f"x{big.cold.pages / max(small.cold.pages, 1):.2f}, peak memory "
            f"x{big.cold.rss_mb / small.cold.rss_mb:.2f}"
        )


OTHER = "other (MkDocs: files, nav, writes; glue)"


def print_phases(r: SizeResult) -> None:
    for name, split, plain in (
        ("cold", r.phases_cold, r.cold),
        ("warm", r.phases_warm, r.warm),
    ):
        if split is None:
            continue
        print(
            f"\nTime split by phase, N = {r.n}, {name} build in one process with timers: "
            f"{fmt_s(split.total)} ({fmt_s(split.total_cpu)} CPU), against {fmt_s(plain.seconds)} "
            "for the plain `mkdocs build` process (which includes ~1 s of start-up). Exclusive "
            "seconds per phase, also by build (outer, en, th)"
        )
        scopes = ["outer", *LOCALES]
        builds = {lc: split.seconds.get((lc, "[locale build]"), 0.0) for lc in LOCALES}
        builds["outer"] = split.total - sum(builds.values())
        wall: dict[str, dict[str, float]] = {}
        for (scope, label), sec in split.seconds.items():
            if label != "[locale build]":
                wall.setdefault(label, {})[scope] = sec
        wall[OTHER] = {
            scope: builds[scope] - sum(v.get(scope, 0.0) for k, v in wall.items() if k != OTHER)
            for scope in scopes
        }
        print(
            f"  {'phase':42}{'seconds':>8}{'share':>7}"
            + "".join(f"{s:>7}" for s in scopes)
            + f"{'calls':>9}"
        )
        for label, per in sorted(wall.items(), key=lambda kv: -sum(kv[1].values())):
            sec = sum(per.values())
            calls = sum(c for (_, lb), c in split.calls.items() if lb == label)
            print(
                f"  {label:42}{sec:8.2f}{100 * sec / split.total:6.1f}%"
                + "".join(f"{per[s]:7.2f}" if s in per else f"{'':7}" for s in scopes)
                + (f"{calls:9d}" if calls else "")
            )
        timed = sum(split.calls.values())
        print(
            f"  (the timers themselves: {timed} timed calls x {split.overhead_us:.1f} us = "
            f"{timed * split.overhead_us / 1e6:.2f} s of the total, mostly in the helpers row)"
        )
        helpers = sorted(
            ((n, v) for n, v in split.functions.items() if ".PageView." in n),
            key=lambda kv: -kv[1][0],
        )[:6]
        if helpers:
            print(
                "  template helpers, by method (exclusive seconds, outermost calls): "
                + ", ".join(f"{n.rsplit('.', 1)[1]} {v[0]:.2f} s {int(v[1])}" for n, v in helpers)
            )
        for lc in LOCALES:
            pages = split.markdown.get(f"{lc}/Markdown (pages)", [])
            inputs = split.markdown.get(f"{lc}/Markdown (diff inputs)", [])
            pairs = split.diffs.get(lc, [])
            if pages or inputs or pairs:
                print(
                    f"  {lc}: Markdown.convert for pages {len(pages)} calls on {len(set(pages))} "
                    f"distinct texts, for diff inputs {len(inputs)} calls on {len(set(inputs))} "
                    f"distinct texts ({len(set(inputs) & set(pages))} of them converted for "
                    f"pages too); diff.redline {len(pairs)} calls on {len(set(pairs))} pairs"
                )
        shared = set(split.diffs.get("en", [])) & set(split.diffs.get("th", []))
        if split.diffs:
            print(f"  diffs computed in both en and th builds: {len(shared)}")
        cache = split.segment_cache
        if cache:
            print(
                f"  Thai segmentation: {cache[0] + cache[1]} runs looked up, {cache[1]} "
                f"segmented (pythainlp word_tokenize calls: {split.tokenizer_calls}); an "
                "in-process lru_cache, empty in every new process"
            )
        if split.missing:
            print(f"  (not found, so not timed: {', '.join(split.missing)})")


def targets(results: list[SizeResult], quick: bool) -> list[str]:
    """One line per target; the verdict is on wall time, CPU time is given alongside."""
    lines = []

    def line(name: str, measured: float, goal: float, text: str, goal_text: str) -> None:
        if math.isnan(measured):
            lines.append(f"target {name}: not measured {goal_text} MISS")
            return
        verdict = "PASS" if measured <= goal else "MISS"
        lines.append(f"target {name}: {text} {goal_text} {verdict}")

    for r in results:
        every_cpu = r.n * statistics.fmean(b.cpu for _, b in r.per_release)
        for which, build, goal in (("cold", r.cold, 8), ("warm", r.warm, 16)):
            ratio = build.seconds / r.all_versions
            line(
                f"{which}-vs-every-version (N={r.n})",
                ratio,
                1 / goal,
                f"{fmt_s(build.seconds)} = 1/{1 / ratio:.1f} of N x per-release "
                f"{fmt_s(r.all_versions)} (CPU 1/{every_cpu / build.cpu:.1f})",
                f"<= 1/{goal}",
            )
        ratio = per_page(r.cold) / per_page(r.baseline)
        cpu_ratio = (r.cold.cpu / r.cold.pages) / (r.baseline.cpu / r.baseline.pages)
        line(
            f"cost-per-page (N={r.n})",
            ratio,
            1.5,
            f"{fmt_s(per_page(r.cold))}/page cold = {ratio:.2f} x baseline's "
            f"{fmt_s(per_page(r.baseline))}/page (CPU {cpu_ratio:.2f} x)",
            "<= 1.5 x",
        )
    small = next((r for r in results if r.n == 100), results[0])
    big = next((r for r in results if r.n == 400), results[-1] if len(results) > 1 else None)
    if big is not None and big is not small:
        ratio = big.cold.seconds / small.cold.seconds
        line(
            f"growth (N={big.n} vs N={small.n})",
            ratio,
            4.5,
            f"cold x{ratio:.2f} ({fmt_s(big.cold.seconds)} / {fmt_s(small.cold.seconds)}; "
            f"CPU x{big.cold.cpu / small.cold.cpu:.2f})",
            "<= 4.5 x",
        )
    else:
        lines.append(
            "target growth (N=400 vs N=100): not measured" + (" (--quick)" if quick else "")
        )
    serve = small.serve
    edit = statistics.median(serve.edits) if serve and serve.edits else math.nan
    edit_cpu = statistics.median(serve.edits_cpu) if serve and serve.edits_cpu else math.nan
    line(
        f"serve-edit (N={small.n})",
        edit,
        2.0,
        f"{fmt_s(edit)} (median; server CPU {fmt_s(edit_cpu)})",
        "<= 2 s",
    )
    if big is not None and big is not small:
        peak = max(big.cold.rss_mb, big.warm.rss_mb)
        line(f"peak-memory (N={big.n})", peak, 1024, f"{peak:.0f} MB", "<= 1024 MB")
    else:
        peak = max(small.cold.rss_mb, small.warm.rss_mb)
        lines.append(f"target peak-memory (N=400): not measured; N={small.n}: {peak:.0f} MB")
    return lines


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--phase-child"]:
        profile = argv[4] if len(argv) > 4 else None
        return phase_child(argv[1], argv[2], argv[3], profile)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--releases", type=int, default=100, help="N releases (default 100)")
    parser.add_argument(
        "--scale", type=int, help="also measure this many releases (default 4 x N; 0: skip)"
    )
    parser.add_argument("--runs", type=int, default=3, help="builds per figure at N (median)")
    parser.add_argument("--scale-runs", type=int, default=1, help="builds per figure at --scale")
    parser.add_argument("--samples", type=int, default=10, help="per-release builds at N")
    parser.add_argument("--scale-samples", type=int, default=5, help="per-release builds at scale")
    parser.add_argument("--quick", action="store_true", help="N only, 1 run, 5 per-release builds")
    parser.add_argument("--no-serve", action="store_true", help="skip the serve edit")
    parser.add_argument("--serve-all", action="store_true", help="serve edit at --scale too")
    parser.add_argument("--no-phases", action="store_true", help="skip the time split by phase")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.samples = 1, 5
        args.scale = 0 if args.scale is None else args.scale
    if args.scale is None:
        args.scale = 4 * args.releases
    plan = [(args.releases, args.runs, args.samples, not args.no_serve)]
    if args.scale and args.scale != args.releases:
        plan.append((args.scale, args.scale_runs, args.scale_samples, args.serve_all))
    root = Path(tempfile.mkdtemp(prefix="redline-bench-"))
    started = time.perf_counter()
    print(
        f"Redline build benchmark: N = {', '.join(str(p[0]) for p in plan)}; {os.cpu_count()} "
        f"CPUs; Python {sys.version.split()[0]}; temporary folder {root}",
        flush=True,
    )
    results = []
    try:
        for n, runs, samples, serve_edit in plan:
            results.append(measure_size(n, runs, samples, serve_edit, args, root))
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    print_table(results)
    print_ratios(results)
    for r in results:
        print_phases(r)
    print(f"\nTotal benchmark time {fmt_s(time.perf_counter() - started)}\n")
    for text in targets(results, args.quick):
        print(text)
    return 0


def _interrupted(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


if __name__ == "__main__":
    # SIGTERM unwinds like Ctrl-C: the server and builds are stopped, the edited file restored and
    # the temporary folder removed.
    signal.signal(signal.SIGTERM, _interrupted)
    sys.exit(main())
