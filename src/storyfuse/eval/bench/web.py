"""A load check of the web app: requests per second and latency of its main pages and calls.

``served`` starts the real ``storyfuse serve`` command as a child process on 127.0.0.1 (a
free port) over a store, and waits until it answers; ``run_web_bench`` then sends, from
this process, a bounded number of requests to each target (at most ``requests`` and at
most ``seconds`` per target) with ``concurrency`` client threads over keep-alive
connections, and reports per target: requests, errors, requests per second and p50/p95/max
latency. Traffic goes to the loopback address only.

The targets: the stylesheet (a static file: what the server and the client cost on their
own, the in-run peer the others are read against), the story list, the story page (its
brief cached in the store after the first request, as for readers) and the summarise
endpoint with the bundled sample's seven reports (a full brief computed per request).
Without a store the bench builds one from the bundled sample in a temporary folder.
"""

from __future__ import annotations

import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from storyfuse.errors import StoryfuseError
from storyfuse.samples import sample_dir

LOOPBACK = "127.0.0.1"
DEFAULT_REQUESTS = 300
DEFAULT_SECONDS = 20.0
DEFAULT_CONCURRENCY = 4
STARTUP_TIMEOUT_S = 60.0
STARTUP_POLL_S = 0.1
REQUEST_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 10.0
TAIL_PERCENTILE = 95.0
MILLISECONDS = 1000.0
WEB_MISSING = "the web load check needs the optional 'web' extra: pip install 'storyfuse[web]'"
# The summarise call's body: the bundled sample's reports, as the API takes them.
SUMMARIZE_PATH = "/api/v1/summarize"
STATIC_PATH = "/static/style.css"


class WebBenchError(StoryfuseError, RuntimeError):
    """The server did not start or answer; the message says what it printed."""


@dataclass(frozen=True, slots=True)
class LoadTarget:
    """One request to repeat: a name for the report, the method, the path and a JSON body."""

    name: str
    method: str
    path: str
    body: bytes | None = None


@dataclass(frozen=True, slots=True)
class LoadResult:
    """What one target measured (latencies in milliseconds)."""

    name: str
    path: str
    requests: int
    errors: int
    seconds: float
    rps: float
    p50_ms: float
    p95_ms: float
    max_ms: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "path": self.path,
            "requests": self.requests,
            "errors": self.errors,
            "seconds": round(self.seconds, 3),
            "rps": round(self.rps, 1),
            "p50_ms": round(self.p50_ms, 2),
            "p95_ms": round(self.p95_ms, 2),
            "max_ms": round(self.max_ms, 2),
        }


@dataclass(frozen=True, slots=True)
class WebBenchReport:
    """The whole load check: one result per target, and how it was run."""

    results: tuple[LoadResult, ...]
    concurrency: int
    max_requests: int
    max_seconds: float
    machine: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "concurrency": self.concurrency,
            "max_requests": self.max_requests,
            "max_seconds": self.max_seconds,
            "machine": self.machine,
            "results": [result.to_dict() for result in self.results],
        }


def machine_description() -> str:
    """The machine the figures were taken on, in a few words."""
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def free_port() -> int:
    """A TCP port on the loopback address that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        port: int = probe.getsockname()[1]
        return port


def sample_store(directory: Path) -> Path:
    """A store in ``directory`` holding the bundled sample story (built through ingest)."""
    from storyfuse.ingest import load_paths
    from storyfuse.store import Store
    from storyfuse.stories.stream import arrival_order, ingest_articles

    db = directory / "sample.sqlite"
    with Store.open(db) as store:
        ingest_articles(store, arrival_order(load_paths([sample_dir()]).articles))
    return db


def _serve_command(db: Path, port: int) -> list[str]:
    launcher = "from storyfuse.cli.main import main; main()"
    return [sys.executable, "-c", launcher, "serve", "--db", str(db), "--port", str(port)]


@contextmanager
def served(db: Path, *, env: dict[str, str] | None = None) -> Iterator[str]:
    """Run ``storyfuse serve`` on ``db`` at a free loopback port; yield its base URL."""
    try:
        import httpx
    except ImportError as exc:  # pragma: no cover - the web extra is in dev
        raise WebBenchError(WEB_MISSING) from exc
    port = free_port()
    base = f"http://{LOOPBACK}:{port}"
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            _serve_command(db, port),
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
        )
        try:
            _wait_until_up(base, process, log, httpx)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_up(base: str, process: subprocess.Popen[bytes], log: Any, httpx: Any) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            printed = log.read().decode("utf-8", errors="replace").strip()
            raise WebBenchError(f"storyfuse serve exited with {process.returncode}: {printed}")
        try:
            if httpx.get(base + STATIC_PATH, timeout=STARTUP_POLL_S * 10).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(STARTUP_POLL_S)
    raise WebBenchError(f"storyfuse serve did not answer at {base} in {STARTUP_TIMEOUT_S:.0f} s")


def sample_summarize_body() -> bytes:
    """The summarise call's JSON body: the bundled sample's reports with their metadata."""
    from storyfuse.ingest import load_paths

    articles = [
        {
            "text": article.text,
            "title": article.title,
            "source": article.source,
            "url": article.url,
            "published": article.published.isoformat() if article.published else None,
        }
        for article in load_paths([sample_dir()]).articles
    ]
    return json.dumps({"articles": articles}).encode("utf-8")


def default_targets(story_id: str) -> tuple[LoadTarget, ...]:
    """The static peer, the story list, one story's page and the summarise call."""
    return (
        LoadTarget("static file (peer)", "GET", STATIC_PATH),
        LoadTarget("story list", "GET", "/"),
        LoadTarget("story page", "GET", f"/stories/{story_id}"),
        LoadTarget("summarise 7 reports", "POST", SUMMARIZE_PATH, sample_summarize_body()),
    )


