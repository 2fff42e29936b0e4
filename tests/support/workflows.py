"""The publishing workflows read from their YAML, and their `run:` steps run as GitHub's runner
runs them (bash, the job's and the step's env), in clones of a real repository."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from redline.cli import scaffold
from tests.support.gitrepo import PolicyRepo

_WORKFLOWS = Path(__file__).resolve().parents[2] / ".github" / "workflows"
WORKFLOW = _WORKFLOWS / "publish.yml"
MATRIX = _WORKFLOWS / "publish-matrix.yml"  # the variant with shards

#: How the runner runs a `run:` step (`shell: bash` on Linux): no profile, and the step fails
#: on its first failing command, a pipe's included.
BASH = ("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c")


def load_workflow(path: Path) -> dict[str, Any]:
    """The workflow at `path`, its trigger under the key "on"."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as the boolean true.
    data["on"] = data.pop(True, None) or data.get("on")
    return data


def steps_using(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    """The steps of `job` that use `action` (owner/name, at any version)."""
    return [s for s in job.get("steps", []) if str(s.get("uses", "")).split("@")[0] == action]


def run_steps(job: dict[str, Any], *starts: str) -> list[dict[str, Any]]:
    """The `run` steps of `job` that start with one of `starts`, in order."""
    return [s for s in job["steps"] if str(s.get("run", "")).startswith(starts)]


def build_steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    """The `run` steps of `job` that build the site with `mkdocs build`."""
    return [s for s in job.get("steps", []) if "mkdocs build" in str(s.get("run", ""))]


def expand(text: str, values: dict[str, str]) -> str:
    """`text` with each `${{ expression }}` replaced by its value in `values` (a test fails on
    one it does not know)."""

    def value(found: re.Match[str]) -> str:
        assert found.group(1) in values, f"no value for ${{{{ {found.group(1)} }}}}"
        return values[found.group(1)]

    return re.sub(r"\$\{\{\s*(.*?)\s*\}\}", value, text)


def step_env(
    step: dict[str, Any], *scopes: dict[str, Any], values: dict[str, str] | None = None
) -> dict[str, str]:
    """The env `step` runs with: that of its `scopes` (the workflow, the job: outer first), then
    its own, each `${{ expression }}` given by `values`."""
    env: dict[str, Any] = {}
    for scope in (*scopes, step):
        env.update(scope.get("env") or {})
    return {key: expand(str(value), values or {}) for key, value in env.items()}


def run_step(step: dict[str, Any], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """A `run` step as the runner runs it (bash -e -o pipefail), with the test's Python tools on
    PATH."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    full = {**os.environ, "PATH": path, "NO_MKDOCS_2_WARNING": "1", **env}
    return subprocess.run([*BASH, step["run"]], cwd=cwd, env=full, capture_output=True, text=True)


def run_job_step(
    workflow: dict[str, Any],
    name: str,
    step: dict[str, Any],
    cwd: Path,
    values: dict[str, str] | None = None,
    **runner: str,
) -> subprocess.CompletedProcess[str]:
    """`step` of job `name` with the workflow's, the job's and the step's env, their expressions
    given by `values`, and the runner's own variables `runner` (GITHUB_OUTPUT, RUNNER_TEMP, ...)."""
    env = step_env(step, workflow, workflow["jobs"][name], values=values)
    return run_step(step, cwd, **runner, **env)


def with_starter(repo: PolicyRepo) -> PolicyRepo:
    """`repo` with the starter's configuration written (not committed): mkdocs.yml, the page
    for engines that ignore Redline, and a .gitignore of the build's output."""
    repo.write("mkdocs.yml", scaffold.render("mkdocs.yml", scaffold.Site()))
    repo.write(scaffold.REQUIRED_PAGE, scaffold.render(scaffold.REQUIRED_PAGE, scaffold.Site()))
    repo.write(".gitignore", "site/\n.cache/\n")
    return repo


def clone(origin: PolicyRepo, where: Path, name: str = "runner") -> Path:
    """A clone of `origin` at `where/name`, as a runner's checkout starts."""
    target = where / name
    subprocess.run(["git", "clone", "-q", str(origin.path), str(target)], check=True)
    return target
