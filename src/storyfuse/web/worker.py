"""Briefs of posted reports off the server's process, each within a time budget (issue 16).

Summarising is pure Python: run in the server's process, one hostile request held the
interpreter lock for 46 s and every other request, a plain ``GET`` too, waited behind it,
and a thread that runs too long cannot be stopped. So ``POST /api/v1/summarize`` and the
summarise page hand the work to a small pool of worker processes (``BriefPool``):

- each job has ``budget_s`` seconds once a worker has it; past that the worker is killed
  (a fresh one starts for the next job) and the request gets ``BudgetExceededError``;
- a job waits at most ``budget_s`` for a free worker, else ``PoolBusyError``;
- a worker that dies (out of memory, say) costs its job only: ``WorkerFailedError``.

Workers are plain subprocesses (``_Worker``), started when first needed; they stay for
the next job. ``shared_pool`` gives every app of a process with the same settings the same
pool, so tests and apps built per request do not start workers each time.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import queue
import subprocess
import sys
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from storyfuse.analyze.brief import Brief
from storyfuse.errors import StoryfuseError
from storyfuse.types import Article

# How long a killed worker may take to go; then it is left to the OS (it is a daemon).
KILL_WAIT_S = 2.0
# How long a new worker may take to import the pipeline before its first job (not part
# of any job's budget); past it the worker counts as failed.
START_WAIT_S = 120.0
READY = "ready"


class BudgetExceededError(StoryfuseError):
    """Summarising took longer than the budget; the worker was stopped."""


class PoolBusyError(StoryfuseError):
    """No worker became free within the budget."""


class WorkerFailedError(StoryfuseError):
    """The worker died or could not run the job."""


@dataclass(frozen=True, slots=True)
class BriefJob:
    """What ``pipeline.brief`` is called with."""

    articles: tuple[Article, ...]
    words: int
    query: str | None = None


def run_job(job: BriefJob) -> Brief:
    """The brief of a job, in this process."""
    from storyfuse.pipeline import brief

    return brief(list(job.articles), words=job.words, query=job.query)


def _serve(jobs: Connection, answers: Connection) -> None:  # pragma: no cover - a worker
    """A worker's loop: ``READY`` once the pipeline is imported, then for each job in,
    ``("ok", brief)``, ``("raise", a StoryfuseError)`` or ``("error", message)`` out."""
    import storyfuse.pipeline  # noqa: F401 - the import is the start-up cost

    answers.send((READY, None))
    while True:
        try:
            job = jobs.recv()
        except (EOFError, OSError):
            return
        try:
            answer: tuple[str, object] = ("ok", run_job(job))
        except StoryfuseError as exc:  # bad input: raised again in the server
            answer = ("raise", exc)
        except Exception as exc:
            answer = ("error", f"{type(exc).__name__}: {exc}")
        try:
            answers.send(answer)
        except (EOFError, OSError):
            return


def _package_root() -> str:
    """The folder that holds this ``storyfuse`` package, for the worker's import path."""
    return str(Path(__file__).resolve().parents[2])


class _Worker:
    """One worker process (``python -m storyfuse.web.worker JOBS_FD ANSWERS_FD``) and the
    parent's ends of its two pipes.

    A plain subprocess, not ``multiprocessing``: its ``spawn`` runs the server's main
    script again in the child, which a script without a ``__main__`` guard cannot take,
    and ``fork`` copies a threaded server. Its standard output is not used (the solver
    writes there).
    """

    def __init__(self) -> None:
        job_read, job_write = os.pipe()
        answer_read, answer_write = os.pipe()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (_package_root(), env.get("PYTHONPATH", "")) if p
        )
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", __name__, str(job_read), str(answer_write)],
                pass_fds=(job_read, answer_write),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                env=env,
            )
        except OSError as exc:
            for fd in (job_read, job_write, answer_read, answer_write):
                os.close(fd)
            raise WorkerFailedError(f"a summary worker could not start: {exc}") from None
        os.close(job_read)
        os.close(answer_write)
        self.jobs = Connection(job_write, readable=False)
        self.answers = Connection(answer_read, writable=False)
        ready = self.answers.poll(START_WAIT_S) and self.answers.recv() == (READY, None)
        if not ready:
            self.stop()
            raise WorkerFailedError(f"a summary worker did not start within {START_WAIT_S:g} s")

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        self.jobs.close()
        self.answers.close()
        if self.alive():
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):  # else the OS reaps it later
            self.process.wait(KILL_WAIT_S)


