"""The brief's names list: the people, places and organisations a story is about.

Mentions come from the one recogniser, ``names.name_spans``, run on each sentence;
spellings merge by ``names.same_name``.

1. Sentence-initial words are capitalised by grammar, not because they are names: a
   mention that opens a sentence (or a quotation) counts only when its first word is also
   seen capitalised mid-sentence and never in lower case in the story, or is an acronym
   ("Kuleba asked ..." and "NATO said ..." stay, "Police said ..." goes). A lone demonym
   ("Russian", "Chileans"), a lone title ("President") and a heading or dateline in
   capitals are no entity.
2. Each mention votes for a kind from cues: a title, "X said" and an age ("Tomas Reyne,
   34,") for a person; a short list of our own of countries and capitals, "in/at/near X"
   and geographic heads ("... Bridge", "Port ...") for a place; organisation heads
   ("Ministry", "Party", "University"), an acronym of at most ``MAX_ACRONYM`` letters or
   "the contractor X" for an organisation. Strong cues weigh ``STRONG_CUE``, context cues
   ``WEAK_CUE``; no cue at all gives "other".
3. Variant spellings merge: names of as many words, and a shorter name into a person's
   (or uncued) full name ("Kuleba", "Tayyip Erdogan" -> "Recep Tayyip Erdogan"; where
   several full names fit, the most mentioned wins) unless it is clearly no person (a
   listed place, an organisation head, an acronym).
4. Rank by the number of articles naming the entity, then mentions, then name.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from storyfuse.analyze.names import NameSpan, is_demonym, is_title_word, name_spans, same_name
from storyfuse.lexicon import (
    ORG_BEFORE,
    ORG_HEADS,
    PLACE_BEFORE,
    PLACE_HEADS,
    PLACE_PREFIXES,
    PLACES,
    SPEECH_VERBS,
    TITLES,
)
from storyfuse.text.corpus import Corpus

STRONG_CUE = 3  # a title, a listed country, an organisation head
WEAK_CUE = 1  # "in X", "X said"
ACRONYM_CUE = 2  # an all-capitals word not in the place list: AP, NATO, UNICEF
MAX_ACRONYM = 6  # letters; longer all-capitals words are datelines or shouting

KINDS = ("person", "place", "organisation", "other")

_LOWER_WORD_RE = re.compile(r"(?<![\w'’])[a-z][a-z'’]*")
_AGE_AFTER_RE = re.compile(r"^\s*,\s*\d{1,3}\s*[,.)]")
_WORD_RE = re.compile(r"[A-Za-z]+")
_ARTICLES = frozenset(("the", "a", "an"))


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, place or organisation the story names, with its spellings and sources."""

    name: str
    kind: str  # one of KINDS
    variants: tuple[str, ...]  # spellings seen, the canonical name first
    articles: tuple[str, ...]  # ids of the articles naming it, in corpus order
    mentions: int


# --- kinds ------------------------------------------------------------------------------


def _word_before(text: str, start: int) -> str:
    """The word before a name, past an article ("in the Southbank" -> "in")."""
    before = [w.casefold() for w in _WORD_RE.findall(text[:start])]
    while before and before[-1] in _ARTICLES:
        before.pop()
    return before[-1] if before else ""


def _word_after(text: str, end: int) -> str:
    after = _WORD_RE.findall(text[end:])
    return after[0].casefold() if after else ""


def cue_votes(text: str, span: NameSpan) -> tuple[int, int, int]:
    """(person, place, organisation) votes for one mention from its words and context."""
    person = place = org = 0
    parts = [w.casefold() for w in span.name.split()]
    before, after = _word_before(text, span.start), _word_after(text, span.end)
    if span.role or before in TITLES:
        person += STRONG_CUE
    if _AGE_AFTER_RE.match(text[span.end :]):
        person += STRONG_CUE
    if after in SPEECH_VERBS or (before in SPEECH_VERBS and len(parts) > 1):
        person += WEAK_CUE
    org_head = any(p in ORG_HEADS for p in parts[1:])
    if org_head or (len(parts) == 1 and parts[0] in ORG_HEADS):
        org += STRONG_CUE
    if span.name.casefold() in PLACES:
        place += STRONG_CUE
    elif not org_head and (parts[-1] in PLACE_HEADS or parts[0] in PLACE_PREFIXES):
        place += STRONG_CUE if len(parts) > 1 else 0
    if before in PLACE_BEFORE or after in PLACE_HEADS:
        place += WEAK_CUE
    if before in ORG_BEFORE:
        org += STRONG_CUE
    if is_acronym(span.name) and span.name.casefold() not in PLACES:
        org += ACRONYM_CUE
    return person, place, org


