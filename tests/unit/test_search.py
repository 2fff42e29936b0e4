"""Thai search: words inside a Thai phrase are found by mkdocs-material's search worker.

The worker splits `title`, `text` and every other field listed in `config.fields` on the index's
`separator` regex, outside HTML tags, lowercases the pieces, and matches each query term as a
prefix (it appends `*`). `worker_tokens` below does the same in Python; `test_the_real_worker...`
runs the theme's own worker bundle under node, when node is installed.
"""

from __future__ import annotations

import copy
import functools
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import material
import pytest
from pythainlp.tokenize import word_tokenize

from redline.build.search import (
    COMPOUND_FIELDS,
    SEPARATOR,
    ZWSP,
    needs_segmentation,
    segment_index,
    segment_index_file,
)

PRIVACY = "การคุ้มครองข้อมูลส่วนบุคคลของลูกค้า"  # protection of customers' personal data
COOKIES = "นโยบายคุกกี้ของเว็บไซต์"  # the website's cookie policy
PURPOSES = "เพื่อวัตถุประสงค์ดังต่อไปนี้"  # for the following purposes

# Queries for words inside those phrases. ข้อมูลส่วนบุคคล is two words to newmm (ข้อมูล|ส่วนบุคคล):
# only the combinations find it. ลูกค้า ends its phrase, so no combination starts with it: only
# the zero-width space in the separator finds it.
QUERIES = ["ข้อมูลส่วนบุคคล", "คุกกี้", "วัตถุประสงค์", "ลูกค้า"]

THEME_CONFIG: dict[str, Any] = {
    # What mkdocs-material writes for `theme.language: th` with default search settings.
    "lang": ["th"],
    "separator": r"[\s\-]+",
    "pipeline": ["stopWordFilter"],
    "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1000000.0}},
}

ENGLISH_DOC = {
    "location": "en/privacy-policy/#sharing",
    "title": "3. Sharing",
    "text": "<p>We share <code>personal-data</code> with processors &amp; auditors.</p>",
}


def thai_words(text: str) -> list[str]:
    """The same contract as redline.text.words.thai_words."""
    return word_tokenize(text, engine="newmm", keep_whitespace=False)


def thai_index() -> dict[str, Any]:
    return {
        "config": copy.deepcopy(THEME_CONFIG),
        "docs": [
            {
                "location": "th/privacy-policy/",
                "title": "นโยบายความเป็นส่วนตัว",
                "text": f"<p>{PRIVACY} (PDPA) &amp; อื่น ๆ</p><ul><li>{PURPOSES}</li></ul>",
            },
            {
                "location": "th/cookie-policy/",
                "title": "นโยบายคุกกี้",
                "text": f"<p>{COOKIES}</p>",
                "tags": ["นโยบาย"],
            },
            ENGLISH_DOC,
        ],
    }


def strip_tags(html: str) -> str:
    return re.sub(r"<[^>]*>", " ", html)


def worker_tokens(index: dict[str, Any]) -> set[str]:
    """Every token the worker indexes: all configured fields, split on the index's separator."""
    separator = re.compile(index["config"]["separator"])
    tokens: set[str] = set()
    for doc in index["docs"]:
        for field in index["config"]["fields"]:
            value = doc.get(field, [])
            for text in [value] if isinstance(value, str) else value:
                tokens.update(t.lower() for t in separator.split(strip_tags(text)) if t)
    return tokens


@pytest.fixture(scope="module")
def segmented() -> dict[str, Any]:
    return segment_index(thai_index(), thai_words)


def test_words_inside_a_thai_phrase_were_not_tokens(segmented: dict[str, Any]) -> None:
    before = worker_tokens(thai_index())
    for query in QUERIES:
        assert not any(token.startswith(query) for token in before), query


def test_words_inside_a_thai_phrase_are_tokens(segmented: dict[str, Any]) -> None:
    after = worker_tokens(segmented)
    for query in QUERIES:
        assert query in after, query


def test_whole_phrases_are_still_tokens(segmented: dict[str, Any]) -> None:
    # Someone who pastes a phrase from the page finds it, as before segmentation.
    assert {PRIVACY, COOKIES, PURPOSES} <= worker_tokens(segmented)


