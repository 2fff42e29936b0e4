"""`redline check` and `redline release` in a real repository with real tags: duplicate anchors,
unknown front matter keys, unknown plugin settings and locale codes are refused before tagging;
a lag notice is asked for before the tag; warnings of tags already made never fail `--strict`."""

from __future__ import annotations

import yaml

from redline.plugin.settings import plugin_options
from tests.support.gitrepo import doc
from tests.support.sitebuild import configure, first_release, redline

EN = "policy/en/privacy-policy.md"
TH = "policy/th/privacy-policy.md"


def lines_of(result):
    return result.stdout.splitlines()


def test_a_duplicate_anchor_is_refused_in_every_locale_with_both_lines(repo):
    first_release(repo)
    repo.write(
        EN, doc("Privacy", "## 1. Scope {#scope}\n\nA.\n\n## 2. More {#scope}\n", notice="N.")
    )
    repo.write(TH, doc("นโยบาย", "## 1. ขอบเขต {#scope}\n\nก\n\n## 2. อีก {#scope}\n", notice="ใหม่"))
    repo.commit("two clauses, one anchor")
    result = redline("check", cwd=repo.path)
    assert result.returncode == 1, result.stdout
    for path in (EN, TH):
        assert any(
            line.startswith(f"{path}:9: error: anchor {{#scope}} is also on the heading of line 5")
            and "{#scope-2}" in line
            for line in lines_of(result)
        ), result.stdout
    release = redline("release", "2024-01-15", "-m", "More", "--backdate", cwd=repo.path)
    assert release.returncode == 1
    assert f"{EN}:9: error: anchor {{#scope}}" in release.stderr
    assert "no tag was created" in release.stderr
    assert repo.git("tag", "-l", "policy/2024-01-15") == ""


def test_an_unknown_front_matter_key_is_an_error_with_its_line_and_the_key_it_means(repo):
    first_release(repo)
    text = doc("Privacy", "## 1. Scope {#scope}\n\nLater.\n", effectve="2030-01-01", notice="N.")
    repo.write(EN, text)
    repo.write(TH, doc("นโยบาย", "## 1. ขอบเขต {#scope}\n\nทีหลัง\n", notice="ใหม่"))
    repo.commit("takes effect in 2030")
    result = redline("check", cwd=repo.path)
    assert result.returncode == 1
    assert (
        f"{EN}:3: error: front matter has an unknown key 'effectve' (did you mean 'effective'?)"
        in result.stdout
    )
    release = redline(
        "release", "2024-01-15", "-m", "Later", "--dry-run", "--backdate", cwd=repo.path
    )
    assert release.returncode == 1 and "unknown key 'effectve'" in release.stderr


def test_an_unknown_key_in_a_released_tag_is_said_but_does_not_fail_strict(repo):
    # Tagged before the key was checked (a plain `git tag`): the tag can never change.
    first_release(repo)
    text = doc("Privacy", "## 1. Scope {#scope}\n\nLater.\n", effectve="2030-01-01", notice="N.")
    th = doc("นโยบาย", "## 1. ขอบเขต {#scope}\n\nทีหลัง\n", notice="ใหม่")
    repo.release("2024-01-15", {EN: text, TH: th})
    result = redline("check", "--strict", cwd=repo.path)
    assert result.returncode == 0, result.stdout
    assert (
        f"tag policy/2024-01-15: {EN}:3: warning: released with an unknown key 'effectve' (did "
        "you mean 'effective'?)" in result.stdout
    )
    assert result.stdout.endswith(
        "0 error(s), 0 warning(s), 1 about released tags (not failing --strict)\n"
    )
    # The next revision is held to the rule again.
    repo.write(EN, text.replace("Later.", "Later still."))
    assert (
        f"{EN}:3: error: front matter has an unknown key" in redline("check", cwd=repo.path).stdout
    )


def test_a_misspelled_plugin_setting_fails_check_and_release(repo):
    first_release(repo)
    config = configure(repo.path)
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    options = plugin_options(settings)
    options["timezon"] = options.pop("timezone")
    config.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), "utf-8")
    line = next(
        n for n, text in enumerate(config.read_text("utf-8").splitlines(), 1) if "timezon:" in text
    )
    relaxed = redline("check", cwd=repo.path)
    assert relaxed.returncode == 1
    assert relaxed.stdout.startswith(
        f"mkdocs.yml: error: plugins.redline: unknown setting 'timezon' on line {line} (did you "
        "mean 'timezone'?)"
    ), relaxed.stdout
    assert redline("check", "--strict", cwd=repo.path).returncode == 1
    release = redline("release", "2024-01-15", "-m", "x", "--dry-run", "--backdate", cwd=repo.path)
    assert release.returncode == 1 and "unknown setting 'timezon'" in release.stderr


def test_an_unknown_locale_code_is_an_error_naming_it(repo):
    first_release(repo)
    configure(repo.path, locales={"en": {"name": "English"}, "xq": {"name": "X"}})
    result = redline("check", cwd=repo.path)
    assert result.returncode == 1
    assert "unknown locale 'xq'" in result.stdout, result.stdout


LAG = "the 'th' translation is not updated with this revision"


def test_the_lag_notice_is_asked_before_tagging_and_strict_passes_after_the_release(repo):
    first_release(repo)
    repo.write(EN, doc("Privacy", "## 1. Scope {#scope}\n\nRevised.\n", notice="Revised."))
    repo.commit("English only")
    # Before the tag: check and the dry run name the notice per locale, the one thing that can
    # then no longer be given.
    check = redline("check", "--strict", cwd=repo.path)
    assert check.returncode == 1
    assert f"{EN}:3: warning: {LAG}" in check.stdout, check.stdout
    assert "give the notice per locale: notice: {en: ..., th: ...}" in check.stdout
    dry = redline(
        "release", "2024-01-15", "-m", "English", "--dry-run", "--backdate", cwd=repo.path
    )
    assert dry.returncode == 0, dry.stderr
    assert f"{EN}:3: warning: {LAG}" in dry.stderr
    assert repo.git("tag", "-l", "policy/2024-01-15") == ""
    # Released anyway (a warning does not stop a release): from then on it is history.
    assert (
        redline("release", "2024-01-15", "-m", "English", "--backdate", cwd=repo.path).returncode
        == 0
    )
    after = redline("check", "--strict", cwd=repo.path)
    assert after.returncode == 0, after.stdout
    said = [line for line in lines_of(after) if LAG in line]
    assert len(said) == 1, after.stdout
    assert said[0].startswith(f"tag policy/2024-01-15: {EN}:3: warning: released with a warning")


def test_the_lag_notice_given_per_locale_passes_strict_before_tagging(repo):
    first_release(repo)
    notice = "\n  en: Revised.\n  th: ปรับปรุงฉบับภาษาอังกฤษ"
    repo.write(EN, doc("Privacy", "## 1. Scope {#scope}\n\nRevised.\n", notice=notice))
    repo.commit("English only, with a Thai notice")
    check = redline("check", "--strict", cwd=repo.path)
    assert check.returncode == 0, check.stdout
