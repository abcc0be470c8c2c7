"""Sentence support: which sentences of other articles say what a sentence says.

A sentence is supported by each other article holding a sentence whose tf-idf cosine
with it reaches ``CITE_SIMILARITY`` and that shares at least ``MIN_SHARED_WORDS``
content words with it. Citations, agreements, differences and the pages all use this.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from storyfuse.text.corpus import Corpus, Unit, chronological_key
from storyfuse.text.textstats import tfidf_matrix
from storyfuse.types import Sentence

CITE_SIMILARITY = 0.45
MIN_SHARED_WORDS = 3

TimeKey = tuple[int, datetime, int]


@dataclass(frozen=True, slots=True)
class Support:
    docs: tuple[int, ...]  # own article first, then the others by time
    first_reported: tuple[TimeKey, int]  # earliest (article time, position) saying it
    positions: tuple[int, ...] = ()  # per doc of ``docs``: its first sentence saying it


def find_support(corpus: Corpus, units: Sequence[Unit]) -> list[Support]:
    """For each unit, the articles that support it and when its fact was first reported."""
    if not units:
        return []
    pool = corpus.units
    matrix, _ = tfidf_matrix([u.stems for u in (*units, *pool)])
    sim = np.asarray((matrix[: len(units)] @ matrix[len(units) :].T).toarray())
    keys = {d: chronological_key(a, d) for d, a in enumerate(corpus.articles)}
    out: list[Support] = []
    for i, unit in enumerate(units):
        stems = set(unit.stems)
        first: dict[int, int] = {unit.doc: unit.position}  # doc -> first matching position
        for j in np.flatnonzero(sim[i] >= CITE_SIMILARITY):
            other = pool[int(j)]
            if other.doc == unit.doc or other.doc in first:
                continue
            if len(stems.intersection(other.stems)) >= MIN_SHARED_WORDS:
                first[other.doc] = other.position
        others = sorted(set(first) - {unit.doc}, key=lambda d: keys[d])
        earliest = min((keys[d], pos) for d, pos in first.items())
        docs = (unit.doc, *others)
        positions = tuple(first[d] for d in docs)
        out.append(Support(docs=docs, first_reported=earliest, positions=positions))
    return out


def supporting_sentences(corpus: Corpus, sentences: Sequence[Sentence]) -> list[dict[str, int]]:
    """For each summary sentence, the sentence of each supporting article that says the same.

    ``sentences`` must be all the sentences of one summary over ``corpus`` (the idf
    counts them, as ``cite`` did). Each result maps article id -> sentence index, the
    sentence's own article first, in the order of ``SummaryItem.supporting``. A sentence
    that is not in ``corpus`` gets an empty mapping.
    """
    by_key = {(u.sentence.article_id, u.position): u for u in corpus.units}
    found = [by_key.get((s.article_id, s.index)) for s in sentences]
    units = [u for u in found if u is not None]
    support = iter(find_support(corpus, units))
    out: list[dict[str, int]] = []
    for unit in found:
        if unit is None:
            out.append({})
            continue
        s = next(support)
        out.append({corpus.articles[d].id: pos for d, pos in zip(s.docs, s.positions, strict=True)})
    return out
