"""Values read from a sentence: numbers, durations, money, percentages, dates and ages.

The reader behind ``analyze.conflicts``; each function reads tokens or text, nothing else.

- numbers in digits or words ("12", "35,000", "three", "twenty-four", "a dozen",
  "2 million", "$1.4 billion", "40 percent"), with a qualifier before them ("at least",
  "more than", "up to", "about", "nearly") and ranges ("two to three years"), read by
  ``parse_number`` and ``read_value`` into a ``Quantity`` with the rounding it is written
  to (``Quantity.differs`` says when two disagree); vague amounts ("thousands", "tens,
  if not hundreds, of thousands") and ranges are intervals; speeds ("155,000 mph");
- durations, hyphenated ("12-hour ceasefire") or spaced ("10 minutes"), in hours;
- calendar dates ("February 24", "10 March 2022", "opened in 1971"): ``read_dates``;
- ages after a name ("Tomas Reyne, 34,", "Barnett A. Slepian, 52,", a surname alone in an
  apposition: "Slepian, 51, is"): ``read_ages``; before a noun ("a 23-year-old
  secretary"): ``read_value``.

Not read, as they measure nothing or name something (``names_something``): clock times,
"Windows 98", "Group of Seven", conversions in brackets ("300 kilometers (186 miles)"),
totals after "of the" ("one of the 23 crew"), "in the last five years".
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import NamedTuple

from storyfuse.lexicon import ABBREVIATION_LETTERS, MONTH_NAMES, MONTH_NUMBERS, WEEKDAYS
from storyfuse.text.textstats import STOPWORDS

ROUND_TOLERANCE = 0.15  # "more than a dozen" from 10.2: a round figure under a bound
VAGUE_SPAN = 10.0  # "thousands" is 2,000 up to (not) 10,000: below the next order of size
HALF = 0.5  # "half a million"

_W = str.split
_TOKEN_RE = re.compile(r"\d+(?:[.,:]\d+)*|[A-Za-z]+(?:['’][A-Za-z]+)*|\S")
_DIGIT_RE = re.compile(r"\d")  # the decimal digits that ``is_digit`` reads
_LETTERS_RE = re.compile(r"[A-Za-z]+")
_THOUSANDS_RE = re.compile(r"\d{1,3}(?:,\d{3})+")
_YEAR_RE = re.compile(r"(?:18|19|20)\d\d")
# a name of one to four words, middle initials among them ("Barnett A. Slepian"), then the age
_AGE_RE = re.compile(
    r"\b(?P<name>[A-Z][\w'’-]+(?: (?:[A-Z]\.|[A-Z][\w'’-]+)){0,3}), (?P<age>\d{1,3})"
    r"(?=\s*[,.;)]| and )"
)
MONTHS = MONTH_NUMBERS  # month names and abbreviations -> number
_MONTH_STEMS = "|".join(m[:ABBREVIATION_LETTERS].capitalize() for m in MONTH_NAMES)
_MONTH_RE = rf"(?P<month{{n}}>(?:{_MONTH_STEMS})[a-z]*\.?)"
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
VAGUE_PLURALS = {
    "dozens": 12.0,
    "tens": 10.0,
    "hundreds": 1e2,
    "thousands": 1e3,
    "millions": 1e6,
    "billions": 1e9,
}
# "tens, perhaps hundreds, of thousands": the words that may stand between two vague plurals
_VAGUE_ALTERNATIVE = frozenset(("perhaps", "possibly", "even", "if", "not", "or", "maybe"))
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
SPEEDS = {"mph": ("miles", "hour"), "kph": ("kilometers", "hour"), "km/h": ("km", "hour")}
CURRENCY = {"$": "$", "£": "£", "€": "€", "dollar": "$", "pound": "£", "euro": "€"}
PERCENT_WORDS = frozenset(("%", "percent"))
RELATIVE_AFTER = frozenset(("ago", "earlier", "later", "until", "till", "back"))  # "16 months ago"
RELATIVE_BEFORE = frozenset(
    ("last", "past", "next", "previous", "coming", "first")
)  # "the last five years"
PARTITIVE = frozenset(
    ("the", "its", "their", "his", "her", "our", "these", "those")
)  # "one of the 23 crew"
# A change of an amount, not its level: "a 20 percent increase" is not "77.6%" of a maximum
CHANGE_WORDS = frozenset(
    _W(
        "increase increased rise rose risen raise raised gain gained jump jumped climb climbed "
        "grow grew growth surge surged soar soared decrease decreased decline declined drop "
        "dropped fall fell fallen cut cuts loss losses lose lost slump slumped plunge plunged "
        "reduce reduced reduction hike hiked boost boosted"
    )
)
NUMBER_WORDS = (
    frozenset(SMALL_NUMBERS)
    | frozenset(TENS)
    | frozenset(SCALES)
    | frozenset(VAGUE_PLURALS)
    | {"dozen"}
)
# The words ``parse_number`` may read a number from, besides digits: a token that is
# neither can start none ("three", "twenty-four", "a dozen", "half a million", "dozens")
NUMBER_STARTS = (
    frozenset(SMALL_NUMBERS) | frozenset(TENS) | frozenset(VAGUE_PLURALS) | {"a", "an", "half"}
)
_CLOCK = frozenset(("a", "p", "am", "pm", "gmt", "utc"))
# Never what a value is about: not a head noun, a predicate word or the first word of a name.
NOT_CONTEXT = (
    STOPWORDS
    | QUALIFIER_WORDS
    | NUMBER_WORDS
    | frozenset(MONTHS)
    | RELATIVE_BEFORE
    | frozenset(WEEKDAYS)
    | frozenset(_W("another total least"))
)
_OPENERS = frozenset(".:;!?\"“‘'—–")


@dataclass(frozen=True, slots=True)
class Quantity:
    """A stated amount: its figure, the interval it allows, whether it is a precise count.

    ``step``: the rounding of the figure as written (1 for "155,000", 0.1 for "4.5", a
    million for "4 million"); ``span``: a range or a vague amount ("two to three years",
    "thousands"), which says no one figure."""

    value: float
    low: float
    high: float
    precise: bool
    step: float = 0.0
    span: bool = False

    def same_as(self, other: Quantity) -> bool:
        return (self.value, self.low, self.high) == (other.value, other.low, other.high)

    def scaled(self, factor: float) -> Quantity:
        return Quantity(
            self.value * factor,
            self.low * factor,
            self.high * factor,
            self.precise,
            self.step * factor,
            self.span,
        )

    def bound(self) -> bool:
        """ "at least", "more than", "up to": one end of the interval open."""
        return not self.span and (math.isinf(self.high) or self.low == 0.0 < self.value)

    def differs(self, other: Quantity) -> bool:
        """Whether two statements of one amount disagree.

        Figures differ unless one rounds to the other, less than half the coarser one's
        rounding apart: a count as written is exact ("121" and "120" differ), an
        approximation is rounded to its last digit or its zeros ("about 30,000" covers
        31,000; "about 45" and "44", "some 80" and "more than 75", "roughly 160,000" and
        "155,000" differ), a decimal to its decimals ("4.5 percent" covers "4.47 percent"),
        a figure in millions to its digits ("4 million" and "4.7 million" differ). Ranges,
        vague amounts and round figures under a bound ("more than a dozen") say an
        interval, and differ only when the intervals cannot overlap."""
        if self.same_as(other):
            return False
        if any(q.span or (q.bound() and not q.precise) for q in (self, other)):
            return self.high < other.low or other.high < self.low
        slack = max(self.step, other.step) / 2
        gap = abs(self.value - other.value)
        return gap > slack or math.isclose(gap, slack)


DateValue = tuple[int | None, int | None, int | None]  # (year, month, day)


class Token(NamedTuple):  # a tuple: made for every word of every sentence, so made fast
    """A word, a number or a mark of a sentence, with its character span."""

    text: str
    low: str
    start: int
    end: int


# ``Token((text, low, start, end))`` without the keyword-argument wrapper
_new_token: Callable[[tuple[str, str, int, int]], Token] = partial(tuple.__new__, Token)


@dataclass(frozen=True, slots=True)
class Number:
    """A number as read from tokens, before its qualifier and unit."""

    value: float
    end: int  # token index after it
    precise: bool
    vague: bool  # "dozens", "hundreds": at least twice the base
    step: float = 1.0  # the rounding as written: 0.1 for "4.7", a million for "4 million"
    zeros: float = 1.0  # 10 to the trailing zeros of its digits: a round "about 30,000"
    top: float = 0.0  # the larger base of "tens, perhaps hundreds, of thousands"


class DateMatch(NamedTuple):
    """A calendar date as written, with its character span in the text."""

    start: int
    end: int
    text: str
    value: DateValue


class AgeMatch(NamedTuple):
    """An age after a name ("Tomas Reyne, 34,"); the span and text are the age's."""

    name: str
    quantity: Quantity
    start: int
    end: int
    text: str


