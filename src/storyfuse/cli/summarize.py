"""``storyfuse summarize``, ``demo`` and ``methods``: one brief from files or the sample."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from storyfuse.cli.options import (
    DEFAULT_WORDS,
    FORMATS,
    fail,
    load_articles,
    load_articles_warned,
    method_option,
    url_list,
    urls_option,
)
from storyfuse.cli.output import emit, emit_json, json_option, output_option
from storyfuse.errors import StoryfuseError
from storyfuse.samples import sample_dir
from storyfuse.summarizers.registry import METHODS

if TYPE_CHECKING:
    from storyfuse.analyze.brief import Brief
    from storyfuse.types import Article, Sentence, Summary

    # cleaned articles and their sentences (storyfuse.pipeline.clean_and_segment)
    Segmented = tuple[tuple[Article, ...], tuple[tuple[Sentence, ...], ...]]


@click.command("summarize")
@click.argument("paths", nargs=-1, type=click.Path())
@urls_option
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
@output_option
def summarize_cmd(
    paths: tuple[str, ...],
    urls_file: Path | None,
    words: int | None,
    sentences: int | None,
    method: str,
    fmt: str,
    since: str | None,
    after: str | None,
    query: str | None,
    no_analysis: bool,
    output: Path | None,
) -> None:
    """Summarize the reports in PATHS (files or folders; '-' reads standard input; with no
    PATHS and no --urls, the bundled sample).

    Each summary sentence is followed by the sources that support it, then (unless
    --no-analysis) what several sources agree on, where they differ, a timeline, key
    quotes and names. With --since or --after, only the articles not read before are
    summarised, favouring what is new; exit status 2 when no article is new.

    Standard input is one plain-text article, or JSON Lines (one article per line, with
    'text' and optional 'title', 'source', 'url', 'published') when its first line is a
    JSON object: cat reports.jsonl | storyfuse summarize - --format json
    """
    from storyfuse.pipeline import brief, summarize
    from storyfuse.rendering import render

    if since is not None and after is not None:
        fail("--since and --after cannot be used together")
    if query is not None and not query.strip():
        fail("--query is empty")
    urls = url_list(urls_file)
    try:
        articles, warnings = load_articles_warned(
            paths or (() if urls else (str(sample_dir()),)), urls
        )
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
        fail(str(exc))
    emit(render(with_input_notes(document, warnings), fmt), output)


def with_input_notes(document: Summary | Brief, warnings: Sequence[str]) -> Summary | Brief:
    """``document`` with the input's ``warnings`` (a file skipped as a duplicate, a date
    not read) leading its notes, so a saved brief keeps what stderr said."""
    from dataclasses import replace

    from storyfuse.types import Summary

    if not warnings:
        return document
    if isinstance(document, Summary):
        return replace(document, notes=(*warnings, *document.notes))
    summary = document.summary
    return replace(document, summary=replace(summary, notes=(*warnings, *summary.notes)))


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
            fail(f"--since: not a date: {since!r} (use YYYY-MM-DD or an ISO datetime)")
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
        fail("--after needs at least one article id")
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
        fail(f"--after: no loaded article has the id or file name {', '.join(missing)}")
    return found


@click.command("demo")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="text")
@output_option
def demo_cmd(fmt: str, output: Path | None) -> None:
    """The brief of the bundled sample story (fictional reports by fictional outlets)."""
    from storyfuse.pipeline import brief
    from storyfuse.rendering import render

    articles = load_articles((str(sample_dir()),))
    emit(render(brief(articles), fmt), output)


@click.command("methods")
@json_option
def methods_cmd(as_json: bool) -> None:
    """List the summarization methods (--json: name, description and which is the default)."""
    from storyfuse.summarizers.registry import DEFAULT_METHOD

    if as_json:
        emit_json(
            [
                {"name": m.name, "description": m.description, "default": m.name == DEFAULT_METHOD}
                for m in METHODS.values()
            ]
        )
        return
    width = max(len(name) for name in METHODS) + 1  # a column wide enough for every name
    for m in METHODS.values():
        click.echo(f"{m.name:{width}} {m.description}")
