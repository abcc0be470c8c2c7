"""Tokens, stems, stopwords and content n-grams shared by every stage that counts words."""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Sequence, Set
from functools import lru_cache
from typing import TypeVar

import numpy as np
import Stemmer
from scipy.sparse import csr_matrix

# Lowercased word tokens; apostrophes inside words are kept ("didn't", "Erdogan's").
_WORD_RE = re.compile(r"[a-z0-9]+(?:['’][a-z]+)*")

# A short list we own: function words plus reporting verbs ("said"), which carry no
# content in a sentence's unigram features. Long lists (570 words) also drop words
# news needs, like "new" and "year". Bigram concepts are dropped only when *both*
# words are stopwords, so "Kuleba said" stays a concept.
STOPWORDS: frozenset[str] = frozenset(
    """
    a about above after again against all also am an and any are aren't as at be because been
    before being below between both but by can can't cannot could couldn't did didn't do does
    doesn't doing don't down during each few for from further had hadn't has hasn't have haven't
    having he he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll
    i'm i've if in into is isn't it it's its itself let's me more most mustn't my myself no nor
    not of off on once only or other ought our ours ourselves out over own same shan't she she'd
    she'll she's should shouldn't so some such than that that's the their theirs them themselves
    then there there's these they they'd they'll they're they've this those through to too under
    until up very was wasn't we we'd we'll we're we've were weren't what what's when when's
    where where's which while who who's whom why why's will with won't would wouldn't you you'd
    you'll you're you've your yours yourself yourselves s t said says say will would could may
    might just also mr mrs ms one two like even still since yet however per via among
    """.split()
)

_STEMMER = Stemmer.Stemmer("english")

T = TypeVar("T", bound=Hashable)


def words(text: str) -> list[str]:
    """Lowercased word tokens with punctuation removed and possessive 's dropped."""
    low = text.lower().replace("’", "'")
    toks = _WORD_RE.findall(low)
    if "'s" not in low:  # most sentences: no token to cut
        return toks
    return [w[:-2] if w.endswith("'s") else w for w in toks]


# Characters that a case-blind regex matches to an ASCII letter though lowering does not
# give that letter (dotless i, dotted capital I, long s, the Kelvin sign), and that letter.
ASCII_LOOKALIKES: dict[str, str] = {"\u0131": "i", "\u0130": "i", "\u017f": "s", "\u212a": "k"}
_LOOKALIKE_TABLE = str.maketrans(ASCII_LOOKALIKES)
_CASE_ODD_RE = re.compile(f"[{''.join(ASCII_LOOKALIKES)}]")


def folded(word: str) -> str:
    """``word`` lowercased, its ASCII look-alikes ("tonıght", "laſt") as the letters a
    case-blind regex took them for."""
    return word.translate(_LOOKALIKE_TABLE).lower()


def lowered_for_words(text: str) -> str | None:
    """``text.lower()``, where an ASCII word that a case-blind regex matches in ``text`` is
    found as a substring (the cheap test before such a regex: no word, no match); None
    when ``text`` holds a character that breaks this (then there is no test)."""
    return None if _CASE_ODD_RE.search(text) else text.lower()


def holds_any(lowered: str | None, words: Iterable[str]) -> bool:
    """Whether a ``lowered_for_words`` text holds any of ``words`` (lowercase ASCII); True
    where there is no test."""
    return lowered is None or any(word in lowered for word in words)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return str(_STEMMER.stemWord(word))


def stems(text: str) -> list[str]:
    return [stem(w) for w in words(text)]


def is_stopword(word: str) -> bool:
    return word in STOPWORDS


def content_words(text: str) -> list[str]:
    """Stemmed words that are not stopwords (and not bare numbers of one char)."""
    return [stem(w) for w in words(text) if w not in STOPWORDS and len(w) > 1]


def content_features(text: str) -> tuple[list[str], list[tuple[str, str]]]:
    """``content_words(text)`` and the sentence's concept bigrams, from one tokenization.

    Bigrams are of stemmed words over the whole sentence, dropped only when both words
    are stopwords. Punctuation is removed first, so a bigram may span a comma, as
    ROUGE's do.
    """
    toks = words(text)
    stemmed = list(map(stem, toks))
    stop = [w in STOPWORDS for w in toks]
    content = [
        s for w, s, is_stop in zip(toks, stemmed, stop, strict=True) if not is_stop and len(w) > 1
    ]
    pairs = zip(stemmed, stemmed[1:], stop, stop[1:], strict=False)  # each word and the next
    bigrams = [(a, b) for a, b, a_stop, b_stop in pairs if not (a_stop and b_stop)]
    return content, bigrams


def ngrams(tokens: Sequence[T], n: int) -> Iterable[tuple[T, ...]]:
    return (tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def word_shingles(tokens: Sequence[T], size: int) -> frozenset[tuple[T, ...]]:
    """The set of overlapping ``size``-grams of tokens (wire-copy and near-duplicate tests).

    A shorter, non-empty sequence is one shingle of all its tokens, so that two short
    texts still compare (as the hashed shingles of ``stories.dedup`` do); none gives none.
    """
    if len(tokens) < size:
        return frozenset((tuple(tokens),)) if tokens else frozenset()
    return frozenset(zip(*(tokens[k:] for k in range(size)), strict=False))  # ``ngrams``


def jaccard(a: Set[T], b: Set[T]) -> float:
    """|a & b| / |a | b| of two sets of anything hashable; 0 when either is empty."""
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def word_count(text: str) -> int:
    """Whitespace words, as ROUGE's length cut counts them."""
    return len(text.split())


def tfidf_matrix(docs: Sequence[Sequence[str]]) -> tuple[csr_matrix, dict[str, int]]:
    """L2-normalised tf-idf rows (sparse) for token lists; smooth idf as in scikit-learn.

    Terms are numbered in order of first appearance. Everything after numbering the
    tokens runs in numpy on the matrix's own arrays (one sparse build, no sparse
    arithmetic): these matrices are small and built per call.
    """
    vocab: dict[str, int] = {}
    ids = [vocab.setdefault(tok, len(vocab)) for toks in docs for tok in toks]
    n_rows = len(docs)
    rows = np.repeat(np.arange(n_rows), [len(toks) for toks in docs])
    matrix = csr_matrix(
        (np.ones(len(ids)), (rows, np.asarray(ids, dtype=np.int64))),
        shape=(n_rows, max(len(vocab), 1)),
        dtype=np.float64,
    )
    matrix.sum_duplicates()  # term counts per row, column indices sorted
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    idf = np.log((1.0 + n_rows) / (1.0 + df)) + 1.0
    row_of = np.repeat(np.arange(n_rows), np.diff(matrix.indptr))
    weighted = matrix.data * idf[matrix.indices]
    norms = np.sqrt(np.bincount(row_of, weights=weighted * weighted, minlength=n_rows))
    norms[norms == 0.0] = 1.0
    matrix.data = weighted / norms[row_of]
    return matrix, vocab
