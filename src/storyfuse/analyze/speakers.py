"""Who may speak in a story: the people among its names, merged across spellings.

``read_mentions(masked)`` reads the names of a text whose quotations are blanked out with
``MASK`` (``names.name_spans``, so quotes and the names list share one recogniser);
``people_in(mentions)`` turns the mentions of a whole story into ``Person``s;
``people_index`` and ``known_in`` resolve an article's names to those people.

A name is a person when it has a title (``Turkish President Recep Tayyip Erdogan``,
``Kyiv Mayor, Vitali Klitschko``, ``foreign minister Sergei Lavrov``), an honorific
(``Mr Lavrov``) or two words or more, unless a word marks an organisation, a place or an
event (``Kestrel Harbour Bridge``), it starts with a place prefix (``Port Alden``), it is
written in capitals (``LOS ANGELES (AP)``) or, untitled, it follows "the" (``the
Brightwater Dawn``). An appositive gives a role where no title does (``Mustafa Aydin, a
professor at ...``). Spellings are one person when ``names.name_match`` says so
(Dmytro/Dymytro Kuleba, Zelensky/Zelenskyy, Tayyip/Recep Tayyip Erdogan); a lone surname
(``Lavrov said``) maps to the full name seen anywhere in the story; of a family's members
it fits, not to one the article calls by given name alone ("Autumn Veatch" is "Autumn":
"Veatch said" is her father). The first full name is
canonical.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from storyfuse.analyze.nameindex import NameIndex
from storyfuse.analyze.names import MASK as MASK  # quoted characters, blanked out
from storyfuse.analyze.names import (
    TextTokens,
    fold_name,
    is_honorific,
    modifiers_before,
    name_match,
    name_spans,
    opens_with_title,
    title_of,
)
from storyfuse.lexicon import EVENT_HEADS, ORG_HEADS, PLACE_HEADS, PLACE_PREFIXES

# A last word that says which of a family's or a line's bearers is meant, not whose name
# it is: "John Paul II" is "John Paul", "Martin Luther King Jr" is "King".
GENERATION_SUFFIXES: frozenset[str] = frozenset(("jr", "sr"))
PERSON_WORDS_CACHE = 1 << 14  # distinct names whose words are remembered as a person's or not
_NUMERAL_RE = re.compile(r"(?=[IVX]{2})X{0,3}(?:IX|IV|V?I{0,3})")  # "II", "XIV"; not "I" or "V"
# A word in a name that makes it an organisation, a place or an event, never a person.
NOT_PERSON_WORDS: frozenset[str] = ORG_HEADS | PLACE_HEADS | EVENT_HEADS

_APPOSITIVE_RE = re.compile(
    rf",[ \t\u00a0]+(?P<det>(?:a|an|the)[ \t\u00a0]+|[A-ZÀ-ÖØ-Þ][\w]*['’]s[ \t\u00a0]+)?"
    rf"(?P<role>[a-z][^,.;:{MASK}\n]{{2,80}}?)(?=[,.;:]|$)"
)
_RELATIVE_RE = re.compile(r"(?<!\s)\s+(?:who|which|that|whose|where|when)\b.*")
_THE_BEFORE = "the "


@dataclass(frozen=True, slots=True)
class Person:
    """Someone named in the story: the first full name used, the first title given."""

    name: str
    title: str | None = None


class Mention(NamedTuple):
    """A name in a text, with the title, honorific or role given with it."""

    start: int  # where the title (or name) starts
    end: int  # where the name ends
    tokens: tuple[str, ...]
    title: str | None
    honorific: bool
    after_the: bool
    appositive: str | None


Known = dict[tuple[str, ...], Person | None]  # an article's names, resolved


class People(NamedTuple):
    """The story's people with their folded names, for lookups (``lookup`` holds ``keys``
    in order); ``found``: each name already resolved, to the indices in ``persons`` of the
    people it fits best (a story's articles name the same people: each name is looked up
    once per story)."""

    persons: tuple[Person, ...]
    keys: tuple[tuple[str, ...], ...]
    lookup: NameIndex
    found: dict[tuple[str, ...], tuple[int, ...]]


def _appositive(masked: str, end: int) -> str | None:
    """The role in ", a professor at Vell University" after a name (a title, or words after
    an article or a possessive); None where the words after a comma are no role."""
    match = _APPOSITIVE_RE.match(masked, end)
    if match is None or not (match.group("det") or opens_with_title(match.group("role"))):
        return None
    role = _RELATIVE_RE.sub("", match.group("role")).strip()
    whole = title_of(role)
    return whole if whole is not None and whole.casefold() == role.casefold() else role


def _follows_the(text: str, start: int) -> bool:
    """Whether "the" stands before a name, which makes it a thing ("the Brightwater Dawn");
    asked of untitled names only: "the finance minister, Pedro Malan" is a person."""
    return text[max(0, start - len(_THE_BEFORE)) : start].lower() == _THE_BEFORE


def read_mentions(masked: str, tokens: TextTokens | None = None) -> list[Mention]:
    """The names of a text outside its quotations, with their titles; ``tokens``: its
    tokens where already read (``names.masked_tokens``)."""
    found: list[Mention] = []
    for span in name_spans(masked, tokens):
        start = modifiers_before(masked, span.role_start, span.role)  # "state" Sen.
        role = masked[start : span.role_start] + span.role
        found.append(
            Mention(
                start=start,
                end=span.end,
                tokens=tuple(span.name.split()),
                title=title_of(role),
                honorific=any(is_honorific(w) for w in span.role.split()),
                after_the=not span.role and _follows_the(masked, start),
                appositive=_appositive(masked, span.end),
            )
        )
    return found


def _is_generation(word: str) -> bool:
    return bool(_NUMERAL_RE.fullmatch(word)) or word.rstrip(".").casefold() in GENERATION_SUFFIXES


def speaker_key(tokens: Sequence[str]) -> tuple[str, ...]:
    """A name folded for finding its person: ``fold_name`` without a last word that is a
    generation, a numeral in capitals or "Jr" ("John Paul II" -> ("john", "paul"), "Leo
    XIV" -> ("leo",))."""
    if len(tokens) >= 2 and _is_generation(tokens[-1]):
        tokens = tokens[:-1]
    return fold_name(tokens)


def _could_be_person(mention: Mention) -> bool:
    """Not "the X", no word of an organisation or place, no word twice (page clutter that
    runs names together: "President Trump Donald John Trump Airstrikes hit ..."): a known
    surname may be a person."""
    return not mention.after_the and _person_words(mention.tokens)


@lru_cache(maxsize=PERSON_WORDS_CACHE)
def _person_words(tokens: tuple[str, ...]) -> bool:
    """No word of an organisation or place, no word twice (remembered: each mention is
    asked once per reader, and a story's names recur)."""
    folded = [t.casefold() for t in tokens]
    return not any(t in NOT_PERSON_WORDS for t in folded) and len(set(folded)) == len(folded)


def _person_like(mention: Mention) -> bool:
    """A person even if never named in full: a title, an honorific, or a full name (not in
    capitals: "LOS ANGELES (AP)" is a dateline)."""
    if not _could_be_person(mention) or all(t.isupper() for t in mention.tokens):
        return False
    if mention.title or mention.honorific:
        return True
    return len(mention.tokens) >= 2 and mention.tokens[0].casefold() not in PLACE_PREFIXES


def person_of(mention: Mention, known: Known) -> Person | None:
    """The known person a mention names, if it can name a person at all."""
    return known.get(mention.tokens) if _could_be_person(mention) else None


def _find_person(
    key: Sequence[str], keys: Sequence[tuple[str, ...]], index: NameIndex
) -> int | None:
    """The known name a folded name refers to: the best ``name_match`` (the first of the
    best), among the candidates ``index`` (of ``keys``) offers."""
    best = _best_people(key, keys, index)
    return best[0] if best else None


def _best_people(
    key: Sequence[str], keys: Sequence[tuple[str, ...]], index: NameIndex
) -> tuple[int, ...]:
    """Every known name with the best ``name_match`` of a folded name, first seen first
    ("da Silva": each da Silva of the story)."""
    best = 0.0
    found: list[int] = []
    for position in index.candidates(key):
        score = name_match(key, keys[position])
        if score > 0 and score >= best:
            if score > best:
                best, found = score, []
            found.append(position)
    return tuple(sorted(found))


def people_in(named: Iterable[Mention]) -> tuple[Person, ...]:
    """The people among a story's mentions, in order of first mention.

    Each gets its first full name and the first title before a name (else the first
    appositive role, "a professor at ..."); spellings and lone surnames are merged.
    """
    return story_people(named).persons


def _things(mentions: Sequence[Mention]) -> set[tuple[str, ...]]:
    """Names a story gives mostly after "the" and never with a title: "the Brightwater
    Dawn", a ship. One "the Donald Trump administration" among ten "President Donald
    Trump" leaves him a person."""
    after_the: Counter[tuple[str, ...]] = Counter(m.tokens for m in mentions if m.after_the)
    if not after_the:
        return set()
    bare: Counter[tuple[str, ...]] = Counter(m.tokens for m in mentions if not m.after_the)
    titled = {m.tokens for m in mentions if m.title or m.honorific}
    return {t for t, n in after_the.items() if n >= bare[t] and t not in titled}


def story_people(named: Iterable[Mention]) -> People:
    """``people_in`` with the index its merging built: ``people_index`` of its persons,
    without folding and indexing their names a second time."""
    every = list(named)
    things = _things(every)
    mentions = [m for m in every if _person_like(m) and m.tokens not in things]
    distinct = list(dict.fromkeys(m.tokens for m in mentions))
    names: list[tuple[str, ...]] = []
    keys: list[tuple[str, ...]] = []
    found = NameIndex()  # of keys
    for full in (True, False):  # full names first, so a lone surname finds its full name
        for tokens in distinct:
            key = speaker_key(tokens)
            if (len(tokens) >= 2 or not full) and _find_person(key, keys, found) is None:
                names.append(tokens)
                keys.append(key)
                found.add(key)
    index_of = {tokens: _find_person(speaker_key(tokens), keys, found) for tokens in distinct}
    titles: list[str | None] = [None] * len(names)
    roles: list[str | None] = [None] * len(names)
    for mention in mentions:
        index = index_of[mention.tokens]
        if index is not None:
            titles[index] = titles[index] or mention.title
            roles[index] = roles[index] or mention.appositive
    persons = tuple(
        Person(" ".join(name), title or role)
        for name, title, role in zip(names, titles, roles, strict=True)
    )
    return People(persons, tuple(keys), found, {})


def people_index(persons: Sequence[Person]) -> People:
    """The story's people with their folded names, for ``known_in``."""
    keys = tuple(speaker_key(p.name.split()) for p in persons)
    index = NameIndex()
    for key in keys:
        index.add(key)
    return People(tuple(persons), keys, index, {})


def known_in(mentions: Iterable[Mention], people: People) -> Known:
    """Each distinct name of an article resolved once to a known person (or None).

    A name that fits several of the story's people equally ("da Silva" after "Gilberto
    Manuel da Silva, 40, who owns an ice cream parlor", in a story of Luiz Inacio Lula da
    Silva) is the one this article names in full last before it (``_nearest``).
    """
    starts: dict[tuple[str, ...], list[int]] = {}
    for mention in mentions:
        starts.setdefault(mention.tokens, []).append(mention.start)
    distinct = sorted(starts, key=len, reverse=True)
    known: dict[tuple[str, ...], Person | None] = {}
    named_at: dict[int, list[int]] = {}  # person -> where the article names them in full
    for tokens in distinct:
        if tokens not in people.found:
            people.found[tokens] = _best_people(speaker_key(tokens), people.keys, people.lookup)
        best = people.found[tokens]
        if not best:
            known[tokens] = None
            continue
        if len(best) > 1 and len(tokens) == 1:
            best = _not_called_by_given_name(best, people.persons, starts) or best
        index = best[0] if len(best) == 1 else _nearest(best, named_at, starts[tokens][0])
        if len(best) == 1:
            named_at.setdefault(index, []).extend(starts[tokens])
        known[tokens] = people.persons[index]
    return known


def _not_called_by_given_name(
    candidates: Sequence[int], persons: Sequence[Person], names: Iterable[tuple[str, ...]]
) -> tuple[int, ...]:
    """Of a family's members a lone surname fits, those the article does not call by their
    given name alone: news names one member by given name to tell them apart ("Autumn
    Veatch" is "Autumn", so "Veatch said" is her father, "David Veatch")."""
    alone = {t[0] for t in names if len(t) == 1}
    return tuple(i for i in candidates if alone.isdisjoint(persons[i].name.split()[:-1]))


def _nearest(candidates: Sequence[int], named_at: dict[int, list[int]], at: int) -> int:
    """Of people a short name fits equally, the one the article named in full last before
    it (else first after it; else the story's first)."""
    before = [
        (max(p for p in named_at[i] if p < at), i)
        for i in candidates
        if any(p < at for p in named_at.get(i, ()))
    ]
    if before:
        return max(before)[1]
    after = [(min(named_at[i]), i) for i in candidates if named_at.get(i)]
    return min(after)[1] if after else candidates[0]
