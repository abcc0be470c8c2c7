"""Where the reports differ: a figure, a date or a named value given differently by two articles.

A conflict is a difference to check, not a verdict: the reports may describe different
moments (a toll that rose, a ceasefire proposed and another agreed) or one of them may be
wrong; the brief shows both sides with their sources and lets the reader judge.

Values read from each sentence:

- numbers in digits or words ("12", "35,000", "three", "twenty-four", "a dozen",
  "2 million", "$1.4 billion", "40 percent"), with a qualifier before them ("at least",
  "more than", "up to", "about", "nearly") and ranges ("two to three years");
- durations, hyphenated ("12-hour ceasefire") or spaced ("10 minutes"), in hours;
- calendar dates ("February 24", "10 March 2022", "opened in 1971");
- ages after a name ("Tomas Reyne, 34,") or before a noun ("a 23-year-old secretary");
- named office holders ("Harbour Master Ines Calder"): a role that says whose office it is
  ("Turkish Foreign Minister"; not "Mayor", "Foreign Minister", "Defense Minister").

Not read, as they measure nothing or name something: clock times, "16 months ago",
"in the last five years", "five days until", "Windows 98", "Group of Seven", conversions in
brackets ("300 kilometers (186 miles)"), totals after "of the" ("one of the 23 crew").

Two values from DIFFERENT articles are about the same thing when they have the same kind,
unit ("hour", "$", "%") and head noun after the value ("corridors", "ceasefire",
"people"), their subject words (the unit, the noun phrase after the value and one
predicate word: the content word right before the value, else the first one after the
phrase: "killing 60 people", "19 people were injured") share at least
``MIN_SUBJECT_WORDS`` stems, and the sentences are on one topic (tf-idf cosine, numbers
left out, >= ``SAME_TOPIC_SIMILARITY``). So "12-hour ceasefire"/"24-hour ceasefire" and
"12 people were injured"/"19 people were injured" match; "10 minutes" of a journey and
"up to 40 minutes" of a diversion do not. Values with no head noun (money, percentages of
nothing named), distances ("40 kilometers"), hyphenated measures ("200-meter medley")
and dates need the sentences to say the same thing by the citation rule of
``summarizers.cite`` (cosine >= ``CITE_SIMILARITY``, ``MIN_SHARED_WORDS`` shared
content words), dates also a shared predicate word. Ages match by name, office holders by
role.

When two values differ (the rule we chose for bounds and approximations):

- precise figures (digits, number words below a hundred) differ when the figures differ,
  even under "at least" / "more than" / "up to": news gives "at least 12" for the count
  confirmed so far, and a report of 19 is a different count worth checking;
- round or vague amounts ("a dozen", "dozens", "2 million") and approximations ("about",
  "nearly", ``ROUND_TOLERANCE`` either way) are intervals and differ only when the
  intervals cannot overlap: "more than a dozen" is consistent with 19;
- dates differ when a field both give (year, month, day) differs; names when they are
  neither spelled alike (rapidfuzz >= ``SPELLING_SIMILARITY``: "Morsy"/"Morsi") nor one
  within the other ("Tayyip Erdogan" is "Recep Tayyip Erdogan").

A conflict keeps only the sides that differ from another side (a vague "more than a
dozen" consistent with every figure is left out). It is dropped when one article itself
gives two of its values (a series of figures, or a count it updates) or when more than
``MAX_SIDES`` values remain (several things under one noun, not one disputed fact).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz

from storyfuse.analyze.entities import GENERIC_OFFICE, TITLES, name_spans, same_name
from storyfuse.summarizers.cite import CITE_SIMILARITY, MIN_SHARED_WORDS, TimeKey
from storyfuse.summarizers.corpus import Corpus, Unit, chronological_key
from storyfuse.textstats import STOPWORDS, stem, tfidf_matrix
from storyfuse.types import Sentence

MIN_SUBJECT_WORDS = 2  # shared subject stems (the head noun counts as one)
# tf-idf cosine, numbers left out; far below CITE_SIMILARITY, as sentences giving a
# "12-hour" and a "24-hour ceasefire" may share little else (0.18 on the seeds)
SAME_TOPIC_SIMILARITY = 0.12
WINDOW_TOKENS = 6  # how far (in tokens) the predicate word is looked for
MAX_PHRASE_WORDS = 3  # words of the noun phrase after a value
MAX_SIDES = 3  # more distinct values: a series of figures, not one disputed fact
SPELLING_SIMILARITY = 75.0  # rapidfuzz ratio: below it two names of one role are two people
ROUND_TOLERANCE = 0.15  # "about 80" covers 68 to 92

KINDS = ("number", "duration", "date", "name")

_W = str.split
_TOKEN_RE = re.compile(r"\d+(?:[.,:]\d+)*|[A-Za-z]+(?:['’][A-Za-z]+)*|\S")
_THOUSANDS_RE = re.compile(r"\d{1,3}(?:,\d{3})+")
_YEAR_RE = re.compile(r"(?:18|19|20)\d\d")
_AGE_RE = re.compile(
    r"\b(?P<name>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){1,3}), (?P<age>\d{1,3})(?=\s*[,.;)]| and )"
)
_MONTH_NAMES = _W(
    "january february march april may june july august september october november december"
)
_MONTHS = {m: i + 1 for i, m in enumerate(_MONTH_NAMES)} | {
    m[:3]: i + 1 for i, m in enumerate(_MONTH_NAMES)
}
_MONTH_RE = r"(?P<month{n}>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?)"
_DATE_RE = re.compile(
    rf"\b(?:{_MONTH_RE.format(n=1)} (?P<day1>\d{{1,2}})(?:st|nd|rd|th)?\b"
    r"(?:,? (?P<year1>\d{4})\b)?"
    rf"|(?P<day2>\d{{1,2}})(?:st|nd|rd|th)? {_MONTH_RE.format(n=2)}(?: (?P<year2>\d{{4}})\b)?"
    rf"|{_MONTH_RE.format(n=3)} (?P<year3>\d{{4}})\b"
    r"|(?:in|since|until|from|of|by) (?P<year4>(?:18|19|20)\d\d)\b(?![-,]\d))"
)

_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
_TEENS = "fifteen sixteen seventeen eighteen nineteen"
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety"
SMALL_NUMBERS = {w: float(i) for i, w in enumerate(_W(f"{_UNITS} {_TEENS}"))}
TENS = {w: 10.0 * (i + 2) for i, w in enumerate(_W(_TENS))}
SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
GLUED_SCALES = {"k": 1e3, "m": 1e6, "bn": 1e9}
VAGUE_PLURALS = {"dozens": 12.0, "hundreds": 1e2, "thousands": 1e3, "millions": 1e6}
LOWER_BOUNDS = frozenset(("at least", "more than", "over", "upwards of", "in excess of", "above"))
UPPER_BOUNDS = frozenset(
    ("up to", "at most", "fewer than", "less than", "under", "as many as", "no more than")
)
APPROXIMATE = frozenset(
    (*_W("about around nearly almost roughly approximately some estimated circa"), "close to")
)
_QUALIFIERS = LOWER_BOUNDS | UPPER_BOUNDS | APPROXIMATE
QUALIFIER_WORDS = frozenset(w for q in LOWER_BOUNDS | UPPER_BOUNDS | APPROXIMATE for w in q.split())
_HOURS = "hour:1 day:24 week:168 month:730 year:8760 decade:87600"
HOURS = {k: float(v) for k, v in (pair.split(":") for pair in _W(_HOURS))}
HOURS |= {"second": 1 / 3600, "minute": 1 / 60}
MEASURES = frozenset(
    _W(
        "metre meter kilometre kilometer km mile foot feet inch yard tonne ton kg kilogram "
        "gram litre liter gallon acre hectare degree barrel"
    )
)
CURRENCY = {"$": "$", "£": "£", "€": "€", "dollar": "$", "pound": "£", "euro": "€"}
PERCENT_WORDS = frozenset(("%", "percent"))
RELATIVE_AFTER = frozenset(("ago", "earlier", "later", "until", "till", "back"))  # "16 months ago"
RELATIVE_BEFORE = frozenset(
    ("last", "past", "next", "previous", "coming", "first")
)  # "the last five years"
PARTITIVE = frozenset(
    ("the", "its", "their", "his", "her", "our", "these", "those")
)  # "one of the 23 crew"
NUMBER_WORDS = (
    frozenset(SMALL_NUMBERS)
    | frozenset(TENS)
    | frozenset(SCALES)
    | frozenset(VAGUE_PLURALS)
    | {"dozen"}
)
_CLOCK = frozenset(("a", "p", "am", "pm", "gmt", "utc"))
_NOT_CONTEXT = (
    STOPWORDS
    | QUALIFIER_WORDS
    | NUMBER_WORDS
    | frozenset(_MONTHS)
    | RELATIVE_BEFORE
    | frozenset(_W("monday tuesday wednesday thursday friday saturday sunday another total least"))
)
_OPENERS = frozenset(".:;!?\"“‘'—–")
_NOT_ROLES = frozenset(("former", "ex", "late", "then"))


@dataclass(frozen=True, slots=True)
class ConflictSide:
    """One value as stated, with the sentences and articles that state it."""

    value: str
    sentences: tuple[Sentence, ...]
    articles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Conflict:
    """Articles that give different values for one subject: a difference to check."""

    subject: str
    kind: str  # one of KINDS
    sides: tuple[ConflictSide, ...]


@dataclass(frozen=True, slots=True)
class Quantity:
    """A stated amount: its figure, the interval it allows, whether it is a precise count."""

    value: float
    low: float
    high: float
    precise: bool

    def same_as(self, other: Quantity) -> bool:
        return (self.value, self.low, self.high) == (other.value, other.low, other.high)

    def scaled(self, factor: float) -> Quantity:
        return Quantity(self.value * factor, self.low * factor, self.high * factor, self.precise)

    def differs(self, other: Quantity) -> bool:
        if self.same_as(other):
            return False
        if self.precise and other.precise:
            return not math.isclose(self.value, other.value)
        return self.high < other.low or other.high < self.low


DateValue = tuple[int | None, int | None, int | None]  # (year, month, day)


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    low: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Number:
    value: float
    end: int  # token index after it
    precise: bool
    vague: bool  # "dozens", "hundreds": at least twice the base


@dataclass(frozen=True, slots=True)
class _Mention:
    """A value in one sentence and what it is about."""

    kind: str
    unit: Unit
    value: Quantity | DateValue | str
    text: str  # the value as written ("at least 12", "12-hour", "February 24")
    measure: str  # "time", "$", "%", "metre", "age", "date", "role:<role>", ""
    head: str  # stem of the noun after the value; "" when there is none
    subject: tuple[tuple[str, str], ...] = ()  # (stem, word): phrase, unit, predicate
    label: str = ""  # the noun phrase after the value, or the role / name
    unit_word: str = ""
    statement: bool = False  # compare by the citation rule, not by subject words


def _tokens(text: str) -> list[_Token]:
    return [
        _Token(m.group(), m.group().lower(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)
    ]


def _glued(a: _Token, b: _Token) -> bool:
    return a.end == b.start


def _is_word(tok: _Token) -> bool:
    return tok.low.isalpha() and len(tok.low) > 1


def _hyphen_word(toks: Sequence[_Token], k: int) -> bool:
    """Whether tokens ``k``, ``k + 1`` are '-' glued to the token before and a word."""
    return (
        k + 1 < len(toks)
        and toks[k].low == "-"
        and _glued(toks[k - 1], toks[k])
        and _is_word(toks[k + 1])
    )


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _parse_number(toks: Sequence[_Token], i: int) -> _Number | None:
    """The number starting at token ``i`` (digits or words, with its scale), if any."""
    n, tok = len(toks), toks[i]
    if tok.low[0].isdigit():
        if ":" in tok.low or (i and _glued(toks[i - 1], tok) and toks[i - 1].low[-1].isalpha()):
            return None  # a clock time, "G7"
        if ("," in tok.low and not _THOUSANDS_RE.fullmatch(tok.low)) or _YEAR_RE.fullmatch(tok.low):
            return None  # "1,2", a year ("the 1997 world championships")
        value, j, precise = float(tok.low.replace(",", "")), i + 1, True
        if j < n and _glued(tok, toks[j]) and toks[j].low.isalpha():
            if toks[j].low not in GLUED_SCALES:
                return None  # "10th", "3D"
            value, j, precise = value * GLUED_SCALES[toks[j].low], j + 1, False
        if j + 1 < n and toks[j].low in _CLOCK and toks[j + 1].low in {".", "m"}:
            return None  # "10 p.m."
    elif tok.low in SMALL_NUMBERS or tok.low in TENS:
        value, j, precise = SMALL_NUMBERS.get(tok.low) or TENS.get(tok.low, 0.0), i + 1, True
        if tok.low in TENS and _hyphen_word(toks, j) and toks[j + 1].low in SMALL_NUMBERS:
            value, j = value + SMALL_NUMBERS[toks[j + 1].low], j + 2  # "twenty-four"
    elif tok.low in {"a", "an"} and i + 1 < n and toks[i + 1].low in {*SCALES, "dozen"}:
        value, j, precise = 1.0, i + 1, True
    elif tok.low in VAGUE_PLURALS:
        return _Number(VAGUE_PLURALS[tok.low], i + 1, precise=False, vague=True)
    else:
        return None
    while j < n and toks[j].low in SCALES:
        value, j, precise = value * SCALES[toks[j].low], j + 1, False
    if j < n and toks[j].low == "dozen":
        value, j, precise = value * 12, j + 1, False
    return _Number(value, j, precise=precise, vague=False)


def _names_something(toks: Sequence[_Token], i: int) -> bool:
    """'Windows 98', 'Group of Seven', '(186 miles)', 'one of the 23 crew', 'last five years'."""
    if i == 0:
        return False
    tok, prev = toks[i], toks[i - 1]
    if prev.text == "(" or prev.low in RELATIVE_BEFORE:
        return True
    if tok.text[0].isupper() and prev.text not in _OPENERS:
        return True
    before = toks[i - 2] if i >= 2 else None
    if prev.text[0].isupper() and prev.low.isalpha() and before and before.text not in _OPENERS:
        return True
    return prev.low in PARTITIVE and before is not None and before.low == "of"


def _qualifier(toks: Sequence[_Token], i: int) -> tuple[str, int]:
    """The qualifier ending just before token ``i`` ("at least") and the index it starts at."""
    for width in (3, 2, 1):
        phrase = " ".join(t.low for t in toks[max(i - width, 0) : i])
        if i - width >= 0 and phrase in _QUALIFIERS:
            return phrase, i - width
    return "", i


def _interval(num: _Number, qualifier: str) -> Quantity:
    v = num.value
    if num.vague:
        low, high = 2 * v, math.inf
    elif num.precise and qualifier not in APPROXIMATE:
        low, high = v, v
    else:
        low, high = v * (1 - ROUND_TOLERANCE), v * (1 + ROUND_TOLERANCE)
    if qualifier in LOWER_BOUNDS:
        high = math.inf
    elif qualifier in UPPER_BOUNDS:
        low = 0.0
    return Quantity(v, low, high, num.precise and not num.vague and qualifier not in APPROXIMATE)


@dataclass(frozen=True, slots=True)
class _Value:
    """A number with its qualifier, unit and the token span it covers."""

    quantity: Quantity
    kind: str
    measure: str
    unit_word: str  # "hour" in "12-hour", "minutes" in "10 minutes"
    begin: int  # first token (qualifier or currency symbol)
    end: int  # token after the value and its unit
    phrase_start: int


def _read_value(toks: Sequence[_Token], i: int, num: _Number) -> _Value:
    """The value around the number at ``i``: qualifier, range, currency, unit."""
    begin, measure, n = i, "", len(toks)
    if i and toks[i - 1].low in CURRENCY and _glued(toks[i - 1], toks[i]):
        measure, begin = CURRENCY[toks[i - 1].low], i - 1
    qualifier, begin = _qualifier(toks, begin)
    quantity, j = _interval(num, qualifier), num.end
    if j + 1 < n and (
        toks[j].low == "to" or (toks[j].low in "-–" and _glued(toks[j - 1], toks[j]))
    ):
        upper = _parse_number(toks, j + 1)  # a range: "two to three years", "10-12"
        if upper is not None:
            high = _interval(upper, qualifier).high
            quantity, j = Quantity(quantity.value, quantity.low, high, precise=False), upper.end
    kind, unit_word, end, phrase_start = "number", "", j, j
    nxt = _singular(toks[j].low) if j < n else ""
    if _hyphen_word(toks, j):
        unit_word, end, phrase_start = toks[j + 1].low, j + 2, j + 2  # "12-hour", "210-metre"
        if j + 3 < n and toks[j + 2].low == "-" and toks[j + 3].low == "old":
            unit_word, end, phrase_start = "years old", j + 4, j + 4  # "23-year-old": an age
    elif nxt == "year" and j + 1 < n and toks[j + 1].low == "old":
        unit_word, end, phrase_start = "years old", j + 2, j + 2  # "34 years old": an age
    elif nxt in HOURS or nxt in MEASURES:
        unit_word, end = toks[j].low, j + 1  # "10 minutes": the unit is also the head
    elif nxt in CURRENCY or nxt in PERCENT_WORDS:
        measure, end, phrase_start = CURRENCY.get(nxt, "%"), j + 1, j + 1
    unit = _singular(unit_word)
    if unit in HOURS:
        kind, measure, quantity = "duration", "time", quantity.scaled(HOURS[unit])
    elif unit:
        measure = unit
    return _Value(quantity, kind, measure, unit_word, begin, end, phrase_start)


def _phrase(toks: Sequence[_Token], j: int, *, skip_of: bool) -> tuple[list[str], int]:
    """The noun phrase starting at token ``j`` ("humanitarian corridors", "ethnic Albanians")."""
    words: list[str] = []
    n = len(toks)
    if skip_of and j < n and toks[j].low == "of":  # "dozens of children", "40 percent of the vote"
        j += 1 + (j + 1 < n and toks[j + 1].low == "the")
    while j < n and len(words) < MAX_PHRASE_WORDS:
        if not _is_word(toks[j]) or toks[j].low in _NOT_CONTEXT:
            break
        word, k = toks[j].low, j + 1
        while _hyphen_word(toks, k):
            word, k = word + toks[k + 1].low, k + 2  # "cease-fire" -> "ceasefire"
        if words and word.endswith(("ed", "ing")):
            break  # "two road workers missing"
        words.append(word)
        j = k
    return words, j


def _predicate(
    toks: Sequence[_Token], begin: int, after: int, *, adjacent: bool
) -> list[tuple[str, str]]:
    """The verb-like word of a value: the content word right before it ("killing 60 people"),
    else the first one after its phrase ("19 people were injured")."""
    before = [toks[k] for k in range(begin - 1, max(begin - 1 - WINDOW_TOKENS, -1), -1)]
    if not adjacent:  # the nearest content word: "opened in 1971", "invaded Ukraine on February 24"
        before = [t for t in before if _is_word(t) and t.low not in _NOT_CONTEXT]
    if before and _is_word(before[0]) and before[0].low not in _NOT_CONTEXT:
        return [(stem(before[0].low), before[0].low)]
    for tok in toks[after : after + WINDOW_TOKENS]:
        if _is_word(tok) and tok.low not in _NOT_CONTEXT:
            return [(stem(tok.low), tok.low)]
    return []


def _number_mentions(unit: Unit, taken: set[int]) -> list[_Mention]:
    """Numbers with a noun after them (or a currency, a percentage, a unit)."""
    text = unit.sentence.text
    toks = _tokens(text)
    out: list[_Mention] = []
    i = 0
    while i < len(toks):
        skip = toks[i].start in taken or _names_something(toks, i)
        num = None if skip else _parse_number(toks, i)
        if num is None:
            i += 1
            continue
        val = _read_value(toks, i, num)
        words, after = _phrase(toks, val.phrase_start, skip_of=num.vague or val.measure == "%")
        i = max(after, val.end, i + 1)
        if not words and not val.measure:
            continue  # "two in Belarus", "one of": no subject
        if val.end < len(toks) and toks[val.end].low in RELATIVE_AFTER:
            continue  # "16 months ago" dates an event; it measures nothing
        if _names_something(toks, val.begin):
            continue
        subject = [(stem(w), w) for w in words]
        if val.unit_word and val.phrase_start == val.end:
            subject.append((stem(_singular(val.unit_word)), val.unit_word))
        subject += _predicate(toks, val.begin, after, adjacent=True)
        # a hyphenated measure names a category ("200-meter medley"); an age needs its person
        hyphen_measure = (
            bool(val.unit_word) and val.kind == "number" and val.phrase_start == val.end
        )
        out.append(
            _Mention(
                kind=val.kind,
                unit=unit,
                value=val.quantity,
                text=_lower_first(text[toks[val.begin].start : toks[val.end - 1].end]),
                measure=val.measure,
                head=stem(words[-1]) if words else "",
                subject=tuple(subject),
                label=" ".join(words),
                unit_word=val.unit_word,
                statement=not words or hyphen_measure or _singular(words[-1]) in MEASURES,
            )
        )
    return out


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0].lower()
    lower = first in QUALIFIER_WORDS or first in NUMBER_WORDS or first in {"a", "an"}
    return text[:1].lower() + text[1:] if lower else text


def _date_mentions(unit: Unit, taken: set[int]) -> list[_Mention]:
    text = unit.sentence.text
    toks = _tokens(text)
    out: list[_Mention] = []
    for m in _DATE_RE.finditer(text):
        month_text = m.group("month1") or m.group("month2") or m.group("month3") or ""
        month = _MONTHS.get(month_text.rstrip(".").lower()) if month_text else None
        day = m.group("day1") or m.group("day2")
        year = m.group("year1") or m.group("year2") or m.group("year3") or m.group("year4")
        if (month_text and month is None) or (day is not None and not 1 <= int(day) <= 31):
            continue  # "Mayor 12", "Decision 2023"
        taken.update(range(m.start(), m.end()))
        first = next(k for k, t in enumerate(toks) if t.end > m.start())
        last = next((k for k, t in enumerate(toks) if t.start >= m.end()), len(toks))
        value = (int(year) if year else None, month, int(day) if day else None)
        subject = tuple(_predicate(toks, first, last, adjacent=False))
        out.append(
            _Mention("date", unit, value, m.group(), "date", "", subject, "date", statement=True)
        )
    return out


def _age_mentions(unit: Unit, taken: set[int]) -> list[_Mention]:
    out: list[_Mention] = []
    for m in _AGE_RE.finditer(unit.sentence.text):
        name, age = m.group("name"), float(m.group("age"))
        if name.split()[0].lower() in _NOT_CONTEXT:
            continue  # "On Monday, 10"
        taken.update(range(m.start("age"), m.end("age")))
        value = Quantity(age, age, age, precise=True)
        out.append(
            _Mention("number", unit, value, m.group("age"), "age", "", label=f"age of {name}")
        )
    return out


def _name_mentions(unit: Unit) -> list[_Mention]:
    out: list[_Mention] = []
    for span in name_spans(unit.sentence.text):
        role = span.role.casefold().split()
        if len(role) < 2 or _NOT_ROLES.intersection(role):
            continue
        if all(w in TITLES or w in GENERIC_OFFICE for w in role):
            continue  # "Foreign Minister", "Chief Inspector": whose?
        out.append(
            _Mention(
                "name", unit, span.name, span.name, "role:" + " ".join(role), "", label=span.role
            )
        )
    return out


def _mentions(unit: Unit) -> list[_Mention]:
    taken: set[int] = set()
    dates = _date_mentions(unit, taken)
    ages = _age_mentions(unit, taken)
    return [*dates, *ages, *_number_mentions(unit, taken), *_name_mentions(unit)]


def _same_value(a: _Mention, b: _Mention) -> bool:
    if isinstance(a.value, Quantity) and isinstance(b.value, Quantity):
        return not a.value.differs(b.value)
    if isinstance(a.value, str) and isinstance(b.value, str):
        return _same_person(a.value, b.value)
    if isinstance(a.value, tuple) and isinstance(b.value, tuple):
        return all(x is None or y is None or x == y for x, y in zip(a.value, b.value, strict=True))
    return False


def _same_person(a: str, b: str) -> bool:
    """Names of one office holder: spelled alike ("Morsy"/"Morsi") or one holding the
    other's words ("Hafez" in "Hafez Assad", "Tayyip Erdogan" in "Recep Tayyip Erdogan")."""
    if same_name(a, b, similarity=SPELLING_SIMILARITY):
        return True
    short, long_ = sorted((a.casefold().split(), b.casefold().split()), key=len)
    return all(any(fuzz.ratio(w, x) >= SPELLING_SIMILARITY for x in long_) for w in short)


