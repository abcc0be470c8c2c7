"""Reports that arrive over the web, as ``Article`` objects: posted, pasted or uploaded.

Posted fields are checked by the API's models and built with the loaders' own
``new_article`` (the stable id of the URL, else of the text). Uploaded files are written
to a private temporary folder under their own base names and read by ``load_paths``, so
every format ``storyfuse summarize`` reads (a ``meta.json`` beside them included) reads
the same here. Pasted text is split into reports at lines holding only ``---``.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path, PurePosixPath, PureWindowsPath

from storyfuse.ingest import LoadResult, load_paths
from storyfuse.ingest.base import new_article, sanitise, unsafe_characters
from storyfuse.ingest.dates import MAX_YEAR, MIN_YEAR, parse_date
from storyfuse.types import Article

MAX_WORDS = 2000  # the longest brief a request may ask for
# A search costs about 10 ms a term (2,500 repeated terms took 19-61 s): bounded here.
MAX_QUERY_CHARS = 500  # a search's or a summary's query, in characters
MAX_QUERY_TERMS = 32  # words of one search
REPORT_SEPARATOR_RE = re.compile(r"^[ \t]*---[ \t]*\r?$", re.MULTILINE)
PASTED_NAME = "report {n}"  # how a pasted report without a headline is named
UPLOAD_NAME = "upload-{n}.txt"  # a file sent without a usable name
# File systems allow 255 bytes a name; the rest is room for ``_unique``'s "-2", "-3"...
MAX_UPLOAD_NAME_BYTES = 200
MAX_SUFFIX_CHARS = 16  # a longer "suffix" is no file type: it is cut with the name
_UNSAFE_NAME_RE = re.compile(r"[\x00-\x1f/\\:]")
_DATE_HINT = (
    "use an ISO 8601 date or datetime, such as 2025-03-11 or 2025-03-11T06:15:00+00:00, "
    f"in the years {MIN_YEAR} to {MAX_YEAR}"
)

UPLOAD_FOLDER = "upload"  # where uploads are written, inside their scratch folder
MAX_MIN_ARTICLES = 1_000_000  # the story-size filter's top: above any story


@dataclass(frozen=True, slots=True)
class Upload:
    """One uploaded file: the name the client gave and its bytes."""

    name: str | None
    data: bytes


def date_or_error(value: str | None) -> datetime | None:
    """A publication date as the JSON loader reads it; ``ValueError`` for a bad one."""
    if value is None or not value.strip():
        return None
    parsed = parse_date(value)
    if parsed is None:
        raise ValueError(f"not a date: {value!r} ({_DATE_HINT})")
    return parsed


def field_warnings(fields: Iterable[tuple[str, str | None]]) -> list[str]:
    """One warning per posted field that holds what ``sanitise`` replaces, naming it:
    ``articles[0].text: holds a lone surrogate, replaced with U+FFFD``."""
    warnings = []
    for name, value in fields:
        if value is not None and (problem := unsafe_characters(value)) is not None:
            warnings.append(f"{name}: holds {problem}")
    return warnings


def clean_query(query: str | None) -> str | None:
    """A posted query with lone surrogates and control characters replaced (U+FFFD)."""
    return sanitise(query) if query is not None else None


def query_problem(query: str, *, field: str = "q", search: bool = True) -> str | None:
    """Why a query is refused, naming ``field``: too long, or (``search``) too many words."""
    if len(query) > MAX_QUERY_CHARS:
        return f"{field}: at most {MAX_QUERY_CHARS} characters, got {len(query)}"
    terms = len(query.split())
    if search and terms > MAX_QUERY_TERMS:
        return f"{field}: at most {MAX_QUERY_TERMS} words, got {terms}"
    return None


def posted_article(
    *,
    text: str,
    title: str | None = None,
    source: str | None = None,
    url: str | None = None,
    published: datetime | None = None,
) -> Article:
    """An article from posted fields (already validated), with its stable id and no path."""
    article = new_article(
        text=text, path=Path(), title=title, source=source, url=url, published=published
    )
    return replace(article, path=None)


def split_reports(pasted: str) -> list[str]:
    """The reports in pasted text: parts between lines holding only ``---``, blanks dropped."""
    parts = (part.strip("\r\n") for part in REPORT_SEPARATOR_RE.split(pasted))
    return [part for part in parts if part.strip()]


def pasted_articles(pasted: str) -> list[Article]:
    """Articles from pasted reports, named ``report 1``, ``report 2``… in paste order."""
    return [
        new_article(text=text, path=Path(PASTED_NAME.format(n=n)))
        for n, text in enumerate(split_reports(pasted), start=1)
    ]


def _shorten(name: str, limit: int) -> str:
    """``name`` cut to ``limit`` UTF-8 bytes, its suffix (``.jsonl``) kept."""
    if len(name.encode("utf-8")) <= limit:
        return name
    stem, suffix = name, ""
    dot = name.rfind(".")
    if dot > 0 and len(name) - dot <= MAX_SUFFIX_CHARS:
        stem, suffix = name[:dot], name[dot:]
    room = limit - len(suffix.encode("utf-8"))
    return stem.encode("utf-8")[:room].decode("utf-8", errors="ignore") + suffix


def upload_name(name: str | None, n: int) -> str:
    """A safe base name for an uploaded file: no folders, no leading dots, no controls or
    surrogates, at most ``MAX_UPLOAD_NAME_BYTES`` bytes (its suffix kept)."""
    base = PureWindowsPath(PurePosixPath(sanitise(name or "")).name).name
    base = _UNSAFE_NAME_RE.sub("_", base).lstrip(". ")
    return _shorten(base, MAX_UPLOAD_NAME_BYTES) or UPLOAD_NAME.format(n=n)


def _unique(name: str, taken: set[str]) -> str:
    stem, dot, suffix = name.partition(".")
    candidate, k = name, 2
    while candidate.lower() in taken:
        candidate = f"{stem}-{k}{dot}{suffix}"
        k += 1
    taken.add(candidate.lower())
    return candidate


def load_uploads(uploads: Iterable[Upload]) -> LoadResult:
    """Articles from uploaded files, read as ``storyfuse summarize`` reads files.

    Files without a name or content (a form sent with no file chosen) are ignored. Each
    article's ``path`` is its file's base name (what a brief names it by, failing a title).
    """
    kept = [u for u in uploads if u.data or (u.name or "").strip()]
    if not kept:
        return LoadResult(articles=(), warnings=())
    with tempfile.TemporaryDirectory(prefix="storyfuse-upload-") as scratch:
        # one level down: a meta.json is also read from a file's parent folder, and the
        # parent of the scratch folder is the shared temporary folder, which anyone writes
        folder = Path(scratch) / UPLOAD_FOLDER
        folder.mkdir()
        taken: set[str] = set()
        for n, upload in enumerate(kept, start=1):
            (folder / _unique(upload_name(upload.name, n), taken)).write_bytes(upload.data)
        loaded = load_paths([folder])
    prefix = f"{folder}/"
    articles = tuple(replace(a, path=Path(a.path).name) if a.path else a for a in loaded.articles)
    warnings = tuple(w.replace(prefix, "") for w in loaded.warnings)
    return LoadResult(articles=articles, warnings=warnings)


def distinct(articles: Iterable[Article]) -> list[Article]:
    """The articles with the first of each id kept (the same URL or text sent twice)."""
    kept: dict[str, Article] = {}
    for article in articles:
        kept.setdefault(article.id, article)
    return list(kept.values())


def too_many(articles: Sequence[object], limit: int, *, field: str = "articles") -> str | None:
    """The error message when a request brings more than ``limit`` articles, else None."""
    if len(articles) <= limit:
        return None
    return f"{field}: at most {limit} articles per request, got {len(articles)}"
