"""Which known names a name may match: an exact blocking index for ``names.name_match``.

``name_match(a, b)`` is above 0 only where the last words are ``threshold`` alike
(``names.word_similarity``: 1 - edit distance / longer length), that is at most
``k = edit_budget(L)`` edits apart for the longer length ``L``. Comparing every name with
every known one makes a story's names quadratic in its size (4.2 million ``name_match``
calls for the 100 articles of four DUC 2006 topics); the index hands ``name_match`` only
the known names whose last words can reach the threshold.

Why no accepted pair is left out: an alignment of a word of ``l`` letters with one of
``L >= l`` letters by ``I`` insertions, ``D`` deletions and ``S`` substitutions
(``I + D + S <= k``, ``I - D = L - l``) keeps their ``l - D - S`` matched letters, a
string both reach by deleting letters: ``D + S <= k - (L - l) <= (1 - threshold) * l``
from the shorter, ``I + S <= k`` from the longer. So two alike words share a string left
after deleting at most ``edit_budget`` of their *own* length letters from each (the
symmetric deletion neighbourhoods of FastSS and SymSpell). The index keeps every such
string of every known last word; a name's candidates are the known names whose last word
shares one with its own and is ``threshold`` alike, in the order they were added.
``name_match`` then decides as before, on a bounded set.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from storyfuse.analyze.names import NAME_SIMILARITY, word_similarity

NEIGHBOURHOOD_CACHE = 1 << 14  # distinct (word, budget) pairs whose deletions are remembered
_BUDGET_SLACK = 1e-6  # above word_similarity's 1e-9: a budget is never one edit short


def edit_budget(length: int, threshold: float = NAME_SIMILARITY) -> int:
    """The most letters a word of ``length`` letters loses on the way to a word it is
    ``threshold`` alike to (see the module docstring): ``floor((1 - threshold) * length)``."""
    return int((1 - threshold) * length + _BUDGET_SLACK)


@lru_cache(maxsize=NEIGHBOURHOOD_CACHE)
def deletion_neighbourhood(word: str, edits: int) -> frozenset[str]:
    """Every string left after deleting at most ``edits`` letters of ``word`` (itself too)."""
    found = {word}
    frontier = {word}
    for _ in range(edits):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        found |= frontier
    return frozenset(found)


class NameIndex:
    """Folded names (``names.fold_name``) by their last words' deletion neighbourhoods.

    ``add`` gives each name the next position; ``candidates`` lists, in ascending order,
    the positions of every added name that ``name_match(key, name, threshold)`` may
    accept (its last word is ``threshold`` alike the key's), and no others.
    """

    def __init__(self, threshold: float = NAME_SIMILARITY) -> None:
        self.threshold = threshold
        self._size = 0
        self._positions: dict[str, list[int]] = {}  # last word -> positions of its names
        self._words_of: dict[str, list[str]] = {}  # deletion string -> last words
        self._alike: dict[str, tuple[str, ...]] = {}  # last word asked -> alike known ones

    def __len__(self) -> int:
        return self._size

    def _neighbourhood(self, word: str) -> frozenset[str]:
        return deletion_neighbourhood(word, edit_budget(len(word), self.threshold))

    def add(self, key: Sequence[str]) -> int:
        """Index one folded name; its position (0 for the first)."""
        position = self._size
        self._size += 1
        last = key[-1] if key else ""
        if not last:
            return position  # matches nothing: word_similarity of an empty word is 0
        if last not in self._positions:
            self._positions[last] = []
            for variant in self._neighbourhood(last):
                self._words_of.setdefault(variant, []).append(last)
            self._alike.clear()  # a new word may be alike any word asked before
        self._positions[last].append(position)
        return position

    def alike_words(self, word: str) -> tuple[str, ...]:
        """The known last words ``threshold`` alike ``word``."""
        if word in self._alike:
            return self._alike[word]
        shared = {w for v in self._neighbourhood(word) for w in self._words_of.get(v, ())}
        threshold = self.threshold
        alike = tuple(w for w in shared if word_similarity(word, w, threshold) >= threshold)
        self._alike[word] = alike
        return alike

    def candidates(self, key: Sequence[str]) -> list[int]:
        """Positions of the added names whose last word is alike ``key``'s, ascending."""
        if not key or not key[-1]:
            return []
        words = self.alike_words(key[-1])
        if len(words) == 1:
            return list(self._positions[words[0]])
        return sorted(p for w in words for p in self._positions[w])