def tokenize(text: str) -> list[Token]:
    """Numbers ("35,000", "1.4", "10:30"), words ("Reyne's") and single marks."""
    return [_new_token((w := m.group(), w.lower(), *m.span())) for m in _TOKEN_RE.finditer(text)]


def may_count(text: str) -> bool:
    """False only where ``text`` holds no number (the cheap test before reading its
    figures): no decimal digit, which every date, age and figure in digits has, and no word
    of ``NUMBER_WORDS``, one of which every number ``parse_number`` reads in words holds
    ("three", "a dozen", "half a million", "tens of thousands"). ``tokenize``'s words are
    its runs of ASCII letters, so they are looked for among those."""
    if _DIGIT_RE.search(text) is not None:
        return True
    return not NUMBER_WORDS.isdisjoint(map(str.lower, _LETTERS_RE.findall(text)))


def _glued(a: Token, b: Token) -> bool:
    return a.end == b.start


def is_digit(char: str) -> bool:
    """A decimal digit that ``float`` and ``int`` read. ``str.isdigit`` also holds for
    superscripts and circled digits ("²", "①"), which they refuse: a brief once died on
    "Police said ² people were injured"."""
    return char.isdecimal()


def read_float(text: str) -> float | None:
    """``text`` ("35,000", "1.4") as a float, or ``None`` when it is no number."""
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def is_word(tok: Token) -> bool:
    """Letters only, two or more."""
    return tok.low.isalpha() and len(tok.low) > 1


