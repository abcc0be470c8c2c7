"""The summarization methods by name; the CLI's help and error messages read this table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from storyfuse.errors import UnknownMethodError
from storyfuse.summarizers.baselines import select_centroid, select_lexrank, select_mmr
from storyfuse.summarizers.corpus import Budget, Corpus, Unit
from storyfuse.summarizers.ilp import select_ilp

Selector = Callable[[Corpus, Budget], tuple[Unit, ...]]


@dataclass(frozen=True, slots=True)
class Method:
    name: str
    select: Selector
    description: str


DEFAULT_METHOD = "ilp"

METHODS: dict[str, Method] = {
    m.name: m
    for m in (
        Method("ilp", select_ilp, "concept-coverage ILP over content bigrams (default)"),
        Method("centroid", select_centroid, "sentences nearest the tf-idf centroid"),
        Method("mmr", select_mmr, "maximal marginal relevance to the centroid"),
        Method("lexrank", select_lexrank, "LexRank graph centrality"),
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
