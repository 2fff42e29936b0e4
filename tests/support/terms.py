"""A small Terms of Service history, in English and Thai, with the changes a redline must make
visible: a link whose address alone changed, a link added and one removed, a deleted full stop, a
phrase replaced by another right after it, a deleted space in Thai, a change deep in a nested
list, and whole clauses that did not change (for "changes only")."""

from __future__ import annotations

from pathlib import Path

from .gitrepo import PolicyRepo, doc

FIRST, SECOND = "2023-01-10", "2023-06-01"
DOCUMENT = "terms-of-service"
OLD_EXPORT = "https://example.com/legal/export"
NEW_EXPORT = "https://example.com/legal/export-controls"
# A paragraph with a link added in the second revision (the last change), and one with a link it
# removed (after the change numbered 3, so the earlier changes keep their numbers).
ADDED_LINK = "https://example.com/legal/acceptable-use"
REMOVED_LINK = "https://example.com/legal/white-paper"

_EN = """These terms govern the use of the Example Cloud services.

## 1. Using the services {#using}

You may use the services only as these terms allow.

We use the information you give us:

1. to provide the services.; and
2. to answer your questions.

You must comply with our [Export Controls policy](OLD_EXPORT).

## 2. Your content {#content}

You keep every right you hold in the content you upload.

We may remove content that breaks these terms.

We store content in data centres in Japan.

We keep a backup copy of content for thirty days.

## 3. Security {#security}

Example conducts periodic internal audits on the handling of personal data.

REMOVED_PARAGRAPH
We protect the services:

- by controlling access to our offices; and
- by encrypting data:
    - in transit; and
    - at rest.

## 4. Contact {#contact}

Write to the support desk with any question about these terms.

ADDED_PARAGRAPH
"""

_TH = """ข้อกำหนดนี้ใช้บังคับกับการใช้บริการ Example Cloud

## 1. การใช้บริการ {#using}

ท่านอาจใช้บริการได้เฉพาะตามที่ข้อกำหนดนี้อนุญาตเท่านั้น

ท่านต้องปฏิบัติตาม[นโยบายการควบคุมการส่งออก](OLD_EXPORT)ของเรา

## 2. เนื้อหาของท่าน {#content}

ท่านยังคงมีสิทธิทั้งปวงในเนื้อหาที่ท่านอัปโหลด

เราอาจลบเนื้อหาที่ฝ่าฝืนข้อกำหนดนี้

เราจัดเก็บเนื้อหาไว้ในศูนย์ข้อมูลในประเทศญี่ปุ่น

เราเก็บสำเนาสำรองของเนื้อหาไว้เป็นเวลาสามสิบวัน

## 3. ความปลอดภัย {#security}

Example ดำเนินการตรวจสอบภายในเป็นระยะเกี่ยวกับการจัดการข้อมูลส่วนบุคคล

REMOVED_PARAGRAPH
## 4. การติดต่อ {#contact}

โปรดติดต่อฝ่ายสนับสนุน หากท่านมีคำถามเกี่ยวกับข้อกำหนดนี้

ADDED_PARAGRAPH
"""


def _revise(text: str, edits: list[tuple[str, str]]) -> str:
    for before, after in edits:
        assert before in text, before
        text = text.replace(before, after)
    return text


_EN_ADDED = f"Read the [acceptable use policy]({ADDED_LINK}).\n"
_EN_REMOVED = f"Read the [security white paper]({REMOVED_LINK}).\n"
_TH_ADDED = f"โปรดอ่าน[นโยบายการใช้งานที่ยอมรับได้]({ADDED_LINK})\n"
_TH_REMOVED = f"โปรดอ่าน[เอกสารความปลอดภัย]({REMOVED_LINK})\n"
EN_OLD = (
    _EN.replace("OLD_EXPORT", OLD_EXPORT)
    .replace("ADDED_PARAGRAPH\n", "")
    .replace("REMOVED_PARAGRAPH", _EN_REMOVED)
)
EN_NEW = _revise(
    _EN.replace("OLD_EXPORT", OLD_EXPORT)
    .replace("ADDED_PARAGRAPH", _EN_ADDED)
    .replace("REMOVED_PARAGRAPH\n", ""),
    [
        ("to provide the services.; and", "to provide the services; and"),
        (OLD_EXPORT, NEW_EXPORT),
        ("periodic internal audits", "regular self inspections"),
        ("at rest.", "at rest, backups included."),
    ],
)
TH_OLD = (
    _TH.replace("OLD_EXPORT", OLD_EXPORT)
    .replace("ADDED_PARAGRAPH\n", "")
    .replace("REMOVED_PARAGRAPH", _TH_REMOVED)
)
TH_NEW = _revise(
    _TH.replace("OLD_EXPORT", OLD_EXPORT)
    .replace("ADDED_PARAGRAPH", _TH_ADDED)
    .replace("REMOVED_PARAGRAPH\n", ""),
    [
        (OLD_EXPORT, NEW_EXPORT),
        ("ดำเนินการตรวจสอบภายในเป็นระยะ", "ตรวจสอบตนเองเป็นประจำ"),
        ("ฝ่ายสนับสนุน หากท่าน", "ฝ่ายสนับสนุนหากท่าน"),
    ],
)


def release_terms(repo: PolicyRepo) -> None:
    """Release the two revisions of the terms, in English and Thai, as `policy/<date>` tags."""
    path = f"policy/{{}}/{DOCUMENT}.md"
    repo.release(
        FIRST,
        {
            path.format("en"): doc("Terms of Service", EN_OLD, notice="First published."),
            path.format("th"): doc("ข้อกำหนดการให้บริการ", TH_OLD, notice="เผยแพร่ครั้งแรก"),
        },
        summary="Terms of Service published",
    )
    repo.release(
        SECOND,
        {
            path.format("en"): doc(
                "Terms of Service",
                EN_NEW,
                notice="The Export Controls policy moved; security reviews are self inspections.",
            ),
            path.format("th"): doc(
                "ข้อกำหนดการให้บริการ",
                TH_NEW,
                notice="นโยบายการควบคุมการส่งออกย้ายที่อยู่ และการตรวจสอบเป็นการตรวจสอบตนเอง",
            ),
        },
        summary="Export Controls address, self inspections",
    )


def build_terms_site(where: Path) -> Path:
    """The terms' history as a real git repository with real tags, built by MkDocs into a site."""
    from .sitebuild import build  # MkDocs only for the callers that build

    repo = PolicyRepo(where / "repo")
    release_terms(repo)
    return build(repo.path, where / "site", as_of="2024-01-01")


def diff_path(locale: str) -> str:
    """The address of the redline between the two revisions."""
    return f"/{locale}/{DOCUMENT}/changes/{FIRST}...{SECOND}/"