def hyphen_word(toks: Sequence[Token], k: int) -> bool:
    """Whether tokens ``k``, ``k + 1`` are '-' glued to the token before and a word."""
    return (
        k + 1 < len(toks)
        and toks[k].low == "-"
        and _glued(toks[k - 1], toks[k])
        and is_word(toks[k + 1])
    )


def singular(word: str) -> str:
    """A plural's trailing 's' dropped ("minutes" -> "minute"; "class" kept)."""
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _decimals_step(text: str) -> float:
    """The rounding of digits as written: 1 for "155,000", 0.1 for "4.7", 0.01 for "4.47"."""
    _, dot, decimals = text.partition(".")
    return 10.0 ** -len(decimals) if dot else 1.0


def _zeros(text: str) -> float:
    """10 to the trailing zeros of whole digits: 1,000 for "30,000", 1 for "4.0" or "45"."""
    digits = text.replace(",", "")
    if "." in digits or not digits.strip("0"):
        return 1.0
    return 10.0 ** (len(digits) - len(digits.rstrip("0")))


def _vague(toks: Sequence[Token], i: int) -> Number:
    """A vague amount at ``i``: "dozens", "tens of thousands", "hundreds of millions",
    "tens, perhaps hundreds, of thousands" (its larger base kept as ``top``)."""
    n = len(toks)
    base = top = VAGUE_PLURALS[toks[i].low]
    j = i + 1
    if j < n and toks[j].text == ",":  # "tens, if not hundreds, of thousands"
        k = j + 1
        while k < n and toks[k].low in _VAGUE_ALTERNATIVE:
            k += 1
        if (
            k + 3 < n
            and toks[k].low in VAGUE_PLURALS
            and toks[k + 1].text == ","
            and toks[k + 2].low == "of"
            and singular(toks[k + 3].low) in SCALES
        ):
            top, j = VAGUE_PLURALS[toks[k].low], k + 2
    while j + 1 < n and toks[j].low == "of" and singular(toks[j + 1].low) in SCALES:
        scale = SCALES[singular(toks[j + 1].low)]  # "tens of thousands"
        base, top, j = base * scale, top * scale, j + 2
    return Number(base, j, precise=False, vague=True, step=base, top=top)


def number_starts(toks: Sequence[Token]) -> list[int]:
    """The indexes of the tokens ``parse_number`` may read a number from (the others give
    ``None``): those opening with a digit and the words of ``NUMBER_STARTS``."""
    return [k for k, t in enumerate(toks) if t.low[0].isdecimal() or t.low in NUMBER_STARTS]


