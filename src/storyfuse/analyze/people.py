"""People named in a story: capitalised names with their titles, merged across spellings.

``read_mentions(masked)`` finds the names of a text whose quotations are blanked out with
``MASK``; ``people_in(mentions)`` turns the mentions of a whole story into ``Person``s;
``people_index`` and ``known_in`` resolve an article's names to those people.

Names are capitalised words outside quotations, with a title before them (``Turkish
President Recep Tayyip Erdogan``, ``Kyiv Mayor, Vitali Klitschko``, ``foreign minister
Sergei Lavrov``), an honorific (``Mr Lavrov``) or an appositive (``Mustafa Aydin, a
professor at ...``). A full name is a person unless a word marks an organisation or a
place (``Kestrel Harbour Bridge``) or it follows "the". Spellings are one person when
surnames are within ``NAME_SIMILARITY`` and given names agree (Dmytro/Dymytro Kuleba,
Zelensky/Zelenskyy, Tayyip/Recep Tayyip Erdogan); a lone surname (``Lavrov said``) maps
to the full name seen anywhere in the story. The first full name is canonical.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from storyfuse.text.segment import SENTENCE_STARTERS

NAME_SIMILARITY = 0.8  # 1 - edit distance / longer length: Zelensky~Zelenskyy 0.89
MASK = "\x00"  # stands in for quoted characters: names are read outside quotations
# A title ends in a head ("Minister"), after up to three modifiers ("Regional Transport").
TITLE_HEADS = """President Minister Secretary Mayor Master Chief Inspector Superintendent Governor
Senator Chancellor Ambassador Spokesman Spokeswoman Spokesperson Commissioner Director
Executive Officer General Judge Professor Captain Commander Premier Envoy King Queen Prince
Princess Pope Sheriff Chairman Chairwoman Chair Leader Coach Manager Speaker Attorney Detective
Agent Sergeant Constable Lieutenant Colonel Admiral Marshal Councillor Councilor Deputy Analyst
Adviser Advisor Negotiator Founder Secretary-General Attorney-General CEO PM FM Gen Gov Sen Rep
Prosecutor Bishop Archbishop Cardinal Rabbi Imam Reverend Pastor Col Lt Sgt Capt Supt Insp Det
Prof Rev""".split()
TITLE_MODIFIERS = """Foreign Prime Deputy Vice Fire Police Harbour Harbor Chief Regional Transport
Defence Defense Interior Finance Health Home Justice Education Energy Trade Economy State Press
Senior Former Acting Executive Supreme Managing Assistant Associate Head Interim Federal
National Security Communications Military Marine Emergency Environment Agriculture Culture
Labour Labor Treasury Opposition Inspector Master General Attorney Commerce Special""".split()
HONORIFICS = "Mr Mrs Ms Miss Mx Dr Sir Dame Lord Lady".split()
NAME_PARTICLES = "de da del della der den van von bin ibn al el le la du di dos das".split()
# A word in a capitalised name that makes it an organisation, a place or an event.
ORG_WORDS: frozenset[str] = frozenset(
    """
    House University College School Institute Ministry Department Office Agency Council
    Committee Commission Board Authority Union Nations States Organization Organisation
    Association Federation Fund Bank Party Court Parliament Assembly Senate Congress
    Government Army Navy Forces Police Service Services Group Company Corporation Inc Ltd
    Lines Airlines Airways News Times Post Herald Courier Ledger Wire Radio Today Journal
    Gazette Tribune Telegraph Network Channel Sea Ocean River Valley Lake Island Islands Bay
    Harbour Harbor Port Bridge Tunnel Road Street Avenue Square Quay Hall Hospital Station
    Airport Terminal Centre Center Library Park Plant Stadium Church Palace Kremlin War
    Conflict Crisis Summit Forum Treaty Alliance Coalition Rescue Commerce Chamber Republic
    Kingdom Province Region County City District Cup League Games
    """.split()
)
PLACE_PREFIXES: frozenset[str] = frozenset(
    "New North South East West Saint St San Fort Mount".split()
)
LEADING_NON_NAMES: frozenset[str] = SENTENCE_STARTERS | frozenset(
    """Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April
    May June July August September October November December Also Reportedly Dear""".split()
)
LEADING_SUFFIXES = ("ing", "ly")  # sentence-opening verb or adverb, not a given name

_UP, _LO = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"
_SP = r"[ \t\u00a0]+"
_WORD = (
    rf"(?:[{_UP}][{_LO}]+(?:[{_UP}][{_LO}]+)?(?:[-'’](?!s\b)[{_UP}{_LO}][{_LO}]*)*"
    rf"|[{_UP}]['’][{_UP}][{_LO}]+|[{_UP}]\.)"
)
_TITLE_WORD = "|".join(sorted({*TITLE_HEADS, *TITLE_MODIFIERS}, key=len, reverse=True))
_NOT_TITLE = rf"(?!(?:{_TITLE_WORD}|{'|'.join(HONORIFICS)})\b\.?,?{_SP}[{_UP}])"
_QUAL_WORD = rf"(?!(?:{_TITLE_WORD})\b)(?:{_WORD}|[A-Z]{{2,5}})"
_MODS = "|".join(sorted(TITLE_MODIFIERS, key=len, reverse=True))
_HEADS = "|".join(sorted(TITLE_HEADS, key=len, reverse=True))
_TITLE = (
    rf"(?i:(?:(?:{_MODS}|press){_SP}){{0,3}}(?:{_HEADS})\b"
    rf"(?:{_SP}of{_SP}(?:the{_SP})?(?:{_MODS}|affairs)(?:{_SP}(?:{_MODS}|affairs))?\b)?)"
)
_MENTION_RE = re.compile(
    rf"(?<![\w'’.-])"
    rf"(?:(?P<qual>(?:{_QUAL_WORD}{_SP}){{1,3}})?(?P<title>{_TITLE})\.?[ \t]*,?{_SP})?"
    rf"(?:(?P<hon>{'|'.join(HONORIFICS)})\.?{_SP})?"
    rf"(?P<name>{_NOT_TITLE}{_WORD}(?:{_SP}(?:(?:{'|'.join(NAME_PARTICLES)}){_SP})?"
    rf"{_NOT_TITLE}{_WORD})*)"
)
_TITLE_RE = re.compile(_TITLE)
_APPOSITIVE_RE = re.compile(
    rf",{_SP}(?P<det>(?:a|an|the){_SP}|[{_UP}][\w]*['’]s{_SP})?"
    rf"(?P<role>[a-z][^,.;:{MASK}\n]{{2,80}}?)(?=[,.;:]|$)"
)
_NON_SPACE_RE = re.compile(r"\S+")
_RELATIVE_RE = re.compile(r"\s+(?:who|which|that|whose|where|when)\b.*")
_TOKEN_NORM_RE = re.compile(r"\W+")


@dataclass(frozen=True, slots=True)
class Person:
    """Someone named in the story: the first full name used, the first title given."""

    name: str
    title: str | None = None


class Mention(NamedTuple):
    """A capitalised name in a text, with the title, honorific or role given with it."""

    start: int  # where the title (or name) starts
    end: int  # where the name ends
    tokens: tuple[str, ...]
    title: str | None
    honorific: bool
    after_the: bool
    appositive: str | None


Known = dict[tuple[str, ...], Person | None]  # an article's names, resolved


class People(NamedTuple):
    """The story's people with their folded names, for lookups."""

    persons: tuple[Person, ...]
    keys: tuple[tuple[str, ...], ...]


