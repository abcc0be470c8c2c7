"""The JSON API under ``/api/v1``: summarise posted reports, ingest them, read the store.

- ``POST /summarize`` (JSON) and ``POST /summarize/files`` (multipart uploads): the brief
  of the reports, as ``storyfuse summarize --format json`` prints it; nothing is stored.
- ``POST /articles``: store reports through ``stream.ingest_articles`` (near-duplicates
  marked, stories assigned); needs ``Authorization: Bearer <token>``.
- ``GET /stories``, ``GET /stories/{id}`` (the row and its brief, cached in the store
  like ``storyfuse brief``), ``GET /articles/{id}`` (with its sentences and offsets),
  ``GET /search``.

Reads and summaries are open unless ``WebSettings.read_token_required``. Every error is
``{"detail": "..."}``; a request that fails stores nothing (all is checked before the
first write).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response

from storyfuse.ingest.dates import parse_date
from storyfuse.rendering import render_json
from storyfuse.store import StoryRow
from storyfuse.stories.stream import (
    UnknownStoryError,
    arrival_order,
    future_date,
    future_note,
    ingest_articles,
    ingest_time,
)
from storyfuse.text.clean import clean_article
from storyfuse.types import Article
from storyfuse.web.deps import (
    open_store,
    require_token,
    stored_article,
    story_brief,
    web_context,
)
from storyfuse.web.inputs import (
    MAX_MIN_ARTICLES,
    MAX_QUERY_CHARS,
    MAX_QUERY_TERMS,
    MAX_WORDS,
    Upload,
    clean_query,
    date_or_error,
    distinct,
    field_warnings,
    load_uploads,
    posted_article,
    query_problem,
    too_many,
)
from storyfuse.web.models import (
    ArticleIn,
    ArticleOut,
    BriefOut,
    ErrorOut,
    IngestedOut,
    IngestIn,
    IngestOut,
    SearchHitOut,
    SearchOut,
    SentenceOut,
    StoryBriefOut,
    StoryListOut,
    StoryOut,
    SummarizeIn,
)
from storyfuse.web.settings import WebSettings
from storyfuse.web.views import article_view
from storyfuse.web.worker import BriefJob, timed_brief

PREFIX = "/api/v1"
MAX_PAGE = 200  # stories per page of GET /stories
DEFAULT_PAGE = 50
MAX_SEARCH = 100
DEFAULT_SEARCH = 20


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {code: {"model": ErrorOut} for code in codes}


AUTH_ERRORS = (401, 403)


def _brief_response(text: str) -> Response:
    return Response(content=text, media_type="application/json")


def _summarize(
    request: Request,
    articles: Sequence[Article],
    words: int | None,
    query: str | None,
    warnings: Sequence[str] = (),
) -> Response:
    """The brief as JSON; ``warnings`` about the input lead its notes."""
    settings = web_context(request).settings
    if (message := too_many(articles, settings.max_articles)) is not None:
        raise HTTPException(status_code=422, detail=message)
    job = BriefJob(tuple(distinct(articles)), words or settings.brief_words, clean_query(query))
    made = timed_brief(job, web_context(request).briefs)
    if warnings:
        notes = (*warnings, *made.summary.notes)
        made = replace(made, summary=replace(made.summary, notes=notes))
    return _brief_response(render_json(made))


def _articles_in(items: Sequence[ArticleIn]) -> list[Article]:
    return [
        posted_article(
            text=a.text,
            title=a.title,
            source=a.source,
            url=a.url,
            published=date_or_error(a.published),
        )
        for a in items
    ]


def _posted_warnings(items: Sequence[ArticleIn], query: str | None = None) -> list[str]:
    """Warnings naming each posted field whose bad characters were replaced."""
    fields = [
        (f"articles[{n}].{name}", value)
        for n, item in enumerate(items)
        for name, value in (
            ("text", item.text),
            ("title", item.title),
            ("source", item.source),
            ("url", item.url),
        )
    ]
    return field_warnings([*fields, ("query", query)])


def _without_future_dates(articles: Sequence[Article]) -> tuple[list[Article], list[str]]:
    """The articles with each date after the ingest time dropped, and a warning naming
    each such ``articles[n].published`` (``stream.future_date``)."""
    now = ingest_time()
    kept, warnings = [], []
    for n, article in enumerate(articles):
        if (bad := future_date(article, now)) is not None:
            warnings.append(f"articles[{n}].published: {future_note(bad)}")
            article = replace(article, published=None)
        kept.append(article)
    return kept, warnings


def _check_cleanable(articles: Sequence[Article]) -> None:
    """422 naming the first article that cleaning leaves empty (boilerplate only)."""
    for n, article in enumerate(articles):
        if not clean_article(article).text.strip():
            raise HTTPException(
                status_code=422,
                detail=f"articles[{n}].text: nothing is left once boilerplate is removed",
            )


def summarize_json(request: Request, body: SummarizeIn) -> Response:
    """The brief of the posted reports (not stored).

    Lone surrogates and control characters in the reports or the query are replaced
    with U+FFFD, and the brief's notes name each field that held them.
    """
    problem = query_problem(body.query or "", field="query", search=False)
    if problem is not None:
        raise HTTPException(status_code=422, detail=problem)
    warnings = _posted_warnings(body.articles, body.query)
    return _summarize(request, _articles_in(body.articles), body.words, body.query, warnings)


def summarize_files(
    request: Request,
    files: Annotated[
        list[UploadFile], File(description="Reports in any format `storyfuse summarize` reads.")
    ],
    words: Annotated[int | None, Form(ge=1, le=MAX_WORDS)] = None,
    query: Annotated[str | None, Form(max_length=MAX_QUERY_CHARS)] = None,
) -> Response:
    """The brief of the uploaded files (not stored), read as ``storyfuse summarize`` reads
    files: a file or record it cannot read is left out and named in the brief's notes, as
    is one whose characters or encoding were repaired; with nothing readable, 422."""
    settings = web_context(request).settings
    if (message := too_many(files, settings.max_articles, field="files")) is not None:
        raise HTTPException(status_code=422, detail=message)
    loaded = load_uploads(Upload(f.filename, f.file.read()) for f in files)
    if not loaded.articles:
        why = "; ".join(loaded.warnings) or "no readable article in the upload"
        raise HTTPException(status_code=422, detail=f"files: {why}")
    notes = [f"files: {w}" for w in loaded.warnings]
    return _summarize(request, loaded.articles, words, query, notes)


def ingest(request: Request, body: IngestIn) -> IngestOut:
    """Store the posted reports: near-duplicates are marked and each joins a story.

    Lone surrogates and control characters are replaced with U+FFFD, and ``warnings``
    names each field that held them.
    """
    settings = web_context(request).settings
    if (message := too_many(body.articles, settings.max_articles)) is not None:
        raise HTTPException(status_code=422, detail=message)
    articles, dated = _without_future_dates(_articles_in(body.articles))
    _check_cleanable(articles)
    with web_context(request).stream.session() as (store, state):
        known = {a.id for a in articles if store.get_article(a.id) is not None}
        report = ingest_articles(store, arrival_order(articles), state=state)
        story_of = store.placed(a.id for a in articles)
        seen: set[str] = set()
        rows = []
        for article in articles:
            new = article.id not in known and article.id not in seen
            seen.add(article.id)
            rows.append(
                IngestedOut(
                    id=article.id,
                    status="added" if new else "existing",
                    story_id=story_of.get(article.id),
                    duplicate_of=store.duplicate_of(article.id),
                )
            )
    return IngestOut(
        added=report.added,
        existing=report.existing,
        duplicates=report.duplicates,
        new_stories=report.new_stories,
        stories=list(report.stories_touched),
        articles=rows,
        warnings=[*_posted_warnings(body.articles), *dated, *report.warnings],
    )


def story_out(row: StoryRow) -> StoryOut:
    return StoryOut(
        id=row.id,
        title=row.title,
        article_count=row.article_count,
        sources=list(row.sources),
        first_seen=row.first_seen,
        last_seen=row.last_seen,
    )


def list_stories(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = DEFAULT_PAGE,
    offset: Annotated[int, Query(ge=0)] = 0,
    since: Annotated[
        str | None, Query(description="Only stories seen on or after this date (ISO).")
    ] = None,
    min_articles: Annotated[
        int,
        Query(ge=1, le=MAX_MIN_ARTICLES, description="Only stories of at least N articles."),
    ] = 1,
) -> StoryListOut:
    """Stories, most recently seen first, a page at a time."""
    moment = parse_date(since) if since else None
    if since and moment is None:
        raise HTTPException(status_code=422, detail=f"since: not a date: {since!r}")
    with open_store(request) as store:
        total = store.count_stories(since=moment, min_articles=min_articles)
        page = store.stories(
            since=moment, limit=limit, offset=offset, min_articles=min_articles
        )
    return StoryListOut(
        total=total, limit=limit, offset=offset, stories=[story_out(r) for r in page]
    )


def get_story(request: Request, story_id: str) -> Response:
    """The story and its brief (rebuilt only when the story has grown since; a rebuild that
    takes longer than the wait goes on in the background, and the brief saved before is
    given meanwhile)."""
    with open_store(request) as store:
        row = store.story(story_id)
        if row is None:
            raise HTTPException(status_code=404, detail=f"no story {story_id!r}")
        try:
            record = story_brief(request, store, story_id)
        except UnknownStoryError as exc:
            raise HTTPException(status_code=404, detail=str(exc)) from exc
    head = story_out(row).model_dump_json()
    brief_at = json.dumps(record.brief_at.isoformat())
    return _brief_response(f'{{"story": {head}, "brief_at": {brief_at}, "brief": {record.json}}}')


def get_article(request: Request, article_id: str) -> ArticleOut:
    """The article's cleaned text and its sentences (the indices briefs cite)."""
    stored = stored_article(request, article_id)
    view = article_view(stored.article)
    article = view.article
    return ArticleOut(
        id=article.id,
        title=article.title,
        source=article.source,
        url=article.url,
        published=article.published.isoformat() if article.published else None,
        path=article.path,
        duplicate_of=stored.duplicate_of,
        story_id=stored.story_id,
        text=article.text,
        sentences=[
            SentenceOut(index=s.index, text=s.text, start=s.start, end=s.end)
            for paragraph in view.paragraphs
            for s in paragraph
        ],
    )


