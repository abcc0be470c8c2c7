"""Stream throughput and memory: a long synthetic stream through the whole ingest.

Order of the benchmark (``run_stream_bench``):

1. ``synthetic_stream`` recombines the sentences of the data sets' clusters
   (``<dataset>/<cluster>/docs/*.txt``, read at run time) into an endless, deterministic
   stream: each article belongs to one synthetic story, drawn from one source cluster;
   stories start at a steady rate and each stays live for ``LIVE_STORIES`` story starts,
   so clusters are recycled as new stories over time (with a story-index suffix) and the
   number of live stories stays realistic; publication times advance by ``per_day``
   articles a day, so the 14-day window keeps the clusterer's and the duplicate index's
   state bounded;
2. each article is prepared (``stream.prepare``: cleaned and MinHashed), in this process
   or, with ``workers`` or ``scheduler``, on Dask workers (``scale.prepare_stream``,
   ``PREPARE_CHUNK`` articles a task, a few tasks ahead), and fed in order, in batches
   of ``BATCH_ARTICLES``, to ``stream.ingest_prepared`` over a fresh SQLite store, with
   one ``StreamState`` kept across batches (as one long ``storyfuse ingest`` run would);
3. at every checkpoint (each ``checkpoint`` articles and each of ``counts``) it records
   the articles done, seconds of ingest (waiting for workers included, generating the
   stream excluded), articles/s overall and over the last interval (also per CPU second
   of this process, which a busy machine does not skew), peak and current
   RSS (and the Dask workers' RSS), the clusterer's open stories, the duplicate index's
   originals and the stories stored; the summary gives growth ratios from the first to
   the last of ``counts``.

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
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyfuse.types import Article, stable_id

if TYPE_CHECKING:
    from storyfuse.scale import Mapper

DEFAULT_COUNTS = (10_000, 100_000)
DEFAULT_CHECKPOINT = 10_000
DEFAULT_START = datetime(2024, 1, 1, tzinfo=UTC)
DEFAULT_PER_DAY = 500  # articles a day: a mid-sized news feed
BATCH_ARTICLES = 500  # articles per ingest_prepared call
STORY_EVERY = 10  # a new story starts every this many articles (~10 articles a story)
LIVE_STORIES = 100  # an article joins one of the newest this many stories
MIN_SENTENCES = 8
MAX_SENTENCES = 20
TITLE_WORDS = 12
MIN_CLUSTER_SENTENCES = 4  # clusters with fewer sentences are left out
KB = 1024
DEFAULT_DASK_WORKERS = 2  # with a scheduler address the cluster's own workers are used
SECONDS_PER_DAY = 86_400.0

_PLACES = ("North", "South", "East", "West", "Upper", "Lower", "Port", "New", "Old", "Lake")
_TOWNS = ("Alden", "Brayford", "Corrin", "Dunmere", "Elstow", "Fallow", "Garth", "Hollin")
_TITLES = ("Courier", "Gazette", "Herald", "Ledger", "Post", "Tribune", "Observer", "Wire")

Progress = Callable[[int, int], None]  # (articles done, articles in all)


@dataclass(frozen=True, slots=True)
class StreamCheckpoint:
    """The state of the benchmark after ``articles`` articles."""

    articles: int
    seconds: float  # in ingest, generation excluded
    articles_per_second: float
    interval_articles_per_second: float
    peak_rss_kb: int
    rss_kb: int | None  # current RSS; None where /proc/self/statm is missing
    open_stories: int  # stories the clusterer holds open
    stored_stories: int
    duplicates: int
    dedup_originals: int = 0  # originals the duplicate index holds
    # This process's CPU time in ingest: on a shared machine wall time also counts the
    # waits for a core. With Dask the workers' CPU time is not in it.
    cpu_seconds: float = 0.0
    interval_cpu_articles_per_second: float = 0.0
    workers_rss_kb: int | None = None  # the Dask workers' RSS summed; None without Dask


@dataclass(frozen=True, slots=True)
class StreamBenchReport:
    """The checkpoints of one run, and its summary."""

    datasets: tuple[str, ...]
    clusters: int
    articles: int
    counts: tuple[int, ...]
    checkpoints: tuple[StreamCheckpoint, ...]
    seconds: float  # in ingest
    generate_seconds: float
    baseline_rss_kb: int | None  # before the store was opened
    store_bytes: int  # the SQLite file with its WAL and shared-memory files
    ms_per_article_first: float  # over the first count
    ms_per_article_last: float  # over the last interval before the last count
    time_per_article_growth: float  # last / first
    rss_growth: float | None  # current RSS at the last count / at the first
    peak_rss_growth: float
    dask: str | None = None  # where articles were prepared: None in this process
    dask_workers: int = 0  # worker threads of the Dask cluster
    dask_start_seconds: float = 0.0  # starting (or connecting to) the cluster

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _cluster_sentences(dataset_dirs: Sequence[Path]) -> list[tuple[str, tuple[str, ...]]]:
    """(name, sentences) of every cluster, in sorted order; tiny clusters left out."""
    from storyfuse.text.segment import split_sentences

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
    per_day: int = DEFAULT_PER_DAY,
    progress: Progress | None = None,
    workers: int = 0,
    scheduler: str | None = None,
) -> StreamBenchReport:
    """Stream ``max(counts)`` synthetic articles into a fresh store and record checkpoints.

    ``db`` keeps the store at that (new) path; by default it lives in a temporary folder
    removed afterwards. ``progress`` is called after each batch with (done, total).
    Articles are prepared in this process, or on Dask: on the scheduler at ``scheduler``,
    or on a ``LocalCluster`` of ``workers`` processes started for the run.
    """
    if not counts or min(counts) < 1:
        raise ValueError("counts must be positive article counts")
    if workers < 0 or per_day < 1:
        raise ValueError("workers must be >= 0 (0: no Dask) and per_day >= 1")
    if db is not None and db.exists():
        raise ValueError(f"{db} exists; the benchmark needs a fresh store")
    with ExitStack() as stack:
        if db is None:
            folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="storyfuse-bench-"))
            db = Path(folder) / "bench.sqlite"
        where = _Where()
        if workers or scheduler is not None:
            from storyfuse.scale import dask_client, dask_map

            start = time.perf_counter()
            client = stack.enter_context(
                dask_client(scheduler, workers=workers or DEFAULT_DASK_WORKERS)
            )
            mapper = dask_map(client)
            where = _Where(
                mapper, client, scheduler or f"LocalCluster of {workers} worker processes",
                sum(client.nthreads().values()), time.perf_counter() - start,
            )
        plan = _Plan(tuple(dataset_dirs), tuple(counts), db, checkpoint, seed, per_day)
        report = _run(plan, progress, where)
    return report


@dataclass(frozen=True, slots=True)
class _Where:
    """Where articles are prepared: this process (no client), or a Dask cluster."""

    mapper: Mapper | None = None
    client: Any = None
    name: str | None = None
    threads: int = 0
    start_seconds: float = 0.0

    def workers_rss_kb(self) -> int | None:
        if self.client is None:
            return None
        sizes: dict[str, int | None] = self.client.run(current_rss_kb)
        return sum(size for size in sizes.values() if size is not None)


class _Timed:
    """An iterator that adds the wall and CPU time spent in ``next`` on the wrapped one
    to ``seconds`` and ``cpu_seconds``."""

    def __init__(self, items: Iterator[Article]) -> None:
        self._items = items
        self.seconds = 0.0
        self.cpu_seconds = 0.0

    def __iter__(self) -> Iterator[Article]:
        return self

    def __next__(self) -> Article:
        start, cpu = time.perf_counter(), time.process_time()
        try:
            return next(self._items)
        finally:
            self.seconds += time.perf_counter() - start
            self.cpu_seconds += time.process_time() - cpu


@dataclass(frozen=True, slots=True)
class _Plan:
    """What to stream where: ``run_stream_bench``'s arguments."""

    dataset_dirs: tuple[Path, ...]
    counts: tuple[int, ...]
    db: Path
    checkpoint: int
    seed: int
    per_day: int


