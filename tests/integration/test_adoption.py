"""Adopting Redline as a new user does, with nothing of this repository but the wheel built from it.

The wheel is installed (not editable) into a fresh virtual environment; every command runs from
there, in folders outside this repository. A repository made by `redline new` is edited in both
languages, previewed with `mkdocs serve`, released twice (the second release takes effect later
and carries notices), and published by its own workflow's steps, replayed after a clone that
does to the pushed tag what actions/checkout does. The built site is then read: pages in both
languages, Redline's CSS, the Thai interface, the feeds and `revisions.json`. `redline demo` runs
from the installed package too. The workflow installs Redline from the wheel `redline new` put
into the repository, with no package index.
"""

from __future__ import annotations

import datetime
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import feedparser
import pytest

from tests.support.web import fetch, free_port
from tests.support.workflows import BASH, load_workflow, step_env

ROOT = Path(__file__).resolve().parents[2]
EN = "policy/en/privacy-policy.md"
TH = "policy/th/privacy-policy.md"
SITE_URL = "https://policies.example.org"  # what configure-pages reports: no trailing slash
# What `redline new` writes by default: the site's time zone, in which releases are dated.
TODAY = datetime.datetime.now(zoneinfo.ZoneInfo("Asia/Bangkok")).date()
FIRST = (TODAY - datetime.timedelta(days=40)).isoformat()
SECOND = TODAY.isoformat()  # a release of a published site is dated the day it is made
EFFECTIVE = (TODAY + datetime.timedelta(days=20)).isoformat()

# Only what the build needs: a copy of the source tree without local state or build output.
# Build output is at the top only: the package has layers named `build/` and `site/`.
_LOCAL_STATE = shutil.ignore_patterns(
    ".git", ".venv", "node_modules", "__pycache__", "*.egg-info", ".pytest_cache", ".mypy_cache",
    ".ruff_cache", "test-results",
)  # fmt: skip
_BUILD_OUTPUT = {"site", ".cache", ".demo", "build", "dist"}


def SOURCE_IGNORED(folder: str, names: list[str]) -> set[str]:
    ignored = set(_LOCAL_STATE(folder, names))
    return ignored | (_BUILD_OUTPUT & set(names)) if Path(folder) == ROOT else ignored


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None, check: bool = True):
    proc = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    if check and proc.returncode != 0:
        pytest.fail(f"{' '.join(map(str, args))} failed ({proc.returncode}):\n{proc.stdout}\n"
                    f"{proc.stderr}")  # fmt: skip
    return proc


class Env:
    """A fresh virtual environment with the wheel installed, and how to run its commands."""

    def __init__(self, work: Path, wheel: Path) -> None:
        self.work = work
        self.wheel = wheel
        self.bin = work / "venv" / "bin"
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
        env["PATH"] = f"{self.bin}{os.pathsep}{env.get('PATH', '')}"
        env["NO_MKDOCS_2_WARNING"] = "1"
        env.pop("SITE_URL", None)
        env.pop("SOURCE_DATE_EPOCH", None)
        self.env = env

    def __call__(self, *args: str | Path, cwd: Path, check: bool = True, **extra: str):
        return run(*args, cwd=cwd, env={**self.env, **extra}, check=check)


@pytest.fixture(scope="module")
def wheel_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The wheel built from a copy of this repository's source tree, and pip's output."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=SOURCE_IGNORED)
    proc = run(
        sys.executable, "-m", "pip", "wheel", source, "--no-deps", "-w", work / "dist", cwd=work
    )
    (wheel,) = (work / "dist").glob("redline-*.whl")
    return wheel, proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory, wheel_build: tuple[Path, str]) -> Env:
    work = tmp_path_factory.mktemp("adopter")
    run(sys.executable, "-m", "venv", work / "venv", cwd=work)
    env = Env(work, wheel_build[0])
    env(env.bin / "pip", "install", "--quiet", wheel_build[0], cwd=work)
    return env


