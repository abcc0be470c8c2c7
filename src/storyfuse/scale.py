"""Many articles and stories at once: pure per-item work run serially here or on Dask.

Two kinds of batch:

- **Folder briefs** (``run_local``, ``run_dask``): a job names a story and the paths of
  its reports (a folder, usually ``<cluster>/docs`` of a data set); ``brief_job`` turns
  it into a JSON brief.
- **Into the store** (``ingest_batch``): sources are loaded, cleaned and MinHashed on
  the workers (``load_job``; pure per article), the order-dependent part (duplicate
  decision, clustering, store writes) runs serially here in arrival order
  (``stream.ingest_prepared``), then the briefs of the stories touched are built on the
  workers (``story_brief_job``) and saved. The store gets the same contents as a serial
  run: the workers' results are the same, and they are consumed in the same order.

Every job function is a pure, picklable top-level function, and every batch goes
through a ``Mapper`` (``local_map``, or ``DaskMap`` over a ``distributed`` client that
keeps a bounded number of tasks in flight and yields results in order), so one code path
runs in-process, on a ``LocalCluster`` of worker processes, or on the workers of a
remote scheduler (``dask_client``). A failure in one job (no readable article, a bad
file) is captured in its result and never stops the others. Dask is the ``scale`` extra,
imported only when a client is made.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from storyfuse.errors import NoArticlesError, StoryfuseError

if TYPE_CHECKING:
    from types import ModuleType

    from storyfuse.store import Store
    from storyfuse.stories.stream import IngestReport, Prepared, Progress
    from storyfuse.types import Article

DEFAULT_WORKERS = 2
THREADS_PER_WORKER = 1  # the pipeline is CPU-bound Python: one thread per process
DOCS_DIR = "docs"  # a data set's cluster keeps its reports in <cluster>/docs
DASK_MISSING = (
    "running on Dask needs the 'scale' extra: pip install 'storyfuse[scale]' "
    "(or run serially without Dask)"
)
PREPARE_CHUNK = 400  # articles per prepare task: 100 cost the driver 0.5 ms an article, 400 0.25
FILES_PER_JOB = 32  # files of one folder per load task
TASKS_AHEAD_PER_WORKER = 3  # tasks in flight per worker thread: workers never wait

T = TypeVar("T")
R = TypeVar("R")


class Mapper(Protocol):
    """``map`` that may run elsewhere: results in the order of ``items``, lazily."""

    def __call__(self, fn: Callable[[T], R], items: Iterable[T], /) -> Iterator[R]: ...


def local_map(fn: Callable[[T], R], items: Iterable[T], /) -> Iterator[R]:
    """Each item in turn, in this process."""
    return map(fn, items)


@dataclass(frozen=True, slots=True)
class DaskMap:
    """Items submitted to a ``distributed`` client, at most ``ahead`` tasks in flight.

    Results come back in item order; a task's exception is raised when its turn comes.
    Each item is scattered to the workers first and the task refers to it: an item
    passed inside the task itself stayed in the scheduler's memory after the task was
    done (about 5 KB per article prepared, without end).
    """

    client: Any
    ahead: int = DEFAULT_WORKERS * TASKS_AHEAD_PER_WORKER

    def __call__(self, fn: Callable[[T], R], items: Iterable[T], /) -> Iterator[R]:
        pending: deque[Any] = deque()
        for item in items:
            [data] = self.client.scatter([item], hash=False)
            pending.append(self.client.submit(fn, data, pure=False))
            if len(pending) >= self.ahead:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _distributed() -> ModuleType:
    try:
        import distributed
    except ImportError as exc:
        # storyfuse.eval.bench.latency is heavy (ROUGE), so its error class is imported only here.
        from storyfuse.errors import MissingExtraError

        raise MissingExtraError(DASK_MISSING) from exc
    return distributed


@contextmanager
def dask_client(
    scheduler: str | None = None, *, workers: int = DEFAULT_WORKERS, processes: bool = True
) -> Iterator[Any]:
    """A client of the scheduler at ``scheduler``, or of a ``LocalCluster`` of ``workers``
    single-threaded workers (processes, or threads of this one) started for the block."""
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    distributed = _distributed()
    if scheduler is not None:
        with distributed.Client(scheduler) as client:
            yield client
        return
    with (
        distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=THREADS_PER_WORKER,
            processes=processes,
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def dask_map(client: Any) -> DaskMap:
    """A ``DaskMap`` keeping every worker thread of ``client`` busy."""
    threads = sum(client.nthreads().values()) or 1
    return DaskMap(client, ahead=TASKS_AHEAD_PER_WORKER * threads)


# ---- folder briefs -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoryJob:
    """One story: a name (used for its output file) and the paths of its reports."""

    name: str
    paths: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class JobResult:
    """A job's JSON brief, or the error that stopped it; load warnings either way."""

    name: str
    brief_json: str | None
    warnings: tuple[str, ...]
    error: str | None

    @property
    def ok(self) -> bool:
        return self.error is None


