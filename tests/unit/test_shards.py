"""`shards`: a shard's manifest, what differs between two, and which locales assemble takes."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from redline.build import shards
from redline.build.shards import Manifest, Plan, ShardError

OWN = Manifest(
    commit="a" * 40,
    tags={"policy/2024-01-01": "b" * 40},
    as_of="2024-02-01",
    settings="s1",
    code="code=1",
    drafts=False,
)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_a_manifest_reads_back_as_written():
    files = {"en/index.html": sha(b"en"), "th/a/index.html": sha(b"th")}
    shard = Manifest(**{**OWN.__dict__, "locales": ("en", "th"), "files": files})
    assert Manifest.from_json(shard.to_json()) == shard
    with pytest.raises(ValueError, match="not a shard manifest"):
        Manifest.from_json('{"commit": "x"}')


@pytest.mark.parametrize(
    "name", ["../x.html", "fr/index.html", "en", "en//x.html", "en/../../etc/x", "/en/x.html"]
)
def test_a_manifest_names_only_files_inside_its_locales(name):
    shard = Manifest(**{**OWN.__dict__, "locales": ("en",), "files": {name: sha(b"")}})
    with pytest.raises(ValueError, match="not a file of its locales with a SHA-256"):
        Manifest.from_json(shard.to_json())
    bad = Manifest(**{**OWN.__dict__, "locales": ("en",), "files": {"en/x.html": "00"}})
    with pytest.raises(ValueError, match="not a file of its locales"):
        Manifest.from_json(bad.to_json())


def test_a_manifest_nested_too_deep_is_refused_before_json_reads_it():
    for depth in (33, 100_000):
        with pytest.raises(ValueError, match="^nested deeper than 32$"):
            Manifest.from_json("[" * depth + "]" * depth)
    # Brackets inside strings are text, not nesting.
    data = OWN.to_json().replace('"drafts"', '"x": "' + "[" * 100 + '", "drafts"')
    assert Manifest.from_json(data) == OWN
    assert shards._depth('{"a": [[1], {"b": "]]]]"}]}') == 3


def test_every_difference_is_one_sentence():
    other = Manifest(
        commit="c" * 40,
        tags={"policy/2024-01-01": "d" * 40, "policy/2024-03-01": "e" * 40},
        as_of="2024-02-02",
        settings="s2",
        code="code=2",
        drafts=True,
    )
    assert shards.differences(OWN, OWN) == []
    assert shards.differences(other, OWN) == [
        f"built from commit {'c' * 12}, but this repository is at {'a' * 12}",
        f"release tag policy/2024-01-01 was at commit {'d' * 12}, here it is at {'b' * 12}",
        "built with release tag policy/2024-03-01, which this repository does not have",
        "built as of 2024-02-02, but this build is as of 2024-02-01 (build every shard on the "
        "same day, or give them one SOURCE_DATE_EPOCH)",
        "built with other settings (mkdocs.yml, or a value it takes from the environment such "
        "as SITE_URL)",
        "built by other code (code=2), here: code=1",
        "built with drafts, this build does not show them (REDLINE_DRAFTS, drafts:)",
    ]


def test_a_plan_builds_some_locales_and_is_complete_with_the_taken_ones(tmp_path):
    assert Plan().building(["en", "th"]) == ["en", "th"] and Plan().complete(["en", "th"])
    shard = Plan(locales=("th",))
    assert shard.building(["en", "th"]) == ["th"] and not shard.complete(["en", "th"])
    (tmp_path / "a" / "th" / "x").mkdir(parents=True)
    (tmp_path / "a" / "th" / "index.html").write_bytes(b"<p>th</p>")
    (tmp_path / "a" / "th" / "x" / "index.html").write_bytes(b"<p>x</p>")
    files = {"th/index.html": sha(b"<p>th</p>"), "th/x/index.html": sha(b"<p>x</p>")}
    assemble = Plan(locales=(), taken={"th": tmp_path / "a" / "th"}, files=files)
    assert assemble.building(["th"]) == [] and assemble.complete(["th"])
    assemble.place(tmp_path / "site")
    assert (tmp_path / "site" / "th" / "index.html").read_bytes() == b"<p>th</p>"
    assert (tmp_path / "site" / "th" / "x" / "index.html").read_bytes() == b"<p>x</p>"


def test_a_file_that_changed_since_the_check_is_not_placed(tmp_path):
    """`check` saw the shard; `place` checks each file again as it puts it in."""
    folder = tmp_path / "a" / "th"
    folder.mkdir(parents=True)
    (folder / "index.html").write_bytes(b"<p>changed</p>")
    files = {"th/index.html": sha(b"<p>th</p>")}
    with pytest.raises(ShardError, match="index.html: changed after it was checked"):
        Plan(locales=(), taken={"th": folder}, files=files).place(tmp_path / "site")
    assert not (tmp_path / "site" / "th" / "index.html").exists()
    outside = tmp_path / "outside.html"
    outside.write_bytes(b"<p>th</p>")
    (folder / "index.html").unlink()
    os.symlink(outside, folder / "index.html")  # the right bytes, but through a link
    with pytest.raises(ShardError, match="index.html: changed after it was checked"):
        Plan(locales=(), taken={"th": folder}, files=files).place(tmp_path / "site")
    assert not (tmp_path / "site" / "th" / "index.html").exists()
    (folder / "index.html").unlink()  # gone
    with pytest.raises(ShardError, match="index.html: changed after it was checked"):
        Plan(locales=(), taken={"th": folder}, files=files).place(tmp_path / "site")


def shard_folder(root: Path, name: str, *locales: str) -> tuple[Path, Manifest]:
    folder = root / name
    for locale in locales:
        (folder / locale).mkdir(parents=True)
        (folder / locale / "index.html").write_bytes(locale.encode())
    files = {f"{lc}/index.html": sha(lc.encode()) for lc in locales}
    return folder, Manifest(**{**OWN.__dict__, "locales": locales, "files": files})


def test_check_finds_each_locale_once_and_names_the_missing_and_the_doubled(tmp_path):
    en = shard_folder(tmp_path, "one", "en")
    th = shard_folder(tmp_path, "two", "th")
    plan, problems = shards.check([en, th], OWN, ["en", "th"])
    assert problems == [] and plan.taken == {"en": en[0] / "en", "th": th[0] / "th"}
    assert plan.files == {"en/index.html": sha(b"en"), "th/index.html": sha(b"th")}
    both = shard_folder(tmp_path, "both", "en", "th")
    fr = shard_folder(tmp_path, "fr", "fr")
    _, problems = shards.check([en, both, fr], OWN, ["en", "th", "de"])
    assert [str(p) for p in problems] == [
        f"{fr[0]}: locale fr is not one of the site's (en, th, de)",
        f"locale en: in 2 shards ({en[0]}, {both[0]}); build each locale in one shard",
        "locale de: in no shard; build it too (redline build --locales de)",
    ]


def test_the_problems_of_a_shards_files_are_said_ten_at_most(tmp_path):
    folder, manifest = shard_folder(tmp_path, "one", "en")
    for n in range(12):
        (folder / "en" / f"extra{n:02}.html").write_bytes(b"x")
    deep = folder / "en" / "deep"
    for _ in range(40):  # deeper than a walk by recursion would care for, named one by one
        deep = deep / "d"
    deep.mkdir(parents=True)
    (deep / "x.html").write_bytes(b"x")
    os.mkfifo(folder / "en" / "pipe.html")  # read, it would wait for a writer
    _, problems = shards.check([(folder, manifest)], OWN, ["en"])
    said = [str(p).removeprefix(f"{folder}: ") for p in problems]
    assert said[0] == "en/pipe.html: not a regular file or folder; build it again"
    assert said[1] == "en/deep/" + "d/" * 40 + "x.html: in the shard, not in its manifest"
    assert said[2] == "en/extra00.html: in the shard, not in its manifest"
    assert said[-1] == "and 4 more problems of its files" and len(said) == 11


# --- groups: the locales of a matrix's jobs, their pages as even as they come ---


def test_a_heavy_locale_gets_a_job_of_its_own_and_the_others_share_the_rest():
    weights = {"en": 180, "th": 646, **{lc: 180 for lc in ("fr", "de", "es", "it", "nl", "pt")}}
    found = shards.groups(weights, 5)
    assert found[0] == ("th",)
    assert sorted(lc for group in found for lc in group) == sorted(weights)
    loads = [sum(weights[lc] for lc in group) for group in found]
    assert loads == sorted(loads, reverse=True)  # the heaviest job first
    assert loads == [646, 360, 360, 360, 180]
    for group in found:  # each in the site's order
        assert list(group) == [lc for lc in weights if lc in group]


def test_the_heaviest_locale_alone_against_all_the_others():
    weights = {"en": 180, "th": 646, "fr": 180, "de": 180}
    assert shards.groups(weights, 2) == [("th",), ("en", "fr", "de")]
    assert shards.groups(weights, 1) == [("en", "th", "fr", "de")]


def test_more_jobs_than_locales_gives_one_locale_a_job_and_ties_keep_the_site_order():
    assert shards.groups({"en": 5, "th": 9}, 5) == [("th",), ("en",)]
    assert shards.groups({"en": 7, "th": 7, "fr": 7}, 3) == [("en",), ("th",), ("fr",)]
    assert shards.groups({"en": 7, "th": 7, "fr": 7}, 2) == [("en", "fr"), ("th",)]
