"""Which files are policies: what the reader refuses (links, folders and submodules named like
policy files, names the site keeps for itself, odd tree entries, text no page can carry) and what
it accepts (a byte order mark, CR line endings), in release tags and in the working tree, through
`redline check` and a real `mkdocs build`, always as a one-line error, never as a traceback."""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from redline.cli import demo
from redline.model import urls
from redline.model.drafts import with_drafts
from redline.model.repository import read_history
from tests.support.gitrepo import PolicyRepo, doc
from tests.support.sitebuild import PROJECT, build, configure, run_mkdocs

EN = "policy/en/privacy-policy.md"
TH = "policy/th/privacy-policy.md"
EN_TEXT = doc("Privacy", "## 1. Scope {#scope}\n\nText.\n", notice="First.")
TH_TEXT = doc("นโยบาย", "## 1. ขอบเขต {#scope}\n\nข้อความ\n", notice="ฉบับแรก")
SECRET = "SECRET-OUTSIDE-THE-REPOSITORY"
LINK = (
    "a symbolic link, which is never followed (policy text must be in the repository); "
    "replace the link with the file or folder itself"
)
DAY = datetime.date(2024, 1, 1)


@pytest.fixture
def repo(repo):
    r = repo
    r.release("2023-07-03", {EN: EN_TEXT, TH: TH_TEXT})
    configure(r.path)
    r.commit("config")
    return r


@pytest.fixture
def outside(tmp_path):
    """A folder beside the repository holding text that must never be published."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "else.md").write_text(doc("Leak", f"## S {{#s}}\n\n{SECRET}\n"), encoding="utf-8")
    (folder / "privacy-policy.md").write_text(
        doc("Leak", f"## 1. Scope {{#scope}}\n\n{SECRET}\n"), encoding="utf-8"
    )
    return folder


def check(repo: PolicyRepo) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "redline.cli", "check"],
        cwd=repo.path,
        capture_output=True,
        text=True,
        timeout=60,
    )


def site_text(site: Path) -> str:
    if not site.exists():
        return ""
    return "".join(p.read_text(errors="replace") for p in site.rglob("*") if p.is_file())


def assert_refused(result: subprocess.CompletedProcess[str], message: str) -> None:
    """One clear error, exit status 1, no traceback."""
    assert result.returncode == 1, result.stdout + result.stderr
    assert message in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def mktree(repo: PolicyRepo, entries: dict[str, tuple[str, str]]) -> str:
    """A tree made with `git mktree`, which stores any entry name, `..` included: `entries` maps
    paths to (mode, content), the content being a blob's text or, for 160000, a commit id."""
    lines: list[str] = []
    children: dict[str, dict[str, tuple[str, str]]] = {}
    for path, (mode, content) in entries.items():
        name, _, rest = path.partition("/")
        if rest:
            children.setdefault(name, {})[rest] = (mode, content)
        elif mode == "160000":
            lines.append(f"{mode} commit {content}\t{name}")
        else:
            blob = subprocess.run(
                ["git", "hash-object", "-w", "--stdin"],
                cwd=repo.path,
                input=content.encode(),
                capture_output=True,
                check=True,
            ).stdout.decode()
            lines.append(f"{mode} blob {blob.strip()}\t{name}")
    for name, sub in children.items():
        lines.append(f"040000 tree {mktree(repo, sub)}\t{name}")
    raw = b"".join(line.encode("utf-8", "surrogateescape") + b"\0" for line in lines)
    return (
        subprocess.run(
            ["git", "mktree", "-z"], cwd=repo.path, input=raw, capture_output=True, check=True
        )
        .stdout.decode()
        .strip()
    )


def release_tree(repo: PolicyRepo, date: str, entries: dict[str, tuple[str, str]]) -> None:
    """Tag `policy/<date>` on a commit of a handmade tree (the working tree is left alone)."""
    tree = mktree(repo, entries)
    stamp = f"{date}T12:00:00+00:00"
    commit = repo.git("commit-tree", tree, "-p", "HEAD", "-m", f"Release {date}", date=stamp)
    repo.git("tag", "-a", f"policy/{date}", "-m", "Release", commit.strip(), date=stamp)


# -- symbolic links ------------------------------------------------------------------------


def _link_file(repo, outside):
    os.symlink(outside / "else.md", repo.path / "policy/en/leak.md")
    return "policy/en/leak.md"


def _link_locale(repo, outside):
    (repo.path / TH).unlink()
    (repo.path / "policy/th").rmdir()
    os.symlink(outside, repo.path / "policy/th")
    return "policy/th"


def _link_policy(repo, outside):
    (outside / "en").mkdir()
    (outside / "th").mkdir()
    (outside / "privacy-policy.md").rename(outside / "en/privacy-policy.md")
    os.rename(repo.path / "policy", repo.path / "moved")
    os.symlink(outside, repo.path / "policy")
    return "policy"


