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
3. People. Names outside quotations with their titles, spellings and lone surnames
   merged into one person (``storyfuse.analyze.speakers``, on the one name recogniser of
   ``storyfuse.analyze.names``).
4. Attribution, read in the sentences carrying a piece with all quotations blanked out:
   ``Al Jazeera quoted X as saying`` / ``X was quoted as saying`` first; then ``X said`` /
   ``X, who ..., said`` / ``X, director at Vellcom, the regional operator, said`` / ``X from
   Harlow, Essex, told`` / ``"...," said X`` / ``"...," says U.S. Coast Guard volunteer
   X`` / ``he told`` / ``the pope said`` / ``X apologised, saying`` / ``a Vellcom spokesman
   said``; then a person right after ``,"`` (``"...," Kuleba made the announcement``); then
   ``according to X``. Names that reach one speech verb are one subject and its qualifiers:
   after them the first name is the speaker (``Ilse Varga, manager at Granite Ridge,
   told``), before them the last (``says U.S. Coast Guard volunteer Jane Doe``),
   and a name right after a preposition is no subject. Within a tier a person beats an
   organisation, then the expression nearest the piece wins. ``he``/``she`` go to a person
   named earlier in the sentence (first one whose speech it names: ``Cohen's statement on
   Trump's plans: "...," he said``), else to the person in focus of the ``PRONOUN_LOOKBACK``
   sentences before (a sentence's speaker, else its first person, else the office holder
   it opens with), passing over anyone the article calls by the other pronoun
   (``analyze.gender``: "she wrote" after "Colin Kaepernick and his protest" is not
   his); "the pope" is the person in focus with that office, else the story's
   only holder of it; a participle's speaker is the subject its sentence opens with.
   Organisations speak only when the text says so (``Halvard Lines said``, ``a Vellcom
   spokesman said``; not ``prosecutors in Manhattan said``); ``according to`` and the bare
   name after a quotation need a person.
5. Groups. Consecutive pieces of a paragraph are one quotation when the later one has no
   attribution of its own or they share a sentence (``"A," he said. "B."``), unless the
   words between them introduce the later one and nothing attributes the earlier
   (``"A." Vell News quoted X as saying: "B."``). A quotation with no attribution takes the
   speaker of the one before in its paragraph; of one that ended the paragraph before,
   where it opens its own; or of the sentence just before it, where that one ends in a
   colon or reports that person's words in the same paragraph.
6. Transcripts. A turn under a speaker's label in capitals (``storyfuse.text.transcript``:
   ``TRUMP: Well, the leaks are real.``) whose label names one of the story's people is
   that person's words: a quotation in it is theirs, and a turn that does not open with
   a mark is itself their quotation (any marked one inside it a part of it). Labels that
   name no one ("REPORTER", "PHOTOS", "THE FACTS") give nothing.
7. Merge. Quotations whose normalised words are equal, contain one another or are
   ``QUOTE_SIMILARITY`` alike, and whose speakers do not differ, become one ``Quote``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import pairwise
from typing import NamedTuple

from storyfuse.analyze.gender import HE, SHE, article_pronouns, fits
from storyfuse.analyze.names import TextTokens, fold_text, masked_tokens
from storyfuse.analyze.quoteindex import QuoteIndex
from storyfuse.analyze.speakers import (
    MASK,
    Known,
    Mention,
    People,
    known_in,
    people_in,
    people_index,
    person_of,
    read_mentions,
    story_people,
)
from storyfuse.analyze.speakers import Person as Person  # re-exported
from storyfuse.lexicon import QUOTE_PARTICIPLES, QUOTE_VERBS, TITLE_HEADS
from storyfuse.text.corpus import Corpus
from storyfuse.text.textstats import STOPWORDS
from storyfuse.text.transcript import Turn, transcript_turns
from storyfuse.types import Article, Sentence

MIN_QUOTE_WORDS = 5  # shorter quotations are scare quotes or labels
QUOTE_SIMILARITY = 0.9  # difflib ratio of word sequences: one word in ten may differ
MIN_CONTAINED_WORDS = 5  # a quotation inside another's words is the same one from here
PRONOUN_LOOKBACK = 3  # sentences searched back for the person a pronoun means
MAX_APPOSITIVE_CHARS = 120  # "X, who has ... crisis, said"
MAX_APPOSITIVES = 2  # "John Smith, director at Vellcom, the regional operator, said"
MAX_RELATIVE_WORDS = 5  # "X, a farmer, who came to the meeting said"
MAX_ROLE_WORDS = 3  # lower-case words of a role between a verb and a name: "said rescue leader"
MAX_PARTICIPLE_GAP = 60  # "saying the last 15 years of his life" before the quotation
BEFORE_WINDOW = 200  # characters before a name searched for the verb it follows
NEAR_WINDOW = 40  # characters before a name searched for a word right before it
MAX_NAME_WORDS = 5  # capitalised words of a title and name opening a sentence
TITLE_WORD_LETTERS = 4  # a quoted title capitalises every word this long ("of", "the" not)
# Attribution tiers, best first.
TIER_QUOTED_AS, TIER_SPEECH, TIER_ADJACENT, TIER_ACCORDING = range(4)

