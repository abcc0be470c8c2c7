"""Latency benchmarks and the sumy LexRank peer."""

from __future__ import annotations

import importlib.util
import io
import json
from collections.abc import Callable

import pytest
from rich.console import Console

from storyfuse.eval.bench.latency import BenchError, bench_latency, latency_stats, render_bench
from storyfuse.eval.peers import lexrank_ranking, sumy_lexrank

needs_sumy = pytest.mark.skipif(
    importlib.util.find_spec("sumy") is None, reason="sumy (the 'bench' extra) not installed"
)

SENTENCES = [
    "Heavy rain flooded the river valley on Tuesday, forcing hundreds from their homes.",
    "The river rose two metres overnight, the regional flood agency said.",
    "Rescue teams used boats to reach families trapped by the flood in the valley.",
    "A local bakery gave away bread to volunteers.",
    "Officials said the flood was the worst in the valley for thirty years.",
    "Forecasters expect more rain on Thursday.",
]


class FakeClock:
    """A clock that only moves when a fake method says it took time."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


# ----------------------------------------------------------------- sumy peer


@needs_sumy
def test_sumy_lexrank_picks_whole_sentences_within_budget() -> None:
    chosen = sumy_lexrank(SENTENCES, words=30)
    assert chosen
    assert set(chosen) <= set(SENTENCES)
    assert sum(len(s.split()) for s in chosen) <= 30
    assert chosen == sorted(chosen, key=SENTENCES.index)  # back in document order


@needs_sumy
def test_sumy_lexrank_is_a_prefix_of_its_ranking() -> None:
    ranking = lexrank_ranking(SENTENCES)
    assert sorted(ranking) == list(range(len(SENTENCES)))
    chosen = sumy_lexrank(SENTENCES, words=30)
    top = sorted(ranking[: len(chosen)])
    assert chosen == [SENTENCES[i] for i in top]


@needs_sumy
def test_sumy_lexrank_edges() -> None:
    assert sumy_lexrank([], words=100) == []
    assert sumy_lexrank(SENTENCES, words=1000) == SENTENCES
    assert sumy_lexrank(SENTENCES, words=2) == []  # the best sentence alone is too long
    with pytest.raises(ValueError, match="positive"):
        sumy_lexrank(SENTENCES, words=0)


# ----------------------------------------------------------------- latency


def test_latency_stats() -> None:
    median, p95, mean = latency_stats([4.0, 1.0, 3.0, 2.0])
    assert median == 2.5
    assert p95 == pytest.approx(3.85)  # linear interpolation: 3 + 0.85 x (4 - 3)
    assert mean == 2.5


def test_bench_latency_exact_with_a_fake_clock() -> None:
    clock = FakeClock()
    calls: list[str] = []

    def method(factor: float) -> Callable[[float], None]:
        def run(seconds: float) -> None:
            calls.append("x")
            clock.advance(factor * seconds)

        return run

    inputs = [("a", 1.0), ("b", 2.0), ("c", 4.0), ("d", 8.0)]
    report = bench_latency(
        inputs,
        {"ours": method(0.5), "sumy-lexrank": method(1.0)},
        warmup=2,
        repeats=3,
        clock=clock,
    )
    assert len(calls) == len(inputs) * 2 * (2 + 3)
    assert report.input_ids == ("a", "b", "c", "d")
    ours, peer = report.method("ours"), report.method("sumy-lexrank")
    assert ours.seconds == (0.5, 1.0, 2.0, 4.0)
    assert peer.median == 3.0 and ours.median == 1.5
    assert ours.p95 >= ours.median
    assert ours.ratio == 0.5 and peer.ratio == 1.0
    assert report.peer == "sumy-lexrank"


def test_bench_latency_takes_the_minimum_of_the_repeats() -> None:
    clock = FakeClock()
    durations = iter([9.0, 3.0, 5.0, 4.0])  # warm-up, then three timed runs

    report = bench_latency(
        [("only", None)],
        {"m": lambda _: clock.advance(next(durations))},
        warmup=1,
        repeats=3,
        clock=clock,
    )
    assert report.method("m").seconds == (3.0,)


def test_bench_latency_real_clock_is_sane() -> None:
    inputs = [(f"in{i}", list(range(50 * (i + 1)))) for i in range(5)]
    report = bench_latency(inputs, {"sum": sum, "sumy-lexrank": sorted}, repeats=2)
    for timing in report.methods:
        assert len(timing.seconds) == len(inputs)
        assert all(t >= 0 for t in timing.seconds)
        assert timing.p95 >= timing.median >= 0
        assert timing.ratio is not None and timing.ratio > 0


def test_bench_latency_without_the_peer_has_no_ratio() -> None:
    report = bench_latency([("a", 1)], {"m": str}, repeats=1)
    assert report.peer is None
    assert report.method("m").ratio is None


def test_bench_latency_names_a_failing_method() -> None:
    def broken(_: object) -> None:
        raise ZeroDivisionError("boom")

    with pytest.raises(BenchError, match="broken failed on a1: boom"):
        bench_latency([("a1", 1)], {"broken": broken}, repeats=1)


def test_bench_latency_rejects_empty_runs() -> None:
    with pytest.raises(ValueError, match="inputs"):
        bench_latency([], {"m": str})
    with pytest.raises(ValueError, match="repeats"):
        bench_latency([("a", 1)], {"m": str}, repeats=0)


def test_bench_report_renders_and_serialises() -> None:
    clock = FakeClock()
    report = bench_latency(
        [("a", 1.0), ("b", 3.0)],
        {"ours": lambda s: clock.advance(s / 4), "sumy-lexrank": clock.advance},
        repeats=1,
        clock=clock,
    )
    data = json.loads(json.dumps(report.to_dict()))
    assert data["per_input_statistic"] == "min"
    assert data["methods"][0]["ratio_vs_peer"] == 0.25
    out = io.StringIO()
    Console(file=out, width=120).print(render_bench(report))
    assert "ours" in out.getvalue() and "0.25" in out.getvalue()
