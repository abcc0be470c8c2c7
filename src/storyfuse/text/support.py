"""Sentence support: which sentences of other articles say what a sentence says.

A sentence is supported by each other article holding a sentence whose tf-idf cosine
with it reaches ``CITE_SIMILARITY`` and that shares at least ``MIN_SHARED_WORDS``
content words with it, unless it only announces what the first one reports done: a
sentence that announces ("will meet") never supports one that reports ("held talks"),
nor does a preview article support a report (``storyfuse.text.state``); nor does one
that gives another figure for the same thing or in the same place of its wording ("killed
62 people" does not support "killed 65 people", nor "the toll reached 83" "... reached 85":
``text.latest.other_figures``). Citations,
agreements and differences use this; a support names,
per supporting article, the first sentence that says it, which ``summarizers.cite`` keeps
in the summary (``SummaryItem.supporting_sentences``) so that nothing downstream (the
stored brief, the pages) has to match sentences again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from storyfuse.text.corpus import Corpus, Unit, chronological_key
from storyfuse.text.latest import FigureProfile, figure_profile, other_profiles
from storyfuse.text.state import announces, preview_docs
from storyfuse.text.textstats import tfidf_matrix
from storyfuse.types import Sentence

CITE_SIMILARITY = 0.45
MIN_SHARED_WORDS = 3

TimeKey = tuple[int, datetime, int]


@dataclass(frozen=True, slots=True)
class Support:
    """The articles that say what one sentence says, and where each says it first."""

    docs: tuple[int, ...]  # own article first, then the others by time
    first_reported: tuple[TimeKey, int]  # earliest (article time, position) saying it
    sentences: tuple[Sentence, ...] = ()  # per doc of ``docs``: its first sentence saying it

    @property
    def positions(self) -> tuple[int, ...]:
        """Per doc of ``docs``: the index of its first sentence saying it."""
        return tuple(s.index for s in self.sentences)


def looks_ahead(corpus: Corpus) -> list[bool]:
    """Per unit of ``corpus``: does it only look ahead (it announces, or its article is a
    preview)? Such a sentence supports no sentence that does not."""
    return _looks_ahead(corpus, preview_docs(corpus))


def _looks_ahead(corpus: Corpus, previews: frozenset[int]) -> list[bool]:
    return [u.doc in previews or announces(u.sentence.text) for u in corpus.units]


def find_support(corpus: Corpus, units: Sequence[Unit]) -> list[Support]:
    """For each unit, the articles that support it and when its fact was first reported."""
    if not units:
        return []
    pool = corpus.units
    matrix, _ = tfidf_matrix([u.stems for u in (*units, *pool)])
    sim = np.asarray((matrix[: len(units)] @ matrix[len(units) :].T).toarray())
    keys = {d: chronological_key(a, d) for d, a in enumerate(corpus.articles)}
    out: list[Support] = []
    previews = preview_docs(corpus)
    ahead = _looks_ahead(corpus, previews)
    profiles: dict[int, FigureProfile] = {}

    def profile(j: int) -> FigureProfile:
        if j not in profiles:
            profiles[j] = figure_profile(pool[j].sentence.text)
        return profiles[j]

    for i, unit in enumerate(units):
        stems = set(unit.stems)
        mine = figure_profile(unit.sentence.text)
        reports = unit.doc not in previews and not announces(unit.sentence.text)
        first: dict[int, Unit] = {unit.doc: unit}  # doc -> its first matching sentence
        for j in np.flatnonzero(sim[i] >= CITE_SIMILARITY):
            other = pool[int(j)]
            if other.doc == unit.doc or other.doc in first or (reports and ahead[j]):
                continue
            if len(stems.intersection(other.stems)) < MIN_SHARED_WORDS:
                continue
            if not other_profiles(profile(int(j)), mine):
                first[other.doc] = other
        others = sorted(set(first) - {unit.doc}, key=lambda d: keys[d])
        earliest = min((keys[d], u.position) for d, u in first.items())
        docs = (unit.doc, *others)
        sentences = tuple(first[d].sentence for d in docs)
        out.append(Support(docs=docs, first_reported=earliest, sentences=sentences))
    return out
