"""Thai word segmentation for mkdocs-material's search index.

mkdocs-material's search worker replaces lunr's Thai tokenizer with its own, which splits a field
only on the configured ``separator`` regex (spaces and hyphens by default). Thai is written without
spaces between words, so a Thai phrase becomes one token and a word inside it is never found:
the query ``คุกกี้`` (a trailing ``*`` is added by the worker) misses ``นโยบายคุกกี้ของเว็บไซต์``.

:func:`segment_index` rewrites the built index so the unchanged worker finds such words:

- every Thai run in ``title`` and ``text`` gets a zero-width space (U+200B) between its words, and
  the index's ``separator`` splits on U+200B (:data:`SEPARATOR`). The space is invisible in the
  result preview, where it is also a proper line-break opportunity for Thai;
- the two- and three-word combinations of consecutive words of each run, and the whole run, go
  into extra fields (:data:`COMPOUND_FIELDS`), declared in the index's ``config.fields``. The worker
  indexes every field listed there, but its result template renders only ``title``, ``text`` and
  ``tags``, so the combinations are searchable and never shown. A compound the segmenter splits
  (``ข้อมูล|ส่วนบุคคล``) is then still found, as is a whole phrase pasted from the page.

Each combination field carries the boost of the field it comes from, so a compound in a title
ranks like a word in a title.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from redline.text.words import thai_words

from .cache import Cache

__all__ = [
    "COMPOUND_FIELDS",
    "SEGMENTED_LANGUAGES",
    "SEPARATOR",
    "ZWSP",
    "needs_segmentation",
    "segment_index",
    "segment_index_file",
    "segment_search_index",
]

#: The search ``separator`` to configure: mkdocs-material's default plus the zero-width space.
SEPARATOR = r"[\s\-\u200b]+"

#: Languages written without spaces between words, whose search index is segmented here.
SEGMENTED_LANGUAGES = frozenset({"th"})

#: The zero-width space put between Thai words.
ZWSP = "\u200b"

#: Segmented field -> the hidden field holding its word combinations.
COMPOUND_FIELDS = {"title": "title_compounds", "text": "text_compounds"}

# The theme's own defaults (material/plugins/search/plugin.py), used when an index lacks them.
_DEFAULT_BOOSTS = {"title": 1e3, "text": 1e0}
_DEFAULT_SEPARATOR = r"[\s\-]+"

# A Thai run may already contain zero-width spaces (authors use them as line-break hints, and a
# second pass meets our own): they are part of the run, so segmenting again gives the same result.
_THAI_RUN = re.compile(r"[\u0e00-\u0e7f]+(?:\u200b+[\u0e00-\u0e7f]+)*")

# The worker's extractor treats everything from "<" to ">" as markup; so do we.
_TAG = re.compile(r"(<[^>]*>)")

_LONGEST_COMBINATION = 3

Words = Callable[[str], list[str]]


def segment_index(index: dict[str, Any], words: Words) -> dict[str, Any]:
    """Return a copy of a search index with Thai words separated and their combinations added.

    ``words`` splits a run of Thai text into words (``text.words.thai_words``, or pythainlp's
    ``word_tokenize(text, engine="newmm", keep_whitespace=False)``). Documents without Thai text
    are copied unchanged; so is the configuration when no document has Thai text. Segmenting an
    already segmented index changes nothing.
    """
    segmenter = _Segmenter(words)
    docs = [_segment_doc(doc, segmenter) for doc in index.get("docs", [])]
    result = {**index, "docs": docs}
    if segmenter.found_thai:
        result["config"] = _segmented_config(index.get("config", {}))
    return result


def segment_index_file(path: Path, words: Words) -> None:
    """Rewrite a ``search_index.json`` in place with :func:`segment_index`.

    The file is written the way the theme writes it (compact, keys in their order), but as UTF-8
    rather than ``\\uXXXX`` escapes, which would double the size of the Thai text.
    """
    index = json.loads(path.read_text(encoding="utf-8"))
    data = json.dumps(segment_index(index, words), ensure_ascii=False, separators=(",", ":"))
    path.write_bytes(data.encode("utf-8"))


def needs_segmentation(locale: str) -> bool:
    """Whether the search index of `locale` (`th`, `th_TH`, `th-TH`) is segmented into words."""
    return locale.replace("-", "_").split("_", 1)[0].lower() in SEGMENTED_LANGUAGES


def segment_search_index(index: Path, store: Cache) -> None:
    """Segment a built search index into words in place, the words of each Thai run taken from
    the cache when it has them.

    The cache keeps words, not the index: its folder is one that anything on the machine (or a
    commit) can write to, and a cached split is used only where its words join back into the
    run, so a planted entry can at most split Thai text differently, never bring markup into the
    index that search results display.
    """
    key = store.key("search-words", hashlib.sha256(index.read_bytes()).hexdigest())
    cached = store.get("search-words", key)
    known: dict[str, list[str]] = {
        run: parts
        for run, parts in (cached.items() if isinstance(cached, dict) else ())
        if isinstance(parts, list)
        and all(isinstance(part, str) for part in parts)
        and "".join(parts) == run
    }
    fresh: dict[str, list[str]] = {}

    def words(run: str) -> list[str]:
        if run in known:
            return known[run]
        fresh[run] = thai_words(run)
        return fresh[run]

    segment_index_file(index, words)
    if fresh:
        store.put("search-words", key, {**known, **fresh})


class _Segmenter:
    """Segments Thai runs, caching by run: section titles and phrases repeat across documents."""

    def __init__(self, words: Words) -> None:
        self._words = words
        self._cache: dict[str, list[str]] = {}
        self.found_thai = False

    def split(self, run: str) -> list[str]:
        """The words of a Thai run, or the run alone if ``words`` does not give it back intact."""
        self.found_thai = True
        plain = run.replace(ZWSP, "")
        if plain not in self._cache:
            parts = _whole_clusters([word for word in self._words(plain) if word])
            # A segmenter that drops or alters characters would corrupt the shown preview.
            self._cache[plain] = parts if "".join(parts) == plain else [plain]
        return self._cache[plain]


def _whole_clusters(parts: list[str]) -> list[str]:
    """Join a part that starts with a combining vowel or tone mark to the part before it.

    A zero-width space before a combining mark shows as a dotted circle in the preview; newmm
    never cuts there, but ``words`` may be another engine.
    """
    joined: list[str] = []
    for part in parts:
        if joined and unicodedata.category(part[0]) == "Mn":
            joined[-1] += part
        else:
            joined.append(part)
    return joined


def _segment_doc(doc: dict[str, Any], segmenter: _Segmenter) -> dict[str, Any]:
    result = dict(doc)
    for field, compound_field in COMPOUND_FIELDS.items():
        result.pop(compound_field, None)
        value = doc.get(field)
        if not isinstance(value, str):
            continue
        segmented, compounds = _segment_html(value, segmenter)
        result[field] = segmented
        if compounds:
            result[compound_field] = " ".join(compounds)
    return result


def _segment_html(html: str, segmenter: _Segmenter) -> tuple[str, list[str]]:
    """Segment the text between tags; entities are ASCII and never part of a Thai run."""
    compounds: dict[str, None] = {}  # ordered set: the output must not depend on hashing

    def segment_run(match: re.Match[str]) -> str:
        run = segmenter.split(match.group())
        compounds.update(dict.fromkeys(_combinations(run)))
        return ZWSP.join(run)

    parts = _TAG.split(html)
    for i in range(0, len(parts), 2):  # even parts are text, odd ones tags
        parts[i] = _THAI_RUN.sub(segment_run, parts[i])
    return "".join(parts), list(compounds)


def _combinations(run: list[str]) -> Iterable[str]:
    """Two- and three-word combinations of consecutive words, and the whole run.

    The whole run keeps every query that found the unsegmented phrase working (a phrase pasted
    from the page); combinations of two and three words find compounds the segmenter splits.
    """
    for start in range(len(run)):
        for size in range(2, _LONGEST_COMBINATION + 1):
            if start + size <= len(run):
                yield "".join(run[start : start + size])
    if len(run) > _LONGEST_COMBINATION:
        yield "".join(run)


def _segmented_config(config: dict[str, Any]) -> dict[str, Any]:
    fields = dict(config.get("fields") or {})
    for field, compound_field in COMPOUND_FIELDS.items():
        boost = (fields.get(field) or {}).get("boost", _DEFAULT_BOOSTS[field])
        fields[compound_field] = {"boost": boost}
    return {**config, "separator": _splitting_zwsp(config.get("separator")), "fields": fields}


def _splitting_zwsp(separator: str | None) -> str:
    """The separator, extended to split on U+200B unless it already does.

    A top-level alternative is appended rather than a group wrapped around the separator: the
    theme's page highlighter splits the separator on "|" to strip lookaheads.
    """
    if not separator or separator == _DEFAULT_SEPARATOR:
        return SEPARATOR
    try:
        if any(ZWSP in m.group() for m in re.finditer(separator, f"a{ZWSP}b")):
            return separator
    except re.error:
        pass  # JavaScript-only syntax: Python cannot tell, so add the alternative anyway
    return separator + r"|\u200b"
