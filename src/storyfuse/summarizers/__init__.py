"""Summarization methods (a registry), candidate filtering, ordering and citation."""

from storyfuse.summarizers.corpus import Budget, Corpus, Unit, build_corpus
from storyfuse.summarizers.registry import DEFAULT_METHOD, METHODS, Method, get_method, method_names

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
