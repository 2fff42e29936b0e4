"""Policy texts and sample history: faithful to the seed, well formed, aligned across locales."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
POLICY = ROOT / "policy"
HISTORY = ROOT / "examples" / "sample-history"
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"

LOCALES = ("en", "th")
DOCUMENTS = ("privacy-policy", "cookie-policy")
HEADING = re.compile(r"^(#{1,6})\s+(?P<text>.*?)\s*\{#(?P<anchor>[^}\s]*)\}\s*$")
ANCHOR = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ENGLISH_PREVAILS = "ให้ถือตามฉบับภาษาอังกฤษเป็นสำคัญ"
THAI_KEYWORD = {"privacy-policy": "ข้อมูลส่วนบุคคล", "cookie-policy": "คุกกี้"}


# ---------------------------------------------------------------- helpers


def split_front_matter(text: str) -> tuple[dict, str]:
    """Return (front matter, body) of a policy file; fail when the front matter is missing."""
    assert text.startswith("---\n"), "file must start with a '---' front matter line"
    head, sep, body = text[4:].partition("\n---\n")
    assert sep, "front matter is not closed by a '---' line"
    meta = yaml.safe_load(head)
    assert isinstance(meta, dict), "front matter must be a mapping"
    return meta, body


def anchors(body: str) -> list[str]:
    """Explicit heading anchors of a body, in order."""
    found = []
    for line in body.splitlines():
        if line.startswith("#"):
            match = HEADING.match(line)
            assert match, f"heading without an explicit {{#anchor}}: {line!r}"
            found.append(match["anchor"])
    return found


def plain(body: str) -> str:
    """The body's text without Markdown syntax, whitespace normalized."""
    lines = []
    for line in body.splitlines():
        heading = HEADING.match(line)
        marker = r"^\s*(?:>\s*)?(?:[-*+]|\d+\.)\s+"  # blockquote and list markers
        line = heading["text"] if heading else re.sub(marker, "", line)
        lines.append(line.replace("**", ""))
    return normalize(" ".join(lines))


def normalize(text: str) -> str:
    return " ".join(text.split())


def releases() -> list[dict]:
    entries = yaml.safe_load((HISTORY / "releases.yml").read_text(encoding="utf-8"))
    assert isinstance(entries, list) and entries
    return entries


def release_states() -> list[tuple[str, dict[str, str]]]:
    """(date, {"<lc>/<doc>.md": text}) for every release, each overlaid on the previous one."""
    policy_files = {
        p.relative_to(POLICY).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(POLICY.glob("*/*.md"))
    }
    state: dict[str, str] = {}
    states = []
    for entry in releases():
        date = str(entry["date"])
        folder = HISTORY / date / "policy"
        if folder.is_dir():
            for p in sorted(folder.glob("*/*.md")):
                state[p.relative_to(folder).as_posix()] = p.read_text(encoding="utf-8")
        taken = entry.get("from_policy")
        if taken == "all":
            state.update(policy_files)
        elif taken:
            for path in taken:
                key = Path(path).relative_to("policy").as_posix()
                state[key] = policy_files[key]
        states.append((date, dict(state)))
    return states


def history_files() -> list[Path]:
    return sorted(HISTORY.glob("*/policy/*/*.md"))


def all_files() -> list[Path]:
    return sorted(POLICY.glob("*/*.md")) + history_files()


# ---------------------------------------------------------------- the seed


def seed_lines(section: str) -> list[str]:
    """Lines of the seed's privacy ("privacy") or cookies ("cookie") policy that must be kept."""
    seeds = sorted(SEEDS.glob("*.txt"))
    if not seeds:
        pytest.skip(f"no seed text in {SEEDS}")
    text = seeds[0].read_text(encoding="utf-8")
    # The seed glues one heading to its paragraph; the policy splits them.
    text = text.replace("environmentIn the case", "environment\nIn the case")
    privacy, _, cookie = text.partition("Cookies Policy\n")
    privacy = privacy.split("\nRevised on ", 1)[0]
    kept = []
    for raw in (privacy if section == "privacy" else cookie).splitlines():
        line = normalize(raw.lstrip().removeprefix("•"))
        if (
            not line
            or re.fullmatch(r"\(?\d+\)?", line)  # the item numbers of the seed's lists
            or line in {"Privacy Policy", "Cookies Policy"}  # the titles: in front matter
            or line.startswith("Last Updated:")
        ):
            continue
        kept.append(line)
    return kept


