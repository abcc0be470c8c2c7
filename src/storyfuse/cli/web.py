"""``storyfuse serve``: the web app and HTTP API over a store, run with uvicorn.

It needs the optional ``web`` extra; this module imports neither FastAPI nor uvicorn
until the command runs, so the rest of the CLI works without them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from storyfuse.cli.options import (
    db_option,
    existing_store_path,
    fail,
    open_store,
)

if TYPE_CHECKING:
    from storyfuse.types import Article, Sentence

    # cleaned articles and their sentences (storyfuse.pipeline.clean_and_segment)
    Segmented = tuple[tuple[Article, ...], tuple[tuple[Sentence, ...], ...]]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
WEB_EXTRA = "pip install 'storyfuse[web]'"

@click.command("serve")
@db_option
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True)
def serve_cmd(db: Path | None, host: str, port: int) -> None:
    """Serve the store's stories as web pages and a JSON API under /api/v1.

    Reading and summarising are open; ingesting through POST /api/v1/articles needs the
    token in STORYFUSE_API_TOKEN (sent as 'Authorization: Bearer <token>'). With
    STORYFUSE_API_READ_PRIVATE=1, reads need the token too. Limits (README "Limits"):
    STORYFUSE_MAX_BODY_BYTES, STORYFUSE_MAX_URL_BYTES, STORYFUSE_BODY_TIMEOUT,
    STORYFUSE_MAX_CONNECTIONS, STORYFUSE_KEEP_ALIVE_TIMEOUT, STORYFUSE_HEADER_TIMEOUT,
    STORYFUSE_MAX_HEADER_BYTES.
    """
    path = existing_store_path(db)
    try:
        from storyfuse.web.app import WebSettings, create_app
        from storyfuse.web.server import serve
    except ImportError as exc:
        missing = exc.name or "a web dependency"
        fail(f"storyfuse serve needs the optional web extra ({missing} is missing): {WEB_EXTRA}")
    try:
        settings = WebSettings.from_env()
    except ValueError as exc:
        fail(str(exc))
    with open_store(path):
        pass  # a file that is no store fails here, with the store's message
    serve(create_app(path, settings=settings), settings, host=host, port=port)
