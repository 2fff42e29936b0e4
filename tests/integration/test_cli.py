"""`redline check`, `redline release` and `redline demo`, run as a user runs them."""

from __future__ import annotations

import argparse
import datetime
import re
import subprocess
import time

import pytest

from redline.model import dates
from tests.support.gitrepo import doc
from tests.support.sitebuild import PROJECT, configure, first_release, redline

EN = "policy/en/privacy-policy.md"
TH = "policy/th/privacy-policy.md"
ZONE = "Asia/Bangkok"  # the project's mkdocs.yml, which `configure` copies


@pytest.fixture
def repo(repo):
    return first_release(repo)


def test_check_passes_a_clean_repository(repo):
    result = redline("check", cwd=repo.path)
    assert result.returncode == 0, result.stdout
    assert "0 error(s)" in result.stdout


def test_check_reports_every_problem_with_file_and_line(repo):
    repo.write(EN, doc("Privacy", "## 1. Scope {#scope}\n\n## 2. Sharing\n\nText.\n"))
    repo.write("policy/en/terms.md", "---\ntitle: [broken\n---\nText\n")
    repo.write("policy/en/cookie-policy.md", doc("Cookies", "## Cookies {#cookies}\n", notice="x"))
    repo.tag("policy/2023-7-4", "bad")
    result = redline("check", cwd=repo.path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    missing_anchor = "heading '2. Sharing' has no anchor; add {#clause-name}"
    assert f"policy/en/privacy-policy.md:6: error: {missing_anchor}" in lines
    assert any(line.startswith("policy/en/terms.md:2: error: front matter") for line in lines)
    assert "tag policy/2023-7-4: error: write the date as policy/2023-07-04" in lines
    assert any(
        line.startswith("policy/th/cookie-policy.md: warning: no translation yet") for line in lines
    )
    assert "Traceback" not in result.stderr


def test_check_warns_about_anchors_that_differ_between_locales(repo):
    repo.write(TH, doc("นโยบาย", "## 1. ขอบเขต {#scope-th}\n\nข้อความ\n", notice="แก้ไข"))
    result = redline("check", cwd=repo.path)
    assert "policy/th/privacy-policy.md: warning: clause anchors differ" in result.stdout
    assert "not in en: scope-th" in result.stdout
    # The clause the translation lacks is the pending clause warning, at its line.
    assert "missing scope" not in result.stdout
    assert any(
        line.startswith("policy/th/privacy-policy.md:") and ": warning: clause #scope" in line
        for line in result.stdout.splitlines()
    )


def test_release_tags_a_clean_checked_repository(repo):
    repo.write(EN, doc("Privacy", "## 1. Scope {#scope}\n\nNew text.\n", notice="Changed."))
    repo.commit("edit")
    result = redline("release", "--backdate", "2024-01-15", "-m", "Scope reworded", cwd=repo.path)
    assert result.returncode == 0, result.stdout
    assert repo.git("cat-file", "-t", "policy/2024-01-15").strip() == "tag"
    assert repo.git("tag", "-l", "--format=%(contents)", "policy/2024-01-15").strip() == (
        "Scope reworded"
    )


def test_release_refuses_a_dirty_tree_an_existing_tag_and_a_bad_date(repo):
    repo.write(EN, doc("Privacy", "## 1. Scope {#scope}\n\nUncommitted.\n", notice="x"))
    dirty = redline("release", "--backdate", "2024-01-15", "-m", "x", cwd=repo.path)
    assert dirty.returncode == 1 and "uncommitted changes" in dirty.stderr
    repo.git("checkout", "--", EN)
    existing = redline("release", "--backdate", "2023-07-03", "-m", "again", cwd=repo.path)
    assert existing.returncode == 1 and "already exists" in existing.stderr
    bad = redline("release", "--backdate", "2024-1-5", "-m", "x", cwd=repo.path)
    assert bad.returncode == 2 and "not a date" in bad.stderr
    assert "policy/2024-01-15" not in repo.git("tag", "-l")


def test_release_refuses_when_the_check_finds_errors(repo):
    repo.write(EN, doc("Privacy", "## No anchor\n\nText.\n", notice="x"))
    repo.commit("broken")
    result = redline("release", "--backdate", "2024-01-15", "-m", "x", cwd=repo.path)
    assert result.returncode == 1 and "no tag was created" in result.stderr
    assert repo.git("tag", "-l", "policy/2024-01-15") == ""


def test_demo_builds_the_sample_history(tmp_path):
    site = tmp_path / "site"
    result = redline(
        "demo", "--build-only", str(site), "--repo", str(tmp_path / "repo"), cwd=PROJECT
    )
    assert result.returncode == 0, result.stderr
    tags = subprocess.run(
        ["git", "tag", "-l", "--format=%(objecttype) %(refname:short)"],
        cwd=tmp_path / "repo",
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    assert "tag policy/2017-02-12" in tags and "tag policy/2023-07-03" in tags
    for day in ("2017-02-12", "2017-07-28", "2022-03-31", "2023-07-03"):
        assert (site / f"en/privacy-policy/{day}/index.html").is_file()
    assert (site / "th/privacy-policy/2017-07-28/index.html").is_file()
    # Thai lagged then: where its revision would be, a page says there is none.
    lagged = (site / "th/privacy-policy/2022-03-31/index.html").read_text(encoding="utf-8")
    assert "rl-banner" in lagged and "ฉบับแก้ไขนี้ไม่มีฉบับแปล" in lagged
    # Its title is true of that past revision, though Thai caught up later: English only then,
    # not "no translation yet".
    title = lagged.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "ฉบับแก้ไขวันที่ 31 มีนาคม 2565 มีเฉพาะฉบับภาษาอังกฤษ" in title, title
    assert "ยังไม่" not in title, title
    lagging = (site / "th/privacy-policy/2017-07-28/index.html").read_text(encoding="utf-8")
    # Told as history: the English revision came while it was in force, and Thai caught up later.
    assert "ได้รับการแก้ไขเมื่อวันที่ 31 มีนาคม 2565" in lagging
    assert "คำแปลฉบับนี้ได้รับการปรับปรุงเมื่อวันที่ 3 กรกฎาคม 2566" in lagging
    assert "ยังไม่ได้รับการปรับปรุง" not in lagging  # "not yet updated": no longer true
    policy = (site / "en/privacy-policy/index.html").read_text(encoding="utf-8")
    assert "Understanding the external environment" in policy
    old = (site / "en/privacy-policy/2017-07-28/index.html").read_text(encoding="utf-8")
    assert "Understanding the external environment" not in old


def test_release_after_a_build_and_never_out_of_order(repo):
    (repo.path / "site").mkdir()
    (repo.path / "site/index.html").write_text("built", encoding="utf-8")
    (repo.path / ".cache/redline").mkdir(parents=True)
    repo.write(EN, doc("Privacy", "## 1. Scope {#scope}\n\nNew.\n", notice="Changed."))
    repo.git("add", EN)
    repo.git("commit", "-q", "-m", "edit")
    older = redline("release", "--backdate", "2023-01-01", "-m", "x", cwd=repo.path)
    assert (
        older.returncode == 1 and "not after the newest release policy/2023-07-03" in older.stderr
    )
    result = redline("release", "--backdate", "2024-01-15", "-m", "Scope", cwd=repo.path)
    assert result.returncode == 0, result.stdout


def test_check_reads_a_configuration_with_mkdocs_tags(repo):
    config = repo.path / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "site_url: http://127.0.0.1:8000/", "site_url: !ENV [SITE_URL, 'http://x/']"
        ),
        encoding="utf-8",
    )
    assert "!ENV" in config.read_text(encoding="utf-8")
    result = redline("check", cwd=repo.path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_release_with_a_missing_configuration_is_one_line(repo):
    result = redline(
        "release", "--backdate", "2024-01-15", "-m", "x", "-f", "nowhere.yml", cwd=repo.path
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "nowhere.yml" in result.stderr


def test_every_command_without_its_configuration_names_the_file(tmp_path):
    for command in ("check", "release 2024-01-15 -m x --backdate", "review"):
        result = redline(*command.split(), cwd=tmp_path)  # no mkdocs.yml in the folder
        assert "Traceback" not in result.stderr and result.returncode != 0
        said = (result.stdout + result.stderr).strip().splitlines()
        name = command.split()[0]
        named = ("mkdocs.yml: error: no such file", f"redline {name}: mkdocs.yml: no such file")
        assert any(line.startswith(named) for line in said), said


def edit(repo, text="New text."):
    repo.write(EN, doc("Privacy", f"## 1. Scope {{#scope}}\n\n{text}\n", notice="Changed."))
    repo.commit("edit")


def test_release_refuses_a_stale_branch_and_check_reports_a_stale_tag(repo):
    edit(repo)
    assert redline("release", "--backdate", "2024-01-15", "-m", "B", cwd=repo.path).returncode == 0
    repo.git("checkout", "-q", "-b", "stale", "HEAD~1")  # the text of policy/2023-07-03
    stale = redline(
        "release", "--backdate", "2024-02-01", "-m", "From a stale branch", cwd=repo.path
    )
    assert stale.returncode == 1, stale.stderr
    assert re.search(
        r"redline release: HEAD \([0-9a-f]{12}\) does not contain the newest release "
        r"policy/2024-01-15 \([0-9a-f]{12}\), so releasing it would put older text in force; "
        r"release from a branch that contains policy/2024-01-15 \(git merge policy/2024-01-15\); "
        r"no tag was created",
        stale.stderr,
    ), stale.stderr
    assert repo.git("tag", "-l", "policy/2024-02-01") == ""
    # The same mistake made by hand with git is an error of `redline check`.
    repo.tag("policy/2024-02-01", "By hand", date="2024-02-01")
    check = redline("check", cwd=repo.path)
    assert check.returncode == 1
    assert re.search(
        r"^tag policy/2024-02-01: error: its commit [0-9a-f]{12} does not contain the previous "
        r"release policy/2024-01-15 ",
        check.stdout,
        re.M,
    ), check.stdout


def test_release_refuses_a_date_after_today_in_the_site_time_zone(repo):
    edit(repo)
    far = redline("release", "2204-01-15", "-m", "Typo", cwd=repo.path)
    today = dates.today(ZONE)
    assert far.returncode == 1
    assert f"redline release: 2204-01-15 is after today ({today} in {ZONE})" in far.stderr
    tomorrow = (today + datetime.timedelta(days=1)).isoformat()
    assert redline("release", tomorrow, "-m", "Early", cwd=repo.path).returncode == 1
    assert repo.git("tag", "-l", "policy/2204-01-15", f"policy/{tomorrow}") == ""
    ok = redline("release", today.isoformat(), "-m", "Today", cwd=repo.path)
    assert ok.returncode == 0, ok.stdout


def test_check_reports_a_future_tag_and_effective_dates_years_ahead(repo):
    repo.write(EN, doc("Privacy", "## 1. Scope {#scope}\n\nNew.\n", effective="2204-01-15"))
    repo.commit("effective date typo")
    repo.tag("policy/2024-01-15", "Released with the typo", date="2024-01-15")
    edit(repo, "Newer.")
    repo.tag("policy/2204-01-15", "Tag date typo", date="2024-02-01")
    repo.write(EN, doc("Privacy", "## 1. Scope {#scope}\n\nDraft.\n", effective="2205-01-01"))
    result = redline("check", cwd=repo.path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any(
        line.startswith("tag policy/2204-01-15: error: dated after today") for line in lines
    ), lines
    assert (
        "tag policy/2024-01-15: policy/en/privacy-policy.md:3: warning: released with a warning "
        "(a tag never moves, so it no longer fails --strict; heed it in the next revision): "
        "effective date 2204-01-15 is more than a year after the revision date 2024-01-15; "
        "check the year"
    ) in result.stdout
    assert (
        "policy/en/privacy-policy.md:3: warning: effective date 2205-01-01 is more than a year "
        f"after today {dates.today(ZONE)}; check the year"
    ) in result.stdout


def test_release_refuses_a_release_that_changes_no_policy_file(repo):
    repo.write("NOTES.md", "Not a policy.\n")
    repo.commit("notes")
    result = redline("release", "--backdate", "2024-01-15", "-m", "Nothing", cwd=repo.path)
    assert result.returncode == 1
    assert (
        "redline release: no policy file changed since policy/2023-07-03, so the tag would add "
        "no revision and show nowhere on the site" in result.stderr
    )
    assert repo.git("tag", "-l", "policy/2024-01-15") == ""
    # Tags made by hand that add no revision are reported (warnings: nothing shows wrong).
    repo.tag("policy/2024-01-15", "By hand", date="2024-01-15")
    repo.tag("policy/2024-01-16", "Twice", date="2024-01-16")
    check = redline("check", cwd=repo.path)
    assert check.returncode == 0, check.stdout
    assert (
        "tag policy/2024-01-15: warning: changes no policy file since policy/2023-07-03: it adds "
        "no revision and shows nowhere on the site; delete it (git tag -d policy/2024-01-15)"
    ) in check.stdout
    assert (
        "tag policy/2024-01-16: warning: tags the same commit as policy/2024-01-15: it adds no "
        "revision"
    ) in check.stdout


# --- The command line of a finished tool ---


def test_version_and_help_for_every_command_and_option(repo):
    from importlib.metadata import version

    from redline.cli import main as cli

    shown = redline("--version", cwd=repo.path)
    assert shown.returncode == 0 and shown.stdout == f"redline {version('redline')}\n"
    top = cli.parser()
    (commands,) = [a for a in top._actions if isinstance(a, argparse._SubParsersAction)]
    assert set(commands.choices) == {
        "new",
        "import",
        "check",
        "review",
        "release",
        "verify",
        "groups",
        "build",
        "assemble",
        "demo",
        "upgrade",
    }
    helped = {a.dest for a in commands._choices_actions if a.help}
    assert helped == set(commands.choices)
    for name, sub in commands.choices.items():
        for action in sub._actions:
            assert action.help, f"redline {name} {action.option_strings or action.dest}: no help"
        assert "exit status" in f"{sub.epilog} {sub.description}".lower(), name


def test_usage_errors_exit_2_on_stderr(repo):
    for args in (("frobnicate",), ("release",), ("check", "--no-such-option")):
        result = redline(*args, cwd=repo.path)
        assert result.returncode == 2 and result.stdout == "", args
        assert "usage: redline" in result.stderr, args


def test_check_strict_fails_on_warnings(repo):
    repo.write("policy/en/cookie-policy.md", doc("Cookies", "## 1. Use {#use}\n", notice="New."))
    relaxed = redline("check", cwd=repo.path)
    assert relaxed.returncode == 0, relaxed.stdout
    assert "warning: no translation yet" in relaxed.stdout
    strict = redline("check", "--strict", cwd=repo.path)
    assert strict.returncode == 1
    assert strict.stdout.endswith("0 error(s), 1 warning(s) (--strict: warnings fail)\n")


def test_release_dry_run_checks_and_tags_nothing(repo):
    edit(repo)
    dry = redline("release", "--backdate", "2024-01-15", "-m", "Scope", "--dry-run", cwd=repo.path)
    assert dry.returncode == 0, dry.stderr
    assert re.fullmatch(
        r"redline release: would tag policy/2024-01-15 at [0-9a-f]{12} \(--backdate: importing "
        r"history, no remote origin: never published\) \(--dry-run: no tag was created\)\n",
        dry.stdout,
    ), dry.stdout
    assert "redline check: 0 error(s)" in dry.stderr  # the full check ran
    assert repo.git("tag", "-l", "policy/2024-01-15") == ""
    repo.write(EN, doc("Privacy", "## No anchor\n", notice="x"))
    repo.commit("broken")
    broken = redline("release", "--backdate", "2024-01-15", "-m", "x", "--dry-run", cwd=repo.path)
    assert broken.returncode == 1 and "no tag was created" in broken.stderr


def test_release_refuses_an_existing_tag_or_an_older_date_before_the_full_check(repo):
    # The working tree has an error that the full check would report: it is never reached.
    repo.write(EN, doc("Privacy", "## No anchor\n\nText.\n", notice="x"))
    repo.commit("broken")
    existing = redline("release", "--backdate", "2023-07-03", "-m", "again", cwd=repo.path)
    assert existing.returncode == 1
    assert existing.stderr == (
        "redline release: tag policy/2023-07-03 already exists; a release is never re-tagged "
        "(if it was never pushed and is wrong, delete it first: git tag -d policy/2023-07-03); "
        "no tag was created\n"
    )
    older = redline("release", "--backdate", "2023-07-02", "-m", "older", cwd=repo.path)
    assert older.returncode == 1
    assert older.stderr == (
        "redline release: 2023-07-02 is not after the newest release policy/2023-07-03; "
        "releases are dated in order; no tag was created\n"
    )


def test_check_reports_a_level_1_heading(repo):
    repo.write(EN, doc("Privacy", "# Privacy Policy\n\n## 1. Scope {#scope}\n\nText.\n"))
    repo.write(TH, doc("นโยบาย", "## 1. ขอบเขต {#scope}\n\n```\n# not a heading\n```\n"))
    result = redline("check", cwd=repo.path)
    assert result.returncode == 1
    errors = [line for line in result.stdout.splitlines() if ": error: " in line]
    assert errors == [
        f"{EN}:4: error: level-1 heading 'Privacy Policy': the page already shows the title "
        "from the front matter as its level-1 heading, so it would be printed twice; put the "
        "title in 'title:' and start the clauses at '## '"
    ], result.stdout


def test_release_refuses_a_change_of_file_mode_alone(repo):
    # `chmod +x` changes no text: the tag would add no revision (history compares blob ids).
    (repo.path / EN).chmod(0o755)
    repo.commit("mode")
    result = redline("release", "--backdate", "2024-01-15", "-m", "Mode", cwd=repo.path)
    assert result.returncode == 1
    assert "no policy file changed since policy/2023-07-03" in result.stderr
    assert repo.git("tag", "-l", "policy/2024-01-15") == ""


def test_release_before_the_first_commit_is_one_line(tmp_path):
    from tests.support.gitrepo import PolicyRepo

    fresh = PolicyRepo(tmp_path / "fresh")
    fresh.write(EN, doc("Privacy", "## 1. Scope {#scope}\n\nText.\n", notice="First."))
    fresh.write(TH, doc("นโยบาย", "## 1. ขอบเขต {#scope}\n\nข้อความ\n", notice="ฉบับแรก"))
    configure(fresh.path)
    result = redline("release", "--backdate", "2023-07-03", "-m", "First", cwd=fresh.path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "nothing is committed yet; commit the policy files first" in result.stderr


def test_release_writes_the_tag_and_nothing_else(repo):
    # Not even the index: `git status` would refresh it (stat data) behind the release's back.
    repo.write(EN, doc("Privacy", "## 1. Scope {#scope}\n\nNew text.\n", notice="Changed."))
    repo.commit("edit")
    time.sleep(1.1)  # past the index's own second, so git does not take the file as racy
    (repo.path / EN).touch()  # stat data now differs from the index's
    index = (repo.path / ".git" / "index").read_bytes()
    result = redline("release", "--backdate", "2024-01-15", "-m", "Edit", cwd=repo.path)
    assert result.returncode == 0, result.stderr
    assert (repo.path / ".git" / "index").read_bytes() == index