def search(
    request: Request,
    q: Annotated[
        str,
        Query(
            max_length=MAX_QUERY_CHARS,
            description=f"Words that must all occur (stemmed), at most {MAX_QUERY_TERMS}.",
        ),
    ],
    limit: Annotated[int, Query(ge=1, le=MAX_SEARCH)] = DEFAULT_SEARCH,
) -> SearchOut:
    """Articles whose title or text hold every word of ``q``, best first."""
    if (problem := query_problem(q)) is not None:
        raise HTTPException(status_code=422, detail=problem)
    with open_store(request) as store:
        hits = store.search(q, limit=limit)
    return SearchOut(
        query=q,
        hits=[
            SearchHitOut(
                article_id=h.article_id,
                title=h.title,
                story_id=h.story_id,
                snippet=h.snippet,
                rank=h.rank,
            )
            for h in hits
        ],
    )


Route = tuple[str, Callable[..., Any], str, Any, tuple[int, ...], bool]
ROUTES: tuple[Route, ...] = (
    # path, handler, method, response model, error codes, writes
    ("/summarize", summarize_json, "POST", BriefOut, (413, 422, 503), False),
    ("/summarize/files", summarize_files, "POST", BriefOut, (413, 422, 503), False),
    ("/articles", ingest, "POST", IngestOut, (413, 422, *AUTH_ERRORS), True),
    ("/stories", list_stories, "GET", StoryListOut, (422,), False),
    ("/stories/{story_id}", get_story, "GET", StoryBriefOut, (404, 422, 503), False),
    ("/articles/{article_id}", get_article, "GET", ArticleOut, (404, 422), False),
    ("/search", search, "GET", SearchOut, (422,), False),
)


def build_api_router(settings: WebSettings) -> APIRouter:
    """The API's routes; reads declare (and need) the bearer token only when private."""
    router = APIRouter(prefix=PREFIX, tags=["api"])
    private_reads = settings.read_token_required
    for path, handler, method, model, codes, writes in ROUTES:
        guarded = writes or private_reads
        extra = AUTH_ERRORS if guarded and not writes else ()
        router.add_api_route(
            path,
            handler,
            methods=[method],
            response_model=model,
            responses=_errors(*codes, *extra),
            dependencies=[Depends(require_token)] if guarded else [],
        )
    return router


def json_error(status: int, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """The API's error body, ``{"detail": ...}``."""
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)
