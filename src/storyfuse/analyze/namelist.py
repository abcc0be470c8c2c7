"""The brief's names list: the people, places and organisations a story is about.

Mentions come from the one recogniser, ``names.name_spans``, run on each sentence;
spellings merge by ``names.same_name``.

1. Sentence-initial words are capitalised by grammar, not because they are names: a
   mention that opens a sentence (or a quotation, or follows a dateline) counts only when
   its first word is also seen capitalised mid-sentence (a one-word name: alone or as the
   last word of a longer one, "Zelenskyy" but not "Homicide" of "Homicide Bureau") and
   never in lower case in the story, or is an acronym
   ("Kuleba asked ..." and "NATO said ..." stay, "Police said ..." goes). A lone demonym
   ("Russian", "Chileans"), a lone title ("President") and a heading or dateline in
   capitals are no entity.
2. Each mention votes for a kind from cues: a title, "X said", an age ("Tomas Reyne,
   34,") and what only follows a person ("X, who", "X and his", "X's wife") for a
   person; a short list of our own of countries and capitals, "in/at/near X" and
   geographic heads ("... Bridge", "Port ...") for a place; organisation heads
   ("Ministry", "Party", "University"), an acronym of at most ``MAX_ACRONYM`` letters or
   "the contractor X" for an organisation. Strong cues weigh ``STRONG_CUE``, context cues
   ``WEAK_CUE``; no cue at all gives "other". A name of two words whose surname the story
   also uses alone ("Jon Tester" ... "Tester") is a given name and a surname, a strong
   person cue, where no listed place or organisation head says otherwise.
3. Variant spellings merge: names of as many words, and a shorter name into a person's
   (or uncued) full name ("Kuleba", "Tayyip Erdogan" -> "Recep Tayyip Erdogan"; where
   several full names fit, the most mentioned wins) unless it is clearly no person (a
   listed place, an organisation head, an acronym).
4. Fragments of one longer name join it: an acronym its initials spell ("FAA",
   "Federal Aviation Administration"; a leading place may stand before: "U.S. National
   Aeronautics and Space Administration" is NASA), the head before "of" or a particle
   ("Transportation Safety Board" of Canada, "Cirque" du Soleil), and a name without its
   generation ("John Paul" II).
5. Not names of the story: a dateline and its credit ("ZURICH, Switzerland (AP) _": the
   word after it opens the sentence), a name used as the first half of a compound
   adjective ("Oscar-winning", "Comcast-owned"), an event ("World War II"), an
   abbreviation of a common noun ("TV", "DNA"), a group of people by faith, party or
   people ("Catholics", "Croats"), and a name said in only one sentence of the story (two
   mentions in one sentence, or copies of one sentence in syndicated reports, are said once).
6. Not the story's either, though named more than once: a place named only as where an
   organisation is ("a chemist at Harwick University in Norland"): its address, not a
   place the story happens in; a platform named only as where something was posted
   ("wrote on X", "a X post", "the X group"); and, in a story of several reports, a
   non-person named by one report only and in fewer than ``MIN_LONE_SOURCE_SENTENCES`` of
   its sentences (a rival, an outlet, a platform in passing). The people a report names are
   the story's witnesses and stay; organisations and places are the story's when several
   reports name them, or one report keeps coming back to them.
7. Rank by the number of articles naming the entity, then mentions, then name.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from storyfuse.analyze.nameindex import NameIndex
from storyfuse.analyze.names import (
    NameSpan,
    is_demonym,
    is_title_word,
    name_key,
    same_name,
    sentence_spans,
)
from storyfuse.lexicon import (
    ORG_BEFORE,
    ORG_HEADS,
    PARTICLES,
    PLACE_BEFORE,
    PLACE_HEADS,
    PLACE_PREFIXES,
    PLACES,
    SPEECH_VERBS,
    TITLES,
)
from storyfuse.text.candidates import is_page_prompt
from storyfuse.text.corpus import Corpus, Unit

STRONG_CUE = 3  # a title, a listed country, an organisation head
WEAK_CUE = 1  # "in X", "X said"
ACRONYM_CUE = 2  # an all-capitals word not in the place list: AP, NATO, UNICEF
MAX_ACRONYM = 6  # letters; longer all-capitals words are datelines or shouting

KINDS = ("person", "place", "organisation", "other")

_LOWER_WORD_RE = re.compile(r"(?<![\w'’])[a-z][a-z'’]*")
_AGE_AFTER_RE = re.compile(r"^\s*,\s*\d{1,3}\s*[,.)]")
# What follows only a person: "X, who ...", "X and his ...", "X's wife".
_PERSON_AFTER_RE = re.compile(
    r"(?:\s*,\s*who\b|\s+(?:and\s+)?(?:his|her)\s"
    r"|['’]s?\s+(?:wife|husband|son|sons|daughter|daughters|mother|father|brother|sister"
    r"|widow|parents|girlfriend|boyfriend|family)\b)"
)
_WORD_RE = re.compile(r"[A-Za-z]+")
_ARTICLES = frozenset(("the", "a", "an"))

MIN_MENTIONS = 2  # sentences: a name said once in the whole story is peripheral to it
# A non-person named by one report only is the story's when that report names it in at
# least this many of its sentences: a recurring subject of the report, not a passing one.
MIN_LONE_SOURCE_SENTENCES = 3
LOCATES_REACH = 60  # characters before a name read for the organisation it locates
# What a platform's name stands before when it is only where something was posted.
MEDIUM_NOUNS = frozenset(
    """post posts page pages group groups account accounts video videos feed message messages
    thread live user users followers channel""".split()
)
# Abbreviations of common nouns, written in capitals but naming no one ("reality TV"),
# and the interjection "OK".
COMMON_ACRONYMS = frozenset(
    "tv dna gmt utc edt est pdt pst ceo cfo coo agm cd dvd pc gps atm id iq ok".split()
)
# Groups of people by faith or party, and peoples whose plural the demonym rule's endings
# ("-ian", "-ese", "-ish") miss: like a people's name, no entity on their own.
GROUP_NOUNS = frozenset(
    """jew jews muslim muslims christian christians catholic catholics protestant protestants
    hindu hindus sikh sikhs buddhist buddhists nazi nazis communist communists socialist
    socialists democrat democrats republican republicans croat croats serb serbs bosniak
    bosniaks slovene slovenes kurd kurds turk turks greek greeks czech czechs slovak slovaks
    dane danes swede swedes finn finns thai thais uzbek uzbeks kazakh kazakhs tajik tajiks
    afghans pakistani pakistanis iraqi iraqis israelis somali somalis yemeni yemenis filipino
    filipinos gypsy gypsies""".split()
)
# A last word (past a generation: "World War II") that makes a name an event's.
EVENT_LAST_WORDS = frozenset(("war", "wars", "crisis", "conflict", "summit", "treaty"))
# Function words left out of a name's initials: "National Aeronautics and Space ..."
INITIALS_SKIP = frozenset(("of", "and", "the", "for", "&"))
# An opening dateline: a place in capitals with its region, an agency credit, a dash
# ("ZURICH, Switzerland (AP) _", "WASHINGTON _", "WOODLAND HILLS >>"), or a credit
# alone ("(CNN) Greg Gianforte ...").
_DATELINE_RE = re.compile(
    r"[ \t]*(?:[A-Z][A-Z.'’-]+(?:[ \t]+[A-Z][A-Z.'’-]+){0,3}"
    r"(?:,[ \t]+[A-Z][\w.'’]*(?:[ \t]+[A-Z][\w.'’]*){0,2})?[ \t]*"
    r"(?:\([A-Za-z][\w .&/-]{0,30}\)[ \t]*)?(?:_|—|–|--?|>>)"
    r"|\([A-Z][\w .&/-]{0,30}\)[ \t]*(?:_|—|–|--?)?)[ \t]*"
)
_GENERATION_RE = re.compile(r"[ \t]+(?:[IVX]{2,}|Jr\.?|Sr\.?)$")  # "John Paul II"
# What stands before a place that says where an organisation is: the organisation's last
# word, then "in", "at" or a comma ("... University in Norland", "Ferrow Bank, Port Alden").
_LOCATES_RE = re.compile(r"\b([A-Z][\w'’]*)\.?(?:[ \t]*,|[ \t]+(?:in|at))[ \t]+(?:the[ \t]+)?$")
# A region given to tell a place apart ("Buffalo, N.Y.", "Vancouver, B.C."): dotted
# letters after a capitalised word and a comma.
_DOTTED_REGION_RE = re.compile(r"(?:[A-Z][a-z]?\.){2,3}")
_AFTER_PLACE_RE = re.compile(r"\b[A-Z][\w'’.-]*,[ \t]+$")
# A medium: "posted on X", "via X" before the name, or "X post", "X group" after it.
_ON_RE = re.compile(r"\b(?:on|via)[ \t]+(?:the[ \t]+)?$")
_NOUN_AFTER_RE = re.compile(r"[ \t]+([a-z]+)")


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
    words: list[str] = _WORD_RE.findall(text, 0, start)
    for word in reversed(words):
        low = word.casefold()
        if low not in _ARTICLES:
            return low
    return ""


def _word_after(text: str, end: int) -> str:
    after = _WORD_RE.search(text, end)
    return after.group().casefold() if after else ""


def cue_votes(text: str, span: NameSpan) -> tuple[int, int, int]:
    """(person, place, organisation) votes for one mention from its words and context."""
    person = place = org = 0
    parts = [w.casefold() for w in span.name.split()]
    before, after = _word_before(text, span.start), _word_after(text, span.end)
    if span.role or before in TITLES:
        person += STRONG_CUE
    if _AGE_AFTER_RE.match(text[span.end :]):
        person += STRONG_CUE
    if _PERSON_AFTER_RE.match(text, span.end):
        person += WEAK_CUE
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
    sentence: str  # the sentence's normalised text: copies of one sentence are one
    aside: bool  # only where an organisation is ("University in Norland") or where
    # something was posted ("on X", "a X post"): not what the story is about


def dateline_end(text: str) -> int:
    """Where an opening dateline with its credit ends ("ZURICH, Switzerland (AP) _ "); 0
    where the text opens with none."""
    match = _DATELINE_RE.match(text)
    return match.end() if match else 0


def is_compound_modifier(text: str, span: NameSpan) -> bool:
    """A name as the first half of a compound adjective: "Oscar-winning", "Comcast-owned"."""
    rest = text[span.end : span.end + 2]
    return len(rest) == 2 and rest[0] == "-" and rest[1].islower()


def is_event_name(name: str) -> bool:
    """An event, not a person, place or organisation: "World War II", "the Balkan crisis"."""
    return _GENERATION_RE.sub("", name).split()[-1].casefold() in EVENT_LAST_WORDS


def is_medium(text: str, span: NameSpan) -> bool:
    """The name is where something was said or posted: "wrote on X", "via X", "a X
    post", "the X group" (a platform, not a party to the story)."""
    if _ON_RE.search(text[max(0, span.start - LOCATES_REACH) : span.start]):
        return True
    after = _NOUN_AFTER_RE.match(text, span.end)
    return after is not None and after.group(1) in MEDIUM_NOUNS


