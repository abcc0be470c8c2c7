"""Summarization methods (a registry), candidate filtering, ordering and citation."""

from storyfuse.summarize.corpus import Budget, Corpus, Unit, build_corpus
from storyfuse.summarize.registry import DEFAULT_METHOD, METHODS, Method, get_method, method_names

__all__ = [
    "DEFAULT_METHOD",
    "METHODS",
    "Budget",
    "Corpus",
    "Method",
    "Unit",
    "build_corpus",
    "get_method",
    "method_names",
]
