"""Key quotes of a story: the direct quotations, who said them, and which reports carry them.

``extract_quotes(corpus)`` -> ``tuple[Quote, ...]``, ranked by the number of reports that
carry a quote, then by how early it comes in its article. Per article, then across them:

1. Marks. Straight ``"``, curly ``“ ”`` and newswire marks (two backticks ... two
   apostrophes) are classed as opening or closing by the characters around them (a stray
   ``“`` glued to a word's end closes). Marks pair up inside a line; a closing mark with
   nothing open is dropped. Single quotation marks are not read (apostrophes).
2. Pieces. A quotation may span sentences of its line. One left open at the end of a line
   continues when the next line reopens with a mark (the newswire convention); otherwise
   it ends with the line. Pieces shorter than ``min_words`` without punctuation of their
   own inside the marks are scare quotes (``a “step forward”``), not quotations.
3. People. Capitalised names outside quotations, with a title before them (``Turkish
   President Recep Tayyip Erdogan``, ``Kyiv Mayor, Vitali Klitschko``, ``foreign minister
   Sergei Lavrov``), an honorific (``Mr Lavrov``) or an appositive (``Mustafa Aydin, a
   professor at ...``). A full name is a person unless a word marks an organisation or a
   place (``Kestrel Harbour Bridge``) or it follows "the". Spellings are one person when
   surnames are within ``NAME_SIMILARITY`` and given names agree (Dmytro/Dymytro Kuleba,
   Zelensky/Zelenskyy, Tayyip/Recep Tayyip Erdogan); a lone surname (``Lavrov said``)
   maps to the full name seen anywhere in the story. The first full name is canonical.
4. Attribution, read in the sentences carrying a piece with all quotations blanked out:
   ``Al Jazeera quoted X as saying`` first; then ``X said`` / ``X, who ..., said`` /
   ``"...," said X`` / ``he told``; then a person right after ``,"`` (``"...," Kuleba made
   the announcement``); then ``according to X``. Within a tier a person beats an
   organisation, then the expression nearest the piece wins. ``he``/``she`` go to a person
   named earlier in the sentence, else to the speaker (or, failing that, the first
   person) of the ``PRONOUN_LOOKBACK`` sentences before. Organisations speak only when
   the text says so (``Halvard Lines said``, not ``prosecutors in Manhattan said``);
   ``according to`` and the bare name after a quotation need a person.
5. Groups. Consecutive pieces of a paragraph are one quotation when the later one has no
   attribution of its own or they share a sentence (``"A," he said. "B."``).
6. Merge. Quotations whose normalised words are equal, contain one another or are
   ``QUOTE_SIMILARITY`` alike, and whose speakers do not differ, become one ``Quote``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import NamedTuple

from storyfuse.segment import SENTENCE_STARTERS
from storyfuse.summarizers.corpus import Corpus
from storyfuse.types import Article, Sentence

MIN_QUOTE_WORDS = 5  # shorter quotations are scare quotes or labels
NAME_SIMILARITY = 0.8  # 1 - edit distance / longer length: Zelensky~Zelenskyy 0.89
QUOTE_SIMILARITY = 0.9  # difflib ratio of word sequences: one word in ten may differ
MIN_CONTAINED_WORDS = 5  # a quotation inside another's words is the same one from here
PRONOUN_LOOKBACK = 3  # sentences searched back for the person a pronoun means
MAX_APPOSITIVE_CHARS = 120  # "X, who has ... crisis, said"
TITLE_WORD_LETTERS = 4  # a quoted title capitalises every word this long ("of", "the" not)
MASK = "\x00"  # stands in for quoted characters while attributions are read
# Attribution tiers, best first.
TIER_QUOTED_AS, TIER_SPEECH, TIER_ADJACENT, TIER_ACCORDING = range(4)

SPEECH_VERBS = """said says say told tells added adds tweeted tweets wrote writes asked asks
stated states noted notes explained explains warned warns insisted insists confirmed
confirms declared declares announced announces stressed stresses argued argues continued
replied replies responded urged urges recalled recalls admitted acknowledged emphasised
emphasized posted commented remarked cautioned conceded claimed claims vowed pledged""".split()
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

_LINE_RE = re.compile(r"[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+")
_MARK_RE = re.compile(r"``|''|[\"“”„]")
ALWAYS_OPEN, ALWAYS_CLOSE = frozenset(["“", "„", "``"]), frozenset(["”", "''"])
OPEN_CONTEXT = "([{—–-/"
ATTRIBUTIVE_ENDINGS = ",?!—–-"  # a piece ending so hands on to the words after it

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
_VERB = rf"(?:{'|'.join(SPEECH_VERBS)})\b"
_AUX = r"(?:also|later|then|has|had|have|again|previously|earlier|repeatedly|separately)"
_AFTER_SPEAKER_RE = re.compile(
    rf"(?:,[^,{MASK}\n]{{1,{MAX_APPOSITIVE_CHARS}}},|,)?\s+(?:{_AUX}\s+){{0,2}}"
    rf"(?:(?:in|on|at|via)\s+[^,{MASK}.\n]{{1,30}}?\s+)?{_VERB}"
)
_BEFORE_SPEAKER_RE = re.compile(rf"(?:{MASK}|,)\s*{_VERB}\s+$")
_PREPOSITION_RE = re.compile(r"\b(?:of|in|at|from|for|on|with|by|to|near|downtown)\s+$")
_QUOTED_AS_BEFORE_RE = re.compile(r"\b(?:quoted|cited)\s+$")
_QUOTED_AS_AFTER_RE = re.compile(r"\s+as\s+say")
_ACCORDING_RE = re.compile(r"\baccording\s+to\s+$", re.IGNORECASE)
_ADJACENT_RE = re.compile(rf"{MASK}\s*$")
_PRONOUN_RE = re.compile(
    rf"\b(?P<p>[Hh]e|[Ss]he)\s+(?:{_AUX}\s+){{0,2}}{_VERB}|(?:{MASK}|,)\s*{_VERB}\s+(?P<q>he|she)\b"
)
_APPOSITIVE_RE = re.compile(
    rf",{_SP}(?P<det>(?:a|an|the){_SP}|[{_UP}][\w]*['’]s{_SP})?"
    rf"(?P<role>[a-z][^,.;:{MASK}\n]{{2,80}}?)(?=[,.;:]|$)"
)
_NON_SPACE_RE = re.compile(r"\S+")
_POSSESSIVE_RE = re.compile(r"['’]s?\b")
_RELATIVE_RE = re.compile(r"\s+(?:who|which|that|whose|where|when)\b.*")
_LETTERS_RE = re.compile(r"[^\W\d_]+")
_TOKEN_NORM_RE = re.compile(r"\W+")
_QUOTE_NORM_RE = re.compile(r"[^\w\s]+|_")


@dataclass(frozen=True, slots=True)
class Person:
    """Someone named in the story: the first full name used, the first title given."""

    name: str
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    """One quotation, merged over the reports that carry it (first-seen sentence first)."""

    text: str
    speaker: str | None
    speaker_title: str | None
    sentences: tuple[Sentence, ...]
    articles: tuple[str, ...]

    @property
    def support(self) -> int:
        return len(self.articles)


class _Mention(NamedTuple):
    start: int  # where the title (or name) starts
    end: int  # where the name ends
    tokens: tuple[str, ...]
    title: str | None
    honorific: bool
    after_the: bool
    appositive: str | None


class _Piece(NamedTuple):
    """A quotation in one article: inner spans, the spans with their marks, its line."""

    inner: tuple[tuple[int, int], ...]
    outer: tuple[tuple[int, int], ...]
    line: int  # the line where it ends
    first_line: int


class _Attribution(NamedTuple):
    tier: int
    pos: int
    mention: _Mention | None  # None for a pronoun
    org_ok: bool  # the name may be an organisation's: "Halvard Lines said", not "of Canada said"


class _Speaker(NamedTuple):
    name: str
    title: str | None
    person: bool


class _Found(NamedTuple):
    text: str
    speaker: _Speaker | None
    sentences: tuple[Sentence, ...]
    article_id: str
    order: tuple[int, int]  # (sentence index, article order)


# --- marks and pieces -------------------------------------------------------------------


def _opens(mark: str, before: str, after: str, is_open: bool) -> bool:
    """Whether a mark opens a quotation, from the characters on either side of it."""
    free_before = before.isspace() or before in OPEN_CONTEXT
    free_after = after.isspace() or not after.isalnum()
    if mark in ALWAYS_OPEN:
        return not (free_after and not free_before)
    if mark in ALWAYS_CLOSE:
        return free_before and not free_after
    if free_before != free_after:
        return free_before
    return not is_open


def _line_segments(line: str, offset: int) -> tuple[list[tuple[int, int, int, int]], bool]:
    """(outer start, inner start, inner end, outer end) per quotation; whether one is left open."""
    segments: list[tuple[int, int, int, int]] = []
    open_at: tuple[int, int] | None = None
    for match in _MARK_RE.finditer(line):
        before = line[match.start() - 1] if match.start() else " "
        after = line[match.end()] if match.end() < len(line) else " "
        if _opens(match.group(), before, after, open_at is not None):
            open_at = open_at or (match.start(), match.end())
        elif open_at is not None:
            segments.append((open_at[0], open_at[1], match.start(), match.end()))
            open_at = None
    if open_at is not None:
        segments.append((open_at[0], open_at[1], len(line), len(line)))
    shifted = [(a + offset, b + offset, c + offset, d + offset) for a, b, c, d in segments]
    return shifted, open_at is not None


def _pieces(text: str) -> list[_Piece]:
    """Every quotation of a text, a continued one (reopened on the next line) as one piece."""
    pieces: list[_Piece] = []
    left_open = False
    for number, line in enumerate(_LINE_RE.finditer(text)):
        segments, still_open = _line_segments(line.group(), line.start())
        for k, (o_start, i_start, i_end, o_end) in enumerate(segments):
            reopens = k == 0 and left_open and not text[line.start() : o_start].strip()
            if reopens and pieces:
                last = pieces[-1]
                pieces[-1] = _Piece(
                    (*last.inner, (i_start, i_end)),
                    (*last.outer, (o_start, o_end)),
                    number,
                    last.first_line,
                )
            else:
                pieces.append(_Piece(((i_start, i_end),), ((o_start, o_end),), number, number))
        left_open = still_open
    return pieces


def quote_spans(text: str) -> tuple[tuple[int, int], ...]:
    """The (start, end) spans of quoted words in ``text``, marks excluded, in order."""
    return tuple(span for piece in _pieces(text) for span in piece.inner)


def _piece_text(text: str, piece: _Piece) -> str:
    return " ".join(text[a:b].strip() for a, b in piece.inner).strip()


def _is_utterance(words: str, min_words: int) -> bool:
    """Long enough, or short but punctuated inside the marks (``"No," he said``), and not
    a title in capitals ("Gross Indecency: The Three Trials of Oscar Wilde")."""
    if _is_title(words):
        return False
    return len(words.split()) >= min_words or words.rstrip()[-1:] in ".,?!…"


def _is_title(words: str) -> bool:
    """Every word of four letters or more capitalised, and no sentence end."""
    long = [w for w in _LETTERS_RE.findall(words) if len(w) >= TITLE_WORD_LETTERS]
    if len(long) < 2 or words.rstrip()[-1:] in ".?!":
        return False
    return all(w[0].isupper() for w in long)


def _mask(text: str, pieces: Iterable[_Piece]) -> str:
    chars = list(text)
    for piece in pieces:
        for start, end in piece.outer:
            chars[start:end] = MASK * (end - start)
    return "".join(chars)


# --- people -----------------------------------------------------------------------------


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


def _mentions(masked: str) -> list[_Mention]:
    """Capitalised names outside quotations, with their titles."""
    found: list[_Mention] = []
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
            _Mention(
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


def _could_be_person(mention: _Mention) -> bool:
    """Not "the X", no word of an organisation or place: a known surname may be a person."""
    return not mention.after_the and not any(t in ORG_WORDS for t in mention.tokens)


def _person_like(mention: _Mention) -> bool:
    """A person even if never named in full: a title, an honorific, or a full name."""
    if not _could_be_person(mention):
        return False
    if mention.title or mention.honorific:
        return True
    return len(mention.tokens) >= 2 and mention.tokens[0] not in PLACE_PREFIXES


def _person(mention: _Mention, known: _Known) -> Person | None:
    """The known person a mention names, if it can name a person at all."""
    return known.get(mention.tokens) if _could_be_person(mention) else None


def _fold_text(text: str) -> str:
    """Case-folded, accents dropped: "Çavuşoğlu" -> "cavusoglu"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _fold(word: str) -> str:
    return _TOKEN_NORM_RE.sub("", _fold_text(word))


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