def _failure(exc: Exception) -> str:
    return str(exc) if isinstance(exc, StoryfuseError) else f"{type(exc).__name__}: {exc}"


def brief_job(job: StoryJob, *, words: int | None = None) -> JobResult:
    """Load, brief and render one story as JSON; any failure becomes the result's ``error``."""
    from storyfuse.ingest import load_paths
    from storyfuse.pipeline import brief
    from storyfuse.rendering import render

    warnings: tuple[str, ...] = ()
    try:
        loaded = load_paths(list(job.paths))
        warnings = loaded.warnings
        if not loaded.articles:
            raise NoArticlesError("no readable article in " + ", ".join(job.paths))
        document = brief(loaded.articles, words=words)
        return JobResult(job.name, render(document, "json"), warnings, None)
    except Exception as exc:  # one bad story must not stop the batch
        return JobResult(job.name, None, warnings, _failure(exc))


def run_local(jobs: Sequence[StoryJob], *, words: int | None = None) -> list[JobResult]:
    """Every job in turn, in this process; results in job order."""
    return list(local_map(partial(brief_job, words=words), jobs))


def run_dask(
    jobs: Sequence[StoryJob],
    *,
    words: int | None = None,
    scheduler: str | None = None,
    workers: int = DEFAULT_WORKERS,
) -> list[JobResult]:
    """Every job on Dask; results in job order.

    ``scheduler``: the address of a running ``distributed`` scheduler (its workers need
    storyfuse installed and the job paths readable). Without it, a ``LocalCluster`` of
    ``workers`` single-threaded processes is started for the call and closed after it.
    """
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    _distributed()
    if not jobs:
        return []
    with dask_client(scheduler, workers=workers) as client:
        return list(dask_map(client)(partial(brief_job, words=words), jobs))


def jobs_for(folder: str | Path) -> list[StoryJob]:
    """The stories of a folder: one per ``<cluster>/docs`` inside it (a data set), else the
    folder's own ``docs`` (one cluster), else the folder itself (any folder of reports).

    Raises ``ValueError`` when ``folder`` is not a folder.
    """
    path = Path(folder)
    if not path.is_dir():
        raise ValueError(f"{path}: not a folder")
    if (path / DOCS_DIR).is_dir():
        return [StoryJob(_name(path), (str(path / DOCS_DIR),))]
    clusters = sorted(
        p for p in path.iterdir() if not p.name.startswith(".") and (p / DOCS_DIR).is_dir()
    )
    if clusters:
        return [StoryJob(p.name, (str(p / DOCS_DIR),)) for p in clusters]
    return [StoryJob(_name(path), (str(path),))]


def _name(path: Path) -> str:
    return path.resolve().name or "story"


def unique_names(jobs: Sequence[StoryJob]) -> list[StoryJob]:
    """The jobs with repeated names made unique (``name``, ``name-2``, …), order kept."""
    seen: dict[str, int] = {}
    unique: list[StoryJob] = []
    for job in jobs:
        count = seen.get(job.name, 0) + 1
        seen[job.name] = count
        name = job.name if count == 1 else f"{job.name}-{count}"
        unique.append(StoryJob(name, job.paths))
    return unique


# ---- into the store ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Loaded:
    """One load job's prepared articles (load order), each raw text's key, and warnings."""

    prepared: tuple[Prepared, ...]
    text_keys: tuple[str, ...]  # stable_id(text=...) of the raw text: equal texts, equal keys
    warnings: tuple[str, ...]


def load_job(paths: tuple[str, ...]) -> Loaded:
    """Load, clean and MinHash the articles under ``paths``; a failure becomes a warning."""
    from storyfuse.ingest import load_paths
    from storyfuse.stories.stream import prepare
    from storyfuse.types import stable_id

    try:
        loaded = load_paths(list(paths))
        return Loaded(
            tuple(prepare(a) for a in loaded.articles),
            tuple(stable_id(text=a.text) for a in loaded.articles),
            loaded.warnings,
        )
    except Exception as exc:  # one bad source must not stop the batch
        return Loaded((), (), (f"{', '.join(paths)}: not loaded: {_failure(exc)}",))


def load_jobs(
    sources: Sequence[str], *, files_per_job: int = FILES_PER_JOB
) -> list[tuple[str, ...]]:
    """``sources`` cut into load jobs, in load order: a folder without a ``meta.json`` gives
    its sub-folders' jobs and its files ``files_per_job`` at a time; anything else (a
    file, a URL, a cluster folder with its ``meta.json``, a missing path) is one job."""
    return [job for source in sources for job in _split(source, files_per_job)]


