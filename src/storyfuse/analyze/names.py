"""The one name recogniser: people, places and organisations, their titles and spellings.

Every analyzer that needs names reads them here: the quote reader (speakers, through
``storyfuse.analyze.speakers``), the brief's names list (``storyfuse.analyze.namelist``)
and the office holders of ``storyfuse.analyze.conflicts``.

1. ``name_spans``: runs of capitalised words in a text ("Recep Tayyip Erdogan",
   "Port Alden Chamber of Commerce", "U.S.", "Donald K. Yeomans", "Carl-Henric
   Svanberg"). A run breaks at punctuation, a possessive ("Istanbul’s Kadir Has
   University", but "St Brannoch's Hospital" stays whole), a line end and a hyphen
   between places ("Russia-Ukraine"), but a hyphenated given name after a capitalised word
   stays whole ("Kim Jong-nam", "Ban Ki-moon"); "of" joins two runs only after an
   organisation or geographic head or a title ("Chamber of Commerce", "Gulf of Mexico"), a
   number follows a head that takes one ("Swissair Flight 111"), "and" only before words
   that end in one ("National Aeronautics and Space Administration"), particles always
   ("Osama bin Laden"); the period of a title abbreviation or an initial stays in the run
   ("Mr. Kuleba"). Edge function
   words ("The"), months and weekdays are dropped, and so are a sentence starter
   ("However", "Meanwhile") and an opening "-ing"/"-ly" word before a name ("Bringing
   Lavrov ..."). A title in the run ("Turkish President Recep Tayyip Erdogan", "Mr
   Kuleba", "FM Lavrov") keeps its words as the name's role; so does a title run before
   a comma ("Kyiv Mayor, Vitali Klitschko") and a lower-case title with the capitalised
   words before it ("Russian foreign minister Sergei Lavrov"); a title word after a given
   name is a surname ("Peter King"), and one standing alone may be ("Lord replied"). A
   listed place before the title is a name too ("Kyiv Mayor"). An article is tokenized
   once (``text_tokens``): its sentences' tokens and its quotation-masked text's are a
   share of its own wherever tokenizing them alone would find the same (``sentence_tokens``,
   ``masked_tokens``; else they are tokenized alone).
2. ``same_name``: two spellings are one name when their last words are alike (1 - edit
   distance / longer length >= ``NAME_SIMILARITY`` on case- and accent-folded words:
   Zelensky~Zelenskyy 0.89, Çavuşoğlu = Cavusoglu) and every other word of the shorter
   name is alike one of the longer's (Dmytro/Dymytro Kuleba, Tayyip/Recep Tayyip Erdogan,
   Fernando/Fernando Henrique Cardoso, a lone surname). This is the quote reader's
   measure, which on the gold briefs' entity labels merges more labelled variants than
   the names list's word-aligned rapidfuzz ratio (213 against 190 of 430 pairs, titles
   dropped), with "every" other word where it had "any": that keeps those merges and
   makes 15 wrong merges of different entities instead of 18 (the ratio: 14 of 13,988;
   none of the 496 pairs of different gold speakers in any case).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import TYPE_CHECKING, NamedTuple

from storyfuse.lexicon import (
    COMPOUND_SECONDS,
    DEMONYMS,
    HONORIFICS,
    MONTH_NUMBERS,
    NOT_NAMES,
    NUMBERED_HEADS,
    ORG_HEADS,
    PARTICLES,
    PAST_MODIFIERS,
    PERSON_TITLE_ABBREVIATIONS,
    PLACE_HEADS,
    PLACES,
    RELATIVE_DAYS,
    SENTENCE_STARTERS,
    TITLE_ABBREVIATIONS,
    TITLE_HEADS,
    TITLE_MODIFIERS,
    TITLES,
    WEEKDAYS,
)
from storyfuse.text.textstats import STOPWORDS

if TYPE_CHECKING:
    from storyfuse.text.corpus import Corpus
    from storyfuse.types import Sentence

NAME_SIMILARITY = 0.8  # 1 - edit distance / longer length: Zelensky~Zelenskyy 0.89
MAX_NAME_WORDS = 6
MIN_AND_JOINED = 2  # words after "and" inside one name: "... and Space Administration"
NAME_KEY_CACHE = 1 << 14  # distinct names whose folded words are remembered
MAX_MODIFIERS = 3  # words qualifying a lower-case title: "regional transport minister"
MAX_QUALIFIERS = 3  # capitalised words before a lower-case title: "Russian foreign minister"
MODIFIER_LOOKBACK_CHARS = 60  # how far back lower-case modifiers of a title are looked for
GIVEN_SYLLABLE_FIRST = (2, 5)  # letters of a hyphenated given name's parts: "Jong-nam",
GIVEN_SYLLABLE_SECOND = (2, 4)  # "Ki-moon", "Jae-in", "Myung-bak" (not "Oscar-winning")

# Stands in for quoted characters (``speakers.read_mentions`` reads names outside
# quotations): a run of it is one token, no word, as each of its characters would be.
MASK = "\x00"

_ABBREVIATIONS = "|".join(sorted(TITLE_ABBREVIATIONS, key=len, reverse=True))
_TOKEN_RE = re.compile(
    rf"{MASK}+"  # a quotation blanked out: one token, not one per character
    r"|(?=[A-Z])(?:(?:[A-Z]\.){2,}"  # "U.S." is one token
    rf"|(?<![\w.])(?:{_ABBREVIATIONS})\.(?=[ \t]+[A-Z])"  # "Mr. Kuleba", "Gov. Covas"
    r"|(?<![\w.])[A-Z]\.(?=[ \t]+[A-Z][a-z]))"  # an initial: "Donald K. Yeomans"
    r"|[^\W_][\w'’]*(?:-[^\W\d_][\w'’]*)*"  # words, hyphenated ones whole
    r"|[^\w\s]"
)
_HYPHEN_PART_RE = re.compile(r"[^-]+|-")
_COMPOUND_AFTER_RE = re.compile(r"-[a-z]")  # "Trump-led", "War-era": an adjective's half
_NUMBER_RE = re.compile(r"\d+")  # "Flight 111", "Route 66"
_DEMONYM_RE = re.compile(r"[A-Z][a-z]{2,}(?:ian|ean|ese|ish)s?")  # "Chilean", "Chinese"
_POSSESSIVE_RE = re.compile(r"['’]s?$")
_POSSESSIVE_ENDS = frozenset("s'’")
_TITLE_COMMA_RE = re.compile(r"[ \t]*,[ \t]+")  # "Kyiv Mayor, Vitali Klitschko"
_MODIFIERS_BEFORE_RE = re.compile(
    rf"(?<![\w'’-])(?:(?:{'|'.join(sorted(TITLE_MODIFIERS, key=len, reverse=True))})[ \t]+)"
    rf"{{1,{MAX_MODIFIERS}}}$"
)
_NON_WORD_RE = re.compile(r"\W+")
# Where a token's regex looks past a part of a text (``TextTokens``): a character before
# it that its lookbehinds read ("(?<![\w.])") or where a hyphenated word's parts go on
# ("Paris-Carl-Henric" is split for its place, "Carl-Henric" alone is not), a hyphenated
# word whose split reads the token before it, a title abbreviation or an initial whose
# lookahead reads the words after it ("Mr." only before a capital).
_READ_BEHIND_RE = re.compile(r"[\w.-]")
_HYPHENATED_RE = re.compile(r"[^\W_][\w'’]*-[^\W\d_]")
_ACRONYM_RE = re.compile(r"(?:[A-Z]\.){2,}")
_MARK_RE = re.compile(r"[^\w\s.-]")  # a quotation's opening mark: "\"", "“", "‘", "("
_QUOTE_OPENERS = frozenset("\"“‘'(:—–[")
_SENTENCE_ENDS = frozenset(".!?")
_OPENING_SUFFIXES = ("ing", "ly")  # "Bringing", "Reportedly": a verb or adverb, no given name
_TITLE_LINKS = frozenset(("of", "the", "affairs", "press"))  # "Minister of the Interior"
_TITLE_WORDS = TITLE_HEADS | TITLE_MODIFIERS | _TITLE_LINKS
_EXCLUDED = STOPWORDS | MONTH_NUMBERS.keys() | frozenset(WEEKDAYS) | RELATIVE_DAYS | NOT_NAMES


@dataclass(frozen=True, slots=True)
class NameSpan:
    """One name in a text: its words, offsets, whether it opens a sentence, its role.

    ``role`` is the title before a titled name as written ("Turkish Foreign Minister",
    "Ms", "Russian foreign minister"), else ""; ``role_start`` is where it starts (the
    name's start without one), so that "said Kyiv Mayor Vitali Klitschko" reads as one
    expression.
    """

    name: str
    start: int
    end: int
    initial: bool
    role: str
    role_start: int


class _Token(NamedTuple):  # a tuple: a text has thousands, made faster than a dataclass
    text: str
    start: int
    end: int


# ``_Token((text, start, end))`` without the keyword-argument wrapper: a text has thousands
_new_token: Callable[[tuple[str, int, int]], _Token] = partial(tuple.__new__, _Token)


def _given_name_syllables(parts: Sequence[str]) -> bool:
    """A hyphenated given name of two syllables, the second in lower case, as Korean names
    are written ("Jong-nam", "Ki-moon", "Jae-in"): short parts, the second no compound
    adjective's half ("War-era", "Tory-led")."""
    if len(parts) != 2:
        return False
    first, second = parts
    lo1, hi1 = GIVEN_SYLLABLE_FIRST
    lo2, hi2 = GIVEN_SYLLABLE_SECOND
    return (
        lo1 <= len(first) <= hi1
        and first.isalpha()
        and first[0].isupper()
        and first[1:].islower()
        and lo2 <= len(second) <= hi2
        and second.isalpha()
        and second.islower()
        and second not in COMPOUND_SECONDS
    )


def _split_hyphenated(text: str, start: int, after_name: bool = False) -> list[_Token]:
    """A hyphenated word is one token when every part is capitalised and none is a place or
    a demonym ("Carl-Henric", "Attorney-General"), or, right after a capitalised word, when
    it is a given name of two syllables ("Kim Jong-nam"); else its parts ("Russia", "-",
    "Ukraine")."""
    parts = text.split("-")
    capitalised = all(_is_capitalised(p) for p in parts)
    whole = (capitalised or (after_name and _given_name_syllables(parts))) and not any(
        p.casefold() in PLACES or is_demonym(p) for p in parts
    )
    if whole:
        return [_Token(text, start, start + len(text))]
    return [
        _Token(m.group(), start + m.start(), start + m.end())
        for m in _HYPHEN_PART_RE.finditer(text)
    ]


def _tokens(text: str) -> list[_Token]:
    if "-" not in text:  # most sentences: every token as matched
        return [_new_token((m.group(), *m.span())) for m in _TOKEN_RE.finditer(text)]
    out: list[_Token] = []
    append = out.append  # a text has thousands of tokens: the loop is kept lean
    for m in _TOKEN_RE.finditer(text):
        word = m.group()
        start, end = m.span()
        if "-" in word:
            prev = out[-1] if out else None
            after_name = (
                prev is not None
                and _is_capitalised(prev.text)
                and text[prev.end : start] == " "
            )
            out.extend(_split_hyphenated(word, start, after_name))
        else:
            append(_new_token((word, start, end)))
    return out


@dataclass(frozen=True, slots=True)
class TextTokens:
    """A text's tokens, read once (``text_tokens``) for every reading of its names: each
    sentence's (``sentence_tokens``) and the text's with its quotations blanked out
    (``masked_tokens``) are a share of them wherever the tokens' regex, read on its own
    there, would find the same; ``starts``: each token's start, for bisecting; ``caps``:
    whether each is capitalised (``_is_capitalised``)."""

    text: str
    tokens: list[_Token]
    starts: list[int]
    caps: list[bool]


def _caps(toks: Sequence[_Token]) -> list[bool]:
    """``_is_capitalised`` of each token, inline: a text has thousands."""
    return [t[:1].isupper() and t[:1].isalpha() for t, _, _ in toks]


def text_tokens(text: str) -> TextTokens:
    """The tokens ``name_spans`` reads in a text, with their starts."""
    toks = _tokens(text)
    return TextTokens(text, toks, [t.start for t in toks], _caps(toks))


def _edges_hold(whole: TextTokens, first: int, last: int, start: int, end: int) -> bool:
    """Whether ``whole``'s tokens ``first`` to ``last`` (exclusive) are those of
    ``whole.text[start:end]`` tokenized alone: the part stands between spaces (or the
    text's ends), so no word crosses them and no lookbehind reads a letter or a period
    before it; no hyphenated word opens the part right after a capitalised word (its
    split reads the word before it: "Kim Jong-nam"); and the last token, where it ends
    at ``end``, is no title abbreviation or initial (their period is theirs only before a
    capital, which the part alone lacks: "Mr." "K.")."""
    text, toks = whole.text, whole.tokens
    if (start and not text[start - 1].isspace()) or (end < len(text) and not text[end].isspace()):
        return False
    if (
        first
        and last > first
        and _HYPHENATED_RE.match(text, toks[first].start)
        and _is_capitalised(toks[first - 1].text)
        and text[toks[first - 1].end : toks[first].start] == " "
    ):
        return False
    if last > first:
        word, word_end = toks[last - 1].text, toks[last - 1].end
        if word_end == end and len(word) > 1 and word.endswith(".") and not (
            _ACRONYM_RE.fullmatch(word)
        ):
            return False
    return True


def sentence_tokens(
    whole: TextTokens, start: int, end: int, sentence: str
) -> list[_Token] | None:
    """The tokens of ``whole.text[start:end]`` (a sentence, stripped, ``sentence`` its
    text) from the whole text's, offsets the whole text's; None where tokenizing it alone
    could find others (``_edges_hold``)."""
    share = _sentence_share(whole, start, end, sentence)
    return None if share is None else whole.tokens[share[0] : share[1]]


def _sentence_share(
    whole: TextTokens, start: int, end: int, sentence: str
) -> tuple[int, int] | None:
    """``sentence_tokens`` as the indices of the first and after the last token."""
    text = whole.text
    if (
        end <= start
        or len(sentence) != end - start
        or not text.startswith(sentence, start)
        or text[start].isspace()
        or text[end - 1].isspace()
    ):
        return None
    first = bisect_left(whole.starts, start)
    last = bisect_left(whole.starts, end, first)
    if not _edges_hold(whole, first, last, start, end):
        return None
    return first, last


def masked_tokens(whole: TextTokens, masked: str, blanked: Iterable[tuple[int, int]]) -> TextTokens:
    """The tokens of ``masked``: ``whole.text`` with the spans ``blanked`` (quotations with
    their marks) overwritten by ``MASK``, each run of it one token. Outside those spans
    they are ``whole``'s where no token crosses a span's ends, each span opens on a mark
    ("\"", "“": no letter, digit, space, period or hyphen, which a lookahead or a word
    before it may read), a token right at its end follows no character a lookbehind or
    a hyphenated word reads (a quotation left open at a line's end may end in "."), and
    its last token is not capitalised (a hyphenated word after it is split by the word
    before it: "‘Tiger’ Woods-led"); else ``masked`` is tokenized anew."""
    text = whole.text
    runs: list[list[int]] = []
    for a, b in sorted(blanked):
        if a >= b:
            continue
        if runs and a <= runs[-1][1]:
            runs[-1][1] = max(runs[-1][1], b)
        else:
            runs.append([a, b])
    if len(masked) != len(text) or MASK in text:
        return text_tokens(masked)
    toks, starts, caps = whole.tokens, whole.starts, whole.caps
    out: list[_Token] = []
    out_caps: list[bool] = []
    taken = 0
    for a, b in runs:
        first = bisect_left(starts, a, taken)
        last = bisect_left(starts, b, first)
        if (
            not _MARK_RE.match(text, a)
            or (last < len(toks) and starts[last] == b and _READ_BEHIND_RE.match(text, b - 1))
            or (first and toks[first - 1].end > a)
            or (last and toks[last - 1].end > b)
            or (last > first and _is_capitalised(toks[last - 1].text))
        ):
            return text_tokens(masked)
        out.extend(toks[taken:first])
        out.append(_Token(MASK * (b - a), a, b))
        out_caps.extend(caps[taken:first])
        out_caps.append(False)
        taken = last
    out.extend(toks[taken:])
    out_caps.extend(caps[taken:])
    return TextTokens(masked, out, [t.start for t in out], out_caps)


def _bare(word: str) -> str:
    """The word without a possessive: "Erdogan's" -> "Erdogan", "Reuters'" -> "Reuters"."""
    if word[-1:] not in _POSSESSIVE_ENDS:
        return word
    return _POSSESSIVE_RE.sub("", word)


@lru_cache(maxsize=NAME_KEY_CACHE)
def _low(word: str) -> str:
    """The word as the lexicon spells it: no possessive, no final period, casefolded
    (remembered: a story's capitalised words recur, and each is asked several times)."""
    return _bare(word).casefold().rstrip(".").replace("’", "'")


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper() and word[:1].isalpha()


def _hyphenated_office(low: str) -> bool:
    """A hyphenated office whose parts are all title words, one a head ("inspector-general",
    "director-general"; the listed "attorney-general" too)."""
    if "-" not in low:
        return False
    parts = low.split("-")
    return (
        all(p in TITLE_HEADS or p in TITLE_MODIFIERS for p in parts)
        and any(p in TITLE_HEADS for p in parts)
    )


def _is_office(low: str) -> bool:
    """A casefolded word that is a title or honorific, hyphenated offices included."""
    return low in TITLES or _hyphenated_office(low)


def _is_title(word: str) -> bool:
    """A title or honorific ("Minister", "Mr", "Inspector-General"), or an abbreviated one
    with its period ("Adm.", "Hon."; without it "Hon Hai" is a name)."""
    return _is_office(_low(word)) or (
        word.endswith(".") and word[:-1] in PERSON_TITLE_ABBREVIATIONS
    )


def _is_title_head(word: str) -> bool:
    low = _low(word)
    return low in TITLE_HEADS or _hyphenated_office(low) or (
        word.endswith(".") and word[:-1] in PERSON_TITLE_ABBREVIATIONS and not is_honorific(word)
    )


def _is_excluded(word: str) -> bool:
    return _low(word) in _EXCLUDED


def _opens(prev: _Token | None, gap: str) -> bool:
    """True where grammar capitalises the word: text or line start, after a sentence end,
    a quote or a colon."""
    if prev is None or "\n" in gap:
        return True
    return prev.text in _QUOTE_OPENERS or prev.text in _SENTENCE_ENDS


def _possessive_joins(nxt: _Token | None) -> bool:
    """A possessive inside one name: "St Brannoch's Hospital", "Children's Fund"."""
    if nxt is None or not _is_capitalised(nxt.text):
        return False
    word = _bare(nxt.text).casefold()
    return word in ORG_HEADS or word in PLACE_HEADS


def _period_ends(prev: _Token, tok: _Token) -> bool:
    """Whether the period of an initial or an acronym before a sentence starter ended a
    sentence ("Plan B. The ...", "in the U.S. He said")."""
    return prev.text.endswith(".") and tok.text in SENTENCE_STARTERS


def _org_follows(text: str, toks: Sequence[_Token], start: int) -> bool:
    """Whether capitalised words from ``toks[start]`` on, two or more, end in an
    organisation head: "and" then joins them to the run before ("National Aeronautics and
    Space Administration"; not "Russia and Ukraine")."""
    end = start
    while end < len(toks) and _is_capitalised(toks[end].text):
        if end > start and text[toks[end - 1].end : toks[end].start] != " ":
            break
        end += 1
    return end - start >= MIN_AND_JOINED and _low(toks[end - 1].text) in ORG_HEADS


def _runs(
    text: str, toks: Sequence[_Token], caps: Sequence[bool]
) -> list[tuple[list[int], bool]]:
    """Runs of capitalised tokens (their indices), with whether each opens a sentence;
    ``caps``: ``_caps(toks)``."""
    runs: list[tuple[list[int], bool]] = []
    current: list[int] = []
    initial = False
    for i, tok in enumerate(toks):
        capitalised = caps[i]
        if not capitalised and not current and tok.text not in PARTICLES:
            continue  # most words: no run to end or extend, and none starts here
        prev = toks[i - 1] if i else None
        gap = text[prev.end : tok.start] if prev else ""
        joined = (
            bool(current)
            and prev is not None
            and gap.strip() == ""
            and "\n" not in gap
            and not _period_ends(prev, tok)
        )
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if capitalised:
            if current and not joined:
                runs.append((current, initial))
                current = []
            if not current:
                initial = _opens(prev, gap)
            current.append(i)
            if _bare(tok.text) != tok.text and not _possessive_joins(nxt):
                runs.append((current, initial))  # a possessive ends the name
                current = []
            continue
        before_name = nxt is not None and caps[i + 1]
        last = _low(toks[current[-1]].text) if current else ""
        if joined and last in NUMBERED_HEADS and _NUMBER_RE.fullmatch(tok.text):
            current.append(i)  # "Swissair Flight 111": the head takes its number
            continue
        heads = last in ORG_HEADS or last in PLACE_HEADS or _is_office(last)
        of_name = tok.text == "of" and heads  # "Gulf of Mexico", "Chamber of Commerce"
        and_name = tok.text == "and" and last not in PLACES and _org_follows(text, toks, i + 1)
        if joined and before_name and (tok.text in PARTICLES or of_name or and_name):
            current.append(i)  # "Lula da Silva", "Chamber of Commerce"
            continue
        if not current and before_name and tok.text in PARTICLES:
            initial = False
            current.append(i)  # "bin Laden"
            continue
        if current:
            runs.append((current, initial))
            current = []
    if current:
        runs.append((current, initial))
    return runs


def _opening_word(word: str, initial: bool, remaining: int) -> bool:
    """A word before a name that is no part of it: a sentence starter ("Meanwhile"), or
    an opening verb or adverb ("Bringing Lavrov and Kuleba together ...")."""
    if word in SENTENCE_STARTERS:
        return True
    if _low(word) in TITLE_MODIFIERS:
        return False  # "Acting Deputy Premier Bulent Ecevit", "Managing Director"
    return initial and remaining > 1 and _bare(word).endswith(_OPENING_SUFFIXES)


def _qualifies_title(word: str) -> bool:
    """A word that may stand before a title: a title word, a place, a demonym or an acronym
    ("Prime", "Kyiv", "Turkish", "UN"); not a given name ("Peter" King)."""
    low = _low(word)
    return (
        _is_title(word)
        or low in TITLE_MODIFIERS
        or low in PLACES
        or is_demonym(word)
        or word.rstrip(".").isupper()
    )


@lru_cache(maxsize=NAME_KEY_CACHE)
def _clean_run(words: tuple[str, ...], initial: bool) -> tuple[int, int, int]:
    """Where the name lies in a run: ``(role_start, name_start, end)`` word indices
    (remembered, as ``_low``: a story's runs recur, in its sentences and its articles).

    Edge function words are dropped; a title splits the run into the role before the name
    ("Turkish Foreign Minister") and the name after it. A title word at the end of a run is
    a title only after nothing but qualifiers of titles ("Kyiv Mayor", "the Prime
    Minister"); after a given name it is a surname ("Peter King", "Jeffrey Lord").
    """
    low = [_low(w) for w in words]
    lo, hi = 0, len(words)
    while (
        lo < hi
        and not _is_title(words[lo])
        and (_is_excluded(words[lo]) or _opening_word(words[lo], initial, hi - lo))
    ):
        lo += 1  # not "Mr", though a stopword: it makes the name a person's
    while hi > lo and (_is_excluded(words[hi - 1]) or low[hi - 1] == "of"):
        hi -= 1
    titled = [i for i in range(lo, hi - 1) if _is_title(words[i])]
    last = hi - 1
    if last >= lo and _is_title(words[last]) and all(map(_qualifies_title, words[lo:last])):
        titled.append(last)
    if not titled:
        return lo, lo, hi
    cut = hi
    while cut > titled[-1] + 1 and low[cut - 1] not in TITLE_MODIFIERS and low[cut - 1] != "of":
        cut -= 1
    return lo, cut, hi


def _is_lower_title_word(word: str) -> bool:
    return word in TITLE_HEADS or word in TITLE_MODIFIERS or word == "press"


def _lower_title(text: str, toks: Sequence[_Token], first: int) -> tuple[str, int] | None:
    """A lower-case title right before a name (or before its comma), with the capitalised
    words qualifying it: "Russian foreign minister" Sergei Lavrov, "Granger Telecom chief
    executive" Ray Verth, "Brazil's finance minister," Pedro Malan, and a past holder's
    modifier before them ("late North Korean leader" Kim Jong-il); (role, start) or None."""
    end = first  # the title's words lie before toks[end]
    if end > 1 and toks[end - 1].text == "," and toks[end - 2].end == toks[end - 1].start:
        end -= 1  # "finance minister, Pedro Malan"
    if end == 0 or text[toks[end - 1].end : toks[first].start].strip(", \t") != "":
        return None
    j = end
    while j > 0 and end - j <= MAX_MODIFIERS and _is_lower_title_word(toks[j - 1].text):
        if j < end and text[toks[j - 1].end : toks[j].start] != " ":
            break
        j -= 1
    if j == end or not any(toks[k].text in TITLE_HEADS for k in range(j, end)):
        return None
    qualifiers = 0
    while j > 0 and qualifiers < MAX_QUALIFIERS and text[toks[j - 1].end : toks[j].start] == " ":
        word = toks[j - 1].text
        if not _is_capitalised(word) or _bare(word) != word or _is_excluded(word):
            break
        if word in SENTENCE_STARTERS or _low(word) in TITLES:
            break
        j, qualifiers = j - 1, qualifiers + 1
    past = j > 0 and toks[j - 1].text in PAST_MODIFIERS
    if past and text[toks[j - 1].end : toks[j].start] == " ":
        j -= 1  # "late North Korean leader" Kim Jong-il: a past holder, in the role as written
    return text[toks[j].start : toks[end - 1].end], toks[j].start


def _glued_openers(text: str, spans: Sequence[NameSpan], end: int) -> list[NameSpan]:
    """A sentence's capitalised first word glued to a name in a compound adjective
    ("Bonus Trump-led poll: ...") cut off: where an opening run of two words or more
    stands before a hyphen and a lower-case word, and the text names its last words
    elsewhere (not opening a sentence: "Donald Trump", "Trump") but never the whole run
    there, the name is those last words. "Cold War-era", "New York-based" stay whole: their
    last word is no name of its own, or the whole is named elsewhere too. The text is
    read up to ``end`` (a sentence's end, in its article)."""
    elsewhere = {s.name for s in spans if not s.initial}
    elsewhere |= {s.name.rsplit(" ", 1)[-1] for s in spans if not s.initial}
    out: list[NameSpan] = []
    for span in spans:
        words = span.name.split()
        if (
            len(words) < 2
            or not span.initial
            or span.role
            or span.name in elsewhere
            or not _COMPOUND_AFTER_RE.match(text, span.end, end)
        ):
            out.append(span)
            continue
        cut = next((k for k in range(1, len(words)) if " ".join(words[k:]) in elsewhere), 0)
        if not cut:
            out.append(span)
            continue
        name = " ".join(words[cut:])
        start = span.end - len(name)
        out.append(NameSpan(name, start, span.end, False, "", start))
    return out


def name_spans(text: str, tokens: TextTokens | None = None) -> list[NameSpan]:
    """The names in a text (a sentence, or a whole article), with their offsets and roles
    (``_glued_openers`` cut); ``tokens``: the text's tokens where already read
    (``text_tokens``, ``masked_tokens``)."""
    if tokens is None:
        toks = _tokens(text)
        return _spans_of(text, toks, _caps(toks), len(text))
    if tokens.text is not text and tokens.text != text:
        raise ValueError("name_spans: the tokens given are of another text")
    return _spans_of(text, tokens.tokens, tokens.caps, len(text))


def _spans_of(
    text: str, toks: Sequence[_Token], caps: Sequence[bool], end_at: int
) -> list[NameSpan]:
    """``name_spans`` of the text that ``toks`` cover (``caps``: ``_caps(toks)``), which
    ends at ``end_at`` (a sentence's tokens in its article's text: offsets are the
    article's)."""
    out: list[NameSpan] = []
    pending: tuple[str, int, int] | None = None  # a title run before a comma: role, start, end
    for run, initial in _runs(text, toks, caps):
        words = [toks[i].text for i in run]
        lo, start, end = _clean_run(tuple(words), initial)
        role = " ".join(words[lo:start])
        role_start = toks[run[lo]].start if lo < start else -1
        if role and _low(words[lo]) in PLACES:  # "Kyiv Mayor", "Turkey President"
            place = toks[run[lo]]
            out.append(NameSpan(place.text, place.start, place.end, initial, "", place.start))
            initial = False
        previous, pending = pending, None
        if start >= end:
            if role and _is_title(words[-1]):
                pending = (role, role_start, toks[run[-1]].end)
            if end - lo == 1 and words[lo].isalpha():  # "Lord replied": a surname, maybe
                word = toks[run[lo]]
                out.append(NameSpan(word.text, word.start, word.end, initial, "", word.start))
            continue
        names = words[start:end]
        if len(names) > MAX_NAME_WORDS:
            continue
        names[-1] = _bare(names[-1])
        first = toks[run[start]]
        if not role and previous and _TITLE_COMMA_RE.fullmatch(text, previous[2], first.start):
            role, role_start = previous[0], previous[1]
        elif not role and (lowered := _lower_title(text, toks, run[start])):
            role, role_start = lowered
        last = toks[run[end - 1]]
        out.append(
            NameSpan(
                name=" ".join(names),
                start=first.start,
                end=last.start + len(names[-1]),
                initial=initial and start == 0,
                role=role,
                role_start=role_start if role else first.start,
            )
        )
    begin = toks[0].start if toks else end_at
    if text.find("-", begin, end_at) < 0:
        return out
    return _glued_openers(text, out, end_at)


def sentence_spans(
    corpus: Corpus, tokens: Sequence[TextTokens] | None = None
) -> tuple[tuple[NameSpan, ...], ...]:
    """``name_spans`` of each of a corpus's sentences (``corpus.units`` order): read once
    for the analyzers that read names sentence by sentence (names list, differences).
    ``tokens``: ``text_tokens`` of each article, whose tokens each sentence shares
    (``sentence_tokens``) instead of being tokenized again."""
    if tokens is None:
        return tuple(tuple(name_spans(unit.sentence.text)) for unit in corpus.units)
    if len(tokens) != len(corpus.articles):
        raise ValueError(
            f"sentence_spans: tokens of {len(tokens)} articles for {len(corpus.articles)}"
        )
    return tuple(_sentence_spans(tokens[unit.doc], unit.sentence) for unit in corpus.units)


def _sentence_spans(article: TextTokens, sentence: Sentence) -> tuple[NameSpan, ...]:
    share = _sentence_share(article, sentence.start, sentence.end, sentence.text)
    if share is None:
        return tuple(name_spans(sentence.text))
    first, last = share
    toks, caps = article.tokens[first:last], article.caps[first:last]
    start = sentence.start
    return tuple(
        NameSpan(s.name, s.start - start, s.end - start, s.initial, s.role, s.role_start - start)
        for s in _spans_of(article.text, toks, caps, sentence.end)
    )


def modifiers_before(text: str, start: int, role: str) -> int:
    """Where lower-case title modifiers right before a role that opens with a title word
    begin ("state" Sen. Peter Fitzgerald, "former" Foreign Minister ...; not before
    "Turkish President"); ``start`` itself where there are none."""
    first = role.split()[0] if role else ""
    if not (_low(first) in _TITLE_WORDS or _is_title_head(first)):
        return start
    match = _MODIFIERS_BEFORE_RE.search(text, max(0, start - MODIFIER_LOOKBACK_CHARS), start)
    return match.start() if match else start


def title_of(role: str) -> str | None:
    """The office in a role, title-cased: "Turkish President" -> "President", "Russian
    foreign minister" -> "Foreign Minister", "US Secretary of Defense" -> "Secretary of
    Defense"; None for an honorific alone ("Ms")."""
    words = role.split()
    if words and words[-1].casefold() in ("of", "the"):
        return None  # "CEO of" Southern Cross Austereo: the name is not the title's holder
    k = len(words)
    while k > 0 and (_low(words[k - 1]) in _TITLE_WORDS or _is_title_head(words[k - 1])):
        k -= 1
    office = [w.rstrip(".") for w in words[k:]]  # "Gov." -> "Gov"
    while office and office[0].casefold() in ("of", "the", "affairs"):
        office = office[1:]
    if not any(_is_title_head(w) for w in words[k:]):
        return None
    return " ".join(
        w if w.isupper() or w in ("of", "the") else w[:1].upper() + w[1:] for w in office
    )


def opens_with_title(text: str) -> bool:
    """Whether words open with a title: up to ``MAX_MODIFIERS`` modifiers, then a head
    ("spokesman for the ministry", "foreign minister of Turkey")."""
    for word in text.split()[: MAX_MODIFIERS + 1]:
        low = _low(word)
        if low in TITLE_HEADS:
            return True
        if low not in TITLE_MODIFIERS and low != "press":
            return False
    return False


def is_demonym(word: str) -> bool:
    """A people's name ("Russian", "Chileans"), by our list or its ending: the names list
    leaves one standing alone out (which also leaves out "Garabedian", so the recogniser
    does not: a speaker's surname may end so)."""
    return word.casefold() in DEMONYMS or bool(_DEMONYM_RE.fullmatch(word))


def is_title_word(name: str) -> bool:
    """A name that is one title word ("President", "Lord"): a surname only where a person
    of that name is known, so the names list leaves it out."""
    return " " not in name and _is_title(name)


def is_honorific(word: str) -> bool:
    return _low(word) in HONORIFICS


# --- one name, several spellings -------------------------------------------------------


def fold_text(text: str) -> str:
    """Case-folded, accents dropped: "Çavuşoğlu" -> "cavusoglu"."""
    if text.isascii():
        return text.casefold()  # nothing to decompose
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold_name(words: Iterable[str]) -> tuple[str, ...]:
    """A name's words folded for comparison: "U.S." -> "us", "Çavuşoğlu" -> "cavusoglu"."""
    return tuple(_NON_WORD_RE.sub("", fold_text(word)) for word in words)


@lru_cache(maxsize=NAME_KEY_CACHE)
def name_key(name: str) -> tuple[str, ...]:
    """``fold_name`` of a name's words, remembered: a story's names are compared pairwise."""
    return fold_name(name.split())


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


def word_similarity(a: str, b: str, threshold: float = NAME_SIMILARITY) -> float:
    """1 - edit distance / longer length of folded words; 0 where it cannot reach
    ``threshold`` (the lengths or the letters alone rule a match out)."""
    if a == b:
        return 1.0 if a else 0.0
    longer = max(len(a), len(b))
    limit = int((1 - threshold) * longer + 1e-9)
    if not a or not b or abs(len(a) - len(b)) > limit:
        return 0.0
    if sum(c not in b for c in a) > limit:  # each letter b lacks costs an edit
        return 0.0
    return max(0.0, 1.0 - _edit_distance(a, b, limit) / longer)


def name_similarity(a: str, b: str, threshold: float = NAME_SIMILARITY) -> float:
    """``word_similarity`` of two words as written (folded here)."""
    fa, fb = fold_name((a, b))
    return word_similarity(fa, fb, threshold)


def _covered(words: Sequence[str], others: Sequence[str], threshold: float) -> bool:
    """Every word matches one of ``others``: "Fernando" in "Fernando Henrique"."""
    return all(any(word_similarity(w, o, threshold) >= threshold for o in others) for w in words)


def name_match(a: Sequence[str], b: Sequence[str], threshold: float = NAME_SIMILARITY) -> float:
    """How alike two folded names are as one name: the last words' similarity where it
    reaches ``threshold`` and every other word of the shorter name matches one of the
    longer's (of both, for names as long), else 0.

    "Every", not "any": with "any", "Los Angeles Fire Department" was "Los Angeles Police
    Department" and "Gilberto Manuel da Silva" was "Luiz Inacio Lula da Silva"; a lone
    surname has no other words and matches any full name with that surname.
    """
    if not a or not b:
        return 0.0
    score = word_similarity(a[-1], b[-1], threshold)
    if score < threshold:
        return 0.0
    short, long_ = sorted((a[:-1], b[:-1]), key=len)
    if not _covered(short, long_, threshold):
        return 0.0
    if len(short) == len(long_) and not _covered(long_, short, threshold):
        return 0.0
    return score


def same_name(
    a: str, b: str, *, allow_partial: bool = True, similarity: float = NAME_SIMILARITY
) -> bool:
    """Whether two names can denote one entity (``name_match``); without ``allow_partial``
    only names of as many words ("Kuleba" is not "Dmytro Kuleba" then)."""
    ka, kb = name_key(a), name_key(b)
    if not allow_partial and len(ka) != len(kb):
        return False
    return name_match(ka, kb, similarity) > 0