class _Scan(NamedTuple):
    """An article read once: its quotations, its text with them blanked, its names."""

    article: Article
    pieces: list[_Piece]
    masked: str
    mentions: list[_Mention]


def _scan(article: Article) -> _Scan:
    pieces = _pieces(article.text)
    masked = _mask(article.text, pieces)
    return _Scan(article, pieces, masked, _mentions(masked))


def find_people(articles: Sequence[Article]) -> tuple[Person, ...]:
    """The people named in cleaned articles (outside quotations), in order of first mention.

    Each gets its first full name and the first title before a name (else the first
    appositive role, "a professor at ..."); spellings and lone surnames are merged.
    """
    return _people_in([_scan(a) for a in articles])


def _people_in(scans: Sequence[_Scan]) -> tuple[Person, ...]:
    every = [m for scan in scans for m in scan.mentions]
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


_Known = dict[tuple[str, ...], "Person | None"]


class _People(NamedTuple):
    """The story's people with their folded names, for lookups."""

    persons: tuple[Person, ...]
    keys: tuple[tuple[str, ...], ...]


def _people(persons: Sequence[Person]) -> _People:
    return _People(tuple(persons), tuple(_key(p.name.split()) for p in persons))


def _known_in(mentions: Iterable[_Mention], people: _People) -> _Known:
    """Each distinct name of an article resolved once to a known person (or None)."""
    known: dict[tuple[str, ...], Person | None] = {}
    for mention in mentions:
        if mention.tokens not in known:
            index = _find_person(_key(mention.tokens), people.keys)
            known[mention.tokens] = None if index is None else people.persons[index]
    return known


