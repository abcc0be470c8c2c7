"""The HTML pages: the story list, search, a story's brief, an article, and a summarise form.

Plain server-rendered HTML (Jinja2, autoescaped) and one stylesheet; no script. A story
page's citations link to ``/articles/{id}?hl={index}#s-{index}``, which marks that
sentence (``highlight``, ``aria-current``) and scrolls to it. The story page renders the
brief the store keeps (``stream.refresh_brief``) as it is: the JSON names every sentence a
citation links to, so showing it cleans, segments and matches nothing. The summarise page
shows its reports below the brief, so its citations point to anchors ``#a{n}-s{index}``
there.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape

from storyfuse.errors import NoArticlesError
from storyfuse.rendering import analysis_dict, plural, summary_dict
from storyfuse.store import SearchHit, Store
from storyfuse.types import Article
from storyfuse.web.deps import (
    open_store,
    render_page,
    require_token,
    stored_article,
    story_brief,
    web_context,
)
from storyfuse.web.inputs import (
    MAX_MIN_ARTICLES,
    MAX_WORDS,
    Upload,
    clean_query,
    distinct,
    load_uploads,
    pasted_articles,
    query_problem,
    too_many,
)
from storyfuse.web.settings import WebSettings
from storyfuse.web.story import story_extras
from storyfuse.web.views import ArticleView, BriefView, article_view, brief_view
from storyfuse.web.worker import BriefJob, timed_brief

STORIES_PER_PAGE = 50
SEARCH_HITS = 50
MARKS = ("\x02", "\x03")  # FTS5 snippet marks, turned into <mark> after escaping
_WEB_SCHEMES = frozenset({"http", "https"})
_WORDS_RE = re.compile(r"\s*\d{1,6}\s*")


def when(moment: datetime | None) -> str:
    """A time as pages show it: ``2025-03-13 11:20`` (UTC when the time has a zone)."""
    if moment is None:
        return ""
    zone = " UTC" if moment.tzinfo is not None and moment.utcoffset() is not None else ""
    return moment.strftime("%Y-%m-%d %H:%M") + zone


def http_url(url: str | None) -> str | None:
    """The URL if it is a web address (http or https), else None: never link anything else."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in _WEB_SCHEMES else None


def host(url: str | None) -> str:
    """A web address's host without ``www.`` (what a source's link shows), else ''."""
    checked = http_url(url)
    if checked is None:
        return ""
    try:
        name = urlsplit(checked).hostname or ""
    except ValueError:
        return ""
    return name.removeprefix("www.")


def marked(snippet: str) -> Markup:
    """A search snippet, escaped, with its matched terms in ``<mark>``."""
    text = str(escape(" ".join(snippet.split())))
    return Markup(text.replace(MARKS[0], "<mark>").replace(MARKS[1], "</mark>"))


def article_href(article_id: str, index: int | None = None) -> str:
    path = f"/articles/{quote(article_id, safe='')}"
    return path if index is None else f"{path}?hl={index}#s-{index}"


def story_href(story_id: str) -> str:
    return f"/stories/{quote(story_id, safe='')}"


def _story_link(number: int, article_id: str, index: int | None) -> str:
    return article_href(article_id, index)


def _anchor_link(number: int, article_id: str, index: int | None) -> str:
    return f"#a{number}" if index is None else f"#a{number}-s{index}"


TEMPLATE_FILTERS: dict[str, Any] = {
    "when": when,
    "http_url": http_url,
    "article_href": article_href,
    "story_href": story_href,
    "plural": plural,
    "host": host,
}


# --- the store's pages -------------------------------------------------------------------


def index(
    request: Request,
    offset: Annotated[int, Query(ge=0)] = 0,
    min_articles: Annotated[int, Query(ge=1, le=MAX_MIN_ARTICLES)] = 1,
) -> HTMLResponse:
    """The stories, most recently seen first; ``min_articles=2`` hides single reports."""
    with open_store(request) as store:
        total = store.count_stories(min_articles=min_articles)
        page = store.stories(limit=STORIES_PER_PAGE, offset=offset, min_articles=min_articles)
        hidden = store.count_stories() - total
    context = {
        "stories": page,
        "total": total,
        "hidden": hidden,
        "min_articles": min_articles,
        "offset": offset,
        "previous": max(offset - STORIES_PER_PAGE, 0) if offset > 0 else None,
        "next": offset + STORIES_PER_PAGE if offset + STORIES_PER_PAGE < total else None,
    }
    return render_page(request, "index.html", context)


def _hits_by_story(store: Store, hits: Sequence[SearchHit]) -> list[tuple[Any, list[SearchHit]]]:
    groups: dict[str | None, list[SearchHit]] = {}
    for hit in hits:
        groups.setdefault(hit.story_id, []).append(hit)
    return [(store.story(sid) if sid else None, group) for sid, group in groups.items()]


