"""Update summaries: what the new articles add to those read before."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from corpus_helpers import corpus_of

import storyfuse
from storyfuse.eval.datasets import load_dataset, previous_docs
from storyfuse.ingest import load_paths
from storyfuse.pipeline import NothingNewError, prepare, summarize_corpus
from storyfuse.summarizers import update
from storyfuse.summarizers.ilp import concept_weights, select_ilp
from storyfuse.text.candidates import candidates_for_budget
from storyfuse.text.corpus import Budget, Corpus
from storyfuse.types import Article

# Invented reports. The closure and the cracked pier were reported first (OLD); the
# later reports repeat them at length and add one new fact each: a steel frame.
CLOSURE = [
    "Engineers closed the Calder Bridge to traffic on Monday after finding a cracked pier "
    "under the eastern span of the old stone deck.",
    "The Calder Bridge stays closed to traffic after engineers found a cracked pier under "
    "the eastern span of the old stone deck on Monday.",
    "Officials kept the Calder Bridge closed to traffic because engineers found a cracked "
    "pier under the eastern span of the old stone deck.",
]
FRAME = [
    "Repair crews will brace the damaged support with a steel frame by next month.",
    "A steel frame will brace the damaged support, repair crews announced on Friday.",
    "Repair crews plan to brace the damaged support with a steel frame next month.",
]


def _old() -> Corpus:
    return corpus_of([[s] for s in CLOSURE], prefix="old")


def _new() -> Corpus:
    return corpus_of([[c, f] for c, f in zip(CLOSURE, FRAME, strict=True)], prefix="new")


def test_a_concept_the_previous_articles_state_loses_weight() -> None:
    weights = concept_weights(_new())
    known = update.previous_concepts(_old())
    discounted = update.discount_known(weights, known)
    assert ("crack", "pier") in known and ("steel", "frame") not in known
    assert discounted[("crack", "pier")] == pytest.approx(
        weights[("crack", "pier")] * update.PREVIOUS_CONCEPT_DISCOUNT
    )
    assert discounted[("steel", "frame")] == weights[("steel", "frame")]
    dropped = update.discount_known(weights, known, factor=0.0)
    assert ("crack", "pier") not in dropped and ("steel", "frame") in dropped


def test_the_update_picks_the_new_fact_where_the_plain_summary_repeats_the_old() -> None:
    budget = Budget(sentences=1)
    plain = select_ilp(_new(), budget)
    assert "cracked pier" in plain[0].sentence.text  # the old fact is the most central
    chosen = update.select_update(_new(), budget, previous=_old())
    assert len(chosen) == 1 and "steel frame" in chosen[0].sentence.text


def test_a_sentence_near_identical_to_a_previous_one_is_never_chosen() -> None:
    # The new articles repeat the old lead word for word but one; the budget fits all.
    near_copy = CLOSURE[0].replace("Monday", "Tuesday")
    docs = [[near_copy, f] for f in FRAME]
    budget = Budget(words=500)
    assert any(u.sentence.text == near_copy for u in select_ilp(corpus_of(docs), budget))
    chosen = update.select_update(corpus_of(docs), budget, previous=_old())
    assert chosen
    assert all(u.sentence.text != near_copy for u in chosen)
    sims = update.max_similarity(chosen, _old().units)
    assert (sims < update.PREVIOUS_MAX_SIMILARITY).all()


def test_restrict_units_keeps_only_the_given_sentences() -> None:
    corpus = _new()
    keep = [u for u in corpus.units if "steel" in u.sentence.text]
    restricted = update.restrict_units(corpus, keep)
    assert restricted.articles == corpus.articles
    assert [u.sentence for u in restricted.units] == [u.sentence for u in keep]


# --------------------------------------------------------------------------- splitting

DAY = datetime(2024, 3, 5, 12, 0)


def _dated(name: str, days: int | None, *, tz: timezone | None = None) -> Article:
    published = None if days is None else (DAY + timedelta(days=days)).replace(tzinfo=tz)
    return Article(name, f"Text of {name}.", published=published)


def test_split_since_puts_undated_articles_with_the_new() -> None:
    articles = [_dated("a", -2), _dated("b", 0), _dated("c", 1), _dated("d", None)]
    split = update.split_since(articles, DAY)
    assert [a.id for a in split.previous] == ["a"]
    assert [a.id for a in split.new] == ["b", "c", "d"]  # "b" at DAY itself is not before
    assert [a.id for a in split.undated] == ["d"]


def test_split_since_compares_aware_and_naive_times() -> None:
    articles = [_dated("a", -1, tz=UTC), _dated("b", 1, tz=UTC)]
    assert [a.id for a in update.split_since(articles, DAY).previous] == ["a"]
    aware = DAY.replace(tzinfo=timezone(timedelta(hours=2)))
    assert [a.id for a in update.split_since(articles, aware).previous] == ["a"]


def test_split_after_takes_everything_up_to_the_latest_named_article() -> None:
    articles = [_dated("a", -3), _dated("b", -1), _dated("c", 0), _dated("d", 2), _dated("e", None)]
    split = update.split_after(articles, [articles[0], articles[2]])
    assert [a.id for a in split.previous] == ["a", "b", "c"]
    assert [a.id for a in split.new] == ["d", "e"]
    assert [a.id for a in split.undated] == ["e"]


def test_split_after_an_undated_article_takes_only_itself() -> None:
    articles = [_dated("a", -3), _dated("e", None), _dated("d", 2)]
    split = update.split_after(articles, [articles[1]])
    assert [a.id for a in split.previous] == ["e"]
    assert [a.id for a in split.new] == ["a", "d"]


# --------------------------------------------------------------------------- pipeline


def _articles(docs: Sequence[Sequence[str]], prefix: str) -> list[Article]:
    return [Article(f"{prefix}{d}", "\n".join(s)) for d, s in enumerate(docs)]


def test_summarize_with_previous_articles_notes_the_update() -> None:
    new = _articles([[c, f] for c, f in zip(CLOSURE, FRAME, strict=True)], "new")
    old = _articles([[c] for c in CLOSURE], "old")
    summary = storyfuse.summarize(new, sentences=1, previous=old)
    assert "steel frame" in summary.items[0].sentence.text
    assert {a.id for a in summary.articles} == {a.id for a in new}
    assert any("update summary" in n for n in summary.notes)
    plain = storyfuse.summarize(new, sentences=1)
    assert plain.notes == () and "cracked pier" in plain.items[0].sentence.text


def test_summarize_with_nothing_new_raises() -> None:
    old = _articles([[c] for c in CLOSURE], "old")
    with pytest.raises(NothingNewError, match="nothing new"):
        storyfuse.summarize(old, previous=old)


def test_other_methods_skip_sentences_read_before() -> None:
    near_copy = CLOSURE[0].replace("Monday", "Tuesday")
    new = _articles([[near_copy, f] for f in FRAME], "new")
    old = _articles([[c] for c in CLOSURE], "old")
    for method in ("centroid", "lexrank", "mmr"):
        summary = storyfuse.summarize(new, words=200, method=method, previous=old)
        assert summary.items
        assert all(i.sentence.text != near_copy for i in summary.items)


def test_update_on_two_real_clusters(shared_data: Path) -> None:
    """Sets B and C of one topic: within budget, far from the previous sets, and changed."""
    clusters = {c.id: c for c in load_dataset(shared_data / "duc2007_update_dev")}
    budget = Budget(words=100)
    changed = 0
    for cid in ("D0706B-B", "D0711C-C"):
        cluster = clusters[cid]
        corpus = prepare(load_paths([cluster.docs_dir]).articles)
        previous = prepare(load_paths(list(previous_docs(cluster))).articles)
        assert previous.n_docs > 0
        summary = summarize_corpus(corpus, budget, previous=previous)
        plain = summarize_corpus(corpus, budget)
        assert summary.items and summary.words <= 100
        # Every chosen sentence is a candidate the similarity filter let through.
        novel = update.novel_units(candidates_for_budget(corpus, budget.words), previous)
        assert {i.sentence for i in summary.items} <= {u.sentence for u in novel}
        changed += summary.items != plain.items
    assert changed >= 1