# --- attribution ------------------------------------------------------------------------


def _attributions(
    masked: str, sentence: Sentence, mentions: Sequence[_Mention], handing_on: frozenset[int]
) -> list[_Attribution]:
    """Every speaker expression in a sentence (quotations blanked out)."""
    found: list[_Attribution] = []
    lo, hi = sentence.start, sentence.end
    for m in mentions:
        if not lo <= m.start < hi:
            continue
        before, after = masked[lo : m.start], masked[m.end : hi]
        if _POSSESSIVE_RE.match(after):
            continue  # "said Shepard's father": the speaker is someone else
        org_ok = _PREPOSITION_RE.search(before) is None
        if _QUOTED_AS_BEFORE_RE.search(before) and _QUOTED_AS_AFTER_RE.match(after):
            found.append(_Attribution(TIER_QUOTED_AS, m.start, m, org_ok))
        elif _AFTER_SPEAKER_RE.match(after) or _BEFORE_SPEAKER_RE.search(before):
            found.append(_Attribution(TIER_SPEECH, m.start, m, org_ok))
        elif (adjacent := _ADJACENT_RE.search(before)) and lo + adjacent.start() in handing_on:
            found.append(_Attribution(TIER_ADJACENT, m.start, m, org_ok=False))
        elif _ACCORDING_RE.search(before):
            found.append(_Attribution(TIER_ACCORDING, m.start, m, org_ok=False))
    for match in _PRONOUN_RE.finditer(masked, lo, hi):
        group = "p" if match.group("p") else "q"
        found.append(_Attribution(TIER_SPEECH, match.start(group), None, org_ok=False))
    return found


