"""The names a story is about: people, places and organisations, with their variant spellings.

Stages, each a small function:

1. ``name_spans``: runs of capitalised words in a sentence ("Recep Tayyip Erdogan",
   "Port Alden Chamber of Commerce", "U.S."). A run breaks at punctuation, a possessive
   ("Istanbul’s Kadir Has University", but "St Brannoch's Hospital" stays whole) and a
   hyphen ("Russia-Ukraine"); "of" joins two runs only after an organisation head or a
   title ("Chamber of Commerce"), particles always ("Osama bin Laden"). Edge function
   words ("The"), months and weekdays are dropped, and so is a lone demonym ("Russian",
   "Chileans"). A run holding a title ("Turkish President Recep Tayyip Erdogan",
   "Mr Kuleba", "FM Lavrov") yields the name after the title and keeps the title as its
   role; a listed place before the title is a name too ("Kyiv Mayor").
2. Sentence-initial words are capitalised by grammar, not because they are names: a run
   that opens a sentence (or a quotation) is kept only when its first word is also seen
   capitalised mid-sentence and never in lower case in the story, or is an acronym
   ("Kuleba asked ..." and "NATO said ..." stay, "Reportedly, ..." and "Police said ..."
   go).
3. Each mention votes for a kind from cues: a title, "X said" and an age ("Tomas Reyne,
   34,") for a person; a short list of our own of countries and capitals, "in/at/near X"
   and geographic heads ("... Bridge", "Port ...") for a place; heads such as "Ministry",
   "Agency", "Party", "Council", "University", "Board", an acronym of at most
   ``MAX_ACRONYM`` letters, or "the contractor X" for an organisation. Strong cues weigh
   ``STRONG_CUE``, context cues ``WEAK_CUE``; no cue at all gives "other".
4. Variant spellings merge (``same_name``): names of as many words whose words match
   pairwise with rapidfuzz ratio >= ``NAME_SIMILARITY`` ("Zelensky"/"Zelenskyy",
   "Dmytro"/"Dymytro Kuleba"), and a shorter name matching the last words of a person's
   (or uncued) full name ("Kuleba", "Tayyip Erdogan" -> "Recep Tayyip Erdogan"; where
   several full names fit, the most mentioned wins) unless it is clearly no person (a
   listed place, an organisation head).
5. Rank by the number of articles naming the entity, then mentions, then name.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from storyfuse.text.corpus import Corpus
from storyfuse.text.textstats import STOPWORDS

NAME_SIMILARITY = 90.0  # rapidfuzz ratio (0-100) for two spellings of one word of a name
STRONG_CUE = 3  # a title, a listed country, an organisation head
WEAK_CUE = 1  # "in X", "X said", an acronym
ACRONYM_CUE = 2  # an all-capitals word not in the place list: AP, NATO, UNICEF
CONTEXT_WORDS = 2  # words before / after a name searched for cues
MAX_NAME_WORDS = 6
MAX_ACRONYM = 6  # letters; longer all-capitals words are datelines or shouting

KINDS = ("person", "place", "organisation", "other")

_TOKEN_RE = re.compile(r"(?:[A-Z]\.){2,}|[^\W_][\w'’]*|[^\w\s]")  # "U.S." is one token
_DEMONYM_RE = re.compile(r"[A-Z][a-z]{2,}(?:ian|ean|ese|ish)s?")  # "Chilean", "Chinese"
_LOWER_WORD_RE = re.compile(r"(?<![\w'’])[a-z][a-z'’]*")
_POSSESSIVE_RE = re.compile(r"['’]s?$")
_AGE_AFTER_RE = re.compile(r"^\s*,\s*\d{1,3}\s*[,.)]")
_WORD_RE = re.compile(r"[A-Za-z]+")
_ARTICLES = frozenset(("the", "a", "an"))
_QUOTE_OPENERS = frozenset("\"“‘'(:—–[")

_WORDS = str.split  # word lists below read best as one string

MONTHS = frozenset(
    _WORDS(
        "january february march april may june july august september october november december "
        "jan feb mar apr jun jul aug sep sept oct nov dec"
    )
)
WEEKDAYS = frozenset(
    _WORDS("monday tuesday wednesday thursday friday saturday sunday today yesterday tonight")
)
# Capitalised words that are never a name on their own, wherever they stand.
NOT_NAMES = frozenset(
    _WORDS("also read more related photo video update updated breaking live watch listen share god")
)
TITLES = frozenset(
    _WORDS(
        "president minister prime mayor secretary chancellor governor senator ambassador chief "
        "inspector superintendent commissioner director spokesman spokeswoman spokesperson "
        "professor judge king queen prince princess pope sheikh captain sergeant officer master "
        "mr mrs ms dr sir dame lord lady fm pm gen col lt rep sen premier leader chairman "
        "chairwoman chair ceo detective constable cmdr sgt capt gov det insp supt"
    )
)
# Words that qualify a title ("Foreign Minister", "Regional Transport Minister").
OFFICE_WORDS = frozenset(
    _WORDS(
        "foreign prime deputy vice defence defense interior finance health home chief senior "
        "first general acting former regional transport state federal national executive "
        "assistant press fire harbour harbor police"
    )
)
# Office words that do not say whose office it is: "Foreign Minister" of which country?
GENERIC_OFFICE = frozenset(
    _WORDS(
        "foreign prime deputy vice chief senior first general acting executive assistant press "
        "state federal national defense defence finance interior health justice education trade "
        "economy energy agriculture labor labour culture environment security intelligence"
    )
)
ORG_HEADS = frozenset(
    _WORDS(
        "ministry agency bureau party council inc ltd llc plc corp corporation company co group "
        "university college school institute board chamber lines airlines airways bank fund "
        "organization organisation union association authority commission committee department "
        "office service services police court army navy forces times news post herald courier "
        "ledger wire radio television tv network foundation trust society club federation "
        "alliance church hospital parliament congress senate assembly cabinet government"
    )
)
ORG_BEFORE = frozenset(
    _WORDS("agency company firm contractor operator group outlet broadcaster newspaper insurer")
)
# Lower-case words inside a name: "Osama bin Laden", "Luiz Inacio Lula da Silva".
PARTICLES = frozenset(_WORDS("bin ibn al el van von der den de da del della di du la le dos das"))
PLACE_HEADS = frozenset(
    _WORDS(
        "bridge street road avenue quay sea ocean river estuary bay harbour harbor city province "
        "state county district island islands mountains valley square tunnel airport station park "
        "plaza "
        "gulf lake coast peninsula region"
    )
)
PLACE_PREFIXES = frozenset(_WORDS("port mount lake fort cape saint st new north south east west"))
# "from"/"to" precede people as often as places ("according to", "a call from").
PLACE_BEFORE = frozenset(_WORDS("in at near into across outside towards toward"))
PERSON_VERBS = frozenset(_WORDS("said says told added asked stated tweeted wrote warned"))
# A short list of our own: countries and capitals a news story is likely to name.
PLACES = frozenset(
    _WORDS(
        "afghanistan albania algeria argentina armenia australia austria azerbaijan bangladesh "
        "belarus belgium bolivia bosnia brazil bulgaria cambodia cameroon canada chile china "
        "colombia croatia cuba cyprus czechia denmark ecuador egypt england estonia ethiopia "
        "europe africa asia america britain finland france georgia germany ghana greece hungary "
        "haiti india indonesia iran iraq ireland israel italy japan jordan kazakhstan kenya korea "
        "kosovo kuwait latvia lebanon libya lithuania mali mexico moldova mongolia morocco "
        "myanmar nepal netherlands nigeria norway pakistan palestine gaza peru philippines poland "
        "portugal qatar romania russia rwanda scotland serbia slovakia slovenia somalia spain "
        "sudan sweden switzerland syria taiwan thailand tunisia turkey uganda ukraine uk us usa "
        "venezuela vietnam wales yemen zimbabwe crimea donbas kyiv kiev moscow ankara istanbul "
        "beijing london paris berlin washington brussels tokyo delhi minsk warsaw rome madrid "
        "jerusalem tehran baghdad damascus cairo mariupol kharkiv odesa sumy"
    )
) | frozenset(
    (
        "united states",
        "united kingdom",
        "new york",
        "new delhi",
        "saudi arabia",
        "south africa",
        "north korea",
        "south korea",
        "hong kong",
        "sri lanka",
        "black sea",
        "u.s.",
        "u.k.",
    )
)
DEMONYMS = frozenset(
    _WORDS(
        "russian russians ukrainian ukrainians turkish israeli british american chinese french "
        "german italian japanese indian iranian syrian polish european african western eastern "
        "northern southern soviet belarusian english scottish welsh irish canadian australian "
        "spaniards saudis arab arabs islamic americans kenyan tanzanian afghan"
    )
)


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, place or organisation the story names, with its spellings and sources."""

    name: str
    kind: str  # one of KINDS
    variants: tuple[str, ...]  # spellings seen, the canonical name first
    articles: tuple[str, ...]  # ids of the articles naming it, in corpus order
    mentions: int


