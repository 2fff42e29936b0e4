"""`redline build --locales` and `redline assemble`: shards of a CI matrix make the one-build site.

Real repositories, real `redline` commands; the site of shards is compared byte for byte with the
site of one `mkdocs build`, and each refusal of `assemble` is checked with its message.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.support.gitrepo import doc
from tests.support.sitebuild import EN, configure, redline, two_releases

DAY = 1704067200  # 2024-01-01 00:00 UTC: 2024-01-01 in Asia/Bangkok
NEXT_DAY = DAY + 86400


@pytest.fixture
def repo(repo):
    two_releases(repo)
    # The as-of date from the environment, as on a CI runner (so that shards can differ in it).
    configure(repo.path, as_of="")
    return repo


def env(epoch: int = DAY) -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), "NO_MKDOCS_2_WARNING": "1"}


def shard(
    repo, locales: str, folder: str, *more: str, epoch: int = DAY
) -> subprocess.CompletedProcess[str]:
    result = redline(
        "build", "--locales", locales, "--site-dir", folder, *more, cwd=repo.path, env=env(epoch)
    )
    assert result.returncode == 0, result.stderr
    return result


def assemble(repo, *folders: str, site: str = "site") -> subprocess.CompletedProcess[str]:
    return redline("assemble", *folders, "--site-dir", site, cwd=repo.path, env=env())


def files(root):
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def refusals(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[-1] == "redline assemble: refused; nothing was written"
    return lines[:-1]


@pytest.fixture
def shards(repo):
    """Two shards of the site: English, and Thai."""
    shard(repo, "en", "shards/en")
    shard(repo, "th", "shards/th")
    return repo


def test_shards_assembled_are_byte_identical_to_one_build(shards, tmp_path):
    repo = shards
    done = assemble(repo, "shards/th", "shards/en")
    assert done.returncode == 0, done.stderr
    assert "2 shards assembled into site" in done.stdout
    single = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "single")],
        cwd=repo.path,
        env=env(),
        capture_output=True,
        text=True,
    )
    assert single.returncode == 0, single.stderr

    whole, assembled = files(tmp_path / "single"), files(repo.path / "site")
    assert "th/privacy-policy/index.html" in whole and "th/sitemap.xml" in whole
    assert "redline-shard.json" not in assembled  # the manifests stay in the shards
    assert assembled.keys() == whole.keys()
    assert [name for name in whole if whole[name] != assembled[name]] == []


def test_a_shard_holds_its_locales_and_its_manifest(shards):
    folder = shards.path / "shards" / "th"
    assert (folder / "th" / "privacy-policy" / "index.html").is_file()
    assert not (folder / "en").exists()
    manifest = json.loads((folder / "redline-shard.json").read_text(encoding="utf-8"))
    head = shards.git("rev-parse", "HEAD").strip()
    tagged = shards.git("rev-parse", "policy/2022-03-31^{commit}").strip()
    assert manifest["commit"] == head
    assert manifest["tags"]["policy/2022-03-31"] == tagged
    assert manifest["as_of"] == "2024-01-01"
    assert manifest["locales"] == ["th"]
    # Every file of its locale, with its SHA-256: what assemble publishes, and nothing else.
    held = files(folder / "th")
    assert manifest["files"] == {
        f"th/{name}": hashlib.sha256(data).hexdigest() for name, data in held.items()
    }
    assert "th/privacy-policy/index.html" in manifest["files"]


def test_a_locale_the_site_does_not_have_is_a_wrong_argument(repo):
    result = redline("build", "--locales", "th,fr", "--site-dir", "x", cwd=repo.path, env=env())
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "redline build: --locales th,fr: give some of the site's locales (en, th), each once, "
        "separated by commas; unknown: fr"
    )
    assert not (repo.path / "x").exists()


def test_a_missing_locale_is_refused(shards):
    assert refusals(assemble(shards, "shards/en")) == [
        "redline assemble: locale th: in no shard; build it too (redline build --locales th)"
    ]
    assert not (shards.path / "site").exists()


def test_a_locale_in_two_shards_is_refused(shards):
    shard(shards, "en,th", "shards/both")
    assert refusals(assemble(shards, "shards/en", "shards/both")) == [
        "redline assemble: locale en: in 2 shards (shards/en, shards/both); build each locale "
        "in one shard"
    ]


def test_a_shard_built_on_another_day_is_refused(shards):
    shard(shards, "th", "shards/th-later", epoch=NEXT_DAY)
    assert refusals(assemble(shards, "shards/en", "shards/th-later")) == [
        "redline assemble: shards/th-later: built as of 2024-01-02, but this build is as of "
        "2024-01-01 (build every shard on the same day, or give them one SOURCE_DATE_EPOCH)"
    ]


def test_shards_of_another_commit_and_tags_are_refused(shards):
    old = shards.git("rev-parse", "HEAD").strip()
    shards.release("2023-05-01", {EN: doc("Privacy Policy", "## 1. Scope {#scope}\n\nNew.\n")})
    new = shards.git("rev-parse", "HEAD").strip()
    lines = refusals(assemble(shards, "shards/en", "shards/th"))
    for folder in ("shards/en", "shards/th"):
        assert (
            f"redline assemble: {folder}: built from commit {old[:12]}, but this repository is "
            f"at {new[:12]}"
        ) in lines
        assert f"redline assemble: {folder}: built without release tag policy/2023-05-01" in lines
    assert len(lines) == 4


def test_shards_of_other_settings_are_refused(shards):
    configure(shards.path, as_of="", recent_days=10)
    assert refusals(assemble(shards, "shards/en", "shards/th")) == [
        f"redline assemble: {folder}: built with other settings (mkdocs.yml, or a value it "
        "takes from the environment such as SITE_URL)"
        for folder in ("shards/en", "shards/th")
    ]


def test_a_folder_that_is_not_a_shard_is_refused(shards):
    (shards.path / "plain").mkdir()
    assert refusals(assemble(shards, "shards/en", "shards/th", "plain")) == [
        "redline assemble: plain: not a shard: no redline-shard.json; build one with redline "
        "build --locales"
    ]


# --- redline groups: the matrix of the jobs ---


def groups(repo, *args: str) -> subprocess.CompletedProcess[str]:
    return redline("groups", *args, cwd=repo.path, env=env())


def test_groups_split_the_locales_by_the_pages_their_builds_make(repo):
    repo.release(
        "2023-05-02",
        {EN: doc("Privacy Policy", "## 1. Scope {#scope}\n\nWe collect names.\n", notice="C.")},
    )
    two = groups(repo, "--jobs", "2")
    assert two.returncode == 0, two.stderr
    assert json.loads(two.stdout) == ["en", "th"]  # English has more revisions: more pages
    pages = dict(
        line.removeprefix("redline groups: ").split(": ") for line in two.stderr.splitlines()
    )
    # Each group's pages are the pages its shard builds.
    for locale in ("en", "th"):
        built = shard(repo, locale, f"shards/{locale}")
        (line,) = [x for x in built.stderr.splitlines() if f"redline: /{locale}/ (" in x]
        assert f"): {pages[locale].removesuffix(' pages')} pages, " in line, line
    assert int(pages["en"].split()[0]) > int(pages["th"].split()[0])
    one = groups(repo, "--jobs", "1")
    assert json.loads(one.stdout) == ["en,th"]
    many = groups(repo, "--jobs", "8")
    assert json.loads(many.stdout) == ["en", "th"]  # a job per locale at most


def test_groups_want_a_number_of_jobs_and_a_site(repo, tmp_path):
    for bad in ("0", "-1", "two"):
        result = groups(repo, "--jobs", bad)
        assert result.returncode == 2 and result.stdout == "", bad
        assert "argument --jobs:" in result.stderr and "Traceback" not in result.stderr
    missing = groups(repo, "--jobs", "2", "-f", str(tmp_path / "nowhere.yml"))
    assert missing.returncode == 1 and missing.stdout == ""
    assert missing.stderr.startswith(f"redline groups: {tmp_path / 'nowhere.yml'}: ")
    assert "Traceback" not in missing.stderr
    folder = groups(repo, "--jobs", "2", "-f", str(tmp_path))
    assert folder.returncode == 1 and folder.stdout == "", folder.stderr
    assert folder.stderr == f"redline groups: {tmp_path}: cannot read it (Is a directory)\n"


def test_a_shard_of_one_locale_uses_a_spare_cpu_for_its_redlines(repo, tmp_path):
    configure(repo.path, as_of="", workers=2)
    helped = shard(repo, "en", "shards/helped", "--verbose")  # the builder's figures
    assert "; 1 redlines computed ahead by helper processes" in helped.stderr, helped.stderr
    configure(repo.path, as_of="", workers=1)
    alone = shard(repo, "en", "shards/alone")
    assert "computed ahead" not in alone.stderr
    # (the manifests differ: mkdocs.yml changed)
    assert files(repo.path / "shards/helped/en") == files(repo.path / "shards/alone/en")


# --- a shard tampered with after its build (an artifact crosses from one CI job to another) ---


@pytest.fixture
def built(repo):
    """One shard of both locales, built by redline build, to be tampered with."""
    shard(repo, "en,th", "shards/all")
    return repo


def refused(repo, *expected: str) -> None:
    """assemble refuses the tampered shard with `expected`, and writes no site."""
    lines = refusals(assemble(repo, "shards/all"))
    assert lines == [f"redline assemble: shards/all: {line}" for line in expected]
    assert not (repo.path / "site").exists()


def test_a_link_to_a_file_outside_the_shard_is_refused(built, tmp_path):
    outside = tmp_path / "hostname"
    outside.write_text("secret\n", encoding="utf-8")
    page = built.path / "shards/all/en/privacy-policy/index.html"
    page.unlink()
    page.symlink_to(outside)
    os.symlink("/etc/hostname", built.path / "shards/all/th/hostname.html")
    refused(
        built,
        f"en/privacy-policy/index.html: a symbolic link (to {outside}); a shard holds no links: "
        "build it again",
        "en/privacy-policy/index.html: in the manifest, not in the shard",
        "th/hostname.html: a symbolic link (to /etc/hostname); a shard holds no links: build "
        "it again",
    )


def test_a_locale_folder_that_is_a_link_is_refused(built, tmp_path):
    folder = built.path / "shards/all/en"
    shutil.move(folder, tmp_path / "en")  # the same files, outside the shard
    folder.symlink_to(tmp_path / "en", target_is_directory=True)
    refused(built, f"the folder of locale en is a symbolic link (to {tmp_path / 'en'})")


def test_an_emptied_locale_folder_is_refused(built):
    folder = built.path / "shards/all/en"
    shutil.rmtree(folder)
    folder.mkdir()
    refused(built, "the folder of locale en is empty")


def test_a_changed_byte_in_a_page_is_refused(built):
    page = built.path / "shards/all/th/privacy-policy/index.html"
    data = bytearray(page.read_bytes())
    data[-2] ^= 1
    page.write_bytes(bytes(data))
    refused(
        built,
        "th/privacy-policy/index.html: not the bytes the manifest lists (another SHA-256)",
    )


def test_an_extra_file_is_refused(built):
    (built.path / "shards/all/en/extra.html").write_text("<p>hi</p>", encoding="utf-8")
    refused(built, "en/extra.html: in the shard, not in its manifest")


def test_a_manifest_nested_deep_is_one_line_not_a_traceback(built):
    manifest = built.path / "shards/all/redline-shard.json"
    manifest.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    lines = refusals(assemble(built, "shards/all"))
    assert lines == [
        "redline assemble: shards/all/redline-shard.json: unreadable shard manifest (nested "
        "deeper than 32); build it again",
        *(
            f"redline assemble: locale {lc}: in no shard; build it too (redline build --locales "
            f"{lc})"
            for lc in ("en", "th")
        ),
    ]


def test_a_manifest_of_50_mb_is_refused_unread(built):
    manifest = built.path / "shards/all/redline-shard.json"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text[:-2] + " " * (50 * 1024 * 1024) + "}\n", encoding="utf-8")
    lines = refusals(assemble(built, "shards/all"))
    assert lines == [
        "redline assemble: shards/all/redline-shard.json: unreadable shard manifest (over 8 "
        "MB); build it again",
        *(
            f"redline assemble: locale {lc}: in no shard; build it too (redline build --locales "
            f"{lc})"
            for lc in ("en", "th")
        ),
    ]
