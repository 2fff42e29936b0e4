"""Word tokens for redlines and the Thai search index.

A redline is only readable when insertions and deletions start and end on whole words, so the
diff works on tokens from here: words, single punctuation characters and whitespace runs, whose
concatenation is exactly the input. Thai is written without spaces between words, so Thai runs are
segmented with PyThaiNLP's dictionary segmenter.

Engine choice, measured on this machine (2 cores, shared) with the formal policy Thai of
`benchmarks/diff_bench.py`, segmenting each space-delimited Thai run separately as `tokenize` does
(193 runs in 14 KB, 13,786 runs in 1 MB):

==============================  =========  =========
text                            newmm      nlpo3
==============================  =========  =========
first call (dictionary load)    0.45 s     0.10 s
14 KB, per run                  5.8 ms     1.9 ms
1 MB, per run                   423 ms     131 ms
1 MB, whole text in one call    2.13 s     0.13 s
==============================  =========  =========

Both gave identical words for every distinct run (nlpo3 is a Rust port of newmm and PyThaiNLP
ships the dictionary both use, so it works offline). nlpo3 is ~3x faster, so it is used when
importable; newmm is the fallback. Segmentation still happens per Thai run, never per document:
newmm is super-linear on long text (2.13 s whole against 0.42 s per run, above).
"""

from __future__ import annotations

import functools
import re

__all__ = ["is_word", "thai_engine", "thai_words", "tokenize"]

# A Thai run is the Thai block (letters, vowels, tone marks, Thai digits, ฯ, ๆ); everything else
# is tokenized by the regular expression below.
_THAI_RUN = re.compile(r"([\u0E00-\u0E7F]+)")

# Order matters: whitespace, then decimal numbers (1,000.50) before plain words so the separators
# stay inside the number, then words with inner apostrophes (Cybozu’s, don't), then any single
# other character. Combining accents (U+0300–U+036F) belong to the letter they follow.
_TOKEN = re.compile(
    r"\s+"
    r"|(?:\d+(?:[.,]\d+)+|[\w\u0300-\u036f]+)(?:['’][\w\u0300-\u036f]+)*"
    r"|.",
    re.DOTALL,
)


def _pick_engine() -> str:
    """Prefer nlpo3 (see the module docstring); fall back to newmm when it cannot load."""
    from pythainlp.tokenize import word_tokenize

    try:
        works = word_tokenize("ทดสอบ", engine="nlpo3") == ["ทดสอบ"]
    except Exception:  # missing wheel, missing dictionary: any failure means "use newmm"
        works = False
    return "nlpo3" if works else "newmm"


@functools.cache
def thai_engine() -> str:
    """Name the PyThaiNLP engine in use ("nlpo3" or "newmm"), chosen on first use."""
    # Deferred so that importing this module does not load a dictionary.
    return _pick_engine()


@functools.lru_cache(maxsize=65536)
def _segment_thai(run: str) -> tuple[str, ...]:
    """Segment one Thai run; cached because rebuilds see the same clauses again and again."""
    from pythainlp.tokenize import word_tokenize

    words = word_tokenize(run, engine=thai_engine(), keep_whitespace=True, join_broken_num=False)
    # The diff relies on tokens concatenating back to the input; never trust that blindly.
    if "".join(words) != run:
        return (run,)
    return tuple(w for w in words if w)


def tokenize(text: str, locale: str = "en") -> list[str]:
    """Split text into word, punctuation and whitespace tokens whose concatenation is `text`.

    Thai runs are segmented into dictionary words whatever the locale, since an English policy may
    quote Thai and a Thai one is full of English names; `locale` is kept for languages to come.
    """
    del locale  # no locale needs different rules yet
    tokens: list[str] = []
    for i, part in enumerate(_THAI_RUN.split(text)):
        if not part:
            continue
        if i % 2:
            tokens.extend(_segment_thai(part))
        else:
            tokens.extend(_TOKEN.findall(part))
    return tokens


def thai_words(text: str) -> list[str]:
    """Return the Thai words of `text` in order (no whitespace, no non-Thai text), for search."""
    words: list[str] = []
    for run in _THAI_RUN.findall(text):
        words.extend(w for w in _segment_thai(run) if not w.isspace())
    return words


def is_word(token: str) -> bool:
    """Tell whether a token counts as a word (it has a letter or digit), for change statistics."""
    return any(c.isalnum() for c in token)
