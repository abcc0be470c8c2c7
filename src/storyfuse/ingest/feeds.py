"""RSS and Atom feeds (``.rss``, ``.atom``, and ``.xml`` whose root is a feed) with feedparser.

Each entry is one article: its title, link (as ``url``), publication date (or the update
date when that is all it has), the feed's title as ``source``, and its content (else its
summary) with HTML reduced to one paragraph per line. An entry without text gives a
warning naming the feed and the entry number; a feed that does not parse and has no
entries gives one warning. Fetched feeds (``fetch.py``) go through ``parse_feed`` too.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from storyfuse.ingest.base import FileLoad, Item, optional_str, read_bytes
from storyfuse.ingest.dates import plausible
from storyfuse.types import Article, stable_id

# The local names of the root elements of RSS 2.0/0.9x, Atom and RSS 1.0 (RDF).
FEED_ROOTS: frozenset[str] = frozenset({"rss", "feed", "rdf"})
# How much of an ``.xml`` file is read to find its root element.
ROOT_SNIFF_BYTES = 4096
# Elements that end a paragraph (a line) when an entry's HTML is reduced to text.
BLOCK_TAGS: frozenset[str] = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 "
    "h5 h6 header hr li main ol p pre section table td th tr ul".split()
)
SKIP_TAGS: frozenset[str] = frozenset({"script", "style", "template", "noscript"})
# Date fields of an entry, most wanted first (feedparser gives UTC ``struct_time``).
DATE_KEYS: tuple[str, ...] = ("published_parsed", "updated_parsed", "created_parsed")

_COMMENT_RE = re.compile(rb"<!--.*?-->", re.DOTALL)
_ROOT_RE = re.compile(rb"<([A-Za-z_][\w.:-]*)")
_SPACE_RE = re.compile(r"[ \t\f\v\r\u00a0]+")
_LINES_RE = re.compile(r"\n\s*")


def feed_root(data: bytes) -> str | None:
    """The local name (lowercased) of the first element of an XML document, if any."""
    head = _COMMENT_RE.sub(b"", data[:ROOT_SNIFF_BYTES])
    match = _ROOT_RE.search(head)
    if match is None:
        return None
    name = match.group(1).decode("ascii", errors="replace")
    return name.rsplit(":", 1)[-1].lower()


def is_feed(data: bytes) -> bool:
    """Whether the bytes look like an RSS, Atom or RDF feed (by their root element)."""
    return feed_root(data) in FEED_ROOTS


class _TextCollector(HTMLParser):
    """Text of an HTML fragment, with a line break wherever a block element starts or ends."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIP_TAGS:
            self.skipping += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data.replace("\n", " "))


def html_to_paragraphs(fragment: str) -> str:
    """Plain text of an HTML fragment (or of plain text), one paragraph per line."""
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    text = _SPACE_RE.sub(" ", "".join(collector.parts))
    return "\n".join(line.strip() for line in _LINES_RE.split(text) if line.strip())


def _one_line(value: object) -> str | None:
    """A title on one line with whitespace collapsed; ``None`` when empty or not a string."""
    return optional_str(" ".join(value.split())) if isinstance(value, str) else None


def _field(entry: Mapping[str, Any], key: str) -> Any:
    try:
        return entry.get(key)
    except Exception:  # feedparser's dict raises odd errors on some malformed keys
        return None


def entry_html(entry: Mapping[str, Any]) -> str | None:
    """The richest text an entry carries: its longest content block, else its summary."""
    blocks = _field(entry, "content") or []
    values = [b.get("value") for b in blocks if isinstance(b, Mapping)]
    texts = [v for v in values if isinstance(v, str) and v.strip()]
    if texts:
        return max(texts, key=len)
    return optional_str(_field(entry, "summary"))


def entry_date(entry: Mapping[str, Any]) -> datetime | None:
    """The entry's publication (else update, else creation) time, in UTC; a placeholder
    year (``dates.plausible``) counts as no date."""
    for key in DATE_KEYS:
        value = _field(entry, key)
        if isinstance(value, time.struct_time):
            try:
                moment = datetime(*value[:6], tzinfo=UTC)
            except ValueError:
                continue
            if plausible(moment):
                return moment
    return None


def _entry_item(
    entry: Mapping[str, Any], *, name: str, number: int, source: str | None
) -> tuple[Item | None, str | None]:
    origin = f"{name}[entry {number}]"
    raw = entry_html(entry)
    text = html_to_paragraphs(raw) if raw else ""
    if not text:
        return None, f"{origin}: entry has no text, skipped"
    url = optional_str(_field(entry, "link"))
    title = _field(entry, "title")
    article = Article(
        id=stable_id(url=url, text=text),
        text=text,
        title=_one_line(title),
        source=source,
        url=url,
        published=entry_date(entry),
        path=name,
    )
    return Item(article, origin), None


def parse_feed(data: bytes, *, name: str, content_type: str | None = None) -> FileLoad:
    """Articles from a feed's bytes; ``name`` (file or URL) is the path and names warnings."""
    import feedparser  # imported only when a feed is read

    headers = {"content-type": content_type} if content_type else {}
    try:
        parsed = feedparser.parse(data, response_headers=headers)
    except Exception as err:  # a parser failure on one feed must not stop a load
        return FileLoad(warnings=(f"{name}: feed parsing failed ({type(err).__name__}), skipped",))
    entries = list(parsed.get("entries") or [])
    if not entries:
        if parsed.get("bozo"):
            problem = parsed.get("bozo_exception")
            why = f" ({type(problem).__name__})" if problem is not None else ""
            return FileLoad(warnings=(f"{name}: malformed feed{why}, skipped",))
        return FileLoad(warnings=(f"{name}: feed has no entries, skipped",))
    title = (parsed.get("feed") or {}).get("title")
    source = _one_line(title)
    items: list[Item] = []
    warnings: list[str] = []
    for number, entry in enumerate(entries, start=1):
        item, problem = _entry_item(entry, name=name, number=number, source=source)
        if item is not None:
            items.append(item)
        if problem is not None:
            warnings.append(problem)
    return FileLoad(items=tuple(items), warnings=tuple(warnings))


def load_feed(path: Path) -> FileLoad:
    """Articles from an ``.rss``/``.atom`` file, or an ``.xml`` file whose root is a feed."""
    data, problem = read_bytes(path)
    if data is None:
        return FileLoad(warnings=(problem or f"{path}: unreadable, skipped",))
    if not data.strip():
        return FileLoad(warnings=(f"{path}: empty file, skipped",))
    if path.suffix.lower() == ".xml" and not is_feed(data):
        found = feed_root(data)
        what = f"root <{found}>" if found else "no root element"
        return FileLoad(warnings=(f"{path}: XML but not an RSS/Atom feed ({what}), skipped",))
    return parse_feed(data, name=str(path))
