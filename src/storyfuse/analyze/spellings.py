"""One name spelled two ways by different articles: a difference a reader should see.

Transliterations ("Morsy"/"Morsi", "Zelensky"/"Zelenskyy") differ by a letter put for
another or added, and are one name as ``names.same_name`` reads them; what is no
transliteration is a misspelling:

- two letters of one word swapped ("Tempel-Tuttle" / "Temple-Tuttle"), in words of at
  least ``MIN_LETTERS`` letters;
- the same words of a name in another order ("Luiz Inacio Lula da Silva" / "Luiz Lula
  Inacio da Silva"), in names of at least ``MIN_REORDERED_WORDS`` words.

Only names as ``names.name_spans`` reads them are compared (a capitalised common word
opening a sentence is no name), and an article that writes both forms is on neither side.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from storyfuse.analyze.names import NameSpan
from storyfuse.text.corpus import Corpus, Unit

MIN_LETTERS = 5  # "Tempel": shorter words have real-word twins ("form"/"from")
MIN_REORDERED_WORDS = 3  # "Luiz Inacio Lula da Silva"; two words swap as surname-first


@dataclass(frozen=True, slots=True)
class Spelling:
    """A name written two ways, each with the sentences (of different articles) that do."""

    first: str
    second: str
    first_units: tuple[Unit, ...]
    second_units: tuple[Unit, ...]


def _swaps(word: str) -> Iterator[str]:
    """``word`` with two adjacent, different letters swapped."""
    for k in range(len(word) - 1):
        a, b = word[k], word[k + 1]
        if a != b and a.isalpha() and b.isalpha():
            yield word[:k] + b + a + word[k + 2 :]


def _one_name(names_a: set[str], names_b: set[str], low: str, twin: str) -> bool:
    """Whether a name holding ``low`` is, with ``twin`` for it, within a name holding
    ``twin`` or holds it ("Comet Tempel-Tuttle" / "Temple-Tuttle"; "Xiong Gouming" /
    "Xiong Guoming"): the rest of the name agrees, so the two are one name ("Jeffery A.
    Salter" and "Jeffrey LaFleur" are two people)."""
    for a in names_a:
        swapped = {twin if w == low else w for w in a.casefold().split()}
        for b in names_b:
            words = set(b.casefold().split())
            if swapped <= words or words <= swapped:
                return True
    return False


def _pairs(names: set[str]) -> set[tuple[str, str]]:
    """Forms as written that are one name misspelt: a word with two letters swapped, or the
    same words in another order."""
    words: dict[str, str] = {}
    holders: dict[str, set[str]] = {}
    for name in names:
        for word in name.split():
            if len(word) >= MIN_LETTERS and word.replace("-", "").isalpha():
                words.setdefault(word.casefold(), word)
                holders.setdefault(word.casefold(), set()).add(name)
    pairs: set[tuple[str, str]] = set()
    for low, written in words.items():
        for twin in _swaps(low):
            if twin in words and _one_name(holders[low], holders[twin], low, twin):
                first, second = sorted((written, words[twin]))
                pairs.add((first, second))
    reordered: dict[tuple[str, ...], set[str]] = {}
    for name in names:
        key = name.casefold().split()
        if len(key) >= MIN_REORDERED_WORDS:
            reordered.setdefault(tuple(sorted(key)), set()).add(name)
    for forms in reordered.values():
        by_order = {tuple(f.casefold().split()): f for f in forms}
        ordered = sorted(by_order.values())
        pairs.update((a, b) for i, a in enumerate(ordered) for b in ordered[i + 1 :])
    return pairs


def _units(corpus: Corpus, form: str) -> dict[int, list[Unit]]:
    """The sentences writing ``form`` (as a whole word, in any case), by article."""
    pattern = re.compile(rf"(?<![\w-]){re.escape(form)}(?![\w-])", re.IGNORECASE)
    out: dict[int, list[Unit]] = {}
    for unit in corpus.units:
        if pattern.search(unit.sentence.text):
            out.setdefault(unit.doc, []).append(unit)
    return out


def find_spellings(corpus: Corpus, spans: Sequence[Sequence[NameSpan]]) -> tuple[Spelling, ...]:
    """Names that different articles spell differently, in the order of ``_pairs``' forms."""
    names = {n.name for sentence in spans for n in sentence if not n.initial or " " in n.name}
    out: list[Spelling] = []
    for first, second in sorted(_pairs(names)):
        a, b = _units(corpus, first), _units(corpus, second)
        both = a.keys() & b.keys()
        a_units = tuple(u for d in sorted(a) if d not in both for u in a[d])
        b_units = tuple(u for d in sorted(b) if d not in both for u in b[d])
        if a_units and b_units:
            out.append(Spelling(first, second, a_units, b_units))
    return tuple(out)