def parse_number(toks: Sequence[Token], i: int) -> Number | None:
    """The number starting at token ``i`` (digits or words, with its scale), if any."""
    n, tok = len(toks), toks[i]
    step = zeros = 1.0
    if is_digit(tok.low[0]):
        if ":" in tok.low or (i and _glued(toks[i - 1], tok) and toks[i - 1].low[-1].isalpha()):
            return None  # a clock time, "G7"
        if ("," in tok.low and not _THOUSANDS_RE.fullmatch(tok.low)) or _YEAR_RE.fullmatch(tok.low):
            return None  # "1,2", a year ("the 1997 world championships")
        number = read_float(tok.low)
        if number is None:
            return None
        value, j, precise, step = number, i + 1, True, _decimals_step(tok.low)
        zeros = _zeros(tok.low)
        if j < n and _glued(tok, toks[j]) and toks[j].low.isalpha():
            if toks[j].low not in GLUED_SCALES:
                return None  # "10th", "3D"
            scale = GLUED_SCALES[toks[j].low]
            value, j, precise, step = value * scale, j + 1, False, step * scale
        if j + 1 < n and toks[j].low in _CLOCK and toks[j + 1].low in {".", "m"}:
            return None  # "10 p.m."
    elif tok.low in SMALL_NUMBERS or tok.low in TENS:
        value, j, precise = SMALL_NUMBERS.get(tok.low) or TENS.get(tok.low, 0.0), i + 1, True
        if tok.low in TENS and hyphen_word(toks, j) and toks[j + 1].low in SMALL_NUMBERS:
            value, j = value + SMALL_NUMBERS[toks[j + 1].low], j + 2  # "twenty-four"
    elif tok.low in {"a", "an"} and i + 1 < n and toks[i + 1].low in {*SCALES, "dozen"}:
        value, j, precise = 1.0, i + 1, True
    elif (
        tok.low == "half"
        and i + 2 < n
        and toks[i + 1].low in {"a", "an"}
        and toks[i + 2].low in {*SCALES, "dozen"}
    ):
        value, j, precise, step = HALF, i + 2, True, HALF / 5  # "half a million": 0.5 million
    elif tok.low in VAGUE_PLURALS:
        return _vague(toks, i)
    else:
        return None
    while j < n and toks[j].low in SCALES:
        scale = SCALES[toks[j].low]
        value, j, precise, step = value * scale, j + 1, False, step * scale
    if j < n and toks[j].low == "dozen":
        value, j, precise, step = value * 12, j + 1, False, step * 12
    return Number(value, j, precise=precise, vague=False, step=step, zeros=zeros)


def names_something(toks: Sequence[Token], i: int) -> bool:
    """'Windows 98', 'Group of Seven', '(186 miles)', 'one of the 23 crew', 'last five years',
    'MD-11', 'F-16' (a model's number, glued by a hyphen to a capitalised word)."""
    if i == 0:
        return False
    tok, prev = toks[i], toks[i - 1]
    if prev.text == "(" or prev.low in RELATIVE_BEFORE:
        return True
    if tok.text[0].isupper() and prev.text not in _OPENERS:
        return True
    before = toks[i - 2] if i >= 2 else None
    if prev.text == "-" and before is not None and before.text[0].isupper():
        return _glued(before, prev) and _glued(prev, tok)
    if prev.text[0].isupper() and prev.low.isalpha() and before and before.text not in _OPENERS:
        return True
    return prev.low in PARTITIVE and before is not None and before.low == "of"


def _qualifier(toks: Sequence[Token], i: int) -> tuple[str, int]:
    """The qualifier ending just before token ``i`` ("at least") and the index it starts at."""
    for width in (3, 2, 1):
        phrase = " ".join(t.low for t in toks[max(i - width, 0) : i])
        if i - width >= 0 and phrase in _QUALIFIERS:
            return phrase, i - width
    return "", i


def _interval(num: Number, qualifier: str) -> Quantity:
    v = num.value
    if num.vague:
        low, high = 2 * v, VAGUE_SPAN * max(num.top, v)
    elif num.precise and qualifier not in APPROXIMATE:
        low, high = v, v
    else:
        low, high = v * (1 - ROUND_TOLERANCE), v * (1 + ROUND_TOLERANCE)
    if qualifier in LOWER_BOUNDS:
        high = math.inf
    elif qualifier in UPPER_BOUNDS:
        low = 0.0
    precise = num.precise and not num.vague and qualifier not in APPROXIMATE
    # a count as written is exact ("120 cases"); "about 30,000" is rounded to its zeros
    step = num.step if precise else num.step * num.zeros
    return Quantity(v, low, high, precise, step=step, span=num.vague)


@dataclass(frozen=True, slots=True)
class Value:
    """A number with its qualifier, unit and the token span it covers."""

    quantity: Quantity
    kind: str
    measure: str
    unit_word: str  # "hour" in "12-hour", "minutes" in "10 minutes"
    begin: int  # first token (qualifier or currency symbol)
    end: int  # token after the value and its unit
    phrase_start: int
    rate: str = ""  # "hour" in "155,000 mph": the unit holds its time


