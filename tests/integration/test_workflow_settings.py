"""A date YAML cannot read, set through `!ENV` for the publication: named in one line.

`mkdocs build` reads mkdocs.yml with PyYAML before any plugin runs, so `as_of: !ENV [AS_OF]`
holding 2024-13-45 stops it with PyYAML's traceback. The publishing jobs `redline new` writes read
the settings through a `redline` command first (publish.yml: `redline check --settings`;
publish-matrix.yml: `redline groups`), which names the setting, its line and the variable.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.support.newrepo import git, new_repository, redline
from tests.support.workflows import build_steps, load_workflow, run_step

BAD = "2024-13-45"
PLUGIN = "  - redline:\n"


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository as `redline new` writes it, released once, its as-of date from AS_OF."""
    repo = new_repository(tmp_path_factory.mktemp("adopter"))
    config = repo / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count(PLUGIN) == 1
    config.write_text(text.replace(PLUGIN, f"{PLUGIN}      as_of: !ENV [AS_OF]\n"), "utf-8")
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "Policies", cwd=repo)
    released = redline("release", "--backdate", "2024-01-15", "-m", "First", cwd=repo)
    assert released.returncode == 0, released.stderr
    return repo


def publish_build(repo: Path) -> dict[str, Any]:
    (build,) = build_steps(load_workflow(repo / ".github/workflows/publish.yml")["jobs"]["publish"])
    return build


def one_line_naming_the_setting(printed: str) -> None:
    assert "Traceback" not in printed, printed
    (line,) = [line for line in printed.splitlines() if BAD in line]
    assert "plugins.redline.as_of on line " in line, line
    assert f"'{BAD}' (from AS_OF) is not a date; write it as YYYY-MM-DD" in line, line


def test_the_publication_names_a_bad_date_from_env_in_one_line(made):
    build = publish_build(made)
    site_url = {"SITE_URL": "https://policies.example.org/"}
    done = run_step(build, made, AS_OF=BAD, **site_url)
    assert done.returncode != 0
    one_line_naming_the_setting(done.stdout + done.stderr)
    assert done.stderr.startswith("redline check: mkdocs.yml: plugins.redline.as_of"), done.stderr
    assert not (made / "site").exists()  # stopped before the build
    # A good date: the same step builds the site as of it.
    built = run_step(build, made, AS_OF="2024-02-01", **site_url)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "can be read" in built.stdout
    assert (made / "site/th/privacy-policy/index.html").is_file()


def test_the_matrix_variant_names_it_in_its_first_redline_command(made):
    matrix = load_workflow(made / ".github/workflows/publish-matrix.yml")
    (groups,) = [s for s in matrix["jobs"]["plan"]["steps"] if s.get("id") == "groups"]
    env = {k: str(v) for k, v in groups["env"].items() if "${{" not in str(v)}
    done = run_step(groups, made, **env, AS_OF=BAD, GITHUB_OUTPUT=str(made / "outputs"))
    assert done.returncode != 0
    one_line_naming_the_setting(done.stdout + done.stderr)