_LINE_RE = re.compile(r"[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+")
_MARK_RE = re.compile(r"``|''|[\"“”„]")
ALWAYS_OPEN, ALWAYS_CLOSE = frozenset(["“", "„", "``"]), frozenset(["”", "''"])
OPEN_CONTEXT = "([{—–-/"
ATTRIBUTIVE_ENDINGS = ",?!—–-"  # a piece ending so hands on to the words after it

_VERBS = rf"(?:{'|'.join(sorted(QUOTE_VERBS))})\b"
_VERB = rf"(?P<verb>{_VERBS})"  # where the verb's place is read
_AUX = r"(?:also|later|then|has|had|have|again|previously|earlier|repeatedly|separately|further)"
# A capitalised phrase: "Harlow, Essex", "Tarrant, Hale and Partners Inc.", "U.S. Coast
# Guard".
_CAP_WORD = r"[A-Z][\w.&'’-]*"
_CAP_PHRASE = (
    rf"(?:the\s+)?{_CAP_WORD}(?:(?:,\s+|\s+(?:and|&|of|in)\s+(?:the\s+)?|\s+){_CAP_WORD})*"
)
# A lower-case word that may be part of a role ("rescue leader"), not a function word.
_STOP = "|".join(sorted((re.escape(w) for w in STOPWORDS if w.isalpha()), key=len, reverse=True))
_ROLE_WORD = rf"(?!(?:{_STOP})\s)[a-z][\w'’-]*"
# A word of "who came to the meeting said": lower-case, not a subject of its own ("who
# he told" is someone he spoke to).
_RELATIVE_WORD = r"(?!(?:he|she|they|i|we|you|it)\b)[a-z][\w'’-]*"
_APPOSITIVE = rf"\s*,[^,{MASK}\n]{{1,{MAX_APPOSITIVE_CHARS}}}(?=\s*,)"
# After a name, up to its speech verb: "from Harlow, Essex,", appositives, "who ...".
_AFTER_SPEAKER_RE = re.compile(
    rf"(?:\s+(?:from|of)\s+{_CAP_PHRASE})?(?:{_APPOSITIVE}){{0,{MAX_APPOSITIVES}}}(?:\s*,)?\s++"
    rf"(?:who\s+(?:{_RELATIVE_WORD}\s+){{0,{MAX_RELATIVE_WORDS}}}?)?(?:{_AUX}\s++){{0,2}}"
    rf"(?:(?:in|on|at|via)\s+[^,{MASK}.\n]{{1,30}}?\s+)?{_VERB}"
)
# Before a name, from its speech verb: "said", "says U.S. Coast Guard volunteer".
_BEFORE_SPEAKER_RE = re.compile(
    rf"(?:{MASK}|,)\s*{_VERB}\s+"
    rf"(?:{_CAP_PHRASE}\s+(?:{_ROLE_WORD}\s+){{1,{MAX_ROLE_WORDS}}}|(?:{_ROLE_WORD}\s+){{0,{MAX_ROLE_WORDS}}})$"
)
_PREPOSITION_RE = re.compile(r"\b(?:of|in|at|from|for|on|with|by|to|near|downtown)\s+$")
_QUOTED_AS_BEFORE_RE = re.compile(r"\b(?:quoted|cited)\s+$")
_QUOTED_AS_AFTER_RE = re.compile(rf"(?:{_APPOSITIVE})?(?:\s*,)?\s++as\s++(?:say|\w+ing\b)")
_QUOTED_PASSIVE_RE = re.compile(
    rf"\s+(?:was|were|is|has\s+been)\s+(?:also\s+)?quoted\s+(?:by\s+[^,{MASK}.\n]{{1,60}}?\s+)?"
    r"as\s+say"
)
# "a Vellcom spokesman said", "the Vellcom filing said": an organisation speaks through them.
_ARTICLE_BEFORE_RE = re.compile(r"\b(?:[Aa]n?|[Tt]he)\s+$")
_ORG_ROLE_AFTER_RE = re.compile(
    rf"\s+(?:{_ROLE_WORD}\s+){{1,2}}(?:{_AUX}\s+){{0,2}}{_VERBS}"
)
# "a spokesman for Vellcom said"
_ROLE_OF_BEFORE_RE = re.compile(
    rf"\b(?:[Aa]n?|[Tt]he)\s+(?:{_ROLE_WORD}\s+){{1,{MAX_ROLE_WORDS}}}(?:for|of|at)\s+(?:the\s+)?$"
)
_VERB_AFTER_RE = re.compile(rf"\s+(?:{_AUX}\s+){{0,2}}{_VERBS}")
_ACCORDING_RE = re.compile(r"\baccording\s+to\s+$", re.IGNORECASE)
# What every speaker expression holds: a speech verb or participle, a blanked quotation
# (the name right after one), "according".
_CUE_WORD_RE = re.compile(rf"[A-Za-z]+|{MASK}+")
_CUES: frozenset[str] = QUOTE_VERBS | QUOTE_PARTICIPLES | {"according", "According"}
_PRONOUNS = frozenset(("he", "she", "He", "She"))
_OFFICE_WORDS = frozenset(w for w in TITLE_HEADS if len(w) > 3)
# A sentence that is only the attribution of the quotation before it: "Smith said.",
# "Mayor John Smith told reporters.", "He added.", "said Smith."
_SPLIT_ATTRIBUTION_RE = re.compile(
    rf"\s*(?:(?:He|She|{_CAP_WORD}(?:\s+{_CAP_WORD}){{0,{MAX_NAME_WORDS}}})\s+"
    rf"(?:{_AUX}\s+){{0,2}}{_VERBS}|{_VERBS}\s)"
)
_INTRODUCES_RE = re.compile(rf"\b(?:quoted|cited|according)\b|\b{_VERBS}")
_ADJACENT_RE = re.compile(rf"{MASK}\s*$")
_PRONOUN_RE = re.compile(
    rf"\b(?P<p>[Hh]e|[Ss]he)\s+(?:{_AUX}\s+){{0,2}}{_VERBS}"
    rf"|(?:{MASK}|,)\s*{_VERBS}\s+(?P<q>he|she)\b"
)
_OFFICE = "|".join(sorted((re.escape(w) for w in TITLE_HEADS if len(w) > 3), key=len, reverse=True))
# "The pope said", "said the mayor": the story's holder of that office.
_OFFICE_RE = re.compile(
    rf"\b[Tt]he\s+(?P<p>{_OFFICE})\s+(?:{_AUX}\s+){{0,2}}{_VERBS}"
    rf"|(?:{MASK}|,)\s*{_VERBS}\s+the\s+(?P<q>{_OFFICE})\b"
)
_PARTICIPLE_RE = re.compile(
    rf",\s*(?:{'|'.join(sorted(QUOTE_PARTICIPLES))})\b[^{MASK}.;\n]{{0,{MAX_PARTICIPLE_GAP}}}{MASK}"
)
# How a sentence opens before its subject: "But", "Earlier on Thursday,".
_SUBJECT_OPENING_RE = re.compile(r"\s*(?:(?:But|And|Yet|So|Then|Still|Later)\s+)?")
_SUBJECT_PRONOUN_RE = re.compile(r"(?:He|She)\b")
_SUBJECT_OFFICE_RE = re.compile(rf"[Tt]he\s+(?P<p>{_OFFICE})\b")
_POSSESSIVE_RE = re.compile(r"['’]s?\b")
# Nouns of what someone said: "Cohen's statement on the changes: '...,' he said" is Cohen's.
SPEECH_NOUNS: frozenset[str] = frozenset(
    """statement statements remarks remark comments comment words response reply answer
    message tweet post letter speech address testimony explanation announcement apology
    warning account argument plea verdict""".split()
)
MAX_SPEECH_NOUN_GAP = 2  # words between a possessive and its speech noun: "Cohen's final written"
_SPEECH_NOUN_AFTER_RE = re.compile(
    rf"['’]s?\s+(?:[a-z][\w-]*\s+){{0,{MAX_SPEECH_NOUN_GAP}}}?"
    rf"(?:{'|'.join(sorted(SPEECH_NOUNS))})\b"
)
_LETTERS_RE = re.compile(r"[^\W\d_]+")
# Each article's quoted spans (``quote_spans``), in corpus order.
Quoted = Sequence[tuple[tuple[int, int], ...]]
_QUOTE_NORM_RE = re.compile(r"[^\w\s]+|_")


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


