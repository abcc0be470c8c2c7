"""Ingest: files and folders (text, HTML, JSON, JSON Lines, ``meta.json``) to raw articles."""

from storyfuse.ingest.dates import parse_date
from storyfuse.ingest.loaders import LoadResult, load_paths

__all__ = ["LoadResult", "load_paths", "parse_date"]