class BriefPool:
    """At most ``workers`` briefs at once, in worker processes, each within ``budget_s``."""

    def __init__(self, workers: int, budget_s: float) -> None:
        if workers < 1 or budget_s <= 0:
            raise ValueError(f"BriefPool: workers ({workers}), budget_s ({budget_s}): not positive")
        self.workers = workers
        self.budget_s = budget_s
        self._idle: queue.LifoQueue[_Worker | None] = queue.LifoQueue()
        for _ in range(workers):
            self._idle.put(None)  # a slot whose worker starts when first used
        self._closed = False
        self._started: set[_Worker] = set()
        self._lock = threading.Lock()

    @property
    def closed(self) -> bool:
        return self._closed

    def pids(self) -> tuple[int, ...]:
        """The process ids of the live workers, busy or free (for monitoring)."""
        with self._lock:
            return tuple(sorted(w.process.pid for w in self._started if w.alive()))

    def run(self, job: BriefJob) -> Brief:
        """The job's brief; raises ``PoolBusyError``, ``BudgetExceededError`` or
        ``WorkerFailedError`` (each naming the limit) instead of waiting longer."""
        if self._closed:
            raise WorkerFailedError("the summary workers are shut down")
        try:
            worker = self._idle.get(timeout=self.budget_s)
        except queue.Empty:
            raise PoolBusyError(
                f"all {self.workers} summary workers stayed busy for {self.budget_s:g} s; "
                "try again later"
            ) from None
        try:
            if worker is None or not worker.alive():
                worker = self._start()
            worker, answer = self._ask(worker, job)
        finally:
            self._idle.put(worker)
        status, value = answer
        if status == "raise" and isinstance(value, StoryfuseError):
            raise value
        if status != "ok" or not isinstance(value, Brief):
            raise WorkerFailedError(f"summarising failed: {value}")
        return value

    def _start(self) -> _Worker:
        worker = _Worker()
        with self._lock:
            self._started = {w for w in self._started if w.alive()} | {worker}
        return worker

    def _ask(self, worker: _Worker, job: BriefJob) -> tuple[_Worker | None, tuple[str, object]]:
        """(the worker if it may be used again, its answer); raises when there is none."""
        try:
            worker.jobs.send(job)
            if worker.answers.poll(self.budget_s):
                answer = worker.answers.recv()
                return worker, answer
        except (EOFError, OSError) as exc:
            worker.stop()
            raise WorkerFailedError(
                f"the summary worker stopped (exit code {worker.process.returncode}): "
                f"{type(exc).__name__}"
            ) from None
        worker.stop()
        raise BudgetExceededError(
            f"summarising took over the {self.budget_s:g} s a request may take: "
            "send fewer or shorter reports"
        )

    def close(self) -> None:
        """Stop every worker; later jobs fail."""
        self._closed = True
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                return
            if worker is not None:
                worker.stop()


_SHARED: dict[tuple[int, float], BriefPool] = {}
_SHARED_LOCK = threading.Lock()


def shared_pool(workers: int, budget_s: float) -> BriefPool:
    """The process's pool with these settings, made on first use and closed at exit."""
    key = (workers, budget_s)
    with _SHARED_LOCK:
        pool = _SHARED.get(key)
        if pool is None or pool.closed:
            pool = _SHARED[key] = BriefPool(workers, budget_s)
        return pool


@atexit.register
def _close_shared() -> None:
    for pool in _SHARED.values():
        pool.close()


def timed_brief(job: BriefJob, pool: BriefPool | None) -> Brief:
    """The job's brief through ``pool``, or in this process (no budget) without one."""
    return run_job(job) if pool is None else pool.run(job)


__all__ = [
    "BriefJob",
    "BriefPool",
    "BudgetExceededError",
    "PoolBusyError",
    "WorkerFailedError",
    "run_job",
    "shared_pool",
    "timed_brief",
]


def _main(argv: list[str]) -> None:  # pragma: no cover - runs in the worker process
    jobs, answers = (int(fd) for fd in argv)
    _serve(Connection(jobs, writable=False), Connection(answers, readable=False))


if __name__ == "__main__":  # pragma: no cover - the worker process
    _main(sys.argv[1:])