def search_page(request: Request, q: str = "") -> HTMLResponse:
    """Articles matching every word of ``q``, grouped by story."""
    if (problem := query_problem(q)) is not None:
        raise HTTPException(status_code=422, detail=problem)
    with open_store(request) as store:
        hits = store.search(q, limit=SEARCH_HITS, marks=MARKS) if q.strip() else ()
        groups = _hits_by_story(store, hits)
    context = {"q": q, "hits": len(hits), "groups": groups, "marked": marked}
    return render_page(request, "search.html", context)


def story_page(request: Request, story_id: str) -> HTMLResponse:
    """A story's brief, every citation linked to the sentence it cites; its coverage over
    time, outlets, reports newest first and related stories (``web.story``). A rebuild
    that takes longer than the wait goes on in the background (``rebuild.StoryBriefs``),
    and the brief saved before is shown meanwhile."""
    with open_store(request) as store:
        row = store.story(story_id)
        if row is None:
            raise HTTPException(status_code=404, detail=f"no story {story_id!r}")
        record = story_brief(request, store, story_id)
        data = json.loads(record.json)
        extras = story_extras(store, row, data)
    view = brief_view(data, _story_link)
    return render_page(request, "story.html", {"story": row, "brief": view, "extras": extras})


def article_page(
    request: Request,
    article_id: str,
    hl: Annotated[int | None, Query(ge=0, description="The sentence to mark")] = None,
) -> HTMLResponse:
    """An article in sentences; ``hl`` marks one of them."""
    stored = stored_article(request, article_id)
    view = article_view(stored.article)
    context = {
        "view": view,
        "article": view.article,
        "hl": hl,
        "duplicate_of": stored.duplicate_of,
        "story_id": stored.story_id,
    }
    return render_page(request, "article.html", context)


# --- summarise reports without storing them ----------------------------------------------


def summarize_form(request: Request) -> HTMLResponse:
    return render_page(request, "summarize.html", _form_context())


def _form_context(
    reports: str = "", words: str = "", query: str = "", errors: Sequence[str] = ()
) -> dict[str, Any]:
    return {"reports": reports, "words": words, "query": query, "errors": list(errors)}


def _words(value: str) -> int | None:
    if not value.strip():
        return None
    if not _WORDS_RE.fullmatch(value) or not 1 <= int(value) <= MAX_WORDS:
        raise ValueError(f"words: a whole number from 1 to {MAX_WORDS}, not {value!r}")
    return int(value)


def summarize_submit(
    request: Request,
    reports: Annotated[str, Form()] = "",
    files: Annotated[list[UploadFile] | None, File()] = None,
    words: Annotated[str, Form()] = "",
    query: Annotated[str, Form()] = "",
) -> HTMLResponse:
    """The brief of pasted and uploaded reports, the reports below it; nothing is stored."""
    settings = web_context(request).settings
    loaded = load_uploads(Upload(f.filename, f.file.read()) for f in files or ())
    articles = distinct([*pasted_articles(reports), *loaded.articles])
    problems = list(loaded.warnings)
    try:
        budget = _words(words)
        if not articles:
            raise NoArticlesError("paste at least one report, or choose files")
        if (message := too_many(articles, settings.max_articles)) is not None:
            raise NoArticlesError(message)
        if (message := query_problem(query, field="query", search=False)) is not None:
            raise ValueError(message)
        focus = clean_query(query) or None
        job = BriefJob(tuple(articles), budget or settings.brief_words, focus)
        result = timed_brief(job, web_context(request).briefs)
    except (ValueError, NoArticlesError) as exc:
        context = _form_context(reports, words, query, [*problems, str(exc)])
        return render_page(request, "summarize.html", context, status=422)
    data = summary_dict(result.summary)
    data["analysis"] = analysis_dict(result)
    view = brief_view(data, _anchor_link)
    context = {
        "brief": view,
        "reports": _shown_reports(view, result.summary.articles),
        "warnings": problems,
    }
    return render_page(request, "summary.html", context)


def _shown_reports(
    view: BriefView, articles: Sequence[Article]
) -> list[tuple[int, str, ArticleView]]:
    by_id = {a.id: a for a in articles}
    return [
        (s.number, s.label, article_view(by_id[s.article_id]))
        for s in view.sources
        if s.article_id in by_id
    ]


def build_pages_router(settings: WebSettings) -> APIRouter:
    """The pages' routes; with private reads they need the bearer token too."""
    dependencies = [Depends(require_token)] if settings.read_token_required else []
    router = APIRouter(include_in_schema=False, dependencies=dependencies)
    router.add_api_route("/", index, methods=["GET"], response_class=HTMLResponse)
    router.add_api_route("/search", search_page, methods=["GET"], response_class=HTMLResponse)
    router.add_api_route(
        "/stories/{story_id}", story_page, methods=["GET"], response_class=HTMLResponse
    )
    router.add_api_route(
        "/articles/{article_id}", article_page, methods=["GET"], response_class=HTMLResponse
    )
    router.add_api_route("/summarize", summarize_form, methods=["GET"], response_class=HTMLResponse)
    router.add_api_route(
        "/summarize", summarize_submit, methods=["POST"], response_class=HTMLResponse
    )
    return router
