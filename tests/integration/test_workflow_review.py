"""The publishing workflow beyond publication: the review of a pull request (`redline check
--strict`, the draft site, `redline review` into the job summary and one comment), the check of
a push to main, a scheduled run before the first release, and the publication's build cache.

The jobs' `run` steps are run as the runner runs them, in clones of a real repository with the
starter's configuration; the steps that use an action (checkout, upload, cache) are read."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options

from redline.cli import scaffold
from redline.plugin.config import RedlineConfig
from redline.site import review
from tests.support.gitrepo import doc
from tests.support.workflows import (
    WORKFLOW,
    clone,
    load_workflow,
    run_job_step,
    run_steps,
    steps_using,
    with_starter,
)

EN = "policy/en/privacy-policy.md"
TH = "policy/th/privacy-policy.md"
DOWNLOAD = "https://github.com/acme/policies/actions/runs/7/artifacts/8"
# Markup, a link, an @-mention, emphasis and math in a heading: what `redline check` lets
# through, which the review shows as text.
HOSTILE = "5. Security [click](https://evil.example) @octocat *x* $y$ <b>z</b>"


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    return load_workflow(WORKFLOW)


@pytest.fixture
def origin(repo):
    """A repository with the starter's configuration and one release in both languages."""
    with_starter(repo)
    repo.release(
        "2023-01-10",
        {
            EN: doc(
                "Privacy",
                "## 1. Scope {#scope}\n\nWe keep names.\n\n## 2. Sharing {#sharing}\n\nNever.\n",
                notice="First.",
            ),
            TH: doc("นโยบาย", "## 1. ขอบเขต {#scope}\n\nเดิม\n\n## 2. การเปิดเผย {#sharing}\n\nไม่\n"),
        },
    )
    return repo


# --- The review job ----------------------------------------------------------------------------


def test_the_review_job_checks_builds_the_draft_then_summarises_and_comments(workflow):
    job = workflow["jobs"]["review"]
    steps = job["steps"]
    runs = [str(s.get("run", "")) for s in steps]
    check = runs.index("redline check --strict")
    build = runs.index("mkdocs build")
    (upload,) = steps_using(job, "actions/upload-artifact")
    (summary,) = [s for s in steps if str(s.get("run", "")).startswith("redline review")]
    (comment,) = [s for s in steps if "gh api" in str(s.get("run", ""))]
    order = [check, build, steps.index(upload), steps.index(summary), steps.index(comment)]
    assert order == sorted(order), "check, build, upload, summary, comment: in this order"
    # The draft site has no address (mkdocs.yml's fallback is 127.0.0.1): relative links.
    assert steps[build]["env"] == {"SITE_URL": ""}
    # The summary links the artifact just uploaded, and is written where the comment reads it.
    assert summary["env"]["DOWNLOAD"] == f"${{{{ steps.{upload['id']}.outputs.artifact-url }}}}"
    assert summary["run"].endswith('| tee "$RUNNER_TEMP/review.md" >> "$GITHUB_STEP_SUMMARY"')
    assert '--download "$DOWNLOAD"' in summary["run"]
    # One comment, found by the review's hidden marker among this workflow's own, updated in
    # place; none for a fork's pull request, and a token that may not write is no failure.
    script = comment["run"]
    assert f'marker="{review.MARKER}"' in script
    assert 'select(.user.login == \\"github-actions[bot]\\"' in script
    assert "--method PATCH" in script and "--method POST" in script
    assert '-F "body=@$RUNNER_TEMP/review.md"' in script
    assert script.rstrip().splitlines()[-1].startswith('echo "::notice::')
    assert comment["if"] == "github.event.pull_request.head.repo.full_name == github.repository"
    assert comment["env"]["GH_TOKEN"] == "${{ github.token }}"
    syntax = subprocess.run(["bash", "-n", "-c", script], capture_output=True, text=True)
    assert syntax.returncode == 0, syntax.stderr
    assert job["permissions"] == {"contents": "read", "pull-requests": "write"}


