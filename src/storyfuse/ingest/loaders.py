"""``load_paths``: files and folders in, raw articles and warnings out.

Dispatch is by extension (``.txt``, ``.html``/``.htm``, ``.json``, ``.jsonl``, feeds:
``.rss``/``.atom``/``.xml``, crawls: ``.warc``/``.warc.gz``, any case); ``http://`` and
``https://`` strings are fetched (``fetch.py``) and read as a feed or a page.
Folders are walked recursively in sorted order, so a load is deterministic. Hidden
files and folders, ``meta.json`` and ``labels.json`` are skipped silently; a ``refs``
folder beside a ``meta.json`` (a cluster's reference summaries) is skipped with a
warning, since feeding references to a summarizer would be wrong. Bad input never
raises: every file, line or record that is not loaded gives one warning naming it.
Two articles with the same id or the same text (whitespace and case aside): the first
is kept, the second is reported as a duplicate.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from storyfuse.ingest.base import (
    MAX_FILE_BYTES,
    FileLoad,
    Item,
    display_text,
    file_limit,
    file_limit_from_env,
)
from storyfuse.ingest.feeds import load_feed
from storyfuse.ingest.fetch import DEFAULT_LIMITS, FetchLimits, is_url, load_url
from storyfuse.ingest.html import load_html
from storyfuse.ingest.jsonl import load_json, load_jsonl
from storyfuse.ingest.meta import META_NAME, MetaIndex, apply_meta
from storyfuse.ingest.text import load_txt
from storyfuse.ingest.warc import load_warc
from storyfuse.types import Article

Loader = Callable[[Path], FileLoad]

LOADERS: dict[str, Loader] = {
    ".txt": load_txt,
    ".html": load_html,
    ".htm": load_html,
    ".json": load_json,
    ".jsonl": load_jsonl,
    ".rss": load_feed,
    ".atom": load_feed,
    ".xml": load_feed,
    ".warc": load_warc,
    ".warc.gz": load_warc,
}
# Extensions of more than one part, matched on the whole name before ``Path.suffix``.
COMPOUND_EXTENSIONS: tuple[str, ...] = (".warc.gz",)
# Files with a ``meta.json`` entry take its metadata (JSON records carry their own).
META_EXTENSIONS: frozenset[str] = frozenset({".txt", ".html", ".htm"})
# Not articles: cluster metadata and hand labels.
SKIP_NAMES: frozenset[str] = frozenset({META_NAME, "labels.json"})
REFERENCE_DIR = "refs"

_SPACE_RE = re.compile(r"\s+")
MAX_FILE_WARNINGS = 20  # per file; the rest are counted in one line


@dataclass(frozen=True, slots=True)
class LoadResult:
    """Raw (uncleaned) articles in load order, and one-line warnings about what was not loaded."""

    articles: tuple[Article, ...]
    warnings: tuple[str, ...]


def _walk(
    root: Path, skipped_refs: list[Path], warnings: list[str], visited: set[tuple[int, int]]
) -> Iterator[Path]:
    """Files under ``root`` in sorted order, hidden ones and cluster references left out.

    A folder is entered once, however many symlinks lead to it (``visited`` holds the
    ``(st_dev, st_ino)`` of folders entered): two links to ``.`` made the walk exponential.
    A folder that cannot be listed gets its own warning and the walk goes on beside it, as
    does an entry that is neither a file nor a folder (a broken link, a named pipe).
    """
    try:
        info = root.stat()
        key = (info.st_dev, info.st_ino)
        if key in visited:
            return
        visited.add(key)
        entries = sorted(root.iterdir(), key=lambda p: p.name)
    except OSError as err:
        warnings.append(f"{root}: folder unreadable ({err.strerror or err}), skipped")
        return
    has_meta = any(p.name == META_NAME for p in entries)
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            if has_meta and entry.name == REFERENCE_DIR:
                skipped_refs.append(entry)
                continue
            yield from _walk(entry, skipped_refs, warnings, visited)
        elif entry.is_file():
            yield entry
        elif entry.is_symlink():
            warnings.append(f"{entry}: broken link, skipped")
        else:  # a named pipe, a socket, a device: reading could wait for ever
            warnings.append(f"{entry}: not a regular file, skipped")


def _capped(path: Path, warnings: Sequence[str]) -> Sequence[str]:
    """A file's warnings, the first ``MAX_FILE_WARNINGS`` and then one line counting the
    rest: a feed of 100,000 empty items gave 100,000 lines."""
    if len(warnings) <= MAX_FILE_WARNINGS:
        return warnings
    rest = len(warnings) - MAX_FILE_WARNINGS
    return [*warnings[:MAX_FILE_WARNINGS], f"{path}: {rest:,} more warnings like these"]


def _refs_warning(skipped: Sequence[Path]) -> str:
    more = f" and {len(skipped) - 1} more" if len(skipped) > 1 else ""
    return f"{skipped[0]}{more}: reference summaries beside a {META_NAME}, skipped"


def _expand(paths: Sequence[str | Path], warnings: list[str]) -> Iterator[Path | str]:
    """Files (and folders' files) as ``Path``, URLs as ``str``, in argument order."""
    skipped_refs: list[Path] = []
    visited: set[tuple[int, int]] = set()
    for raw in paths:
        if is_url(raw):
            yield str(raw).strip()
            continue
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path, skipped_refs, warnings, visited)
        elif path.is_file():
            yield path
        elif path.exists():
            warnings.append(f"{path}: not a regular file, skipped")
        else:
            warnings.append(f"{path}: no such file or folder")
    if skipped_refs:
        warnings.append(_refs_warning(skipped_refs))


