"""HTML pages: article text and metadata with trafilatura, offline.

Precision is favoured (navigation, asides, comments and tables stay out); paragraphs
come back one per line. Title, date, site name (as ``source``) and the canonical URL
are taken from the page's metadata; the site's host name stands in for a missing name.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from storyfuse.ingest.base import FileLoad, Item, optional_str, read_bytes
from storyfuse.ingest.dates import parse_date
from storyfuse.ingest.decode import decode_bytes
from storyfuse.types import Article, stable_id

# htmldate options: metadata and obvious markup only (no guessing from free text),
# the original publication date rather than an update, with the time when given.
DATE_PARAMS: dict[str, Any] = {
    "extensive_search": False,
    "original_date": True,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}


def extract_html(data: bytes) -> Any:
    import trafilatura  # heavy (lxml, htmldate): imported only when a page is read

    return trafilatura.bare_extraction(
        data,
        with_metadata=True,
        favor_precision=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        deduplicate=False,
        date_extraction_params=DATE_PARAMS,
    )


def _host(url: str | None) -> str | None:
    return optional_str(urlsplit(url).hostname) if url else None


def load_html_bytes(
    data: bytes,
    *,
    name: str,
    origin: str,
    url: str | None = None,
    published: datetime | None = None,
) -> FileLoad:
    """One article from a page's bytes: ``name`` is its path, ``origin`` names warnings.

    ``url`` (where the page was captured or fetched) wins over the page's canonical URL;
    ``published`` is the fallback when the page carries no date of its own.
    """
    try:
        doc = extract_html(data)
    except Exception as err:  # a parser failure on one page must not stop a load
        problem = f"{origin}: HTML extraction failed ({type(err).__name__}), skipped"
        return FileLoad(warnings=(problem,))
    text = optional_str(getattr(doc, "text", None)) if doc is not None else None
    if text is None:
        return FileLoad(warnings=(f"{origin}: no article text found in the HTML, skipped",))
    page_url = optional_str(url) or optional_str(getattr(doc, "url", None))
    source = (
        optional_str(getattr(doc, "sitename", None))
        or optional_str(getattr(doc, "hostname", None))
        or _host(page_url)
    )
    article = Article(
        id=stable_id(url=page_url, text=text),
        text=text,
        title=optional_str(getattr(doc, "title", None)),
        source=source,
        url=page_url,
        published=parse_date(getattr(doc, "date", None)) or published,
        path=name,
    )
    return FileLoad(items=(Item(article, origin),))


def load_html(path: Path) -> FileLoad:
    """One article from an ``.html``/``.htm`` file; never raises."""
    data, problem = read_bytes(path)
    if data is None:
        return FileLoad(warnings=(problem or f"{path}: unreadable, skipped",))
    if not decode_bytes(data).text.strip():
        return FileLoad(warnings=(f"{path}: empty text, skipped",))
    return load_html_bytes(data, name=str(path), origin=str(path))