class _Piece(NamedTuple):
    """A quotation in one article: inner spans, the spans with their marks, its line."""

    inner: tuple[tuple[int, int], ...]
    outer: tuple[tuple[int, int], ...]
    line: int  # the line where it ends
    first_line: int


class _Attribution(NamedTuple):
    tier: int
    pos: int
    mention: Mention | None  # None for a pronoun, a subject or an office
    org_ok: bool  # the name may be an organisation's: "Halvard Lines said", not "of Canada said"
    kind: str = "name"  # "name", "pronoun", "subject" (of a participle), "office", "org"
    office: str | None = None  # "pope" in "the pope said"


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
    at: int  # where its first mark (or its transcript turn's words) starts


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


class Scan(NamedTuple):
    """An article read once: its quotations, its text with them blanked, its names."""

    article: Article
    pieces: list[_Piece]
    masked: str
    mentions: list[Mention]


def _scan(article: Article, tokens: TextTokens | None = None) -> Scan:
    """``tokens``: ``names.text_tokens`` of the article's text, whose tokens outside its
    quotations the masked text's are (``names.masked_tokens``)."""
    pieces = _pieces(article.text)
    masked = _mask(article.text, pieces)
    blanked = None
    if tokens is not None:
        outer = (span for piece in pieces for span in piece.outer)
        blanked = masked_tokens(tokens, masked, outer)
    return Scan(article, pieces, masked, read_mentions(masked, blanked))