def _identical(a: _Mention, b: _Mention) -> bool:
    """One side: the same figure and bounds, the same date, or one person's name."""
    if isinstance(a.value, Quantity) and isinstance(b.value, Quantity):
        return a.value.same_as(b.value)
    return _same_value(a, b)


class _Similarity:
    """Sentence similarity as the citation rule computes it, numbers and months left out."""

    def __init__(self, corpus: Corpus) -> None:
        self.index = {id(u): k for k, u in enumerate(corpus.units)}
        self.stems = [frozenset(s for s in u.stems if not _numeric(s)) for u in corpus.units]
        matrix, _ = tfidf_matrix([sorted(s) for s in self.stems])
        self.sim = np.asarray((matrix @ matrix.T).toarray())

    def cosine(self, a: Unit, b: Unit) -> float:
        return float(self.sim[self.index[id(a)], self.index[id(b)]])

    def same_statement(self, a: Unit, b: Unit) -> bool:
        shared = self.stems[self.index[id(a)]] & self.stems[self.index[id(b)]]
        return self.cosine(a, b) >= CITE_SIMILARITY and len(shared) >= MIN_SHARED_WORDS


def _numeric(stemmed: str) -> bool:
    return stemmed[:1].isdigit() or stemmed in NUMBER_WORDS or stemmed in _MONTHS


