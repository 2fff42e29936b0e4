"""The revision history, read from real git repositories with real annotated tags."""

from __future__ import annotations

import datetime
import subprocess

import pytest

from redline.model.drafts import with_drafts
from redline.model.history import HistoryError
from redline.model.repository import read_history
from redline.model.timeline import Timeline
from tests.support.gitrepo import PolicyRepo, doc

D = datetime.date
EN = "policy/en/privacy-policy.md"
TH = "policy/th/privacy-policy.md"


@pytest.fixture
def repo(repo):
    r = repo
    r.release("2017-02-12", {EN: doc("Privacy", "## A {#a}\n\nOne.\n", notice="First.")})
    r.release(
        "2017-07-28",
        {EN: doc("Privacy", "## A {#a}\n\nTwo.\n"), TH: doc("นโยบาย", "## ก {#a}\n\nสอง\n")},
    )
    r.release("2022-03-31", {EN: doc("Privacy", "## A {#a}\n\nThree.\n", effective="2022-04-01")})
    return r


def test_revisions_are_releases_where_the_blob_changed(repo):
    history = read_history(repo.path)
    assert [r.tag for r in history.releases] == [
        "policy/2017-02-12",
        "policy/2017-07-28",
        "policy/2022-03-31",
    ]
    en = history.get("privacy-policy", "en")
    th = history.get("privacy-policy", "th")
    assert [r.slug for r in en.revisions] == ["2017-02-12", "2017-07-28", "2022-03-31"]
    assert [r.slug for r in th.revisions] == ["2017-07-28"]
    assert en.revisions[0].notice == "First."
    assert en.revisions[2].effective == D(2022, 4, 1)
    assert en.revisions[1].effective == D(2017, 7, 28)  # default: the revision date


def test_text_in_force_and_upcoming_follow_the_effective_date(repo):
    history = read_history(repo.path)
    en = history.get("privacy-policy", "en")

    def on(day):
        return Timeline(history, day)

    assert on(D(2022, 3, 31)).in_force("privacy-policy", "en").slug == "2017-07-28"
    assert [r.slug for r in on(D(2022, 3, 31)).upcoming("privacy-policy", "en")] == ["2022-03-31"]
    assert on(D(2022, 4, 1)).in_force("privacy-policy", "en").slug == "2022-03-31"
    assert on(D(2022, 4, 1)).upcoming("privacy-policy", "en") == ()
    assert on(D(2017, 1, 1)).in_force("privacy-policy", "en") is None
    assert on(D(2022, 4, 1)).status(en.revisions[0]) == "archived"


def test_a_translation_that_did_not_change_with_english_lags(repo):
    history = read_history(repo.path)
    th = history.get("privacy-policy", "th").revisions[0]
    assert Timeline(history, D(2021, 1, 1)).lagging(th) is None
    # released on 2022-03-31 but effective on 2022-04-01: the Thai text lags from then on
    assert Timeline(history, D(2022, 3, 31)).lagging(th) is None
    assert Timeline(history, D(2022, 4, 1)).lagging(th).slug == "2022-03-31"


def test_the_release_summary_is_the_tag_message(repo):
    repo.release("2023-07-03", {EN: doc("Privacy", "Four.\n")}, summary="Summary line\n\nBody.")
    release = read_history(repo.path).releases[-1]
    assert release.summary == "Summary line\n\nBody."


def test_a_deleted_document_is_withdrawn_and_keeps_its_archive(repo):
    repo.release("2023-07-03", {TH: None})
    history = read_history(repo.path)
    th = history.get("privacy-policy", "th")
    assert th.withdrawn.date == D(2023, 7, 3)
    assert [r.slug for r in th.revisions] == ["2017-07-28"]
    assert Timeline(history, D(2024, 1, 1)).in_force("privacy-policy", "th") is None
    assert Timeline(history, D(2024, 1, 1)).status(th.revisions[0]) == "withdrawn"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("policy/2023-13-01", "not a valid date"),
        ("policy/latest", "not a release date"),
        ("policy/2023-7-3", "write the date as policy/2023-07-03"),
    ],
)
def test_a_malformed_tag_is_an_error_naming_it(repo, name, message):
    repo.tag(name, "bad")
    problems = read_history(repo.path).errors()
    assert len(problems) == 1
    assert problems[0].where == f"tag {name}" and message in problems[0].message


