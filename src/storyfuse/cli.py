"""The ``storyfuse`` command line: summarize, demo, eval, bench, methods."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click
from rich.console import Console

from storyfuse.errors import NoArticlesError, StoryfuseError
from storyfuse.samples import sample_dir
from storyfuse.summarizers.registry import DEFAULT_METHOD, METHODS, get_method

if TYPE_CHECKING:
    from datetime import datetime

    from storyfuse.store import Store
    from storyfuse.stream import IngestReport, StreamState
    from storyfuse.summarizers.corpus import Corpus
    from storyfuse.types import Article

EXIT_USAGE = 2
DEFAULT_WORDS = 100  # storyfuse.pipeline.DEFAULT_WORDS
FORMATS = ("text", "md", "json", "plain")  # storyfuse.render.FORMATS
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
    from storyfuse.render import render

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
    from storyfuse.render import render

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


# --- stories from a stream: ingest into the store, list, brief, search -----------------

db_option = click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The store (SQLite file). Default: $XDG_DATA_HOME/storyfuse/storyfuse.sqlite.",
)


def _open_store(db: Path | None) -> Store:
    from storyfuse.store import Store, StoreError, default_db_path

    try:
        return Store.open(db if db is not None else default_db_path())
    except StoreError as exc:
        _fail(str(exc))


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


@main.command("ingest")
@click.argument("sources", nargs=-1, required=True)
@db_option
def ingest_cmd(sources: tuple[str, ...], db: Path | None) -> None:
    """Add the articles in SOURCES (files, folders, feeds, WARC, URLs) to the store's stories.

    Each article is cleaned and stored once (re-running is safe), near-duplicates are
    marked and join their original's story, and the rest are clustered into stories,
    continuing the stories of earlier runs. Ctrl-C keeps what was stored; run again to go on.
    """
    from storyfuse.store import StoreError
    from storyfuse.stream import arrival_order, ingest_articles, replay

    try:
        articles = arrival_order(_load(sources))
    except StoryfuseError as exc:
        _fail(str(exc))
    with _open_store(db) as store:
        try:
            state = replay(store)
            if sys.stderr.isatty():
                report = _ingest_with_progress(store, articles, state)
            else:
                report = ingest_articles(store, articles, state=state)
        except StoreError as exc:
            _fail(str(exc))
        except KeyboardInterrupt:
            click.echo("interrupted: what was stored stays; run again to go on", err=True)
            sys.exit(130)
    resumed = f", {report.resumed} resumed" if report.resumed else ""
    click.echo(
        f"{report.added} added, {report.existing} already stored, "
        f"{report.duplicates} duplicates, {len(report.stories_touched)} stories updated "
        f"({report.new_stories} new){resumed}"
    )


def _ingest_with_progress(
    store: Store, articles: Sequence[Article], state: StreamState
) -> IngestReport:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    from storyfuse.stream import ingest_articles

    columns = (
        TextColumn("ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("ingest", total=len(articles), rate="")

        def tick(done: int, total: int) -> None:
            speed = bar.tasks[0].speed
            rate = f"{speed:.1f} articles/s" if speed else ""
            bar.update(task, completed=done, rate=rate)

        return ingest_articles(store, articles, progress=tick, state=state)


@main.command("stories")
@db_option
@click.option("--since", metavar="DATE", help="Only stories seen on or after DATE (ISO).")
@click.option("--limit", type=click.IntRange(min=1), help="At most N stories.")
def stories_cmd(db: Path | None, since: str | None, limit: int | None) -> None:
    """List the stories, most recently seen first."""
    from storyfuse.ingest.dates import parse_date
    from storyfuse.store import StoreError

    moment = None
    if since is not None:
        moment = parse_date(since)
        if moment is None:
            _fail(f"--since: not a date: {since!r} (use YYYY-MM-DD or an ISO datetime)")
    with _open_store(db) as store:
        try:
            rows = store.stories(since=moment, limit=limit)
        except StoreError as exc:
            _fail(str(exc))
    if not rows:
        click.echo("no stories", err=True)
        return
    from rich.table import Table

    table = Table("id", "title", "articles", "sources", "first seen", "last seen")
    for row in rows:
        table.add_row(
            row.id,
            row.title or "",
            str(row.article_count),
            ", ".join(row.sources),
            _when(row.first_seen),
            _when(row.last_seen),
        )
    Console(width=max(Console().width, 160)).print(table)


@main.command("brief")
@click.argument("story_id")
@db_option
@click.option("--words", type=click.IntRange(min=1), help=f"Word budget (default {DEFAULT_WORDS}).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "md", "json"]),
    default="text",
    show_default=True,
)
def brief_cmd(story_id: str, db: Path | None, words: int | None, fmt: str) -> None:
    """The cited brief of a stored story (rebuilt only when the story has grown)."""
    from storyfuse.store import StoreError
    from storyfuse.stream import build_brief, refresh_brief

    with _open_store(db) as store:
        try:
            record = refresh_brief(store, story_id, words=words)
            if fmt == "json":
                click.echo(record.json)
                return
            document = record.brief or build_brief(store, story_id, words=words)
        except (StoreError, StoryfuseError) as exc:
            _fail(str(exc))
    from storyfuse.render import render

    click.echo(render(document, fmt))


@main.command("search")
@click.argument("query")
@db_option
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
def search_cmd(query: str, db: Path | None, limit: int) -> None:
    """Articles whose title or text contain every word of QUERY, best first."""
    from storyfuse.store import StoreError

    with _open_store(db) as store:
        try:
            hits = store.search(query, limit=limit)
        except StoreError as exc:
            _fail(str(exc))
    if not hits:
        click.echo("no matches", err=True)
        return
    for hit in hits:
        click.echo(f"{hit.article_id}  story {hit.story_id or '-'}  {hit.title or ''}")
        click.echo(f"    {' '.join(hit.snippet.split())}")


@main.command("bench-stories")
@click.argument(
    "datasets",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
)
@click.option("--seed", type=int, default=0, show_default=True, help="Arrival-order shuffle seed.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def bench_stories_cmd(datasets: tuple[Path, ...], seed: int, as_json: bool) -> None:
    """Story clustering quality and speed: every <cluster>/docs of DATASETS is one gold story.

    All documents are pooled into one stream (shuffled by --seed, then by date) and
    clustered online; printed are B-cubed precision/recall/F1, the adjusted Rand index,
    counts, and articles per second.
    """
    from storyfuse.cluster import evaluate_story_clustering

    try:
        scores = evaluate_story_clustering(list(datasets), seed=seed)
    except (StoryfuseError, ValueError) as exc:
        _fail(str(exc))
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