def locates_organisation(text: str, span: NameSpan) -> bool:
    """The name follows an organisation's name and "in", "at" or a comma: it is where the
    organisation is ("Harwick University in Norland"), not what it does."""
    match = _LOCATES_RE.search(text[max(0, span.start - LOCATES_REACH) : span.start])
    return match is not None and match.group(1).casefold() in ORG_HEADS


def locates_place(text: str, span: NameSpan) -> bool:
    """A dotted region abbreviation after a place and a comma ("Buffalo, N.Y.", "Vancouver,
    B.C."): which place of that name is meant, not a place the story names of its own."""
    if not _DOTTED_REGION_RE.fullmatch(span.name):
        return False
    return _AFTER_PLACE_RE.search(text, 0, span.start) is not None


def _not_an_entity(text: str, span: NameSpan) -> bool:
    words = span.name.split()
    if any(len(w) > MAX_ACRONYM and w.isupper() for w in words):
        return True  # a heading or dateline in capitals ("LEADERSHIP", "WOODLAND HILLS")
    if len(words) == 1 and (is_demonym(span.name) or is_title_word(span.name)):
        return True  # "Russian", "Chileans": a people; "President": an office
    if len(words) == 1 and span.name.casefold() in COMMON_ACRONYMS | GROUP_NOUNS:
        return True  # "TV", "DNA"; "Catholics", "Democrats"
    return is_compound_modifier(text, span) or is_event_name(span.name)


