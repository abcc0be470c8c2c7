"""The story-clustering protocol: gold stories of pools, merges and splits, leave one pool out."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from storyfuse.eval.stories import (
    Pool,
    cluster_pool,
    evaluate_pools,
    format_errors,
    gold_story,
    leave_one_pool_out,
    load_pool,
    merges_and_splits,
    pooled,
    score,
    story_errors,
)
from storyfuse.stories.cluster import JOIN_THRESHOLD, REOPEN_THRESHOLD
from storyfuse.types import Article


def test_merges_and_splits_by_hand() -> None:
    gold = {"a": "g1", "b": "g1", "c": "g2", "d": "g3", "e": "g3"}
    pred = {"a": "p1", "b": "p2", "c": "p2", "d": "p3", "e": "p3"}
    # p2 holds g1 and g2 (a merge); g1 is in p1 and p2 (a split)
    assert merges_and_splits(pred, gold) == (1, 1)
    scores = score(pred, gold)
    assert (scores["stories"], scores["gold_stories"]) == (3, 3)


def test_an_update_topic_is_one_story(tmp_path: Path) -> None:
    for name, meta in (
        ("D0703A-A", {"update_set": "A"}),
        ("D0703A-B", {"update_set": "B"}),
        ("d30001t", {}),
    ):
        (tmp_path / name / "docs").mkdir(parents=True)
        (tmp_path / name / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    assert gold_story(tmp_path / "D0703A-A") == gold_story(tmp_path / "D0703A-B") == "D0703A"
    assert gold_story(tmp_path / "d30001t") == "d30001t"


def test_story_errors_name_each_split_and_merge_with_sizes_dates_and_titles() -> None:
    def article(aid: str, day: int | None, title: str) -> Article:
        published = datetime(1998, 10, day) if day is not None else None
        return Article(aid, f"{title}. Body text.", title=title, published=published)

    articles = (
        article("a1", 3, "Storm nears the coast"),
        article("a2", 4, "Storm makes landfall"),
        article("a3", 9, "Storm victims buried"),
        article("b1", 5, "Budget talks stall"),
        article("c1", None, "A page without a date"),
    )
    gold = {"a1": "g/storm", "a2": "g/storm", "a3": "g/storm", "b1": "g/budget", "c1": "g/page"}
    pool = Pool("g", articles, gold)
    # the storm is split (a3 apart); p2 merges the storm's a3, the budget and the page
    pred = {"a1": "p1", "a2": "p1", "a3": "p2", "b1": "p2", "c1": "p2"}
    split, merge = story_errors(pool, pred)
    assert (split.kind, split.story, split.articles, split.stray) == ("split", "g/storm", 3, 1)
    assert [(p.predicted, p.articles) for p in split.parts] == [("p1", 2), ("p2", 1)]
    first = split.parts[0]
    assert (first.first, first.last, first.title) == (
        datetime(1998, 10, 3),
        datetime(1998, 10, 4),
        "Storm nears the coast",
    )
    assert (merge.kind, merge.story, merge.articles, merge.stray) == ("merge", "p2", 3, 2)
    assert [p.gold for p in merge.parts] == ["g/budget", "g/page", "g/storm"]
    lines = format_errors([split, merge])
    assert lines[0] == "split g/storm: 3 articles in 2 parts, 1 outside the largest"
    assert "1998-10-03 .. 1998-10-04  p1  Storm nears the coast" in lines[1]
    assert "undated .. undated  g/page  A page without a date" in lines[5]
    assert merge.to_dict()["parts"][0]["first"] == "1998-10-05"
    assert story_errors(pool, gold) == ()  # the gold clustering has no errors


FLOOD = (
    "Floods in Riverton forced 2,000 residents from their homes after the Marl river burst "
    "its banks."
)
QUAKE = (
    "An earthquake of magnitude 6.1 shook Dalmor province, damaging hundreds of old stone houses."
)


def _pool(name: str, stories: dict[str, list[str]]) -> Pool:
    articles, gold = [], {}
    for story, texts in stories.items():
        for i, text in enumerate(texts):
            article = Article(f"{name}-{story}-{i}", text)
            articles.append(article)
            gold[article.id] = f"{name}/{story}"
    return Pool(name, tuple(articles), gold)


def test_evaluate_pools_reports_every_pool_pooled_and_held_out() -> None:
    one = _pool("one", {"flood": [FLOOD, FLOOD + " Boats rescued families."], "quake": [QUAKE]})
    two = _pool("two", {"quake": [QUAKE, QUAKE + " Aftershocks followed."], "flood": [FLOOD]})
    report = evaluate_pools([one, two], seeds=(0, 1), grid=(0.1, 0.2), reopen_grid=(0.15, 0.3))
    assert set(report.runs) == {"one", "two", "pooled"}
    assert [r["seed"] for r in report.runs["pooled"]] == [0, 1]
    assert report.runs["one"][0]["bcubed_f1"] == 1.0
    assert set(report.held_out) == {"one", "two"}
    assert all(h["threshold"] in (0.1, 0.2) for h in report.held_out.values())
    assert report.to_dict()["pools"]["one"]["worst_seed"]["articles"] == 3
    assert len(pooled([one, one]).articles) == 3  # an article in two pools counts once


def test_leave_one_pool_out_fits_on_the_others_and_scores_the_one_left() -> None:
    low, high = (0.1, 0.15), (0.2, 0.15)
    table = {
        ("a", low): [0.9, 0.8],
        ("a", high): [0.5, 0.5],
        ("b", low): [0.7, 0.7],
        ("b", high): [0.6, 0.6],
        ("c", low): [0.2, 0.2],
        ("c", high): [0.9, 0.7],
    }
    held = leave_one_pool_out(table, ["a", "b", "c"], [low, high], today=high)
    # left out a: b + c favour high (1.4 > 0.9); b: a + c too (1.3 > 1.05); c: low
    assert (held["a"]["threshold"], held["a"]["bcubed_f1"]) == (0.2, 0.5)
    assert held["b"]["threshold"] == 0.2 and held["b"]["reopen_threshold"] == 0.15
    assert (held["c"]["threshold"], held["c"]["bcubed_f1"], held["c"]["worst_seed_f1"]) == (
        0.1,
        0.2,
        0.2,
    )
    assert held["a"]["in_sample_best"] == 0.85


@pytest.mark.slow
def test_update_sets_pool_into_topics(shared_data: Path) -> None:
    pool = load_pool(shared_data / "duc2007_update_dev")
    assert len(set(pool.gold.values())) == 5


DEV_POOLS = ("duc2003", "multinews_dev", "duc2006_dev", "duc2007_update_dev")
# B-cubed F1 of the four dev pools pooled, seed 0, at the defaults: measured 0.849 (0.835
# while undated articles could reopen dormant stories, 0.630 before dormant stories
# reopened). Raise a floor when the clusterer improves; never lower one without saying
# why in the commit.
POOLED_F1_FLOOR = 0.84
# Leave one pool out over a small grid of (join, reopen) thresholds, seed 0; measured
# duc2003 0.873, multinews_dev 0.872, duc2006_dev 0.835, duc2007_update_dev 0.910.
FLOOR_GRID = ((0.11, 0.11), (0.11, 0.15), (0.15, 0.11), (0.15, 0.15))
HELD_OUT_FLOORS = {
    "duc2003": 0.86,
    "multinews_dev": 0.86,
    "duc2006_dev": 0.82,
    "duc2007_update_dev": 0.89,
}


@pytest.mark.slow
def test_pooled_and_held_out_story_f1_stay_above_their_floors(shared_data: Path) -> None:
    pools = [load_pool(shared_data / name) for name in DEV_POOLS]
    together = pooled(pools)
    pred, _ = cluster_pool(together, seed=0)
    assert score(pred, together.gold)["bcubed_f1"] >= POOLED_F1_FLOOR
    table = {
        (pool.name, pair): [
            score(
                cluster_pool(pool, seed=0, threshold=pair[0], reopen_threshold=pair[1])[0],
                pool.gold,
            )["bcubed_f1"]
        ]
        for pool in pools
        for pair in FLOOR_GRID
    }
    held = leave_one_pool_out(
        table, list(DEV_POOLS), FLOOR_GRID, (JOIN_THRESHOLD, REOPEN_THRESHOLD)
    )
    for name, floor in HELD_OUT_FLOORS.items():
        assert held[name]["bcubed_f1"] >= floor, (name, held[name])
