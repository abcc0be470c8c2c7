"""Story clustering scored on evaluation data: every gold story is one cluster of a pool.

A *pool* is a data set (``<pool>/<cluster>/docs``). Each cluster is one gold story,
except that the sets of one update topic (``meta.json`` ``update_set``, folders
``D0703A-A``, ``-B``, ``-C``) are one story. A pool's documents are cleaned, put in one
arrival order (``stream_order``, shuffled by a seed, then by date) and clustered online;
the result is scored with B-cubed, the adjusted Rand index, and two counts a reader of a
story list sees: *merges* (predicted stories holding articles of more than one gold
story) and *splits* (gold stories spread over more than one predicted story).

``evaluate_pools`` runs every pool alone and all of them pooled, over several seeds,
and reports each run, the worst seed, and a leave-one-pool-out choice of the join and
reopen thresholds: for each pool, the pair that does best on the *other* pools (the sum
of their mean F1 over seeds), scored on the one left out. That is the figure that says
how the constants would do on news they were not tuned on.

``story_errors`` says where a clustering's errors come from: each split gold story and
each merged predicted story, its parts with their sizes, date spans and a title, so that
a reader sees which events were cut apart or run together (``bench-stories --errors``).
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from storyfuse.ingest import load_paths
from storyfuse.stories.cluster import (
    JOIN_THRESHOLD,
    REOPEN_THRESHOLD,
    STORY_WINDOW,
    StoryClusterer,
    naive_utc,
    stream_order,
)
from storyfuse.stories.metrics import adjusted_rand_index, bcubed
from storyfuse.text.clean import clean_article
from storyfuse.types import Article

META_FILE = "meta.json"
UPDATE_SET_KEY = "update_set"  # meta.json of an update topic's set (A, B, C)
DEFAULT_SEEDS = (0, 1, 2)
# Join and reopen thresholds the leave-one-pool-out choice picks from (today's among them).
THRESHOLD_GRID = (0.09, 0.11, 0.13, 0.15, 0.17)
REOPEN_GRID = (0.09, 0.11, 0.13, 0.15, 0.17, 0.19, 0.21)
ROUND = 4
ERROR_TITLE_CHARS = 70  # an error report's title of a part (its earliest article's)
UNDATED = "undated"

_SET_SUFFIX_RE = re.compile(r"-[A-Z]$")


@dataclass(frozen=True, slots=True)
class Pool:
    """A data set's cleaned articles, in load order, and each one's gold story."""

    name: str
    articles: tuple[Article, ...]
    gold: Mapping[str, str]


def gold_story(cluster_dir: Path) -> str:
    """A cluster's gold story: its folder name, or its topic for an update task's set."""
    meta_path = cluster_dir / META_FILE
    if meta_path.is_file():
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            meta = {}
        if isinstance(meta, dict) and meta.get(UPDATE_SET_KEY):
            return _SET_SUFFIX_RE.sub("", cluster_dir.name)
    return cluster_dir.name


def _raw_pool(dataset: Path) -> Pool:
    """Every cluster's documents as loaded; the same text in two clusters counts once."""
    dataset = Path(dataset)
    gold: dict[str, str] = {}
    articles: list[Article] = []
    for cluster_dir in sorted(p for p in dataset.iterdir() if (p / "docs").is_dir()):
        story = f"{dataset.name}/{gold_story(cluster_dir)}"
        for article in load_paths([cluster_dir / "docs"]).articles:
            if article.id not in gold:
                gold[article.id] = story
                articles.append(article)
    return Pool(dataset.name, tuple(articles), gold)


def _cleaned(pool: Pool) -> Pool:
    return Pool(pool.name, tuple(clean_article(a) for a in pool.articles), pool.gold)


def load_pool(dataset: Path) -> Pool:
    """A data set's documents, cleaned, with their gold stories."""
    return _cleaned(_raw_pool(dataset))