def load(
    base: str,
    target: LoadTarget,
    *,
    requests: int = DEFAULT_REQUESTS,
    seconds: float = DEFAULT_SECONDS,
    concurrency: int = DEFAULT_CONCURRENCY,
) -> LoadResult:
    """Send ``target`` until ``requests`` were sent or ``seconds`` passed; one warm-up first."""
    import httpx

    headers = {"Content-Type": "application/json"} if target.body is not None else {}
    with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT_S) as warm:
        warm.request(target.method, target.path, content=target.body, headers=headers)
    latencies: list[float] = []
    errors = [0]
    sent = [0]
    lock = threading.Lock()
    start = time.perf_counter()
    deadline = start + seconds

    def worker() -> None:
        with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT_S) as client:
            while True:
                with lock:
                    if sent[0] >= requests or time.perf_counter() >= deadline:
                        return
                    sent[0] += 1
                began = time.perf_counter()
                try:
                    response = client.request(
                        target.method, target.path, content=target.body, headers=headers
                    )
                    failed = response.status_code >= 400
                except httpx.HTTPError:
                    failed = True
                took = time.perf_counter() - began
                with lock:
                    latencies.append(took)
                    errors[0] += failed

    threads = [threading.Thread(target=worker) for _ in range(max(1, concurrency))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    return _result(target, latencies, errors[0], elapsed)


def _result(
    target: LoadTarget, latencies: Sequence[float], errors: int, elapsed: float
) -> LoadResult:
    times = np.asarray(latencies, dtype=float) * MILLISECONDS
    if times.size == 0:
        return LoadResult(target.name, target.path, 0, errors, elapsed, 0.0, 0.0, 0.0, 0.0)
    return LoadResult(
        name=target.name,
        path=target.path,
        requests=int(times.size),
        errors=errors,
        seconds=elapsed,
        rps=times.size / elapsed if elapsed > 0 else 0.0,
        p50_ms=float(np.percentile(times, 50.0)),
        p95_ms=float(np.percentile(times, TAIL_PERCENTILE)),
        max_ms=float(times.max()),
    )


def run_web_bench(
    db: Path | None = None,
    *,
    requests: int = DEFAULT_REQUESTS,
    seconds: float = DEFAULT_SECONDS,
    concurrency: int = DEFAULT_CONCURRENCY,
) -> WebBenchReport:
    """Serve ``db`` (or the bundled sample) and load each default target in turn."""
    from storyfuse.store import Store

    with tempfile.TemporaryDirectory(prefix="storyfuse-bench-web-") as scratch:
        path = db if db is not None else sample_store(Path(scratch))
        with Store.open(path) as store:
            stories = store.stories(limit=1)
        if not stories:
            raise WebBenchError(f"{path}: the store has no stories to load")
        with served(path) as base:
            results = tuple(
                load(base, target, requests=requests, seconds=seconds, concurrency=concurrency)
                for target in default_targets(stories[0].id)
            )
    return WebBenchReport(results, concurrency, requests, seconds, machine_description())


def render_web_bench(report: WebBenchReport) -> list[list[str]]:
    """Table rows: target, requests, errors, req/s, p50, p95, max, p50 against the peer."""
    peer = report.results[0].p50_ms if report.results else 0.0
    rows = []
    for result in report.results:
        ratio = f"{result.p50_ms / peer:.1f}x" if peer > 0 else "-"
        rows.append(
            [
                result.name,
                str(result.requests),
                str(result.errors),
                f"{result.rps:.1f}",
                f"{result.p50_ms:.1f}",
                f"{result.p95_ms:.1f}",
                f"{result.max_ms:.1f}",
                ratio,
            ]
        )
    return rows