def _mentions(corpus: Corpus, names: Sequence[Sequence[NameSpan]]) -> list[_Mention]:
    """Every name mention outside datelines; one opening a sentence (or following its
    dateline) is kept only when its first word is seen capitalised mid-sentence and never
    written in lower case elsewhere in the story, or is an acronym ("NATO said ...")."""
    spans: list[tuple[Unit, NameSpan, bool]] = []
    for unit, unit_names in zip(corpus.units, names, strict=True):
        text = unit.sentence.text
        if unit_names and is_page_prompt(text):
            continue  # "Add X as an interest to stay up to date ...": the page, not the story
        lead = dateline_end(text)
        for span in unit_names:
            if span.start < lead:
                continue  # "ZURICH, Switzerland (AP)": where the report was filed, by whom
            initial = span.initial or (lead > 0 and span.start == lead)
            spans.append((unit, span, initial))
    inner = {w.casefold() for _, s, initial in spans if not initial for w in s.name.split()}
    alone = {s.name.split()[-1].casefold() for _, s, initial in spans if not initial}
    lower = {w for u in corpus.units for w in _LOWER_WORD_RE.findall(u.sentence.text)}
    out: list[_Mention] = []
    for unit, span, initial in spans:
        if _not_an_entity(unit.sentence.text, span):
            continue
        first = span.name.split()[0]
        seen = alone if " " not in span.name else inner  # "Homicide" not as in "... Bureau"
        common = first.casefold() not in seen or first.casefold() in lower
        if initial and common and not first.isupper():  # an acronym is a name anywhere
            continue
        text = unit.sentence.text
        out.append(
            _Mention(
                span.name,
                unit.doc,
                cue_votes(text, span),
                unit.key,
                locates_organisation(text, span)
                or is_medium(text, span)
                or locates_place(text, span),
            )
        )
    return out


