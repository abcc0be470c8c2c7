"""The web app's factory: pages, the JSON API, static files, limits and error answers.

``create_app(db_path)`` builds a FastAPI app over one store file. Around the routes:

- ``SecurityHeadersMiddleware`` puts ``nosniff``, ``X-Frame-Options: DENY``, a
  referrer policy and a content security policy on every response (pages keep their
  own, looser one for their stylesheet; ``/docs`` and ``/redoc`` load scripts, so none);
- ``UrlLimitMiddleware`` answers 414 to a path and query over ``WebSettings.max_url_bytes``;
- ``BodyLimitMiddleware`` reads each request body before the app sees it and answers 413
  once it passes ``WebSettings.max_body_bytes`` (a declared ``Content-Length`` over the
  limit is refused before any byte is read), and 408 when the whole body has not
  arrived within ``WebSettings.body_timeout`` seconds (a slow upload holds no memory);
- errors: under ``/api`` every error is JSON ``{"detail": "..."}`` (validation errors
  name their field, e.g. ``articles[2].text``); pages answer with an HTML error page.
  A store error that is no fault of the request (locked, unreadable) is a 503.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import anyio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from storyfuse.errors import StoryfuseError
from storyfuse.store import StoreError
from storyfuse.stories.stream import UnknownStoryError
from storyfuse.web.api import PREFIX, build_api_router, json_error
from storyfuse.web.deps import LiveStream, WebContext, render_page
from storyfuse.web.docs import install_docs
from storyfuse.web.pages import TEMPLATE_FILTERS, build_pages_router
from storyfuse.web.rebuild import BriefPendingError, StoryBriefs
from storyfuse.web.settings import WebSettings
from storyfuse.web.worker import (
    BudgetExceededError,
    PoolBusyError,
    WorkerFailedError,
    shared_pool,
)

__all__ = ["WebSettings", "create_app"]

STATIC_DIR = Path(__file__).resolve().parent / "static"
MAX_LISTED_ERRORS = 5  # validation problems named in one message
_LOCATIONS = frozenset({"body", "query", "path", "header", "cookie"})
_NOT_AN_OBJECT = frozenset({"missing", "model_attributes_type", "dict_type", "model_type"})
_API_PATHS = (PREFIX, "/openapi.json", "/docs", "/redoc")
_SCRIPTED_PATHS = ("/docs", "/redoc")  # Swagger UI and ReDoc: scripts from a CDN
SECURITY_HEADERS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
API_CSP = "default-src 'none'; frame-ancestors 'none'"  # JSON and files: nothing to load
CSP = "Content-Security-Policy"
RETRY_AFTER_S = 5  # what a 503 from busy or failed summary workers asks a client to wait


def _version() -> str:
    try:
        return version("storyfuse")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0"


def template_environment() -> Environment:
    """Jinja2 over the packaged templates, escaping everything (autoescape on)."""
    env = Environment(
        loader=PackageLoader("storyfuse.web", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(TEMPLATE_FILTERS)
    return env


# --- errors ------------------------------------------------------------------------------


def field_name(location: Sequence[str | int]) -> str:
    """``("body", "articles", 2, "text")`` -> ``articles[2].text``."""
    parts = list(location)
    if parts and parts[0] in _LOCATIONS and len(parts) > 1:
        parts = parts[1:]
    name = ""
    for part in parts:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "body"


def validation_message(errors: Sequence[Mapping[str, Any]]) -> str:
    """Validation errors in words: ``field: problem``, joined by ``; ``."""
    messages: list[str] = []
    for error in errors[:MAX_LISTED_ERRORS]:
        kind = error.get("type", "")
        if kind == "json_invalid":
            reason = (error.get("ctx") or {}).get("error", "")
            messages.append(
                f"body: malformed JSON ({reason})" if reason else "body: malformed JSON"
            )
            continue
        name = field_name(error.get("loc", ()))
        if name == "body" and kind in _NOT_AN_OBJECT:
            messages.append('body: the request needs a JSON object, such as {"articles": [...]}')
            continue
        text = str(error.get("msg", "invalid")).removeprefix("Value error, ")
        messages.append(f"{name}: {text}")
    if len(errors) > MAX_LISTED_ERRORS:
        messages.append(f"and {len(errors) - MAX_LISTED_ERRORS} more problems")
    return "; ".join(messages) or "invalid request"


def _is_api(path: str) -> bool:
    return path.startswith(_API_PATHS)


def error_response(
    request: Request, status: int, detail: str, headers: Mapping[str, str] | None = None
) -> Response:
    """JSON ``{"detail": ...}`` for the API, an HTML error page for the pages."""
    if _is_api(request.url.path):
        return json_error(status, detail, dict(headers or {}))
    page = render_page(request, "error.html", {"status": status, "detail": detail}, status)
    page.headers.update(headers or {})
    return page


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400:  # the framework could not parse the body: bad input, so 422
        reason = "not UTF-8 text" if isinstance(exc.__cause__, UnicodeDecodeError) else exc.detail
        return error_response(request, 422, f"body: cannot be read ({reason})")
    return error_response(request, exc.status_code, str(exc.detail), exc.headers)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    return error_response(request, 422, validation_message(exc.errors()))


async def _storyfuse_error(request: Request, exc: Exception) -> Response:
    if isinstance(exc, UnknownStoryError):
        return error_response(request, 404, str(exc))
    if isinstance(exc, BudgetExceededError):
        return error_response(request, 413, str(exc))
    if isinstance(exc, PoolBusyError | WorkerFailedError | BriefPendingError):
        return error_response(request, 503, str(exc), {"Retry-After": str(RETRY_AFTER_S)})
    if isinstance(exc, StoreError):
        return error_response(request, 503, f"the store is not available: {exc}")
    return error_response(request, 422, str(exc))


# --- security headers and the URL limit ---------------------------------------------------


class SecurityHeadersMiddleware:
    """``SECURITY_HEADERS`` and a CSP on every response that does not set its own (pure ASGI)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = dict(SECURITY_HEADERS)
        if not str(scope.get("path", "")).startswith(_SCRIPTED_PATHS):
            extra[CSP] = API_CSP

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [
                    (name.lower().encode("latin-1"), value.encode("latin-1"))
                    for name, value in extra.items()
                    if name.lower().encode("latin-1") not in present
                ]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class UrlLimitMiddleware:
    """Answer 414 to a request whose path and query pass ``max_bytes`` (pure ASGI)."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            raw_path = scope.get("raw_path") or str(scope.get("path", "")).encode("utf-8")
            size = len(raw_path) + len(scope.get("query_string", b""))
            if size > self.max_bytes:
                detail = f"url: {size} bytes, over the limit of {self.max_bytes} bytes"
                await error_response(Request(scope), 414, detail)(scope, receive, send)
                return
        await self.app(scope, receive, send)


# --- the body limit ----------------------------------------------------------------------


class BodyLimitMiddleware:
    """Buffer each request body up to ``max_bytes``; answer 413 past it, and 408 when it
    takes over ``timeout`` seconds to arrive (pure ASGI)."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, timeout: float) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.timeout = timeout

    def _message(self) -> str:
        return f"the request body is larger than the limit of {self.max_bytes} bytes"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await error_response(request, 413, self._message())(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        with anyio.move_on_after(self.timeout) as deadline:
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > self.max_bytes:
                    await error_response(request, 413, self._message())(scope, receive, send)
                    return
                chunks.append(chunk)
                if not message.get("more_body", False):
                    break
        if deadline.cancelled_caught:
            detail = f"body: not received within {self.timeout:g} seconds ({size} bytes came)"
            response = error_response(request, 408, detail, {"Connection": "close"})
            await response(scope, receive, send)
            return
        await self.app(scope, _replay(b"".join(chunks), receive), send)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that gives the buffered body once, then waits on the client."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replayed


# --- the factory -------------------------------------------------------------------------


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """At shutdown, close the store connection the API's ingest keeps."""
    yield
    context: Any = app.state.web
    if isinstance(context, WebContext):
        context.stream.close()
        if context.stories is not None:
            context.stories.close()


def create_app(db_path: Path, *, settings: WebSettings | None = None) -> FastAPI:
    """The web app over the store at ``db_path``; ``settings`` default to ``from_env()``."""
    settings = settings if settings is not None else WebSettings.from_env()
    app = FastAPI(
        lifespan=_lifespan,
        docs_url=None,  # install_docs serves /docs and /redoc from local assets
        redoc_url=None,
        title="storyfuse",
        version=_version(),
        description=(
            "Cited briefs of news stories: summarise reports, ingest them into stories, "
            'read stories, articles and search. Errors are JSON {"detail": "..."}.'
        ),
    )
    templates = Jinja2Templates(env=template_environment())
    briefs = (
        shared_pool(settings.summary_workers, settings.summary_budget)
        if settings.summary_workers and os.name == "posix"  # the workers' pipes are POSIX's
        else None
    )
    stories = StoryBriefs(Path(db_path), settings.story_brief_wait)
    app.state.web = WebContext(
        Path(db_path), settings, templates, LiveStream(Path(db_path)), briefs, stories
    )
    app.include_router(build_api_router(settings))
    app.include_router(build_pages_router(settings))
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    install_docs(app)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StoryfuseError, _storyfuse_error)
    # the last added runs first: headers on every answer, then the URL, then the body
    app.add_middleware(
        BodyLimitMiddleware, max_bytes=settings.max_body_bytes, timeout=settings.body_timeout
    )
    app.add_middleware(UrlLimitMiddleware, max_bytes=settings.max_url_bytes)
    app.add_middleware(SecurityHeadersMiddleware)
    return app