def is_acronym(name: str) -> bool:
    """'NATO', 'FBI', 'UNICEF'; not a dateline in capitals ('SANTIAGO')."""
    return name.isupper() and 1 < len(name) <= MAX_ACRONYM and " " not in name


def kind_of(votes: tuple[int, int, int]) -> str:
    """The kind with most votes ("person" wins ties, then "place"); "other" with none."""
    if max(votes) == 0:
        return "other"
    return KINDS[votes.index(max(votes))]


# --- the story's entities ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Mention:
    name: str
    article: int
    votes: tuple[int, int, int]


def _mentions(corpus: Corpus) -> list[_Mention]:
    """Every name mention; one opening a sentence is kept only when its first word is seen
    capitalised mid-sentence and never written in lower case elsewhere in the story, or is
    an acronym ("NATO said ...")."""
    spans = [(u, s) for u in corpus.units for s in name_spans(u.sentence.text)]
    inner = {w.casefold() for _, s in spans if not s.initial for w in s.name.split()}
    lower = {w for u in corpus.units for w in _LOWER_WORD_RE.findall(u.sentence.text)}
    out: list[_Mention] = []
    for unit, span in spans:
        first = span.name.split()[0]
        if any(len(w) > MAX_ACRONYM and w.isupper() for w in span.name.split()):
            continue  # a heading or dateline in capitals ("LEADERSHIP", "WOODLAND HILLS")
        if " " not in span.name and (is_demonym(span.name) or is_title_word(span.name)):
            continue  # "Russian", "Chileans": a people; "President": an office
        common = first.casefold() not in inner or first.casefold() in lower
        if span.initial and common and not first.isupper():  # an acronym is a name anywhere
            continue
        out.append(_Mention(span.name, unit.doc, cue_votes(unit.sentence.text, span)))
    return out


def _add(a: tuple[int, int, int], b: tuple[int, int, int]) -> tuple[int, int, int]:
    return a[0] + b[0], a[1] + b[1], a[2] + b[2]


def _may_be_surname(short: str, full: str, votes: dict[str, tuple[int, int, int]]) -> bool:
    """A shorter name may stand for the full name of a person (or of an uncued name) unless
    it is clearly no person: a listed place, a place or organisation head, an acronym
    ("Garzon" -> "Baltasar Garzon" even where "in Garzon's ..." voted for a place)."""
    last = short.split()[-1].casefold()
    clearly_not = short.casefold() in PLACES or last in ORG_HEADS or last in PLACE_HEADS
    return kind_of(votes[full]) in {"person", "other"} and not clearly_not and not is_acronym(short)


def _merge(
    names: Iterable[str], counts: Counter[str], votes: dict[str, tuple[int, int, int]]
) -> list[list[str]]:
    """Clusters of spellings, each led by its longest, most mentioned name."""
    clusters: list[list[str]] = []
    order = sorted(names, key=lambda n: (-len(n.split()), -counts[n], n))
    for name in order:
        fits = [
            c
            for c in clusters
            if same_name(name, c[0], allow_partial=_may_be_surname(name, c[0], votes))
        ]
        if fits:
            best = max(fits, key=lambda c: sum(counts[n] for n in c))
            best.append(name)
        else:
            clusters.append([name])
    return clusters


def rank_entities(corpus: Corpus, *, limit: int = 15) -> tuple[Entity, ...]:
    """The ``limit`` entities most widely named: by articles naming them, then mentions."""
    mentions = _mentions(corpus)
    counts: Counter[str] = Counter(m.name for m in mentions)
    votes: dict[str, tuple[int, int, int]] = {}
    docs: dict[str, set[int]] = {}
    for m in mentions:
        votes[m.name] = _add(votes.get(m.name, (0, 0, 0)), m.votes)
        docs.setdefault(m.name, set()).add(m.article)
    entities: list[Entity] = []
    for cluster in _merge(counts, counts, votes):
        total = (0, 0, 0)
        for n in cluster:
            total = _add(total, votes[n])
        in_docs = sorted(set().union(*(docs[n] for n in cluster)))
        full = [n for n in cluster if " " in n] or cluster
        name = max(full, key=lambda n: (counts[n], len(n.split()), n))  # most used full name
        variants = sorted(cluster, key=lambda n: (n != name, -counts[n], n))
        entities.append(
            Entity(
                name=name,
                kind=kind_of(total),
                variants=tuple(variants),
                articles=tuple(corpus.articles[d].id for d in in_docs),
                mentions=sum(counts[n] for n in cluster),
            )
        )
    entities.sort(key=lambda e: (-len(e.articles), -e.mentions, e.name))
    return tuple(entities[:limit])
