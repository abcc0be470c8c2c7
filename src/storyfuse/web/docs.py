"""The API's docs (Swagger UI at ``/docs``, ReDoc at ``/redoc``), served from this machine:
no CDN, so they work offline like the rest of storyfuse.

FastAPI's default docs pages load their scripts and stylesheet from a CDN, so with no
network they are blank. Here the app is built with ``docs_url=None, redoc_url=None`` and
``install_docs`` adds the same pages (``fastapi.openapi.docs``) with every asset read from
the ``fastapi-offline`` package (part of the ``web`` extra: Swagger UI 5 and ReDoc 2,
MIT), mounted under ``DOCS_ASSETS``. ``swagger-ui-bundle`` was the other candidate, but
its Swagger UI 4 cannot render the OpenAPI 3.1 schema FastAPI writes.
"""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

DOCS_PATH = "/docs"
REDOC_PATH = "/redoc"
OAUTH2_REDIRECT_PATH = "/docs/oauth2-redirect"
DOCS_ASSETS = "/docs-assets"
SWAGGER_JS = f"{DOCS_ASSETS}/swagger-ui-bundle.js"
SWAGGER_CSS = f"{DOCS_ASSETS}/swagger-ui.css"
REDOC_JS = f"{DOCS_ASSETS}/redoc.standalone.js"
FAVICON = f"{DOCS_ASSETS}/favicon.png"
ASSETS_DIR = Path(fastapi_offline.__file__).resolve().parent / "static"


def _openapi_url(request: Request) -> str:
    app = request.app
    assert isinstance(app, FastAPI)
    return app.openapi_url or "/openapi.json"


def docs_page(request: Request) -> HTMLResponse:
    """Swagger UI over the app's OpenAPI schema, every asset from this server."""
    return get_swagger_ui_html(
        openapi_url=_openapi_url(request),
        title="storyfuse API",
        oauth2_redirect_url=OAUTH2_REDIRECT_PATH,
        swagger_js_url=SWAGGER_JS,
        swagger_css_url=SWAGGER_CSS,
        swagger_favicon_url=FAVICON,
    )


def redoc_page(request: Request) -> HTMLResponse:
    """ReDoc over the same schema, with no web fonts (they would come from Google)."""
    return get_redoc_html(
        openapi_url=_openapi_url(request),
        title="storyfuse API",
        redoc_js_url=REDOC_JS,
        redoc_favicon_url=FAVICON,
        with_google_fonts=False,
    )


def oauth2_redirect() -> HTMLResponse:
    return get_swagger_ui_oauth2_redirect_html()


def install_docs(app: FastAPI) -> None:
    """Add ``/docs``, ``/redoc`` and their assets to an app built without FastAPI's own."""
    for path, endpoint in (
        (DOCS_PATH, docs_page),
        (REDOC_PATH, redoc_page),
        (OAUTH2_REDIRECT_PATH, oauth2_redirect),
    ):
        app.add_api_route(
            path, endpoint, methods=["GET"], include_in_schema=False, response_class=HTMLResponse
        )
    app.mount(DOCS_ASSETS, StaticFiles(directory=ASSETS_DIR), name="docs-assets")
