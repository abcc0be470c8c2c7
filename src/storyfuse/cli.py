"""The ``storyfuse`` command line: summarize, demo, eval, bench, methods."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console

from storyfuse.errors import NoArticlesError, StoryfuseError
from storyfuse.samples import sample_dir
from storyfuse.summarizers.registry import DEFAULT_METHOD, METHODS, get_method

if TYPE_CHECKING:
    from storyfuse.summarizers.corpus import Corpus
    from storyfuse.types import Article

EXIT_USAGE = 2
DEFAULT_WORDS = 100  # storyfuse.pipeline.DEFAULT_WORDS
FORMATS = ("text", "md", "json", "plain")  # storyfuse.render.FORMATS
PEER = "sumy-lexrank"  # storyfuse.bench.PEER, named here so --help needs no heavy import
METHOD_HELP = "; ".join(f"{m.name}: {m.description}" for m in METHODS.values())


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_USAGE)


def _load(paths: Sequence[str | Path]) -> list[Article]:
    from storyfuse.ingest import load_paths

    result = load_paths(list(paths))
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if not result.articles:
        raise NoArticlesError(
            "no readable article in " + ", ".join(str(p) for p in paths)
        )
    return list(result.articles)


method_option = click.option(
    "--method",
    type=click.Choice(list(METHODS)),
    default=DEFAULT_METHOD,
    show_default=True,
    help=f"Summarization method. {METHOD_HELP}.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="storyfuse")
def main() -> None:
    """storyfuse: one cited brief from many reports of a news story."""


@main.command("summarize")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--words", type=click.IntRange(min=1), help=f"Word budget (default {DEFAULT_WORDS}).")
@click.option("--sentences", type=click.IntRange(min=1), help="Sentence budget.")
@method_option
@click.option(
    "--format", "fmt", type=click.Choice(list(FORMATS)), default="text", show_default=True
)
def summarize_cmd(
    paths: tuple[str, ...], words: int | None, sentences: int | None, method: str, fmt: str
) -> None:
    """Summarize the reports in PATHS (files or folders; default: the bundled sample).

    Each summary sentence is followed by the sources that support it.
    """
    from storyfuse.pipeline import summarize
    from storyfuse.render import render

    try:
        articles = _load(paths or (str(sample_dir()),))
        summary = summarize(articles, words=words, sentences=sentences, method=method)
    except StoryfuseError as exc:
        _fail(str(exc))
    click.echo(render(summary, fmt))


@main.command("demo")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="text")
def demo_cmd(fmt: str) -> None:
    """Summarize the bundled sample story (fictional reports by fictional outlets)."""
    from storyfuse.pipeline import summarize
    from storyfuse.render import render

    articles = _load((str(sample_dir()),))
    click.echo(render(summarize(articles), fmt))


@main.command("methods")
def methods_cmd() -> None:
    """List the summarization methods."""
    for m in METHODS.values():
        click.echo(f"{m.name:10} {m.description}")


@main.command("eval")
@click.argument("dataset", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--words", type=click.IntRange(min=1), required=True, help="Length cut (words).")
@click.option(
    "--method",
    type=click.Choice([*METHODS, PEER]),
    default=DEFAULT_METHOD,
    show_default=True,
    help=f"Summarization method, or {PEER} (the sumy peer, needs the 'bench' extra).",
)
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N clusters.")
@click.option("--per-cluster", is_flag=True, help="Show every cluster's scores.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def eval_cmd(
    dataset: Path, words: int, method: str, limit: int | None, per_cluster: bool, as_json: bool
) -> None:
    """ROUGE-1/2/L of a method on DATASET (<cluster>/docs, <cluster>/refs, meta.json).

    ROUGE-1.5.5 conventions: Porter stemming, summary and references cut to WORDS
    words, n-gram counts pooled over a cluster's references, mean over clusters.
    """
    from storyfuse.evaluate import (
        cluster_summarizer,
        evaluate_dataset,
        load_dataset,
        render_report,
    )

    try:
        clusters = load_dataset(dataset)[:limit]
    except StoryfuseError as exc:
        _fail(str(exc))
    run = cluster_summarizer(method, words=words)
    report = evaluate_dataset(clusters, run, words=words, progress=not as_json)
    if as_json:
        click.echo(json.dumps({"dataset": str(dataset), "method": method, **report.to_dict()}))
    else:
        Console().print(render_report(report, per_cluster=per_cluster))


@main.command("bench")
@click.argument("dataset", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--words", type=click.IntRange(min=1), default=DEFAULT_WORDS, show_default=True)
@click.option(
    "--methods",
    default=",".join(METHODS),
    show_default=True,
    help="Comma-separated methods to time.",
)
@click.option("--peer/--no-peer", default=True, help=f"Also time {PEER} (needs 'bench' extra).")
@click.option("--warmup", type=click.IntRange(min=0), default=1, show_default=True)
@click.option("--repeats", type=click.IntRange(min=1), default=3, show_default=True)
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N clusters.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def bench_cmd(
    dataset: Path,
    words: int,
    methods: str,
    peer: bool,
    warmup: int,
    repeats: int,
    limit: int | None,
    as_json: bool,
) -> None:
    """Per-cluster latency (median, p95) of our methods and of sumy's LexRank.

    Articles are loaded, cleaned and segmented once per cluster; what is timed is
    the summarizer on those sentences (ours: select, order and cite), in process,
    after warm-up, the minimum of the repeats per cluster.
    """
    from storyfuse.bench import bench_latency, render_bench, sumy_lexrank
    from storyfuse.evaluate import load_dataset
    from storyfuse.ingest import load_paths
    from storyfuse.pipeline import prepare, summarize_corpus
    from storyfuse.summarizers.corpus import Budget

    names = [m.strip() for m in methods.split(",") if m.strip()]
    try:
        for name in names:
            get_method(name)
        clusters = load_dataset(dataset)[:limit]
        inputs = [(c.id, prepare(load_paths([c.docs_dir]).articles)) for c in clusters]
    except StoryfuseError as exc:
        _fail(str(exc))
    budget = Budget(words=words)
    timed: dict[str, Callable[[Corpus], object]] = {
        name: partial(summarize_corpus, budget=budget, method=name) for name in names
    }
    if peer:
        timed[PEER] = lambda corpus: sumy_lexrank(
            [u.sentence.text for u in corpus.units], words=words
        )
    try:
        report = bench_latency(
            inputs,
            timed,
            warmup=warmup,
            repeats=repeats,
            peer=PEER if peer else None,
            progress=not as_json,
        )
    except StoryfuseError as exc:
        _fail(str(exc))
    if as_json:
        click.echo(json.dumps({"dataset": str(dataset), "words": words, **report.to_dict()}))
    else:
        Console().print(render_bench(report))