def pooled(pools: Sequence[Pool]) -> Pool:
    """All pools as one stream (an article in two pools counts once, in the first)."""
    gold: dict[str, str] = {}
    articles: list[Article] = []
    for pool in pools:
        for article in pool.articles:
            if article.id not in gold:
                gold[article.id] = pool.gold[article.id]
                articles.append(article)
    return Pool("pooled", tuple(articles), gold)


def cluster_pool(
    pool: Pool,
    *,
    seed: int,
    threshold: float = JOIN_THRESHOLD,
    reopen_threshold: float = REOPEN_THRESHOLD,
    window: timedelta = STORY_WINDOW,
) -> tuple[dict[str, str], float]:
    """The predicted story of every article, and the clusterer's seconds."""
    clusterer = StoryClusterer(
        threshold=threshold, reopen_threshold=reopen_threshold, window=window
    )
    stream = stream_order(pool.articles, seed=seed)
    start = time.perf_counter()
    pred = {article.id: clusterer.add(article) for article in stream}
    return pred, time.perf_counter() - start


def merges_and_splits(pred: Mapping[str, str], gold: Mapping[str, str]) -> tuple[int, int]:
    """Predicted stories with articles of several gold stories; gold stories in several."""
    golds_of: dict[str, set[str]] = defaultdict(set)
    preds_of: dict[str, set[str]] = defaultdict(set)
    for item, story in gold.items():
        golds_of[pred[item]].add(story)
        preds_of[story].add(pred[item])
    return (
        sum(len(g) > 1 for g in golds_of.values()),
        sum(len(p) > 1 for p in preds_of.values()),
    )


@dataclass(frozen=True, slots=True)
class ErrorPart:
    """The articles one gold story and one predicted story share: how many, their date
    span (None for undated articles) and the title of the earliest of them."""

    gold: str
    predicted: str
    articles: int
    first: datetime | None
    last: datetime | None
    title: str


@dataclass(frozen=True, slots=True)
class StoryError:
    """A split (``kind`` "split": one gold story over several predicted ones) or a merge
    ("merge": one predicted story holding several gold ones), named by ``story`` (the
    gold or the predicted story), with its parts, largest first."""

    kind: str
    story: str
    parts: tuple[ErrorPart, ...]

    @property
    def articles(self) -> int:
        return sum(part.articles for part in self.parts)

    @property
    def stray(self) -> int:
        """Articles outside the largest part: what the error costs a reader."""
        return self.articles - self.parts[0].articles

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "story": self.story,
            "articles": self.articles,
            "stray": self.stray,
            "parts": [
                {
                    "gold": part.gold,
                    "predicted": part.predicted,
                    "articles": part.articles,
                    "first": _iso_day(part.first),
                    "last": _iso_day(part.last),
                    "title": part.title,
                }
                for part in self.parts
            ],
        }


def _by_date(article: Article) -> tuple[bool, datetime, str]:
    """Dated articles first, by date, then undated ones; ties by id."""
    moment = naive_utc(article.published)
    return (moment is None, moment or datetime.min, article.id)


def _part_title(article: Article) -> str:
    text = (article.title or article.text).strip()
    return " ".join(text.split())[:ERROR_TITLE_CHARS]


def story_errors(pool: Pool, pred: Mapping[str, str]) -> tuple[StoryError, ...]:
    """Every split and every merge of ``pred`` against the pool's gold stories: splits
    first, then merges, each by its stray articles (most first), its size, then name."""
    groups: dict[tuple[str, str], list[Article]] = defaultdict(list)
    for article in pool.articles:
        groups[pool.gold[article.id], pred[article.id]].append(article)
    parts: dict[tuple[str, str], ErrorPart] = {}
    for (gold, predicted), members in groups.items():
        members.sort(key=_by_date)
        dates = [moment for a in members if (moment := naive_utc(a.published)) is not None]
        parts[gold, predicted] = ErrorPart(
            gold,
            predicted,
            len(members),
            dates[0] if dates else None,
            dates[-1] if dates else None,
            _part_title(members[0]),
        )
    by_gold = Counter(gold for gold, _ in parts)
    by_pred = Counter(predicted for _, predicted in parts)

    def error(kind: str, story: str, index: int) -> StoryError:
        found = [part for key, part in parts.items() if key[index] == story]
        found.sort(key=lambda part: (-part.articles, part.gold, part.predicted))
        return StoryError(kind, story, tuple(found))

    splits = [error("split", g, 0) for g, n in by_gold.items() if n > 1]
    merges = [error("merge", p, 1) for p, n in by_pred.items() if n > 1]
    return (*sorted(splits, key=_by_size), *sorted(merges, key=_by_size))


