"""``meta.json``: per-document metadata of a cluster folder (not an article itself).

Layout: ``<cluster>/meta.json`` with ``docs: [{doc_id, source, date, date_time, title, url}]``
describing ``<cluster>/docs/<doc_id>.txt``; a ``meta.json`` beside the files works too.
A file takes its title, source and publication time from the entry whose ``doc_id``
is its name without the extension; those values override what the file itself gave
(they are curated). ``date_time`` is used when it parses, else ``date``; invalid
dates (``1998-14-06 14:27:00``) are ignored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from storyfuse.ingest.base import optional_str, read_text, sanitise, unsafe_characters
from storyfuse.ingest.dates import parse_date
from storyfuse.types import Article

META_NAME = "meta.json"
DATE_KEYS: tuple[str, ...] = ("date_time", "date")
STRING_KEYS: tuple[str, ...] = ("title", "source", "url")


@dataclass(frozen=True, slots=True)
class DocMeta:
    """What a ``meta.json`` entry says about one document."""

    title: str | None = None
    source: str | None = None
    published: datetime | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class MetaFile:
    """The entries of one ``meta.json`` by ``doc_id``, and warnings from reading it."""

    docs: dict[str, DocMeta]
    warnings: tuple[str, ...] = ()


def _entry_published(entry: dict[str, object]) -> datetime | None:
    for key in DATE_KEYS:
        parsed = parse_date(entry.get(key))
        if parsed is not None:
            return parsed
    return None


def _entry_strings(
    entry: dict[str, object], where: str, warnings: list[str]
) -> dict[str, str | None]:
    """The entry's ``STRING_KEYS`` as stripped strings, lone surrogates and control
    characters replaced with U+FFFD (a ``"\\ud800"`` escape in a title made ingest stop
    at that article and summarize exit with a traceback), each such field warned."""
    strings: dict[str, str | None] = {}
    for key in STRING_KEYS:
        value = entry.get(key)
        if isinstance(value, str) and (problem := unsafe_characters(value)) is not None:
            warnings.append(f"{where}: '{key}' holds {problem}")
            value = sanitise(value)
        strings[key] = optional_str(value)
    return strings


def parse_meta(value: object, origin: str) -> MetaFile:
    """Entries of a parsed ``meta.json`` value; bad entries are warned and skipped."""
    if not isinstance(value, dict):
        return MetaFile({}, (f"{origin}: not a JSON object, ignored",))
    docs_value = value.get("docs", [])
    if not isinstance(docs_value, list):
        return MetaFile({}, (f"{origin}: 'docs' is not a list, ignored",))
    docs: dict[str, DocMeta] = {}
    warnings: list[str] = []
    for number, entry in enumerate(docs_value, start=1):
        doc_id = optional_str(entry.get("doc_id")) if isinstance(entry, dict) else None
        if not isinstance(entry, dict) or doc_id is None:
            warnings.append(f"{origin}[doc {number}]: no doc_id, ignored")
            continue
        published = _entry_published(entry)
        if published is None and any(entry.get(k) not in (None, "") for k in DATE_KEYS):
            warnings.append(f"{origin}[doc {number}]: no valid date for {doc_id}, ignored")
        strings = _entry_strings(entry, f"{origin}[doc {number}]", warnings)
        docs[doc_id] = DocMeta(
            title=strings["title"],
            source=strings["source"],
            published=published,
            url=strings["url"],
        )
    return MetaFile(docs, tuple(warnings))


def read_meta(path: Path) -> MetaFile:
    """Read one ``meta.json``; never raises."""
    read = read_text(path)
    if read.text is None:
        return MetaFile({}, read.warnings)
    try:
        value = json.loads(read.text)
    except json.JSONDecodeError as err:
        return MetaFile({}, (*read.warnings, f"{path}:{err.lineno}: malformed JSON, ignored"))
    except RecursionError:  # "[" x 100,000: json.loads recurses once per level
        return MetaFile({}, (*read.warnings, f"{path}: JSON nested too deeply to read, ignored"))
    parsed = parse_meta(value, str(path))
    return MetaFile(parsed.docs, (*read.warnings, *parsed.warnings))


def apply_meta(article: Article, meta: DocMeta) -> Article:
    """The article with the entry's non-null fields in place of its own.

    The id stays the one the file was loaded with, so adding a URL to ``meta.json``
    later does not change which article is which.
    """
    return replace(
        article,
        title=meta.title or article.title,
        source=meta.source or article.source,
        published=meta.published or article.published,
        url=meta.url or article.url,
    )


class MetaIndex:
    """Finds the ``meta.json`` entry of a file; each ``meta.json`` is read once per load.

    One index lives for one ``load_paths`` call (no module-global cache).
    """

    def __init__(self) -> None:
        self._files: dict[Path, MetaFile | None] = {}
        self.warnings: list[str] = []

    def _meta_at(self, folder: Path) -> MetaFile | None:
        candidate = folder / META_NAME
        if candidate not in self._files:
            meta = read_meta(candidate) if candidate.is_file() else None
            self._files[candidate] = meta
            if meta is not None:
                self.warnings.extend(meta.warnings)
        return self._files[candidate]

    def lookup(self, path: Path) -> DocMeta | None:
        """The entry for ``path`` from a ``meta.json`` beside it or in its parent folder."""
        for folder in (path.parent, path.parent.parent):
            meta = self._meta_at(folder)
            if meta is not None and path.stem in meta.docs:
                return meta.docs[path.stem]
        return None
