"""train-weights: labels, the fit, the bootstrap, and a leave-one-set-out run on dev data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from storyfuse.cli.main import main
from storyfuse.cli.train import _prepare, _summarise
from storyfuse.eval.datasets import load_dataset
from storyfuse.eval.reports import cluster_summarizer, evaluate_dataset
from storyfuse.eval.train import (
    Story,
    TrainingSet,
    bootstrap_interval,
    fit_model,
    load_training_set,
    reference_labels,
    train,
)
from storyfuse.summarizers.concepts import FEATURES, concept_features
from storyfuse.summarizers.learned import model_from_dict
from storyfuse.text.corpus import Corpus


def test_labels_are_the_share_of_references_holding_the_bigram() -> None:
    refs = ["Flood waters closed the river bridge.\nIt rained.", "The river bridge is shut."]
    labels = reference_labels([("river", "bridg"), ("flood", "water"), ("bakeri", "open")], refs)
    assert labels.tolist() == [1.0, 0.5, 0.0]
    # a bigram across two lines is no bigram of either
    assert reference_labels([("bridg", "rain")], ["The bridge.\nRain fell."]).tolist() == [0.0]


def _story(rng: np.random.Generator, n: int) -> Story:
    rows = rng.random((n, len(FEATURES)))
    labels = (rows[:, FEATURES.index("lead_fraction")] > 0.6).astype(float)
    empty = Corpus(articles=(), units=())
    return Story(id="s", corpus=empty, references=(), features=rows, labels=labels)


def test_the_fit_finds_the_feature_that_decides_and_is_deterministic() -> None:
    rng = np.random.default_rng(3)
    stories = [_story(rng, 200), _story(rng, 40)]
    model = fit_model(stories, min_probability=0.05)
    lead = FEATURES.index("lead_fraction")
    assert np.argmax(model.coef) == lead
    assert model.coef[lead] > 2 * np.max(np.abs(np.delete(model.coef, lead)))
    again = fit_model(stories, min_probability=0.05)
    assert np.array_equal(model.coef, again.coef)
    # the model survives its own file format
    copy = model_from_dict(model.to_dict())
    rows = stories[0].features
    assert np.allclose(copy.probabilities(rows), model.probabilities(rows))


def test_bootstrap_interval_holds_the_mean_and_repeats() -> None:
    values = np.random.default_rng(0).normal(1.0, 2.0, 150)
    low, high = bootstrap_interval(values, samples=2000)
    assert low < values.mean() < high
    assert (low, high) == bootstrap_interval(values, samples=2000)
    assert bootstrap_interval(np.zeros(0)) == (0.0, 0.0)


def test_one_set_is_refused() -> None:
    one = TrainingSet(name="a", words=100, stories=())
    with pytest.raises(ValueError, match="at least two"):
        train([one], _summarise)


def _subset(shared: Path, name: str, words: int, n: int) -> TrainingSet:
    full = load_training_set(shared / name, words, _prepare)
    return TrainingSet(name=full.name, words=words, stories=full.stories[:n])


@pytest.mark.slow
def test_leave_one_set_out_on_dev_data(shared_data: Path) -> None:
    sets = [
        _subset(shared_data, "duc2003", 100, 4),
        _subset(shared_data, "multinews_dev", 250, 6),
    ]
    report = train(sets, _summarise, grid=(0.03, 0.05))
    assert [s.name for s in report.sets] == ["duc2003", "multinews_dev"]
    assert report.model.min_probability in (0.03, 0.05)
    # the hand-set figure is what `storyfuse eval --method ilp-handset` scores
    clusters = load_dataset(shared_data / "duc2003")[:4]
    run = cluster_summarizer("ilp-handset", words=100)
    expected = evaluate_dataset(clusters, run, words=100).average
    assert expected is not None
    assert report.sets[0].handset == pytest.approx(expected.r2.recall)
    # features of a story are the runtime's own
    story = sets[0].stories[0]
    assert np.array_equal(story.features, concept_features(story.corpus).features)


def test_the_command_needs_sets(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["train-weights"])
    assert result.exit_code == 2
    assert "--set" in result.output
