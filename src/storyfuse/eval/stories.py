"""Story clustering scored on evaluation data: every ``<cluster>/docs`` is one gold story.

All documents are pooled into one stream (``stream_order``), cleaned, and clustered
online; the result is scored with B-cubed and the adjusted Rand index.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from storyfuse.ingest import load_paths
from storyfuse.stories.cluster import JOIN_THRESHOLD, STORY_WINDOW, StoryClusterer, stream_order
from storyfuse.stories.metrics import adjusted_rand_index, bcubed
from storyfuse.text.clean import clean_article
from storyfuse.types import Article


def evaluate_story_clustering(
    dataset_dirs: Sequence[Path],
    *,
    seed: int = 0,
    threshold: float = JOIN_THRESHOLD,
    window: timedelta = STORY_WINDOW,
) -> dict[str, Any]:
    """Pool every cluster of the datasets into one stream, cluster it, score it.

    Each ``<dataset>/<cluster>/docs`` is one gold story. The stream is ``stream_order``
    of all documents; each is cleaned, then added to a ``StoryClusterer`` in that order.
    ``articles_per_second`` times the clusterer alone; ``clean_per_second`` the cleaning.
    """
    gold: dict[str, str] = {}
    articles: list[Article] = []
    for dataset in dataset_dirs:
        for cluster_dir in sorted(p for p in Path(dataset).iterdir() if (p / "docs").is_dir()):
            for article in load_paths([cluster_dir / "docs"]).articles:
                if article.id not in gold:  # the same text in two clusters counts once
                    gold[article.id] = f"{Path(dataset).name}/{cluster_dir.name}"
                    articles.append(article)
    clusterer = StoryClusterer(threshold=threshold, window=window)
    pred: dict[str, str] = {}
    start = time.perf_counter()
    stream = [clean_article(article) for article in stream_order(articles, seed=seed)]
    clean_seconds = time.perf_counter() - start
    start = time.perf_counter()
    for article in stream:
        pred[article.id] = clusterer.add(article)
    seconds = time.perf_counter() - start
    scores = bcubed(pred, gold)
    return {
        "bcubed_precision": scores.precision,
        "bcubed_recall": scores.recall,
        "bcubed_f1": scores.f1,
        "ari": adjusted_rand_index(pred, gold),
        "articles": len(pred),
        "stories": len(set(pred.values())),
        "gold_stories": len(set(gold.values())),
        "articles_per_second": len(pred) / seconds if seconds else float("inf"),
        "clean_per_second": len(pred) / clean_seconds if clean_seconds else float("inf"),
    }