def read_value(toks: Sequence[Token], i: int, num: Number) -> Value:
    """The value around the number at ``i``: qualifier, range, currency, unit."""
    begin, measure, n = i, "", len(toks)
    if i and toks[i - 1].low in CURRENCY and _glued(toks[i - 1], toks[i]):
        measure, begin = CURRENCY[toks[i - 1].low], i - 1
    qualifier, begin = _qualifier(toks, begin)
    quantity, j = _interval(num, qualifier), num.end
    if j + 1 < n and (
        toks[j].low == "to" or (toks[j].low in "-–" and _glued(toks[j - 1], toks[j]))
    ):
        upper = parse_number(toks, j + 1)  # a range: "two to three years", "10-12"
        if upper is not None:
            high = _interval(upper, qualifier).high
            quantity = Quantity(quantity.value, quantity.low, high, precise=False, span=True)
            j = upper.end
    kind, unit_word, end, phrase_start, rate = "number", "", j, j, ""
    nxt = singular(toks[j].low) if j < n else ""
    if hyphen_word(toks, j):
        unit_word, end, phrase_start = toks[j + 1].low, j + 2, j + 2  # "12-hour", "210-metre"
        if j + 3 < n and toks[j + 2].low == "-" and toks[j + 3].low == "old":
            unit_word, end, phrase_start = "years old", j + 4, j + 4  # "23-year-old": an age
    elif nxt == "year" and j + 1 < n and toks[j + 1].low == "old":
        unit_word, end, phrase_start = "years old", j + 2, j + 2  # "34 years old": an age
    elif toks[j].low in SPEEDS if j < n else False:
        (unit_word, rate), end = SPEEDS[toks[j].low], j + 1  # "155,000 mph"
        phrase_start = end
    elif nxt in HOURS or nxt in MEASURES:
        unit_word, end = toks[j].low, j + 1  # "10 minutes": the unit is also the head
    elif nxt in CURRENCY or nxt in PERCENT_WORDS:
        measure, end, phrase_start = CURRENCY.get(nxt, "%"), j + 1, j + 1
    unit = singular(unit_word)
    if unit in HOURS:
        kind, measure, quantity = "duration", "time", quantity.scaled(HOURS[unit])
    elif unit:
        measure = unit
    return Value(quantity, kind, measure, unit_word, begin, end, phrase_start, rate)


def lower_first(text: str) -> str:
    """A value as written, lowercased when it opens with a qualifier or a number word
    ("At least 12" -> "at least 12", "Three" -> "three"; "$1.4 billion" unchanged)."""
    first = text.split(" ", 1)[0].lower()
    lower = first in QUALIFIER_WORDS or first in NUMBER_WORDS or first in {"a", "an"}
    return text[:1].lower() + text[1:] if lower else text


def read_dates(text: str) -> list[DateMatch]:
    """The calendar dates of a text, as (year, month, day) with the fields it gives."""
    out: list[DateMatch] = []
    for m in _DATE_RE.finditer(text):
        month_text = m.group("month1") or m.group("month2") or m.group("month3") or ""
        month = MONTHS.get(month_text.rstrip(".").lower()) if month_text else None
        day = m.group("day1") or m.group("day2")
        year = m.group("year1") or m.group("year2") or m.group("year3") or m.group("year4")
        if (month_text and month is None) or (day is not None and not 1 <= int(day) <= 31):
            continue  # "Mayor 12", "Decision 2023"
        value = (int(year) if year else None, month, int(day) if day else None)
        out.append(DateMatch(m.start(), m.end(), m.group(), value))
    return out


def read_ages(text: str) -> list[AgeMatch]:
    """Ages given after a name ("Tomas Reyne, 34,")."""
    out: list[AgeMatch] = []
    for m in _AGE_RE.finditer(text):
        name, age = m.group("name"), float(m.group("age"))
        if name.split()[0].lower() in NOT_CONTEXT:
            continue  # "On Monday, 10"
        if " " not in name and not text.startswith(",", m.end("age")):
            continue  # one word: only an apposition ("Slepian, 51, is"), not "in Paris, 12 and"
        quantity = Quantity(age, age, age, precise=True, step=1.0)
        out.append(AgeMatch(name, quantity, m.start("age"), m.end("age"), m.group("age")))
    return out
