"""Scores of a clustering against gold labels: B-cubed precision/recall/F1 and the
adjusted Rand index, both over the gold items (every gold item needs a prediction)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np


class PRF(NamedTuple):
    precision: float
    recall: float
    f1: float


def _contingency(pred: Mapping[str, str], gold: Mapping[str, str]) -> np.ndarray:
    """Counts of items per (predicted, gold) cluster pair over the gold items."""
    missing = gold.keys() - pred.keys()
    if missing:
        raise ValueError(f"{len(missing)} gold items have no predicted cluster")
    items = sorted(gold)
    p_ids = {c: i for i, c in enumerate(sorted({pred[x] for x in items}))}
    g_ids = {c: i for i, c in enumerate(sorted({gold[x] for x in items}))}
    table = np.zeros((len(p_ids), len(g_ids)), dtype=np.int64)
    for x in items:
        table[p_ids[pred[x]], g_ids[gold[x]]] += 1
    return table


def bcubed(pred: Mapping[str, str], gold: Mapping[str, str]) -> PRF:
    """B-cubed precision, recall and F1 (Bagga & Baldwin 1998) over the gold items."""
    table = _contingency(pred, gold)
    n = table.sum()
    if n == 0:
        return PRF(0.0, 0.0, 0.0)
    # Each of the n_ij items in cell (i, j) has precision n_ij / |pred_i|, recall n_ij / |gold_j|.
    sq = (table * table).astype(np.float64)
    precision = float((sq.sum(axis=1) / table.sum(axis=1)).sum() / n)
    recall = float((sq.sum(axis=0) / table.sum(axis=0)).sum() / n)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PRF(precision, recall, f1)


def _pairs(x: np.ndarray) -> float:
    return float((x * (x - 1) // 2).sum())


def adjusted_rand_index(pred: Mapping[str, str], gold: Mapping[str, str]) -> float:
    """Hubert & Arabie's adjusted Rand index; 1.0 when both partitions are trivial alike."""
    table = _contingency(pred, gold)
    n = int(table.sum())
    total = n * (n - 1) / 2
    index = _pairs(table)
    rows, cols = _pairs(table.sum(axis=1)), _pairs(table.sum(axis=0))
    expected = rows * cols / total if total else 0.0
    maximum = (rows + cols) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)