def _suffix(path: Path) -> str:
    name = path.name.lower()
    return next((ext for ext in COMPOUND_EXTENSIONS if name.endswith(ext)), path.suffix.lower())


def _load_file(path: Path, metas: MetaIndex) -> FileLoad:
    suffix = _suffix(path)
    loader = LOADERS.get(suffix)
    if loader is None:
        return FileLoad(warnings=(f"{path}: unknown extension {suffix or '(none)'!r}, skipped",))
    loaded = loader(path)
    if suffix not in META_EXTENSIONS or not loaded.items:
        return loaded
    meta = metas.lookup(path)
    if meta is None:
        return loaded
    items = tuple(Item(apply_meta(i.article, meta), i.origin) for i in loaded.items)
    return replace(loaded, items=items)


def _text_key(text: str) -> str:
    return _SPACE_RE.sub(" ", text).strip().casefold()


def _deduplicate(items: Sequence[Item], warnings: list[str]) -> tuple[Article, ...]:
    first_by_id: dict[str, str] = {}
    first_by_text: dict[str, str] = {}
    kept: list[Article] = []
    for item in items:
        key = _text_key(item.article.text)
        if key in first_by_text:
            first = first_by_text[key]
            warnings.append(f"{item.origin}: duplicate of {first} (same text), skipped")
            continue
        if item.article.id in first_by_id:
            first = first_by_id[item.article.id]
            warnings.append(f"{item.origin}: duplicate of {first} (same id), skipped")
            continue
        first_by_text[key] = item.origin
        first_by_id[item.article.id] = item.origin
        kept.append(item.article)
    return tuple(kept)


def load_paths(
    paths: Sequence[str | Path],
    *,
    fetch_limits: FetchLimits = DEFAULT_LIMITS,
    max_file_bytes: int | None = None,
) -> LoadResult:
    """Load every article under ``paths`` (files, folders or URLs); never raises on bad input.

    A local file over ``max_file_bytes`` is skipped with a warning; the default is what
    ``STORYFUSE_MAX_FILE_BYTES`` sets, else 10 MiB (``base.MAX_FILE_BYTES``), and a bad
    value of the variable is named in a warning and the default used.
    """
    warnings: list[str] = []
    if max_file_bytes is None:
        try:
            max_file_bytes = file_limit_from_env()
        except ValueError as err:
            warnings.append(f"{err}; the default {MAX_FILE_BYTES:,} is used")
            max_file_bytes = MAX_FILE_BYTES
    if max_file_bytes <= 0:
        raise ValueError(f"max_file_bytes must be positive, got {max_file_bytes}")
    with file_limit(max_file_bytes):
        return _load_paths(paths, fetch_limits, warnings)


def _load_paths(
    paths: Sequence[str | Path], fetch_limits: FetchLimits, warnings: list[str]
) -> LoadResult:
    metas = MetaIndex()
    items: list[Item] = []
    seen: set[Path] = set()
    fetched: set[str] = set()
    for path in _expand(paths, warnings):
        if isinstance(path, str):
            if path not in fetched:
                fetched.add(path)
                loaded = load_url(path, fetch_limits)
                items.extend(loaded.items)
                warnings.extend(loaded.warnings)
            continue
        if path.name in SKIP_NAMES:
            continue
        resolved = path.resolve()
        if resolved in seen:
            continue
        seen.add(resolved)
        loaded = _load_file(path, metas)
        items.extend(loaded.items)
        warnings.extend(metas.warnings)
        metas.warnings.clear()
        warnings.extend(_capped(path, loaded.warnings))
    articles = _deduplicate(items, warnings)
    # Warnings name files: a non-UTF-8 name must not make printing them fail.
    return LoadResult(articles=articles, warnings=tuple(display_text(w) for w in warnings))
