"""The command line as people use it, run for real (`redline`, `mkdocs build` in subprocesses):
progress during a build, plain info lines and developer figures at debug level, dates as YAML
writes them, one-line errors, "did you mean", `redline new --locales`, help that says the exit
statuses of its own command."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
import yaml

from redline.cli.main import COMMANDS, parser
from tests.support.gitrepo import PolicyRepo
from tests.support.sitebuild import configure, redline, two_releases


@pytest.fixture
def repo(repo: PolicyRepo) -> PolicyRepo:
    two_releases(repo)
    configure(repo.path)
    return repo


def env(**more: str) -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", **more}


def mkdocs(repo: PolicyRepo, *args: str, **variables: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(repo.path / "site"), *args],
        cwd=repo.path,
        capture_output=True,
        text=True,
        env=env(**variables),
        timeout=600,
    )


def set_as_of(repo: PolicyRepo, value: str) -> None:
    """Write `as_of: <value>` into mkdocs.yml as a person types it (not through a YAML writer)."""
    path = repo.path / "mkdocs.yml"
    text = re.sub(r"^(\s*)as_of:.*$", "", path.read_text(encoding="utf-8"), flags=re.M)
    text = re.sub(r"^(\s*)policy_dir:", rf"\1as_of: {value}\n\1policy_dir:", text, flags=re.M)
    path.write_text(text, encoding="utf-8")


# --- progress and the lines a build logs ---------------------------------------------------------


def test_progress_lines_come_from_each_locale_while_it_builds(repo):
    # The interval set to 0: a line per page (the default is one every 5 seconds at most).
    built = mkdocs(repo, REDLINE_PROGRESS_SECONDS="0")
    assert built.returncode == 0, built.stderr
    for locale in ("en", "th"):
        done = [
            (int(m[1]), int(m[2]))
            for m in re.finditer(rf"redline: /{locale}/: (\d+) of (\d+) pages", built.stderr)
        ]
        assert len(done) >= 3, built.stderr
        total = done[0][1]
        assert [n for n, _ in done] == list(range(1, total + 1)), done  # in order, to the end
        assert re.search(rf"redline: /{locale}/ \(\w+\): {total} pages", built.stderr)
    assert "Traceback" not in built.stderr


def test_info_lines_speak_plainly_and_developer_figures_are_debug(repo):
    quiet = mkdocs(repo)
    assert quiet.returncode == 0, quiet.stderr
    done = r"redline: done: 2 documents in 2 languages, \d+ pages, \d+ redlines?"
    assert re.search(done, quiet.stderr), quiet.stderr
    assert re.search(r"redline: /th/ \(ไทย\): \d+ pages, \d+ redlines?", quiet.stderr)
    for figure in ("hits", "misses", "peak memory", "Building documentation to directory: "
                   f"{repo.path / 'site' / 'en'}", "from the cache"):  # fmt: skip
        assert figure not in quiet.stderr, figure
    # MkDocs' own lines once, for the whole site, not once more per locale
    assert quiet.stderr.count("Documentation built in") == 1, quiet.stderr
    verbose = mkdocs(repo, "-v")
    assert verbose.returncode == 0, verbose.stderr
    figures = r"DEBUG\s+-\s+redline: built /en/: .*cache: \d+ hits, \d+ misses"
    assert re.search(figures, verbose.stderr)


# --- dates ---------------------------------------------------------------------------------------


def test_an_unquoted_date_is_a_date(repo):
    set_as_of(repo, "2020-06-01")  # YAML reads it as a date, as the README writes it
    built = mkdocs(repo)
    assert built.returncode == 0, built.stderr
    assert "in force as of 2020-06-01" in built.stderr
    checked = redline("check", cwd=repo.path, env=env())
    assert "as_of" not in checked.stdout + checked.stderr


@pytest.mark.parametrize(
    ("value", "variables", "expected"),
    [
        ("!ENV [AS_OF]", {"AS_OF": "2024-13-45"}, "'2024-13-45' (from AS_OF) is not a date"),
        ("2024-13-45", {}, "'2024-13-45' is not a date"),
    ],
    ids=["env", "unquoted"],
)
def test_a_date_that_is_none_is_one_line_naming_the_setting(repo, value, variables, expected):
    set_as_of(repo, value)
    for command in (["check"], ["build", "--locales", "en", "--site-dir", "shard"]):
        result = redline(*command, cwd=repo.path, env=env(**variables))
        assert result.returncode == 1, result.stderr
        said = result.stdout + result.stderr  # check prints its problems, build its refusal
        lines = [line for line in said.splitlines() if "as_of" in line]
        assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
        assert "plugins.redline.as_of on line " in lines[0] and expected in lines[0], lines
        assert "YYYY-MM-DD" in lines[0]


def test_a_quoted_date_that_is_none_is_the_settings_error(repo):
    set_as_of(repo, "'2024-02-30'")
    built = mkdocs(repo)
    assert built.returncode == 1 and "Traceback" not in built.stderr, built.stderr
    assert "option 'as_of': '2024-02-30' is not a date: write it as YYYY-MM-DD" in built.stderr


# --- errors and suggestions ----------------------------------------------------------------------


def test_no_mkdocs_yml_names_the_option_that_gives_it(tmp_path):
    for command in (["check"], ["release", "2024-01-01", "-m", "First"], ["groups", "--jobs", "2"]):
        result = redline(*command, cwd=tmp_path, env=env())
        assert result.returncode != 0
        assert "-f/--config-file" in result.stdout + result.stderr, (command, result.stderr)
        assert "Traceback" not in result.stderr


def test_a_misspelled_command_gets_a_suggestion(tmp_path):
    result = redline("chek", cwd=tmp_path, env=env())
    assert result.returncode == 2
    assert "did you mean 'check'?" in result.stderr, result.stderr
    nothing_close = redline("zzz", cwd=tmp_path, env=env())
    assert nothing_close.returncode == 2 and "choose from" in nothing_close.stderr


def test_a_misspelled_setting_is_named_with_the_one_meant_once(repo):
    path = repo.path / "mkdocs.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("timezone:", "timezon:"), encoding="utf-8"
    )
    built = mkdocs(repo)
    warnings = [line for line in built.stderr.splitlines() if "timezon" in line]
    assert len(warnings) == 1, built.stderr  # not once more per locale's build
    assert "did you mean 'timezone'?" in warnings[0]
    checked = redline("check", cwd=repo.path, env=env())
    assert checked.returncode == 1
    assert "did you mean 'timezone'?" in checked.stdout + checked.stderr


def test_a_misspelled_key_of_a_locale_is_an_error_with_the_key_meant(repo):
    path = repo.path / "mkdocs.yml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    redline_options = next(p["redline"] for p in config["plugins"] if "redline" in p)
    redline_options["locales"]["th"]["site_nam"] = redline_options["locales"]["th"].pop(
        "site_name"
    )
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    built = mkdocs(repo)
    assert built.returncode == 1
    assert "locale 'th': unknown key 'site_nam' (did you mean 'site_name'?)" in built.stderr


# --- redline new --locales -----------------------------------------------------------------------


def test_new_with_three_locales(tmp_path):
    made = redline("new", "p", "--locales", "en,th,ja", "--no-git", cwd=tmp_path, env=env())
    assert made.returncode == 0, made.stderr
    config = yaml.load((tmp_path / "p/mkdocs.yml").read_text("utf-8"), Loader=yaml.BaseLoader)
    locales = next(p["redline"] for p in config["plugins"] if "redline" in p)["locales"]
    assert list(locales) == ["en", "th", "ja"]  # the first authoritative
    assert locales["ja"]["name"] == "日本語" and locales["th"]["name"] == "ไทย"
    assert (tmp_path / "p/policy/en/privacy-policy.md").is_file()
    assert (tmp_path / "p/policy/th/privacy-policy.md").is_file()
    assert (tmp_path / "p/policy/ja/.gitkeep").is_file()  # its folder, for its translations
    assert "no starter text in ja" in made.stdout
    readme = (tmp_path / "p/README.md").read_text("utf-8")
    assert "Japanese (`policy/ja/`)" in readme


@pytest.mark.parametrize("locales", ["en,xx", "en,en", ""])
def test_new_refuses_locales_babel_does_not_know_before_writing(tmp_path, locales):
    result = redline("new", "p", "--locales", locales, "--no-git", cwd=tmp_path, env=env())
    assert result.returncode == 2 and "--locales" in result.stderr, result.stderr
    assert not (tmp_path / "p").exists()


# --- help ----------------------------------------------------------------------------------------


def test_each_command_says_its_own_exit_statuses():
    top = parser()
    top_epilog = top.epilog or ""
    assert "exit status" in top_epilog
    commands = next(a for a in top._actions if a.dest == "command").choices
    assert set(commands) >= {"new", "check", "release", "verify", "build", "demo"}
    assert len(COMMANDS) <= len(commands)
    for name, command in commands.items():
        text = command.format_help()
        assert text.lower().count("exit status:") == 1, (name, text)
        assert top_epilog.splitlines()[0] not in text, name  # not the overview's
