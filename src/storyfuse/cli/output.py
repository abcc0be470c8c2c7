"""Where command output goes: a terminal gets rich tables, a pipe gets plain TSV; ``-o FILE``.

Rich fits a table to the terminal's width and cuts cells that do not fit (``37.…``), and it
does so at 80 columns whenever stdout is a pipe or a file. Output read by ``cut``, ``awk``,
``sort`` or a spreadsheet needs every value whole, so off a terminal the commands print the
same cells as tab-separated lines: the header row, then one line per row. A table's title and
caption go to stderr there, so that stdout holds nothing but the table.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from storyfuse.cli.options import fail

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table

TSV_SEPARATOR = "\t"

output_option = click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the output to this file instead of standard output.",
)

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON.")


def stdout_is_terminal() -> bool:
    """True when a person reads stdout (rich tables), false for a pipe or a file (TSV)."""
    return sys.stdout.isatty()


def emit(text: str, output: Path | None) -> None:
    """``text`` and a newline on stdout, or written to ``output`` (failing with its name)."""
    if output is None:
        click.echo(text)
        return
    try:
        output.write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        fail(f"{output}: cannot write ({exc.strerror or exc})")


def emit_json(value: object) -> None:
    """One JSON document on stdout, non-ASCII kept as is (what ``jq`` and people read)."""
    click.echo(json.dumps(value, ensure_ascii=False))


def tsv_cell(value: object) -> str:
    """A cell as TSV text: rich markup dropped; tabs and newlines, which would split it, spaced."""
    from rich.text import Text

    if isinstance(value, Text):
        plain = value.plain
    elif isinstance(value, str):
        plain = Text.from_markup(value).plain
    else:
        plain = str(value)
    return " ".join(plain.split())


def tsv_lines(header: Sequence[object], rows: Sequence[Sequence[object]]) -> list[str]:
    """The header row and the rows as tab-separated lines."""
    return [TSV_SEPARATOR.join(tsv_cell(cell) for cell in row) for row in (header, *rows)]


def table_cells(table: Table) -> tuple[list[object], list[list[object]]]:
    """A rich table's header and rows, read back from its columns."""
    header: list[object] = [column.header for column in table.columns]
    columns = [list(column.cells) for column in table.columns]
    rows = [list(row) for row in zip(*columns, strict=True)]
    return header, rows


def print_table(table: Table, *, min_width: int | None = None) -> None:
    """``table`` for a terminal (at least ``min_width`` wide), else as TSV on stdout."""
    from rich.console import Console

    if stdout_is_terminal():
        console = Console()
        width = max(console.width, min_width) if min_width else None
        Console(width=width).print(table)
        return
    for note in (table.title, table.caption):
        if note:
            click.echo(tsv_cell(note), err=True)
    header, rows = table_cells(table)
    for line in tsv_lines(header, rows):
        click.echo(line)


def print_rows(
    header: Sequence[str], rows: Sequence[Sequence[str]], *, min_width: int | None = None
) -> None:
    """Rows under ``header``: a rich table on a terminal, TSV elsewhere."""
    from rich.table import Table

    table = Table(*header)
    for row in rows:
        table.add_row(*row)
    print_table(table, min_width=min_width)


def print_renderable(renderable: RenderableType) -> None:
    """A rich table or any other renderable on stdout (tables become TSV off a terminal)."""
    from rich.console import Console
    from rich.table import Table

    if isinstance(renderable, Table):
        print_table(renderable)
    else:
        Console().print(renderable)