def scan_story(corpus: Corpus, tokens: Sequence[TextTokens] | None = None) -> tuple[Scan, ...]:
    """Each article's quotations, masked text and names, read once for the brief: the key
    quotes take them whole, the agreement and the timeline their spans (``scanned_spans``).
    ``tokens``: ``names.text_tokens`` of each article, shared with its sentences' names."""
    if tokens is None:
        return tuple(_scan(article) for article in corpus.articles)
    if len(tokens) != len(corpus.articles):
        raise ValueError(f"scan_story: tokens of {len(tokens)} articles for {len(corpus.articles)}")
    return tuple(_scan(a, t) for a, t in zip(corpus.articles, tokens, strict=True))


def scanned_spans(scans: Sequence[Scan]) -> Quoted:
    """``quote_spans`` of each scanned article, from the pieces already read."""
    return [tuple(span for piece in scan.pieces for span in piece.inner) for scan in scans]


def find_people(articles: Sequence[Article]) -> tuple[Person, ...]:
    """The people named in cleaned articles (outside quotations), in order of first mention.

    Each gets its first full name and the first title before a name (else the first
    appositive role, "a professor at ..."); spellings and lone surnames are merged.
    """
    return _people_in([_scan(a) for a in articles])


def _people_in(scans: Sequence[Scan]) -> tuple[Person, ...]:
    return people_in(m for scan in scans for m in scan.mentions)


# --- attribution ------------------------------------------------------------------------


def _name_attributions(
    masked: str, sentence: Sentence, mentions: Sequence[Mention], handing_on: frozenset[int]
) -> list[_Attribution]:
    """The speaker expressions of a sentence that name someone.

    Where several names reach one speech verb, the verb has one subject: after the names
    the first ("John Smith from Harlow, Essex, told", "Ilse Varga, manager at Granite
    Ridge, told"), before them the last ("says U.S. Coast Guard volunteer Jane Doe"); the
    others qualify it.
    """
    found: list[_Attribution] = []
    after_verb: dict[int, _Attribution] = {}  # verb position -> its first name before it
    before_verb: dict[int, _Attribution] = {}  # verb position -> its last name after it
    lo, hi = sentence.start, sentence.end
    for m in mentions:
        if not lo <= m.start < hi:
            continue
        start, end = m.start, m.end
        near, far = max(lo, start - NEAR_WINDOW), max(lo, start - BEFORE_WINDOW)
        if _POSSESSIVE_RE.match(masked, end, hi):
            continue  # "said Shepard's father": the speaker is someone else
        org_ok = _PREPOSITION_RE.search(masked, near, start) is None
        if (
            _QUOTED_AS_BEFORE_RE.search(masked, near, start)
            and _QUOTED_AS_AFTER_RE.match(masked, end, hi)
        ) or _QUOTED_PASSIVE_RE.match(masked, end, hi):
            found.append(_Attribution(TIER_QUOTED_AS, start, m, org_ok))
        elif org_ok and (speech := _AFTER_SPEAKER_RE.match(masked, end, hi)) is not None:
            attribution = _Attribution(TIER_SPEECH, start, m, org_ok)
            after_verb.setdefault(speech.start("verb"), attribution)
        elif (speech := _BEFORE_SPEAKER_RE.search(masked, far, start)) is not None:
            before_verb[speech.start("verb")] = _Attribution(TIER_SPEECH, start, m, org_ok)
        elif (adjacent := _ADJACENT_RE.search(masked, near, start)) and (
            adjacent.start() in handing_on
        ):
            found.append(_Attribution(TIER_ADJACENT, start, m, org_ok=False))
        elif _ACCORDING_RE.search(masked, near, start):
            found.append(_Attribution(TIER_ACCORDING, start, m, org_ok=False))
        elif (
            _ARTICLE_BEFORE_RE.search(masked, near, start)
            and _ORG_ROLE_AFTER_RE.match(masked, end, hi)
        ) or (
            _ROLE_OF_BEFORE_RE.search(masked, far, start) and _VERB_AFTER_RE.match(masked, end, hi)
        ):
            found.append(_Attribution(TIER_SPEECH, start, m, org_ok=True, kind="org"))
    return found + list(after_verb.values()) + list(before_verb.values())


