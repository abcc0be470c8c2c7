"""How the brief's time grows with a story: the whole brief against its summary alone.

``bench_brief(articles, sizes=...)`` takes, for each size N, the first N of ``articles``
(``load_articles`` reads a data set's clusters in sorted order, so the first four
``duc2006_dev`` topics are its first 100 articles) and times, on the same articles in
the same process, ``pipeline.summarize`` (clean, segment, summarise) and
``pipeline.brief`` (the same summary, then every analysis section: agreement,
differences, timeline, key quotes, names). Each is ``latency.time_call``: ``warmup``
untimed calls, then the minimum of ``repeats`` timed calls with the garbage collector
off. Sizes go in the outer loop and the two calls in the inner one, so a drift of the
machine touches both alike.

Reported per size: the summary's and the brief's seconds, their ratio (the brief's cost
over the summary's, the issue's target: at most 2 at 100 articles) and the analysis
alone (brief - summary); over the sizes, the growth of each from the smallest size to
the largest (the target: the brief at most 5x from 25 to 100 articles, a story four
times as large). Ratios taken in one run cancel most of a shared machine's speed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyfuse.eval.bench.latency import DEFAULT_REPEATS, DEFAULT_WARMUP, time_call
from storyfuse.eval.reports import make_progress
from storyfuse.types import Article

DEFAULT_SIZES = (25, 50, 100)
DEFAULT_WORDS = 250  # duc2006_dev's summary length

Timed = Callable[[Sequence[Article]], object]


@dataclass(frozen=True, slots=True)
class BriefTiming:
    """One size: the first ``articles`` articles, summarised and briefed."""

    articles: int
    summary_s: float
    brief_s: float

    @property
    def ratio(self) -> float:
        """The brief's time over the summary's alone."""
        return self.brief_s / self.summary_s

    @property
    def analysis_s(self) -> float:
        """What the analysis sections add to the summary."""
        return self.brief_s - self.summary_s

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "summary_s": self.summary_s,
            "brief_s": self.brief_s,
            "analysis_s": self.analysis_s,
            "ratio": self.ratio,
        }


@dataclass(frozen=True, slots=True)
class BriefBenchReport:
    """Every size of one run, smallest first, and the growth from the first to the last."""

    dataset: str
    words: int
    warmup: int
    repeats: int
    timings: tuple[BriefTiming, ...]

    @property
    def size_growth(self) -> float:
        return self.timings[-1].articles / self.timings[0].articles

    @property
    def brief_growth(self) -> float:
        return self.timings[-1].brief_s / self.timings[0].brief_s

    @property
    def summary_growth(self) -> float:
        return self.timings[-1].summary_s / self.timings[0].summary_s

    def to_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "words": self.words,
            "warmup": self.warmup,
            "repeats": self.repeats,
            "per_size_statistic": "min",
            "sizes": [t.to_dict() for t in self.timings],
            "size_growth": self.size_growth,
            "brief_growth": self.brief_growth,
            "summary_growth": self.summary_growth,
        }


def parse_sizes(text: str) -> tuple[int, ...]:
    """ "25,50,100" -> (25, 50, 100), sorted, each once; ValueError naming what is wrong."""
    try:
        sizes = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise ValueError(f"expected comma-separated whole numbers, got {text!r}") from None
    if not sizes:
        raise ValueError("no sizes given")
    if sizes[0] < 1:
        raise ValueError(f"sizes must be at least 1, got {sizes[0]}")
    return tuple(sizes)


def load_articles(dataset: Path, count: int) -> list[Article]:
    """The first ``count`` articles of a data set's clusters in sorted order (each
    cluster's documents in its own order), read cluster by cluster until there are
    enough; ValueError naming the data set when it has fewer."""
    from storyfuse.eval.datasets import load_dataset
    from storyfuse.ingest import load_paths

    articles: list[Article] = []
    for cluster in load_dataset(dataset):
        if len(articles) >= count:
            break
        articles.extend(load_paths([cluster.docs_dir]).articles)
    if len(articles) < count:
        raise ValueError(f"{dataset}: {len(articles)} articles, fewer than the {count} asked")
    return articles[:count]


def bench_brief(
    articles: Sequence[Article],
    *,
    sizes: Sequence[int] = DEFAULT_SIZES,
    words: int = DEFAULT_WORDS,
    warmup: int = DEFAULT_WARMUP,
    repeats: int = DEFAULT_REPEATS,
    dataset: str = "",
    progress: bool = False,
    clock: Callable[[], float] = time.perf_counter,
    summarize: Timed | None = None,
    brief: Timed | None = None,
) -> BriefBenchReport:
    """Time the summary alone and the whole brief of the first N articles, for each N of
    ``sizes`` (see the module docstring). ``summarize`` and ``brief`` default to the
    pipeline's at ``words`` words."""
    from storyfuse import pipeline

    ordered = sorted(set(sizes))
    if not ordered or ordered[0] < 1:
        raise ValueError(f"need sizes of at least 1 article, got {list(sizes)}")
    if ordered[-1] > len(articles):
        raise ValueError(f"{len(articles)} articles, fewer than the largest size {ordered[-1]}")
    if warmup < 0 or repeats < 1:
        raise ValueError(f"need warmup >= 0 and repeats >= 1, got {warmup} and {repeats}")
    runs: dict[str, Timed] = {
        "summary": summarize or (lambda a: pipeline.summarize(a, words=words)),
        "brief": brief or (lambda a: pipeline.brief(a, words=words)),
    }
    timings: list[BriefTiming] = []
    with make_progress(progress) as bar:
        task = bar.add_task("benchmarking", total=len(ordered) * len(runs))
        for size in ordered:
            chosen = list(articles[:size])
            seconds: dict[str, float] = {}
            for name, run in runs.items():
                bar.update(task, description=f"{name} of {size} articles")
                seconds[name] = time_call(run, chosen, warmup=warmup, repeats=repeats, clock=clock)
                bar.advance(task)
            timings.append(BriefTiming(size, seconds["summary"], seconds["brief"]))
    return BriefBenchReport(dataset, words, warmup, repeats, tuple(timings))


BRIEF_BENCH_HEADER = ("articles", "summary s", "brief s", "analysis s", "brief / summary")


def render_brief_bench(report: BriefBenchReport) -> tuple[list[tuple[str, ...]], list[str]]:
    """Table rows (per size) and summary lines (the growth)."""
    rows: list[tuple[str, ...]] = [
        (
            str(t.articles),
            f"{t.summary_s:.3f}",
            f"{t.brief_s:.3f}",
            f"{t.analysis_s:.3f}",
            f"{t.ratio:.2f}",
        )
        for t in report.timings
    ]
    first, last = report.timings[0], report.timings[-1]
    lines = [
        f"from {first.articles} to {last.articles} articles ({report.size_growth:g}x): "
        f"brief {report.brief_growth:.2f}x, summary {report.summary_growth:.2f}x "
        f"(min of {report.repeats} runs after {report.warmup} warm-up, {report.words} words)"
    ]
    return rows, lines
