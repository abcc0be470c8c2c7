from __future__ import annotations

import numpy as np
import pytest

from storyfuse.errors import UnknownMethodError
from storyfuse.summarizers.baselines import lexrank_scores
from storyfuse.summarizers.greedy import greedy_fill
from storyfuse.summarizers.registry import METHODS, get_method
from storyfuse.text.corpus import Budget, Corpus, build_corpus
from storyfuse.types import Article, Sentence

TEXTS = [
    "The Calder Bridge was closed to traffic on Monday after engineers found a cracked pier.",
    "Engineers found a cracked pier under the Calder Bridge, which was closed to all traffic.",
    "The harbour master said ferries would run every twenty minutes until further notice.",
    "Schools in the eastern district opened one hour later because of the long detours.",
]


def _corpus() -> Corpus:
    articles = tuple(Article(f"a{i}", t) for i, t in enumerate(TEXTS))
    sents = tuple((Sentence(a.id, 0, 0, len(a.text), a.text),) for a in articles)
    return build_corpus(articles, sents)


@pytest.mark.parametrize("name", sorted(METHODS))
def test_every_method_respects_budget_and_avoids_repeats(name: str) -> None:
    chosen = get_method(name).select(_corpus(), Budget(words=35))
    assert 0 < sum(u.words for u in chosen) <= 35
    assert sum("cracked pier" in u.sentence.text for u in chosen) <= 1


def test_unknown_method_lists_the_valid_names() -> None:
    with pytest.raises(UnknownMethodError, match="ilp, ilp-handset, centroid, mmr, lexrank"):
        get_method("textrank")


def test_lexrank_is_a_distribution_and_uniform_on_a_clique() -> None:
    scores = lexrank_scores(np.ones((4, 4)))
    assert scores.sum() == pytest.approx(1.0)
    assert np.allclose(scores, 0.25)
    star = np.eye(3)
    star[0, 1:] = star[1:, 0] = 1.0
    assert int(np.argmax(lexrank_scores(star))) == 0


def test_greedy_fill_skips_what_overflows_and_stops_at_sentence_budget() -> None:
    units = _corpus().units
    assert [u.doc for u in greedy_fill(units, [4, 3, 2, 1], Budget(words=28))] == [0, 2]
    assert len(greedy_fill(units, [4, 3, 2, 1], Budget(sentences=2))) == 2