COMMENTS = [
    {"id": 1, "user": {"login": "alice"}, "body": review.MARKER + "\nquoted by a person"},
    {"id": 2, "user": {"login": "github-actions[bot]"}, "body": "another workflow's"},
    {"id": 3, "user": {"login": "github-actions[bot]"}, "body": review.MARKER + "\n## Policy"},
]


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq (the filter language of gh --jq)")
def test_the_comment_step_finds_the_reviews_own_comment(workflow):
    """The filter the step gives `gh api --jq`, run by jq over a page of comments: the one the
    workflow wrote, starting with the marker; not a person's quoting it, nor another bot text."""
    (comment,) = [s for s in workflow["jobs"]["review"]["steps"] if "gh api" in s.get("run", "")]
    lines = comment["run"].splitlines()
    (found,) = [n for n, line in enumerate(lines) if line.startswith("found=")]
    shown = subprocess.run(
        ["bash", "-c", "\n".join([*lines[: found + 1], 'printf %s "$found"'])],
        env={"GITHUB_REPOSITORY": "acme/policies", "PR": "5", "PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    ids = subprocess.run(
        ["jq", shown], input=json.dumps(COMMENTS), capture_output=True, text=True, check=True
    ).stdout
    assert ids == "3\n"


def test_a_pull_request_is_reviewed_as_the_job_does_it(workflow, origin, tmp_path):
    runner = clone(origin, tmp_path)
    text = (runner / EN).read_text(encoding="utf-8")
    text = text.replace("We keep names.", "We keep names and addresses for five years.")
    text = text.replace(
        "notice: First.", "notice: {en: Retention <b>stated</b> @octocat., th: ใหม่}"
    )
    text += f"\n## {HOSTILE} {{#security}}\n\nWe encrypt data.\n"
    (runner / EN).write_text(text, encoding="utf-8")
    thai = (
        (runner / TH)
        .read_text(encoding="utf-8")
        .replace("title: นโยบาย", "title: นโยบาย\nnotice: ใหม่")
    )
    (runner / TH).write_text(thai + "\n## 5. ความปลอดภัย {#security}\n\nเข้ารหัส\n", encoding="utf-8")
    temp = tmp_path / "runner-temp"
    temp.mkdir()
    summary = tmp_path / "summary.md"
    summary.write_text("", encoding="utf-8")
    values = {"steps.artifact.outputs.artifact-url": DOWNLOAD}
    given = {"RUNNER_TEMP": str(temp), "GITHUB_STEP_SUMMARY": str(summary)}
    for step in run_steps(workflow["jobs"]["review"], "redline", "mkdocs"):
        done = run_job_step(workflow, "review", step, runner, values, **given)
        assert done.returncode == 0, f"{step['run']}:\n{done.stdout}{done.stderr}"

    # The draft site links nowhere but itself (the JavaScript's source maps are Material's).
    site = runner / "site"
    for path in site.rglob("*"):
        if path.is_file() and path.suffix != ".map":
            assert b"127.0.0.1" not in path.read_bytes(), path
    assert 'href="../en/privacy-policy/' in (site / "en/feed.xml").read_text(encoding="utf-8")

    markdown = summary.read_text(encoding="utf-8")
    assert (temp / "review.md").read_text(encoding="utf-8") == markdown
    assert markdown.startswith(review.MARKER + "\n")
    assert "### Privacy (English, policy/en/privacy-policy.md)" in markdown
    assert "Against the text in force, released 2023-01-10." in markdown
    # Inserted: "and addresses for five years" (5), the new heading's words (5. Security click
    # @octocat x $y$ z: 7) and its text (3); nothing deleted.
    assert "Words: **15 inserted, 0 deleted**; clauses: **1 changed, 1 added**." in markdown
    assert "- **changed**: 1\\. Scope (`#scope`)" in markdown
    assert "Notice to readers: Retention &lt;b&gt;stated&lt;/b&gt; @&#8203;octocat." in markdown
    assert "### นโยบาย (ไทย, policy/th/privacy-policy.md)" in markdown
    assert "clauses: **1 added**.\n\n- **added**: 5\\. ความปลอดภัย (`#security`)" in markdown
    assert f"[the artifact `draft-review-site`]({DOWNLOAD})" in markdown
    opened = re.search(r"open http://127\.0\.0\.1:8000/(\S+) ", markdown)
    assert opened and (site / opened.group(1) / "index.html").is_file(), markdown

    # As GitHub shows it: the hostile heading is text, with no element, link or mention.
    html = cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    (item,) = [line for line in html.splitlines() if "5. Security" in line]
    assert "5. Security [click](https:\u200b//evil.example) @\u200boctocat *x* $y$ " in item
    assert "&lt;b&gt;z&lt;/b&gt;" in item
    assert "<b>" not in html and "<a" not in item and "<em>" not in item
    assert not re.search(r"@\w", re.sub(r"<[^>]+>", "", html)), "an @-mention survived"
    assert html.count("<!--") == 1  # the marker alone


def test_a_draft_heading_without_an_anchor_fails_the_review(workflow, origin, tmp_path):
    runner = clone(origin, tmp_path)
    with (runner / EN).open("a", encoding="utf-8") as out:
        out.write("\n## 3. Complaints\n\nWrite to us.\n")
    (check,) = run_steps(workflow["jobs"]["review"], "redline check")
    done = run_job_step(workflow, "review", check, runner)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "heading '3. Complaints' has no anchor; add {#clause-name}" in done.stdout


def test_a_pull_request_before_the_first_release_passes_the_strict_check(workflow, repo, tmp_path):
    """Nothing released yet is no problem of a pull request: `--strict` does not fail on it."""
    made = tmp_path / "made"
    scaffold.create(made, scaffold.Site(), git=False)
    for path in made.rglob("*"):
        if path.is_file():
            repo.write(str(path.relative_to(made)), path.read_bytes())
    repo.commit("Our policies")
    (check,) = run_steps(workflow["jobs"]["review"], "redline check")
    done = run_job_step(workflow, "review", check, repo.path)
    assert done.returncode == 0, done.stdout
    assert "no release tags policy/YYYY-MM-DD yet" in done.stdout
    assert "nothing released yet (not failing --strict)" in done.stdout


# --- A push to main; a scheduled run before the first release ----------------------------------


def test_a_push_to_main_is_checked(workflow, origin, tmp_path):
    runner = clone(origin, tmp_path)
    (check,) = run_steps(workflow["jobs"]["check"], "redline")
    assert check["run"] == "redline check"
    done = run_job_step(workflow, "check", check, runner)
    assert done.returncode == 0 and "0 error(s)" in done.stdout, done.stdout
    (runner / EN).write_text(doc("Privacy", "## 1. Scope\n\nNo anchor.\n"), encoding="utf-8")
    failed = run_job_step(workflow, "check", check, runner)
    assert failed.returncode == 1 and "has no anchor" in failed.stdout


def test_a_scheduled_run_before_the_first_release_succeeds_with_a_notice(workflow, repo, tmp_path):
    repo.write("README.md", "Policies\n")
    repo.commit("Start")
    (tags,) = [s for s in workflow["jobs"]["released"]["steps"] if s.get("id") == "tags"]
    runner = clone(repo, tmp_path)
    output = tmp_path / "output"
    done = run_job_step(workflow, "released", tags, runner, GITHUB_OUTPUT=str(output))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("::notice::nothing released yet"), done.stdout
    assert output.read_text(encoding="utf-8") == "any=false\n"
    # Once a release is pushed, the run publishes.
    repo.tag("policy/2020-01-01")
    output.unlink()
    done = run_job_step(workflow, "released", tags, runner, GITHUB_OUTPUT=str(output))
    assert done.returncode == 0 and done.stdout == "", done.stdout + done.stderr
    assert output.read_text(encoding="utf-8") == "any=true\n"
    # A remote that cannot be asked is a failure, not "nothing released".
    subprocess.run(["git", "remote", "set-url", "origin", str(tmp_path / "gone")], cwd=runner)
    assert run_job_step(workflow, "released", tags, runner, GITHUB_OUTPUT=str(output)).returncode


# --- The publication's build cache --------------------------------------------------------------


def test_the_publication_restores_and_saves_the_build_cache_sealed_by_the_secret(workflow):
    job = workflow["jobs"]["publish"]
    assert job["env"]["REDLINE_CACHE_SECRET"] == "${{ secrets.REDLINE_CACHE_SECRET }}"
    (cache,) = steps_using(job, "actions/cache")
    (build,) = [s for s in job["steps"] if "mkdocs build" in str(s.get("run", ""))]
    assert job["steps"].index(cache) < job["steps"].index(build)
    # The cache the build keeps: the plugin's cache_dir, which the starter leaves as it is.
    assert cache["with"]["path"] == dict(RedlineConfig._schema)["cache_dir"].default
    assert "cache_dir" not in scaffold.render("mkdocs.yml", scaffold.Site())
    # Saved under a new key each run, the newest restored; a new Redline starts anew.
    prefix = "redline-${{ hashFiles('requirements.txt') }}-"
    assert cache["with"] == {
        "path": ".cache/redline",
        "key": prefix + "${{ github.run_id }}",
        "restore-keys": prefix,
    }
    # Without the secret (a repository that has not set it) there is nothing worth keeping.
    assert cache["if"] == "env.REDLINE_CACHE_SECRET != ''"


def test_the_readmes_document_the_cache_secret():
    for path in (Path("README.md"), Path("plugins/redline/starter/README.md")):
        text = " ".join((WORKFLOW.parents[2] / path).read_text(encoding="utf-8").split())
        assert "REDLINE_CACHE_SECRET" in text and "repository secret" in text, path
