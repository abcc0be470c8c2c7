"""The stream commands: ingest, stories, brief, search and batch.

They work on the store (``--db``, default in the user's data folder).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from storyfuse.cli.options import (
    DEFAULT_WORDS,
    db_option,
    fail,
    load_articles,
    open_existing_store,
    open_store,
    url_list,
    urls_option,
)
from storyfuse.cli.output import emit, emit_json, json_option, output_option, print_rows
from storyfuse.errors import StoryfuseError
from storyfuse.rendering import plural

if TYPE_CHECKING:
    from datetime import datetime

    from storyfuse.scale import JobResult, Mapper
    from storyfuse.store import Store, StoryRow
    from storyfuse.stories.stream import IngestReport, StreamState
    from storyfuse.types import Article, Sentence

    # cleaned articles and their sentences (storyfuse.pipeline.clean_and_segment)
    Segmented = tuple[tuple[Article, ...], tuple[tuple[Sentence, ...], ...]]

DEFAULT_BRIEFS_DIR = Path("briefs")  # batch's --out without --db
STORIES_HEADER = ("id", "title", "articles", "sources", "first seen", "last seen")
STORIES_TABLE_WIDTH = 160  # wide enough for a title and a few outlets without cutting


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


@click.command("ingest")
@click.argument("sources", nargs=-1)
@urls_option
@db_option
@json_option
def ingest_cmd(
    sources: tuple[str, ...], urls_file: Path | None, db: Path | None, as_json: bool
) -> None:
    """Add the articles in SOURCES (files, folders, feeds, WARC, URLs; '-' reads standard
    input, as summarize does) and in the --urls list to the store's stories.

    Each article is cleaned and stored once (re-running is safe), near-duplicates are
    marked and join their original's story, and the rest are clustered into stories,
    continuing the stories of earlier runs. Ctrl-C keeps what was stored; run again to go on.
    This command creates the store when it does not exist.
    """
    from storyfuse.store import StoreError
    from storyfuse.stories.stream import arrival_order, ingest_articles, replay

    urls = url_list(urls_file)
    if not sources and not urls:
        fail("nothing to ingest: give SOURCES, '-' for standard input, or --urls FILE")
    try:
        articles = arrival_order(load_articles(sources, urls))
    except StoryfuseError as exc:
        fail(str(exc))
    with open_store(db) as store:
        try:
            with store.writing():  # another writer (the server, say) waits, and we for it
                state = replay(store)
                if sys.stderr.isatty():
                    report = _ingest_with_progress(store, articles, state)
                else:
                    report = ingest_articles(store, articles, state=state)
        except StoreError as exc:
            fail(str(exc))
        except KeyboardInterrupt:
            click.echo("interrupted: what was stored stays; run again to go on", err=True)
            sys.exit(130)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    if as_json:
        emit_json(_report_dict(report))
        return
    resumed = f", {report.resumed} resumed" if report.resumed else ""
    click.echo(
        f"{report.added} added, {report.existing} already stored, "
        f"{report.duplicates} duplicates, {len(report.stories_touched)} stories updated "
        f"({report.new_stories} new){resumed}"
    )


def _report_dict(report: IngestReport) -> dict[str, object]:
    """What ``ingest --json`` prints: the counts and the ids of the stories that grew."""
    return {
        "added": report.added,
        "existing": report.existing,
        "duplicates": report.duplicates,
        "stories_updated": len(report.stories_touched),
        "new_stories": report.new_stories,
        "resumed": report.resumed,
        "stories": list(report.stories_touched),
    }


def _ingest_with_progress(
    store: Store, articles: Sequence[Article], state: StreamState
) -> IngestReport:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    from storyfuse.stories.stream import ingest_articles

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


@click.command("stories")
@db_option
@click.option("--since", metavar="DATE", help="Only stories seen on or after DATE (ISO).")
@click.option("--limit", type=click.IntRange(min=1), help="At most N stories.")
@click.option(
    "--min-articles",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Only stories of at least N articles (2 hides single-article stories).",
)
@json_option
def stories_cmd(
    db: Path | None, since: str | None, limit: int | None, min_articles: int, as_json: bool
) -> None:
    """List the stories, most recently seen first.

    On a terminal a table; piped, tab-separated lines (a header, then one story a line);
    with --json, a JSON list (times in ISO 8601, UTC).
    """
    from storyfuse.ingest.dates import parse_date
    from storyfuse.store import StoreError

    moment = None
    if since is not None:
        moment = parse_date(since)
        if moment is None:
            fail(f"--since: not a date: {since!r} (use YYYY-MM-DD or an ISO datetime)")
    with open_existing_store(db) as store:
        try:
            rows = store.stories(since=moment, limit=limit, min_articles=min_articles)
        except StoreError as exc:
            fail(str(exc))
    if as_json:
        emit_json([_story_dict(row) for row in rows])
        return
    if not rows:
        click.echo("no stories", err=True)
        return
    cells = [
        (
            row.id,
            row.title or "",
            str(row.article_count),
            ", ".join(row.sources),
            _when(row.first_seen),
            _when(row.last_seen),
        )
        for row in rows
    ]
    print_rows(STORIES_HEADER, cells, min_width=STORIES_TABLE_WIDTH)


def _story_dict(row: StoryRow) -> dict[str, object]:
    return {
        "id": row.id,
        "title": row.title,
        "articles": row.article_count,
        "sources": list(row.sources),
        "first_seen": row.first_seen.isoformat(),
        "last_seen": row.last_seen.isoformat(),
    }


@click.command("brief")
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
@output_option
def brief_cmd(
    story_id: str, db: Path | None, words: int | None, fmt: str, output: Path | None
) -> None:
    """The cited brief of a stored story (rebuilt only when the story has grown)."""
    from storyfuse.store import StoreError
    from storyfuse.stories.stream import build_brief, refresh_brief

    with open_existing_store(db) as store:
        try:
            record = refresh_brief(store, story_id, words=words)
            if fmt == "json":
                emit(record.json, output)
                return
            document = record.brief or build_brief(store, story_id, words=words)
        except (StoreError, StoryfuseError) as exc:
            fail(str(exc))
    from storyfuse.rendering import render

    emit(render(document, fmt), output)


@click.command("search")
@click.argument("query")
@db_option
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@json_option
def search_cmd(query: str, db: Path | None, limit: int, as_json: bool) -> None:
    """Articles whose title or text contain every word of QUERY, best first.

    With --json, a JSON list of hits (article and story ids, title, the snippet with the
    matched words in [brackets], and the bm25 rank: lower is better).
    """
    from storyfuse.store import StoreError

    with open_existing_store(db) as store:
        try:
            hits = store.search(query, limit=limit)
        except StoreError as exc:
            fail(str(exc))
    if as_json:
        emit_json(
            [
                {
                    "article_id": hit.article_id,
                    "story_id": hit.story_id,
                    "title": hit.title,
                    "snippet": " ".join(hit.snippet.split()),
                    "rank": hit.rank,
                }
                for hit in hits
            ]
        )
        return
    if not hits:
        click.echo("no matches", err=True)
        return
    for hit in hits:
        click.echo(f"{hit.article_id}  story {hit.story_id or '-'}  {hit.title or ''}")
        click.echo(f"    {' '.join(hit.snippet.split())}")


@click.command("batch")
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Ingest SOURCES into this store, then brief the stories they touched.",
)
@click.option("--words", type=click.IntRange(min=1), help=f"Word budget (default {DEFAULT_WORDS}).")
@click.option(
    "--scheduler", metavar="ADDRESS", help="A running Dask scheduler, e.g. tcp://host:8786."
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="Worker processes of the local Dask cluster (without --scheduler).",
)
@click.option("--local", "serial", is_flag=True, help="Run serially in this process, no Dask.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the <name>.json briefs. Default: briefs, or none with --db.",
)
def batch_cmd(
    sources: tuple[str, ...],
    db: Path | None,
    words: int | None,
    scheduler: str | None,
    workers: int,
    serial: bool,
    out: Path | None,
) -> None:
    """Many stories at once, on Dask (the 'scale' extra) or serially (--local).

    Without --db, each SOURCE is a folder and one story; a data set folder (<cluster>/docs
    inside) gives one story per cluster. Writes OUT/<name>.json per story.

    With --db, SOURCES are anything ingest reads: the workers load, clean and MinHash
    the articles, this process adds them to the store's stories in arrival order (the
    same stories as `storyfuse ingest`), then the workers brief every story that grew and
    the briefs are saved in the store (and in OUT, if given).

    Prints one line per story. A story that fails is reported and the others go on
    (exit 1 when any failed).
    """
    import time

    if serial and scheduler is not None:
        fail("--local and --scheduler exclude each other")
    folder = out
    start = time.perf_counter()
    if db is not None:
        results, done = _batch_store(sources, db, words, scheduler, workers, serial, out)
    else:
        folder = out or DEFAULT_BRIEFS_DIR
        results = _batch_folders(sources, words, scheduler, workers, serial, folder)
        done = f"{len(results)} jobs"
    seconds = time.perf_counter() - start
    for result in results:
        for warning in result.warnings:
            click.echo(f"warning: {result.name}: {warning}", err=True)
        if result.brief_json is None:
            click.echo(f"{result.name}  error: {result.error}")
            continue
        if folder is not None:
            (folder / f"{result.name}.json").write_text(result.brief_json + "\n", encoding="utf-8")
        data = json.loads(result.brief_json)
        cited = plural(len(data["sources"]), "source")
        click.echo(f"{result.name}  {plural(data['words'], 'word')}  {cited}")
    failed = sum(1 for r in results if r.brief_json is None)
    where = "locally" if serial else (scheduler or f"a local Dask cluster of {workers} workers")
    kept = "the store" if db is not None else ""
    if folder is not None:
        kept = f"{kept} and {folder}" if kept else str(folder)
    click.echo(
        f"{done} ({failed} failed) in {seconds:.2f} s, "
        f"{len(results) / max(seconds, 1e-9):.2f} jobs/s, {where}; briefs in {kept}"
    )
    if failed:
        sys.exit(1)


@contextmanager
def _mapper(scheduler: str | None, workers: int, serial: bool) -> Iterator[Mapper]:
    """The ``Mapper`` to run jobs through: in this process, or on a Dask cluster."""
    from storyfuse.scale import dask_client, dask_map, local_map

    if serial:
        yield local_map
        return
    with dask_client(scheduler, workers=workers) as client:
        yield dask_map(client)


def _batch_folders(
    folders: tuple[str, ...],
    words: int | None,
    scheduler: str | None,
    workers: int,
    serial: bool,
    out: Path,
) -> list[JobResult]:
    from storyfuse.scale import jobs_for, run_dask, run_local, unique_names

    try:
        jobs = unique_names([job for folder in folders for job in jobs_for(folder)])
        out.mkdir(parents=True, exist_ok=True)
    except (ValueError, OSError) as exc:
        fail(str(exc))
    try:
        if serial:
            return run_local(jobs, words=words)
        return run_dask(jobs, words=words, scheduler=scheduler, workers=workers)
    except (StoryfuseError, ImportError, OSError) as exc:
        fail(str(exc))


def _batch_store(
    sources: tuple[str, ...],
    db: Path,
    words: int | None,
    scheduler: str | None,
    workers: int,
    serial: bool,
    out: Path | None,
) -> tuple[list[JobResult], str]:
    """Ingest into the store and brief the touched stories: (brief results, summary)."""
    from storyfuse.scale import ingest_batch
    from storyfuse.store import StoreError

    try:
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
        with open_store(db) as store, _mapper(scheduler, workers, serial) as mapper:
            batch = ingest_batch(store, list(sources), mapper=mapper, words=words)
    except (StoreError, StoryfuseError, ImportError, OSError) as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        click.echo("interrupted: what was stored stays; run again to go on", err=True)
        sys.exit(130)
    for warning in batch.warnings:
        click.echo(f"warning: {warning}", err=True)
    report = batch.ingest
    resumed = f", {report.resumed} resumed" if report.resumed else ""
    summary = (
        f"{report.added} added, {report.existing} already stored, "
        f"{report.duplicates} duplicates, {len(report.stories_touched)} stories updated "
        f"({report.new_stories} new){resumed}; {len(batch.briefs)} briefs"
    )
    return list(batch.briefs), summary