def test_title_and_text_get_zero_width_spaces_between_words(segmented: dict[str, Any]) -> None:
    privacy, cookies, _ = segmented["docs"]
    assert cookies["title"] == f"นโยบาย{ZWSP}คุกกี้"
    assert cookies["text"] == f"<p>นโยบาย{ZWSP}คุกกี้{ZWSP}ของ{ZWSP}เว็บไซต์</p>"
    assert f"การ{ZWSP}คุ้มครอง{ZWSP}ข้อมูล{ZWSP}ส่วนบุคคล{ZWSP}ของ{ZWSP}ลูกค้า" in privacy["text"]


def test_html_and_other_text_are_intact(segmented: dict[str, Any]) -> None:
    original = thai_index()["docs"]
    for before, after in zip(original, segmented["docs"], strict=True):
        assert after["title"].replace(ZWSP, "") == before["title"]
        assert after["text"].replace(ZWSP, "") == before["text"]
        assert re.findall(r"<[^>]*>|&\w+;", after["text"]) == re.findall(
            r"<[^>]*>|&\w+;", before["text"]
        )
    # Thai runs end at spaces, parentheses and Latin text, which keep their neighbours.
    assert f"ของ{ZWSP}ลูกค้า (PDPA) &amp; อื่น ๆ</p>" in segmented["docs"][0]["text"]


def test_combinations_sit_in_hidden_fields(segmented: dict[str, Any]) -> None:
    privacy, cookies, _ = segmented["docs"]
    compounds = privacy["text_compounds"].split(" ")
    assert "ข้อมูลส่วนบุคคล" in compounds  # two words
    assert "คุ้มครองข้อมูลส่วนบุคคล" in compounds  # three words
    assert "การคุ้มครองข้อมูลส่วนบุคคล" not in compounds  # four: only the whole run is longer
    assert PRIVACY in compounds
    assert len(compounds) == len(set(compounds))
    assert cookies["title_compounds"] == "นโยบายคุกกี้"
    assert cookies["tags"] == ["นโยบาย"]


def test_config_declares_the_hidden_fields_with_the_boost_of_their_source(
    segmented: dict[str, Any],
) -> None:
    fields = segmented["config"]["fields"]
    assert fields["title_compounds"] == {"boost": 1000.0}
    assert fields["text_compounds"] == {"boost": 1.0}
    assert set(COMPOUND_FIELDS.values()) <= set(fields)
    theme_fields = THEME_CONFIG["fields"]
    assert {name: fields[name] for name in theme_fields} == theme_fields


def test_separator_splits_on_zero_width_space(segmented: dict[str, Any]) -> None:
    assert segmented["config"]["separator"] == SEPARATOR
    assert re.split(SEPARATOR, f"a b-c{ZWSP}d \u00a0{ZWSP}e") == ["a", "b", "c", "d", "e"]


@pytest.mark.parametrize(
    ("configured", "written"),
    [
        (SEPARATOR, SEPARATOR),
        (r"[\s\u200b]+", r"[\s\u200b]+"),
        (r"[\s\-,:!=\[\]()\"/]+|\.(?!\d)", r"[\s\-,:!=\[\]()\"/]+|\.(?!\d)|\u200b"),
        (None, SEPARATOR),
    ],
)
def test_a_configured_separator_is_kept_and_extended(configured: str | None, written: str) -> None:
    index = thai_index()
    index["config"]["separator"] = configured
    assert segment_index(index, thai_words)["config"]["separator"] == written


def test_english_passes_through_unchanged(segmented: dict[str, Any]) -> None:
    assert segmented["docs"][2] == ENGLISH_DOC
    english = {"config": copy.deepcopy(THEME_CONFIG), "docs": [ENGLISH_DOC]}
    assert segment_index(english, thai_words) == english


def test_the_input_is_not_changed() -> None:
    index = thai_index()
    segment_index(index, thai_words)
    assert index == thai_index()


def test_segmenting_twice_changes_nothing(segmented: dict[str, Any]) -> None:
    assert segment_index(segmented, thai_words) == segmented


def test_a_segmenter_that_loses_characters_leaves_the_text_alone() -> None:
    lossy = segment_index(thai_index(), lambda text: [text[:2], text[3:]])
    assert lossy["docs"][1]["text"] == f"<p>{COOKIES}</p>"


def test_a_segmenter_that_cuts_a_character_cluster_does_not_split_it() -> None:
    # "คุกกี้" cut before its tone mark: a zero-width space there would show as a dotted circle.
    index = {
        "config": copy.deepcopy(THEME_CONFIG),
        "docs": [{"location": "", "title": "คุกกี้", "text": ""}],
    }
    cut = segment_index(index, lambda text: ["คุก", "กี", "\u0e49"] if text == "คุกกี้" else [text])
    assert cut["docs"][0]["title"] == f"คุก{ZWSP}กี้"


