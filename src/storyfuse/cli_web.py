"""``storyfuse serve``: the web app and HTTP API over a store, run with uvicorn.

It needs the optional ``web`` extra; this module imports neither FastAPI nor uvicorn
until the command runs, so the rest of the CLI works without them. It registers itself
on the ``main`` group of ``storyfuse.cli``, which imports this module last.
"""

from __future__ import annotations

from pathlib import Path

import click

from storyfuse.cli import _fail, main
from storyfuse.cli_stream import _open_store, db_option

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
WEB_EXTRA = "pip install 'storyfuse[web]'"


@main.command("serve")
@db_option
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True)
def serve_cmd(db: Path | None, host: str, port: int) -> None:
    """Serve the store's stories as web pages and a JSON API under /api/v1.

    Reading and summarising are open; ingesting through POST /api/v1/articles needs the
    token in STORYFUSE_API_TOKEN (sent as 'Authorization: Bearer <token>'). With
    STORYFUSE_API_READ_PRIVATE=1, reads need the token too.
    """
    from storyfuse.store import default_db_path

    path = db if db is not None else default_db_path()
    if not path.is_file():
        _fail(f"no store at {path}: create it first with 'storyfuse ingest SOURCES --db {path}'")
    try:
        import uvicorn

        from storyfuse.web.app import WebSettings, create_app
    except ImportError as exc:
        missing = exc.name or "a web dependency"
        _fail(f"storyfuse serve needs the optional web extra ({missing} is missing): {WEB_EXTRA}")
    try:
        settings = WebSettings.from_env()
    except ValueError as exc:
        _fail(str(exc))
    with _open_store(path):
        pass  # a file that is no store fails here, with the store's message
    uvicorn.run(create_app(path, settings=settings), host=host, port=port, log_level="info")


@main.command("bench-web")
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

    from storyfuse.bench_web import WebBenchError, render_web_bench, run_web_bench

    if db is not None and not db.is_file():
        _fail(f"no store at {db}: create it first with 'storyfuse ingest SOURCES --db {db}'")
    try:
        report = run_web_bench(db, requests=requests, seconds=seconds, concurrency=concurrency)
    except WebBenchError as exc:
        _fail(str(exc))
    if as_json:
        click.echo(json.dumps(report.to_dict()))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(
        "target", "requests", "errors", "req/s", "p50 ms", "p95 ms", "max ms", "p50 vs static"
    )
    for row in render_web_bench(report):
        table.add_row(*row)
    Console(width=max(Console().width, 110)).print(table)
    click.echo(
        f"{concurrency} client threads, at most {requests} requests or {seconds:g} s per "
        f"target, on {report.machine}"
    )
