"""The stream benchmark: its synthetic stream, its report, its command (no speed assertions)."""

from __future__ import annotations

import json
from itertools import islice, pairwise
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyfuse.cli.main import main
from storyfuse.eval.bench.stream import (
    checkpoint_marks,
    render_stream_bench,
    run_stream_bench,
    synthetic_stream,
)


@pytest.fixture(scope="module")
def duc(shared_data: Path) -> Path:
    return shared_data / "duc2003"


@pytest.mark.slow
def test_stream_is_deterministic(duc: Path) -> None:
    first = [(a.id, a.text) for a in islice(synthetic_stream([duc], count=50, seed=3), 5)]
    again = [(a.id, a.text) for a in islice(synthetic_stream([duc], count=50, seed=3), 5)]
    other = [(a.id, a.text) for a in islice(synthetic_stream([duc], count=50, seed=4), 5)]
    assert first == again
    assert first != other


@pytest.mark.slow
def test_stream_ids_dates_and_sources(duc: Path) -> None:
    articles = list(synthetic_stream([duc], count=400, per_day=100))
    assert len(articles) == 400
    assert len({a.id for a in articles}) == 400
    assert len({a.text for a in articles}) == 400
    dates = [a.published for a in articles if a.published is not None]
    assert len(dates) == 400 and all(x < y for x, y in pairwise(dates))
    assert (dates[-1] - dates[0]).days == 3  # 400 articles at 100 a day
    assert all(a.source and a.title for a in articles)
    assert all("(duc2003/" in a.text.splitlines()[-1] for a in articles)  # only the given dir
    assert all(8 <= len(a.text.splitlines()) - 1 <= 20 for a in articles)  # + serial line


def test_stream_needs_clusters(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no cluster"):
        synthetic_stream([tmp_path], count=1)


def test_checkpoint_marks() -> None:
    assert checkpoint_marks(300, (100, 300), 100) == [100, 200, 300]
    assert checkpoint_marks(250, (50, 250), 100) == [50, 100, 200, 250]


@pytest.mark.slow
def test_run_stream_bench_counts(duc: Path, tmp_path: Path) -> None:
    db = tmp_path / "bench.sqlite"
    report = run_stream_bench([duc], counts=(100, 300), checkpoint=100, db=db)
    assert [p.articles for p in report.checkpoints] == [100, 200, 300]
    assert report.articles == 300 and report.counts == (100, 300)
    for point in report.checkpoints:
        assert point.seconds > 0 and point.articles_per_second > 0
        assert point.interval_articles_per_second > 0
        assert point.cpu_seconds > 0 and point.interval_cpu_articles_per_second > 0
        assert point.peak_rss_kb > 0 and (point.rss_kb is None or point.rss_kb > 0)
        assert point.open_stories > 0 and 0 < point.stored_stories <= point.articles
    assert report.ms_per_article_first > 0 and report.ms_per_article_last > 0
    assert report.time_per_article_growth > 0 and report.peak_rss_growth >= 1.0
    assert report.store_bytes > 0 and db.exists()
    rows, summary = render_stream_bench(report)
    assert len(rows) == 4 and rows[1][0] == "100" and summary[0].startswith("articles")
    with pytest.raises(ValueError, match="fresh store"):
        run_stream_bench([duc], counts=(10,), db=db)


@pytest.mark.slow
def test_bench_stream_command(duc: Path) -> None:
    args = ["bench-stream", str(duc), "--articles", "200", "--checkpoint", "100", "--json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["articles"] == 200 and data["counts"] == [100, 200]
    assert [p["articles"] for p in data["checkpoints"]] == [100, 200]
    table = CliRunner().invoke(main, ["bench-stream", str(duc), "--articles", "20"])
    assert table.exit_code == 0, table.output
    assert "interval" in table.stdout and "store size" in table.stdout


@pytest.mark.slow
def test_dedup_index_is_bounded_by_the_window(duc: Path) -> None:
    # 300 articles at 10 a day: 30 days, over twice the 14-day window
    report = run_stream_bench([duc], counts=(100, 300), checkpoint=100, per_day=10)
    originals = [p.dedup_originals for p in report.checkpoints]
    assert originals[0] == 100 - report.checkpoints[0].duplicates  # nothing expired yet
    assert originals[1] <= 14 * 10 + 1 and originals[2] <= 14 * 10 + 1


@pytest.mark.slow
def test_the_same_stream_through_dask(duc: Path) -> None:
    distributed = pytest.importorskip("distributed")
    local = run_stream_bench([duc], counts=(100, 200), checkpoint=100)
    with distributed.LocalCluster(  # threads: fast to start, the same code path
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        address = cluster.scheduler_address
        on = run_stream_bench([duc], counts=(100, 200), checkpoint=100, scheduler=address)
        cli = CliRunner().invoke(
            main, ["bench-stream", str(duc), "--articles", "50", "--scheduler", address]
        )
    keep = ("articles", "open_stories", "stored_stories", "duplicates", "dedup_originals")
    for a, b in zip(local.checkpoints, on.checkpoints, strict=True):
        assert [getattr(a, k) for k in keep] == [getattr(b, k) for k in keep]
        assert a.workers_rss_kb is None and b.workers_rss_kb is not None
    assert local.dask is None and on.dask == address and on.dask_workers == 2
    assert cli.exit_code == 0, cli.output
    assert "workers RSS MB" in cli.stdout and "worker threads" in cli.stdout