def _speaker_of(
    attribution: _Attribution,
    known: _Known,
    mentions: Sequence[_Mention],
    sentence: Sentence,
    focus: Sequence[Person | None],
) -> _Speaker | None:
    """Who an attribution names; a pronoun goes to the person named last before it."""
    if attribution.mention is not None:
        person = _person(attribution.mention, known)
        if person is not None:
            return _Speaker(person.name, person.title, person=True)
        if not attribution.org_ok:
            return None
        return _Speaker(" ".join(attribution.mention.tokens), None, person=False)
    earlier = [m for m in mentions if sentence.start <= m.start < attribution.pos]
    for mention in reversed(earlier):
        person = _person(mention, known)
        if person is not None:
            return _Speaker(person.name, person.title, person=True)
    for person in reversed(focus[-PRONOUN_LOOKBACK:]):
        if person is not None:
            return _Speaker(person.name, person.title, person=True)
    return None


_Resolved = tuple[_Attribution, "_Speaker | None"]


def _best(resolved: Sequence[_Resolved], near: tuple[int, int]) -> _Speaker | None:
    """The speaker of the best tier; a person before an organisation; nearest ``near``."""

    def key(pair: _Resolved) -> tuple[int, int, int]:
        attribution, speaker = pair
        rank = 2 if speaker is None else int(not speaker.person)
        pos = attribution.pos
        return (attribution.tier, rank, max(near[0] - pos, pos - near[1], 0))

    best = min(resolved, key=key, default=None)
    return None if best is None else best[1]