def test_the_wheel_holds_the_templates_catalogs_and_sample(wheel_build):
    import zipfile

    wheel, output = wheel_build
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in (
        "redline/_theme/redline/chooser.html",
        "redline/_theme/main.html",
        "redline/_theme/partials/alternate.html",
        "redline/_theme/assets/redline/redline.css",
        "redline/_theme/assets/redline/redline.js",
        "redline/_locales/th/LC_MESSAGES/messages.po",
        "redline/_examples/sample-history/releases.yml",
        "redline/_examples/sample-history/2017-02-12/policy/en/privacy-policy.md",
        "redline/_policy/en/privacy-policy.md",
        "redline/_policy/th/cookie-policy.md",
        "redline/starter/mkdocs.yml",
        "redline/starter/publish.yml",
        "redline/starter/policy/th/privacy-policy.md",
    ):
        assert name in names, name
    # no deprecation warning from the build (setuptools' license table warned three times)
    assert "deprecat" not in output.lower(), output


def test_installed_not_editable_and_versioned(venv):
    where = venv(
        venv.bin / "python", "-c", "import redline; print(redline.__file__)", cwd=venv.work
    )
    assert where.stdout.strip().startswith(str(venv.work / "venv")), where.stdout
    assert not where.stdout.strip().startswith(str(ROOT))
    version = venv("redline", "--version", cwd=venv.work)
    assert re.fullmatch(r"redline \d+\.\d+\.\d+\S*\n", version.stdout), version.stdout


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        pass


