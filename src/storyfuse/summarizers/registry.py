"""The summarization methods by name; the CLI's help and error messages read this table.

A method names its selector as ``module:function`` and is imported on first use, so
listing the methods (``storyfuse --help``) costs no numpy/scipy import.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

from storyfuse.errors import UnknownMethodError

if TYPE_CHECKING:
    from storyfuse.text.corpus import Budget, Corpus, Unit

    Selector = Callable[[Corpus, Budget], tuple[Unit, ...]]


@dataclass(frozen=True, slots=True)
class Method:
    name: str
    target: str  # "package.module:function"
    description: str

    @property
    def select(self) -> Selector:
        module, _, function = self.target.partition(":")
        selector: Selector = getattr(import_module(module), function)
        return selector


DEFAULT_METHOD = "ilp"
_PKG = "storyfuse.summarizers"

METHODS: dict[str, Method] = {
    m.name: m
    for m in (
        Method(
            "ilp",
            f"{_PKG}.ilp:select_ilp",
            "concept-coverage ILP over bigrams, learned weights (default)",
        ),
        Method(
            "ilp-handset",
            f"{_PKG}.ilp:select_ilp_handset",
            "the same ILP with hand-set weights (articles + lead bonus)",
        ),
        Method("centroid", f"{_PKG}.baselines:select_centroid", "nearest the tf-idf centroid"),
        Method("mmr", f"{_PKG}.baselines:select_mmr", "maximal marginal relevance"),
        Method("lexrank", f"{_PKG}.baselines:select_lexrank", "LexRank graph centrality"),
    )
}


def method_names() -> tuple[str, ...]:
    return tuple(METHODS)


def get_method(name: str) -> Method:
    try:
        return METHODS[name]
    except KeyError:
        valid = ", ".join(METHODS)
        raise UnknownMethodError(f"unknown method {name!r}; choose one of: {valid}") from None
