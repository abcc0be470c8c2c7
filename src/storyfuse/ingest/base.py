"""What every format loader shares: reading a file safely and building an ``Article``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from storyfuse.ingest.decode import decode_bytes, looks_binary
from storyfuse.types import Article, stable_id


@dataclass(frozen=True, slots=True)
class Item:
    """A loaded article and where it came from (``file``, ``file:line`` or ``file[record n]``)."""

    article: Article
    origin: str


@dataclass(frozen=True, slots=True)
class FileLoad:
    """What one file gave: articles and one-line warnings."""

    items: tuple[Item, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FileText:
    """A file's decoded text (``None`` when it could not be used) and warnings."""

    text: str | None
    warnings: tuple[str, ...] = ()


def optional_str(value: object) -> str | None:
    """A stripped non-empty string, else ``None``."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def new_article(
    *,
    text: str,
    path: Path,
    title: str | None = None,
    source: str | None = None,
    url: str | None = None,
    published: datetime | None = None,
) -> Article:
    """An ``Article`` whose id is ``stable_id`` of its URL, else of its text."""
    clean_url = optional_str(url)
    return Article(
        id=stable_id(url=clean_url, text=text),
        text=text,
        title=optional_str(title),
        source=optional_str(source),
        url=clean_url,
        published=published,
        path=str(path),
    )


def read_bytes(path: Path) -> tuple[bytes | None, str | None]:
    """The file's bytes, or ``None`` and a warning when it cannot be read."""
    try:
        return path.read_bytes(), None
    except OSError as err:
        return None, f"{path}: unreadable ({type(err).__name__}: {err.strerror or err}), skipped"


def read_text(path: Path) -> FileText:
    """Decoded text of a file; binary or unreadable files give ``None`` and a warning."""
    data, problem = read_bytes(path)
    if data is None:
        return FileText(None, (problem or f"{path}: unreadable, skipped",))
    if looks_binary(data):
        return FileText(None, (f"{path}: binary content (NUL bytes), skipped",))
    decoded = decode_bytes(data)
    warnings = (f"{path}: {decoded.note}",) if decoded.note else ()
    return FileText(decoded.text, warnings)


def empty_warning(origin: str) -> str:
    return f"{origin}: empty text, skipped"
