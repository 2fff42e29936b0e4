"""`redline check`, `redline release` and `redline import` where the site's Markdown and
GitHub's render a policy differently: a numbered list the site would show with other numbers
than written is refused before tagging (a tag with one only warns), a list after a paragraph is
a warning."""

from __future__ import annotations

import pytest
import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from tests.support.gitrepo import doc
from tests.support.sitebuild import first_release, redline

EN = "policy/en/privacy-policy.md"
TH = "policy/th/privacy-policy.md"
FROM_3 = "## 1. Scope {#scope}\n\nWe collect:\n\n3. names\n4. addresses\n"
FROM_3_TH = "## 1. ขอบเขต {#scope}\n\nเราเก็บ:\n\n3. ชื่อ\n4. ที่อยู่\n"
STARTS_AT_3 = "error: this numbered list starts at 3, but the site would show it numbered from 1"


def with_sane_lists(repo) -> None:
    """Add `sane_lists` to the committed `mkdocs.yml`'s Markdown extensions."""
    path = repo.path / "mkdocs.yml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config["markdown_extensions"].append("sane_lists")
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    repo.commit("sane_lists")


@pytest.fixture
def released(repo):
    return first_release(repo)


def test_check_refuses_a_list_from_3_and_warns_of_a_list_after_a_paragraph(released):
    # The body starts on line 5 of the file, after `---`, `title:`, `notice:`, `---`.
    body = "## 1. Scope {#scope}\n\nWe collect:\n- names\n- addresses\n\n3. third\n4. fourth\n"
    # A notice per locale: the Thai translation is left behind (a warning of its own).
    released.write(EN, doc("Privacy", body, notice="{en: Lists., th: รายการ}"))
    result = redline("check", cwd=released.path)
    assert result.returncode == 1, result.stdout
    problems = [x for x in result.stdout.splitlines() if ": warning: " in x or ": error: " in x]
    assert f"{EN}:8: warning: this list follows a paragraph without a blank line" in problems[0]
    assert problems[1].startswith(f"{EN}:11: {STARTS_AT_3}"), result.stdout
    assert "number it from 1, or add sane_lists to markdown_extensions in mkdocs.yml" in problems[1]
    assert len(problems) == 2, result.stdout
    assert "Traceback" not in result.stderr


def test_release_refuses_a_list_from_3_until_sane_lists_then_the_page_shows_3(released, tmp_path):
    released.write(EN, doc("Privacy", FROM_3, notice="Lists."))
    released.write(TH, doc("นโยบาย", FROM_3_TH, notice="รายการ"))
    released.commit("lists from 3")
    release = ("release", "2024-01-15", "-m", "Lists", "--backdate")
    refused = redline(*release, cwd=released.path)
    assert refused.returncode == 1
    for path in (EN, TH):
        assert f"{path}:9: {STARTS_AT_3}" in refused.stderr, refused.stderr
    assert "fix the errors above first; no tag was created" in refused.stderr
    assert released.git("tag", "-l", "policy/2024-01-15") == ""

    with_sane_lists(released)
    assert redline("check", "--strict", cwd=released.path).returncode == 0
    done = redline(*release, cwd=released.path)
    assert done.returncode == 0, done.stderr
    assert released.git("tag", "-l", "policy/2024-01-15").strip() == "policy/2024-01-15"
    # What the check promised: the published page numbers the list from 3, as written.
    config = load_config(
        config_file=str(released.path / "mkdocs.yml"), site_dir=str(tmp_path / "site")
    )
    mkdocs_build(config)
    for locale, first in (("en", "names"), ("th", "ชื่อ")):
        page = tmp_path / f"site/{locale}/privacy-policy/2024-01-15/index.html"
        assert f'<ol start="3">\n<li>{first}</li>' in page.read_text(encoding="utf-8")