def _attributions(
    masked: str, sentence: Sentence, mentions: Sequence[Mention], handing_on: frozenset[int]
) -> list[_Attribution]:
    """Every speaker expression in a sentence (quotations blanked out)."""
    lo, hi = sentence.start, sentence.end
    words = set(_CUE_WORD_RE.findall(masked, lo, hi))
    if words.isdisjoint(_CUES) and masked.find(MASK, lo, hi) < 0:
        return []  # no speech verb, quotation or "according to": nothing attributes
    found = _name_attributions(masked, sentence, mentions, handing_on)
    if not words.isdisjoint(_PRONOUNS):
        for match in _PRONOUN_RE.finditer(masked, lo, hi):
            group = "p" if match.group("p") else "q"
            found.append(_Attribution(TIER_SPEECH, match.start(group), None, False, "pronoun"))
    if not words.isdisjoint(_OFFICE_WORDS):
        for match in _OFFICE_RE.finditer(masked, lo, hi):
            group = "p" if match.group("p") else "q"
            office = match.group(group).casefold()
            found.append(
                _Attribution(TIER_SPEECH, match.start(group), None, False, "office", office)
            )
    if not words.isdisjoint(QUOTE_PARTICIPLES):
        for match in _PARTICIPLE_RE.finditer(masked, lo, hi):
            found.append(_Attribution(TIER_SPEECH, match.start(), None, False, "subject"))
    return found


def _office_holder(
    office: str, focus: Sequence[Person | None], people: People
) -> Person | None:
    """The person "the pope" means: the last one in focus with that office, else the
    story's only holder of it."""

    def holds(person: Person | None) -> bool:
        words = person.title.split() if person is not None and person.title else []
        return bool(words) and words[-1].casefold() == office

    for person in reversed(focus[-PRONOUN_LOOKBACK:]):
        if holds(person):
            return person
    holders = [p for p in people.persons if holds(p)]
    return holders[0] if len(holders) == 1 else None


def _last_in_focus(focus: Sequence[Person | None]) -> Person | None:
    return next((p for p in reversed(focus[-PRONOUN_LOOKBACK:]) if p is not None), None)


def _subject(ctx: _Context) -> Person | None:
    """Who a sentence is about when it opens with them: a person's name, "He"/"She" (the
    person in focus) or "The pope" (the story's holder of that office); else None."""
    masked, sentence = ctx.masked, ctx.sentence
    opening = _SUBJECT_OPENING_RE.match(masked, sentence.start, sentence.end)
    at = opening.end() if opening else sentence.start
    if (named := ctx.starting.get(at)) is not None:
        return person_of(named, ctx.known)
    if _SUBJECT_PRONOUN_RE.match(masked, at, sentence.end):
        return _last_in_focus(ctx.focus)
    office = _SUBJECT_OFFICE_RE.match(masked, at, sentence.end)
    if office is not None:
        return _office_holder(office.group("p").casefold(), ctx.focus, ctx.people)
    return None


class _Context(NamedTuple):
    """What resolving a speaker expression of one sentence needs: ``mentions``, the
    article's mentions that start in the sentence (in the article's order); ``starting``,
    the article's first mention at each start."""

    masked: str
    sentence: Sentence
    mentions: Sequence[Mention]
    starting: Mapping[int, Mention]
    known: Known
    focus: Sequence[Person | None]
    people: People
    pronouns: dict[str, str]  # the article's pronoun for each person (``gender``)


def _as_speaker(person: Person | None) -> _Speaker | None:
    return None if person is None else _Speaker(person.name, person.title, person=True)


def _speaker_of(attribution: _Attribution, ctx: _Context) -> _Speaker | None:
    """Who an attribution names; a pronoun goes to the person named last before it."""
    if attribution.mention is not None:
        person = person_of(attribution.mention, ctx.known)
        if attribution.kind == "org":
            if person is not None or not attribution.org_ok:
                return None  # "a Trump aide said": not Trump's words
            return _Speaker(" ".join(attribution.mention.tokens), None, person=False)
        if person is not None:
            return _as_speaker(person)
        if not attribution.org_ok:
            return None
        return _Speaker(" ".join(attribution.mention.tokens), None, person=False)
    if attribution.kind == "office" and attribution.office is not None:
        return _as_speaker(_office_holder(attribution.office, ctx.focus, ctx.people))
    if attribution.kind == "subject":
        return _as_speaker(_subject(ctx))
    sentence = ctx.sentence
    pronoun = SHE if ctx.masked.startswith(("s", "S"), attribution.pos) else HE
    earlier = [m for m in ctx.mentions if sentence.start <= m.start < attribution.pos]
    for mention in earlier:  # "Cohen's statement on Trump's plans: '...,' he said"
        if _SPEECH_NOUN_AFTER_RE.match(ctx.masked, mention.end, attribution.pos):
            owner = person_of(mention, ctx.known)
            if fits(owner, pronoun, ctx.pronouns):
                return _as_speaker(owner)
    # The person named last before it, else the last in focus, passing over anyone the
    # article calls by the other pronoun ("she wrote" is not Colin Kaepernick's, named
    # just before with "his").
    for mention in reversed(earlier):
        person = person_of(mention, ctx.known)
        if fits(person, pronoun, ctx.pronouns):
            return _as_speaker(person)
    recent = reversed(ctx.focus[-PRONOUN_LOOKBACK:])
    return _as_speaker(next((p for p in recent if fits(p, pronoun, ctx.pronouns)), None))


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


