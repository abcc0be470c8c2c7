"""The ``storyfuse`` command line: summarize, demo, methods, eval, bench.

The stream commands (ingest, stories, brief, search, bench-stories) are in ``cli_stream``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click
from rich.console import Console

from storyfuse.errors import NoArticlesError, StoryfuseError
from storyfuse.samples import sample_dir
from storyfuse.summarizers.registry import DEFAULT_METHOD, METHODS, get_method

if TYPE_CHECKING:
    from storyfuse.types import Article, Sentence

    # cleaned articles and their sentences (storyfuse.pipeline.clean_and_segment)
    Segmented = tuple[tuple[Article, ...], tuple[tuple[Sentence, ...], ...]]

EXIT_USAGE = 2
DEFAULT_WORDS = 100  # storyfuse.pipeline.DEFAULT_WORDS
FORMATS = ("text", "md", "json", "plain")  # storyfuse.rendering.FORMATS
PEER = "sumy-lexrank"  # storyfuse.bench.PEER, named here so --help needs no heavy import
METHOD_HELP = "; ".join(f"{m.name}: {m.description}" for m in METHODS.values())


def _fail(message: str) -> NoReturn:
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
@click.option(
    "--since",
    metavar="DATE",
    help="Update summary: articles published before DATE (ISO date or datetime) were "
    "read already; summarise what the rest add. Undated articles count as new.",
)
@click.option(
    "--after",
    metavar="ID[,ID...]",
    help="Update summary: these articles (ids or file names), and every article "
    "published at or before the latest of them, were read already.",
)
@click.option("--query", metavar="TEXT", help="Focus the summary on this question or topic.")
@click.option(
    "--no-analysis",
    is_flag=True,
    help="Print the cited summary only, without agreement, differences, timeline, quotes "
    "and names.",
)
def summarize_cmd(
    paths: tuple[str, ...],
    words: int | None,
    sentences: int | None,
    method: str,
    fmt: str,
    since: str | None,
    after: str | None,
    query: str | None,
    no_analysis: bool,
) -> None:
    """Summarize the reports in PATHS (files or folders; default: the bundled sample).

    Each summary sentence is followed by the sources that support it, then (unless
    --no-analysis) what several sources agree on, where they differ, a timeline, key
    quotes and names. With --since or --after, only the articles not read before are
    summarised, favouring what is new; exit status 2 when no article is new.
    """
    from storyfuse.pipeline import brief, summarize
    from storyfuse.rendering import render

    if since is not None and after is not None:
        _fail("--since and --after cannot be used together")
    if query is not None and not query.strip():
        _fail("--query is empty")
    try:
        articles = _load(paths or (str(sample_dir()),))
        previous = None
        if since is not None or after is not None:
            previous, articles = _split_previous(articles, since, after)
        run = summarize if no_analysis else brief
        document = run(
            articles,
            words=words,
            sentences=sentences,
            method=method,
            previous=previous,
            query=query,
        )
    except StoryfuseError as exc:
        _fail(str(exc))
    click.echo(render(document, fmt))


def _split_previous(
    articles: list[Article], since: str | None, after: str | None
) -> tuple[list[Article], list[Article]]:
    """(previous, new) for --since/--after; warns about undated articles, fails on no news."""
    from storyfuse.ingest.dates import parse_date
    from storyfuse.pipeline import NothingNewError
    from storyfuse.summarizers.update import split_after, split_since

    if since is not None:
        moment = parse_date(since)
        if moment is None:
            _fail(f"--since: not a date: {since!r} (use YYYY-MM-DD or an ISO datetime)")
        split = split_since(articles, moment)
        told = f"published before {since}"
    else:
        named = _named_articles(articles, after or "")
        split = split_after(articles, named)
        told = f"published at or before {', '.join(_name(a) for a in named)}"
    if split.undated:
        names = ", ".join(_name(a) for a in split.undated)
        click.echo(
            f"warning: {len(split.undated)} article(s) without a publication date "
            f"counted as new: {names}",
            err=True,
        )
    if not split.new:
        raise NothingNewError(f"nothing new: all {len(articles)} articles were {told}")
    if not split.previous:
        click.echo(f"warning: no article was {told}; summarising all as new", err=True)
    return list(split.previous), list(split.new)


def _name(article: Article) -> str:
    return Path(article.path).name if article.path else article.id


def _named_articles(articles: Sequence[Article], after: str) -> list[Article]:
    """The articles --after names, by id, file name or file name without its extension."""
    wanted = [w.strip() for w in after.split(",") if w.strip()]
    if not wanted:
        _fail("--after needs at least one article id")
    found: list[Article] = []
    missing: list[str] = []
    for name in wanted:
        hits = [
            a
            for a in articles
            if name == a.id
            or (a.path is not None and name in (Path(a.path).name, Path(a.path).stem))
        ]
        if hits:
            found.extend(h for h in hits if h not in found)
        else:
            missing.append(name)
    if missing:
        _fail(f"--after: no loaded article has the id or file name {', '.join(missing)}")
    return found


@main.command("demo")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="text")
def demo_cmd(fmt: str) -> None:
    """The brief of the bundled sample story (fictional reports by fictional outlets)."""
    from storyfuse.pipeline import brief
    from storyfuse.rendering import render

    articles = _load((str(sample_dir()),))
    click.echo(render(brief(articles), fmt))


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
    from storyfuse.evaluate import (
        PREVIOUS_SETS_KEY,
        TOPIC_KEY,
        cluster_summarizer,
        compare_reports,
        evaluate_dataset,
        load_dataset,
        render_report,
    )

    mode = "+".join(n for n, on in (("update", update), ("query", query_from_meta)) if on)
    if compare and not mode:
        _fail("--compare needs --update or --query-from-meta")
    if mode and method == PEER:
        _fail(f"{PEER} has no update or query mode")
    try:
        clusters = load_dataset(dataset)[:limit]
    except StoryfuseError as exc:
        _fail(str(exc))
    for flag, on, key in (
        ("--update", update, PREVIOUS_SETS_KEY),
        ("--query-from-meta", query_from_meta, TOPIC_KEY),
    ):
        if on and not any(key in c.meta for c in clusters):
            _fail(f"{flag}: no cluster of {dataset} has '{key}' in its meta.json")
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
    console = Console()
    for name, report in reports.items():
        if len(reports) > 1:
            console.print(f"[bold]{name}[/bold]")
        console.print(render_report(report, per_cluster=per_cluster))
    if compare:
        for p in compare_reports(reports[mode], reports["plain"], scopes):
            console.print(
                f"ROUGE-2 recall (-l {words}) over {p.clusters} clusters ({p.scope}): "
                f"{mode} {p.mode * 100:.2f}, plain {p.plain * 100:.2f}, "
                f"difference {p.delta * 100:+.2f} points; "
                f"{mode} better on {p.better}, worse on {p.worse}"
            )


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
    the summarizer on those sentences, in process, after warm-up, the minimum of the
    repeats per cluster. Ours: word features (tokens, stems, bigrams), select, order
    and cite; sumy's LexRank: its own tokenizing and stemming, then its ranking.
    """
    from storyfuse.bench import bench_latency, render_bench, sumy_lexrank
    from storyfuse.evaluate import load_dataset
    from storyfuse.ingest import load_paths
    from storyfuse.pipeline import clean_and_segment, summarize_corpus
    from storyfuse.summarizers.corpus import Budget, build_corpus

    names = [m.strip() for m in methods.split(",") if m.strip()]
    try:
        for name in names:
            get_method(name)
        clusters = load_dataset(dataset)[:limit]
        inputs = [(c.id, clean_and_segment(load_paths([c.docs_dir]).articles)) for c in clusters]
    except StoryfuseError as exc:
        _fail(str(exc))
    budget = Budget(words=words)

    def ours(name: str) -> Callable[[Segmented], object]:
        return lambda segmented: summarize_corpus(
            build_corpus(*segmented), budget=budget, method=name
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
        _fail(str(exc))
    if as_json:
        click.echo(json.dumps({"dataset": str(dataset), "words": words, **report.to_dict()}))
    else:
        Console().print(render_bench(report))


# --- stories from a stream: ingest into the store, list, brief, search -----------------


# The stream commands (ingest, stories, brief, search, bench-stories) live in their own
# module and register themselves on ``main``; imported last, as they need it.
from storyfuse import cli_stream as _cli_stream  # noqa: E402
from storyfuse import cli_web as _cli_web  # noqa: E402  (serve: imports the web extra lazily)

__all__ = ["main"]
_ = _cli_stream, _cli_web
