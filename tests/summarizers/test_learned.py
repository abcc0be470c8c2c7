"""Learned concept weights: the features, the packaged model, and the weights it gives."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from importlib import resources

import numpy as np
import pytest
from corpus_helpers import corpus_of

from storyfuse.pipeline import prepare
from storyfuse.samples import sample_dir
from storyfuse.summarizers.concepts import (
    FEATURES,
    concept_features,
    doc_centrality,
    doc_lateness,
)
from storyfuse.summarizers.ilp import concept_weights, select_ilp, select_ilp_handset
from storyfuse.summarizers.learned import (
    WEIGHT_SCALE,
    WEIGHTS_FILE,
    WeightsFileError,
    learned_weights,
    model_from_dict,
    packaged_model,
)
from storyfuse.text.corpus import Budget, Corpus, build_corpus
from storyfuse.types import Article, Sentence

DOCS = [
    [
        "Flood waters closed the river bridge on Monday.",
        "Crews said 12 homes were damaged near the river bridge.",
        "The mayor thanked volunteers.",
    ],
    [
        "The river bridge stayed shut as flood waters rose.",
        "Officials will reopen the river bridge next week.",
    ],
    ["A bakery opened downtown."],
]


def _column(name: str) -> int:
    return FEATURES.index(name)


def _row(corpus: Corpus, concept: tuple[str, str]) -> np.ndarray:
    table = concept_features(corpus)
    row: np.ndarray = table.features[table.concepts.index(concept)]
    return row


def test_features_of_a_concept_counted_by_hand() -> None:
    corpus = corpus_of(DOCS)
    row = _row(corpus, ("river", "bridg"))
    assert row[_column("doc_fraction")] == pytest.approx(2 / 3)
    assert row[_column("log_docs")] == pytest.approx(math.log1p(2))
    assert row[_column("log_count")] == pytest.approx(math.log1p(4))
    assert row[_column("lead_fraction")] == pytest.approx(2 / 3)  # positions 0-1 both
    assert row[_column("log_first_position")] == 0.0
    # first at 0 of 3 sentences and 0 of 2: mean relative position 0
    assert row[_column("mean_first_relative")] == 0.0
    assert row[_column("has_number")] == 0.0
    # one of its four sentences announces ("will reopen")
    assert row[_column("announce_fraction")] == pytest.approx(1 / 4)
    assert row[_column("log_articles")] == pytest.approx(math.log(3))
    assert row[_column("handset")] == pytest.approx((2 + 2.0 * 2) / 3)
    assert row[_column("sentence_fraction")] == pytest.approx(4 / 6)


def test_a_number_and_a_late_first_position() -> None:
    row = _row(corpus_of(DOCS), ("12", "home"))
    assert row[_column("has_number")] == 1.0
    assert row[_column("log_first_position")] == pytest.approx(math.log1p(1))
    assert row[_column("mean_first_relative")] == pytest.approx(1 / 3)


def test_every_concept_gets_a_finite_row_in_first_seen_order() -> None:
    corpus = corpus_of(DOCS)
    table = concept_features(corpus)
    seen = list(dict.fromkeys(c for u in corpus.units for c in u.bigrams))
    assert list(table.concepts) == seen
    assert table.features.shape == (len(seen), len(FEATURES))
    assert np.isfinite(table.features).all()


def test_titles_count() -> None:
    text = "Flood waters closed the river bridge on Monday."
    article = Article("t0", text, title="River bridge closed by flood")
    corpus = build_corpus((article,), ((Sentence("t0", 0, 0, len(text), text),),))
    assert _row(corpus, ("river", "bridg"))[_column("title_fraction")] == 1.0


def test_lateness_follows_publication_dates_then_load_order() -> None:
    corpus = corpus_of(DOCS)
    dated = (
        Article("a0", corpus.articles[0].text, published=datetime(2024, 5, 3, tzinfo=UTC)),
        Article("a1", corpus.articles[1].text, published=datetime(2024, 5, 1, tzinfo=UTC)),
        corpus.articles[2],  # undated: after the dated ones
    )
    again = Corpus(articles=dated, units=corpus.units)
    assert doc_lateness(again) == [0.5, 0.0, 1.0]
    assert doc_lateness(corpus_of(DOCS[:1])) == [0.5]


def test_centrality_ranks_the_off_story_article_last() -> None:
    central = doc_centrality(corpus_of(DOCS))
    assert max(central) == 1.0
    assert central[2] == min(central)


def test_the_packaged_model_matches_the_features_computed_here() -> None:
    model = packaged_model()
    assert model.features == FEATURES
    assert 0 < model.min_probability < 1
    raw = json.loads(
        resources.files("storyfuse.summarizers").joinpath(WEIGHTS_FILE).read_text("utf-8")
    )
    # the file says how it was made and what it measured
    assert raw["command"].startswith("storyfuse train-weights")
    assert set(raw["leave_one_set_out"]["rouge2_recall"]) == set(raw["trained_on"])


def test_a_file_of_other_features_is_refused_by_name() -> None:
    data = packaged_model().to_dict()
    data["features"] = [*FEATURES[:-1], "something_else"]
    with pytest.raises(WeightsFileError, match=r"mine\.json: its features"):
        model_from_dict(data, source="mine.json")
    with pytest.raises(WeightsFileError, match="not a coefficients file"):
        model_from_dict({"features": list(FEATURES)}, source="mine.json")


def test_learned_weights_are_whole_thousandths_above_the_threshold() -> None:
    corpus = prepare(_sample_articles())
    model = packaged_model()
    weights = learned_weights(corpus)
    assert weights
    floor = round(WEIGHT_SCALE * model.min_probability) - 1
    assert all(w == int(w) and w >= floor for w in weights.values())
    # the most likely concepts of the sample are the story's: its bridge
    top = sorted(weights, key=lambda c: -weights[c])[:5]
    assert any("bridg" in concept for concept in top)


def test_with_no_concept_above_the_threshold_the_likeliest_stay() -> None:
    strict = model_from_dict({**packaged_model().to_dict(), "min_probability": 1.0})
    weights = learned_weights(corpus_of(DOCS), strict)
    assert 0 < len(weights) <= 10


def test_learned_and_handset_are_both_methods_and_fit_the_budget() -> None:
    corpus = prepare(_sample_articles())
    budget = Budget(words=100)
    for select in (select_ilp, select_ilp_handset):
        units = select(corpus, budget)
        assert units
        assert sum(u.words for u in units) <= 100
    assert concept_weights(corpus) != learned_weights(corpus)


def _sample_articles() -> list[Article]:
    from storyfuse.ingest import load_paths

    return list(load_paths([sample_dir()]).articles)
