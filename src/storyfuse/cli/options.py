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


def load_articles(paths: Sequence[str | Path]) -> list[Article]:
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


def open_store(db: Path | None) -> Store:
    from storyfuse.store import Store, StoreError, default_db_path

    try:
        return Store.open(db if db is not None else default_db_path())
    except StoreError as exc:
        fail(str(exc))