def test_a_lightweight_tag_is_an_error(repo):
    repo.commit("more")
    repo.tag("policy/2023-01-01", None)
    (problem,) = read_history(repo.path).errors()
    assert problem.where == "tag policy/2023-01-01" and "lightweight" in problem.message
    # A published tag is never moved: the fix is to fetch it again, or to delete an unpushed one.
    assert "git fetch --force origin '+refs/tags/policy/*:refs/tags/policy/*'" in problem.message
    assert "git tag -d policy/2023-01-01" in problem.message
    assert " -f " not in problem.message and "--force policy" not in problem.message


def test_a_second_tag_for_a_date_spelled_differently_is_an_error(repo):
    repo.tag("policy/2017-2-12", "again")
    problems = [str(p) for p in read_history(repo.path).errors()]
    assert problems == ["tag policy/2017-2-12: write the date as policy/2017-02-12"]


def test_a_tag_without_the_policy_folder_is_an_error(repo):
    repo.remove(EN)
    repo.remove(TH)
    repo.commit("empty")
    repo.tag("policy/2024-01-01", "empty")
    (problem,) = read_history(repo.path).errors()
    assert problem.where == "tag policy/2024-01-01" and "no policy/ folder" in problem.message


def test_invalid_front_matter_at_a_tag_names_tag_file_and_line(repo):
    repo.release("2023-01-01", {EN: "---\ntitle: [unclosed\n---\nBody\n"})
    (problem,) = read_history(repo.path).errors()
    assert problem.where.startswith("tag policy/2023-01-01: policy/en/privacy-policy.md:")
    assert "not valid YAML" in problem.message


def test_a_file_that_is_not_utf8_is_an_error(repo):
    repo.release("2023-01-01", {EN: "---\ntitle: Privacy\n---\n\nCaf\xe9\n".encode("latin-1")})
    (problem,) = read_history(repo.path).errors()
    assert problem.where == "tag policy/2023-01-01: policy/en/privacy-policy.md:5"
    assert "UTF-8" in problem.message


def test_the_signature_of_a_signed_tag_never_reaches_the_summary(repo):
    commit = repo.git("rev-parse", "HEAD").strip()
    signed = (
        f"object {commit}\ntype commit\ntag policy/2024-01-01\n"
        "tagger Legal Editor <legal@example.com> 1704067200 +0000\n\nSigned release\n"
        "-----BEGIN PGP SIGNATURE-----\n\niQEzBAABCAAdFiEE\n=abcd\n-----END PGP SIGNATURE-----\n"
    )
    tag = subprocess.run(
        ["git", "mktag"], input=signed, cwd=repo.path, capture_output=True, text=True, check=True
    ).stdout.strip()
    repo.git("update-ref", "refs/tags/policy/2024-01-01", tag)
    release = read_history(repo.path).releases[-1]
    assert release.tag == "policy/2024-01-01"
    assert release.summary == "Signed release"


def test_a_shallow_clone_says_to_fetch_the_full_history(repo, tmp_path):
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone)], check=True
    )
    with pytest.raises(HistoryError, match="shallow clone.*fetch-depth: 0"):
        read_history(clone)


def test_no_tags_gives_no_releases_and_the_draft_is_the_working_tree(tmp_path):
    r = PolicyRepo(tmp_path / "repo")
    r.write(EN, doc("Privacy", "Draft text.\n"))
    r.commit("draft")
    history = with_drafts(read_history(r.path), r.path, D(2024, 1, 1))
    assert history.releases == ()
    (draft,) = history.get("privacy-policy", "en").revisions
    assert draft.is_draft and draft.slug == "draft" and draft.date == D(2024, 1, 1)


def test_drafts_come_only_from_files_that_differ_from_the_release(repo):
    repo.write(EN, doc("Privacy", "## A {#a}\n\nThree, edited.\n"))
    history = with_drafts(read_history(repo.path), repo.path, D(2024, 1, 1))
    assert history.get("privacy-policy", "en").revisions[-1].is_draft
    assert not history.get("privacy-policy", "th").revisions[-1].is_draft


