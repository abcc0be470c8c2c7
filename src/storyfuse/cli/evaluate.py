"""Evaluation and benchmark commands: eval, bench, bench-stories, bench-stream, bench-brief,
bench-web.

They import the evaluation code (and its extras) only when they run.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from storyfuse.cli.options import (
    DEFAULT_WORDS,
    PEER,
    datasets_argument,
    fail,
)
from storyfuse.cli.output import print_rows, print_table, stdout_is_terminal
from storyfuse.errors import StoryfuseError
from storyfuse.summarizers.registry import DEFAULT_METHOD, METHODS, get_method

if TYPE_CHECKING:
    from storyfuse.types import Article, Sentence

    # cleaned articles and their sentences (storyfuse.pipeline.clean_and_segment)
    Segmented = tuple[tuple[Article, ...], tuple[tuple[Sentence, ...], ...]]

# Terminal widths the wide tables need to show every column uncut (piped, they are TSV).
STREAM_TABLE_WIDTH = 170
WEB_TABLE_WIDTH = 110
WEB_BENCH_HEADER = (
    "target",
    "requests",
    "errors",
    "req/s",
    "p50 ms",
    "p95 ms",
    "max ms",
    "p50 vs static",
)


@click.command("eval")
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
@click.option(
    "--update",
    is_flag=True,
    help="Update summaries: the clusters in meta.json 'previous_sets' were read before.",
)
@click.option(
    "--query-from-meta",
    is_flag=True,
    help="Query-focused summaries: meta.json topic title + narrative is the query.",
)
@click.option(
    "--compare",
    is_flag=True,
    help="Also score plain summaries of the same clusters (with --update/--query-from-meta).",
)
@click.option("--per-cluster", is_flag=True, help="Show every cluster's scores.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def eval_cmd(
    dataset: Path,
    words: int,
    method: str,
    limit: int | None,
    update: bool,
    query_from_meta: bool,
    compare: bool,
    per_cluster: bool,
    as_json: bool,
) -> None:
    """ROUGE-1/2/L of a method on DATASET (<cluster>/docs, <cluster>/refs, meta.json).

    ROUGE-1.5.5 conventions: Porter stemming, summary and references cut to WORDS
    words, n-gram counts pooled over a cluster's references, mean over clusters.
    With --compare, the plain summaries are scored in the same run and the
    difference of the mode's ROUGE-2 recall from theirs is printed.
    """
    from storyfuse.eval.datasets import PREVIOUS_SETS_KEY, TOPIC_KEY, load_dataset
    from storyfuse.eval.reports import (
        cluster_summarizer,
        compare_reports,
        evaluate_dataset,
        render_report,
    )
    from storyfuse.eval.rouge import require_rouge

    mode = "+".join(n for n, on in (("update", update), ("query", query_from_meta)) if on)
    if compare and not mode:
        fail("--compare needs --update or --query-from-meta")
    if mode and method == PEER:
        fail(f"{PEER} has no update or query mode")
    try:
        require_rouge()
        clusters = load_dataset(dataset)[:limit]
    except StoryfuseError as exc:
        fail(str(exc))
    for flag, on, key in (
        ("--update", update, PREVIOUS_SETS_KEY),
        ("--query-from-meta", query_from_meta, TOPIC_KEY),
    ):
        if on and not any(key in c.meta for c in clusters):
            fail(f"{flag}: no cluster of {dataset} has '{key}' in its meta.json")
    scopes = {"all": tuple(c.id for c in clusters)}
    if update:  # a topic's first set has no previous set: its two summaries are the same
        scopes["with previous sets"] = tuple(
            c.id for c in clusters if c.meta.get(PREVIOUS_SETS_KEY)
        )
    runs = {mode or "plain": (update, query_from_meta)}
    if compare:
        runs["plain"] = (False, False)
    reports = {
        name: evaluate_dataset(
            clusters,
            cluster_summarizer(method, words=words, update=up, query_from_meta=qu),
            words=words,
            progress=not as_json,
        )
        for name, (up, qu) in runs.items()
    }
    if as_json:
        out: dict[str, object] = {"dataset": str(dataset), "method": method}
        out["mode"] = mode or "plain"
        out.update(reports[mode or "plain"].to_dict())
        if compare:
            out["plain"] = reports["plain"].to_dict()
            out["comparison"] = [
                p._asdict() for p in compare_reports(reports[mode], reports["plain"], scopes)
            ]
        click.echo(json.dumps(out))
        return
    for name, report in reports.items():
        if len(reports) > 1:  # a heading; off a terminal on stderr, so stdout stays TSV
            click.echo(name, err=not stdout_is_terminal())
        print_table(render_report(report, per_cluster=per_cluster))
    if compare:
        for p in compare_reports(reports[mode], reports["plain"], scopes):
            click.echo(
                f"ROUGE-2 recall (-l {words}) over {p.clusters} clusters ({p.scope}): "
                f"{mode} {p.mode * 100:.2f}, plain {p.plain * 100:.2f}, "
                f"difference {p.delta * 100:+.2f} points; "
                f"{mode} better on {p.better}, worse on {p.worse}"
            )


@click.command("bench")
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
    the summarizer on those sentences, in process, after warm-up, the minimum of the
    repeats per cluster. Ours: word features (tokens, stems, bigrams), relevance, select,
    order and cite; sumy's LexRank: its own tokenizing and stemming, then its ranking.
    """
    from storyfuse.eval.bench.latency import bench_latency, render_bench
    from storyfuse.eval.datasets import load_dataset
    from storyfuse.eval.peers import sumy_lexrank
    from storyfuse.ingest import load_paths
    from storyfuse.pipeline import clean_and_segment, summarize_corpus
    from storyfuse.text.corpus import Budget, build_corpus
    from storyfuse.text.relevance import keep_relevant

    names = [m.strip() for m in methods.split(",") if m.strip()]
    try:
        for name in names:
            get_method(name)
        clusters = load_dataset(dataset)[:limit]
        inputs = [(c.id, clean_and_segment(load_paths([c.docs_dir]).articles)) for c in clusters]
    except StoryfuseError as exc:
        fail(str(exc))
    budget = Budget(words=words)

    def ours(name: str) -> Callable[[Segmented], object]:
        return lambda segmented: summarize_corpus(
            keep_relevant(build_corpus(*segmented)), budget=budget, method=name
        )

    timed: dict[str, Callable[[Segmented], object]] = {name: ours(name) for name in names}
    if peer:
        timed[PEER] = lambda segmented: sumy_lexrank(
            [s.text for sentences in segmented[1] for s in sentences], words=words
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
        fail(str(exc))
    if as_json:
        click.echo(json.dumps({"dataset": str(dataset), "words": words, **report.to_dict()}))
    else:
        print_table(render_bench(report))


@click.command("bench-stories")
@datasets_argument
@click.option("--seed", type=int, default=0, show_default=True, help="Arrival-order shuffle seed.")
@click.option(
    "--pools",
    "by_pool",
    is_flag=True,
    help="Score each dataset alone and all pooled, over --seeds, with merges, splits, the "
    "worst seed and a leave-one-pool-out choice of the join and reopen thresholds.",
)
@click.option(
    "--seeds",
    default="0,1,2",
    show_default=True,
    help="With --pools: comma-separated shuffle seeds.",
)
@click.option(
    "--errors",
    is_flag=True,
    help="With --pools: also list each pool's splits and merges at the first seed (gold "
    "and found stories, sizes, dates, titles).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def bench_stories_cmd(
    datasets: tuple[Path, ...], seed: int, by_pool: bool, seeds: str, errors: bool, as_json: bool
) -> None:
    """Story clustering quality and speed: every <cluster>/docs of DATASETS is one gold story.

    All documents are pooled into one stream (shuffled by --seed, then by date) and
    clustered online; printed are B-cubed precision/recall/F1, the adjusted Rand index,
    counts, and articles per second. With --pools, each dataset is a pool of its own
    (an update topic's sets are one story) and the report is per pool and pooled.
    """
    if by_pool:
        _bench_pools(datasets, seeds, as_json, errors=errors)
        return
    if errors:
        fail("--errors lists each pool's splits and merges: it needs --pools")
    from storyfuse.eval.stories import evaluate_story_clustering

    try:
        scores = evaluate_story_clustering(list(datasets), seed=seed)
    except (StoryfuseError, ValueError) as exc:
        fail(str(exc))
    if as_json:
        click.echo(json.dumps({"datasets": [str(d) for d in datasets], "seed": seed, **scores}))
        return
    for key, value in scores.items():
        if key in ("articles_per_second", "clean_per_second"):
            shown = f"{value:,.1f}"
        elif isinstance(value, float):
            shown = f"{value:.4f}"
        else:
            shown = str(value)
        click.echo(f"{key:20} {shown}")


POOL_COLUMNS = (
    "pool",
    "seeds",
    "mean_f1",
    "worst_f1",
    "precision",
    "recall",
    "ari",
    "stories",
    "gold",
    "merges",
    "splits",
)


def _bench_pools(datasets: Sequence[Path], seeds: str, as_json: bool, *, errors: bool) -> None:
    from storyfuse.eval.stories import evaluate_pools, format_errors, load_pool, pool_errors

    try:
        seed_list = tuple(int(s) for s in seeds.split(",") if s.strip())
    except ValueError:
        fail(f"--seeds: expected comma-separated whole numbers, got {seeds!r}")
    if not seed_list:
        fail("--seeds is empty")
    try:
        pools = [load_pool(d) for d in datasets]
        report = evaluate_pools(pools, seeds=seed_list)
        found = pool_errors(pools, seed=seed_list[0]) if errors else {}
    except (StoryfuseError, ValueError, OSError) as exc:
        fail(str(exc))
    if as_json:
        listed = {name: [e.to_dict() for e in errs] for name, errs in found.items()}
        click.echo(json.dumps({**report.to_dict(), **({"errors": listed} if errors else {})}))
        return
    click.echo("\t".join(POOL_COLUMNS))
    for name, runs in report.runs.items():
        worst = report.worst(name)
        mean = sum(r["bcubed_f1"] for r in runs) / len(runs)
        cells = (
            name,
            ",".join(str(r["seed"]) for r in runs),
            f"{mean:.4f}",
            f"{worst['bcubed_f1']:.4f}",
            f"{worst['bcubed_precision']:.4f}",
            f"{worst['bcubed_recall']:.4f}",
            f"{worst['ari']:.4f}",
            str(worst["stories"]),
            str(worst["gold_stories"]),
            str(worst["merges"]),
            str(worst["splits"]),
        )
        click.echo("\t".join(cells))
    if report.held_out:
        click.echo(
            f"\nleave one pool out (join threshold now {report.threshold}, "
            f"reopen threshold now {report.reopen_threshold}):"
        )
        click.echo("pool\tthreshold\treopen\theld_out_f1\tworst_seed_f1\tin_sample_best_f1")
        for name, held in report.held_out.items():
            click.echo(
                f"{name}\t{held['threshold']}\t{held['reopen_threshold']}\t"
                f"{held['bcubed_f1']:.4f}\t{held['worst_seed_f1']:.4f}\t"
                f"{held['in_sample_best']:.4f}"
            )
    for name, errs in found.items():
        click.echo(f"\n{name}: splits and merges, seed {seed_list[0]}:")
        for line in format_errors(errs):
            click.echo(line)


@click.command("bench-stream")
@datasets_argument
@click.option(
    "--articles",
    type=click.IntRange(min=1),
    default=100_000,
    show_default=True,
    help="Articles to stream (the last count).",
)
@click.option(
    "--checkpoint",
    type=click.IntRange(min=1),
    help="Record every K articles (default: a tenth of --articles).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Stream seed.")
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Prepare articles on a local Dask cluster of N worker processes (0: no Dask).",
)
@click.option(
    "--scheduler", metavar="ADDRESS", help="Prepare articles on this running Dask scheduler."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def bench_stream_cmd(
    datasets: tuple[Path, ...],
    articles: int,
    checkpoint: int | None,
    seed: int,
    workers: int,
    scheduler: str | None,
    as_json: bool,
) -> None:
    """Stream throughput and memory: a synthetic stream into a fresh temporary store.

    Articles are recombined from the sentences of every <cluster>/docs of DATASETS and
    ingested in batches: cleaned and MinHashed on this process (or on Dask workers with
    --workers/--scheduler), then deduplicated, clustered and stored here in order.
    Printed are checkpoints (articles/s overall and per interval, peak and current RSS,
    open stories, the duplicate index's size, the workers' RSS) and the growth from the
    first count (a tenth of --articles) to the last.
    """
    from storyfuse.eval.bench.stream import progress_bar, run_stream_bench

    step = checkpoint or max(1, articles // 10)
    counts = sorted({min(step, articles), articles})
    try:
        with progress_bar(articles, enabled=sys.stderr.isatty()) as tick:
            report = run_stream_bench(
                list(datasets),
                counts=counts,
                checkpoint=step,
                seed=seed,
                progress=tick,
                workers=workers,
                scheduler=scheduler,
            )
    except (StoryfuseError, ValueError, OSError, ImportError) as exc:
        fail(str(exc))
    if as_json:
        click.echo(json.dumps(report.to_dict()))
        return
    from storyfuse.eval.bench.stream import render_stream_bench

    rows, summary = render_stream_bench(report)
    print_rows(rows[0], rows[1:], min_width=STREAM_TABLE_WIDTH)
    for line in summary:
        click.echo(line)


@click.command("bench-brief")
@click.argument("dataset", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--sizes",
    default="25,50,100",
    show_default=True,
    help="Comma-separated story sizes: the first N articles of the clusters in sorted order.",
)
@click.option("--words", type=click.IntRange(min=1), default=250, show_default=True)
@click.option("--warmup", type=click.IntRange(min=0), default=1, show_default=True)
@click.option("--repeats", type=click.IntRange(min=1), default=3, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def bench_brief_cmd(
    dataset: Path, sizes: str, words: int, warmup: int, repeats: int, as_json: bool
) -> None:
    """The brief's time against its summary alone, as a story grows.

    For each size N, the first N articles of DATASET's clusters (sorted; the first four
    duc2006_dev topics are 100 articles) are summarised and briefed in this process, as
    the storyfuse.summarize and storyfuse.brief API calls do (clean, segment, summarise;
    the brief adds agreement, differences, timeline, quotes and names); the minimum of
    the repeats after warm-up. Printed per size: both times, the analysis alone and the
    brief / summary ratio; then the growth from the smallest size to the largest.
    """
    from storyfuse.eval.bench.brief import (
        BRIEF_BENCH_HEADER,
        bench_brief,
        load_articles,
        parse_sizes,
        render_brief_bench,
    )

    try:
        size_list = parse_sizes(sizes)
    except ValueError as exc:
        fail(f"--sizes: {exc}")
    try:
        articles = load_articles(dataset, size_list[-1])
        report = bench_brief(
            articles,
            sizes=size_list,
            words=words,
            warmup=warmup,
            repeats=repeats,
            dataset=str(dataset),
            progress=not as_json and sys.stderr.isatty(),
        )
    except (StoryfuseError, ValueError) as exc:
        fail(str(exc))
    if as_json:
        click.echo(json.dumps(report.to_dict()))
        return
    rows, lines = render_brief_bench(report)
    print_rows(BRIEF_BENCH_HEADER, rows)
    for line in lines:
        click.echo(line)


@click.command("bench-web")
@click.option(
    "--db",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Store to serve [default: one built from the bundled sample in a temporary folder].",
)
@click.option(
    "--requests",
    type=click.IntRange(1),
    default=300,
    show_default=True,
    help="At most this many requests per target.",
)
@click.option(
    "--seconds",
    type=click.FloatRange(0.1),
    default=20.0,
    show_default=True,
    help="At most this long per target.",
)
@click.option(
    "--concurrency",
    type=click.IntRange(1, 64),
    default=4,
    show_default=True,
    help="Client threads sending at once.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def bench_web_cmd(
    db: Path | None, requests: int, seconds: float, concurrency: int, as_json: bool
) -> None:
    """Load check of `storyfuse serve` on 127.0.0.1: requests/s and p50/p95 latency.

    Targets: the stylesheet (a static file, the peer), the story list, a story page and the
    summarise endpoint with the bundled sample's seven reports. Bounded by --requests and
    --seconds per target; traffic stays on the loopback address.
    """
    import json

    from storyfuse.eval.bench.web import WebBenchError, render_web_bench, run_web_bench

    if db is not None and not db.is_file():
        fail(f"no store at {db}: create it first with 'storyfuse ingest SOURCES --db {db}'")
    try:
        report = run_web_bench(db, requests=requests, seconds=seconds, concurrency=concurrency)
    except WebBenchError as exc:
        fail(str(exc))
    if as_json:
        click.echo(json.dumps(report.to_dict()))
        return
    print_rows(WEB_BENCH_HEADER, render_web_bench(report), min_width=WEB_TABLE_WIDTH)
    click.echo(
        f"{concurrency} client threads, at most {requests} requests or {seconds:g} s per "
        f"target, on {report.machine}"
    )


@click.command("eval-brief")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--words", type=click.IntRange(min=1), default=150, show_default=True, help="Word budget."
)
@click.option(
    "--data",
    "data_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Where the labelled clusters' reports are (default: the folder above GOLD_DIR).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON: every cluster and the total.")
def eval_brief_cmd(gold_dir: Path, words: int, data_dir: Path | None, as_json: bool) -> None:
    """Score briefs against gold labels (GOLD_DIR/<set>/<cluster>/gold.json).

    Each labelled cluster is briefed in process as `storyfuse summarize DOCS --words N
    --format json` would brief it, and scored as shared/tools/briefscore.py scores it:
    key-fact coverage and outcome, off-topic and preview sentences, quote attribution,
    differences, names and timeline (see shared/data/briefs/README.md).
    """
    from storyfuse.eval.briefs import evaluate_briefs, load_gold

    try:
        report = evaluate_briefs(load_gold(gold_dir, data_root=data_dir), words=words)
    except StoryfuseError as exc:
        fail(str(exc))
    if as_json:
        click.echo(json.dumps(report.to_dict()))
    else:
        for row in report.rows:
            click.echo(json.dumps(row))
        for cluster, error in report.failures:
            click.echo(f"failed: {cluster}: {error}", err=True)
        width = max(len(k) for k in report.total) if report.total else 0
        for key, value in report.total.items():
            click.echo(f"{key:{width}}  {value}")
    if report.failures:
        sys.exit(1)
