"""Learned concept weights: a logistic model of whether editors keep a bigram.

``storyfuse train-weights`` fits the model on the dev sets (``eval.train``): for every
concept of every story, the features of ``summarizers.concepts`` against whether the
bigram is in the story's human summaries. Only the fitted numbers ship, in
``learned_weights.json`` next to this module: the features' names, their means and
scales, the coefficients and intercept, and ``min_probability``, the pruning threshold
chosen by leave-one-set-out.

A concept's weight is its predicted chance of being in the summary, in thousandths and
rounded (whole-number weights keep the ILP's objective integral, which HiGHS uses to
stop early; see ``ilp.solve_coverage``). The ILP then maximises the expected number of
summary bigrams covered. Concepts below ``min_probability`` are pruned; where none
reaches it, the most likely ones are kept.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from storyfuse.summarizers.concepts import FEATURES, Concept, concept_features
from storyfuse.text.corpus import Corpus

WEIGHTS_FILE = "learned_weights.json"
WEIGHT_SCALE = 1000  # a probability of 1 weighs this much: whole numbers (see above)
KEEP_WHEN_NONE = 10  # where no concept reaches min_probability: the most likely ones
MAX_CONCEPTS = 700  # the likeliest kept (a smaller ILP); 300 lost key facts in the briefs


class WeightsFileError(ValueError):
    """The packaged (or given) coefficients do not fit the features this code computes."""


@dataclass(frozen=True, slots=True)
class ConceptModel:
    """Standardised-feature logistic regression: p = sigmoid(((x - mean) / scale) . coef + b)."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    min_probability: float

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        z = ((rows - self.mean) / self.scale) @ self.coef + self.intercept
        out: np.ndarray = 1.0 / (1.0 + np.exp(-z))
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "coef": self.coef.tolist(),
            "intercept": self.intercept,
            "min_probability": self.min_probability,
        }


def model_from_dict(data: dict[str, Any], *, source: str = WEIGHTS_FILE) -> ConceptModel:
    """The model a coefficients file holds, checked against ``FEATURES``."""
    try:
        features = tuple(str(f) for f in data["features"])
        arrays = [np.asarray(data[k], dtype=np.float64) for k in ("mean", "scale", "coef")]
        intercept = float(data["intercept"])
        min_probability = float(data["min_probability"])
    except (KeyError, TypeError, ValueError) as exc:
        raise WeightsFileError(f"{source}: not a coefficients file ({exc})") from None
    if features != FEATURES:
        raise WeightsFileError(
            f"{source}: its features {list(features)} are not the ones computed here "
            f"{list(FEATURES)}; rebuild it with storyfuse train-weights"
        )
    if any(a.shape != (len(FEATURES),) for a in arrays) or np.any(arrays[1] <= 0):
        raise WeightsFileError(
            f"{source}: mean, scale and coef need one value per feature, scales positive"
        )
    mean, scale, coef = arrays
    return ConceptModel(features, mean, scale, coef, intercept, min_probability)


@cache
def packaged_model() -> ConceptModel:
    """The coefficients shipped with the package (read once)."""
    text = resources.files("storyfuse.summarizers").joinpath(WEIGHTS_FILE).read_text("utf-8")
    data = json.loads(text)
    return model_from_dict(data.get("model", data))


def learned_weights(corpus: Corpus, model: ConceptModel | None = None) -> dict[Concept, float]:
    """Weight of each concept: its predicted chance of being kept, in thousandths."""
    model = model or packaged_model()
    table = concept_features(corpus)
    if not table.concepts:
        return {}
    chance = model.probabilities(table.features)
    kept = np.flatnonzero(chance >= model.min_probability)
    if len(kept) > MAX_CONCEPTS or len(kept) == 0:
        # the likeliest (ties: first seen first), back in first-seen order
        pool = kept if len(kept) else np.arange(len(chance))
        limit = MAX_CONCEPTS if len(kept) else KEEP_WHEN_NONE
        kept = np.sort(pool[np.argsort(-chance[pool], kind="stable")[:limit]])
    scaled = np.rint(WEIGHT_SCALE * chance[kept])
    weights: dict[Concept, float] = {}
    for i, weight in zip(kept.tolist(), scaled.tolist(), strict=True):
        if weight > 0:
            weights[table.concepts[i]] = weight
    return weights