def _sentence_focus(
    speaker: _Speaker | None,
    mentions: Sequence[_Mention],
    sentence: Sentence,
    known: _Known,
) -> Person | None:
    """Whom a later pronoun may mean: the sentence's speaker, else its first person."""
    if speaker is not None and speaker.person:
        return Person(speaker.name, speaker.title)
    for m in mentions:
        if sentence.start <= m.start < sentence.end:
            person = _person(m, known)
            if person is not None:
                return person
    return None


# --- one article ------------------------------------------------------------------------


class _Item(NamedTuple):
    """A piece kept as (part of) a quotation, with what its own sentences say of it."""

    piece: _Piece
    text: str
    speaker: _Speaker | None
    attributed: bool
    sentences: tuple[int, ...]  # indices into the article's sentences


def _overlapping(
    sentences: Sequence[Sentence], spans: Sequence[tuple[int, int]]
) -> tuple[int, ...]:
    return tuple(
        i for i, s in enumerate(sentences) if any(s.start < b and a < s.end for a, b in spans)
    )


def _joins(group: Sequence[_Item], item: _Item) -> bool:
    """``"A," he said. "B."``: the later piece continues the paragraph's quotation."""
    last = group[-1]
    if item.piece.first_line != last.piece.line or not item.sentences or not last.sentences:
        return False
    if item.sentences[0] <= last.sentences[-1]:
        return True  # they share a sentence
    if item.sentences[0] > last.sentences[-1] + 1:
        return False  # a sentence of narrative between them
    return not item.attributed or not any(i.attributed for i in group)


