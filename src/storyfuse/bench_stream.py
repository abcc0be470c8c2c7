"""Stream throughput and memory: a long synthetic stream through ``ingest_articles``.

Order of the benchmark (``run_stream_bench``):

1. ``synthetic_stream`` recombines the sentences of the data sets' clusters
   (``<dataset>/<cluster>/docs/*.txt``, read at run time) into an endless, deterministic
   stream: each article belongs to one synthetic story, drawn from one source cluster;
   stories start at a steady rate and each stays live for ``LIVE_STORIES`` story starts,
   so clusters are recycled as new stories over time (with a story-index suffix) and the
   number of live stories stays realistic; publication times advance by ``per_day``
   articles a day, so the clusterer's 14-day window keeps its state bounded;
2. the stream is cut into batches of ``BATCH_ARTICLES`` and fed, on this one process,
   to ``ingest_articles`` over a fresh SQLite store, with one ``StreamState`` kept
   across batches (as one long ``storyfuse ingest`` run would);
3. at every checkpoint (each ``checkpoint`` articles and each of ``counts``) it records
   the articles done, seconds in ``ingest_articles``, articles/s overall and over the
   last interval, peak and current RSS, the clusterer's open stories and the stories
   stored; the summary gives growth ratios from the first to the last of ``counts``.

Only the source clusters' sentences are held in memory, never the stream.
"""

from __future__ import annotations

import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import Any

from storyfuse.types import Article, stable_id

DEFAULT_COUNTS = (10_000, 100_000)
DEFAULT_CHECKPOINT = 10_000
DEFAULT_START = datetime(2024, 1, 1, tzinfo=UTC)
DEFAULT_PER_DAY = 500  # articles a day: a mid-sized news feed
BATCH_ARTICLES = 500  # articles per ingest_articles call
STORY_EVERY = 10  # a new story starts every this many articles (~10 articles a story)
LIVE_STORIES = 100  # an article joins one of the newest this many stories
MIN_SENTENCES = 8
MAX_SENTENCES = 20
TITLE_WORDS = 12
MIN_CLUSTER_SENTENCES = 4  # clusters with fewer sentences are left out
KB = 1024
SECONDS_PER_DAY = 86_400.0

_PLACES = ("North", "South", "East", "West", "Upper", "Lower", "Port", "New", "Old", "Lake")
_TOWNS = ("Alden", "Brayford", "Corrin", "Dunmere", "Elstow", "Fallow", "Garth", "Hollin")
_TITLES = ("Courier", "Gazette", "Herald", "Ledger", "Post", "Tribune", "Observer", "Wire")

Progress = Callable[[int, int], None]  # (articles done, articles in all)


@dataclass(frozen=True, slots=True)
class StreamCheckpoint:
    """The state of the benchmark after ``articles`` articles."""

    articles: int
    seconds: float  # in ingest_articles, generation excluded
    articles_per_second: float
    interval_articles_per_second: float
    peak_rss_kb: int
    rss_kb: int | None  # current RSS; None where /proc/self/statm is missing
    open_stories: int  # stories the clusterer holds open
    stored_stories: int
    duplicates: int


@dataclass(frozen=True, slots=True)
class StreamBenchReport:
    """The checkpoints of one run, and its summary."""

    datasets: tuple[str, ...]
    clusters: int
    articles: int
    counts: tuple[int, ...]
    checkpoints: tuple[StreamCheckpoint, ...]
    seconds: float  # in ingest_articles
    generate_seconds: float
    baseline_rss_kb: int | None  # before the store was opened
    store_bytes: int  # the SQLite file with its WAL and shared-memory files
    ms_per_article_first: float  # over the first count
    ms_per_article_last: float  # over the last interval before the last count
    time_per_article_growth: float  # last / first
    rss_growth: float | None  # current RSS at the last count / at the first
    peak_rss_growth: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _cluster_sentences(dataset_dirs: Sequence[Path]) -> list[tuple[str, tuple[str, ...]]]:
    """(name, sentences) of every cluster, in sorted order; tiny clusters left out."""
    from storyfuse.segment import split_sentences

    clusters: list[tuple[str, tuple[str, ...]]] = []
    for dataset in dataset_dirs:
        for cluster in sorted(p for p in Path(dataset).iterdir() if (p / "docs").is_dir()):
            sentences: list[str] = []
            for doc in sorted((cluster / "docs").glob("*.txt")):
                text = doc.read_text(encoding="utf-8", errors="replace")
                sentences.extend(" ".join(s.text.split()) for s in split_sentences(text))
            kept = tuple(s for s in sentences if s)
            if len(kept) >= MIN_CLUSTER_SENTENCES:
                clusters.append((f"{Path(dataset).name}/{cluster.name}", kept))
    if not clusters:
        raise ValueError(
            "no cluster with sentences in " + ", ".join(str(d) for d in dataset_dirs)
            + " (expected <dataset>/<cluster>/docs/*.txt)"
        )
    return clusters


