"""Cheap features of a story's concepts (stemmed content bigrams), for learned weights.

One pass over the story's sentences gives, for each bigram, what a model needs to guess
whether editors would keep it: how many articles and sentences hold it, where it first
occurs in them, whether it is in a title or a lead, whether it holds a number, whether
its sentences report or announce (``text.state``), how late in the story its articles
come, and how central those articles are to the story. ``concept_features`` returns the
concepts in first-seen order with one row of ``FEATURES`` each; the fitted model over
them is ``summarizers.learned``, and ``storyfuse train-weights`` fits it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from storyfuse.text.corpus import Corpus, chronological_key
from storyfuse.text.state import announces, preview_docs
from storyfuse.text.textstats import content_features, tfidf_matrix

Concept = tuple[str, str]

_DIGIT_RE = re.compile(r"\d")

LEAD_SENTENCES = 2  # an article's lead, as the hand-set weights count it
HANDSET_LEAD_BONUS = 2.0  # the hand-set weight's lead bonus, one feature among the rest
MIDDLE_RANK = 0.5  # an article's place in time when the story has a single article

# The columns of ``ConceptTable.features``, in order; the fitted coefficients name them.
FEATURES: tuple[str, ...] = (
    "doc_fraction",  # articles holding it / articles
    "log_docs",  # log(1 + articles holding it)
    "log_count",  # log(1 + occurrences)
    "lead_fraction",  # articles with it in their lead / articles
    "log_first_position",  # log(1 + earliest sentence index it occurs at)
    "mean_first_relative",  # mean over its articles of first position / article length
    "has_number",  # a digit in either word
    "preview_fraction",  # share of its sentences in preview articles
    "announce_fraction",  # share of its sentences that announce (still to come)
    "mean_lateness",  # mean place in time of its articles (0 first, 1 last)
    "mean_centrality",  # mean centrality of its articles (1 = the most central)
    "log_articles",  # log(articles in the story): the same for every concept
    "handset",  # the hand-set weight (articles + lead bonus) / articles
    "title_fraction",  # articles whose title holds it / articles
    "sentence_fraction",  # sentences holding it / sentences
)


@dataclass(frozen=True, slots=True)
class ConceptTable:
    """A story's concepts, first seen first, and their feature rows (``FEATURES``)."""

    concepts: tuple[Concept, ...]
    features: np.ndarray  # shape (len(concepts), len(FEATURES))


def doc_centrality(corpus: Corpus) -> list[float]:
    """Each article's tf-idf cosine with the story's centroid, the highest scaled to 1.

    Centroid: the sum of the articles' unit-length tf-idf vectors over stemmed content
    words (``tfidf_matrix``). The article nearest it is the one whose lead carries most of
    the story.
    """
    words: list[list[str]] = [[] for _ in range(corpus.n_docs)]
    for unit in corpus.units:
        words[unit.doc].extend(unit.stems)
    if not words:
        return []
    matrix, _ = tfidf_matrix(words)
    centroid = np.asarray(matrix.sum(axis=0)).ravel()
    norm = float(np.linalg.norm(centroid)) or 1.0
    cosines = (matrix @ centroid) / norm
    top = float(cosines.max())
    return [float(c) / top if top > 0 else 1.0 for c in cosines]


def doc_lateness(corpus: Corpus) -> list[float]:
    """Each article's place in time, 0 for the first and 1 for the last (dated first,
    then undated ones in load order, as ``chronological_key`` orders them)."""
    n = corpus.n_docs
    if n == 1:  # a single article has no before or after
        return [MIDDLE_RANK] * n
    keys: list[tuple[int, datetime, int]] = [
        chronological_key(a, d) for d, a in enumerate(corpus.articles)
    ]
    order = sorted(range(n), key=keys.__getitem__)
    rank = [0.0] * n
    for place, doc in enumerate(order):
        rank[doc] = place / (n - 1)
    return rank


