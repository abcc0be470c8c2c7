"""Summarization methods (a registry), candidate filtering, ordering and citation.

Import the stage modules directly (``storyfuse.summarizers.ilp``, ``.cite``, ...);
this package only names the registry, which imports nothing heavy.
"""

from storyfuse.summarizers.registry import DEFAULT_METHOD, METHODS, Method, get_method, method_names

__all__ = ["DEFAULT_METHOD", "METHODS", "Method", "get_method", "method_names"]
