"""Which quotations may be one: an exact blocking index for the merge of ``analyze.quotes``.

Two quotations' normalised words are one quotation (``quotes.same_quote``) when they are
equal, when the shorter lies inside the longer, or when difflib's ratio ``2M / (la + lb)``
reaches ``similarity``. Each needs shared words (as a multiset: the k-th "the" of one is
the k-th "the" of the other), so every word is an element ``(word, k)``:

- inside: the shorter's elements all lie in the longer;
- ratio: the matching blocks ``M`` are a common subsequence, so at least ``M`` elements
  are shared, and ``M >= similarity * (la + lb) / 2`` with ``M <= min(la, lb)`` gives at
  least ``min_overlap(l)`` = ``ceil(similarity * l / (2 - similarity))`` for either length.

Order all elements by how few quotations hold them (then by the element), and call the
first ``l - min_overlap(l) + 1`` elements of a quotation its prefix. A quotation with
``l - t`` elements outside ``t`` shared ones has a shared one among any ``l - t + 1`` of
its elements, so its prefix meets the other's elements whenever ``t >= min_overlap(l)``:
for both of an alike pair and for the shorter one inside the longer (``t`` is all of it).
The index offers the added quotations whose elements meet a quotation's prefix or whose
prefix meets its elements; ordered so, the prefixes hold the rarest words, and a
quotation meets the few that share them, not every one before it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

Element = tuple[str, int]  # a word and how many times it came before in the quotation

_OVERLAP_SLACK = 1e-9  # similarity * l / (2 - similarity) of a whole number stays whole


def elements(words: Sequence[str]) -> tuple[Element, ...]:
    """The words as a multiset: ("a", "b", "a") -> (("a", 0), ("b", 0), ("a", 1))."""
    seen: Counter[str] = Counter()
    out: list[Element] = []
    for word in words:
        out.append((word, seen[word]))
        seen[word] += 1
    return tuple(out)


def min_overlap(length: int, similarity: float) -> int:
    """The fewest elements a quotation of ``length`` words shares with one it is
    ``similarity`` alike to (difflib ratio); at least 1."""
    return max(1, math.ceil(similarity * length / (2 - similarity) - _OVERLAP_SLACK))


class QuoteIndex:
    """Candidates among quotations (their normalised words), offered once ``add``-ed.

    ``candidates(i)`` lists every added quotation whose words may be equal to, inside, hold
    or be ``similarity`` alike the ``i``-th's, and few others; ascending.
    """

    def __init__(self, quotations: Sequence[Sequence[str]], similarity: float) -> None:
        self._elements = [frozenset(elements(words)) for words in quotations]
        counts = Counter(e for held in self._elements for e in held)
        self._prefixes: list[tuple[Element, ...]] = []
        for held, words in zip(self._elements, quotations, strict=True):
            ranked = sorted(held, key=lambda e: (counts[e], e))  # the rarest first
            length = len(words) - min_overlap(len(words), similarity) + 1
            self._prefixes.append(tuple(ranked[:length]))
        self._holding: dict[Element, list[int]] = {}  # element -> added quotations with it
        self._prefixed: dict[Element, list[int]] = {}  # element -> added ones with it in prefix

    def add(self, i: int) -> None:
        for element in self._elements[i]:
            self._holding.setdefault(element, []).append(i)
        for element in self._prefixes[i]:
            self._prefixed.setdefault(element, []).append(i)

    def candidates(self, i: int) -> list[int]:
        found = {j for e in self._prefixes[i] for j in self._holding.get(e, ())}
        found.update(j for e in self._elements[i] for j in self._prefixed.get(e, ()))
        return sorted(found)