def _add(a: tuple[int, int, int], b: tuple[int, int, int]) -> tuple[int, int, int]:
    return a[0] + b[0], a[1] + b[1], a[2] + b[2]


def _may_be_surname(short: str, full: str, votes: dict[str, tuple[int, int, int]]) -> bool:
    """A shorter name may stand for the full name of a person (or of an uncued name) unless
    it is clearly no person: a listed place, a place or organisation head, an acronym
    ("Garzon" -> "Baltasar Garzon" even where "in Garzon's ..." voted for a place)."""
    last = short.split()[-1].casefold()
    clearly_not = short.casefold() in PLACES or last in ORG_HEADS or last in PLACE_HEADS
    personal = kind_of(votes[full]) in {"person", "other"} or kind_of(votes[short]) == "person"
    return personal and not clearly_not and not is_acronym(short)


def _generation_free(name: str) -> str:
    """A name without its generation: "John Paul II" -> "John Paul"."""
    return _GENERATION_RE.sub("", name) or name


def initials(name: str) -> str:
    """The capitals a name's words open with, function words left out ("FAA")."""
    words = [w for w in name.replace("-", " ").split() if w.casefold() not in INITIALS_SKIP]
    return "".join(w[0] for w in words if w[:1].isupper())


def _heads(name: str, person: bool) -> list[str]:
    """Shorter names a longer one stands for: its initials (with and without a leading
    place), its head before "of" or, unless it is a person's ("Ben" van Beurden), a
    particle ("Transportation Safety Board" of Canada, "Cirque" du Soleil)."""
    words = name.split()
    out: list[str] = []
    if len(words) > 1:
        out.append(initials(name))
        if words[0].casefold() in PLACES or "." in words[0]:  # "U.S. National ..."
            out.append(initials(" ".join(words[1:])))
    for i, word in enumerate(words[1:], 1):
        if (word == "of" and i >= 2) or (word in PARTICLES and not person):
            out.append(" ".join(words[:i]))
            break
    return [h for h in out if h and h != name]