def test_segment_index_file_writes_compact_utf8(tmp_path: Path) -> None:
    path = tmp_path / "search_index.json"
    path.write_text(json.dumps(thai_index(), separators=(",", ":")), encoding="utf-8")
    segment_index_file(path, thai_words)
    data = path.read_bytes().decode("utf-8")
    assert "คุกกี้" in data and "\\u0e" not in data and ": " not in data
    assert json.loads(data) == segment_index(thai_index(), thai_words)
    keys = ["location", "title", "text", "title_compounds", "text_compounds"]
    assert list(json.loads(data)["docs"][0]) == keys  # the theme's order, ours after it
    first = path.read_bytes()
    segment_index_file(path, thai_words)
    assert path.read_bytes() == first


# The theme's worker, run in a node `vm` context that stands in for the web worker's global scope.
HARNESS = r"""
const fs = require("fs"), path = require("path"), vm = require("vm");
const [worker, lunrDir] = process.argv.slice(1);
const input = JSON.parse(fs.readFileSync(0, "utf8"));
let handler; const out = [];
const ctx = {
  console, addEventListener: (_, f) => { handler = f; }, postMessage: m => out.push(m)
};
ctx.self = ctx;
ctx.importScripts = (...urls) => {
  for (const url of urls) {
    const file = path.join(lunrDir, url.replace(/^\.\.\/lunr\//, ""));
    vm.runInContext(fs.readFileSync(file, "utf8"), ctx);
  }
};
vm.createContext(ctx);
vm.runInContext(fs.readFileSync(worker, "utf8"), ctx);
(async () => {
  const reply = async n => { while (out.length < n) await new Promise(r => setTimeout(r, 1)); };
  const { config, docs } = input.index;
  handler({ data: { type: 0, data: { config, docs, options: { suggest: false } } } });
  await reply(1);
  const results = {};
  for (const [i, query] of input.queries.entries()) {
    handler({ data: { type: 2, data: query } });
    await reply(i + 2);
    results[query] = out[i + 1].data.items.flat().filter(item => item.score > 0);
  }
  process.stdout.write(JSON.stringify(results));
})();
"""

ASSETS = Path(material.__file__).parent / "templates" / "assets" / "javascripts"


def run_worker(index: dict[str, Any], queries: list[str]) -> dict[str, list[dict[str, Any]]]:
    node = shutil.which("node")
    workers = sorted((ASSETS / "workers").glob("search.*.min.js"))
    if node is None or not workers:
        pytest.skip("needs node and mkdocs-material's search worker")
    result = subprocess.run(
        [node, "-e", HARNESS, str(workers[0]), str(ASSETS / "lunr")],
        input=json.dumps({"index": index, "queries": queries}),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout)


@functools.cache
def real_worker_results() -> tuple[dict[str, Any], dict[str, Any]]:
    queries = [*QUERIES, "นโยบายคุกกี้", PRIVACY, "sharing"]
    segmented = segment_index(thai_index(), thai_words)
    return run_worker(thai_index(), queries), run_worker(segmented, queries)


def test_the_real_worker_finds_thai_words_only_after_segmentation() -> None:
    before, after = real_worker_results()
    for query in QUERIES:
        assert before[query] == [], query
        assert after[query], query
    # Unchanged for what was found before: a whole phrase, and English.
    for query in [PRIVACY, "sharing"]:
        assert [r["location"] for r in before[query]] == [r["location"] for r in after[query]]


def test_the_real_worker_ranks_a_compound_in_a_title_first() -> None:
    _, after = real_worker_results()
    found = [r["location"] for r in after["นโยบายคุกกี้"]]
    assert found[0] == "th/cookie-policy/"


def test_the_real_worker_highlights_words_in_the_shown_fields() -> None:
    _, after = real_worker_results()
    (cookies,) = [r for r in after["คุกกี้"] if r["location"] == "th/cookie-policy/"]
    assert cookies["title"] == f"นโยบาย{ZWSP}<mark>คุกกี้</mark>"
    assert f"<mark>คุกกี้</mark>{ZWSP}ของ" in cookies["text"]


def test_the_locales_whose_search_index_is_segmented():
    """The plugin asks here (no locale written into it): Thai, in any spelling of its code."""
    assert [needs_segmentation(lc) for lc in ("th", "th_TH", "th-TH", "TH")] == [True] * 4
    assert [needs_segmentation(lc) for lc in ("en", "en_TH", "tha", "")] == [False] * 4