def _sentence_focus(speaker: _Speaker | None, ctx: _Context) -> Person | None:
    """Whom a later pronoun may mean: the sentence's speaker, else its first person, else
    the office holder it opens with ("The pope mentioned this")."""
    if speaker is not None and speaker.person:
        return Person(speaker.name, speaker.title)
    for m in ctx.mentions:
        person = person_of(m, ctx.known)
        if person is not None:
            return person
    return _subject(ctx)


# --- one article ------------------------------------------------------------------------


class _Item(NamedTuple):
    """A piece kept as (part of) a quotation, with what its own sentences say of it."""

    piece: _Piece
    text: str
    speaker: _Speaker | None
    attributed: bool
    sentences: tuple[int, ...]  # indices into the article's sentences
    opens_line: bool  # nothing but blanks before it on its line


def _by_sentence(
    mentions: Sequence[Mention], sentences: Sequence[Sentence]
) -> list[list[Mention]]:
    """For each sentence, the mentions that start in it, in their order: a sentence meets
    its own few (bisected on the starts), not every mention of its article."""
    order = sorted(range(len(mentions)), key=lambda k: mentions[k].start)
    starts = [mentions[k].start for k in order]
    return [
        [
            mentions[k]
            for k in sorted(
                order[bisect_left(starts, s.start) : bisect_left(starts, s.end)]
            )
        ]
        for s in sentences
    ]


class _Bounds(NamedTuple):
    """An article's sentences' starts and ends, where both ascend (``_sentence_bounds``)."""

    starts: list[int]
    ends: list[int]


def _sentence_bounds(sentences: Sequence[Sentence]) -> _Bounds | None:
    """The sentences' starts and ends for bisection, or None where either does not ascend."""
    starts = [s.start for s in sentences]
    ends = [s.end for s in sentences]
    ordered = all(x <= y for x, y in pairwise(starts)) and all(x <= y for x, y in pairwise(ends))
    return _Bounds(starts, ends) if ordered else None


def _overlapping(
    sentences: Sequence[Sentence],
    spans: Sequence[tuple[int, int]],
    bounds: _Bounds | None = None,
) -> tuple[int, ...]:
    """The indices of the sentences that overlap any of ``spans``, ascending: with
    ``bounds``, for each span those from the first ending after it starts to the last
    starting before it ends (bisected), else every sentence asked."""
    if bounds is None:
        return tuple(
            i
            for i, s in enumerate(sentences)
            if any(s.start < b and a < s.end for a, b in spans)
        )
    found: set[int] = set()
    for a, b in spans:
        found.update(range(bisect_right(bounds.ends, a), bisect_left(bounds.starts, b)))
    return tuple(sorted(found))


def _joins(text: str, group: Sequence[_Item], item: _Item) -> bool:
    """``"A," he said. "B."``: the later piece continues the paragraph's quotation; not
    when words between them introduce it as someone's (``"A." Vell News quoted X as
    saying: "B."``) and nothing gave the earlier one a speaker."""
    last = group[-1]
    if item.piece.first_line != last.piece.line or not item.sentences or not last.sentences:
        return False
    gap = text[last.piece.outer[-1][1] : item.piece.outer[0][0]]
    if item.attributed and not any(i.attributed for i in group) and _INTRODUCES_RE.search(gap):
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
    scan: Scan, sentences: Sequence[Sentence], people: People, min_words: int
) -> tuple[list[_Item], list[_Speaker | None]]:
    """The quotation pieces of an article and each sentence's own speaker."""
    text, pieces, masked, mentions = scan.article.text, scan.pieces, scan.masked, scan.mentions
    known = known_in(mentions, people)
    handing_on = frozenset(
        o_end - 1
        for piece in pieces
        for (i_start, i_end), (_, o_end) in zip(piece.inner, piece.outer, strict=True)
        if text[i_start:i_end].rstrip()[-1:] in ATTRIBUTIVE_ENDINGS and o_end > i_end
    )
    by_sentence = _by_sentence(mentions, sentences)
    pronouns = article_pronouns(masked, sentences, by_sentence, known)
    focus: list[Person | None] = []
    own: list[_Speaker | None] = []
    resolved: list[list[_Resolved]] = []
    starting: dict[int, Mention] = {}
    for m in mentions:
        starting.setdefault(m.start, m)
    for sentence, inside in zip(sentences, by_sentence, strict=True):
        found = _attributions(masked, sentence, inside, handing_on)
        ctx = _Context(masked, sentence, inside, starting, known, focus, people, pronouns)
        pairs = [(a, _speaker_of(a, ctx)) for a in found]
        speaker = _best(pairs, (sentence.start, sentence.start))  # leftmost
        resolved.append(pairs)
        own.append(speaker)
        focus.append(_sentence_focus(speaker, ctx))
    items: list[_Item] = []
    bounds = _sentence_bounds(sentences)
    for piece in pieces:
        words = _piece_text(text, piece)
        if not words or not _is_utterance(words, min_words):
            continue  # a scare quote
        carrying = _overlapping(sentences, piece.inner, bounds)
        near = (piece.outer[0][0], piece.outer[-1][1])
        pairs = [pair for i in carrying for pair in resolved[i]]
        line_start = text.rfind("\n", 0, near[0]) + 1
        opens = not text[line_start : near[0]].strip()
        items.append(_Item(piece, words, _best(pairs, near), bool(pairs), carrying, opens))
    return items, own


