"""The brief benchmark: its timings, report and command (no speed assertions here; the
ceilings of bench_brief_ceilings.json are checked by a slow test on duc2006_dev)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyfuse.cli.main import main
from storyfuse.eval.bench.brief import (
    bench_brief,
    load_articles,
    parse_sizes,
    render_brief_bench,
)
from storyfuse.eval.datasets import load_dataset
from storyfuse.ingest import load_paths
from storyfuse.types import Article

CEILINGS = json.loads(
    (Path(__file__).parent / "bench_brief_ceilings.json").read_text(encoding="utf-8")
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _articles(n: int) -> list[Article]:
    return [Article(id=f"a{i}", text=f"Report number {i} of the flood.") for i in range(n)]


def test_bench_brief_exact_with_a_fake_clock() -> None:
    clock = FakeClock()
    calls: list[tuple[str, int]] = []

    def timed(name: str, per_article: float, fixed: float) -> Callable[[Sequence[Article]], None]:
        def run(articles: Sequence[Article]) -> None:
            calls.append((name, len(articles)))
            clock.now += fixed + per_article * len(articles)

        return run

    report = bench_brief(
        _articles(8),
        sizes=(8, 2, 4, 4),
        warmup=1,
        repeats=2,
        dataset="fake",
        clock=clock,
        summarize=timed("summary", 0.01, 0.5),
        brief=timed("brief", 0.1, 0.5),
    )
    assert [t.articles for t in report.timings] == [2, 4, 8]  # sorted, each once
    assert len(calls) == 3 * 2 * (1 + 2)
    assert calls[:3] == [("summary", 2)] * 3 and calls[3:6] == [("brief", 2)] * 3
    first, last = report.timings[0], report.timings[-1]
    assert first.summary_s == pytest.approx(0.52) and first.brief_s == pytest.approx(0.7)
    assert last.summary_s == pytest.approx(0.58) and last.brief_s == pytest.approx(1.3)
    assert last.ratio == pytest.approx(1.3 / 0.58)
    assert last.analysis_s == pytest.approx(1.3 - 0.58)
    assert report.size_growth == 4.0
    assert report.brief_growth == pytest.approx(1.3 / 0.7)
    assert report.summary_growth == pytest.approx(0.58 / 0.52)
    data = json.loads(json.dumps(report.to_dict()))
    assert [s["articles"] for s in data["sizes"]] == [2, 4, 8]
    assert data["brief_growth"] == pytest.approx(report.brief_growth)
    rows, lines = render_brief_bench(report)
    assert rows[-1] == ("8", "0.580", "1.300", "0.720", "2.24")
    assert "from 2 to 8 articles (4x): brief 1.86x, summary 1.12x" in lines[0]


def test_bench_brief_rejects_what_it_cannot_time() -> None:
    with pytest.raises(ValueError, match="fewer than the largest size 5"):
        bench_brief(_articles(3), sizes=(2, 5))
    with pytest.raises(ValueError, match="at least 1"):
        bench_brief(_articles(3), sizes=(0, 2))
    with pytest.raises(ValueError, match="repeats"):
        bench_brief(_articles(3), sizes=(2,), repeats=0)


def test_parse_sizes() -> None:
    assert parse_sizes("100, 25,50,25") == (25, 50, 100)
    for bad, message in (("25,x", "whole numbers"), (" , ", "no sizes"), ("0,5", "at least 1")):
        with pytest.raises(ValueError, match=message):
            parse_sizes(bad)


def test_load_articles_takes_the_first_clusters_in_order(shared_data: Path) -> None:
    dataset = shared_data / "duc2006_dev"
    first, second = load_dataset(dataset)[:2]
    expected = [*load_paths([first.docs_dir]).articles, *load_paths([second.docs_dir]).articles]
    got = load_articles(dataset, len(expected) - 3)
    assert [a.id for a in got] == [a.id for a in expected[:-3]]
    with pytest.raises(ValueError, match="fewer than the 100000 asked"):
        load_articles(dataset, 100_000)


def test_bench_brief_command_on_real_articles(shared_data: Path) -> None:
    dataset = shared_data / "duc2006_dev"
    result = CliRunner().invoke(
        main,
        [
            *("bench-brief", str(dataset), "--sizes", "4,2", "--warmup", "0"),
            *("--repeats", "1", "--words", "60", "--json"),
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [s["articles"] for s in data["sizes"]] == [2, 4]
    for size in data["sizes"]:
        assert size["summary_s"] > 0 and size["brief_s"] > 0
        assert size["ratio"] == pytest.approx(size["brief_s"] / size["summary_s"])
        assert size["analysis_s"] == pytest.approx(size["brief_s"] - size["summary_s"])
    assert data["brief_growth"] == pytest.approx(
        data["sizes"][-1]["brief_s"] / data["sizes"][0]["brief_s"]
    )
    assert data["size_growth"] == 2.0 and data["words"] == 60


def test_bench_brief_command_errors(shared_data: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    bad = runner.invoke(main, ["bench-brief", str(shared_data / "duc2006_dev"), "--sizes", "a"])
    assert bad.exit_code != 0 and "--sizes" in bad.output
    empty = runner.invoke(main, ["bench-brief", str(tmp_path)])
    assert empty.exit_code != 0 and "not an evaluation data set" in empty.output
    assert "Traceback" not in bad.output + empty.output


@pytest.mark.slow
def test_brief_time_stays_under_its_ceilings(shared_data: Path) -> None:
    """The brief against its summary at the largest size, and its growth, in one run."""
    sizes = tuple(CEILINGS["sizes"])
    articles = load_articles(shared_data / CEILINGS["dataset"], max(sizes))
    report = bench_brief(articles, sizes=sizes, words=CEILINGS["words"])
    largest = report.timings[-1]
    shown = json.dumps(report.to_dict())
    assert largest.ratio <= CEILINGS["max"]["ratio"], shown
    assert report.brief_growth <= CEILINGS["max"]["brief_growth"], shown