@pytest.fixture(scope="module")
def seed_folder() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"the seed folder {SEEDS} does not exist (outside the project workspace)")
    return SEEDS


@pytest.mark.parametrize(
    ("section", "document"), [("privacy", "privacy-policy"), ("cookie", "cookie-policy")]
)
def test_english_policy_keeps_every_seed_sentence(seed_folder, section, document):
    meta, body = split_front_matter((POLICY / "en" / f"{document}.md").read_text(encoding="utf-8"))
    text = plain(body)
    lines = seed_lines(section)
    assert len(lines) > 5
    missing = [line for line in lines if line not in text]
    assert not missing, (
        "seed text missing from policy/en/" + document + ".md:\n" + "\n".join(missing)
    )
    assert meta["title"] == {"privacy": "Privacy Policy", "cookie": "Cookies Policy"}[section]


@pytest.mark.parametrize("document", DOCUMENTS)
def test_english_policy_leaves_dates_and_links_to_the_site(document):
    body = (POLICY / "en" / f"{document}.md").read_text(encoding="utf-8")
    for generated in (
        "Revised on",
        "Last Updated",
        "Privacy Policy for Thailand",
        "Privacy Policy - English",
        "นโยบายความเป็นส่วนตัว ไทย",
    ):
        assert generated not in body
    assert not re.search(r"^# ", body, re.M), "the title comes from front matter, not an H1"


# ---------------------------------------------------------------- every file