def test_history_reads_git_objects_not_the_working_tree(repo):
    repo.git("checkout", "-q", "--detach", "policy/2017-02-12")
    repo.write(EN, doc("Privacy", "Uncommitted.\n"))
    en = read_history(repo.path).get("privacy-policy", "en")
    assert [r.slug for r in en.revisions] == ["2017-02-12", "2017-07-28", "2022-03-31"]
    assert "Three." in en.revisions[-1].body


def test_a_tag_prefix_without_a_slash_finds_its_tags(tmp_path):
    r = PolicyRepo(tmp_path / "repo")
    r.write(EN, doc("Privacy", "Text.\n"))
    r.commit("first")
    r.tag("release-2024-01-15", "First")
    history = read_history(r.path, prefix="release-")
    assert [x.tag for x in history.releases] == ["release-2024-01-15"]


def test_a_document_name_that_is_not_a_url_segment_is_an_error(repo):
    repo.release("2023-01-01", {'policy/en/x" onfocus="alert(1).md': doc("X", "Text.\n")})
    (problem,) = read_history(repo.path).errors()
    assert problem.where.startswith("tag policy/2023-01-01: policy/en/x")
    assert "lowercase letters, digits and hyphens" in problem.message


def test_an_impossible_date_in_front_matter_is_reported_not_raised(repo):
    repo.release("2023-01-01", {EN: "---\ntitle: Privacy\neffective: 2024-02-30\n---\nText\n"})
    (problem,) = read_history(repo.path).errors()
    assert problem.where == "tag policy/2023-01-01: policy/en/privacy-policy.md:2"
    assert "not a valid date" in problem.message


def test_a_release_contains_the_previous_one_through_a_merge_or_is_an_error(tmp_path):
    r = PolicyRepo(tmp_path / "repo")
    r.release("2020-01-01", {EN: doc("Privacy", "One.\n")})
    r.git("checkout", "-q", "-b", "feature")
    r.release("2020-02-01", {EN: doc("Privacy", "Two.\n")})  # released from a branch
    r.git("checkout", "-q", "main")
    r.write("NOTES.md", "Main moved on.\n")
    r.commit("notes")
    r.git("merge", "-q", "--no-ff", "-m", "merge", "feature")  # 2020-02-01 is a second parent
    r.release("2020-03-01", {EN: doc("Privacy", "Three.\n")})
    assert read_history(r.path, locales=("en",)).problems == ()
    r.git("checkout", "-q", "-b", "stale", "policy/2020-02-01")
    r.release("2020-04-01", {EN: doc("Privacy", "Four.\n")})
    (problem,) = read_history(r.path, locales=("en",)).problems
    assert problem.where == "tag policy/2020-04-01" and problem.severity == "error"
    assert "does not contain the previous release policy/2020-03-01" in problem.message


def test_the_trees_of_every_release_are_read_ahead_in_one_git_process_per_level(repo, monkeypatch):
    from redline.model import trees as module
    from redline.model.repository import open_repo, read_releases

    opened = open_repo(repo.path)
    releases, _ = read_releases(opened, "policy/")
    locales = ("en", "th")
    one_by_one = module.Trees(opened)
    expected = [module.tree_files(one_by_one, r.commit, "policy", locales) for r in releases]
    ahead = module.Trees(opened)
    ahead.read_ahead((r.commit for r in releases), "policy")
    for oid, data in ahead.loaded.items():  # the commits, as git has them
        assert data == opened.odb.stream(bytes.fromhex(oid)).read(), oid

    def no_more(*args, **kwargs):
        raise AssertionError("an object was not read ahead")

    monkeypatch.setattr(opened.odb, "stream", no_more)
    monkeypatch.setattr(opened, "commit", no_more)
    assert [module.tree_files(ahead, r.commit, "policy", locales) for r in releases] == expected
    monkeypatch.undo()
    # The history read with them is the one read object by object.
    found = read_history(repo.path)
    monkeypatch.setattr(module.Trees, "load", lambda self, oids: None)
    assert read_history(repo.path) == found
