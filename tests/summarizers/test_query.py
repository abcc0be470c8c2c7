"""Query-focused summaries: the ILP steered toward what the reader asks about."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from corpus_helpers import corpus_of

import storyfuse
from storyfuse.eval.datasets import load_dataset, meta_query
from storyfuse.ingest import load_paths
from storyfuse.pipeline import prepare, summarize_corpus
from storyfuse.summarizers import query as q
from storyfuse.summarizers.ilp import concept_weights, select_ilp_handset
from storyfuse.text.corpus import Budget
from storyfuse.types import Article, SummaryItem

# Invented reports: each tells two facts equally often, in sentences of equal length
# and equal position, so neither is more central than the other.
FERRY = [
    "Harbour ferries will run every twenty minutes while the Calder Bridge stays shut.",
    "Harbour ferries will run every twenty minutes as long as the Calder Bridge is shut.",
    "Harbour ferries will run every twenty minutes until the Calder Bridge opens again.",
]
SCHOOL = [
    "Valley schools will open one hour later while the Calder Bridge stays shut.",
    "Valley schools will open one hour later as long as the Calder Bridge is shut.",
    "Valley schools will open one hour later until the Calder Bridge opens again.",
]


def _docs(first_ferry: bool = True) -> list[list[str]]:
    return [[f, s] if first_ferry else [s, f] for f, s in zip(FERRY, SCHOOL, strict=True)]


def test_query_terms_drop_instruction_words() -> None:
    terms = q.query_terms("Describe the ferry service. Include any reports of delays.")
    assert terms == ("ferri", "servic", "delay")


def test_concepts_with_query_words_gain_weight() -> None:
    weights = {("harbour", "ferri"): 2.0, ("valley", "school"): 2.0, ("ferri", "ferri"): 1.0}
    boosted = q.boost_concepts(weights, ["ferri"], boost=0.5)
    assert boosted == {
        ("harbour", "ferri"): 3.0,
        ("valley", "school"): 2.0,
        ("ferri", "ferri"): 2.0,
    }


def test_relevance_filter_keeps_a_minimum_pool() -> None:
    units = corpus_of(_docs()).units
    scores = q.relevance(units, q.query_terms("ferries"))
    kept, kept_scores = q.relevant_units(units, scores, budget_words=None, threshold=0.1)
    assert kept and all("ferries" in u.sentence.text for u in kept)
    assert all(s >= 0.1 for s in kept_scores)
    # Three budgets of 20 words need more than the ferry sentences hold: topped up.
    assert sum(u.words for u in kept) < 60
    topped, _ = q.relevant_units(units, scores, 20, threshold=0.1, pool_budgets=3.0)
    assert sum(u.words for u in topped) >= 60
    assert len(topped) > len(kept)


@pytest.mark.parametrize(
    ("query", "wanted"),
    [("How often do the ferries run?", "ferries"), ("What happens to the schools?", "schools")],
)
@pytest.mark.parametrize("first_ferry", [True, False])
def test_the_query_relevant_sentence_is_preferred(
    query: str, wanted: str, first_ferry: bool
) -> None:
    corpus = corpus_of(_docs(first_ferry))
    weights = concept_weights(corpus)
    # equally central: the two facts' own concepts weigh the same
    assert weights[("harbour", "ferri")] == weights[("valley", "school")]
    chosen = q.select_query(corpus, Budget(sentences=1), query=query)
    assert len(chosen) == 1 and wanted in chosen[0].sentence.text


def test_a_query_with_no_terms_gives_the_plain_ilp() -> None:
    """With the hand-set weights the query mode uses (the learned ones measured worse there)."""
    corpus = corpus_of(_docs())
    budget = Budget(words=30)
    assert q.select_query(corpus, budget, query="Describe any details.") == select_ilp_handset(
        corpus, budget
    )


def test_summarize_with_a_query_notes_it_and_a_blank_query_is_ignored() -> None:
    articles = [Article(f"a{d}", "\n".join(s)) for d, s in enumerate(_docs())]
    summary = storyfuse.summarize(articles, sentences=1, query="schools")
    assert "schools" in summary.items[0].sentence.text
    assert summary.notes == ("focused on the query: schools",)
    assert storyfuse.summarize(articles, query="  ") == storyfuse.summarize(articles)


@pytest.mark.slow
def test_query_on_two_real_clusters(shared_data: Path) -> None:
    """Two DUC 2006 topics at 250 words: within budget, and not the generic summary."""
    clusters = load_dataset(shared_data / "duc2006_dev")[:2]
    budget = Budget(words=250)
    for cluster in clusters:
        corpus = prepare(load_paths([cluster.docs_dir]).articles)
        query = meta_query(cluster)
        focused = summarize_corpus(corpus, budget, query=query)
        generic = summarize_corpus(corpus, budget)
        assert focused.items and focused.words <= 250
        assert focused.items != generic.items
        # on average, the focused summary's sentences are closer to the query
        scores = q.relevance(corpus.units, q.query_terms(query))
        by_key = {
            (u.sentence.article_id, u.sentence.index): float(s)
            for u, s in zip(corpus.units, scores, strict=True)
        }
        assert _mean_relevance(focused.items, by_key) > _mean_relevance(generic.items, by_key)


def _mean_relevance(items: Sequence[SummaryItem], by_key: dict[tuple[str, int], float]) -> float:
    keys = [(i.sentence.article_id, i.sentence.index) for i in items]
    return sum(by_key[k] for k in keys) / len(keys)
