"""Ingest: files, folders and URLs (text, HTML, JSON, JSON Lines, ``meta.json``, RSS/Atom
feeds, WARC crawls, http(s) pages and feeds) to raw articles."""

from storyfuse.ingest.dates import parse_date
from storyfuse.ingest.fetch import FetchLimits
from storyfuse.ingest.loaders import LoadResult, load_paths

__all__ = ["FetchLimits", "LoadResult", "load_paths", "parse_date"]