def _by_size(err: StoryError) -> tuple[int, int, str]:
    return (-err.stray, -err.articles, err.story)


def pool_errors(pools: Sequence[Pool], *, seed: int) -> dict[str, tuple[StoryError, ...]]:
    """Each pool's errors at the default thresholds, and (for several pools) pooled's."""
    found: dict[str, tuple[StoryError, ...]] = {}
    for pool in (*pools, pooled(pools)) if len(pools) > 1 else tuple(pools):
        found[pool.name] = story_errors(pool, cluster_pool(pool, seed=seed)[0])
    return found


def format_errors(errors: Sequence[StoryError]) -> list[str]:
    """One line per error and one indented line per part: its size, dates, the story on
    the other side and its title."""
    lines: list[str] = []
    for err in errors:
        lines.append(
            f"{err.kind} {err.story}: {err.articles} articles in {len(err.parts)} parts, "
            f"{err.stray} outside the largest"
        )
        for part in err.parts:
            other = part.predicted if err.kind == "split" else part.gold
            lines.append(
                f"  {part.articles:4d}  {_day(part.first)} .. {_day(part.last)}  {other}  "
                f"{part.title}"
            )
    return lines


def _iso_day(moment: datetime | None) -> str | None:
    return moment.date().isoformat() if moment is not None else None


def _day(moment: datetime | None) -> str:
    return _iso_day(moment) or UNDATED


def score(pred: Mapping[str, str], gold: Mapping[str, str]) -> dict[str, Any]:
    """B-cubed, ARI, story counts, merges and splits of one clustering."""
    prf = bcubed(pred, gold)
    merges, splits = merges_and_splits(pred, gold)
    return {
        "bcubed_precision": round(prf.precision, ROUND),
        "bcubed_recall": round(prf.recall, ROUND),
        "bcubed_f1": round(prf.f1, ROUND),
        "ari": round(adjusted_rand_index(pred, gold), ROUND),
        "articles": len(gold),
        "stories": len(set(pred[x] for x in gold)),
        "gold_stories": len(set(gold.values())),
        "merges": merges,
        "splits": splits,
    }


def evaluate_story_clustering(
    dataset_dirs: Sequence[Path],
    *,
    seed: int = 0,
    threshold: float = JOIN_THRESHOLD,
    window: timedelta = STORY_WINDOW,
) -> dict[str, Any]:
    """Pool every cluster of the datasets into one stream, cluster it, score it.

    ``articles_per_second`` times the clusterer alone; ``clean_per_second`` the cleaning.
    """
    raw = pooled([_raw_pool(Path(d)) for d in dataset_dirs])
    start = time.perf_counter()
    pool = _cleaned(raw)
    clean_seconds = time.perf_counter() - start
    pred, seconds = cluster_pool(pool, seed=seed, threshold=threshold, window=window)
    n = len(pred)
    return {
        **score(pred, pool.gold),
        "articles_per_second": n / seconds if seconds else float("inf"),
        "clean_per_second": n / clean_seconds if clean_seconds else float("inf"),
    }