def _title_case(title: str) -> str:
    return " ".join(
        w if w.isupper() or w in ("of", "the") else w[:1].upper() + w[1:] for w in title.split()
    )


def _opens_sentence(text: str, pos: int) -> bool:
    """Whether ``pos`` starts a line or follows a sentence's final punctuation.

    A capitalised "-ing"/"-ly" word there is a verb or an adverb ("Bringing Lavrov and
    Kuleba together is ..."), not a given name.
    """
    j = pos
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    if j == 0 or text[j - 1] in "\n\r":
        return True
    spaced = j < pos
    while j > 0 and text[j - 1] in '"”’)':
        j -= 1
    return spaced and j > 0 and text[j - 1] in ".!?"


def read_mentions(masked: str) -> list[Mention]:
    """Capitalised names outside quotations, with their titles."""
    found: list[Mention] = []
    for match in _MENTION_RE.finditer(masked):
        words = list(_NON_SPACE_RE.finditer(masked, match.start("name"), match.end()))
        opens_sentence = _opens_sentence(masked, match.start())
        while words and (
            words[0].group() in LEADING_NON_NAMES
            or (opens_sentence and len(words) > 1 and words[0].group().endswith(LEADING_SUFFIXES))
        ):
            words.pop(0)
        if not words:
            continue
        tokens = [w.group() for w in words]
        title = match.group("title")
        start = match.start() if title or match.group("hon") else words[0].start()
        appositive = _APPOSITIVE_RE.match(masked, match.end())
        role = None
        if appositive and (appositive.group("det") or _TITLE_RE.match(appositive.group("role"))):
            role = _RELATIVE_RE.sub("", appositive.group("role")).strip()
            if _TITLE_RE.fullmatch(role):
                role = _title_case(role)
        found.append(
            Mention(
                start=start,
                end=match.end(),
                tokens=tuple(tokens),
                title=_title_case(" ".join(title.split())) if title else None,
                honorific=match.group("hon") is not None,
                after_the=masked[max(0, start - 4) : start].lower() == "the ",
                appositive=role,
            )
        )
    return found