def _join_texts(texts: Sequence[str]) -> str:
    joined = texts[0]
    for text in texts[1:]:
        if joined.endswith(","):
            joined = joined[:-1] + "."
        elif joined[-1:] not in ".?!…":
            joined += " …"
        joined = f"{joined} {text}"
    return joined


def _items(
    scan: _Scan, sentences: Sequence[Sentence], people: _People, min_words: int
) -> tuple[list[_Item], list[_Speaker | None]]:
    """The quotation pieces of an article and each sentence's own speaker."""
    text, pieces, masked, mentions = scan.article.text, scan.pieces, scan.masked, scan.mentions
    known = _known_in(mentions, people)
    handing_on = frozenset(
        o_end - 1
        for piece in pieces
        for (i_start, i_end), (_, o_end) in zip(piece.inner, piece.outer, strict=True)
        if text[i_start:i_end].rstrip()[-1:] in ATTRIBUTIVE_ENDINGS and o_end > i_end
    )
    focus: list[Person | None] = []
    own: list[_Speaker | None] = []
    resolved: list[list[_Resolved]] = []
    for sentence in sentences:
        found = _attributions(masked, sentence, mentions, handing_on)
        pairs = [(a, _speaker_of(a, known, mentions, sentence, focus)) for a in found]
        speaker = _best(pairs, (sentence.start, sentence.start))  # leftmost
        resolved.append(pairs)
        own.append(speaker)
        focus.append(_sentence_focus(speaker, mentions, sentence, known))
    items: list[_Item] = []
    for piece in pieces:
        words = _piece_text(text, piece)
        if not words or not _is_utterance(words, min_words):
            continue  # a scare quote
        carrying = _overlapping(sentences, piece.inner)
        near = (piece.outer[0][0], piece.outer[-1][1])
        pairs = [pair for i in carrying for pair in resolved[i]]
        items.append(_Item(piece, words, _best(pairs, near), bool(pairs), carrying))
    return items, own


def _inherited(
    group: Sequence[_Item],
    previous: tuple[int, _Speaker | None],
    sentences: Sequence[Sentence],
    own: Sequence[_Speaker | None],
) -> _Speaker | None:
    """An unattributed quotation's speaker: the last one of its paragraph, or the speaker
    of a sentence ending in a colon just before it (``Smith told reporters:``)."""
    if previous[0] == group[0].piece.first_line:
        return previous[1]
    before = group[0].sentences[0] - 1 if group[0].sentences else -1
    if before >= 0 and sentences[before].text.rstrip().endswith(":"):
        return own[before]
    return None


def _found_in_article(
    scan: _Scan,
    sentences: Sequence[Sentence],
    people: _People,
    min_words: int,
    doc: int,
) -> list[_Found]:
    items, own = _items(scan, sentences, people, min_words)
    groups: list[list[_Item]] = []
    for item in items:
        if groups and _joins(groups[-1], item):
            groups[-1].append(item)
        else:
            groups.append([item])
    found: list[_Found] = []
    previous: tuple[int, _Speaker | None] = (-1, None)  # (line, speaker) of the last group
    for group in groups:
        speaker = next((item.speaker for item in group if item.speaker), None)
        if speaker is None and not any(item.attributed for item in group):
            speaker = _inherited(group, previous, sentences, own)
        previous = (group[-1].piece.line, speaker)
        text = _join_texts([item.text for item in group]).rstrip(",;: ")
        indices = sorted({i for item in group for i in item.sentences})
        if len(text.split()) < min_words or not indices:
            continue
        found.append(
            _Found(
                text=text,
                speaker=speaker,
                sentences=tuple(sentences[i] for i in indices),
                article_id=scan.article.id,
                order=(sentences[indices[0]].index, doc),
            )
        )
    return found


