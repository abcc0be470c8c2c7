"""Fit the learned concept weights (``summarizers.learned``) on evaluation data sets.

For every story of every set, each concept (stemmed content bigram) gets its feature row
(``summarizers.concepts``) and a label: the share of the story's human summaries that
hold the bigram. A logistic regression with an L2 penalty is fitted to those labels,
each story weighing the same whatever its number of concepts (a 25-article DUC 2006
topic would otherwise outweigh ten Multi-News stories).

One constant is chosen, not fitted: ``min_probability``, below which concepts are
pruned from the ILP. It is chosen by leave-one-set-out: for each candidate value, the
model is fitted on all sets but one and the held-out set summarised (ROUGE-2 recall at
that set's length, against the hand-set weights on the same stories); the value with
the best mean relative gain over the held-out sets wins, and the final model is fitted
on every set. ``nested=True`` also measures what that procedure gives on a set it never
saw: for each set, ``min_probability`` is chosen on the other sets alone (leave one of
them out in turn), and the model fitted on them summarises the set.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import minimize

from storyfuse.eval.datasets import load_dataset
from storyfuse.eval.rouge import rouge
from storyfuse.summarizers.concepts import FEATURES, concept_features
from storyfuse.summarizers.learned import ConceptModel
from storyfuse.text.corpus import Budget, Corpus
from storyfuse.text.textstats import content_features

L2_PENALTY = 1.0  # on the standardised coefficients (not the intercept)
MIN_PROBABILITY_GRID = (0.02, 0.03, 0.05, 0.08)
MIN_SCALE = 1e-9  # a feature constant over the training data keeps its scale finite
BOOTSTRAP_SAMPLES = 10_000
BOOTSTRAP_SEED = 0
CONFIDENCE = 0.95
MIN_SETS = 2  # leave-one-set-out holds one out and fits on the rest


@dataclass(frozen=True, slots=True)
class Story:
    """One story of a training set, prepared once."""

    id: str
    corpus: Corpus
    references: tuple[str, ...]
    features: np.ndarray
    labels: np.ndarray


@dataclass(frozen=True, slots=True)
class TrainingSet:
    name: str
    words: int  # the summary length the set is scored at
    stories: tuple[Story, ...]


def reference_labels(concepts: Sequence[tuple[str, str]], references: Sequence[str]) -> np.ndarray:
    """For each concept, the share of the references whose bigrams hold it.

    Bigrams are taken line by line, as the summaries' sentences are one a line, with the
    features' own tokens and stems (``content_features``)."""
    held: list[set[tuple[str, str]]] = []
    for text in references:
        bigrams: set[tuple[str, str]] = set()
        for line in text.splitlines():
            bigrams.update(content_features(line)[1])
        held.append(bigrams)
    if not held:
        return np.zeros(len(concepts))
    return np.array([sum(c in b for b in held) / len(held) for c in concepts])


def load_training_set(
    path: Path, words: int, prepare: Callable[[Path], Corpus]
) -> TrainingSet:
    """A data set's stories with their features and labels; ``prepare`` reads a docs folder."""
    stories = []
    for cluster in load_dataset(path):
        corpus = prepare(cluster.docs_dir)
        table = concept_features(corpus)
        stories.append(
            Story(
                id=cluster.id,
                corpus=corpus,
                references=cluster.references,
                features=table.features,
                labels=reference_labels(table.concepts, cluster.references),
            )
        )
    return TrainingSet(name=Path(path).name, words=words, stories=tuple(stories))


def fit_model(
    stories: Sequence[Story], *, min_probability: float, l2: float = L2_PENALTY
) -> ConceptModel:
    """Logistic regression on the stories' concepts, each story weighing the same."""
    rows = np.vstack([s.features for s in stories])
    labels = np.concatenate([s.labels for s in stories])
    per_row = np.concatenate([np.full(len(s.labels), 1.0 / max(len(s.labels), 1)) for s in stories])
    per_row *= len(labels) / per_row.sum()
    mean = rows.mean(axis=0)
    scale = rows.std(axis=0)
    scale[scale < MIN_SCALE] = 1.0
    design = np.hstack([(rows - mean) / scale, np.ones((len(rows), 1))])

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = design @ w
        p = 1.0 / (1.0 + np.exp(-z))
        value = float(np.sum(per_row * (np.logaddexp(0.0, z) - labels * z)))
        value += 0.5 * l2 * float(np.sum(w[:-1] ** 2))
        grad = design.T @ (per_row * (p - labels))
        grad[:-1] += l2 * w[:-1]
        return value, grad

    result = minimize(loss, np.zeros(design.shape[1]), jac=True, method="L-BFGS-B")
    w = result.x
    return ConceptModel(
        features=FEATURES,
        mean=mean,
        scale=scale,
        coef=w[:-1],
        intercept=float(w[-1]),
        min_probability=min_probability,
    )


Summarise = Callable[[Corpus, Budget, ConceptModel | None], str]


def score_set(
    data: TrainingSet, model: ConceptModel | None, summarise: Summarise
) -> np.ndarray:
    """ROUGE-2 recall of each story of ``data`` (``model`` None: the hand-set weights)."""
    budget = Budget(words=data.words)
    return np.array(
        [
            rouge(summarise(s.corpus, budget, model), s.references, words=data.words)[1].recall
            for s in data.stories
        ]
    )