class _Previous(NamedTuple):
    """The quotation before: the line it ends on, its speaker, its last sentence."""

    line: int
    speaker: _Speaker | None
    sentence: int


_NO_PREVIOUS = _Previous(-1, None, -1)


def _inherited(
    text: str,
    group: Sequence[_Item],
    previous: _Previous,
    sentences: Sequence[Sentence],
    own: Sequence[_Speaker | None],
    lines: Sequence[int],
) -> _Speaker | None:
    """An unattributed quotation's speaker: that of a sentence right after it that opens
    with its attribution (``"Stop!" Smith said.``, split after the "!"); the last one of its
    paragraph; the speaker of
    a quotation that ended the paragraph before, where this one opens its own (the
    newswire's quotation in two paragraphs, the first closed); or the speaker of the
    sentence just before it, where that one ends in a colon (``Smith told reporters:``) or
    reports the same person's words in the same paragraph (``Jane Doe said the plan
    was sound. "We will rebuild it."``)."""
    first, last = group[0], group[-1]
    after = last.sentences[-1] + 1 if last.sentences else len(sentences)
    if (
        after < len(sentences)
        and lines[after] == last.piece.line
        and not text[last.piece.outer[-1][1] : sentences[after].start].strip()
        and _SPLIT_ATTRIBUTION_RE.match(sentences[after].text)
    ):
        return own[after]  # '"... my type!" Trump said.' read as two sentences
    if previous.line == first.piece.first_line:
        return previous.speaker
    before = first.sentences[0] - 1 if first.sentences else -1
    if before < 0:
        return None
    if (
        previous.line == first.piece.first_line - 1
        and previous.sentence == before
        and first.opens_line
    ):
        return previous.speaker
    if sentences[before].text.rstrip().endswith(":"):
        return own[before]
    speaker = own[before]
    if speaker is not None and speaker.person and lines[before] == first.piece.first_line:
        return speaker
    return None


def _sentence_lines(text: str, sentences: Sequence[Sentence]) -> list[int]:
    """The line (numbered as ``_pieces`` numbers them) where each sentence ends."""
    starts = [line.start() for line in _LINE_RE.finditer(text)]
    return [bisect_right(starts, max(s.end - 1, s.start)) - 1 for s in sentences]


def _found_in_article(
    scan: Scan,
    sentences: Sequence[Sentence],
    people: People,
    min_words: int,
    doc: int,
) -> list[_Found]:
    items, own = _items(scan, sentences, people, min_words)
    lines = _sentence_lines(scan.article.text, sentences)
    groups: list[list[_Item]] = []
    for item in items:
        if groups and _joins(scan.article.text, groups[-1], item):
            groups[-1].append(item)
        else:
            groups.append([item])
    found: list[_Found] = []
    previous = _NO_PREVIOUS
    for group in groups:
        speaker = next((item.speaker for item in group if item.speaker), None)
        if speaker is None and not any(item.attributed for item in group):
            speaker = _inherited(scan.article.text, group, previous, sentences, own, lines)
        indices = sorted({i for item in group for i in item.sentences})
        previous = _Previous(group[-1].piece.line, speaker, indices[-1] if indices else -1)
        text = _join_texts([item.text for item in group]).rstrip(",;: ")
        if len(text.split()) < min_words or not indices:
            continue
        found.append(
            _Found(
                text=text,
                speaker=speaker,
                sentences=tuple(sentences[i] for i in indices),
                article_id=scan.article.id,
                order=(sentences[indices[0]].index, doc),
                at=group[0].piece.outer[0][0],
            )
        )
    turns = _speaking_turns(scan, people)
    return _with_turns(scan, sentences, found, turns, min_words, doc) if turns else found