def _run(plan: _Plan, progress: Progress | None, where: _Where) -> StreamBenchReport:
    from storyfuse.scale import local_map, prepare_stream
    from storyfuse.store import Store
    from storyfuse.stories.stream import StreamState, ingest_prepared

    total = max(plan.counts)
    baseline = current_rss_kb()
    gen_start = time.perf_counter()
    clusters = _cluster_sentences(plan.dataset_dirs)
    stream = _Timed(
        _recombine(clusters, count=total, seed=plan.seed, start=DEFAULT_START, per_day=plan.per_day)
    )
    setup = time.perf_counter() - gen_start
    items = prepare_stream(stream, mapper=where.mapper or local_map)
    state = StreamState()
    points: list[StreamCheckpoint] = []
    done = stored = duplicates = 0
    seconds = last_seconds = cpu = last_cpu = 0.0
    with Store.open(plan.db) as store:
        for mark in checkpoint_marks(total, plan.counts, plan.checkpoint):
            while done < mark:
                want = min(BATCH_ARTICLES, mark - done)
                generated, generated_cpu = stream.seconds, stream.cpu_seconds
                tick, cpu_tick = time.perf_counter(), time.process_time()
                batch = ingest_prepared(store, islice(items, want), state=state, total=want)
                seconds += time.perf_counter() - tick - (stream.seconds - generated)
                cpu += time.process_time() - cpu_tick - (stream.cpu_seconds - generated_cpu)
                count = batch.added + batch.existing
                if not count:
                    break
                done += count
                stored += batch.new_stories
                duplicates += batch.duplicates
                if progress is not None:
                    progress(done, total)
            interval, interval_cpu = seconds - last_seconds, cpu - last_cpu
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
                    dedup_originals=len(state.duplicates),
                    cpu_seconds=cpu,
                    interval_cpu_articles_per_second=since / interval_cpu if interval_cpu else 0.0,
                    workers_rss_kb=where.workers_rss_kb(),
                )
            )
            last_seconds, last_cpu = seconds, cpu
    summary = _report(
        plan.dataset_dirs, len(clusters), plan.counts, points, setup + stream.seconds, baseline,
        _store_bytes(plan.db),
    )
    return replace(
        summary, dask=where.name, dask_workers=where.threads, dask_start_seconds=where.start_seconds
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
    dask = report.dask is not None
    header = [
        "articles", "seconds", "art/s", "interval art/s", "per CPU s", "peak RSS MB", "RSS MB",
        "open stories", "dedup originals", "stored stories", "duplicates",
    ]
    rows = [header + (["workers RSS MB"] if dask else [])]
    for p in report.checkpoints:
        row = [
            f"{p.articles:,}", f"{p.seconds:,.1f}", f"{p.articles_per_second:,.1f}",
            f"{p.interval_articles_per_second:,.1f}",
            f"{p.interval_cpu_articles_per_second:,.1f}", f"{p.peak_rss_kb / KB:,.1f}",
            _mb(p.rss_kb), f"{p.open_stories:,}", f"{p.dedup_originals:,}",
            f"{p.stored_stories:,}", f"{p.duplicates:,}",
        ]
        rows.append(row + ([_mb(p.workers_rss_kb)] if dask else []))
    rss = "-" if report.rss_growth is None else f"{report.rss_growth:.2f}x"
    baseline = "-" if report.baseline_rss_kb is None else f"{report.baseline_rss_kb / KB:.1f} MB"
    peak = max((p.peak_rss_kb for p in report.checkpoints), default=0)
    where = "this process"
    if report.dask is not None:
        where = (
            f"Dask: {report.dask}, {report.dask_workers} worker threads "
            f"(started in {report.dask_start_seconds:.1f} s)"
        )
    summary = [
        f"articles        {report.articles:,} from {report.clusters} clusters",
        f"prepared in     {where}",
        f"ingest seconds  {report.seconds:,.1f} (generation {report.generate_seconds:,.1f})",
        f"ms/article      {report.ms_per_article_first:.2f} over the first "
        f"{min(report.counts):,}, {report.ms_per_article_last:.2f} over the last interval "
        f"({report.time_per_article_growth:.2f}x)",
        f"memory growth   RSS {rss}, peak RSS {report.peak_rss_growth:.2f}x "
        f"(baseline RSS {baseline}, peak RSS {peak / KB:,.1f} MB)",
        f"store size      {report.store_bytes / KB / KB:,.1f} MB",
    ]
    return rows, summary


def _mb(kb: int | None) -> str:
    return "-" if kb is None else f"{kb / KB:,.1f}"
