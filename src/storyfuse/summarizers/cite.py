"""Find every article that says what a summary sentence says, and order the summary.

A summary sentence cites its own article and each other article holding a
sentence whose tf-idf cosine with it reaches ``CITE_SIMILARITY`` and that
shares at least ``MIN_SHARED_WORDS`` content words with it.

Order: a sentence is placed where its fact was *first reported*: the earliest
(publication time, position) among its own sentence and the matching sentences
of the articles that support it (undated articles after dated ones, in load
order). Sentences of one article keep their order, so a sentence stays next to
the one it continues.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from storyfuse.summarizers.corpus import Corpus, Unit, chronological_key
from storyfuse.textstats import tfidf_matrix
from storyfuse.types import Sentence, SummaryItem

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


def cite(corpus: Corpus, units: Sequence[Unit]) -> tuple[SummaryItem, ...]:
    """Summary items in reading order, each citing its supporting articles."""
    support = find_support(corpus, units)
    keys = {d: chronological_key(a, d) for d, a in enumerate(corpus.articles)}
    placed = sorted(
        zip(units, support, strict=True),
        key=lambda pair: (pair[1].first_reported, keys[pair[0].doc], pair[0].position),
    )
    # Sentences of one article keep their own order among themselves.
    by_doc: dict[int, list[Unit]] = {}
    for unit, _ in placed:
        by_doc.setdefault(unit.doc, []).append(unit)
    in_doc_order = {d: sorted(us, key=lambda u: u.position) for d, us in by_doc.items()}
    taken: dict[int, int] = dict.fromkeys(by_doc, 0)
    ordered: list[tuple[Unit, Support]] = []
    lookup = {id(u): s for u, s in placed}
    for unit, _ in placed:
        nxt = in_doc_order[unit.doc][taken[unit.doc]]
        taken[unit.doc] += 1
        ordered.append((nxt, lookup[id(nxt)]))
    return tuple(
        SummaryItem(
            sentence=unit.sentence,
            supporting=tuple(corpus.articles[d].id for d in s.docs),
        )
        for unit, s in ordered
    )