def _speaking_turns(scan: Scan, people: People) -> list[tuple[Turn, _Speaker]]:
    """The transcript turns of an article whose label names one of the story's people
    ("TRUMP:" -> Donald Trump; "REPORTER:", "THE FACTS:", "PHOTOS:" name no one), with
    that person."""
    turns = transcript_turns(scan.article.text)
    if not turns:
        return []
    labelled: list[tuple[Turn, Mention]] = []
    for turn in turns:
        named = read_mentions(turn.label.title())  # "MCEVERS" read as "Mcevers"
        if named:
            m = named[-1]  # "PRESIDENT DONALD TRUMP": the name after the title
            at = turn.label_start
            labelled.append((turn, m._replace(start=at + m.start, end=at + m.end)))
    known = known_in([*scan.mentions, *(m for _, m in labelled)], people)
    out: list[tuple[Turn, _Speaker]] = []
    for turn, mention in labelled:
        speaker = _as_speaker(person_of(mention, known))
        if speaker is not None:
            out.append((turn, speaker))
    return out


def _with_turns(
    scan: Scan,
    sentences: Sequence[Sentence],
    found: Sequence[_Found],
    turns: Sequence[tuple[Turn, _Speaker]],
    min_words: int,
    doc: int,
) -> list[_Found]:
    """An article's quotations with its speakers' transcript turns: a quotation in a turn
    is its speaker's ('TRUMP: "To be honest I inherited a mess."'); a turn that does not
    open with a quotation mark is itself a quotation of its speaker, with any marked
    quotation inside it (he quotes, or is quoted, in his own words)."""
    text = scan.article.text
    out: list[_Found] = []
    taken: list[tuple[int, int]] = []
    for turn, speaker in turns:
        if _MARK_RE.match(text, turn.start):
            continue
        words = " ".join(text[turn.start : turn.end].split())
        indices = [i for i, s in enumerate(sentences) if s.start < turn.end and turn.start < s.end]
        if len(words.split()) < min_words or not indices:
            continue
        taken.append((turn.label_start, turn.end))
        out.append(
            _Found(
                text=words,
                speaker=speaker,
                sentences=tuple(sentences[i] for i in indices),
                article_id=scan.article.id,
                order=(sentences[indices[0]].index, doc),
                at=turn.start,
            )
        )
    for f in found:
        if any(lo <= f.at < hi for lo, hi in taken):
            continue  # part of a turn taken whole
        turn_speaker = next((sp for t, sp in turns if t.start <= f.at < t.end), None)
        out.append(f if turn_speaker is None else f._replace(speaker=turn_speaker))
    out.sort(key=lambda f: f.at)
    return out


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
    known = people_index(_people_in([scan]) if people is None else people)
    return tuple(_as_quote(f) for f in _found_in_article(scan, sentences, known, min_words, 0))


# --- across the story -------------------------------------------------------------------


def _quote_words(text: str) -> tuple[str, ...]:
    return tuple(_QUOTE_NORM_RE.sub(" ", fold_text(text)).split())


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
    """Clusters of the same quotation; a cluster keeps its first speaker.

    A quotation joins the first cluster that agrees on the speaker and holds one that is
    the same; it meets only the clusters of the quotations ``QuoteIndex`` offers (the only
    ones that can be the same), in the order they were made.
    """
    words = [_quote_words(item.text) for item in found]
    index = QuoteIndex(words, QUOTE_SIMILARITY)
    clusters: list[list[tuple[_Found, tuple[str, ...]]]] = []
    cluster_of: list[int] = []
    for i, item in enumerate(found):
        for c in sorted({cluster_of[j] for j in index.candidates(i)}):
            cluster = clusters[c]
            speaker = next((f.speaker for f, _ in cluster if f.speaker), None)
            agree = item.speaker is None or speaker is None or item.speaker.name == speaker.name
            if agree and any(_same_words(words[i], w) for _, w in cluster):
                cluster.append((item, words[i]))
                cluster_of.append(c)
                break
        else:
            cluster_of.append(len(clusters))
            clusters.append([(item, words[i])])
        index.add(i)
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


def extract_quotes(
    corpus: Corpus, *, min_words: int = MIN_QUOTE_WORDS, scans: Sequence[Scan] | None = None
) -> tuple[Quote, ...]:
    """The story's quotations, merged across reports; most reports first, then earliest.

    "Earliest" is the position in the article (a lead quotation before one near the end),
    then the article's order in the corpus. ``scans``: ``scan_story(corpus)`` where
    already read.
    """
    by_doc: list[list[Sentence]] = [[] for _ in corpus.articles]
    for unit in corpus.units:
        by_doc[unit.doc].append(unit.sentence)
    if scans is None:
        scans = scan_story(corpus)
    people = story_people(m for scan in scans for m in scan.mentions)
    found = [
        f
        for doc, scan in enumerate(scans)
        for f in _found_in_article(scan, by_doc[doc], people, min_words, doc)
    ]
    quotes = [(_cluster_quote(c), min(f.order for f in c)) for c in _merge(found)]
    quotes.sort(key=lambda pair: (-pair[0].support, pair[1]))
    return tuple(quote for quote, _ in quotes)
