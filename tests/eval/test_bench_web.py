"""The web load check: the real ``storyfuse serve`` on 127.0.0.1, a few bounded requests."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("fastapi", reason="the web extra is not installed")

from storyfuse.cli.main import main
from storyfuse.eval.bench.web import (
    LoadTarget,
    default_targets,
    load,
    sample_store,
    served,
)

pytestmark = pytest.mark.slow  # starts the real server and loads it


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with served(sample_store(tmp_path_factory.mktemp("bench-web"))) as url:
        yield url


def test_load_counts_every_request_and_the_errors(base: str) -> None:
    ok = load(base, LoadTarget("list", "GET", "/"), requests=6, seconds=30, concurrency=2)
    gone = load(base, LoadTarget("missing", "GET", "/stories/nope"), requests=3, seconds=30)
    summarise = default_targets("unused")[-1]
    brief = load(base, summarise, requests=2, seconds=30, concurrency=1)
    assert (ok.requests, ok.errors) == (6, 0)
    assert 0 < ok.p50_ms <= ok.p95_ms <= ok.max_ms and ok.rps > 0
    assert (gone.requests, gone.errors) == (3, 3)
    assert (brief.requests, brief.errors) == (2, 0)


def test_time_limit_stops_the_load(base: str) -> None:
    summarise = default_targets("unused")[-1]
    result = load(base, summarise, requests=10_000, seconds=0.5, concurrency=1)
    assert 1 <= result.requests < 10_000
    assert result.seconds < 10


def test_bench_web_command_json(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["bench-web", "--requests", "3", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    names = [row["name"] for row in report["results"]]
    assert names == ["static file (peer)", "story list", "story page", "summarise 7 reports"]
    assert all(row["requests"] == 3 and row["errors"] == 0 for row in report["results"])
    missing = CliRunner().invoke(main, ["bench-web", "--db", str(tmp_path / "none.sqlite")])
    assert missing.exit_code == 2 and "no store at" in missing.stderr