@pytest.mark.parametrize("path", all_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_front_matter_and_anchors(path):
    meta, body = split_front_matter(path.read_text(encoding="utf-8"))
    assert isinstance(meta.get("title"), str) and meta["title"].strip()
    own = own_notice(meta, path.parent.name)
    assert isinstance(own, str) and own.strip()
    assert set(meta) <= {"title", "notice", "effective"}
    found = anchors(body)
    assert found, "a policy has at least one clause heading"
    assert len(found) == len(set(found)), "anchors are unique within a document"
    bad = [a for a in found if not ANCHOR.match(a)]
    assert not bad, f"anchors must be lowercase ascii words joined by hyphens: {bad}"
    assert path.parent.name in LOCALES and path.stem in DOCUMENTS


@pytest.mark.parametrize(
    "path",
    [p for p in all_files() if p.parent.name == "th"],
    ids=lambda p: p.relative_to(ROOT).as_posix(),
)
def test_thai_text_is_a_translation_in_thai(path):
    meta, body = split_front_matter(path.read_text(encoding="utf-8"))
    assert ENGLISH_PREVAILS in body.split("\n## ", 1)[0], "say near the top that English prevails"
    assert THAI_KEYWORD[path.stem] in body
    if path.stem == "privacy-policy":
        assert "วัตถุประสงค์" in body
    for text in (meta["title"], own_notice(meta, "th")):
        assert re.search("[\u0e00-\u0e7f]", text), "title and notice are in Thai"


@pytest.mark.parametrize("document", DOCUMENTS)
def test_policy_folder_anchors_match_across_locales(document):
    en = anchors(split_front_matter((POLICY / "en" / f"{document}.md").read_text("utf-8"))[1])
    th = anchors(split_front_matter((POLICY / "th" / f"{document}.md").read_text("utf-8"))[1])
    assert th == en


def shape(body: str) -> list[str]:
    """The sequence of headings (by anchor) and list items (by kind) of a body."""
    kinds = []
    for line in body.splitlines():
        heading = HEADING.match(line)
        if heading:
            kinds.append("#" + heading["anchor"])
        elif re.match(r"\d+\. ", line):
            kinds.append("ol")
        elif line.startswith("- "):
            kinds.append("ul")
    return kinds


@pytest.mark.parametrize("document", DOCUMENTS)
def test_policy_folder_structure_matches_across_locales(document):
    en = split_front_matter((POLICY / "en" / f"{document}.md").read_text("utf-8"))[1]
    th = split_front_matter((POLICY / "th" / f"{document}.md").read_text("utf-8"))[1]
    assert shape(th) == shape(en)


# ---------------------------------------------------------------- the sample history


def test_releases_are_the_documented_ones():
    entries = releases()
    dates = [str(e["date"]) for e in entries]
    assert dates == ["2017-02-12", "2017-07-28", "2022-03-31", "2022-08-24", "2023-07-03"]
    for entry in entries:
        assert set(entry) <= {"date", "summary", "from_policy"}
        assert isinstance(entry["summary"], str) and "\n" not in entry["summary"].strip()
    assert entries[-1]["from_policy"] == "all"
    assert not (HISTORY / dates[-1]).exists(), "the newest release is the project's policy/"
    assert (HISTORY / "README.md").is_file()
    for path in history_files():
        assert path.relative_to(HISTORY).parts[0] in dates[:-1]


def test_history_folders_hold_only_changed_files():
    previous: dict[str, str] = {}
    for date, state in release_states():
        folder = HISTORY / date / "policy"
        for p in folder.glob("*/*.md") if folder.is_dir() else []:
            key = p.relative_to(folder).as_posix()
            assert previous.get(key) != state[key], f"{date}/{key} repeats the previous release"
        previous = state


def test_revisions_follow_the_documented_timeline():
    changed = {}
    previous: dict[str, str] = {}
    for date, state in release_states():
        changed[date] = sorted(k for k in state if previous.get(k) != state[k])
        previous = state
    assert changed == {
        "2017-02-12": ["en/privacy-policy.md"],
        "2017-07-28": ["en/privacy-policy.md", "th/privacy-policy.md"],
        "2022-03-31": ["en/privacy-policy.md"],
        "2022-08-24": ["en/cookie-policy.md", "th/cookie-policy.md"],
        "2023-07-03": ["en/privacy-policy.md", "th/privacy-policy.md"],
    }


def test_thai_anchors_match_the_english_revision_they_translate():
    """At a release where Thai changed, its anchors equal English's; when it lags, those of the
    English revision it was translated from."""
    source: dict[str, list[str]] = {}
    previous: dict[str, str] = {}
    for date, state in release_states():
        for key, text in state.items():
            lc, name = key.split("/")
            if lc != "th":
                continue
            en_anchors = anchors(split_front_matter(state[f"en/{name}"])[1])
            th_anchors = anchors(split_front_matter(text)[1])
            if previous.get(key) != text:
                source[name] = en_anchors
                assert th_anchors == en_anchors, f"{date} {key}"
                en_body = split_front_matter(state[f"en/{name}"])[1]
                assert shape(split_front_matter(text)[1]) == shape(en_body), f"{date} {key}"
            else:
                assert th_anchors == source[name], f"{date} {key} (lagging)"
        previous = state


def test_clause_6_6_appears_at_2022_03_31():
    for date, state in release_states():
        found = anchors(split_front_matter(state["en/privacy-policy.md"])[1])
        assert ("external-environment" in found) == (date >= "2022-03-31"), date


def test_only_the_2022_english_revision_takes_effect_later():
    later = HISTORY / "2022-03-31" / "policy" / "en" / "privacy-policy.md"
    for path in all_files():
        meta = split_front_matter(path.read_text(encoding="utf-8"))[0]
        if path == later:
            assert str(meta.get("effective")) == "2022-04-01"
        else:
            assert "effective" not in meta, path


def own_notice(meta: dict, locale: str) -> object:
    """The notice of a file for its own locale: a plain text, or its entry of a mapping."""
    notice = meta.get("notice")
    return notice.get(locale) if isinstance(notice, dict) else notice


def test_the_english_revision_that_leaves_thai_behind_tells_thai_readers_in_thai():
    english_only = HISTORY / "2022-03-31" / "policy" / "en" / "privacy-policy.md"
    assert not (HISTORY / "2022-03-31" / "policy" / "th").exists()
    notice = split_front_matter(english_only.read_text(encoding="utf-8"))[0]["notice"]
    assert set(notice) == {"en", "th"}
    assert re.search("[\u0e00-\u0e7f]", notice["th"]) and "1 เมษายน 2565" in notice["th"]


def test_every_revision_has_its_own_notice():
    notices: dict[str, set[str]] = {}
    previous: dict[str, str] = {}
    for _date, state in release_states():
        for key, text in state.items():
            if previous.get(key) != text:
                notice = own_notice(split_front_matter(text)[0], key.split("/")[-2])
                assert notice not in notices.setdefault(key, set()), key
                notices[key].add(notice)
        previous = state