def _join_fragments(
    clusters: list[list[str]], counts: Counter[str], votes: dict[str, tuple[int, int, int]]
) -> list[list[str]]:
    """Clusters whose lead is an acronym or a head of another's longer name join it."""
    weight = {id(c): sum(counts[n] for n in c) for c in clusters}
    longer: dict[str, list[list[str]]] = {}
    for cluster in clusters:
        for name in cluster:
            for head in _heads(name, kind_of(votes[name]) == "person"):
                longer.setdefault(head, []).append(cluster)
    kept: list[list[str]] = []
    for cluster in clusters:
        lead = cluster[0]
        hosts = [c for c in longer.get(lead, []) if c is not cluster]
        if not hosts:
            kept.append(cluster)
            continue
        max(hosts, key=lambda c: weight[id(c)]).extend(cluster)
    return kept


def _merge(
    names: Iterable[str], counts: Counter[str], votes: dict[str, tuple[int, int, int]]
) -> list[list[str]]:
    """Clusters of spellings, each led by its longest, most mentioned name.

    A name meets only the clusters whose lead ``NameIndex`` offers (its last word alike
    the name's), in the order they were made: the same clusters as against every lead.
    """
    clusters: list[list[str]] = []
    leads = NameIndex()  # clusters[i] is led by the i-th name added
    order = sorted(names, key=lambda n: (-len(n.split()), -counts[n], n))
    for name in order:
        bare = _generation_free(name)
        fits = [
            c
            for c in (clusters[i] for i in leads.candidates(name_key(bare)))
            if same_name(
                bare, _generation_free(c[0]), allow_partial=_may_be_surname(name, c[0], votes)
            )
        ]
        if fits:
            best = max(fits, key=lambda c: sum(counts[n] for n in c))
            best.append(name)
        else:
            clusters.append([name])
            leads.add(name_key(bare))
    return _join_given_names(_join_fragments(clusters, counts, votes), votes)


def _join_given_names(
    clusters: list[list[str]], votes: dict[str, tuple[int, int, int]]
) -> list[list[str]]:
    """A lone word that is the given name of exactly one person of the story (a name with
    more votes for a person than for anything else), and nobody's surname, joins that
    person ("Autumn" ... "Autumn Veatch": the article calls the teenager by her given
    name to tell her from her father); not a listed place, an organisation's or a
    place's head, an acronym, or a name cued as a place or an organisation."""
    firsts: dict[str, list[int]] = {}
    surnames: set[str] = set()  # last words of names of two words or more
    for i, cluster in enumerate(clusters):
        words = cluster[0].split()
        if len(words) >= 2:  # "Occupy" of "Occupy LA" and "Occupy Philadelphia": its own
            firsts.setdefault(words[0], []).append(i)
        surnames.update(n.split()[-1] for n in cluster if " " in n)
    joined: set[int] = set()
    for i, cluster in enumerate(clusters):
        word = cluster[0]
        owners = firsts.get(word, [])
        low = word.casefold()
        if " " in word or len(owners) != 1 or any(n in surnames for n in cluster):
            continue
        if kind_of(_total(clusters[owners[0]], votes)) != "person":
            continue
        if low in PLACES or low in ORG_HEADS or low in PLACE_HEADS or is_acronym(word):
            continue
        if kind_of(_total(cluster, votes)) not in {"person", "other"}:
            continue
        clusters[owners[0]].extend(cluster)
        joined.add(i)
    return [c for i, c in enumerate(clusters) if i not in joined]


def _total(cluster: Sequence[str], votes: dict[str, tuple[int, int, int]]) -> tuple[int, int, int]:
    total = (0, 0, 0)
    for n in cluster:
        total = _add(total, votes[n])
    return total


