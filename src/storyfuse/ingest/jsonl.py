"""JSON records: ``.json`` (one object or a list of objects) and ``.jsonl`` (one per line).

Fields: ``text`` (required), ``title``, ``source``, ``url``, ``published`` (ISO date or
datetime). Unknown fields are ignored. A bad record (malformed JSON, not an object, no
usable ``text``) gives a warning naming the file and line or record; the rest loads.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from storyfuse.ingest.base import (
    FileLoad,
    Item,
    empty_warning,
    new_article,
    read_text,
    shown,
    unsafe_characters,
)
from storyfuse.ingest.dates import parse_date

TEXT_FIELD = "text"
STRING_FIELDS: tuple[str, ...] = ("title", "source", "url")
DATE_FIELD = "published"
# ``json.loads`` recurses once per level: "[" x 100,000 raises RecursionError, which is
# bad input like any other and must cost only its own file or line.
NESTING_PROBLEM = "JSON nested too deeply to read"


@dataclass(frozen=True, slots=True)
class Record:
    """One raw JSON value and where it was found."""

    value: object
    origin: str


def _record_to_item(record: Record, path: Path) -> tuple[Item | None, list[str]]:
    origin = record.origin
    if not isinstance(record.value, dict):
        return None, [f"{origin}: not a JSON object, skipped"]
    fields = record.value
    text = fields.get(TEXT_FIELD)
    if text is None:
        return None, [f"{origin}: no '{TEXT_FIELD}' field, skipped"]
    if not isinstance(text, str):
        return None, [f"{origin}: '{TEXT_FIELD}' is not a string, skipped"]
    if not text.strip():
        return None, [empty_warning(origin)]
    warnings: list[str] = []
    strings: dict[str, str | None] = {}
    for name in STRING_FIELDS:
        value = fields.get(name)
        if value is not None and not isinstance(value, str):
            warnings.append(f"{origin}: '{name}' is not a string, ignored")
            value = None
        strings[name] = value
    raw_date = fields.get(DATE_FIELD)
    published = parse_date(raw_date)
    if raw_date not in (None, "") and published is None:
        warnings.append(f"{origin}: unparsable '{DATE_FIELD}' {shown(raw_date)}, ignored")
    for name, value in ((TEXT_FIELD, text), *strings.items()):
        if value is not None and (problem := unsafe_characters(value)) is not None:
            warnings.append(f"{origin}: '{name}' holds {problem}")
    article = new_article(
        text=text,
        path=path,
        title=strings["title"],
        source=strings["source"],
        url=strings["url"],
        published=published,
    )
    return Item(article, origin), warnings


def _collect(records: Iterator[Record], path: Path, warnings: list[str]) -> FileLoad:
    items: list[Item] = []
    for record in records:
        item, problems = _record_to_item(record, path)
        warnings.extend(problems)
        if item is not None:
            items.append(item)
    if not items and not warnings:
        warnings.append(f"{path}: no records, skipped")
    return FileLoad(items=tuple(items), warnings=tuple(warnings))


def iter_jsonl_records(text: str, path: Path, warnings: list[str]) -> Iterator[Record]:
    """The parsed lines of a JSON Lines text; blank lines are skipped, bad ones warned."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as err:
            warnings.append(f"{path}:{number}: malformed JSON ({err.msg}), skipped")
            continue
        except RecursionError:
            warnings.append(f"{path}:{number}: {NESTING_PROBLEM}, skipped")
            continue
        yield Record(value, f"{path}:{number}")


def load_jsonl(path: Path) -> FileLoad:
    read = read_text(path)
    warnings = list(read.warnings)
    if read.text is None:
        return FileLoad(warnings=tuple(warnings))
    if not read.text.strip():
        return FileLoad(warnings=(*warnings, empty_warning(str(path))))
    return _collect(iter_jsonl_records(read.text, path, warnings), path, warnings)


def load_json(path: Path) -> FileLoad:
    read = read_text(path)
    warnings = list(read.warnings)
    if read.text is None:
        return FileLoad(warnings=tuple(warnings))
    if not read.text.strip():
        return FileLoad(warnings=(*warnings, empty_warning(str(path))))
    try:
        value = json.loads(read.text)
    except json.JSONDecodeError as err:
        where = f"{path}:{err.lineno}"
        return FileLoad(warnings=(*warnings, f"{where}: malformed JSON ({err.msg}), skipped"))
    except RecursionError:
        return FileLoad(warnings=(*warnings, f"{path}: {NESTING_PROBLEM}, skipped"))
    records: Iterator[Record]
    if isinstance(value, list):
        records = (Record(v, f"{path}[record {i}]") for i, v in enumerate(value, start=1))
    else:
        records = iter((Record(value, str(path)),))
    return _collect(records, path, warnings)
