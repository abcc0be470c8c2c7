"""WARC crawls (``.warc``, ``.warc.gz``) with warcio: each archived HTML page is one article.

Only ``response`` records with HTTP status 200 and an HTML content type are read; other
records (requests, metadata, redirects, errors, images, ...) are skipped silently. A page
goes through the same trafilatura extraction as an ``.html`` file; its URL is the record's
``WARC-Target-URI`` and its date the page's own, else the ``WARC-Date`` of the capture.
A broken record gives one warning naming the file, record number and byte offset; the
reader then looks for the next record (the next gzip member, or the next ``WARC/1.x``
line) and goes on. Pages go through ``html.load_html_bytes``, as files and fetched pages do.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from storyfuse.ingest.base import FileLoad, Item
from storyfuse.ingest.dates import parse_date
from storyfuse.ingest.html import load_html_bytes

HTML_TYPES: frozenset[str] = frozenset({"text/html", "application/xhtml+xml"})
OK_STATUS = "200"
# A page larger than this is not an article (and would hold the whole load in memory).
MAX_PAGE_BYTES = 5 * 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b\x08"
WARC_MAGIC = b"WARC/1."
# Bytes read at a time while looking for the next record after a broken one.
RESYNC_CHUNK = 64 * 1024


def media_type(content_type: str | None) -> str:
    """``text/html; charset=utf-8`` -> ``text/html``; empty when absent."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def read_capped(stream: Any, limit: int) -> bytes:
    """Up to ``limit`` bytes of a stream whose ``read(n)`` may return fewer than asked."""
    parts: list[bytes] = []
    size = 0
    while size < limit:
        chunk = stream.read(limit - size)
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
    return b"".join(parts)


def _is_html_page(record: Any) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    if record.http_headers.get_statuscode() != OK_STATUS:
        return False
    return media_type(record.http_headers.get_header("Content-Type")) in HTML_TYPES


def _record_load(record: Any, *, path: Path, origin: str) -> FileLoad:
    """The article in one record (nothing for records that are not HTML pages); never raises."""
    try:
        if not _is_html_page(record):
            return FileLoad()
        body = read_capped(record.content_stream(), MAX_PAGE_BYTES + 1)
    except Exception as err:  # a damaged record must not stop the rest of the file
        return FileLoad(warnings=(f"{origin}: broken record ({type(err).__name__}), skipped",))
    if len(body) > MAX_PAGE_BYTES:
        return FileLoad(warnings=(f"{origin}: page over {MAX_PAGE_BYTES} bytes, skipped",))
    headers = record.rec_headers
    return load_html_bytes(
        body,
        name=str(path),
        origin=origin,
        url=headers.get_header("WARC-Target-URI"),
        published=parse_date(headers.get_header("WARC-Date")),
    )


def _next_record_start(stream: IO[bytes], position: int, marker: bytes) -> int | None:
    """Offset of the first ``marker`` at or after ``position``, or ``None`` at the end."""
    stream.seek(position)
    carry = b""
    while chunk := stream.read(RESYNC_CHUNK):
        window = carry + chunk
        found = window.find(marker)
        if found >= 0:
            return position - len(carry) + found
        carry = window[-(len(marker) - 1) :]
        position += len(chunk)
    return None


def _scan(stream: IO[bytes], path: Path) -> Iterator[FileLoad]:
    """What each record gives, resynchronising after a broken one."""
    from warcio.archiveiterator import ArchiveIterator  # imported only when a crawl is read

    marker = GZIP_MAGIC if stream.read(len(GZIP_MAGIC)) == GZIP_MAGIC else WARC_MAGIC
    start: int | None = 0
    done = 0  # records read to their end
    failed_at: int | None = None
    while start is not None:
        stream.seek(start)
        records = ArchiveIterator(stream)
        expected = start  # where the next record begins
        try:
            for record in records:
                origin = f"{path}[record {done + 1}]"
                yield _record_load(record, path=path, origin=origin)
                # Only after the content is read: asking for the offset reads to the end.
                expected = records.get_record_offset() + records.get_record_length()
                done += 1
            return
        except Exception as err:  # warcio raises many kinds on damaged input
            if expected != failed_at:  # not the same damage met again after a restart
                done += 1
                failed_at = expected
                where = f"{path}[record {done} at offset {expected}]"
                problem = f"{where}: broken record ({type(err).__name__}), skipped"
                yield FileLoad(warnings=(problem,))
            # The damage may lie before ``expected``, so look there first, but always move on.
            start = _next_record_start(stream, expected if expected > start else start + 1, marker)


def load_warc(path: Path) -> FileLoad:
    """Articles from the HTML pages of a ``.warc``/``.warc.gz`` file; never raises."""
    items: list[Item] = []
    warnings: list[str] = []
    try:
        with path.open("rb") as stream:
            for loaded in _scan(stream, path):
                items.extend(loaded.items)
                warnings.extend(loaded.warnings)
    except OSError as err:
        why = f"{type(err).__name__}: {err.strerror or err}"
        warnings.append(f"{path}: unreadable ({why}), skipped")
    if not items and not warnings:
        warnings.append(f"{path}: no HTML pages in the crawl, skipped")
    return FileLoad(items=tuple(items), warnings=tuple(warnings))