def _surname_cue(cluster: Sequence[str], lead: str, alone: set[str]) -> int:
    """A person vote for a given name and a surname the story also uses alone ("Jon
    Tester" ... "Tester"): unless a word is a listed place, a title, a people, a head of a
    place or an organisation, or the first word is a name of its own ("Occupy" of "Occupy
    Philadelphia")."""
    words = lead.split()
    if len(words) != 2 or words[1] not in cluster:
        return 0
    first, last = (w.casefold() for w in words)
    if words[0].isupper() or first in alone or first in PLACE_PREFIXES:
        return 0
    if any(w in PLACES or w in ORG_HEADS or w in PLACE_HEADS for w in (first, last)):
        return 0
    if is_title_word(words[0]) or is_demonym(words[0]) or first in GROUP_NOUNS:
        return 0
    return STRONG_CUE


def _peripheral(
    kind: str, in_docs: int, sentences: int, aside: bool, *, stories: int, lone: int
) -> bool:
    """Named, but not the story's (rule 6): a non-person only ever named aside (an
    organisation's address, a platform things were posted on), or one report of several
    names in fewer than ``lone`` of its sentences."""
    if kind == "person":
        return False
    return aside or (stories > 1 and in_docs == 1 and sentences < lone)


def rank_entities(
    corpus: Corpus,
    *,
    limit: int = 15,
    min_mentions: int = MIN_MENTIONS,
    min_lone_sentences: int = MIN_LONE_SOURCE_SENTENCES,
    spans: Sequence[Sequence[NameSpan]] | None = None,
) -> tuple[Entity, ...]:
    """The ``limit`` entities most widely named (by articles naming them, then mentions),
    each said in at least ``min_mentions`` distinct sentences of the story and none of them
    peripheral (rule 6; ``min_lone_sentences``: the sentences a non-person named by one
    report of several needs); ``spans``: the names of each sentence
    (``names.sentence_spans``) where already read."""
    mentions = _mentions(corpus, sentence_spans(corpus) if spans is None else spans)
    counts: Counter[str] = Counter(m.name for m in mentions)
    votes: dict[str, tuple[int, int, int]] = {}
    docs: dict[str, set[int]] = {}
    sentences: dict[str, set[str]] = {}
    elsewhere: set[str] = set()  # names seen once for themselves, not aside
    for m in mentions:
        votes[m.name] = _add(votes.get(m.name, (0, 0, 0)), m.votes)
        docs.setdefault(m.name, set()).add(m.article)
        sentences.setdefault(m.name, set()).add(m.sentence)
        if not m.aside:
            elsewhere.add(m.name)
    alone = {n.casefold() for n in counts if " " not in n}
    entities: list[Entity] = []
    for cluster in _merge(counts, counts, votes):
        total = _total(cluster, votes)
        if max(total[1:]) < STRONG_CUE:  # no listed place, no organisation head
            alone_here = alone - {n.casefold() for n in cluster}
            total = _add(total, (_surname_cue(cluster, cluster[0], alone_here), 0, 0))
        in_docs = sorted(set().union(*(docs[n] for n in cluster)))
        said = len(set().union(*(sentences[n] for n in cluster)))
        kind = kind_of(total)
        aside = not any(n in elsewhere for n in cluster)
        if said < min_mentions or _peripheral(
            kind,
            len(in_docs),
            said,
            aside,
            stories=corpus.n_docs,
            lone=min_lone_sentences,
        ):
            continue
        full = [n for n in cluster if " " in n] or cluster
        name = max(full, key=lambda n: (counts[n], len(n.split()), n))  # most used full name
        variants = sorted(cluster, key=lambda n: (n != name, -counts[n], n))
        entities.append(
            Entity(
                name=name,
                kind=kind,
                variants=tuple(variants),
                articles=tuple(corpus.articles[d].id for d in in_docs),
                mentions=sum(counts[n] for n in cluster),
            )
        )
    entities.sort(key=lambda e: (-len(e.articles), -e.mentions, e.name))
    return tuple(entities[:limit])