def bootstrap_interval(
    values: np.ndarray, *, samples: int = BOOTSTRAP_SAMPLES, seed: int = BOOTSTRAP_SEED
) -> tuple[float, float]:
    """Percentile bootstrap interval (``CONFIDENCE``) of the mean of ``values``."""
    if len(values) == 0:
        return (0.0, 0.0)
    draws = np.random.default_rng(seed).integers(0, len(values), size=(samples, len(values)))
    means = np.sort(values[draws].mean(axis=1))
    tail = (1 - CONFIDENCE) / 2
    return float(means[int(tail * samples)]), float(means[int((1 - tail) * samples) - 1])


@dataclass(frozen=True, slots=True)
class SetResult:
    name: str
    words: int
    stories: int
    handset: float  # mean ROUGE-2 recall
    learned: float  # held out: fitted without this set
    min_probability: float  # chosen without this set (nested) or over all sets
    better: int
    worse: int


@dataclass(frozen=True, slots=True)
class TrainingReport:
    model: ConceptModel
    sets: tuple[SetResult, ...]
    nested: bool
    gain_interval: tuple[float, float]  # bootstrap interval of the pooled per-story gain
    grid_gains: Mapping[float, float]  # mean relative held-out gain of each grid value

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model.to_dict(),
            "trained_on": [s.name for s in self.sets],
            "leave_one_set_out": {
                "nested": self.nested,
                "rouge2_recall": {
                    s.name: {
                        "words": s.words,
                        "stories": s.stories,
                        "handset": round(s.handset, 5),
                        "learned": round(s.learned, 5),
                        "min_probability": s.min_probability,
                        "better": s.better,
                        "worse": s.worse,
                    }
                    for s in self.sets
                },
                "pooled_gain_interval": [round(x, 5) for x in self.gain_interval],
                "relative_gain_by_min_probability": {
                    str(p): round(g, 5) for p, g in self.grid_gains.items()
                },
            },
        }


class _Scores:
    """ROUGE of held-out sets under models fitted on other sets, each computed once."""

    def __init__(self, sets: Sequence[TrainingSet], summarise: Summarise) -> None:
        self._sets = {s.name: s for s in sets}
        self._summarise = summarise
        self._done: dict[tuple[tuple[str, ...], str, float | None], np.ndarray] = {}

    def handset(self, test: str) -> np.ndarray:
        return self._get((), test, None)

    def learned(self, train: Sequence[str], test: str, min_probability: float) -> np.ndarray:
        return self._get(tuple(sorted(train)), test, min_probability)

    def _get(
        self, train: tuple[str, ...], test: str, min_probability: float | None
    ) -> np.ndarray:
        key = (train, test, min_probability)
        if key not in self._done:
            model = None
            if min_probability is not None:
                stories = [st for name in train for st in self._sets[name].stories]
                model = fit_model(stories, min_probability=min_probability)
            self._done[key] = score_set(self._sets[test], model, self._summarise)
        return self._done[key]

    def relative_gain(self, train: Sequence[str], test: str, p: float) -> float:
        base = float(self.handset(test).mean())
        return float(self.learned(train, test, p).mean()) / base - 1 if base else 0.0


def choose_min_probability(
    scores: _Scores, names: Sequence[str], grid: Sequence[float]
) -> tuple[float, dict[float, float]]:
    """The grid value with the best mean relative gain, each of ``names`` held out in turn
    (ties: the smaller value)."""
    gains = {
        p: float(np.mean([scores.relative_gain([n for n in names if n != t], t, p) for t in names]))
        for p in grid
    }
    best = max(grid, key=lambda p: (gains[p], -p))
    return best, gains


def train(
    sets: Sequence[TrainingSet],
    summarise: Summarise,
    *,
    grid: Sequence[float] = MIN_PROBABILITY_GRID,
    nested: bool = False,
    progress: Callable[[str], None] = lambda _: None,
) -> TrainingReport:
    """Choose ``min_probability`` by leave-one-set-out, fit on every set, and report each
    set's held-out ROUGE-2 against the hand-set weights."""
    if len(sets) < MIN_SETS:
        raise ValueError("train-weights needs at least two data sets (one is held out in turn)")
    names = [s.name for s in sets]
    if len(set(names)) != len(names):
        raise ValueError(f"data set names must differ (folder names), got {names}")
    scores = _Scores(sets, summarise)
    progress("choosing min_probability, each set held out in turn")
    chosen, gains = choose_min_probability(scores, names, grid)
    results = []
    gains_per_story: list[float] = []
    for data in sets:
        rest = [n for n in names if n != data.name]
        p = chosen
        if nested and len(rest) >= MIN_SETS:
            progress(f"{data.name}: choosing min_probability on the other sets")
            p, _ = choose_min_probability(scores, rest, grid)
        base = scores.handset(data.name)
        learned = scores.learned(rest, data.name, p)
        diff = learned - base
        gains_per_story.extend(float(d) for d in diff)
        results.append(
            SetResult(
                name=data.name,
                words=data.words,
                stories=len(data.stories),
                handset=float(base.mean()),
                learned=float(learned.mean()),
                min_probability=p,
                better=int((diff > 0).sum()),
                worse=int((diff < 0).sum()),
            )
        )
    progress("fitting on every set")
    model = fit_model([st for s in sets for st in s.stories], min_probability=chosen)
    return TrainingReport(
        model=model,
        sets=tuple(results),
        nested=nested,
        gain_interval=bootstrap_interval(np.array(gains_per_story)),
        grid_gains=gains,
    )
