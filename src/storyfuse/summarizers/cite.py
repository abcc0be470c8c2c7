"""Order the chosen sentences and find every article that says the same thing.

A summary sentence cites its own article and each other article holding a
sentence whose tf-idf cosine with it reaches ``CITE_SIMILARITY`` and that
shares at least ``MIN_SHARED_WORDS`` content words with it. Sentences are
ordered by their article's publication time (undated articles after dated
ones, in load order), then by position, so a sentence stays next to the one
it continues.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from storyfuse.summarizers.corpus import Corpus, Unit, chronological_key
from storyfuse.textstats import tfidf_matrix
from storyfuse.types import SummaryItem

CITE_SIMILARITY = 0.45
MIN_SHARED_WORDS = 3


def order_units(corpus: Corpus, units: Sequence[Unit]) -> list[Unit]:
    keys = {d: chronological_key(a, d) for d, a in enumerate(corpus.articles)}
    return sorted(units, key=lambda u: (keys[u.doc], u.position))


def supporting_docs(corpus: Corpus, units: Sequence[Unit]) -> list[tuple[int, ...]]:
    """For each unit, the articles that support it: its own, then others by time."""
    if not units:
        return []
    all_units = corpus.units
    matrix, _ = tfidf_matrix([u.stems for u in (*units, *all_units)])
    chosen, pool = matrix[: len(units)], matrix[len(units) :]
    sim = np.asarray((chosen @ pool.T).toarray())
    keys = {d: chronological_key(a, d) for d, a in enumerate(corpus.articles)}
    out: list[tuple[int, ...]] = []
    for i, unit in enumerate(units):
        stems = set(unit.stems)
        docs = {unit.doc}
        for j in np.flatnonzero(sim[i] >= CITE_SIMILARITY):
            other = all_units[int(j)]
            if other.doc in docs:
                continue
            if len(stems.intersection(other.stems)) >= MIN_SHARED_WORDS:
                docs.add(other.doc)
        others = sorted(docs - {unit.doc}, key=lambda d: keys[d])
        out.append((unit.doc, *others))
    return out


def cite(corpus: Corpus, units: Sequence[Unit]) -> tuple[SummaryItem, ...]:
    ordered = order_units(corpus, units)
    support = supporting_docs(corpus, ordered)
    return tuple(
        SummaryItem(
            sentence=unit.sentence,
            supporting=tuple(corpus.articles[d].id for d in docs),
        )
        for unit, docs in zip(ordered, support, strict=True)
    )