def _as_quote(found: _Found) -> Quote:
    speaker = found.speaker
    return Quote(
        text=found.text,
        speaker=speaker.name if speaker else None,
        speaker_title=speaker.title if speaker else None,
        sentences=found.sentences,
        articles=(found.article_id,),
    )


def quotes_in_article(
    article: Article,
    sentences: Sequence[Sentence],
    *,
    people: Sequence[Person] | None = None,
    min_words: int = MIN_QUOTE_WORDS,
) -> tuple[Quote, ...]:
    """The quotations of one cleaned article, in text order, not merged.

    ``people`` (from ``find_people`` over the whole story) lets a lone surname find a full
    name given in another report; without it only this article's names are known.
    """
    scan = _scan(article)
    known = _people(_people_in([scan]) if people is None else people)
    return tuple(_as_quote(f) for f in _found_in_article(scan, sentences, known, min_words, 0))


# --- across the story -------------------------------------------------------------------


def _quote_words(text: str) -> tuple[str, ...]:
    return tuple(_QUOTE_NORM_RE.sub(" ", _fold_text(text)).split())


def _same_words(wa: tuple[str, ...], wb: tuple[str, ...]) -> bool:
    if not wa or not wb:
        return False
    if wa == wb:
        return True
    short, long = sorted((wa, wb), key=len)
    if len(short) >= MIN_CONTAINED_WORDS and f" {' '.join(short)} " in f" {' '.join(long)} ":
        return True
    return SequenceMatcher(None, wa, wb, autojunk=False).ratio() >= QUOTE_SIMILARITY


def same_quote(a: str, b: str) -> bool:
    """Equal or contained normalised words, or ``QUOTE_SIMILARITY`` alike."""
    return _same_words(_quote_words(a), _quote_words(b))


def _merge(found: Sequence[_Found]) -> list[list[_Found]]:
    """Clusters of the same quotation; a cluster keeps its first speaker."""
    clusters: list[list[tuple[_Found, tuple[str, ...]]]] = []
    for item in found:
        words = _quote_words(item.text)
        for cluster in clusters:
            speaker = next((f.speaker for f, _ in cluster if f.speaker), None)
            agree = item.speaker is None or speaker is None or item.speaker.name == speaker.name
            if agree and any(_same_words(words, w) for _, w in cluster):
                cluster.append((item, words))
                break
        else:
            clusters.append([(item, words)])
    return [[f for f, _ in cluster] for cluster in clusters]


def _cluster_quote(cluster: Sequence[_Found]) -> Quote:
    fullest = max(cluster, key=lambda f: len(f.text.split()))  # first of the longest
    speaker = next((f.speaker for f in cluster if f.speaker), None)
    sentences = tuple(dict.fromkeys(s for f in cluster for s in f.sentences))
    return Quote(
        text=fullest.text,
        speaker=speaker.name if speaker else None,
        speaker_title=speaker.title if speaker else None,
        sentences=sentences,
        articles=tuple(dict.fromkeys(f.article_id for f in cluster)),
    )


def extract_quotes(corpus: Corpus, *, min_words: int = MIN_QUOTE_WORDS) -> tuple[Quote, ...]:
    """The story's quotations, merged across reports; most reports first, then earliest.

    "Earliest" is the position in the article (a lead quotation before one near the end),
    then the article's order in the corpus.
    """
    by_doc: list[list[Sentence]] = [[] for _ in corpus.articles]
    for unit in corpus.units:
        by_doc[unit.doc].append(unit.sentence)
    scans = [_scan(article) for article in corpus.articles]
    people = _people(_people_in(scans))
    found = [
        f
        for doc, scan in enumerate(scans)
        for f in _found_in_article(scan, by_doc[doc], people, min_words, doc)
    ]
    quotes = [(_cluster_quote(c), min(f.order for f in c)) for c in _merge(found)]
    quotes.sort(key=lambda pair: (-pair[0].support, pair[1]))
    return tuple(quote for quote, _ in quotes)
