"""What every format loader shares: reading a file safely and building an ``Article``."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from storyfuse.ingest.decode import decode_bytes, looks_binary
from storyfuse.types import Article, stable_id

# A UTF-16 surrogate standing alone: JSON ("\\ud800") and non-UTF-8 file names
# (``os.fsdecode``) can carry one, and it cannot be encoded, hashed or stored.
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
# C0 controls other than tab, newline, form feed and carriage return, and DEL: no text
# holds them, HTML forbids them (NUL reached the pages raw), terminals obey them.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_UNSAFE_RE = re.compile("[\ud800-\udfff\x00-\x08\x0b\x0e-\x1f\x7f]")
REPLACEMENT = "\ufffd"
SHOWN_CHARS = 80  # of a bad value quoted in a warning
# No news report is this long; bigger local files are skipped with a warning. The
# variable sets another limit for ``load_paths`` calls that name none (the CLI's, say).
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILE_BYTES_ENV = "STORYFUSE_MAX_FILE_BYTES"
# The limit of the load in progress (``load_paths`` sets it for its duration).
_file_limit: ContextVar[int | None] = ContextVar("storyfuse_file_limit", default=None)


def shown(value: object, limit: int = SHOWN_CHARS) -> str:
    """``repr(value)`` for a warning, cut to ``limit`` characters: a hostile 5 MB field
    must not become a 5 MB line on stderr."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 1]}… ({len(text):,} characters)"


def has_surrogate(value: str) -> bool:
    """Whether ``value`` holds a lone surrogate (which ``str.encode`` refuses)."""
    return _SURROGATE_RE.search(value) is not None


def sanitise(value: str) -> str:
    """``value`` with every lone surrogate and control character (``_CONTROL_RE``)
    replaced by U+FFFD, so it can be encoded, stored and shown."""
    return _UNSAFE_RE.sub(REPLACEMENT, value)


def unsafe_characters(value: str) -> str | None:
    """What ``sanitise`` would replace in ``value``, in words (``None`` for nothing).

    For warnings: ``f"{where}: '{field}' holds {unsafe_characters(value)}"``.
    """
    found = [
        words
        for pattern, words in (
            (_SURROGATE_RE, "a lone surrogate"),
            (_CONTROL_RE, "a control character"),
        )
        if pattern.search(value) is not None
    ]
    return " and ".join(found) + ", replaced with U+FFFD" if found else None


def display_path(path: Path | str) -> str:
    """A path as it can be printed: bytes of a non-UTF-8 name as ``\\xff`` escapes."""
    return display_text(os.fspath(path))


def display_text(value: str) -> str:
    """``value`` safe to print: file-name bytes (``os.fsdecode``'s surrogate escapes) as
    ``\\xff``, any other lone surrogate as U+FFFD."""
    try:
        return os.fsencode(value).decode("utf-8", errors="backslashreplace")
    except UnicodeEncodeError:
        return sanitise(value)


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
    """An ``Article`` whose id is ``stable_id`` of its URL, else of its text.

    Lone surrogates and control characters become U+FFFD here, the one place input
    turns into articles, so no later step (hashing, SQLite, JSON output, pages) meets a
    string it cannot encode or show; loaders (and the web API) that can receive them
    warn with ``unsafe_characters`` before calling this.
    """
    clean_url = optional_str(sanitise(url)) if url is not None else None
    clean_text = sanitise(text)
    return Article(
        id=stable_id(url=clean_url, text=clean_text),
        text=clean_text,
        title=optional_str(sanitise(title)) if title is not None else None,
        source=optional_str(sanitise(source)) if source is not None else None,
        url=clean_url,
        published=published,
        path=display_path(path),
    )


def file_limit_from_env(environ: Mapping[str, str] | None = None) -> int:
    """The per-file limit that ``MAX_FILE_BYTES_ENV`` sets (unset or blank: the default
    ``MAX_FILE_BYTES``); ``ValueError`` naming the variable unless a positive whole number."""
    value = (os.environ if environ is None else environ).get(MAX_FILE_BYTES_ENV, "").strip()
    if not value:
        return MAX_FILE_BYTES
    if not value.isascii() or not value.isdigit() or int(value) <= 0:
        raise ValueError(f"{MAX_FILE_BYTES_ENV}={value!r}: use a positive whole number of bytes")
    return int(value)


@contextmanager
def file_limit(limit: int) -> Iterator[None]:
    """``read_bytes`` skips files over ``limit`` bytes within the block."""
    token = _file_limit.set(limit)
    try:
        yield
    finally:
        _file_limit.reset(token)


def read_bytes(path: Path) -> tuple[bytes | None, str | None]:
    """The file's bytes, or ``None`` and a warning when it cannot be read or is too big.

    Files over the limit (``file_limit``; else ``MAX_FILE_BYTES``) are skipped, not
    truncated: half an article would be summarised as if it were whole, and cleaning and
    analysis of a 50 MB text peaked at 8.4 GB of memory.
    """
    limit = _file_limit.get() or MAX_FILE_BYTES
    try:
        size = path.stat().st_size
        if size > limit:
            return None, f"{path}: {size:,} bytes, over the {limit:,}-byte limit, skipped"
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
