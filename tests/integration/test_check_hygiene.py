"""Nothing changes unseen: `redline check` and `redline release` refuse what the site would drop
or neutralize (elements, attributes, styles, images, link schemes) and invisible characters, in
the text being released; `redline release` refuses a summary with such characters and dates that
cannot be real, and compares its date with the clock, not the build's as-of date."""

from __future__ import annotations

import datetime
import os

import pytest

from redline.model import dates
from redline.text.sanitize import ALLOWED_TAGS, sanitize
from tests.support.gitrepo import PolicyRepo, doc
from tests.support.sitebuild import configure, first_release, redline

EN = "policy/en/privacy-policy.md"
TH = "policy/th/privacy-policy.md"
ZONE = "Asia/Bangkok"  # the project's mkdocs.yml, which `configure` copies

# Each line that the site would not publish as written, and what `redline check` says. The body
# starts on line 5 of the file, after `---`, `title:`, `notice:`, `---`.
DROPPED = [
    ('Text <iframe src="https://evil.example"></iframe>.', "<iframe> is dropped with everything"),
    ("<script>alert(1)</script>", "<script> is dropped with everything inside it"),
    ("<details><summary>More</summary>Fees apply.</details>", "not publish <details>"),
    (None, "not publish <summary>"),  # the same line
    ("The fee is <s>100</s> 50 USD.", "the site does not publish <s> (struck text reads"),
    ("The fee is <del>100</del> <ins>50</ins> USD.", "the site does not publish <del>"),
    (None, "the site does not publish <ins>"),
    ('<span dir="rtl">Fees 100-50</span>', "the attribute 'dir' of <span>"),
    ("<p hidden>Fees apply.</p>", "the attribute 'hidden' of <p>"),
    ('<span style="color: white">Fees apply.</span>', "the attribute 'style' of <span>"),
    ('<td style="display: none">Fees</td>', "the style 'display' (only a table column's"),
    ("Fees apply.\n{: hidden }", "the attribute 'hidden' of an element"),
    ("![Our logo](logo.png)", "the site does not publish <img> (images are not policy text)"),
    ("[Opt out](javascript:alert(1)) now.", "link 'javascript:alert(1': the site does not"),
    ('<a href="vbscript:x">Opt out</a>', "link 'vbscript:x': the site does not publish vbscript:"),
    ("Files at <ftp://files.example.com>.", "link 'ftp://files.example.com': the site does not"),
    ("[opt]: javascript:alert(2)", "link 'javascript:alert(2)': the site does not publish"),
]
# Published as written: nothing here is reported.
FINE = """
## 2. Fine {#fine}

Ages [under 20](#fine "age < 20"), <https://example.com>, [mail](mailto:dpo@example.com),
[a page](../cookie-policy/) and <abbr title="Personal Data Protection Act">PDPA</abbr>.

`<iframe>` and `![x](y.png)` are code, and so is this:

```html
<details><summary>x</summary></details>
```

<table><tr><td style="text-align: left">Fees</td></tr></table>

A paragraph {with braces} stays.
{: .note }
"""


@pytest.fixture
def repo(repo):
    return first_release(repo)


def errors_of(result):
    return [x for x in result.stdout.splitlines() if ": error: " in x]


def test_check_refuses_each_element_and_attribute_the_site_drops(repo):
    lines = [line for line, _ in DROPPED if line is not None]
    body = "## 1. Scope {#scope}\n\n" + "".join(f"{line}\n\n" for line in lines) + FINE
    repo.write(EN, doc("Privacy", body, notice="x"))
    result = redline("check", cwd=repo.path)
    assert result.returncode == 1
    errors = errors_of(result)
    number = at = 7  # the first line after the heading and its blank line
    for line, message in DROPPED:
        if line is not None:  # None: the line before; an attribute list: its own line
            at, number = number + line.count("\n"), number + line.count("\n") + 2
        where = f"{EN}:{at}: error: "
        assert any(e.startswith(where) and message in e for e in errors), (message, result.stdout)
    # one error per construct, nothing in FINE, and each tells what to do
    assert len(errors) == len(DROPPED), result.stdout
    assert all(e.endswith(("remove it", "link to a clause")) for e in errors), errors
    assert "Traceback" not in result.stderr