def _link_deep(repo, outside):
    (repo.path / "policy/en/images").mkdir()
    os.symlink(outside / "else.md", repo.path / "policy/en/images/logo.png")
    return "policy/en/images/logo.png"


@pytest.mark.parametrize("make_link", [_link_file, _link_locale, _link_policy, _link_deep])
def test_symbolic_links_in_the_working_tree_are_refused_not_followed(
    repo, outside, tmp_path, make_link
):
    link = make_link(repo, outside)
    history = with_drafts(read_history(repo.path), repo.path, DAY)
    assert f"{link}: {LINK}" in [str(p) for p in history.errors()]
    assert all(SECRET not in r.body for d in history.documents.values() for r in d.revisions)
    assert_refused(check(repo), f"{link}: error: {LINK}")
    for drafts in (True, False):  # preview and publishing builds alike
        site = tmp_path / f"site-{drafts}"
        assert_refused(run_mkdocs(repo.path, site, drafts=drafts), f"{link}: {LINK}")
        assert SECRET not in site_text(site)


def test_a_policy_folder_outside_any_repository_is_refused(repo, outside, tmp_path):
    (outside / "en").mkdir()
    (outside / "th").mkdir()
    (outside / "privacy-policy.md").rename(outside / "en/privacy-policy.md")
    configure(repo.path, policy_dir="../outside")
    message = f"policy_dir: {outside} is not in a git repository"
    assert_refused(check(repo), f"mkdocs.yml: error: {message}")
    site = tmp_path / "site"
    assert_refused(run_mkdocs(repo.path, site, policy_dir="../outside", drafts=True), message)
    assert SECRET not in site_text(site)


def test_a_symbolic_link_at_a_tag_is_refused_not_followed(repo, outside, tmp_path):
    os.symlink(outside / "else.md", repo.path / "policy/en/leak.md")
    os.symlink(outside, repo.path / "policy/en/shared")
    repo.release("2023-08-01", {})
    repo.git("rm", "-q", "policy/en/leak.md", "policy/en/shared")
    repo.commit("links removed")  # the working tree is clean: only the tag holds the links
    errors = [str(p) for p in read_history(repo.path).errors()]
    assert errors == [
        f"tag policy/2023-08-01: policy/en/leak.md: {LINK}",
        f"tag policy/2023-08-01: policy/en/shared: {LINK}",
    ]
    assert_refused(check(repo), f"tag policy/2023-08-01: policy/en/leak.md: error: {LINK}")
    site = tmp_path / "site"
    assert_refused(run_mkdocs(repo.path, site), f"policy/en/leak.md: {LINK}")
    assert SECRET not in site_text(site)


# -- names the site keeps for itself -------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "changes",
        "history",
        "feed",
        "search",
        "assets",
        "index",
        "sitemap",
        "draft",
        "revisions",
        "404",
    ],
)
def test_a_document_named_like_a_generated_path_is_an_error(repo, name):
    repo.release("2023-08-01", {f"policy/en/{name}.md": doc("X", "## A {#a}\n\nText.\n")})
    (problem,) = read_history(repo.path).errors()
    assert problem.where == f"tag policy/2023-08-01: policy/en/{name}.md"
    assert f"'{name}' is a name the site uses for its own pages" in problem.message
    assert "rename the file" in problem.message
    drafted = with_drafts(read_history(repo.path), repo.path, DAY)
    assert f"policy/en/{name}.md" in [p.where for p in drafted.errors()]
    assert (name, "en") not in drafted.documents


def test_a_document_named_changes_fails_check_and_build(repo, tmp_path):
    repo.release("2023-08-01", {"policy/en/changes.md": doc("Changes", "## A {#a}\n\nText.\n")})
    message = "policy/en/changes.md: 'changes' is a name the site uses for its own pages"
    assert_refused(check(repo), "tag policy/2023-08-01: policy/en/changes.md: error: 'changes'")
    assert_refused(run_mkdocs(repo.path, tmp_path / "site"), f"tag policy/2023-08-01: {message}")


def test_every_name_the_build_writes_beside_the_documents_is_reserved(repo, tmp_path):
    site = build(repo.path, tmp_path / "site")
    for locale in ("en", "th"):
        written = {p.name.split(".", 1)[0] for p in (site / locale).iterdir()}
        assert written - {"privacy-policy"} <= urls.RESERVED_NAMES, written
        assert {"changes", "feed", "search", "assets", "404", "sitemap"} <= written
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in readme for name in urls.RESERVED_NAMES)


# -- tracebacks become errors --------------------------------------------------------------


