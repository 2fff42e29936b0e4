"""Word tokens: what a redline may mark as one unit, in English and in Thai."""

from __future__ import annotations

import pytest
from pythainlp.tokenize import word_tokenize

from redline.text import words
from redline.text.words import is_word, thai_engine, thai_words, tokenize

THAI_SENTENCE = "บริษัทจะเก็บรวบรวมข้อมูลส่วนบุคคลของท่านเท่าที่จำเป็นตามวัตถุประสงค์ที่แจ้งไว้"

SAMPLES = [
    "",
    "We collect your name.",
    "Cybozu’s affiliates don't sell 1,000.50 records (see §3.2).\n\n  Next   line\t",
    THAI_SENTENCE,
    "บริษัท Cybozu จำกัด ได้รับข้อมูล 3 รายการ ฯลฯ ๑๒๓",
    "café naïve résumé e\u0301 — emoji 👩‍💻 and a\u00a0non-breaking space",
]


@pytest.mark.parametrize("text", SAMPLES)
@pytest.mark.parametrize("locale", ["en", "th"])
def test_tokens_concatenate_to_the_text(text: str, locale: str) -> None:
    tokens = tokenize(text, locale)
    assert "".join(tokens) == text
    assert all(tokens), "no empty tokens"


def test_english_words_punctuation_and_whitespace() -> None:
    assert tokenize("We share Cybozu’s data, don't we?  Yes.", "en") == [
        "We", " ", "share", " ", "Cybozu’s", " ", "data", ",", " ",
        "don't", " ", "we", "?", "  ", "Yes", ".",
    ]  # fmt: skip


def test_decimal_numbers_are_one_token_but_a_clause_number_is_not() -> None:
    assert tokenize("1,000.50 yen", "en") == ["1,000.50", " ", "yen"]
    assert tokenize("3. Sharing", "en") == ["3", ".", " ", "Sharing"]
    assert tokenize("Section 5.2 applies.", "en") == ["Section", " ", "5.2", " ", "applies", "."]


def test_combining_accents_stay_with_their_letter() -> None:
    assert tokenize("cafe\u0301 au lait", "en")[0] == "cafe\u0301"


def test_thai_words_are_dictionary_words_never_split() -> None:
    tokens = tokenize(THAI_SENTENCE, "th")
    assert tokens == word_tokenize(THAI_SENTENCE, engine=thai_engine())
    assert "ข้อมูล" in tokens and "ส่วนบุคคล" in tokens
    assert "ข้อ" not in tokens  # ข้อมูล is not cut into ข้อ + มูล


def test_thai_inside_english_and_english_inside_thai() -> None:
    assert tokenize("The company (บริษัทในเครือ) agrees.", "en") == [
        "The", " ", "company", " ", "(", "บริษัท", "ในเครือ", ")", " ", "agrees", ".",
    ]  # fmt: skip
    assert tokenize("บริษัท Cybozu จำกัด", "th") == ["บริษัท", " ", "Cybozu", " ", "จำกัด"]


def test_thai_words_for_search_have_no_spaces_and_no_english() -> None:
    assert thai_words("ข้อมูลส่วนบุคคล ของท่าน Cybozu 2024") == [
        "ข้อมูล", "ส่วนบุคคล", "ของ", "ท่าน",
    ]  # fmt: skip
    assert thai_words("English only") == []


def test_thai_engine_is_the_fast_one_when_installed() -> None:
    pytest.importorskip("nlpo3")
    assert thai_engine() == "nlpo3"


def test_thai_runs_are_segmented_once_and_remembered() -> None:
    run = "การเปลี่ยนแปลงนโยบายความเป็นส่วนตัวฉบับนี้"
    words._segment_thai.cache_clear()
    tokenize(run, "th")
    misses = words._segment_thai.cache_info().misses
    tokenize(f"{run} และ {run}", "th")
    info = words._segment_thai.cache_info()
    assert info.misses == misses + 1  # only the new run "และ" was segmented
    assert info.hits >= 2


def test_is_word_counts_letters_and_digits_only() -> None:
    assert is_word("Cybozu’s") and is_word("2024") and is_word("ข้อมูล")
    assert not is_word(" ") and not is_word(",") and not is_word("—")
