"""Concept-coverage ILP (Gillick & Favre 2009), solved with scipy's HiGHS MILP.

Concepts are stemmed content bigrams. A concept's weight is the number of
articles that contain it, with occurrences in an article's lead sentences
counted extra; concepts in too few articles are pruned (with three or fewer
articles, raw occurrence counts are used instead; where nothing survives the
pruning, the floor is lowered step by step). The ILP picks whole
sentences maximising the summed weight of the concepts they cover under the
word budget, so repeating a concept earns nothing: redundancy is punished by
construction. A tiny length cost breaks ties toward shorter sentences.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix, csr_matrix, hstack, vstack

from storyfuse.summarizers.candidates import candidates_for_budget
from storyfuse.summarizers.corpus import Budget, Corpus, Unit
from storyfuse.summarizers.greedy import greedy_fill

Concept = tuple[str, str]

MIN_DOC_FREQ = 3  # prune concepts found in fewer articles than this ...
FEW_DOCS = 3  # ... unless the story has this many articles or fewer: then raw counts
MIN_RAW_COUNT = 2  # raw-count mode: a concept must occur at least twice
LEAD_SENTENCES = 2  # an article's first sentences state the story's core ...
LEAD_BONUS = 1.0  # ... so a concept there counts this much extra per article
LENGTH_TIE_BREAK = 1e-4  # per word; small enough never to trade away a concept
MAX_CONCEPTS = 2000
TIME_LIMIT_S = 10.0


def concept_weights(corpus: Corpus) -> dict[Concept, float]:
    """Weight of each concept over all sentences of the story (not only candidates)."""
    few = corpus.n_docs <= FEW_DOCS
    doc_freq: dict[Concept, set[int]] = defaultdict(set)
    lead: dict[Concept, set[int]] = defaultdict(set)
    raw: Counter[Concept] = Counter()
    for unit in corpus.units:
        for concept in unit.bigrams:
            doc_freq[concept].add(unit.doc)
            raw[concept] += 1
            if unit.position < LEAD_SENTENCES:
                lead[concept].add(unit.doc)
    floor = MIN_RAW_COUNT if few else MIN_DOC_FREQ
    weights: dict[Concept, float] = {}
    while not weights and floor >= 1:
        # Relax the pruning until some concept survives (stories with little overlap).
        for concept, docs in doc_freq.items():
            base = raw[concept] if few else len(docs)
            if base >= floor:
                weights[concept] = base + LEAD_BONUS * len(lead.get(concept, ()))
        floor -= 1
    if len(weights) > MAX_CONCEPTS:
        kept = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_CONCEPTS]
        weights = dict(kept)
    return weights


def solve_coverage(
    units: Sequence[Unit], weights: dict[Concept, float], budget: Budget
) -> list[int] | None:
    """Indices of the units the ILP selects, or None when it finds no solution in time."""
    concepts = sorted({c for u in units for c in u.bigrams if c in weights})
    if not concepts:
        return None
    index = {c: i for i, c in enumerate(concepts)}
    n, m = len(units), len(concepts)
    lengths = np.array([u.words for u in units], dtype=np.float64)
    cost = np.concatenate(
        [LENGTH_TIE_BREAK * lengths, -np.array([weights[c] for c in concepts], dtype=np.float64)]
    )
    occ_rows, occ_cols = [], []
    for j, unit in enumerate(units):
        for c in set(unit.bigrams):
            if c in index:
                occ_rows.append(j)
                occ_cols.append(index[c])
    k = len(occ_rows)
    rows = np.arange(k)
    # s_j - c_i <= 0: choosing a sentence covers its concepts.
    pick = coo_matrix((np.ones(k), (rows, occ_rows)), shape=(k, n))
    cover = coo_matrix((-np.ones(k), (rows, occ_cols)), shape=(k, m))
    covers_sentence = _hcat(pick, cover)
    # c_i - sum_j s_j <= 0: a concept counts only when a chosen sentence has it.
    back = _hcat(
        coo_matrix((-np.ones(k), (occ_cols, occ_rows)), shape=(m, n)),
        coo_matrix((np.ones(m), (np.arange(m), np.arange(m))), shape=(m, m)),
    )
    blocks = [covers_sentence, back]
    uppers = [np.zeros(k), np.zeros(m)]
    if budget.words is not None:
        blocks.append(csr_matrix(np.concatenate([lengths, np.zeros(m)])[np.newaxis, :]))
        uppers.append(np.array([float(budget.words)]))
    if budget.sentences is not None:
        blocks.append(csr_matrix(np.concatenate([np.ones(n), np.zeros(m)])[np.newaxis, :]))
        uppers.append(np.array([float(budget.sentences)]))
    a = vstack(blocks, format="csr")
    upper = np.concatenate(uppers)
    result = milp(
        cost,
        constraints=LinearConstraint(a, -np.inf, upper),
        integrality=np.ones(n + m),
        bounds=Bounds(0, 1),
        options={"time_limit": TIME_LIMIT_S, "disp": False},
    )
    if result.x is None:
        return None
    return [j for j in range(n) if result.x[j] > 0.5]


def _hcat(left: coo_matrix, right: coo_matrix) -> csr_matrix:
    return csr_matrix(hstack([left, right], format="csr"))


def select_ilp(corpus: Corpus, budget: Budget) -> tuple[Unit, ...]:
    units = candidates_for_budget(corpus, budget.words)
    weights = concept_weights(corpus)
    chosen = solve_coverage(units, weights, budget) if units else None
    if not chosen:
        # No shared concepts (e.g. one short article): fall back to lead-first order.
        scores = [1.0 / (1 + u.position) for u in units]
        return greedy_fill(units, scores, budget)
    return tuple(units[j] for j in chosen)