def _could_be_person(mention: Mention) -> bool:
    """Not "the X", no word of an organisation or place: a known surname may be a person."""
    return not mention.after_the and not any(t in ORG_WORDS for t in mention.tokens)


def _person_like(mention: Mention) -> bool:
    """A person even if never named in full: a title, an honorific, or a full name."""
    if not _could_be_person(mention):
        return False
    if mention.title or mention.honorific:
        return True
    return len(mention.tokens) >= 2 and mention.tokens[0] not in PLACE_PREFIXES


def person_of(mention: Mention, known: Known) -> Person | None:
    """The known person a mention names, if it can name a person at all."""
    return known.get(mention.tokens) if _could_be_person(mention) else None


def fold_text(text: str) -> str:
    """Case-folded, accents dropped: "Çavuşoğlu" -> "cavusoglu"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _fold(word: str) -> str:
    return _TOKEN_NORM_RE.sub("", fold_text(word))


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, or ``limit + 1`` as soon as it must exceed ``limit``."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _similarity(a: str, b: str) -> float:
    """``name_similarity`` of folded words; 0 where the lengths alone rule a match out."""
    if a == b:
        return 1.0 if a else 0.0
    longer = max(len(a), len(b))
    limit = int((1 - NAME_SIMILARITY) * longer + 1e-9)
    if not a or not b or abs(len(a) - len(b)) > limit:
        return 0.0
    if sum(c not in b for c in a) > limit:  # each letter b lacks costs an edit
        return 0.0
    return max(0.0, 1.0 - _edit_distance(a, b, limit) / longer)


def name_similarity(a: str, b: str) -> float:
    """1 - edit distance / longer length, on case- and accent-folded words."""
    return _similarity(_fold(a), _fold(b))


def _key(name: Sequence[str]) -> tuple[str, ...]:
    return tuple(_fold(token) for token in name)


def _given_agree(a: Sequence[str], b: Sequence[str]) -> bool:
    if not a or not b:
        return True
    return any(_similarity(x, y) >= NAME_SIMILARITY for x in a for y in b)


def _find_person(key: Sequence[str], keys: Sequence[tuple[str, ...]]) -> int | None:
    """The known name a folded name refers to: best surname match, given names agreeing."""
    best: tuple[float, int] | None = None
    for index, known in enumerate(keys):
        score = _similarity(key[-1], known[-1])
        if score < NAME_SIMILARITY or not _given_agree(key[:-1], known[:-1]):
            continue
        if best is None or score > best[0]:
            best = (score, index)
    return None if best is None else best[1]


def people_in(named: Iterable[Mention]) -> tuple[Person, ...]:
    """The people among a story's mentions, in order of first mention.

    Each gets its first full name and the first title before a name (else the first
    appositive role, "a professor at ..."); spellings and lone surnames are merged.
    """
    every = list(named)
    things = {m.tokens for m in every if m.after_the}  # "the Brightwater Dawn": a ship
    mentions = [m for m in every if _person_like(m) and m.tokens not in things]
    distinct = list(dict.fromkeys(m.tokens for m in mentions))
    names: list[tuple[str, ...]] = []
    keys: list[tuple[str, ...]] = []
    for full in (True, False):  # full names first, so a lone surname finds its full name
        for tokens in distinct:
            if (len(tokens) >= 2 or not full) and _find_person(_key(tokens), keys) is None:
                names.append(tokens)
                keys.append(_key(tokens))
    index_of = {tokens: _find_person(_key(tokens), keys) for tokens in distinct}
    titles: list[str | None] = [None] * len(names)
    roles: list[str | None] = [None] * len(names)
    for mention in mentions:
        index = index_of[mention.tokens]
        if index is not None:
            titles[index] = titles[index] or mention.title
            roles[index] = roles[index] or mention.appositive
    return tuple(
        Person(" ".join(name), title or role)
        for name, title, role in zip(names, titles, roles, strict=True)
    )


def people_index(persons: Sequence[Person]) -> People:
    """The story's people with their folded names, for ``known_in``."""
    return People(tuple(persons), tuple(_key(p.name.split()) for p in persons))


def known_in(mentions: Iterable[Mention], people: People) -> Known:
    """Each distinct name of an article resolved once to a known person (or None)."""
    known: dict[tuple[str, ...], Person | None] = {}
    for mention in mentions:
        if mention.tokens not in known:
            index = _find_person(_key(mention.tokens), people.keys)
            known[mention.tokens] = None if index is None else people.persons[index]
    return known