@dataclass(frozen=True, slots=True)
class NameSpan:
    """One name in a sentence: its text, offsets, whether it opens the sentence, its role."""

    name: str
    start: int
    end: int
    initial: bool
    role: str  # the title words before a titled name ("Turkish Foreign Minister"), else ""


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    start: int
    end: int


def _tokens(text: str) -> list[_Token]:
    return [_Token(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]


def _bare(word: str) -> str:
    return _POSSESSIVE_RE.sub("", word)


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper() and word[:1].isalpha()


def _is_excluded(word: str) -> bool:
    low = _bare(word).casefold().rstrip(".").replace("’", "'")
    return low in STOPWORDS or low in MONTHS or low in WEEKDAYS or low in NOT_NAMES


def _opens(prev: _Token | None) -> bool:
    """True where grammar capitalises the word: sentence start, after a quote or colon."""
    if prev is None:
        return True
    return prev.text in _QUOTE_OPENERS or prev.text in {".", "!", "?"}


def _possessive_joins(nxt: _Token | None) -> bool:
    """A possessive inside one name: "St Brannoch's Hospital", "Children's Fund"."""
    if nxt is None or not _is_capitalised(nxt.text):
        return False
    word = _bare(nxt.text).casefold()
    return word in ORG_HEADS or word in PLACE_HEADS


def _runs(text: str) -> list[list[tuple[_Token, bool]]]:
    """Runs of capitalised tokens (with whether each run opens a sentence or quote)."""
    toks = _tokens(text)
    runs: list[list[tuple[_Token, bool]]] = []
    current: list[tuple[_Token, bool]] = []
    for i, tok in enumerate(toks):
        prev = toks[i - 1] if i else None
        gap = text[prev.end : tok.start] if prev else ""
        joined = bool(current) and prev is not None and gap.strip() == "" and "\n" not in gap
        if _is_capitalised(tok.text):
            if current and not joined:
                runs.append(current)
                current = []
            current.append((tok, not current and _opens(prev)))
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            if _bare(tok.text) != tok.text and not _possessive_joins(nxt):
                runs.append(current)  # a possessive ends the name
                current = []
            continue
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        before_name = nxt is not None and _is_capitalised(nxt.text)
        last = _bare(current[-1][0].text).casefold() if current else ""
        of_name = tok.text == "of" and (last in ORG_HEADS or last in TITLES)
        if joined and before_name and (tok.text in PARTICLES or of_name):
            current.append((tok, False))  # "Lula da Silva", "Chamber of Commerce"
            continue
        if not current and before_name and tok.text in PARTICLES:
            current.append((tok, False))  # "bin Laden"
            continue
        if current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _clean_run(words: Sequence[str]) -> tuple[int, int, int]:
    """Where the name lies in a run: ``(role_start, name_start, end)`` word indices.

    Edge function words are dropped; a title splits the run into the
    role before the name ("Turkish Foreign Minister") and the name after it.
    """
    low = [_bare(w).casefold().rstrip(".") for w in words]
    lo, hi = 0, len(words)
    while lo < hi and _is_excluded(words[lo]):
        lo += 1
    while hi > lo and (_is_excluded(words[hi - 1]) or low[hi - 1] == "of"):
        hi -= 1
    titled = [i for i in range(lo, hi) if low[i] in TITLES]
    if not titled:
        return lo, lo, hi
    cut = hi
    while cut > titled[-1] + 1 and low[cut - 1] not in OFFICE_WORDS and low[cut - 1] != "of":
        cut -= 1
    return lo, cut, hi


def name_spans(text: str) -> list[NameSpan]:
    """The names in one sentence, with their offsets and any title before them."""
    out: list[NameSpan] = []
    for run in _runs(text):
        toks = [t for t, _ in run]
        initial = run[0][1]
        lo, start, end = _clean_run([t.text for t in toks])
        role = " ".join(t.text for t in toks[lo:start])
        if role and toks[lo].text.casefold() in PLACES:  # "Kyiv Mayor", "Turkey President"
            out.append(NameSpan(toks[lo].text, toks[lo].start, toks[lo].end, initial, ""))
            initial = False
        names = [t.text for t in toks[start:end]]
        if not names or len(names) > MAX_NAME_WORDS:
            continue
        names[-1] = _bare(names[-1])
        if len(names) == 1 and _is_demonym(names[0]):  # "Chilean", "Spaniards"
            continue
        opens = initial and start == 0
        name = " ".join(names)
        out.append(NameSpan(name, toks[start].start, toks[start].start + len(name), opens, role))
    return out


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
    if after in PERSON_VERBS or (before in PERSON_VERBS and len(parts) > 1):
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
    if _is_acronym(span.name) and span.name.casefold() not in PLACES:
        org += ACRONYM_CUE
    return person, place, org


def _is_acronym(name: str) -> bool:
    """'NATO', 'FBI', 'UNICEF'; not a dateline in capitals ('SANTIAGO')."""
    return name.isupper() and 1 < len(name) <= MAX_ACRONYM and " " not in name


def _is_demonym(word: str) -> bool:
    return word.casefold() in DEMONYMS or bool(_DEMONYM_RE.fullmatch(word))


def kind_of(votes: tuple[int, int, int]) -> str:
    """The kind with most votes ("person" wins ties, then "place"); "other" with none."""
    if max(votes) == 0:
        return "other"
    return KINDS[votes.index(max(votes))]


def _words_match(a: Sequence[str], b: Sequence[str], similarity: float) -> bool:
    return all(fuzz.ratio(x, y) >= similarity for x, y in zip(a, b, strict=True))


def same_name(
    a: str, b: str, *, allow_partial: bool = True, similarity: float = NAME_SIMILARITY
) -> bool:
    """Whether two names can denote one entity: the same words spelled alike (rapidfuzz
    ratio >= ``similarity`` word by word), or (where ``allow_partial``) the shorter matching
    the last words of the longer ("Kuleba", "Tayyip Erdogan" against "Recep Tayyip Erdogan")."""
    ta, tb = a.casefold().split(), b.casefold().split()
    if not ta or not tb:
        return False
    if len(ta) == len(tb):
        return _words_match(ta, tb, similarity)
    if not allow_partial:
        return False
    short, long_ = (ta, tb) if len(ta) < len(tb) else (tb, ta)
    return _words_match(short, long_[-len(short) :], similarity)


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
    return (
        kind_of(votes[full]) in {"person", "other"} and not clearly_not and not _is_acronym(short)
    )


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