@dataclass(frozen=True, slots=True)
class PoolReport:
    """Per pool (and ``pooled``): each seed's scores at ``threshold`` and
    ``reopen_threshold``; the worst seed; the leave-one-pool-out thresholds and their
    held-out F1 (mean and worst over seeds)."""

    threshold: float
    reopen_threshold: float
    seeds: tuple[int, ...]
    runs: dict[str, list[dict[str, Any]]]
    held_out: dict[str, dict[str, float]]

    def worst(self, pool: str) -> dict[str, Any]:
        return min(self.runs[pool], key=lambda r: r["bcubed_f1"])

    def to_dict(self) -> dict[str, Any]:
        return {
            "threshold": self.threshold,
            "reopen_threshold": self.reopen_threshold,
            "seeds": list(self.seeds),
            "pools": {
                name: {"runs": runs, "worst_seed": self.worst(name)}
                for name, runs in self.runs.items()
            },
            "leave_one_pool_out": self.held_out,
        }


Thresholds = tuple[float, float]  # (join, reopen)


def _f1s(pool: Pool, seeds: Sequence[int], pair: Thresholds) -> list[float]:
    """B-cubed F1 of each seed's run at the (join, reopen) thresholds."""
    return [
        score(
            cluster_pool(pool, seed=s, threshold=pair[0], reopen_threshold=pair[1])[0], pool.gold
        )["bcubed_f1"]
        for s in seeds
    ]


def leave_one_pool_out(
    table: Mapping[tuple[str, Thresholds], Sequence[float]],
    pools: Sequence[str],
    grid: Sequence[Thresholds],
    today: Thresholds,
) -> dict[str, dict[str, float]]:
    """For each pool, the grid's pair with the best summed mean F1 on the other pools
    (ties: the pair nearest ``today``), and its F1 on the pool left out."""

    def mean(name: str, pair: Thresholds) -> float:
        return sum(table[name, pair]) / len(table[name, pair])

    held_out: dict[str, dict[str, float]] = {}
    for left in pools:
        others = [name for name in pools if name != left]
        chosen = max(
            grid,
            key=lambda pair: (
                round(sum(mean(o, pair) for o in others), ROUND + 2),
                -abs(pair[0] - today[0]) - abs(pair[1] - today[1]),
            ),
        )
        held_out[left] = {
            "threshold": chosen[0],
            "reopen_threshold": chosen[1],
            "bcubed_f1": round(mean(left, chosen), ROUND),
            "worst_seed_f1": round(min(table[left, chosen]), ROUND),
            "in_sample_best": round(max(mean(left, pair) for pair in grid), ROUND),
        }
    return held_out


def evaluate_pools(
    pools: Sequence[Pool],
    *,
    seeds: Sequence[int] = DEFAULT_SEEDS,
    threshold: float = JOIN_THRESHOLD,
    reopen_threshold: float = REOPEN_THRESHOLD,
    grid: Sequence[float] = THRESHOLD_GRID,
    reopen_grid: Sequence[float] = REOPEN_GRID,
) -> PoolReport:
    """Every pool alone and all pooled, each seed; and the leave-one-pool-out thresholds
    (over every pair of ``grid`` and ``reopen_grid``)."""
    runs: dict[str, list[dict[str, Any]]] = {}
    for pool in (*pools, pooled(pools)) if len(pools) > 1 else tuple(pools):
        runs[pool.name] = [
            {
                "seed": s,
                **score(
                    cluster_pool(
                        pool, seed=s, threshold=threshold, reopen_threshold=reopen_threshold
                    )[0],
                    pool.gold,
                ),
            }
            for s in seeds
        ]
    held_out: dict[str, dict[str, float]] = {}
    if len(pools) > 1:
        pairs = [(t, r) for t in grid for r in reopen_grid]
        table = {(p.name, pair): _f1s(p, seeds, pair) for p in pools for pair in pairs}
        held_out = leave_one_pool_out(
            table, [p.name for p in pools], pairs, (threshold, reopen_threshold)
        )
    return PoolReport(threshold, reopen_threshold, tuple(seeds), runs, held_out)
