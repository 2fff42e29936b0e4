"""The README's table of what `redline check` reports as an error and as a warning is the code's.

Each row of the table has a case here that makes the problem in a real repository; `redline
check` must report it with the row's severity. A row without a case, or a case without a row,
fails too: the table lists every kind of problem the tests know.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.gitrepo import PolicyRepo, doc
from tests.support.sitebuild import configure

README = Path(__file__).resolve().parents[2] / "README.md"
MARKER = "<!-- severities: read by tests/integration/test_check_table.py -->"
EN = "policy/en/privacy-policy.md"
TH = "policy/th/privacy-policy.md"
GOOD_EN = doc("Privacy", "## 1. Scope {#scope}\n\nText.\n", notice="First.")
GOOD_TH = doc("นโยบาย", "## 1. ขอบเขต {#scope}\n\nข้อความ\n", notice="ฉบับแรก")

# row of the README table -> (repository, patterns of `where: severity: message` lines)
CASES = {
    "front matter that is not YAML, or a file that is not UTF-8": (
        "files",
        [r"^policy/en/terms\.md:2: \w+: front matter", r"^policy/en/latin\.md:1: \w+: not UTF-8"],
    ),
    "a heading (`## …`, or a line underlined with `---`) without a clause anchor `{#…}`": (
        "files",
        [r"^policy/en/privacy-policy\.md:\d+: \w+: heading '2\. Sharing' has no anchor"],
    ),
    "two headings of one file with the same anchor": (
        "files",
        [r"^policy/en/dup\.md:8: \w+: anchor \{#use\} is also on the heading of line 6"],
    ),
    "an unknown front matter key (`effectve:`; the keys are `title`, `effective`, `notice`)": (
        "files",
        [r"^policy/en/dup\.md:3: \w+: front matter has an unknown key 'effectve' \(did you mean "
         r"'effective'\?\)"],
    ),  # fmt: skip
    "an unknown plugin setting (`timezon:`) or locale code in `mkdocs.yml`": (
        "settings",
        [r"^mkdocs\.yml: \w+: plugins\.redline: unknown setting 'timezon' on line \d+ \(did you "
         r"mean 'timezone'\?\)"],
    ),  # fmt: skip
    "an unknown front matter key in a released tag (`released with an unknown key …`)": (
        "tags",
        [r"^tag policy/2023-07-20: policy/en/privacy-policy\.md:5: \w+: released with an unknown "
         r"key 'effectve'"],
    ),  # fmt: skip
    "a level-1 heading `# …` or a line underlined with `===` (the page prints the title itself)": (
        "files",
        [r"^policy/en/cookie-policy\.md:\d+: \w+: level-1 heading 'Cookies'"],
    ),
    "a file name that is not a URL segment, or one the site uses itself": (
        "files",
        [r"^policy/en/Bad_Name\.md: \w+: ", r"^policy/en/changes\.md: \w+: "],
    ),
    "a symbolic link under `policy/`, or a folder named like a policy file": (
        "files",
        [r"^policy/en/link\.md: \w+: a symbolic link", r"^policy/en/folder\.md: \w+: a folder"],
    ),
    "a locale folder that is missing": ("untagged", [r"^policy/th: \w+: missing locale folder"]),
    "markup the site would not publish as written (elements, attributes, styles, images, links, "
    "ids, classes, titles)": (
        "files",
        [
            r"^policy/en/privacy-policy\.md:\d+: \w+: id '__config'",
            r"^policy/en/privacy-policy\.md:\d+: \w+: <iframe> is dropped",
        ],
    ),
    "an invisible character (a bidi control, another format or control character; not U+200B)": (
        "files",
        [r"^policy/th/terms\.md:5:4: \w+: invisible character U\+202E RIGHT-TO-LEFT OVERRIDE"],
    ),
    "a notice with control characters": (
        "files",
        [r"^policy/th/privacy-policy\.md:\d+: \w+: the notice contains control characters"],
    ),
    "a release tag that is malformed, lightweight, dated after today, or on a commit that does "
    "not contain the previous release's": (
        "tags",
        [
            r"^tag policy/2023-7-4: \w+: write the date as policy/2023-07-04",
            r"^tag policy/2023-08-01: \w+: lightweight tag",
            r"^tag policy/2204-01-01: \w+: dated after today",
            r"^tag policy/2023-09-01: \w+: its commit \w+ does not contain the previous release",
        ],
    ),
    "a list right after a paragraph without a blank line (GitHub's preview shows a list, the "
    "site one paragraph with the text as written; so does an item right under an item of the "
    "other kind with `sane_lists`)": (
        "files",
        [r"^policy/en/lists\.md:\d+: \w+: this list follows a paragraph without a blank line"],
    ),
    "a numbered list the site would show with other numbers than written: one not starting at 1 "
    "(`3. names`: the site shows 1; fine with `sane_lists` in `markdown_extensions`), numbered "
    "out of sequence (`1. 2. 5.`: shown 1, 2, 3, `sane_lists` or not; all alike, `1. 1. 1.`, is "
    "fine), joined to the list above (nested less than 4 spaces deep; a bulleted and a "
    "numbered list with only a blank line between, without `sane_lists`), or split by an item's "
    "paragraph indented less than 4 spaces; in quotes, notes and nested lists too, as the site's "
    "Markdown reads them": (
        "files",
        [
            r"^policy/en/lists\.md:8: \w+: this numbered list starts at 3",
            r"^policy/en/lists\.md:15: \w+: this item is numbered 5, but the site would show "
            r"it as 3",
            r"^policy/en/lists\.md:20: \w+: the site would show this item as item 2 of the "
            r"numbered list above",
            r"^policy/en/lists\.md:28: \w+: this item is numbered 2, but the site would show "
            r"it as 1: the paragraph above it is indented less than 4 spaces",
        ],
    ),
    "such a numbered list in a released tag whose text the file still has (`released with a "
    "warning …`; its next revision is refused)": (
        "lists",
        [
            r"^tag policy/2023-07-03: policy/en/privacy-policy\.md:9: \w+: released with a "
            r"warning .*: this numbered list starts at 3"
        ],
    ),
    "a link to a policy or clause that does not exist (`other.md`, `other.md#clause`, "
    "`#clause`)": (
        "files",
        [r"^policy/en/links\.md:\d+: \w+: link 'nowhere\.md' leads to no document"],
    ),
    "such a link in a published release (its pages show the link's text, marked \"link not "
    'found")': (
        "tags",
        [
            r"^tag policy/2023-07-20: policy/en/privacy-policy\.md:\d+: \w+: released with a "
            r"warning .*: link 'nowhere\.md'"
        ],
    ),
    "a missing translation": ("files", [r"^policy/th/cookie-policy\.md: \w+: no translation yet"]),
    "clause anchors that differ between the languages (an anchor the English text lacks, or the "
    "clauses in another order; a clause the translation lacks is the pending-clause warning "
    "below)": (
        "files",
        [r"^policy/th/privacy-policy\.md: \w+: clause anchors differ"],
    ),
    "a missing notice": ("files", [r"^policy/en/cookie-policy\.md:2: \w+: no notice"]),
    "an English-only revision without a notice for a locale it leaves behind (`notice: {th: …}`)": (
        "tags",
        [
            r"^tag policy/2023-07-20: policy/en/privacy-policy\.md:\d+: \w+: released with a "
            r"warning .*: the 'th' translation"
        ],
    ),
    (
        "a clause the next release leaves pending in a translation (missing, or changed in "
        "English after its translation), at its line in the translation's file; and an English "
        "revision that leaves one without a notice for that locale"
    ): (
        "files",
        [
            r"^policy/th/privacy-policy\.md:\d+: \w+: clause #scope .* is not in the 'th' "
            r"translation",
            r"^policy/en/privacy-policy\.md:\d+: \w+: this release leaves 1 clause\(s\) of the "
            r"'th' translation pending \(#scope\)",
        ],
    ),  # fmt: skip
    (
        "a clause pending in a translation since a release, while either text has a draft "
        "(`clause #… ('…', …) is not in the 'th' translation (pending since YYYY-MM-DD)`, or "
        "`changed in 'en' after its 'th' translation last did (pending since YYYY-MM-DD)`, with "
        "`and was renamed from #…` when the translation should take the new anchor), at its "
        "line in the translation's file; counted apart in the totals (`N clause(s) pending since "
        "a release (not failing --strict)`)"
    ): (
        "pending",
        [
            r"^policy/th/privacy-policy\.md:7: \w+: clause #sharing \('2\. Sharing', "
            r"policy/en/privacy-policy\.md:9\) is not in the 'th' translation \(pending since "
            r"2023-07-20\)",
            r"^policy/th/privacy-policy\.md:5: \w+: clause #scope \('1\. Scope', "
            r"policy/en/privacy-policy\.md:5\) changed in 'en' after its 'th' translation last "
            r"did \(pending since 2023-07-20\)",
        ],
    ),  # fmt: skip
    "a stale notice (the text changed, the notice is the previous one)": (
        "files",
        [r"^policy/en/privacy-policy\.md:\d+: \w+: the text changed but the notice is the same"],
    ),
    "a notice longer than 1000 characters": (
        "files",
        [r"^policy/en/terms-long\.md:\d+: \w+: the notice is 1001 characters long"],
    ),
    (
        "an effective date before the revision date (a release tag already made; "
        "`redline release` refuses it)"
    ): (
        "tags",
        [
            r"^tag policy/2023-07-20: policy/en/privacy-policy\.md:\d+: \w+: released with a "
            r"warning .*: effective date 2023-07-01 is before the revision date"
        ],
    ),  # fmt: skip
    "an effective date more than a year after the revision date (or today)": (
        "files",
        [r"^policy/en/terms-long\.md:\d+: \w+: effective date 2205-01-01 is more than a year"],
    ),
    (
        "a draft's `effective:` that `redline release` would refuse: on or before the last "
        "release's date (the released revision's date kept by an edit, or by `redline import`), "
        "or before today"
    ): (
        "files",
        [r"^policy/th/privacy-policy\.md:3: \w+: effective 2023-07-03 is the released revision's"],
    ),  # fmt: skip
    "a tag that changes no policy file, or tags the same commit as another": (
        "tags",
        [r"^tag policy/2023-07-21: \w+: tags the same commit as policy/2023-07-20"],
    ),
    "no release tags yet": ("untagged", [r"^tags: \w+: no release tags policy/YYYY-MM-DD yet"]),
}


def readme_rows() -> dict[str, str]:
    text = README.read_text(encoding="utf-8")
    assert MARKER in text, f"README.md: the table after {MARKER} is missing"
    rows = {}
    for line in text.split(MARKER, 1)[1].strip().splitlines():
        line = line.strip()
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if cells[1] in ("error", "warning"):
            rows[cells[0]] = cells[1]
    return rows


def check(repo: PolicyRepo) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-m", "redline.cli", "check"],
        cwd=repo.path,
        capture_output=True,
        text=True,
    )
    return result.stdout.splitlines()


def files_case(repo: PolicyRepo) -> None:
    repo.release("2023-07-03", {EN: GOOD_EN, TH: GOOD_TH})
    configure(repo.path)
    repo.write("policy/en/terms.md", "---\ntitle: [broken\n---\nText\n")
    repo.write("policy/en/latin.md", b"\xff\xfe not UTF-8")
    repo.write("policy/en/Bad_Name.md", doc("Bad", "Text.\n", notice="n"))
    repo.write("policy/en/changes.md", doc("Changes", "Text.\n", notice="n"))
    (repo.path / "policy/en/link.md").symlink_to(repo.path / EN)
    (repo.path / "policy/en/folder.md").mkdir()
    repo.write("policy/en/cookie-policy.md", doc("Cookies", "# Cookies\n\n## 1. Use {#use}\n"))
    repo.write(
        "policy/en/terms-long.md",
        doc("Terms", "## 1. Terms {#terms}\n", notice="x" * 1001, effective="2205-01-01"),
    )
    repo.write("policy/th/terms-long.md", doc("ข้อกำหนด", "## 1. ข้อ {#terms}\n", notice="น"))
    repo.write("policy/th/terms.md", doc("ข้อกำหนด", "ข้อ\u202eความ\n", notice="น"))
    repo.write(
        "policy/en/dup.md",
        doc("Dup", "## 1. Use {#use}\n\n## 2. Again {#use}\n", effectve="2030-01-01", notice="D."),
    )
    lists = (
        "We collect:\n- names\n\n3. third\n4. fourth\n\nAnd:\n\n1. a\n2. b\n5. c\n"
        "\nThen:\n\n1. x\n   - y\n\nLast:\n\n> 1. p\n>\n>    more\n>\n> 2. q\n"
    )
    repo.write("policy/en/lists.md", doc("Lists", lists, notice="L."))
    repo.write("policy/en/links.md", doc("Links", "See [x](nowhere.md).\n", notice="L."))
    repo.write(
        EN,
        doc("Privacy", "## 1. Scope {#scope}\n\nNew.\n\n## 2. Sharing\n\n## 3. X {#__config}\n\n"
            "<iframe src=x></iframe>\n",
            notice="First."),
    )  # fmt: skip
    repo.write(
        TH,
        doc("นโยบาย", "## 1. ขอบเขต {#other}\n\nใหม่\n", effective="2023-07-03",
            notice='"ฉบับ\\u0007"'),
    )  # fmt: skip


def tags_case(repo: PolicyRepo) -> None:
    configure(repo.path)  # committed with the first release: every branch below has it
    repo.release("2023-07-03", {EN: GOOD_EN, TH: GOOD_TH})
    early = doc(
        "Privacy",
        "## 1. Scope {#scope}\n\nEarly. [x](nowhere.md)\n",
        notice="E.",
        effective="2023-07-01",
        effectve="2023-07-02",
    )
    repo.release("2023-07-20", {EN: early})
    repo.tag("policy/2023-07-21", "Same commit", date="2023-07-21")
    repo.tag("policy/2023-7-4", "Malformed", date="2023-07-04")
    repo.write(EN, doc("Privacy", "## 1. Scope {#scope}\n\nLight.\n", notice="L."))
    repo.commit("light", date="2023-08-01")
    repo.tag("policy/2023-08-01", None, date="2023-08-01")
    repo.write(EN, doc("Privacy", "## 1. Scope {#scope}\n\nFuture.\n", notice="F."))
    repo.commit("future", date="2023-08-02")
    repo.tag("policy/2204-01-01", "Future", date="2023-08-02")
    repo.git("checkout", "-q", "-b", "stale", "policy/2023-07-03")
    repo.write(EN, doc("Privacy", "## 1. Scope {#scope}\n\nStale.\n", notice="S."))
    repo.commit("stale", date="2023-09-01")
    repo.tag("policy/2023-09-01", "Stale", date="2023-09-01")


def pending_case(repo: PolicyRepo) -> None:
    """English changes #scope and adds #sharing in a release the Thai text does not follow; then
    a Thai draft (a new title): both clauses pending since that release."""
    configure(repo.path)
    repo.release("2023-07-03", {EN: GOOD_EN, TH: GOOD_TH})
    body = "## 1. Scope {#scope}\n\nChanged.\n\n## 2. Sharing {#sharing}\n\nNone.\n"
    repo.release("2023-07-20", {EN: doc("Privacy", body, notice={"en": "S.", "th": "แชร์"})})
    repo.write(TH, doc("นโยบายความเป็นส่วนตัว", "## 1. ขอบเขต {#scope}\n\nข้อความ\n", notice="ชื่อ"))


def settings_case(repo: PolicyRepo) -> None:
    repo.release("2023-07-03", {EN: GOOD_EN, TH: GOOD_TH})
    configure(repo.path, timezon="Asia/Bangkok")


def lists_case(repo: PolicyRepo) -> None:
    body = "## 1. Scope {#scope}\n\nWe collect:\n\n3. names\n4. addresses\n"
    repo.release("2023-07-03", {EN: doc("Privacy", body, notice="First."), TH: GOOD_TH})
    configure(repo.path)
    repo.commit("config")


def untagged_case(repo: PolicyRepo) -> None:
    repo.write(EN, GOOD_EN)
    configure(repo.path)
    repo.commit("no release yet")


@pytest.fixture(scope="module")
def reported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    made = {}
    cases = [("files", files_case), ("tags", tags_case), ("settings", settings_case)]
    cases += [("pending", pending_case), ("lists", lists_case)]
    for name, make in [*cases, ("untagged", untagged_case)]:
        repo = PolicyRepo(tmp_path_factory.mktemp(name) / "repo")
        make(repo)
        made[name] = check(repo)
    return made


def test_every_row_of_the_table_has_a_case_and_every_case_a_row():
    assert set(readme_rows()) == set(CASES)


@pytest.mark.parametrize("row", sorted(CASES))
def test_the_severity_in_the_readme_is_the_one_reported(row, reported):
    severity = readme_rows()[row]
    case, patterns = CASES[row]
    lines = reported[case]
    for pattern in patterns:
        found = [line for line in lines if re.search(pattern, line)]
        assert found, f"{pattern!r} not reported:\n" + "\n".join(lines)
        for line in found:
            assert re.search(r"^(tag [^:]+: )?[^:]+(:\d+(:\d+)?)?: (error|warning): ", line), line
            assert f": {severity}: " in line, f"README says {severity}: {line}"


def test_clauses_pending_since_a_release_are_counted_apart_in_the_totals(reported):
    (total,) = [line for line in reported["pending"] if line.startswith("redline check: ")]
    assert total.endswith(", 2 clause(s) pending since a release (not failing --strict)"), total