def test_what_check_refuses_is_what_the_sanitizer_drops():
    # The rule reads the sanitizer's own allowlist: an element it keeps is not reported, and one
    # it drops is really gone from the page.
    assert {"details", "s", "ins", "del", "iframe", "img"}.isdisjoint(ALLOWED_TAGS)
    for html in ("<details>x</details>", "<s>x</s>", "<ins>x</ins>", '<p dir="rtl">x</p>'):
        assert sanitize(html) != html


def test_released_text_does_not_block_only_the_text_being_released(repo):
    struck = doc("Privacy", "## 1. Scope {#scope}\n\nThe fee is <s>100</s> 50.\n", notice="S.")
    repo.release("2024-01-15", {EN: struck})
    drafted = redline("check", cwd=repo.path)
    assert drafted.returncode == 1
    assert f"{EN}:7: error: the site does not publish <s>" in drafted.stdout
    # fixed in the working tree: the released revision with <s> no longer blocks anything
    repo.write(EN, doc("Privacy", "## 1. Scope {#scope}\n\nThe fee is 50.\n", notice="Fee."))
    repo.commit("fee without markup", date="2024-02-01")
    fixed = redline("check", cwd=repo.path)
    assert fixed.returncode == 0, fixed.stdout
    released = redline("release", "2024-02-01", "-m", "Fee", "--backdate", cwd=repo.path)
    assert released.returncode == 0, released.stderr


def test_release_refuses_dropped_markup_and_creates_no_tag(repo):
    repo.write(EN, doc("Privacy", "## 1. Scope {#scope}\n\n<details>Fees.</details>\n", notice="D"))
    repo.commit("folded")
    result = redline("release", "2024-01-15", "-m", "x", "--backdate", cwd=repo.path)
    assert result.returncode == 1
    assert f"{EN}:7: error: the site does not publish <details>" in result.stderr
    assert "no tag was created" in result.stderr
    assert repo.git("tag", "-l", "policy/2024-01-15") == ""


