"""Word tokens (lowercased, punctuation gone, contractions kept, possessive 's dropped)
and the content words, bigrams and tf-idf rows built on them."""

from __future__ import annotations

import math
import re
import sys
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest

from storyfuse.samples import sample_dir
from storyfuse.text.textstats import (
    STOPWORDS,
    content_features,
    content_words,
    holds_any,
    jaccard,
    lowered_for_words,
    stem,
    tfidf_matrix,
    word_shingles,
    words,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Mayor's office, at 9:30!", ["the", "mayor", "office", "at", "9", "30"]),
        ("Erdogan’s aides didn’t comment", ["erdogan", "aides", "didn't", "comment"]),
        ("rock'n'roll's fans", ["rock'n'roll", "fans"]),
        ("the 's alone and its", ["the", "s", "alone", "and", "its"]),
        ("", []),
    ],
)
def test_words(text: str, expected: list[str]) -> None:
    assert words(text) == expected


def _reference_features(text: str) -> tuple[list[str], list[tuple[str, str]]]:
    """Content words and bigrams the plain way: one pass each, as they were first written."""
    toks = words(text)
    content = [stem(w) for w in toks if w not in STOPWORDS and len(w) > 1]
    bigrams = [
        (stem(a), stem(b)) for a, b in pairwise(toks) if not (a in STOPWORDS and b in STOPWORDS)
    ]
    return content, bigrams


@pytest.mark.parametrize(
    ("text", "expected_bigrams"),
    [
        ("The mayor said it was over.", [("the", "mayor"), ("mayor", "said")]),
        ("Kuleba said, in Kyiv.", [("kuleba", "said"), ("in", "kyiv")]),
        ("of the", []),
        ("Floods", []),
        ("", []),
    ],
)
def test_content_features_bigrams(text: str, expected_bigrams: list[tuple[str, str]]) -> None:
    content, bigrams = content_features(text)
    assert bigrams == expected_bigrams
    assert content == content_words(text)


def test_content_features_match_the_plain_way_on_the_sample_and_the_seeds(
    seeds_dir: Path,
) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(sample_dir().rglob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    lines = [line for text in texts for line in text.splitlines() if line.strip()]
    assert len(lines) > 100
    for line in lines:
        assert content_features(line) == _reference_features(line), line


def test_tfidf_matrix_by_hand() -> None:
    matrix, vocab = tfidf_matrix([["a", "b", "a"], ["b"], []])
    assert vocab == {"a": 0, "b": 1}
    idf_a = math.log(4 / 2) + 1  # smooth idf: ln((1 + n) / (1 + df)) + 1, n = 3 rows
    idf_b = math.log(4 / 3) + 1
    norm = math.hypot(2 * idf_a, idf_b)
    expected = [[2 * idf_a / norm, idf_b / norm], [0.0, 1.0], [0.0, 0.0]]
    assert matrix.toarray() == pytest.approx(np.array(expected))
    assert tfidf_matrix([])[0].shape == (0, 1)


def test_word_shingles_and_jaccard() -> None:
    a = word_shingles(words("one two three four five six"), 5)
    assert a == {("one", "two", "three", "four", "five"), ("two", "three", "four", "five", "six")}
    assert jaccard(a, a) == 1.0
    b = word_shingles(words("one two three four five seven"), 5)
    assert jaccard(a, b) == pytest.approx(1 / 3)
    assert jaccard(a, frozenset()) == 0.0
    assert jaccard(frozenset(), frozenset()) == 0.0


def test_a_short_text_is_one_shingle() -> None:
    assert word_shingles(["too", "short"], 5) == {("too", "short")}
    assert word_shingles([], 5) == frozenset()


def test_jaccard_takes_any_hashable_sets() -> None:
    assert jaccard({1, 2, 3}, {2, 3, 4}) == pytest.approx(2 / 4)
    assert jaccard(frozenset({"a"}), {"a"}) == 1.0


def test_lowered_for_words_refuses_every_character_a_case_blind_regex_reads_as_ascii() -> None:
    ascii_letter = re.compile("[a-z]", re.IGNORECASE)
    taken = [
        chr(code)
        for code in range(0x80, sys.maxunicode + 1)
        if ascii_letter.fullmatch(chr(code)) and not chr(code).lower().isascii()
    ]
    assert taken  # the Kelvin sign "K" matches "k", the long s "ſ" matches "s"
    assert all(lowered_for_words(f"week{char}day") is None for char in taken)
    lowered = lowered_for_words("Talks in Türkiye ended LAST WEEK")
    assert lowered == "talks in türkiye ended last week"


def test_holds_any_finds_words_and_passes_what_it_cannot_test() -> None:
    assert holds_any(lowered_for_words("They met LAST WEEK."), ("week",))
    assert not holds_any(lowered_for_words("They met in Antalya."), ("week", "day"))
    assert holds_any(lowered_for_words("They met laſt month."), ("week",))  # no test: True