@pytest.fixture(scope="module")
def pages_host(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The "live site": an HTTP server over a folder that a deployment fills (empty at first)."""
    folder = tmp_path_factory.mktemp("live")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", folder
    server.shutdown()
    server.server_close()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path}: {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")


#: Where the review job's upload step says the draft site is.
ARTIFACT = "https://github.com/acme/policies/actions/runs/1/artifacts/2"
#: The repository secret REDLINE_CACHE_SECRET, as the adopter set it.
CACHE_SECRET = "a long random text the adopter made"


def workflow_of(clone: Path) -> dict[str, Any]:
    return load_workflow(clone / ".github/workflows/publish.yml")


def run_step(
    venv: Env,
    job: dict[str, Any],
    step: dict[str, Any],
    clone: Path,
    values: dict[str, str] | None = None,
    **runner: str,
) -> subprocess.CompletedProcess[str]:
    """A `run` step as the runner runs it, its expressions given by `values`, with the runner's
    own variables `runner`; no package index at all: Redline comes from the repository's
    vendor/ (its dependencies are in the environment already), never from an index under the
    name `redline`."""
    env = step_env(step, job, values=values)
    return venv(*BASH, step["run"], cwd=clone, PIP_NO_INDEX="1", **runner, **env)


def released(venv: Env, origin: Path, name: str) -> tuple[str, str]:
    """The workflow's `released` job: whether it lets `publish` run (its output), and what it
    printed."""
    clone = venv.work / name
    # A daily run checks out the default branch.
    run("git", "clone", "--quiet", "--branch", "main", origin, clone, cwd=venv.work)
    job = workflow_of(clone)["jobs"]["released"]
    (step,) = [s for s in job["steps"] if s.get("id") == "tags"]
    output = venv.work / f"{name}.output"
    done = run_step(venv, job, step, clone, GITHUB_OUTPUT=str(output))
    return output.read_text(encoding="utf-8"), done.stdout


def publish(
    venv: Env, origin: Path, tag: str, live: tuple[str, Path], name: str
) -> tuple[Path, str]:
    """A run of the new repository's own workflow on the push of `tag`: the `released` job,
    then checkout as actions/checkout does it, the build cache restored as actions/cache does
    it, every `run` step of the publish job, the cache saved, then the deployment. The site, and
    what the build step printed."""
    assert released(venv, origin, f"{name}-released")[0] == "any=true\n"
    # The runner's workspace: the same folder in every run (GitHub's runners check out into
    # /home/runner/work/<repo>/<repo>), as a cached page's key holds mkdocs.yml's path.
    clone = venv.work / "runner" / "policies"
    shutil.rmtree(clone, ignore_errors=True)
    run("git", "clone", "--quiet", origin, clone, cwd=venv.work)
    # actions/checkout on a tag push: `git fetch origin +<commit>:refs/tags/<tag>`, which leaves
    # the pushed tag lightweight (actions/checkout#882), then a checkout of that commit.
    commit = run("git", "rev-parse", f"{tag}^{{commit}}", cwd=clone).stdout.strip()
    run("git", "fetch", "--quiet", "origin", f"+{commit}:refs/tags/{tag}", cwd=clone)
    assert run("git", "cat-file", "-t", tag, cwd=clone).stdout.strip() == "commit"
    run("git", "checkout", "--quiet", "--detach", commit, cwd=clone)
    job = workflow_of(clone)["jobs"]["publish"]
    base_url, deployed = live
    (cache,) = [s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/cache@")]
    kept = venv.work / "actions-cache"  # what actions/cache stores between runs
    if kept.is_dir():
        shutil.copytree(kept, clone / cache["with"]["path"])
    printed = ""
    for step in job["steps"]:
        if "run" not in step:
            continue
        # The address the site is published at, as configure-pages says; the live site that
        # `redline verify` reads is the test's server.
        published = SITE_URL if "SITE_URL" in (step.get("env") or {}) else base_url
        values = {
            "steps.pages.outputs.base_url": published,
            "secrets.REDLINE_CACHE_SECRET": CACHE_SECRET,
        }
        done = run_step(venv, job, step, clone, values)
        if "mkdocs build" in step["run"]:
            printed = done.stdout + done.stderr
    shutil.rmtree(kept, ignore_errors=True)
    shutil.copytree(clone / cache["with"]["path"], kept)  # times kept, as actions/cache's tar
    # upload-pages-artifact and deploy-pages: the site goes live
    shutil.rmtree(deployed)
    shutil.copytree(clone / "site", deployed)
    shutil.copytree(clone / "site", venv.work / name)
    return venv.work / name, printed


def review(venv: Env, origin: Path, branch: str, name: str) -> str:
    """A run of the review job on a pull request from `branch`: its `run` steps but the comment
    (which needs GitHub); the job summary it wrote."""
    clone = venv.work / name
    run("git", "clone", "--quiet", "--branch", branch, origin, clone, cwd=venv.work)
    job = workflow_of(clone)["jobs"]["review"]
    temp, summary = venv.work / f"{name}-temp", venv.work / f"{name}-summary.md"
    temp.mkdir()
    summary.write_text("", encoding="utf-8")
    for step in job["steps"]:
        if "run" in step and "gh api" not in step["run"]:
            values = {"steps.artifact.outputs.artifact-url": ARTIFACT}
            runner = {"RUNNER_TEMP": str(temp), "GITHUB_STEP_SUMMARY": str(summary)}
            run_step(venv, job, step, clone, values, **runner)
    assert (clone / "site/en/privacy-policy/draft/index.html").is_file()
    return summary.read_text(encoding="utf-8")


@dataclass
class Story:
    """What the adopter's repository and its workflow runs gave."""

    site: Path  # the site published after the second release
    scheduled: tuple[str, str] = ("", "")  # a daily run before the first release: output, log
    review: str = ""  # the review job's summary of the pull request of the second release
    builds: list[str] = field(default_factory=list)  # what each publication's build printed
    again: Path = Path()  # the site the next daily run published
    caches: list[dict[str, int]] = field(default_factory=list)  # the pages each run saved


@pytest.fixture(scope="module")
def published(story: Story) -> Path:
    return story.site


@pytest.fixture(scope="module")
def story(venv: Env, pages_host: tuple[str, Path]) -> Story:
    """The story of an adopter, up to the site published after the second release."""
    told = Story(Path())
    work = venv.work
    made = venv("redline", "new", "policies", "--site-name", "Acme Policies", cwd=work)
    assert "git init" in made.stdout, made.stdout
    repo = work / "policies"
    assert_vendored(repo, venv.wheel)
    for key, value in (("user.name", "Legal Editor"), ("user.email", "legal@example.com")):
        run("git", "config", key, value, cwd=repo)
    run("git", "config", "tag.gpgsign", "false", cwd=repo)
    run("git", "config", "commit.gpgsign", "false", cwd=repo)
    # The company's own text, in both languages.
    edit(repo / EN, "Example Co., Ltd.", "Acme Thailand Co., Ltd.")
    edit(repo / TH, "บริษัท ตัวอย่าง จำกัด", "บริษัท แอคมี (ประเทศไทย) จำกัด")
    check = venv("redline", "check", cwd=repo)
    assert "0 error(s)" in check.stdout, check.stdout
    preview(venv, repo)
    run("git", "add", "-A", cwd=repo)
    run("git", "commit", "--quiet", "-m", "Our policies", cwd=repo)
    origin = work / "origin.git"
    run("git", "init", "--quiet", "--bare", origin, cwd=work)
    run("git", "remote", "add", "origin", origin, cwd=repo)
    run("git", "push", "--quiet", "origin", "main", cwd=repo)
    told.scheduled = released(venv, origin, "ci-scheduled")  # nothing released yet

    # Back-dated: the history of a repository never published (no release tag on origin yet).
    first = venv("redline", "release", FIRST, "-m", "First publication", "--backdate", cwd=repo)
    assert f"tagged policy/{FIRST}" in first.stdout, first.stdout + first.stderr
    run("git", "push", "--quiet", "origin", f"policy/{FIRST}", cwd=repo)
    told.builds.append(publish(venv, origin, f"policy/{FIRST}", pages_host, "ci-first")[1])
    told.caches.append(cached_pages(venv.work / "actions-cache"))

    # The next revision, on a branch: its pull request is reviewed, then merged.
    run("git", "checkout", "--quiet", "-b", "retention", cwd=repo)
    edit(repo / EN, "First publication of this Privacy Policy.", "Retention periods are stated.")
    edit(repo / EN, "---\n\nThis", f"effective: {EFFECTIVE}\n---\n\nThis")
    edit(
        repo / EN,
        "The Company keeps personal data only",
        "The Company keeps personal data for at most five years, and only",
    )
    edit(repo / TH, "เผยแพร่นโยบายความเป็นส่วนตัวฉบับนี้เป็นครั้งแรก", "ระบุระยะเวลาในการเก็บรักษาข้อมูล")
    edit(repo / TH, "---\n\nนโยบาย", f"effective: {EFFECTIVE}\n---\n\nนโยบาย")
    edit(repo / TH, "บริษัทฯ จะเก็บรักษา", "บริษัทฯ จะเก็บรักษาข้อมูลไม่เกินห้าปี และจะเก็บรักษา")
    run("git", "commit", "--quiet", "-am", "Retention periods", cwd=repo)
    run("git", "push", "--quiet", "origin", "retention", cwd=repo)
    told.review = review(venv, origin, "retention", "ci-review")
    run("git", "checkout", "--quiet", "main", cwd=repo)
    run("git", "merge", "--quiet", "--ff-only", "retention", cwd=repo)
    run("git", "push", "--quiet", "origin", "main", cwd=repo)
    dry = venv("redline", "release", SECOND, "-m", "Retention periods", "--dry-run", cwd=repo)
    assert "would tag" in dry.stdout and run("git", "tag", "-l", cwd=repo).stdout.count("\n") == 1
    second = venv("redline", "release", SECOND, "-m", "Retention periods", cwd=repo)
    assert f"tagged policy/{SECOND}" in second.stdout, second.stdout + second.stderr
    run("git", "push", "--quiet", "origin", f"policy/{SECOND}", cwd=repo)
    told.site, printed = publish(venv, origin, f"policy/{SECOND}", pages_host, "ci-second")
    told.builds.append(printed)
    told.caches.append(cached_pages(venv.work / "actions-cache"))
    # The next daily run, nothing new: the archive comes from the cache the last run saved.
    told.again, printed = publish(venv, origin, f"policy/{SECOND}", pages_host, "ci-daily")
    told.builds.append(printed)
    told.caches.append(cached_pages(venv.work / "actions-cache"))
    return told


def assert_vendored(repo: Path, built: Path) -> None:
    """The wheel in vendor/ is the installed one again: the same package files, the same
    dependencies and entry points, and the one line of requirements.txt that installs Redline."""
    import zipfile

    (vendored,) = (repo / "vendor").glob("redline-*.whl")
    assert vendored.name == built.name
    ours, theirs = zipfile.ZipFile(vendored), zipfile.ZipFile(built)
    package = sorted(n for n in theirs.namelist() if ".dist-info/" not in n)
    assert sorted(n for n in ours.namelist() if ".dist-info/" not in n) == package
    assert all(ours.read(n) == theirs.read(n) for n in package)
    info = built.name.split("-py3")[0] + ".dist-info"
    for name in ("METADATA", "entry_points.txt"):
        assert ours.read(f"{info}/{name}") == theirs.read(f"{info}/{name}"), name
    requirements = (repo / "requirements.txt").read_text(encoding="utf-8")
    installs = [line for line in requirements.splitlines() if not line.startswith("#")]
    assert len(installs) == 1 and installs[0].startswith(f"./vendor/{built.name}  # sha256 ")
    assert not re.search(r"^redline\b", requirements, re.M)


def preview(venv: Env, repo: Path) -> None:
    """`mkdocs serve` shows the working tree as a draft at once, in both languages."""
    port = free_port()
    server = subprocess.Popen(
        [str(venv.bin / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=repo,
        env=venv.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        en = th = ""
        while time.monotonic() < deadline and not (en and th):
            en = en or fetch(f"http://127.0.0.1:{port}/en/privacy-policy/draft/")
            th = th or fetch(f"http://127.0.0.1:{port}/th/privacy-policy/draft/")
            time.sleep(0.5)
        assert "Acme Thailand Co., Ltd." in en, en[:2000]
        assert "บริษัท แอคมี (ประเทศไทย) จำกัด" in th, th[:2000]
        assert "rl-banner--draft" in en and "rl-banner--draft" in th
        assert "rl-banner--draft" in fetch(f"http://127.0.0.1:{port}/th/privacy-policy/")
    finally:
        server.terminate()
        server.wait(timeout=30)
        assert server.stderr is not None
        server.stderr.close()


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_a_daily_run_before_the_first_release_succeeds_with_a_notice(story):
    output, printed = story.scheduled
    assert output == "any=false\n"  # the publish job is skipped
    assert printed.startswith("::notice::nothing released yet"), printed


def test_the_pull_request_is_reviewed_in_its_summary(story):
    """The review job's steps, run as the runner runs them: `redline check --strict`, the draft
    site, and what the draft changes against the text in force."""
    summary = story.review
    assert summary.startswith("<!-- redline-review -->\n"), summary
    assert "### Privacy Policy (English, policy/en/privacy-policy.md)" in summary, summary
    assert f"Against the text in force, released {FIRST}." in summary
    assert "- **changed**: 5\\. Retention (`#retention`)" in summary
    assert "Notice to readers: Retention periods are stated." in summary
    words = re.findall(r"Words: \*\*(\d+) inserted, (\d+) deleted\*\*", summary)
    # English: "for at most five years, and" (6); Thai: the words of "ข้อมูลไม่เกินห้าปี และจะเก็บรักษา".
    assert len(words) == 2 and int(words[0][0]) == 6 and words[0][1] == "0", words
    assert f"[the artifact `draft-review-site`]({ARTIFACT})" in summary


def cached_pages(cache: Path) -> dict[str, int]:
    """The pages a saved cache holds, each with the time it was written."""
    return {str(p.relative_to(cache)): p.stat().st_mtime_ns for p in cache.glob("page/*/*.html")}


def test_publications_restore_and_save_the_build_cache(story):
    """Each publication restores the cache the previous one saved (actions/cache), sealed with
    the repository secret: the next daily run takes every archived page from it (it renders
    none again: the saved pages are those it restored, not written again), and publishes the
    same site."""
    first, second, daily = story.caches
    assert first and set(first) < set(second)  # the new release's pages are kept too
    assert daily == second
    for printed in story.builds:
        assert "WARNING" not in printed and "another key" not in printed, printed

    def files(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}

    assert files(story.again) == files(story.site)


def test_the_published_site_has_both_languages_and_every_revision(published):
    assert (published / "index.html").is_file()  # the language chooser
    for lc in ("en", "th"):
        for page in ("", f"{FIRST}/", f"{SECOND}/", "history/"):
            assert (published / lc / "privacy-policy" / page / "index.html").is_file(), (lc, page)
    en = read(published, "en/privacy-policy/index.html")
    assert "Acme Thailand Co., Ltd." in en and "five years" not in en  # in force: the first
    assert "rl-banner--upcoming" in en and "rl-banner--draft" not in en
    assert 'id="data-collected"' in en and "{#" not in en  # clause anchors, not raw text
    upcoming = read(published, f"en/privacy-policy/{SECOND}/index.html")
    assert "five years" in upcoming


def test_the_published_site_loads_its_css_and_script_and_nothing_from_elsewhere(published):
    for lc in ("en", "th"):
        page = read(published, f"{lc}/privacy-policy/index.html")
        assert re.search(r'href="[./]*assets/redline/redline\.css"', page), lc
        assert re.search(r'src="[./]*assets/redline/redline\.js"', page), lc
        assert (published / lc / "assets/redline/redline.css").is_file()
        assert "fonts.googleapis.com" not in page and "fonts.gstatic.com" not in page


def test_the_thai_site_has_a_thai_interface(published):
    th = read(published, "th/privacy-policy/index.html")
    assert '<html lang="th"' in th
    assert "ประกาศการเปลี่ยนแปลง" in th  # "Change notices", from the catalog in the package
    assert "Change notices" not in th and "Revised on" not in th
    assert "บริษัท แอคมี (ประเทศไทย) จำกัด" in th


def test_the_feeds_carry_both_notices_with_published_addresses(published):
    for lc, notice in (("en", "Retention periods are stated."), ("th", "ระบุระยะเวลา")):
        feed = feedparser.parse(read(published, f"{lc}/feed.xml"))
        assert not feed.bozo, feed.bozo_exception
        text = " ".join(entry.get("summary", "") + entry.get("title", "") for entry in feed.entries)
        assert notice in text, (lc, text)
        assert all(entry.link.startswith(f"{SITE_URL}/{lc}/") for entry in feed.entries)


def test_revisions_json_lists_the_statuses(published):
    index = json.loads(read(published, "revisions.json"))
    statuses = {
        (doc["locale"], rev["date"]): rev["status"]
        for doc in index["documents"]
        for rev in doc["revisions"]
    }
    assert statuses == {
        ("en", FIRST): "in-force",
        ("en", SECOND): "upcoming",
        ("th", FIRST): "in-force",
        ("th", SECOND): "upcoming",
    }
    urls = [rev["url"] for doc in index["documents"] for rev in doc["revisions"]]
    assert all(url.startswith(f"{SITE_URL}/") for url in urls), urls


def test_demo_runs_from_the_installed_package(venv):
    site = venv.work / "demo-site"
    result = venv(
        "redline", "demo", "--build-only", site, "--repo", venv.work / "demo-repo", cwd=venv.work
    )
    assert "site built into" in result.stdout, result.stdout + result.stderr
    for day in ("2017-02-12", "2022-03-31", "2023-07-03"):
        assert (site / f"en/privacy-policy/{day}/index.html").is_file()
    assert (site / "th/cookie-policy/index.html").is_file()
    tracked = run("git", "ls-files", cwd=venv.work / "demo-repo").stdout.split()
    assert tracked and all(path.endswith(".md") for path in tracked if path.startswith("policy/"))


def test_history_a_team_already_has_is_imported_before_the_first_release(venv):
    """Three dated versions without front matter or anchors, from a folder beside the new
    repository, become three releases that `redline check --strict` passes."""
    old = venv.work / "old-versions"
    text = (
        "# Privacy Policy\n\nAcme handles personal data with care.\n\n## 1. Scope\n\nCustomers.\n"
    )
    for day, extra in (("2020-01-10", ""), ("2021-06-01", "\n## 2. Retention\n\nFive years.\n")):
        (old / day).mkdir(parents=True)
        (old / day / "privacy-policy.md").write_text(text + extra, encoding="utf-8")
    (old / "2021-06-01" / "th").mkdir()
    (old / "2021-06-01" / "th" / "privacy-policy.md").write_text(
        "# นโยบายความเป็นส่วนตัว\n\n## 1. ขอบเขต\n\nลูกค้า\n\n## 2. การเก็บรักษา\n\nห้าปี\n",
        encoding="utf-8",
    )
    (old / "2022-02-02").mkdir()
    (old / "2022-02-02" / "privacy-policy.md").write_text(
        text.replace("Customers.", "Customers and visitors.")
        + "\n## 2. Retention\n\nFive years.\n",
        encoding="utf-8",
    )
    venv("redline", "new", "imported", cwd=venv.work)
    repo = venv.work / "imported"
    for key, value in (("user.name", "Legal Editor"), ("user.email", "legal@example.com")):
        run("git", "config", key, value, cwd=repo)
    dry = venv("redline", "import", old, "--dry-run", cwd=repo)
    assert "{#retention}" in dry.stdout and run("git", "tag", cwd=repo).stdout == ""
    done = venv("redline", "import", old, cwd=repo)
    assert "committed and tagged policy/2020-01-10, policy/2021-06-01, policy/2022-02-02" in (
        done.stdout
    )
    run("git", "add", "-A", cwd=repo)
    run("git", "commit", "--quiet", "-m", "The site", cwd=repo)
    check = venv("redline", "check", "--strict", cwd=repo, check=False)
    assert check.returncode == 0, check.stdout
    th = run("git", "show", "policy/2021-06-01:policy/th/privacy-policy.md", cwd=repo).stdout
    assert "## 2. การเก็บรักษา {#retention}" in th
