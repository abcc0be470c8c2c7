"""Summaries in worker processes within a time budget (issue 16): the same brief as in
process, a job past its budget stopped and the worker replaced, a busy pool answered, a
dead worker costing its job only, and the server answering other requests meanwhile.

The budgets here are tiny against the work (a 200 kB report takes seconds to brief), so
the outcomes do not depend on the machine's speed; the one timing bound is a hang guard.
"""

from __future__ import annotations

import os
import random
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from storyfuse.errors import NoArticlesError
from storyfuse.ingest import load_paths
from storyfuse.rendering import render_json
from storyfuse.samples import sample_dir
from storyfuse.types import Article
from storyfuse.web.app import WebSettings, create_app
from storyfuse.web.worker import (
    BriefJob,
    BriefPool,
    BudgetExceededError,
    PoolBusyError,
    WorkerFailedError,
    run_job,
)

pytestmark = pytest.mark.skipif(os.name != "posix", reason="the summary workers are POSIX-only")

LONG_CHARS = 200_000  # a report this long takes seconds to brief: far over the budgets
TINY_BUDGET = 0.3
# The hang guard: a read while a summary runs answers far sooner than the summary would.
READ_GUARD_S = 3.0


def _sample() -> tuple[Article, ...]:
    return tuple(load_paths([sample_dir()]).articles)


def _long_report() -> Article:
    words = " ".join(a.text for a in _sample()).split()
    rng = random.Random(7)
    parts: list[str] = []
    size = 0
    while size < LONG_CHARS:
        start = rng.randrange(len(words) - 40)
        parts.append(" ".join(words[start : start + 40]))
        size += len(parts[-1]) + 1
    return Article(id="long", text="\n".join(parts), title="Long", source="Wire")


@pytest.fixture(scope="module")
def pool() -> Iterator[BriefPool]:
    made = BriefPool(1, 60.0)
    yield made
    made.close()


def test_a_worker_gives_the_brief_made_in_process(pool: BriefPool) -> None:
    job = BriefJob(_sample(), 80, None)
    assert render_json(pool.run(job)) == render_json(run_job(job))
    assert len(pool.pids()) == 1 and pool.pids()[0] != os.getpid()


def test_bad_input_raises_the_pipeline_error_in_the_server(pool: BriefPool) -> None:
    with pytest.raises(NoArticlesError):
        pool.run(BriefJob((), 80, None))
    assert pool.run(BriefJob(_sample(), 40, None)).summary.items  # the worker is still there


def test_a_job_past_its_budget_is_stopped_and_the_next_gets_a_new_worker() -> None:
    pool = BriefPool(1, TINY_BUDGET)
    try:
        with pytest.raises(BudgetExceededError, match=r"over the 0\.3 s a request may take"):
            pool.run(BriefJob((_long_report(),), 100, None))
        assert pool.pids() == ()  # stopped, not left running
        pool.budget_s = 60.0
        assert pool.run(BriefJob(_sample(), 40, None)).summary.items
    finally:
        pool.close()


def test_a_busy_pool_answers_busy_and_a_dead_worker_costs_its_job_only() -> None:
    pool = BriefPool(1, 60.0)
    try:
        pool.run(BriefJob(_sample(), 40, None))  # started, so the long job starts at once
        (pid,) = pool.pids()
        errors: list[BaseException] = []

        def long_job() -> None:
            try:
                pool.run(BriefJob((_long_report(),), 100, None))
            except BaseException as exc:  # collected for the assertion
                errors.append(exc)

        runner = threading.Thread(target=long_job)
        runner.start()
        time.sleep(0.2)
        pool.budget_s = TINY_BUDGET  # the waiting job gives up after this
        with pytest.raises(PoolBusyError, match="all 1 summary workers stayed busy"):
            pool.run(BriefJob(_sample(), 40, None))
        os.kill(pid, signal.SIGKILL)  # as the kernel's out-of-memory killer would
        runner.join()
        assert len(errors) == 1 and isinstance(errors[0], WorkerFailedError)
        assert "summary worker stopped" in str(errors[0])
        pool.budget_s = 60.0
        assert pool.run(BriefJob(_sample(), 40, None)).summary.items  # a new worker
        assert pool.pids() != (pid,) and len(pool.pids()) == 1
    finally:
        pool.close()


def test_a_closed_pool_refuses_jobs() -> None:
    pool = BriefPool(1, 60.0)
    pool.close()
    with pytest.raises(WorkerFailedError, match="shut down"):
        pool.run(BriefJob(_sample(), 40, None))


def test_the_api_answers_413_past_the_budget_and_reads_meanwhile(sample_db: Path) -> None:
    settings = WebSettings(summary_workers=1, summary_budget=TINY_BUDGET * 4)
    app = create_app(sample_db, settings=settings)
    long = _long_report()
    answers: dict[str, object] = {}

    def post() -> None:
        with TestClient(app) as poster:
            body = {"articles": [{"text": long.text}]}
            answers["post"] = poster.post("/api/v1/summarize", json=body)

    with TestClient(app) as client:
        client.post("/api/v1/summarize", json={"articles": [{"text": _sample()[0].text}]})
        runner = threading.Thread(target=post)
        runner.start()
        time.sleep(0.3)
        started = time.perf_counter()
        read = client.get("/api/v1/stories?limit=1")
        waited = time.perf_counter() - started
        runner.join()
    assert read.status_code == 200 and waited < READ_GUARD_S
    response = answers["post"]
    assert response.status_code == 413  # type: ignore[attr-defined]
    detail = response.json()["detail"]  # type: ignore[attr-defined]
    assert detail == (
        "summarising took over the 1.2 s a request may take: send fewer or shorter reports"
    )


def test_without_workers_the_api_summarises_in_process(sample_db: Path) -> None:
    settings = WebSettings(summary_workers=0)
    with TestClient(create_app(sample_db, settings=settings)) as client:
        assert client.app.state.web.briefs is None  # type: ignore[attr-defined]
        body = {"articles": [{"text": a.text} for a in _sample()], "words": 60}
        response = client.post("/api/v1/summarize", json=body)
    assert response.status_code == 200 and response.json()["words"] <= 60