def test_a_folder_named_like_a_policy_file_is_an_error(repo, tmp_path):
    (repo.path / "policy/en/notes.md").mkdir()
    (repo.path / "policy/en/notes.md/todo.txt").write_text("x", encoding="utf-8")
    message = "policy/en/notes.md: a folder, not a policy file"
    assert_refused(check(repo), "policy/en/notes.md: error: a folder, not a policy file")
    assert_refused(run_mkdocs(repo.path, tmp_path / "site", drafts=True), message)


def test_a_fifo_named_like_a_policy_file_is_reported_not_waited_on(repo, tmp_path):
    os.mkfifo(repo.path / "policy/en/pipe.md")
    assert_refused(check(repo), "policy/en/pipe.md: error: cannot be read (not a regular file)")


GOOD = {EN: ("100644", EN_TEXT), TH: ("100644", TH_TEXT)}


@pytest.mark.parametrize(
    ("entries", "problem"),
    [
        ({"policy": ("100644", EN_TEXT)}, "policy: a file, not the folder of policies"),
        ({"policy": ("120000", "/etc")}, f"policy: {LINK}"),
        (
            {**GOOD, "policy/en/notes.md/todo.txt": ("100644", "x")},
            "policy/en/notes.md: a folder, not a policy file",
        ),
        ({**GOOD, "policy/en/sub.md": ("160000", "")}, "policy/en/sub.md: a submodule, not a"),
        ({EN: ("100644", EN_TEXT), "policy/th": ("100644", "x")}, "policy/th: a file, not a"),
        (
            {**GOOD, "policy/en/..": ("100644", "x"), "policy/../privacy-policy.md": GOOD[EN]},
            "policy/../ is not a configured locale",
        ),
        ({**GOOD, "policy/en/\udcff\n.md": GOOD[EN]}, "policy/en/\\xff\\n.md: name policy files"),
    ],
    ids=[
        "policy-file",
        "policy-link",
        "folder-md",
        "submodule-md",
        "locale-file",
        "dotdot",
        "undecodable",
    ],
)
def test_odd_entries_at_a_tag_are_errors_not_tracebacks(repo, tmp_path, entries, problem):
    entries = {
        k: (m, repo.git("rev-parse", "HEAD").strip() if m == "160000" else v)
        for k, (m, v) in entries.items()
    }
    release_tree(repo, "2023-08-01", entries)
    history = read_history(repo.path)
    assert f"tag policy/2023-08-01: {problem}" in "\n".join(str(p) for p in history.errors())
    checked = check(repo)
    assert_refused(checked, "tag policy/2023-08-01: ")
    assert problem.rsplit(": ", 1)[-1] in checked.stdout
    assert_refused(run_mkdocs(repo.path, tmp_path / "site"), f"tag policy/2023-08-01: {problem}")


def test_a_lone_surrogate_in_a_notice_is_an_error_at_its_line(repo, tmp_path):
    text = doc("Privacy", "## 1. Scope {#scope}\n\nTwo.\n", notice='"Fixed \\ud800 typo"')
    repo.release("2023-08-01", {EN: text})
    where = "tag policy/2023-08-01: policy/en/privacy-policy.md:3"
    message = "front matter 'notice' contains U+D800, a lone surrogate"
    assert_refused(check(repo), f"{where}: error: {message}")
    site = tmp_path / "site"
    assert_refused(run_mkdocs(repo.path, site), f"{where}: {message}")
    assert not (site / "revisions.json").exists()


def test_a_tag_message_that_is_not_utf8_is_an_error(repo, tmp_path):
    repo.commit("next")
    message = tmp_path / "message"
    message.write_bytes("Caf\xe9 release\n".encode("latin-1"))
    repo.git("tag", "-a", "policy/2023-08-01", "-F", str(message))
    problem = "tag policy/2023-08-01: the tag message is not UTF-8 text"
    assert_refused(check(repo), problem.replace(": the", ": error: the"))
    assert_refused(run_mkdocs(repo.path, tmp_path / "site"), problem)


def test_a_byte_order_mark_and_cr_line_endings_are_accepted(repo, tmp_path):
    bom = (
        b"\xef\xbb\xbf" + doc("Privacy", "## 1. Scope {#scope}\n\nBOM text.\n", notice="n").encode()
    )
    cr = doc("นโยบาย", "## 1. ขอบเขต {#scope}\n\nข้อความ CR\n", notice="n").replace("\n", "\r")
    repo.release("2023-08-01", {EN: bom, TH: cr.encode()})
    result = check(repo)
    assert result.returncode == 0, result.stdout
    site = build(repo.path, tmp_path / "site")
    assert "BOM text." in (site / "en/privacy-policy/index.html").read_text(encoding="utf-8")
    assert "ข้อความ CR" in (site / "th/privacy-policy/index.html").read_text(encoding="utf-8")
    assert 'id="scope"' in (site / "th/privacy-policy/index.html").read_text(encoding="utf-8")
    released = json.loads((site / "revisions.json").read_text(encoding="utf-8"))
    sums = {
        (d["locale"], r["date"]): r["sha256"] for d in released["documents"] for r in d["revisions"]
    }
    assert sums[("en", "2023-08-01")] == hashlib.sha256(bom).hexdigest()
    assert sums[("th", "2023-08-01")] == hashlib.sha256(cr.encode()).hexdigest()


