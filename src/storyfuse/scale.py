"""Many stories at once: one job per story, run serially here or on a Dask cluster.

A job names a story and the paths of its reports (a folder, usually ``<cluster>/docs`` of
a data set). ``brief_job`` is a pure, picklable top-level function from a job to its JSON
brief, so the same code runs in-process (``run_local``), on a ``LocalCluster`` of worker
processes, or on the workers of a remote ``distributed`` scheduler (``run_dask``); the
briefs are deterministic, so every way gives the same JSON.

A failure in one job (no readable article, a bad file) is captured in its ``JobResult``
and never stops the others. Dask is the ``scale`` extra, imported only by ``run_dask``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyfuse.errors import NoArticlesError, StoryfuseError

if TYPE_CHECKING:
    from types import ModuleType

DEFAULT_WORKERS = 2
THREADS_PER_WORKER = 1  # the pipeline is CPU-bound Python: one thread per process
DOCS_DIR = "docs"  # a data set's cluster keeps its reports in <cluster>/docs
DASK_MISSING = (
    "running on Dask needs the 'scale' extra: pip install 'storyfuse[scale]' "
    "(or run serially without Dask)"
)


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
    except StoryfuseError as exc:
        return JobResult(job.name, None, warnings, str(exc))
    except Exception as exc:  # one bad story must not stop the batch
        return JobResult(job.name, None, warnings, f"{type(exc).__name__}: {exc}")


def run_local(jobs: Sequence[StoryJob], *, words: int | None = None) -> list[JobResult]:
    """Every job in turn, in this process; results in job order."""
    return [brief_job(job, words=words) for job in jobs]


def _distributed() -> ModuleType:
    try:
        import distributed
    except ImportError as exc:
        # storyfuse.bench is heavy (ROUGE), so its error class is imported only here.
        from storyfuse.bench import MissingExtraError

        raise MissingExtraError(DASK_MISSING) from exc
    return distributed


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
    distributed = _distributed()
    if not jobs:
        return []
    if scheduler is not None:
        with distributed.Client(scheduler) as client:
            return _map(client, jobs, words)
    with (
        distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=THREADS_PER_WORKER,
            processes=True,
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        return _map(client, jobs, words)


def _map(client: Any, jobs: Sequence[StoryJob], words: int | None) -> list[JobResult]:
    futures = client.map(brief_job, list(jobs), words=words, pure=False)
    results: list[JobResult] = client.gather(futures)
    return results


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