def source_name(rng: random.Random) -> str:
    """A fictional news source, e.g. 'Port Alden Herald'."""
    return f"{rng.choice(_PLACES)} {rng.choice(_TOWNS)} {rng.choice(_TITLES)}"


def synthetic_stream(
    dataset_dirs: Sequence[Path],
    *,
    count: int,
    seed: int = 0,
    start: datetime = DEFAULT_START,
    per_day: int = DEFAULT_PER_DAY,
) -> Iterator[Article]:
    """``count`` deterministic articles recombined from the datasets' cluster sentences.

    Article ``i`` is published ``i / per_day`` days after ``start``; it belongs to a story
    chosen among the ``LIVE_STORIES`` newest (a story starts every ``STORY_EVERY``
    articles; story ``k`` draws on cluster ``order[k % clusters]``). It takes 8 to 20 of
    that cluster's sentences in their original order, a fictional source and a closing
    sentence with its serial number and story index, so every id and text is unique.
    """
    if count < 0 or per_day < 1:
        raise ValueError("count must be >= 0 and per_day >= 1")
    return _recombine(
        _cluster_sentences(dataset_dirs), count=count, seed=seed, start=start, per_day=per_day
    )


def _recombine(
    clusters: Sequence[tuple[str, tuple[str, ...]]],
    *,
    count: int,
    seed: int,
    start: datetime,
    per_day: int,
) -> Iterator[Article]:
    rng = random.Random(seed)
    order = list(range(len(clusters)))
    rng.shuffle(order)
    step = timedelta(seconds=SECONDS_PER_DAY / per_day)
    for serial in range(count):
        started = serial // STORY_EVERY + 1
        story = rng.randrange(max(0, started - LIVE_STORIES), started)
        name, sentences = clusters[order[story % len(clusters)]]
        take = min(len(sentences), rng.randint(MIN_SENTENCES, MAX_SENTENCES))
        picked = [sentences[i] for i in sorted(rng.sample(range(len(sentences)), take))]
        source = source_name(rng)
        generation = story // len(clusters)
        picked.append(
            f"This is report {serial} of story {story} ({name}, round {generation}) "
            f"filed by the {source}."
        )
        url = f"https://synthetic.example/{seed}/{serial}"
        yield Article(
            id=stable_id(url=url),
            text="\n".join(picked),
            title=" ".join(picked[0].split()[:TITLE_WORDS]),
            source=source,
            url=url,
            published=start + serial * step,
        )


def peak_rss_kb() -> int:
    """This process's peak resident set size in KB (ru_maxrss: KB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // KB if sys.platform == "darwin" else peak


def current_rss_kb() -> int | None:
    """This process's resident set size in KB now, or None without /proc/self/statm."""
    try:
        fields = Path("/proc/self/statm").read_text().split()
        return int(fields[1]) * os.sysconf("SC_PAGE_SIZE") // KB
    except (OSError, ValueError, IndexError):
        return None