def _about_same(a: _Mention, b: _Mention, sim: _Similarity) -> bool:
    """Whether two values (of different articles) are about one thing; see the module doc."""
    if a.kind != b.kind or a.measure != b.measure or a.head != b.head:
        return False
    if a.kind == "name":
        return True
    if a.measure == "age":
        return same_name(a.label.removeprefix("age of "), b.label.removeprefix("age of "))
    shared = {s for s, _ in a.subject} & {s for s, _ in b.subject}
    if a.kind == "date":
        return bool(shared) and sim.same_statement(a.unit, b.unit)
    if a.statement or b.statement:
        return sim.same_statement(a.unit, b.unit)
    return len(shared) >= MIN_SUBJECT_WORDS and sim.cosine(a.unit, b.unit) >= SAME_TOPIC_SIMILARITY


def _components(mentions: Sequence[_Mention], sim: _Similarity) -> list[list[int]]:
    """Groups of mentions linked by 'about the same thing' across articles (union-find)."""
    parent = list(range(len(mentions)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, a in enumerate(mentions):
        for j in range(i + 1, len(mentions)):
            if a.unit.doc != mentions[j].unit.doc and _about_same(a, mentions[j], sim):
                parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(mentions)):
        groups.setdefault(find(i), []).append(i)
    return [g for g in groups.values() if len(g) > 1]


def _sides(group: Sequence[_Mention]) -> list[list[_Mention]]:
    """Mentions grouped by the value they state, in the order first stated."""
    sides: list[list[_Mention]] = []
    for m in group:
        side = next((side for side in sides if _identical(side[0], m)), None)
        if side is None:
            sides.append([m])
        else:
            side.append(m)
    return sides


def _opposed(a: Sequence[_Mention], b: Sequence[_Mention]) -> bool:
    """Two sides that differ in value and are not stated by the very same articles."""
    return not _same_value(a[0], b[0]) and {m.unit.doc for m in a} != {m.unit.doc for m in b}


def _self_contradicting(sides: Sequence[Sequence[_Mention]]) -> bool:
    """Whether one article gives two of the values itself."""
    seen: dict[int, int] = {}
    return any(seen.setdefault(m.unit.doc, k) != k for k, side in enumerate(sides) for m in side)


def _label(group: Sequence[_Mention]) -> str:
    """The subject as read: the noun phrase after the first value, and for a one-word phrase
    the predicate the other articles share ("people injured")."""
    first = group[0]
    if first.kind in {"name", "date"} or first.measure == "age":
        return first.label
    phrase = first.label.split()
    others = {s for m in group if m.unit.doc != first.unit.doc for s, _ in m.subject}
    extra = [
        w for s, w in first.subject if s in others and w not in phrase and w != first.unit_word
    ]
    return " ".join(phrase + extra[: max(0, 2 - len(phrase))]) or first.measure or "amount"


def _side(side: Sequence[_Mention], corpus: Corpus) -> ConflictSide:
    sentences = tuple(dict.fromkeys(m.unit.sentence for m in side))
    articles = tuple(dict.fromkeys(corpus.articles[m.unit.doc].id for m in side))
    return ConflictSide(value=side[0].text, sentences=sentences, articles=articles)


def find_conflicts(corpus: Corpus) -> tuple[Conflict, ...]:
    """Differences between articles in a figure, duration, date or named value.

    Each conflict is a difference to check, not a verdict. Its sides are in the order first
    reported; conflicts are ranked by the number of articles involved, then by when the
    first side was reported.
    """
    mentions = [m for u in corpus.units for m in _mentions(u)]
    sim = _Similarity(corpus)
    keys = {d: chronological_key(a, d) for d, a in enumerate(corpus.articles)}

    def when(m: _Mention) -> tuple[TimeKey, int]:
        return (keys[m.unit.doc], m.unit.position)

    found: list[tuple[int, tuple[TimeKey, int], Conflict]] = []
    for component in _components(mentions, sim):
        group = sorted((mentions[i] for i in component), key=when)
        sides = _sides(group)
        kept = [s for s in sides if any(_opposed(s, o) for o in sides if o is not s)]
        if not 2 <= len(kept) <= MAX_SIDES or _self_contradicting(kept):
            continue
        sides_out = tuple(_side(s, corpus) for s in kept)
        conflict = Conflict(subject=_label(group), kind=group[0].kind, sides=sides_out)
        n_docs = len({m.unit.doc for s in kept for m in s})
        found.append((-n_docs, when(kept[0][0]), conflict))
    found.sort(key=lambda item: (item[0], item[1]))
    return tuple(c for _, _, c in found)