def concept_features(corpus: Corpus) -> ConceptTable:
    """The feature row of every concept of the story (all its sentences, not only the
    summary candidates): one pass over the sentences, then whole columns at once."""
    n_docs = max(corpus.n_docs, 1)
    previews = preview_docs(corpus)
    titles = [
        frozenset(content_features(a.title)[1]) if a.title else frozenset()
        for a in corpus.articles
    ]
    index: dict[Concept, int] = {}  # concept -> its row, first seen first
    occurrences: list[int] = []  # a row per occurrence of a concept
    in_sentence: list[int] = []  # a row per sentence holding the concept ...
    sentence_flags: list[tuple[bool, bool]] = []  # ... whether it announces, is in a preview
    pair_of: dict[tuple[int, int], int] = {}  # (row, article) -> its pair
    pair_row: list[int] = []
    pair_doc: list[int] = []
    pair_first: list[int] = []  # where in the article the concept first occurs
    for unit in corpus.units:
        if not unit.bigrams:
            continue
        rows = [index.setdefault(c, len(index)) for c in unit.bigrams]
        occurrences.extend(rows)
        flags = (announces(unit.sentence.text), unit.doc in previews)
        for row in dict.fromkeys(rows):
            in_sentence.append(row)
            sentence_flags.append(flags)
            key = (row, unit.doc)
            if key not in pair_of:
                pair_of[key] = len(pair_row)
                pair_row.append(row)
                pair_doc.append(unit.doc)
                pair_first.append(unit.position)
    concepts = tuple(index)
    n = len(concepts)
    if n == 0:
        return ConceptTable(concepts=(), features=np.zeros((0, len(FEATURES))))

    def per_concept(rows: list[int] | np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        return np.bincount(rows, weights=weights, minlength=n).astype(np.float64)

    count = per_concept(occurrences)
    flags_array = np.array(sentence_flags, dtype=np.float64).reshape(-1, 2)
    sentences = per_concept(in_sentence)
    announcing = per_concept(in_sentence, flags_array[:, 0])
    in_preview = per_concept(in_sentence, flags_array[:, 1])
    p_row = np.array(pair_row)
    p_doc = np.array(pair_doc)
    p_first = np.array(pair_first, dtype=np.float64)
    doc_sizes = np.bincount([u.doc for u in corpus.units], minlength=corpus.n_docs)
    n_with = per_concept(p_row)
    lead = per_concept(p_row, (p_first < LEAD_SENTENCES).astype(np.float64))
    first = np.full(n, np.inf)
    np.minimum.at(first, p_row, p_first)
    relative = per_concept(p_row, p_first / doc_sizes[p_doc])
    lateness = per_concept(p_row, np.array(doc_lateness(corpus))[p_doc])
    centrality = per_concept(p_row, np.array(doc_centrality(corpus))[p_doc])
    if any(titles):
        in_title = [concepts[r] in titles[d] for r, d in zip(pair_row, pair_doc, strict=True)]
        titled = per_concept(p_row, np.array(in_title, dtype=np.float64))
    else:
        titled = np.zeros(n)
    words = {w for concept in concepts for w in concept}
    numeric = {w for w in words if _DIGIT_RE.search(w)}
    columns = {
        "doc_fraction": n_with / n_docs,
        "log_docs": np.log1p(n_with),
        "log_count": np.log1p(count),
        "lead_fraction": lead / n_docs,
        "log_first_position": np.log1p(first),
        "mean_first_relative": relative / n_with,
        "has_number": np.array([a in numeric or b in numeric for a, b in concepts], dtype=float),
        "preview_fraction": in_preview / sentences,
        "announce_fraction": announcing / sentences,
        "mean_lateness": lateness / n_with,
        "mean_centrality": centrality / n_with,
        "log_articles": np.full(n, math.log(n_docs)),
        "handset": (n_with + HANDSET_LEAD_BONUS * lead) / n_docs,
        "title_fraction": titled / n_docs,
        "sentence_fraction": sentences / max(len(corpus.units), 1),
    }
    return ConceptTable(concepts=concepts, features=np.column_stack([columns[f] for f in FEATURES]))
