"""Request plumbing the API and the pages share: the app's context, the store, tokens.

A ``Store`` holds one SQLite connection that must stay on the thread that opened it, so
each request opens its own (about half a millisecond) inside the handler that uses it;
only the API's ingest keeps one, used by one request at a time (``LiveStream``).
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import HTTPException, Request, Security
from fastapi.responses import HTMLResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.templating import Jinja2Templates

from storyfuse.store import Store
from storyfuse.stories.stream import BriefRecord, StreamState, refresh_brief, replay
from storyfuse.types import Article
from storyfuse.web.rebuild import StoryBriefs
from storyfuse.web.settings import TOKEN_ENV, WebSettings
from storyfuse.web.worker import BriefPool

BEARER = HTTPBearer(auto_error=False, description=f"The token set in {TOKEN_ENV}.")
AUTH_HEADERS = {"WWW-Authenticate": "Bearer"}
# How long a POST waits for another process's writer (a CLI ingest) before a 503 that says
# the store is busy.
WRITER_WAIT_S = 30.0
NO_TOKEN_MESSAGE = (
    f"this server has no API token: set {TOKEN_ENV} to a secret and restart it, then send "
    "'Authorization: Bearer <token>'"
)


class LiveStream:
    """The API's ingest: one store connection and the stream state, kept between requests.

    Ingests run one at a time (``session`` holds a lock). The state the last ingest left
    is reused while no other connection has written to the store since (SQLite's data
    version says so); otherwise, and after an ingest that failed, the state is replayed
    from the store. Replaying costs about 2 ms per article of the stories still open, so
    reusing it keeps a POST's cost to its own articles.
    """

    def __init__(self, db_path: Path) -> None:
        self._db_path = db_path
        self._lock = threading.Lock()
        self._store: Store | None = None
        self._kept: tuple[StreamState, int] | None = None  # a state, the data version it matches
        self.replays = 0  # sessions that had to replay the state

    @contextmanager
    def session(self) -> Iterator[tuple[Store, StreamState]]:
        """The store and the current stream state, for one ingest."""
        with self._lock:
            if self._store is None:
                self._store = Store.open(self._db_path, any_thread=True)
            store = self._store
            # Another process's writer (a CLI ingest) goes first, or waits for this one.
            with store.writing(timeout=WRITER_WAIT_S):
                version = store.data_version()
                kept, self._kept = self._kept, None  # nothing to reuse if this ingest fails
                if kept is not None and kept[1] == version:
                    state = kept[0]
                else:
                    state = replay(store)
                    self.replays += 1
                yield store, state
                if store.data_version() == version:  # no other writer meanwhile
                    self._kept = (state, version)

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None
            self._kept = None


@dataclass(frozen=True, slots=True)
class WebContext:
    """What every request handler needs, kept on ``app.state.web``.

    ``stream``: API ingests of this process, one at a time, on a kept stream state.
    ``briefs``: the worker processes that summarise posted reports within the budget
    (``None``: in this process, with no budget). ``stories``: the background rebuilds of
    stored stories' briefs (``None``: rebuilt in the request, however long it takes).
    """

    db_path: Path
    settings: WebSettings
    templates: Jinja2Templates
    stream: LiveStream
    briefs: BriefPool | None = None
    stories: StoryBriefs | None = None


def web_context(request: Request) -> WebContext:
    context: Any = request.app.state.web
    if not isinstance(context, WebContext):  # pragma: no cover - set by create_app
        raise RuntimeError("the app was not built by storyfuse.web.app.create_app")
    return context


@contextmanager
def open_store(request: Request) -> Iterator[Store]:
    """The app's store, open for this request's thread only."""
    with Store.open(web_context(request).db_path) as store:
        yield store


def story_brief(request: Request, store: Store, story_id: str) -> BriefRecord:
    """A stored story's brief for a page or API read (``rebuild.StoryBriefs``)."""
    web = web_context(request)
    words = web.settings.brief_words
    if web.stories is None:
        return refresh_brief(store, story_id, words=words)
    return web.stories.brief(store, story_id, words=words)


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article as stored, the original it is a near-copy of, and its story."""

    article: Article
    duplicate_of: str | None
    story_id: str | None


def stored_article(request: Request, article_id: str) -> StoredArticle:
    """The stored article with its original and story, if any; 404 when unknown."""
    with open_store(request) as store:
        stored = store.get_article(article_id)
        if stored is None:
            raise HTTPException(status_code=404, detail=f"no article {article_id!r}")
        return StoredArticle(stored, store.duplicate_of(article_id), store.story_of(article_id))


def check_token(settings: WebSettings, credentials: HTTPAuthorizationCredentials | None) -> None:
    """Refuse unless ``credentials`` carry the configured token (403 when there is none)."""
    if settings.write_token is None:
        raise HTTPException(status_code=403, detail=NO_TOKEN_MESSAGE)
    if credentials is None:
        raise HTTPException(
            status_code=401,
            detail="this needs the header 'Authorization: Bearer <token>'",
            headers=AUTH_HEADERS,
        )
    given = credentials.credentials.encode("utf-8")
    if not secrets.compare_digest(given, settings.write_token.encode("utf-8")):
        raise HTTPException(status_code=401, detail="wrong bearer token", headers=AUTH_HEADERS)


def require_token(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(BEARER)],
) -> None:
    """A dependency: the request must carry the bearer token (writes, and private reads)."""
    check_token(web_context(request).settings, credentials)


# Pages need no script and load only their own stylesheet: say so to the browser.
PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def render_page(
    request: Request, template: str, context: Mapping[str, Any], status: int = 200
) -> HTMLResponse:
    """A page from ``template`` (autoescaped), with the pages' security headers."""
    templates = web_context(request).templates
    response = templates.TemplateResponse(request, template, dict(context), status_code=status)
    response.headers.update(PAGE_HEADERS)
    return response
