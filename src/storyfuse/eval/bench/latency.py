"""How fast summarizers run, in process, against a peer timed the same way.

``bench_latency`` times every method on every input that the caller has already prepared
(loaded and cleaned articles, sentences: whatever the methods take), so reading files and
cleaning stay out of the numbers. For each input and method: ``warmup`` untimed calls, then
``repeats`` timed calls with ``time.perf_counter`` and the garbage collector off (as
``timeit`` does); the input's time is the **minimum** over the repeats, the usual estimate
of a call's own cost, since noise (scheduling, caches, collections) only ever adds time.
Inputs go in the outer loop and methods in the inner one, so a slow drift of the machine
touches every method alike. Per method the report gives the median, p95 and mean over
inputs, and the ratio of its median to the peer's median (below 1: faster than the peer).

The peer, sumy's LexRank, is in ``storyfuse.eval.peers``.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
from rich.table import Table

from storyfuse.defaults import PEER
from storyfuse.errors import StoryfuseError
from storyfuse.eval.reports import make_progress

DEFAULT_WARMUP = 1
DEFAULT_REPEATS = 3
TAIL_PERCENTILE = 95.0
MILLISECONDS = 1000.0

InputT = TypeVar("InputT")


class BenchError(StoryfuseError, RuntimeError):
    """A benchmarked method failed; the message names the method and the input."""


# --------------------------------------------------------------------------- latency


@dataclass(frozen=True, slots=True)
class MethodTiming:
    """One method's time per input (seconds, in the report's input order) and summary."""

    name: str
    seconds: tuple[float, ...]
    median: float
    p95: float
    mean: float
    ratio: float | None  # median / the peer's median; None without a peer

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "median_s": self.median,
            "p95_s": self.p95,
            "mean_s": self.mean,
            "ratio_vs_peer": self.ratio,
            "seconds": list(self.seconds),
        }


@dataclass(frozen=True, slots=True)
class BenchReport:
    input_ids: tuple[str, ...]
    methods: tuple[MethodTiming, ...]
    peer: str | None
    warmup: int
    repeats: int
    statistic: str = "min"  # of the repeats, per input

    def method(self, name: str) -> MethodTiming:
        for timing in self.methods:
            if timing.name == name:
                return timing
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "inputs": list(self.input_ids),
            "peer": self.peer,
            "warmup": self.warmup,
            "repeats": self.repeats,
            "per_input_statistic": self.statistic,
            "methods": [timing.to_dict() for timing in self.methods],
        }


def latency_stats(seconds: Sequence[float]) -> tuple[float, float, float]:
    """Median, p95 (linear interpolation) and mean of per-input times."""
    if not seconds:
        raise ValueError("no times to summarise")
    values = np.asarray(seconds, dtype=float)
    return (
        float(np.median(values)),
        float(np.percentile(values, TAIL_PERCENTILE)),
        float(values.mean()),
    )


def time_call(
    method: Callable[[InputT], object],
    value: InputT,
    *,
    warmup: int,
    repeats: int,
    clock: Callable[[], float] = time.perf_counter,
) -> float:
    """The minimum time of ``repeats`` calls of ``method(value)`` after ``warmup`` calls."""
    for _ in range(warmup):
        method(value)
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        times = []
        for _ in range(repeats):
            start = clock()
            method(value)
            times.append(clock() - start)
    finally:
        if was_enabled:
            gc.enable()
    return min(times)


def bench_latency(
    inputs: Sequence[tuple[str, InputT]],
    methods: Mapping[str, Callable[[InputT], object]],
    *,
    warmup: int = DEFAULT_WARMUP,
    repeats: int = DEFAULT_REPEATS,
    peer: str | None = PEER,
    progress: bool = False,
    clock: Callable[[], float] = time.perf_counter,
) -> BenchReport:
    """Time each method on each ``(id, prepared input)``; see the module docstring.

    ``peer`` names the method the ratios are taken against; when it is not among
    ``methods`` (or is None) ratios are None. A method that raises stops the run with a
    ``BenchError`` naming it and the input.
    """
    if not inputs:
        raise ValueError("nothing to benchmark: no inputs")
    if not methods:
        raise ValueError("nothing to benchmark: no methods")
    if warmup < 0 or repeats < 1:
        raise ValueError(f"need warmup >= 0 and repeats >= 1, got {warmup} and {repeats}")
    times: dict[str, list[float]] = {name: [] for name in methods}
    with make_progress(progress) as bar:
        task = bar.add_task("benchmarking", total=len(inputs) * len(methods))
        for input_id, value in inputs:
            for name, method in methods.items():
                bar.update(task, description=f"{name} on {input_id}")
                try:
                    elapsed = time_call(method, value, warmup=warmup, repeats=repeats, clock=clock)
                except Exception as exc:
                    raise BenchError(f"{name} failed on {input_id}: {exc}") from exc
                times[name].append(elapsed)
                bar.advance(task)
    stats = {name: latency_stats(seconds) for name, seconds in times.items()}
    peer_median = stats[peer][0] if peer is not None and peer in stats else None
    timings = tuple(
        MethodTiming(
            name=name,
            seconds=tuple(times[name]),
            median=median,
            p95=p95,
            mean=mean,
            ratio=median / peer_median if peer_median else None,
        )
        for name, (median, p95, mean) in stats.items()
    )
    return BenchReport(
        input_ids=tuple(input_id for input_id, _ in inputs),
        methods=timings,
        peer=peer if peer_median is not None else None,
        warmup=warmup,
        repeats=repeats,
    )


def render_bench(report: BenchReport) -> Table:
    """A rich table: per method, median, p95 and mean milliseconds and the ratio to the peer."""
    table = Table(
        title=(
            f"latency over {len(report.input_ids)} inputs "
            f"({report.statistic} of {report.repeats} runs after {report.warmup} warm-up)"
        )
    )
    table.add_column("method")
    for header in ("median ms", "p95 ms", "mean ms"):
        table.add_column(header, justify="right")
    table.add_column(f"x {report.peer}" if report.peer else "x peer", justify="right")
    for timing in report.methods:
        table.add_row(
            timing.name,
            f"{timing.median * MILLISECONDS:.2f}",
            f"{timing.p95 * MILLISECONDS:.2f}",
            f"{timing.mean * MILLISECONDS:.2f}",
            f"{timing.ratio:.2f}" if timing.ratio is not None else "-",
        )
    return table