def test_check_refuses_invisible_characters_with_line_column_and_name(repo):
    text = (
        "---\ntitle: Privacy\u202e\nnotice: First\u2066 notice\n---\n\n"
        "## 1. Scope {#scope}\n\nWe col\u00adlect data\ufeff.\n\nJoined\u200dwords.\n"
    )
    repo.write(EN, text)
    # U+200B separates Thai words: allowed
    repo.write(TH, doc("นโยบาย", "## 1. ขอบเขต {#scope}\n\nเรา\u200bเก็บ\n", notice="แก้ไข"))
    result = redline("check", cwd=repo.path)
    assert result.returncode == 1
    errors = errors_of(result)
    for where, name in [
        ("2:15", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("3:14", "U+2066 LEFT-TO-RIGHT ISOLATE"),
        ("8:7", "U+00AD SOFT HYPHEN"),
        ("8:17", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
        ("10:7", "U+200D ZERO WIDTH JOINER"),
    ]:
        assert f"{EN}:{where}: error: invisible character {name}:" in result.stdout, where
    assert not [e for e in errors if e.startswith(TH)], result.stdout
    assert len([e for e in errors if "invisible character" in e]) == 5, result.stdout


def edit(repo, text="New text."):
    repo.write(EN, doc("Privacy", f"## 1. Scope {{#scope}}\n\n{text}\n", notice="Changed."))
    repo.commit("edit", date="2024-01-10")


@pytest.mark.parametrize(
    ("summary", "named"),
    [
        ("Fees\x1b[2J changed", "U+001B control character"),
        ("Fees\x07", "U+0007 control character"),
        ("\x01Fees", "U+0001 control character"),
        ("Fees \x85changed", "U+0085 control character"),
        ("Fees \u202echanged", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("Fees \u2060changed", "U+2060 WORD JOINER"),
    ],
)
def test_release_refuses_a_summary_with_invisible_characters(repo, summary, named):
    edit(repo)
    result = redline("release", "2024-01-15", "-m", summary, "--backdate", cwd=repo.path)
    assert result.returncode == 2, result.stderr
    assert f"the release summary has the invisible character {named}" in result.stderr
    assert repo.git("tag", "-l", "policy/2024-01-15") == ""


def test_release_keeps_a_summary_of_lines_tabs_and_thai(repo):
    edit(repo)
    summary = "Fees changed\n\n\tค่า\u200bธรรมเนียม"
    result = redline("release", "2024-01-15", "-m", summary, "--backdate", cwd=repo.path)
    assert result.returncode == 0, result.stderr
    assert repo.git("tag", "-l", "--format=%(contents)", "policy/2024-01-15").strip() == summary


@pytest.mark.parametrize(
    ("date", "reason"),
    [
        ("0001-01-01", "0001-01-01 is before 1990-01-01; no release is dated that early"),
        ("1989-12-31", "1989-12-31 is before 1990-01-01"),
    ],
)
def test_release_refuses_a_date_that_cannot_be_real(tmp_path, date, reason):
    repo = unreleased(tmp_path)  # the first release: no newer one to refuse it first
    result = redline("release", date, "-m", "Typo", "--backdate", cwd=repo.path)
    assert result.returncode == 1
    assert f"redline release: {reason}" in result.stderr
    assert repo.git("tag", "-l") == ""


def unreleased(tmp_path):
    """A repository whose policies were first committed on 2023-07-03, and never released."""
    repo = PolicyRepo(tmp_path / "fresh")
    repo.write(EN, doc("Privacy", "## 1. Scope {#scope}\n\nText.\n", notice="First."))
    repo.write(TH, doc("นโยบาย", "## 1. ขอบเขต {#scope}\n\nข้อความ\n", notice="ฉบับแรก"))
    configure(repo.path)
    repo.commit("first", date="2023-07-03")  # 19:00 in Bangkok
    return repo


def test_only_the_first_release_may_be_dated_before_the_first_commit(tmp_path):
    repo = unreleased(tmp_path)
    # adopting Redline: the policy in force since 2021 is released with its real date
    adopted = redline("release", "2021-03-01", "-m", "In force", "--backdate", cwd=repo.path)
    assert adopted.returncode == 0, adopted.stderr
    repo.write(EN, doc("Privacy", "## 1. Scope {#scope}\n\nNew.\n", notice="New."))
    repo.commit("edit", date="2023-07-05")
    early = redline("release", "2023-07-02", "-m", "Early", "--backdate", cwd=repo.path)
    assert early.returncode == 1
    assert (
        "2023-07-02 is before the repository's first commit (2023-07-03); only the first "
        "release (the policy already in force when Redline was adopted) and redline import "
        "date releases before it"
    ) in early.stderr
    assert repo.git("tag", "-l", "policy/2023-07-02") == ""
    assert (
        redline("release", "2023-07-03", "-m", "Later", "--backdate", cwd=repo.path).returncode == 0
    )


def test_release_compares_with_the_clock_not_source_date_epoch(repo):
    edit(repo)
    tomorrow = (dates.today(ZONE) + datetime.timedelta(days=1)).isoformat()
    in_2030 = str(int(datetime.datetime(2030, 6, 1, tzinfo=datetime.UTC).timestamp()))
    env = {**os.environ, "SOURCE_DATE_EPOCH": in_2030}
    result = redline("release", tomorrow, "-m", "Early", cwd=repo.path, env=env)
    assert result.returncode == 1
    assert f"{tomorrow} is after today ({dates.today(ZONE)} in {ZONE})" in result.stderr
    assert repo.git("tag", "-l", f"policy/{tomorrow}") == ""


def test_an_untracked_policy_file_blocks_a_release_and_build_output_does_not(repo):
    edit(repo)
    repo.write("policy/en/terms.md", doc("Terms", "## 1. Terms {#terms}\n\nText.\n", notice="T"))
    repo.write("site/index.html", "<p>build output</p>\n")
    blocked = redline("release", "2024-01-15", "-m", "x", "--backdate", cwd=repo.path)
    assert blocked.returncode == 1
    assert (
        "redline release: uncommitted changes in policy/en/terms.md; commit them"
    ) in blocked.stderr
    assert repo.git("tag", "-l", "policy/2024-01-15") == ""
    repo.remove("policy/en/terms.md")
    done = redline("release", "2024-01-15", "-m", "x", "--backdate", cwd=repo.path)
    assert done.returncode == 0, done.stderr
