"""What the commands share: errors and exit codes, article loading, common options."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from storyfuse.defaults import DEFAULT_WORDS, FORMATS, PEER
from storyfuse.errors import NoArticlesError
from storyfuse.summarizers.registry import DEFAULT_METHOD, METHODS

if TYPE_CHECKING:
    from storyfuse.store import Store
    from storyfuse.types import Article

__all__ = ["DEFAULT_WORDS", "FORMATS", "PEER"]  # re-exported from storyfuse.defaults

EXIT_USAGE = 2
METHOD_HELP = "; ".join(f"{m.name}: {m.description}" for m in METHODS.values())


def fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_USAGE)


def load_articles(paths: Sequence[str | Path], urls: Sequence[str] = ()) -> list[Article]:
    """The articles in ``paths`` (``-`` is standard input) and ``urls``; warnings on stderr."""
    return load_articles_warned(paths, urls)[0]


def load_articles_warned(
    paths: Sequence[str | Path], urls: Sequence[str] = ()
) -> tuple[list[Article], tuple[str, ...]]:
    """``load_articles``, with its warnings (a file skipped, a date not read) returned too,
    for output that keeps them (a brief's notes)."""
    from storyfuse.cli.inputs import STDIN, STDIN_NAME, load_sources

    result = load_sources(paths, urls)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if not result.articles:
        named = [STDIN_NAME if str(p) == STDIN else str(p) for p in paths]
        named += [f"the --urls list ({len(urls)} URLs)"] if urls else []
        raise NoArticlesError("no readable article in " + ", ".join(named))
    return list(result.articles), tuple(result.warnings)


def url_list(path: Path | None) -> list[str]:
    """The URLs of a ``--urls`` file (none without one); an unreadable file fails naming it."""
    from storyfuse.cli.inputs import read_url_list
    from storyfuse.errors import StoryfuseError

    if path is None:
        return []
    try:
        return read_url_list(path)
    except StoryfuseError as exc:
        fail(str(exc))


urls_option = click.option(
    "--urls",
    "urls_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A file of http(s) URLs to read too, one a line ('#' comments and blank lines skipped).",
)


method_option = click.option(
    "--method",
    type=click.Choice(list(METHODS)),
    default=DEFAULT_METHOD,
    show_default=True,
    help=f"Summarization method. {METHOD_HELP}.",
)


db_option = click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The store (SQLite file). Default: $XDG_DATA_HOME/storyfuse/storyfuse.sqlite.",
)


# Dev-set folders (<cluster>/docs, meta.json) for the benchmark commands.
datasets_argument = click.argument(
    "datasets",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
)


def existing_store_path(db: Path | None) -> Path:
    """The store a read command opens; one that does not exist fails, naming it.

    Opening a missing SQLite file would create an empty store and answer "no stories",
    which hides a mistyped ``--db``; only ``ingest`` (and ``batch``) create a store.
    """
    from storyfuse.store import default_db_path

    path = db if db is not None else default_db_path()
    if not path.is_file():
        fail(f"no store at {path}: create it first with 'storyfuse ingest SOURCES --db {path}'")
    return path


def open_existing_store(db: Path | None) -> Store:
    """``open_store`` for the read commands: the store must exist already."""
    return open_store(existing_store_path(db))


def open_store(db: Path | None) -> Store:
    from storyfuse.store import Store, StoreError, default_db_path

    try:
        return Store.open(db if db is not None else default_db_path())
    except StoreError as exc:
        fail(str(exc))


