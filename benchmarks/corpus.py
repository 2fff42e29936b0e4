"""The synthetic policy history: N releases of the project's policies with clause-level edits and
a lagging Thai translation, written as a real git repository with annotated release tags, and the
`mkdocs.yml` files that build it (with the plugin, and the plain baselines)."""

from __future__ import annotations

import datetime
import random
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from benchmarks.more_clauses import MORE_CLAUSES
from redline.cli import demo
from redline.plugin import settings

PROJECT = Path(__file__).resolve().parent.parent

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

    def anchored(self) -> int:
        """How many clauses (headings with an anchor) the document has."""
        return sum(1 for b in self.blocks if b.startswith("#") and re.search(r"\{#[^}]+\}$", b))

    def widen(self, clauses: int) -> None:
        """Add the first of MORE_CLAUSES before the closing clauses, up to `clauses` in all."""
        have = self.anchored()
        if not have <= clauses <= have + len(MORE_CLAUSES):
            raise ValueError(
                f"{self.doc} ({self.locale}) has {have} clauses and can be given up to "
                f"{have + len(MORE_CLAUSES)}, not {clauses}"
            )
        before = f"{{#{CLAUSE_BEFORE[self.doc]}}}"
        at = next(
            (i for i, b in enumerate(self.blocks) if b.startswith("## ") and b.endswith(before)),
            len(self.blocks),
        )
        lc = 0 if self.locale == "en" else 1
        numbered = any(_NUMBERED_H2.match(b) for b in self.blocks)
        added: list[str] = []
        for clause in MORE_CLAUSES[: clauses - have]:
            number = "0. " if numbered and clause.level == 2 else ""
            added.append(f"{'#' * clause.level} {number}{clause.title[lc]} {{#{clause.anchor}}}")
            added.extend(clause.blocks[lc])
        self.blocks[at:at] = added
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


def synthesize(n: int, seed: int = 20240601, clauses: int | None = None) -> list[Release]:
    """N releases of the project's policies, with clause-level edits and a lagging translation.

    `clauses`: the privacy policy's clause count at its first release (the seed's 21 by default;
    up to 40 with MORE_CLAUSES), in both locales; the edits then fall on all of them. The cookie
    policy keeps its 5. Without it, the corpus is the one every recorded figure was measured on.
    """
    rng = random.Random(seed)
    base = {}
    for doc in DOCS:
        for lc in LOCALES:
            text = (PROJECT / "policy" / lc / f"{doc}.md").read_text(encoding="utf-8")
            base[doc, lc] = Document(doc, text.split("\n---\n", 1)[1], lc)
            if clauses is not None and doc == "privacy-policy":
                base[doc, lc].widen(clauses)
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
    options = settings.plugin_options(config)
    options["as_of"] = as_of.isoformat()
    options["cache_dir"] = str(work / "cache" / repo.name)
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    plain = dict(config)
    plain["plugins"] = [
        e for e in config["plugins"] if not (isinstance(e, dict) and settings.PLUGIN in e)
    ]
    plain["docs_dir"] = options["policy_dir"]  # ordinary pages: the policy folder as it is
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
    """The redline plugin's `cache_dir`, as the plugin resolves it (None: no cache)."""
    config, options = settings.load(config_file)
    return (settings.config_dir(config) / options.cache_dir) if options.cache_dir else None


def with_options(config: Path, target: Path, **options: Any) -> Path:
    """A copy of the redline `config` with these plugin options, written to `target` (beside it:
    relative settings stay relative to the same folder)."""
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    settings.plugin_options(data).update(options)
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return target


#: Locales besides English and Thai for the matrix simulation (languages Material speaks).
EXTRA_LOCALES = ("fr", "de", "es", "it", "nl", "pt", "sv", "da")


def with_locales(releases: list[Release], count: int) -> list[Release]:
    """The releases in `count` locales: English, Thai, then locales whose files are the English
    ones with the locale in the title, so each has blobs of its own and builds its own redlines
    (none is shared through the cache)."""
    extra = EXTRA_LOCALES[: max(count - len(LOCALES), 0)]
    out = []
    for release in releases:
        files = dict(release.files)
        for name, text in release.files.items():
            if name.startswith("policy/en/"):
                for lc in extra:
                    marked = re.sub(r"^(title: .*)$", rf"\1 ({lc})", text, count=1, flags=re.M)
                    files[name.replace("policy/en/", f"policy/{lc}/", 1)] = marked
        out.append(Release(release.date, release.summary, files))
    return out


def locale_options(count: int) -> dict[str, dict[str, str]]:
    """The plugin's `locales` setting for `count` locales (see with_locales)."""
    codes = (*LOCALES, *EXTRA_LOCALES)[:count]
    names = {"en": "English", "th": "ไทย"}
    return {lc: {"name": names.get(lc, lc)} for lc in codes}
