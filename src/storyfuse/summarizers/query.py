"""Query-focused summaries: the concept-coverage ILP steered toward a reader's question.

The query (a topic title and/or a narrative such as "Describe the steps taken ...")
is reduced to its terms: stemmed content words, less the words of the instruction
itself (``INSTRUCTION_WORDS``: "describe", "include", ...). Then, over the story's
candidate sentences:

1. Relevance: each candidate's tf-idf cosine with the query terms.
2. Filter: candidates below ``MIN_RELEVANCE`` are dropped, unless that leaves fewer
   than ``MIN_POOL_BUDGETS`` budgets of words; then the most relevant of the
   dropped ones come back until it does (a vague query never empties the pool).
3. Concept boost: a concept's weight is multiplied by ``1 + CONCEPT_BOOST`` for each
   of its two words that is a query term.
4. Sentence bonus: a candidate earns ``SENTENCE_BONUS x relevance x w`` when chosen,
   ``w`` being the heaviest concept's weight (so with the default, a sentence as
   close to the query as can be earns what the story's most central fact does); it
   enters the ILP as a concept only that sentence holds.

The query steers; it does not override: a sentence must still cover the story's
concepts to be chosen, so in a small story a query about a detail reported once
may not change the summary.

With ``previous`` articles the update rules (``update.py``) apply as well: the DUC
2007 / TAC update task is query-focused too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from storyfuse.summarizers.ilp import (
    Concept,
    concept_weights,
    select_ilp_handset,
    select_latest,
)
from storyfuse.summarizers.update import discount_known, novel_units, previous_concepts
from storyfuse.text.candidates import candidates_for_budget
from storyfuse.text.corpus import Budget, Corpus, Unit
from storyfuse.text.textstats import content_words, stem, tfidf_matrix

MIN_RELEVANCE = 0.03  # tf-idf cosine with the query below which a candidate is dropped ...
MIN_POOL_BUDGETS = 3.0  # ... unless fewer than this many budgets of words would be left
CONCEPT_BOOST = 0.5  # a concept's weight gains this fraction per word found in the query
SENTENCE_BONUS = 1.0  # a chosen sentence earns this x its relevance x the top weight

# Words of the request, not of its subject ("Describe the steps taken ...").
INSTRUCTION_WORDS: frozenset[str] = frozenset(
    stem(w)
    for w in """
    describe description discuss discussion include including includes identify explain
    explanation specify report reported reports information give provide mention mentioned
    detail details what why how which any all various regarding concerning involved
    list summarize summarise tell known possible kind kinds type types aspect aspects
    """.split()
)

_QUERY_CONCEPT = "\x00query"  # first word of a sentence's private bonus concept


def query_terms(query: str) -> tuple[str, ...]:
    """The query's stemmed content words, less instruction words, in order, once each."""
    return tuple(dict.fromkeys(w for w in content_words(query) if w not in INSTRUCTION_WORDS))


def relevance(units: Sequence[Unit], terms: Sequence[str]) -> np.ndarray:
    """Each unit's tf-idf cosine with the query terms (idf over the units and the query)."""
    if not units or not terms:
        return np.zeros(len(units))
    matrix, _ = tfidf_matrix([*(u.stems for u in units), list(terms)])
    sim = matrix[: len(units)] @ matrix[len(units) :].T
    return np.asarray(sim.toarray()).ravel()


def relevant_units(
    units: Sequence[Unit],
    scores: Sequence[float] | np.ndarray,
    budget_words: int | None,
    *,
    threshold: float = MIN_RELEVANCE,
    pool_budgets: float = MIN_POOL_BUDGETS,
) -> tuple[tuple[Unit, ...], tuple[float, ...]]:
    """The units at or above ``threshold``, topped up by relevance to a minimum pool.

    Returns the kept units in their original order, with their scores.
    """
    keep = {j for j, s in enumerate(scores) if s >= threshold}
    if budget_words is not None:
        need = pool_budgets * budget_words
        have = sum(units[j].words for j in keep)
        for j in sorted(range(len(units)), key=lambda k: (-scores[k], k)):
            if have >= need:
                break
            if j not in keep:
                keep.add(j)
                have += units[j].words
    order = sorted(keep)
    return tuple(units[j] for j in order), tuple(float(scores[j]) for j in order)


def boost_concepts(
    weights: dict[Concept, float], terms: Sequence[str], *, boost: float = CONCEPT_BOOST
) -> dict[Concept, float]:
    """``weights`` with each concept multiplied by ``1 + boost`` per word that is a query term."""
    wanted = frozenset(terms)
    return {c: w * (1 + boost * sum(part in wanted for part in c)) for c, w in weights.items()}


def with_sentence_bonus(
    units: Sequence[Unit],
    scores: Sequence[float],
    weights: dict[Concept, float],
    *,
    bonus: float = SENTENCE_BONUS,
) -> tuple[tuple[Unit, ...], dict[Concept, float]]:
    """Units and weights where each unit holds a private concept worth its bonus.

    A concept held by one sentence only adds its weight to that sentence in the ILP
    (``solve_coverage``), which is exactly a sentence-level bonus in the objective.
    """
    if bonus <= 0 or not weights:
        return tuple(units), weights
    scale = max(weights.values())
    tagged: list[Unit] = []
    out = dict(weights)
    for j, (unit, score) in enumerate(zip(units, scores, strict=True)):
        if score <= 0:
            tagged.append(unit)
            continue
        concept = (_QUERY_CONCEPT, str(j))
        out[concept] = bonus * score * scale
        tagged.append(replace(unit, bigrams=(*unit.bigrams, concept)))
    return tuple(tagged), out


def select_query(
    corpus: Corpus, budget: Budget, *, query: str, previous: Corpus | None = None
) -> tuple[Unit, ...]:
    """ILP over ``corpus`` steered toward ``query`` (and away from ``previous``, if given)."""
    terms = query_terms(query)
    if not terms and previous is None:
        return select_ilp_handset(corpus, budget)  # the plain ILP, with its lead
    units = candidates_for_budget(corpus, budget.words)
    weights = concept_weights(corpus)
    if previous is not None:
        units = novel_units(units, previous)
        weights = discount_known(weights, previous_concepts(previous))
    if not terms:  # an update summary
        return select_latest(corpus, units, weights, budget)
    units, scores = relevant_units(units, relevance(units, terms), budget.words)
    weights = boost_concepts(weights, terms)
    tagged, tagged_weights = with_sentence_bonus(units, scores, weights)
    untagged = {(u.doc, u.position): u for u in units}
    picked = select_latest(corpus, tagged, tagged_weights, budget)
    return tuple(untagged[(u.doc, u.position)] for u in picked)
