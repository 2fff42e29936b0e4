"""Printing (Chromium's own PDF, read back with pdftotext): the printed page says what it is,
when it was revised and took effect, where it came from, in Thai when Thai; every sheet carries
a running header (what the page is, as of when) and "page n of m"; no site chrome."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.support.gitrepo import PolicyRepo, doc
from tests.support.sitebuild import build

from .harness import SiteServer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils)"),
]

THAI = re.compile("[\u0e00-\u0e7f]")


def flat(text: str) -> str:
    return " ".join(text.split())


def squeezed(text: str) -> str:
    """Text without any whitespace: Thai wraps between words without a space."""
    return "".join(text.split())


def print_to_text(page: Page, tmp_path: Path) -> str:
    """The page printed to PDF (`tmp_path / "page.pdf"`), as text (pdftotext -layout keeps a
    line-end hyphen, so a long address wrapped at one of its hyphens reads back whole once
    spaces are dropped)."""
    page.emulate_media(media="print")
    pdf = tmp_path / "page.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    out = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    return flat(out.stdout)


def sheets(pdf: Path) -> int:
    """How many sheets the PDF has (pdftotext ends each with a form feed)."""
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    return out.stdout.count("\f")


def sheet_text(pdf: Path, n: int) -> str:
    """The text of sheet `n` alone, in reading order (the margin boxes as their own blocks)."""
    out = subprocess.run(
        ["pdftotext", "-f", str(n), "-l", str(n), "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    return out.stdout


# "Page n of m", as each locale prints it in the bottom margin of every sheet.
PAGE_OF = {"en": "Page {} of {}", "th": "หน้า {} จาก {}"}


def shown(page: Page, selector: str) -> str:
    return flat(page.inner_text(selector))


# (path, the title as shown, what must be printed beside the dates, the running header's
# right-hand part: the as-of date, or a stable page's period in force)
CASES = [
    pytest.param(
        "/en/privacy-policy/", "Privacy Policy",
        ["Revised on July 3, 2023", "Effective July 3, 2023",
         "Privacy Policy — in force, revision of July 3, 2023", "Status as of January 1, 2025"],
        "Status as of January 1, 2025",
        id="en-policy",
    ),
    pytest.param(
        "/th/privacy-policy/", "นโยบายความเป็นส่วนตัว",
        ["แก้ไขเมื่อวันที่ 3 กรกฎาคม 2566", "มีผลใช้บังคับ 3 กรกฎาคม 2566",
         "นโยบายความเป็นส่วนตัว — ฉบับแก้ไขวันที่ 3 กรกฎาคม 2566 ที่มีผลใช้บังคับ",
         "สถานะ ณ วันที่ 1 มกราคม 2568"],
        "สถานะ ณ วันที่ 1 มกราคม 2568",
        id="th-policy",
    ),
    pytest.param(
        "/en/privacy-policy/2022-03-31/", "Privacy Policy",
        ["Revised on March 31, 2022", "Effective April 1, 2022", "Archived revision: not in force",
         "Privacy Policy — archived revision of March 31, 2022",
         "In force from April 1, 2022 to July 2, 2023"],
        "In force from April 1, 2022 to July 2, 2023",  # stable: its period, not an as-of date
        id="en-archived",
    ),
    pytest.param(
        "/th/privacy-policy/2017-07-28/", "นโยบายความเป็นส่วนตัว",
        ["แก้ไขเมื่อวันที่ 28 กรกฎาคม 2560", "มีผลใช้บังคับ 28 กรกฎาคม 2560",
         "ฉบับภาษาอังกฤษได้รับการแก้ไขในระหว่างนั้น",
         "นโยบายความเป็นส่วนตัว — ฉบับแก้ไขวันที่ 28 กรกฎาคม 2560 ที่จัดเก็บไว้"],
        "มีผลใช้บังคับตั้งแต่วันที่ 28 กรกฎาคม 2560 ถึงวันที่ 2 กรกฎาคม 2566",
        id="th-archived",
    ),
    pytest.param(
        "/en/privacy-policy/changes/2017-02-12...2023-07-03/", "What changed: Privacy Policy",
        ["From February 12, 2017 to July 3, 2023", "Effective July 3, 2023",
         "Privacy Policy — changes from February 12, 2017 to July 3, 2023"],
        None,  # stable: the title says which revisions, and nothing depends on the day
        id="en-diff",
    ),
    pytest.param(
        "/th/privacy-policy/changes/2017-07-28...2023-07-03/", None,
        ["28 กรกฎาคม 2560", "3 กรกฎาคม 2566",
         "นโยบายความเป็นส่วนตัว — การเปลี่ยนแปลงจาก 28 กรกฎาคม 2560 ถึง 3 กรกฎาคม 2566"],
        None,
        id="th-diff",
    ),
]  # fmt: skip
CHROME = {
    "en": ["Search", "Table of contents", "Skip to content", "Next change", "Changes only"],
    "th": ["ค้นหา", "สารบัญ", "ข้ามไปที่เนื้อหา"],
}


@pytest.mark.parametrize(("path", "title", "facts", "when"), CASES)
def test_printed_page(
    page: Page,
    server: SiteServer,
    canonical: str,
    tmp_path: Path,
    path: str,
    title: str | None,
    facts: list[str],
    when: str | None,
) -> None:
    locale = path.split("/")[1]
    page.goto(server.url(path))
    h1 = shown(page, "article h1")
    if title is not None:
        assert h1 == title
    dates = shown(page, "article .rl-dates")  # as the screen shows them
    text = print_to_text(page, tmp_path)

    assert h1 in text
    assert dates in text, f"dates {dates!r} not printed"
    for fact in facts:
        assert fact in text, f"{fact!r} not printed"
    # The print header: what the page is, and where it came from (its address at the site's
    # configured URL). An archived page or a redline between releases never changes once
    # published, so it gives its period in force instead of the date the site was built as of.
    address = f"{canonical}{path}"
    assert shown(page, ".rl-print-header").endswith(address)
    assert shown(page, ".rl-print-header__what") == page.title().rsplit(" - ", 1)[0]
    as_of = {"en": "Status as of", "th": "สถานะ ณ วันที่"}[locale]
    assert (as_of in text) == (path.endswith("/privacy-policy/")), "as-of date printed"
    assert address in "".join(text.split()), f"{address} not printed"
    assert page.locator(".rl-print-header").is_visible()  # in print media
    # The policy text itself.
    if locale == "th":
        assert len(THAI.findall(text)) > 500
        for word in ["ข้อมูลส่วนบุคคล", "วัตถุประสงค์", "Cybozu"]:
            assert word in text, word
    else:
        assert "personal information" in text
    # No site chrome: search box, navigation, table of contents, redline toolbar.
    for chrome in CHROME[locale]:
        assert chrome not in text, f"{chrome!r} printed"
    site_name = {"en": "Cybozu Policies", "th": "นโยบายของ Cybozu"}[locale]
    assert text.count(site_name) == 1, "the site name belongs in the print header only"
    for selector in [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-search"]:
        assert not page.locator(selector).first.is_visible(), selector

    # Every sheet says what it is and which it is, in the page's language: the running header
    # (the page's title: the document and its revision, or "changes from X to Y"; the as-of
    # date) and "page n of m", on the first sheet, the last and those between.
    pdf = tmp_path / "page.pdf"
    count = sheets(pdf)
    assert count >= 5, f"{count} sheets: the sample's privacy policy and redlines are long"
    running = page.title().rsplit(" - ", 1)[0]
    if locale == "th":
        assert THAI.search(running) and (when is None or THAI.search(when))
    for n in range(1, count + 1):
        sheet = squeezed(sheet_text(pdf, n))
        assert squeezed(running) in sheet, f"sheet {n} of {count}: no running header"
        assert squeezed(PAGE_OF[locale].format(n, count)) in sheet, f"sheet {n}: no number"
        assert when is None or squeezed(when) in sheet, f"sheet {n}: no {when!r}"


@pytest.mark.parametrize("locale", ["en", "th"])
def test_insertions_and_deletions_distinguishable_in_print(
    page: Page, server: SiteServer, locale: str
) -> None:
    path = {
        "en": "/en/privacy-policy/changes/2017-02-12...2023-07-03/",
        "th": "/th/privacy-policy/changes/2017-07-28...2023-07-03/",
    }[locale]
    page.goto(server.url(path))
    page.emulate_media(media="print")
    style = """e => { const s = getComputedStyle(e);
        return [s.textDecorationLine, s.textDecorationStyle, s.fontWeight].join(" "); }"""
    ins = page.locator(".rl-diff ins").first.evaluate(style)
    dele = page.locator(".rl-diff del").first.evaluate(style)
    assert ins != dele
    assert not ins.startswith("none") and not dele.startswith("none"), (ins, dele)
    assert ins.startswith("underline") and dele.startswith("line-through"), (ins, dele)
    # Printed in black, not only in screen colours that a greyscale printer loses.
    colour = "e => getComputedStyle(e).color"
    assert page.locator(".rl-diff ins").first.evaluate(colour) == "rgb(0, 0, 0)"
    assert page.locator(".rl-diff del").first.evaluate(colour) == "rgb(0, 0, 0)"


# A title that would break out of a CSS string and of the <style> element the running header is
# written in, were it not escaped: quotes, a backslash, a line end, `</style>`, a script, a
# comment, a brace.
HOSTILE_TITLE = (
    'Terms "quoted" \\ back\nslash </style><script>window.__pwned = 1</script> <!-- } ยาว'
)


@pytest.fixture(scope="module")
def hostile_title(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    where = tmp_path_factory.mktemp("print-title")
    repo = PolicyRepo(where / "repo")
    body = "".join(
        f"## {n}. Clause {{#c{n}}}\n\n{'Text of the clause. ' * 60}\n\n" for n in range(9)
    )
    # (a JSON string is a YAML double-quoted one: the line end and the quotes as written)
    policy = doc(json.dumps(HOSTILE_TITLE), body)
    repo.release("2023-01-01", {f"policy/{lc}/privacy-policy.md": policy for lc in ("en", "th")})
    with SiteServer(build(repo.path, where / "site", as_of="2024-01-01")) as running:
        yield running


def test_the_running_header_prints_a_hostile_title_as_text(
    page: Page, hostile_title: SiteServer, tmp_path: Path
) -> None:
    page.goto(hostile_title.url("/en/privacy-policy/"))
    assert page.evaluate("window.__pwned") is None
    assert page.locator("head style[media=print]").count() == 1  # one element, not cut short
    print_to_text(page, tmp_path)
    pdf = tmp_path / "page.pdf"
    count = sheets(pdf)
    assert count >= 2
    for n in (1, count):
        sheet = squeezed(sheet_text(pdf, n))
        assert squeezed(HOSTILE_TITLE) in sheet, sheet[:300]
        assert squeezed(PAGE_OF["en"].format(n, count)) in sheet
    assert page.evaluate("window.__pwned") is None


@pytest.mark.parametrize(
    ("locale", "deleted", "inserted", "link_added"),
    [("en", "[deleted:", "[inserted:", "[link added:"), ("th", "[ลบ:", "[เพิ่ม:", "[เพิ่มลิงก์:")],
)
def test_a_clause_historys_excerpts_print_the_words_around_each_change(
    page: Page,
    server: SiteServer,
    canonical: str,
    tmp_path: Path,
    locale: str,
    deleted: str,
    inserted: str,
    link_added: str,
) -> None:
    """As the full redline does: on paper a strike or an underline alone can hide Thai letters,
    so each change says what it is; a link added says so before its address, which is one a
    reader can type (the site's `site_url`, not the page-relative `../../../`)."""
    page.goto(server.url(f"/{locale}/privacy-policy/history/clauses/"))
    # On screen too, the link added is labelled (the words are the redline page's own).
    label = page.locator(".rl-excerpt .rl-target-new").first.evaluate(
        "e => getComputedStyle(e, '::before').content"
    )
    assert label == f'"{link_added} "'
    text = squeezed(print_to_text(page, tmp_path))
    for words in (deleted, inserted, link_added):
        assert squeezed(words) in text, words
    # The link added to clause 1 in 2023: its label, then where it leads, in full.
    target = squeezed(f"{canonical}/{locale}/cookie-policy/2022-08-24/#how-we-use-cookies")
    assert re.search(re.escape(squeezed(link_added)) + re.escape(target), text), text[:3000]
    assert "../" not in page.locator(".rl-excerpt .rl-target").first.inner_text()