def _store_bytes(db: Path) -> int:
    files = (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm"))
    return sum(f.stat().st_size for f in files if f.exists())


def checkpoint_marks(total: int, counts: Sequence[int], checkpoint: int) -> list[int]:
    """Sorted article counts to record at: every ``checkpoint``, each of ``counts``, the end."""
    marks = set(range(checkpoint, total + 1, checkpoint)) if checkpoint > 0 else set()
    marks.update(c for c in counts if 0 < c <= total)
    marks.add(total)
    return sorted(marks)


def _ratio(last: float | None, first: float | None) -> float | None:
    return last / first if last is not None and first else None


def run_stream_bench(
    dataset_dirs: Sequence[Path],
    *,
    counts: Sequence[int] = DEFAULT_COUNTS,
    db: Path | None = None,
    checkpoint: int = DEFAULT_CHECKPOINT,
    seed: int = 0,
    progress: Progress | None = None,
) -> StreamBenchReport:
    """Stream ``max(counts)`` synthetic articles into a fresh store and record checkpoints.

    ``db`` keeps the store at that (new) path; by default it lives in a temporary folder
    removed afterwards. ``progress`` is called after each batch with (done, total).
    """
    if not counts or min(counts) < 1:
        raise ValueError("counts must be positive article counts")
    if db is not None and db.exists():
        raise ValueError(f"{db} exists; the benchmark needs a fresh store")
    if db is not None:
        return _run(dataset_dirs, counts, db, checkpoint, seed, progress)
    with tempfile.TemporaryDirectory(prefix="storyfuse-bench-") as folder:
        return _run(dataset_dirs, counts, Path(folder) / "bench.sqlite", checkpoint, seed, progress)


def _run(
    dataset_dirs: Sequence[Path],
    counts: Sequence[int],
    db: Path,
    checkpoint: int,
    seed: int,
    progress: Progress | None,
) -> StreamBenchReport:
    from storyfuse.store import Store
    from storyfuse.stream import StreamState, ingest_articles

    total = max(counts)
    baseline = current_rss_kb()
    gen_start = time.perf_counter()
    clusters = _cluster_sentences(dataset_dirs)
    stream = _recombine(
        clusters, count=total, seed=seed, start=DEFAULT_START, per_day=DEFAULT_PER_DAY
    )
    generate = time.perf_counter() - gen_start
    state = StreamState()
    points: list[StreamCheckpoint] = []
    done = stored = duplicates = 0
    seconds = last_seconds = 0.0
    with Store.open(db) as store:
        for mark in checkpoint_marks(total, counts, checkpoint):
            while done < mark:
                gen_start = time.perf_counter()
                batch = list(islice(stream, min(BATCH_ARTICLES, mark - done)))
                generate += time.perf_counter() - gen_start
                if not batch:
                    break
                tick = time.perf_counter()
                report = ingest_articles(store, batch, state=state)
                seconds += time.perf_counter() - tick
                done += len(batch)
                stored += report.new_stories
                duplicates += report.duplicates
                if progress is not None:
                    progress(done, total)
            interval = seconds - last_seconds
            since = done - (points[-1].articles if points else 0)
            points.append(
                StreamCheckpoint(
                    articles=done,
                    seconds=seconds,
                    articles_per_second=done / seconds if seconds else 0.0,
                    interval_articles_per_second=since / interval if interval else 0.0,
                    peak_rss_kb=peak_rss_kb(),
                    rss_kb=current_rss_kb(),
                    open_stories=state.clusterer.open_stories,
                    stored_stories=stored,
                    duplicates=duplicates,
                )
            )
            last_seconds = seconds
    return _report(
        dataset_dirs, len(clusters), counts, points, generate, baseline, _store_bytes(db)
    )


def _report(
    dataset_dirs: Sequence[Path],
    clusters: int,
    counts: Sequence[int],
    points: Sequence[StreamCheckpoint],
    generate: float,
    baseline: int | None,
    store_bytes: int,
) -> StreamBenchReport:
    by_count = {p.articles: p for p in points}
    first = by_count[min(counts)]
    last = by_count[max(counts)]
    index = points.index(last)
    before = points[index - 1] if index > 0 else None
    last_ms = (
        1000.0 * (last.seconds - before.seconds) / (last.articles - before.articles)
        if before is not None
        else 1000.0 * last.seconds / last.articles
    )
    first_ms = 1000.0 * first.seconds / first.articles
    return StreamBenchReport(
        datasets=tuple(str(d) for d in dataset_dirs),
        clusters=clusters,
        articles=last.articles,
        counts=tuple(sorted(set(counts))),
        checkpoints=tuple(points),
        seconds=last.seconds,
        generate_seconds=generate,
        baseline_rss_kb=baseline,
        store_bytes=store_bytes,
        ms_per_article_first=first_ms,
        ms_per_article_last=last_ms,
        time_per_article_growth=last_ms / first_ms if first_ms else 0.0,
        rss_growth=_ratio(last.rss_kb, first.rss_kb),
        peak_rss_growth=last.peak_rss_kb / first.peak_rss_kb if first.peak_rss_kb else 0.0,
    )


@contextmanager
def progress_bar(total: int, *, enabled: bool) -> Iterator[Progress | None]:
    """A rich progress bar on stderr yielding its ``progress`` callback, or None if disabled."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as Bar

    columns = (TextColumn("bench-stream"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Bar(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("bench-stream", total=total)

        def tick(done: int, total: int) -> None:
            bar.update(task, completed=done)

        yield tick


def render_stream_bench(report: StreamBenchReport) -> tuple[list[list[str]], list[str]]:
    """(table rows with a header row, summary lines) for printing."""
    rows = [
        [
            "articles", "seconds", "art/s", "interval art/s", "peak RSS MB", "RSS MB",
            "open stories", "stored stories", "duplicates",
        ]
    ]
    for p in report.checkpoints:
        rows.append(
            [
                f"{p.articles:,}", f"{p.seconds:,.1f}", f"{p.articles_per_second:,.1f}",
                f"{p.interval_articles_per_second:,.1f}", f"{p.peak_rss_kb / KB:,.1f}",
                "-" if p.rss_kb is None else f"{p.rss_kb / KB:,.1f}",
                f"{p.open_stories:,}", f"{p.stored_stories:,}", f"{p.duplicates:,}",
            ]
        )
    rss = "-" if report.rss_growth is None else f"{report.rss_growth:.2f}x"
    baseline = "-" if report.baseline_rss_kb is None else f"{report.baseline_rss_kb / KB:.1f} MB"
    summary = [
        f"articles        {report.articles:,} from {report.clusters} clusters",
        f"ingest seconds  {report.seconds:,.1f} (generation {report.generate_seconds:,.1f})",
        f"ms/article      {report.ms_per_article_first:.2f} over the first "
        f"{min(report.counts):,}, {report.ms_per_article_last:.2f} over the last interval "
        f"({report.time_per_article_growth:.2f}x)",
        f"memory growth   RSS {rss}, peak RSS {report.peak_rss_growth:.2f}x "
        f"(baseline RSS {baseline})",
        f"store size      {report.store_bytes / KB / KB:,.1f} MB",
    ]
    return rows, summary
