"""Classic baselines over tf-idf sentence vectors: centroid, MMR and LexRank.

All share the candidate filter and ``greedy_fill``; a chosen sentence too
similar to one already chosen (cosine above ``REDUNDANCY``) is skipped.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.sparse import csr_matrix

from storyfuse.summarizers.greedy import Redundant, greedy_fill
from storyfuse.text.candidates import candidates_for_budget
from storyfuse.text.corpus import Budget, Corpus, Unit
from storyfuse.text.textstats import tfidf_matrix

REDUNDANCY = 0.5
MMR_LAMBDA = 0.7
LEXRANK_THRESHOLD = 0.1
LEXRANK_DAMPING = 0.85
LEXRANK_TOLERANCE = 1e-6
LEXRANK_MAX_ITER = 200


def _vectors(units: Sequence[Unit]) -> csr_matrix:
    matrix, _ = tfidf_matrix([u.stems for u in units])
    return matrix


def _similarity(vectors: csr_matrix) -> np.ndarray:
    return np.asarray((vectors @ vectors.T).toarray())


def _redundancy_check(sim: np.ndarray) -> Redundant:
    def redundant(j: int, chosen: Sequence[int]) -> bool:
        return bool(chosen) and float(sim[j, list(chosen)].max()) > REDUNDANCY

    return redundant


def select_centroid(corpus: Corpus, budget: Budget) -> tuple[Unit, ...]:
    """Sentences closest to the story's tf-idf centroid (Radev et al. 2004, simplified)."""
    units = candidates_for_budget(corpus, budget.words)
    if not units:
        return ()
    vectors = _vectors(units)
    centroid = np.asarray(vectors.mean(axis=0)).ravel()
    scores = vectors @ centroid
    sim = _similarity(vectors)
    return greedy_fill(units, list(scores), budget, redundant=_redundancy_check(sim))


def select_mmr(corpus: Corpus, budget: Budget) -> tuple[Unit, ...]:
    """Maximal marginal relevance against the centroid (Carbonell & Goldstein 1998)."""
    units = candidates_for_budget(corpus, budget.words)
    if not units:
        return ()
    vectors = _vectors(units)
    centroid = np.asarray(vectors.mean(axis=0)).ravel()
    norm = float(np.linalg.norm(centroid)) or 1.0
    relevance = (vectors @ centroid) / norm
    sim = _similarity(vectors)
    chosen: list[int] = []
    used = 0
    remaining = set(range(len(units)))
    while remaining:
        best, best_score = -1, -np.inf
        for j in sorted(remaining):
            penalty = float(sim[j, chosen].max()) if chosen else 0.0
            score = MMR_LAMBDA * float(relevance[j]) - (1 - MMR_LAMBDA) * penalty
            if score > best_score:
                best, best_score = j, score
        remaining.discard(best)
        if budget.fits(used + units[best].words, len(chosen) + 1):
            chosen.append(best)
            used += units[best].words
        elif budget.sentences is not None and len(chosen) >= budget.sentences:
            break
    return tuple(units[j] for j in chosen)


def lexrank_scores(sim: np.ndarray) -> np.ndarray:
    """Stationary distribution of the thresholded cosine graph (Erkan & Radev 2004)."""
    n = sim.shape[0]
    adjacency = (sim > LEXRANK_THRESHOLD).astype(np.float64)
    degree = adjacency.sum(axis=1)
    degree[degree == 0] = 1.0
    transition = adjacency / degree[:, np.newaxis]
    rank = np.full(n, 1.0 / n)
    for _ in range(LEXRANK_MAX_ITER):
        nxt = (1 - LEXRANK_DAMPING) / n + LEXRANK_DAMPING * (transition.T @ rank)
        if float(np.abs(nxt - rank).sum()) < LEXRANK_TOLERANCE:
            return np.asarray(nxt, dtype=np.float64)
        rank = nxt
    return np.asarray(rank, dtype=np.float64)


def select_lexrank(corpus: Corpus, budget: Budget) -> tuple[Unit, ...]:
    """LexRank centrality with a redundancy check."""
    units = candidates_for_budget(corpus, budget.words)
    if not units:
        return ()
    sim = _similarity(_vectors(units))
    scores = lexrank_scores(sim)
    return greedy_fill(units, list(scores), budget, redundant=_redundancy_check(sim))