def test_numbers_out_of_sequence_are_refused_with_sane_lists_too(released):
    with_sane_lists(released)
    body = "## 1. Scope {#scope}\n\nWe collect:\n\n1. names\n2. addresses\n5. phones\n"
    released.write(EN, doc("Privacy", body, notice="{en: Lists., th: รายการ}"))
    released.commit("out of sequence")
    refused = redline("release", "2024-01-15", "-m", "Lists", "--backdate", cwd=released.path)
    assert refused.returncode == 1
    assert (
        f"{EN}:11: error: this item is numbered 5, but the site would show it as 3 (Markdown "
        "numbers a list's items in sequence from its first, with sane_lists too); renumber the "
        "list in sequence from 1" in refused.stderr
    ), refused.stderr
    # every item numbered alike leaves the numbering to the site, on purpose
    released.write(EN, doc("Privacy", body.replace("2.", "1.").replace("5.", "1."), notice="L."))
    released.commit("1. 1. 1.")
    assert redline("check", cwd=released.path).returncode == 0


def test_a_tag_with_a_list_from_3_only_warns_and_its_next_revision_is_refused(repo):
    first_release(repo, english=FROM_3)
    result = redline("check", "--strict", cwd=repo.path)
    assert result.returncode == 0, result.stdout
    said = [line for line in result.stdout.splitlines() if "starts at 3" in line]
    assert len(said) == 1, result.stdout
    assert said[0].startswith(
        f"tag policy/2023-07-03: {EN}:9: warning: released with a warning (a tag never moves"
    )
    assert result.stdout.endswith("1 about released tags (not failing --strict)\n")
    # The next revision that keeps the list would publish it again: refused.
    repo.write(EN, doc("Privacy", FROM_3 + "5. phones\n", notice="{en: Phones., th: โทรศัพท์}"))
    after = redline("check", cwd=repo.path)
    assert after.returncode == 1
    assert f"{EN}:9: {STARTS_AT_3}" in after.stdout, after.stdout


def test_numbers_after_a_paragraph_are_the_paragraph_s_text_a_warning_only(released):
    # The site shows the items as the paragraph's text, numbers as written: only the layout
    # differs from GitHub's preview.
    body = "## 1. Scope {#scope}\n\nWe collect:\n1. names\n3. addresses\n"
    released.write(EN, doc("Privacy", body, notice="{en: Lists., th: รายการ}"))
    result = redline("check", cwd=released.path)
    assert result.returncode == 0, result.stdout
    assert f"{EN}:8: warning: this list follows a paragraph" in result.stdout
    assert "numbered" not in result.stdout


def test_import_refuses_a_version_with_a_list_from_3_until_sane_lists(tmp_path):
    assert redline("new", "policies", cwd=tmp_path).returncode == 0
    repo = tmp_path / "policies"
    source = tmp_path / "old/2021-03-31/privacy-policy.md"
    source.parent.mkdir(parents=True)
    source.write_text("# Privacy\n\n## 1. Data\n\nWe collect:\n\n3. names\n4. addresses\n")
    refused = redline("import", tmp_path / "old", "--dry-run", cwd=repo)
    assert refused.returncode == 1
    assert refused.stderr.startswith("redline import: "), refused.stderr
    assert "old/2021-03-31/privacy-policy.md:7: this numbered list starts at 3" in refused.stderr
    config = repo / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - attr_list\n", "  - attr_list\n  - sane_lists\n"))
    done = redline("import", tmp_path / "old", "--dry-run", cwd=repo)
    assert done.returncode == 0, done.stderr


def test_a_list_in_a_note_is_checked_as_the_site_shows_it_without_admonition_in_mkdocs_yml(
    released,
):
    # The site adds admonition where mkdocs.yml leaves it out: the note's list is a list there.
    path = released.path / "mkdocs.yml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config["markdown_extensions"] = [e for e in config["markdown_extensions"] if e != "admonition"]
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    released.commit("no admonition")
    body = "## 1. Scope {#scope}\n\n!!! note\n    1. a\n    2. b\n    5. c\n"
    released.write(EN, doc("Privacy", body, notice="{en: Note., th: หมายเหตุ}"))
    result = redline("check", cwd=released.path)
    assert result.returncode == 1, result.stdout
    assert f"{EN}:10: error: this item is numbered 5, but the site would show it as 3" in (
        result.stdout
    )