@pytest.mark.parametrize("where", ["policy/en", "examples/sample-history/2023-07-03/policy/en"])
def test_the_demo_refuses_links_in_its_sample_instead_of_copying_what_they_point_to(
    tmp_path, outside, where
):
    project = tmp_path / "project"
    sample = project / "examples/sample-history"
    (sample / "2023-07-03/policy/en").mkdir(parents=True)
    (sample / "releases.yml").write_text(
        "- {date: 2023-07-03, summary: First, from_policy: all}\n", encoding="utf-8"
    )
    (project / "policy/en").mkdir(parents=True)
    (project / "policy/en/privacy-policy.md").write_text(EN_TEXT, encoding="utf-8")
    (project / where / "leak.md").symlink_to(outside / "else.md")
    with pytest.raises(demo.DemoError, match=f"{project / where}/leak.md: a symbolic link"):
        demo.materialize(project, tmp_path / "demo")
    assert not (tmp_path / "demo").exists()


def _raw_tree(repo: PolicyRepo, entries: list[tuple[bytes, bytes, str]]) -> str:
    """A tree object written as given (`git hash-object --literally`): duplicate names and
    malformed modes included, which `git mktree` would refuse."""
    raw = b"".join(mode + b" " + name + b"\0" + bytes.fromhex(oid) for mode, name, oid in entries)
    return (
        subprocess.run(
            ["git", "hash-object", "-t", "tree", "-w", "--literally", "--stdin"],
            cwd=repo.path,
            input=raw,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .strip()
    )


def _blob(repo: PolicyRepo, text: str) -> str:
    return (
        subprocess.run(
            ["git", "hash-object", "-w", "--stdin"],
            cwd=repo.path,
            input=text.encode(),
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .strip()
    )


@pytest.mark.parametrize(
    ("twice", "problem"),
    [(True, "has two entries named privacy-policy.md"), (False, "is malformed")],
    ids=["duplicate entry", "bad mode"],
)
def test_a_tree_git_fsck_would_flag_is_an_error_not_the_last_twin(repo, tmp_path, twice, problem):
    # Git reads the first of two equal names and a checkout writes the last: neither may be
    # published as "the text of the tag", and a malformed mode is no traceback.
    good = _blob(repo, doc("Privacy", "## 1. Scope {#scope}\n\nOriginal.\n", notice="n"))
    evil = _blob(repo, doc("Privacy", "## 1. Scope {#scope}\n\nEvil twin.\n", notice="n"))
    entries = [(b"100644", b"privacy-policy.md", good)]
    entries.append((b"100644", b"privacy-policy.md", evil) if twice else (b"1o0644", b"x.md", evil))
    en = _raw_tree(repo, entries)
    th = repo.git("rev-parse", "HEAD:policy/th").strip()
    policy = _raw_tree(repo, [(b"40000", b"en", en), (b"40000", b"th", th)])
    top = _raw_tree(repo, [(b"40000", b"policy", policy)])
    stamp = "2023-08-01T12:00:00+00:00"
    commit = repo.git("commit-tree", top, "-p", "HEAD", "-m", "Release", date=stamp).strip()
    repo.git("tag", "-a", "policy/2023-08-01", "-m", "Release", commit, date=stamp)
    assert_refused(check(repo), problem)
    site = tmp_path / "site"
    assert_refused(run_mkdocs(repo.path, site), "tag policy/2023-08-01: tree ")
    assert not (site / "en/privacy-policy/2023-08-01/index.html").exists()


@pytest.mark.parametrize(
    ("meta", "message"),
    [
        ({"notice": "[" * 2000}, "nested too deeply to read"),
        ({"title": "0x" + "f" * 4000}, "front matter 'title' is a number too long; quote it"),
        ({"effective": "1" * 5000}, "front matter has a value that is not a valid date or number"),
    ],
    ids=["deep notice", "long hex title", "long number"],
)
def test_front_matter_past_python_limits_is_an_error_not_a_traceback(repo, tmp_path, meta, message):
    text = "---\n" + "".join(f"{k}: {v}\n" for k, v in {"title": "P", **meta}.items()) + "---\n"
    repo.release("2023-08-01", {EN: text + "## 1. Scope {#scope}\n\nText.\n"})
    assert_refused(check(repo), message)
    assert_refused(run_mkdocs(repo.path, tmp_path / "site"), message)
