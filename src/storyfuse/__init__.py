"""storyfuse: one cited brief from many reports of a news story.

The pipeline runs ingest -> clean -> segment -> summarize (select, order, cite) -> render.
This module only re-exports the public API; the names are imported on first use
(PEP 562), so ``import storyfuse`` and ``storyfuse --help`` stay fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from storyfuse.analyze.brief import Brief
    from storyfuse.errors import NoArticlesError, StoryfuseError, UnknownMethodError
    from storyfuse.ingest import LoadResult, load_paths
    from storyfuse.pipeline import brief, prepare, summarize
    from storyfuse.rendering import render
    from storyfuse.summarizers.registry import METHODS, method_names
    from storyfuse.types import Article, Sentence, Summary, SummaryItem

_EXPORTS = {
    "Brief": "storyfuse.analyze.brief",
    "brief": "storyfuse.pipeline",
    "NoArticlesError": "storyfuse.errors",
    "StoryfuseError": "storyfuse.errors",
    "UnknownMethodError": "storyfuse.errors",
    "LoadResult": "storyfuse.ingest",
    "load_paths": "storyfuse.ingest",
    "prepare": "storyfuse.pipeline",
    "summarize": "storyfuse.pipeline",
    "render": "storyfuse.rendering",
    "METHODS": "storyfuse.summarizers.registry",
    "method_names": "storyfuse.summarizers.registry",
    "Article": "storyfuse.types",
    "Sentence": "storyfuse.types",
    "Summary": "storyfuse.types",
    "SummaryItem": "storyfuse.types",
}

__all__ = [
    "METHODS",
    "Article",
    "Brief",
    "LoadResult",
    "NoArticlesError",
    "Sentence",
    "StoryfuseError",
    "Summary",
    "SummaryItem",
    "UnknownMethodError",
    "brief",
    "load_paths",
    "method_names",
    "prepare",
    "render",
    "summarize",
]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'storyfuse' has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name]), name)
