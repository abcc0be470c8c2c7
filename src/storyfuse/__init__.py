"""storyfuse: one cited brief from many reports of a news story.

The pipeline runs ingest -> clean -> segment -> summarize (select, order, cite) -> render.
This module only re-exports the public API; the names are imported on first use
(PEP 562), so ``import storyfuse`` and ``storyfuse --help`` stay fast, and the web app's
FastAPI is imported only when ``create_app`` is first used.

The public API (``dir(storyfuse)`` lists it):

- load: ``load_paths(paths) -> LoadResult(articles, warnings)``; ``Article`` by hand;
- summarise: ``summarize(articles, words=, sentences=, method=, previous=, query=) ->
  Summary`` (of ``SummaryItem``, each a ``Sentence`` and its supporting articles);
  ``brief(...) -> Brief`` (the summary and the analysis); ``prepare(articles)``;
  ``METHODS``, ``method_names()``;
- output: ``render(doc, "text" | "md" | "json" | "plain")``; ``to_dict(doc)``, the dict
  that ``render(doc, "json")`` serialises;
- stories: ``Store`` (the SQLite store of ingested articles and stories);
  ``create_app(db_path)``, the web app over a store (needs the ``web`` extra);
- errors: ``StoryfuseError``, ``NoArticlesError``, ``UnknownMethodError``;
- ``__version__``, the installed distribution's version.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from storyfuse.analyze.brief import Brief
    from storyfuse.errors import NoArticlesError, StoryfuseError, UnknownMethodError
    from storyfuse.ingest import LoadResult, load_paths
    from storyfuse.pipeline import brief, prepare, summarize
    from storyfuse.rendering import render, to_dict
    from storyfuse.store import Store
    from storyfuse.summarizers.registry import METHODS, method_names
    from storyfuse.types import Article, Sentence, Summary, SummaryItem
    from storyfuse.web.app import create_app

    __version__: str

DISTRIBUTION = "storyfuse"
UNKNOWN_VERSION = "0+unknown"  # a source tree that was never installed has no metadata

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
    "to_dict": "storyfuse.rendering",
    "Store": "storyfuse.store",
    "METHODS": "storyfuse.summarizers.registry",
    "method_names": "storyfuse.summarizers.registry",
    "Article": "storyfuse.types",
    "Sentence": "storyfuse.types",
    "Summary": "storyfuse.types",
    "SummaryItem": "storyfuse.types",
    "create_app": "storyfuse.web.app",
}

__all__ = [
    "METHODS",
    "Article",
    "Brief",
    "LoadResult",
    "NoArticlesError",
    "Sentence",
    "Store",
    "StoryfuseError",
    "Summary",
    "SummaryItem",
    "UnknownMethodError",
    "__version__",
    "brief",
    "create_app",
    "load_paths",
    "method_names",
    "prepare",
    "render",
    "summarize",
    "to_dict",
]


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return UNKNOWN_VERSION


def __getattr__(name: str) -> Any:
    if name == "__version__":
        return _version()
    if name not in _EXPORTS:
        raise AttributeError(f"module 'storyfuse' has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name]), name)


def __dir__() -> list[str]:
    """The public API and the module's dunders, not the helpers this module imports."""
    return sorted({*__all__, *(name for name in globals() if name.startswith("__"))})