def _split(source: str, files_per_job: int) -> Iterator[tuple[str, ...]]:
    from storyfuse.ingest.fetch import is_url
    from storyfuse.ingest.meta import META_NAME

    path = Path(source)
    if is_url(source) or not path.is_dir() or (path / META_NAME).exists():
        yield (source,)
        return
    try:
        entries = sorted(path.iterdir(), key=lambda p: p.name)  # as load_paths walks
    except OSError:
        yield (source,)  # load_paths says why
        return
    files: list[str] = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _file_jobs(files, files_per_job)
            files = []
            yield from _split(str(entry), files_per_job)
        elif entry.is_file():
            files.append(str(entry))
    yield from _file_jobs(files, files_per_job)


def _file_jobs(files: Sequence[str], files_per_job: int) -> Iterator[tuple[str, ...]]:
    for start in range(0, len(files), max(files_per_job, 1)):
        yield tuple(files[start : start + files_per_job])


def merge_loads(loads: Iterable[Loaded]) -> tuple[list[Prepared], list[str]]:
    """Every load's articles and warnings, in order; as ``load_paths`` does within one load,
    an article whose id or text came earlier is left out with a warning."""
    prepared: list[Prepared] = []
    warnings: list[str] = []
    ids: set[str] = set()
    texts: set[str] = set()
    for loaded in loads:
        warnings.extend(loaded.warnings)
        for item, key in zip(loaded.prepared, loaded.text_keys, strict=True):
            article = item.article
            if article.id in ids or key in texts:
                origin = article.path or article.url or article.id
                warnings.append(
                    f"{origin}: duplicate of an earlier article (same id or text), skipped"
                )
                continue
            ids.add(article.id)
            texts.add(key)
            prepared.append(item)
    return prepared, warnings


@dataclass(frozen=True, slots=True)
class StoryArticles:
    """The articles a stored story's brief is built from (``stream.brief_articles``)."""

    story_id: str
    articles: tuple[Article, ...]


def story_brief_job(job: StoryArticles, *, words: int | None = None) -> JobResult:
    """The story's JSON brief, as ``stream.refresh_brief`` saves it; failures captured."""
    from storyfuse.pipeline import brief
    from storyfuse.rendering import render
    from storyfuse.stories.stream import DEFAULT_BRIEF_WORDS

    try:
        document = brief(job.articles, words=words or DEFAULT_BRIEF_WORDS)
        return JobResult(job.story_id, render(document, "json"), (), None)
    except Exception as exc:  # one bad story must not stop the batch
        return JobResult(job.story_id, None, (), _failure(exc))


def refresh_briefs(
    store: Store, story_ids: Iterable[str], *, mapper: Mapper = local_map, words: int | None = None
) -> list[JobResult]:
    """Build the stories' briefs through ``mapper`` and save each one that was built."""
    from storyfuse.stories.stream import brief_articles

    jobs = (StoryArticles(sid, brief_articles(store, sid)) for sid in story_ids)
    results: list[JobResult] = []
    for result in mapper(partial(story_brief_job, words=words), jobs):
        if result.brief_json is not None:
            store.save_brief(result.name, result.brief_json)
        results.append(result)
    return results


@dataclass(frozen=True, slots=True)
class BatchReport:
    """What ``ingest_batch`` did: the ingest, one brief result per story touched, warnings."""

    ingest: IngestReport
    briefs: tuple[JobResult, ...]
    warnings: tuple[str, ...] = field(default=())


def ingest_batch(
    store: Store,
    sources: Sequence[str],
    *,
    mapper: Mapper = local_map,
    words: int | None = None,
    progress: Progress | None = None,
) -> BatchReport:
    """Load and prepare ``sources`` through ``mapper``, ingest them here in arrival order,
    then brief the stories touched through ``mapper`` and save the briefs.

    Raises ``NoArticlesError`` when no article could be read.
    """
    from storyfuse.stories.stream import arrival_key, ingest_prepared, replay, unplaced

    loads = mapper(load_job, load_jobs(sources))
    prepared, warnings = merge_loads(loads)
    if not prepared:
        raise NoArticlesError("no readable article in " + ", ".join(sources))
    prepared.sort(key=lambda item: arrival_key(item.article))
    with store.writing():  # one writer at a time reads the stories and places articles
        state = replay(store)
        todo = unplaced(store, state, prepared, lambda item: item.article.id)
        report = ingest_prepared(store, todo, state=state, total=len(todo), progress=progress)
    report = replace(report, existing=report.existing + len(prepared) - len(todo))
    briefs = refresh_briefs(store, report.stories_touched, mapper=mapper, words=words)
    return BatchReport(report, tuple(briefs), (*warnings, *report.warnings))


def prepare_stream(
    articles: Iterable[Article], *, mapper: Mapper = local_map, chunk: int = PREPARE_CHUNK
) -> Iterator[Prepared]:
    """``stream.prepare`` of each article through ``mapper``, ``chunk`` per task, in order."""
    from storyfuse.stories.stream import prepare_batch

    it = iter(articles)
    chunks = iter(lambda: list(islice(it, chunk)), [])
    for batch in mapper(prepare_batch, chunks):
        yield from batch
