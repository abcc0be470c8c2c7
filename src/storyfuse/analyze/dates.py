"""Date expressions in a sentence, resolved against an anchor (the article's publication date).

``find_dates(text, anchor)`` returns one ``DateMention`` per expression, in text order, with
character offsets into ``text``. What is recognised, and how it resolves:

- absolute: ISO dates (``2022-03-10``), ``February 24, 2022`` / ``24 February 2022`` (day),
  ``March 2022`` (month), ``in 2014`` (year; a preposition must come first, so counts such as
  ``2000 people`` never match);
- month and day without a year (``on February 24``, ``Feb. 24``, ``24th of February``): the
  year comes from the anchor: the latest such date no more than ``MONTH_DAY_FUTURE_DAYS`` after
  it (so "February 24" read on 9 March 2022 is 2022-02-24, "December 25" is 2021-12-25);
  ``in March`` / ``since May`` (month precision) follow the same rule;
- weekday names, our own rule (dateutil and dateparser pick the wrong week):
  ``last Friday`` is the most recent Friday strictly before the anchor, ``next Tuesday`` the
  first one strictly after it; a bare or ``this`` weekday looks at the tense cue nearest to it
  (see ``tense_near``): past ("met ... on Thursday") gives the most recent such day on or
  before the anchor, future ("will meet ... Thursday", "is expected to ... on Tuesday") the
  first one on or after it; with no cue or mixed cues, the nearer of the two (one is at most
  three days away);
- ``yesterday``, ``today``, ``tomorrow``, ``tonight``, ``last night``, ``this morning``
  (day), ``last week`` / ``this week`` / ``next week`` (week: the value is that week's
  Monday), ``earlier this month`` / ``last month`` (month: the 1st), ``last year`` (year:
  1 January), ``three days ago`` and the like.

``relative`` is true for every expression that needs the anchor. Without an anchor, absolute
expressions still resolve and relative ones are kept with ``value=None``: honest, not guessed.
Guards against false positives: month and weekday names must be capitalised ("may", "march"
as verbs never match) and a bare month needs a day, a year or a leading preposition ("the
March on Washington"); a weekday or ``Today`` that is part of a name ("Sunday Times", "Super
Tuesday", "USA Today") is skipped; a day number followed by a unit word ("March 24 people")
is not a date; plural weekdays ("on Mondays") are habits, not dates.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from storyfuse import lexicon
from storyfuse.text.textstats import folded, holds_any, lowered_for_words

Precision = Literal["day", "week", "month", "year"]
Tense = Literal["past", "future", "none"]

# A month and day without a year resolve to the latest such date at most this many days
# after the anchor: news mostly looks back, but "on April 5" read in March is ahead.
MONTH_DAY_FUTURE_DAYS = 120
DAYS_PER_WEEK = 7
# With no tense cue a bare weekday is the nearer occurrence: at most this many days back.
NEAREST_WEEKDAY_BACK_DAYS = 3
# A tense cue this close to a weekday (in words) governs it, whatever else the clause says.
ADJACENT_CUE_WORDS = 4

WEEKDAYS: tuple[str, ...] = tuple(d.capitalize() for d in lexicon.WEEKDAYS)  # Monday = 0
MONTHS: dict[str, int] = lexicon.MONTH_NUMBERS
SMALL_NUMBERS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
# Words before a weekday that make it a name or a day we cannot resolve ("Super Tuesday",
# "the Sunday Times", "the Monday after the vote").
NAMED_DAY_PREFIXES = frozenset("the black good super cyber bloody holy ash easter maundy".split())
# Leads that make the following capitalised word a plain sentence word, not part of a name.
_TEMPORAL_LEADS = frozenset("on last next this by since until from early late".split())
# Words ending in -ed that are not past-tense verbs.
_NOT_PAST_ED = frozenset(
    "need seed speed feed indeed hundred red bed shed proceed exceed succeed breed greed "
    "deed creed embed".split()
)

_MONTH_NAMES = "|".join(m.capitalize() for m in lexicon.MONTH_NAMES)
# "Sept" before "Sep"; "May" is a name already.
_MONTH_ABBREVIATIONS = "|".join(
    a.capitalize()
    for a in sorted(
        lexicon.MONTH_ABBREVIATIONS - set(lexicon.MONTH_NAMES), key=lambda a: (MONTHS[a], -len(a))
    )
)
_MONTH = rf"(?P<month>(?:{_MONTH_NAMES})\b|(?:{_MONTH_ABBREVIATIONS})\b\.?)"
_FULL_MONTH = rf"(?P<month>{_MONTH_NAMES})\b"
_WEEKDAY = rf"(?:{'|'.join(WEEKDAYS)})"
_YEAR = r"(?P<year>(?:1[89]|20)\d{2})(?![\d,.]\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b"
# A number followed by one of these counts things; it is not a day of the month or a year.
_UNITS = (
    r"(?!\s*(?:%|percent|per\s+cent|people|persons?|men|women|children|million|billion"
    r"|thousand|hundred|years?|months?|weeks?|days?|hours?|minutes?|seconds?|km|kilomet|metres?"
    r"|meters?|miles?|tons?|tonnes?|dollars?|euros?|troops|soldiers|civilians|vehicles)\b)"
)
_PREP = r"(?:in|since|until|till|by|during|from|before|after|through|around|early|late|mid-?)"

_ISO_RE = re.compile(r"(?<![\d-])(?P<year>(?:1[89]|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)")
_MONTH_DAY_RE = re.compile(rf"(?:\b{_WEEKDAY},?\s+)?\b{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?{_UNITS}")
_DAY_MONTH_RE = re.compile(
    rf"(?:\b{_WEEKDAY},?\s+)?(?<![\d,.])\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?"
)
_MONTH_YEAR_RE = re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b")
_PREP_MONTH_RE = re.compile(rf"\b{_PREP}\s+(?P<expr>{_FULL_MONTH})(?![ \t]*\d)")
_PREP_YEAR_RE = re.compile(rf"\b{_PREP}\s+(?P<expr>{_YEAR})\b{_UNITS}")
_WEEKDAY_RE = re.compile(
    rf"(?:\b(?P<mod>[Ll]ast|[Nn]ext|[Tt]his)\s+)?\b(?P<weekday>{_WEEKDAY})\b(?!s\b)"
)
_DEICTIC_RE = re.compile(
    r"\b(?P<word>yesterday|today|tomorrow|tonight|last\s+night|last\s+evening"
    r"|this\s+morning|this\s+afternoon|this\s+evening)\b",
    re.IGNORECASE,
)
_PERIOD_RE = re.compile(
    r"\b(?:(?:earlier|later)\s+)?(?P<mod>this|last|next)\s+(?P<unit>week|month|year)\b",
    re.IGNORECASE,
)
_AGO_RE = re.compile(
    r"\b(?P<n>\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?P<unit>day|week|month|year)s?\s+ago\b",
    re.IGNORECASE,
)
_PREV_WORD_RE = re.compile(r"(?<![A-Za-z])([A-Za-z]+)\s+$")
_OPENERS = " \t\n\"'“‘(—–-"
_NEXT_CAPITAL_RE = re.compile(r"\s+([A-Z][a-z]+)")

# Tense cues. A future cue swallows the verb after it, so "will be held" is one future cue
# and its "-ed" word is not read as a past cue.
FUTURE_CUES = (
    r"\b(?:will|shall|won['’]t|would(?!\s+have))(?:\s+not)?(?:\s+(?:be|have))?(?:\s+[a-z]+)?"
    r"|['’]ll\b"
    r"|\b(?:is|are|be|['’]s|['’]re)\s+(?:expected|due|set|scheduled|slated|going|poised"
    r"|planning|preparing)\s+to\b(?:\s+[a-z]+)?"
    r"|\b(?:was|were)\s+(?:expected|due|set|scheduled|slated|poised|planning|preparing)\s+to\b"
    r"(?:\s+[a-z]+)?"
    r"|\b(?:to\s+be|being)\s+(?:released|published|held|announced)\b"
    r"|['’]s\s+(?:expected|upcoming|planned|scheduled)\b"  # "Tuesday night's expected storm"
    r"|\b(?:is|are|was|were|be)\s+expected\s+(?:in|at)\b"  # "was expected in Ankara"
    r"|\b(?:expected|scheduled|planned|slated|due|set)\s+(?:for|on)\b"
    r"|\b(?:plans?|prepares?)\s+to\b(?:\s+[a-z]+)?"
)
# The letters (and apostrophes) a future cue can open with, looked at before the
# alternation: most places of a clause open none, and are passed over at once.
FUTURE_CUE_FIRST = "wsiabtepd'’"
_FUTURE_RE = re.compile(rf"(?=[{FUTURE_CUE_FIRST}])(?:{FUTURE_CUES})", re.IGNORECASE)
PAST_CUES = (
    r"\b(?:was|were|had|did|has\s+been|have\s+been|said|told|met|held|struck|went|came|began"
    r"|fell|took|gave|made|found|saw|spoke|wrote|sent|brought|kept|lost|won|ran|broke|rose"
    r"|shook|stood|paid|fled|fought|sought|caught|bought|built|heard|meant|left)\b"
    r"|(?-i:\b[a-z]{2,}ed\b)"  # lowercase only: "Ahmed" is no verb
)
# A past cue opens a word with a letter: where none does, the alternation is not tried.
_PAST_RE = re.compile(rf"\b(?=[a-z])(?:{PAST_CUES})", re.IGNORECASE)
_CLAUSE_BREAK_RE = re.compile(r"[;]")
# The first hours of the weekday that follows: "early Wednesday", "1 a.m. Wednesday".
_SMALL_HOURS_RE = re.compile(
    r"\b(?:early|(?:12|[1-5])(?::\d{2})?\s*a\.m\.)\s+(?:on\s+)?$", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression at ``text == sentence[start:end]`` and the date it stands for.

    ``value`` is the first day of the span at ``precision`` (a week starts on Monday) or
    ``None`` for a relative expression without an anchor; ``relative`` says whether the
    expression needed the anchor ("Thursday", "February 24") or not ("March 2022").
    """

    text: str
    start: int
    end: int
    value: date | None
    precision: Precision
    relative: bool


def anchor_date(anchor: date | datetime | None) -> date | None:
    """The calendar day of an anchor; a datetime keeps its own (local) date."""
    if isinstance(anchor, datetime):
        return anchor.date()
    return anchor


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def month_shift(day: date, months: int) -> date:
    """The 1st of the month ``months`` after (negative: before) ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_end(value: date, precision: Precision) -> date:
    """The last day of the span that starts on ``value`` at ``precision`` (a week's
    Sunday, a month's last day, December 31)."""
    if precision == "week":
        return value + timedelta(days=DAYS_PER_WEEK - 1)
    if precision == "month":
        return month_shift(value, 1) - timedelta(days=1)
    if precision == "year":
        return date(value.year, 12, 31)
    return value


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def infer_year(month: int, day: int, anchor: date) -> date | None:
    """The latest ``month``/``day`` at most ``MONTH_DAY_FUTURE_DAYS`` after ``anchor``."""
    limit = anchor + timedelta(days=MONTH_DAY_FUTURE_DAYS)
    for year in (anchor.year + 1, anchor.year, anchor.year - 1, anchor.year - 2):
        candidate = safe_date(year, month, day)
        if candidate is not None and candidate <= limit:
            return candidate
    return None


def resolve_weekday(weekday: int, anchor: date, tense: Tense, *, small_hours: bool = False) -> date:
    """The ``weekday`` (0 = Monday) meant by a bare weekday name in a sentence of ``tense``.

    past: the most recent one on or before the anchor; future: the first on or after it;
    none: the nearer of those two. ``small_hours``: the weekday is said with the first
    hours of its day ("early Wednesday", "1 a.m. Wednesday"); told as done on the day
    after the anchor, it happened just past midnight where the clock is ahead of the
    report's (Asia's "early Wednesday" in a U.S. report of Tuesday): on the report's
    clock, the anchor's day, not six days back.
    """
    back = (anchor.weekday() - weekday) % DAYS_PER_WEEK
    if tense == "past" and small_hours and back == DAYS_PER_WEEK - 1:
        return anchor
    if tense == "past" or (tense == "none" and back <= NEAREST_WEEKDAY_BACK_DAYS):
        return anchor - timedelta(days=back)
    return anchor + timedelta(days=(weekday - anchor.weekday()) % DAYS_PER_WEEK)


def tense_near(text: str, start: int, end: int) -> Tense:
    """The tense that governs ``text[start:end]``, from the tense cues in its clause.

    The clause is the sentence split at ';'. A cue at most ``ADJACENT_CUE_WORDS`` words
    from the expression, with no comma between, decides ("met ... on Thursday", "will
    meet face-to-face Thursday"); failing that, cues that all agree decide; none, or a mix
    ("said ... had asked him to attend the talks on Thursday, and ... would be"), give
    "none". Future cues: will, shall, 'll, would (not "would have"), "is expected / due /
    set / scheduled to", "scheduled for", "plans to", "prepares to". Past cues: was, were,
    had, did, has been, said and common irregular past forms, and words ending in -ed
    outside a future cue ("will be held" is future).
    """
    clause_start = max((m.end() for m in _CLAUSE_BREAK_RE.finditer(text, 0, start)), default=0)
    following = _CLAUSE_BREAK_RE.search(text, end)
    clause_end = following.start() if following else len(text)
    future = [m.span() for m in _FUTURE_RE.finditer(text, clause_start, clause_end)]
    cues: list[tuple[int, Tense]] = [(_gap_words(text, s, start, end), "future") for s in future]
    for match in _PAST_RE.finditer(text, clause_start, clause_end):
        word = match.group().lower()
        if word in _NOT_PAST_ED or any(a <= match.start() < b for a, b in future):
            continue
        cues.append((_gap_words(text, match.span(), start, end), "past"))
    if not cues:
        return "none"
    gap, tense = min(cues, key=lambda cue: cue[0])
    if gap <= ADJACENT_CUE_WORDS or all(t == tense for _, t in cues):
        return tense
    return "none"


def _gap_words(text: str, span: tuple[int, int], start: int, end: int) -> int:
    """Words between a cue and the expression; a comma between makes them far apart."""
    gap = text[span[1] : start] if span[1] <= start else text[end : span[0]]
    return len(text) if "," in gap else len(gap.split())


def _mention(
    text: str, start: int, end: int, value: date | None, precision: Precision, relative: bool
) -> DateMention:
    return DateMention(text[start:end], start, end, value, precision, relative)


def _previous_word(text: str, start: int) -> tuple[str, bool]:
    """The word right before ``start`` and whether it opens the sentence."""
    found = _PREV_WORD_RE.search(text, 0, start)
    if found is None:
        return "", True
    return found.group(1), not text[: found.start()].strip(_OPENERS)


def _is_name_part(text: str, start: int, end: int) -> bool:
    """A weekday that belongs to a name: "Sunday Times", "Super Tuesday", "Kuleba Thursday"."""
    before = _previous_word(text, start)[0]
    lead = before.lower() in _TEMPORAL_LEADS
    if before.lower() in NAMED_DAY_PREFIXES:
        return True
    after = _NEXT_CAPITAL_RE.match(text, end)
    if after and not lead and after.group(1).lower() not in MONTHS:
        return True
    return _follows_name(text, start)


def _follows_name(text: str, start: int) -> bool:
    """A capitalised word right before that neither opens the sentence nor is a temporal lead:
    "Coastline Today", "Theresa May"."""
    before, initial = _previous_word(text, start)
    return before[:1].isupper() and before.lower() not in _TEMPORAL_LEADS and not initial


def _month_number(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]


def _iso(text: str, anchor: date | None) -> list[DateMention]:
    out = []
    for m in _ISO_RE.finditer(text):
        value = safe_date(int(m["year"]), int(m["m"]), int(m["d"]))
        if value is not None:
            out.append(_mention(text, m.start(), m.end(), value, "day", False))
    return out


def _month_days(text: str, anchor: date | None) -> list[DateMention]:
    out = []
    for regex in (_MONTH_DAY_RE, _DAY_MONTH_RE):
        for m in regex.finditer(text):
            month, day = _month_number(m["month"]), int(m["day"])
            if m["month"] == "May" and _follows_name(text, m.start("month")):
                continue  # "Theresa May 24"
            if m["year"]:
                value = safe_date(int(m["year"]), month, day)
                if value is not None:
                    out.append(_mention(text, m.start(), m.end(), value, "day", False))
            elif safe_date(2000, month, day) is not None:  # a leap year: any real month/day
                value = infer_year(month, day, anchor) if anchor else None
                out.append(_mention(text, m.start(), m.end(), value, "day", True))
    return out


def _months(text: str, anchor: date | None) -> list[DateMention]:
    out = []
    for m in _MONTH_YEAR_RE.finditer(text):
        value = date(int(m["year"]), _month_number(m["month"]), 1)
        out.append(_mention(text, m.start(), m.end(), value, "month", False))
    for m in _PREP_MONTH_RE.finditer(text):
        month = _month_number(m["month"])
        inferred = infer_year(month, 1, anchor) if anchor else None
        out.append(_mention(text, m.start("expr"), m.end("expr"), inferred, "month", True))
    for m in _PREP_YEAR_RE.finditer(text):
        value = date(int(m["year"]), 1, 1)
        out.append(_mention(text, m.start("expr"), m.end("expr"), value, "year", False))
    return out


def _weekdays(text: str, anchor: date | None) -> list[DateMention]:
    out = []
    for m in _WEEKDAY_RE.finditer(text):
        mod = (m["mod"] or "").lower()
        if not mod and _is_name_part(text, m.start(), m.end()):
            continue
        value: date | None = None
        if anchor is not None:
            weekday = WEEKDAYS.index(m["weekday"])
            if mod == "last":
                value = anchor - timedelta(days=(anchor.weekday() - weekday - 1) % 7 + 1)
            elif mod == "next":
                value = anchor + timedelta(days=(weekday - anchor.weekday() - 1) % 7 + 1)
            else:
                tense = tense_near(text, m.start(), m.end())
                small = _SMALL_HOURS_RE.search(text, 0, m.start()) is not None
                value = resolve_weekday(weekday, anchor, tense, small_hours=small)
        out.append(_mention(text, m.start(), m.end(), value, "day", True))
    return out


_DEICTIC_OFFSETS: dict[str, int] = {
    "yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0, "last night": -1,
    "last evening": -1, "this morning": 0, "this afternoon": 0, "this evening": 0,
}  # fmt: skip


def _deictic(text: str, anchor: date | None) -> list[DateMention]:
    out = []
    for m in _DEICTIC_RE.finditer(text):
        word = " ".join(folded(m["word"]).split())
        if m["word"][0].isupper() and text[: m.start()].strip(_OPENERS):
            continue  # capitalised inside a sentence: "USA Today", "Coastline Today"
        value = anchor + timedelta(days=_DEICTIC_OFFSETS[word]) if anchor else None
        out.append(_mention(text, m.start(), m.end(), value, "day", True))
    return out


def _period_value(unit: str, steps: int, anchor: date) -> tuple[date, Precision]:
    if unit == "week":
        return week_start(anchor) + timedelta(days=DAYS_PER_WEEK * steps), "week"
    if unit == "month":
        return month_shift(anchor, steps), "month"
    if unit == "year":
        return date(anchor.year + steps, 1, 1), "year"
    return anchor + timedelta(days=steps), "day"


_UNIT_PRECISION: dict[str, Precision] = {
    "day": "day", "week": "week", "month": "month", "year": "year",
}  # fmt: skip


def _periods(text: str, anchor: date | None) -> list[DateMention]:
    out = []
    for m in _PERIOD_RE.finditer(text):
        unit, mod = folded(m["unit"]), folded(m["mod"])
        steps = {"last": -1, "this": 0, "next": 1}[mod]
        value = _period_value(unit, steps, anchor)[0] if anchor else None
        out.append(_mention(text, m.start(), m.end(), value, _UNIT_PRECISION[unit], True))
    for m in _AGO_RE.finditer(text):
        raw, unit = folded(m["n"]), folded(m["unit"])
        steps = int(raw) if raw.isdigit() else SMALL_NUMBERS[raw]
        value = _period_value(unit, -steps, anchor)[0] if anchor else None
        out.append(_mention(text, m.start(), m.end(), value, _UNIT_PRECISION[unit], True))
    return out


Finder = Callable[[str, date | None], list[DateMention]]
_FINDERS: tuple[Finder, ...] = (_iso, _month_days, _months, _weekdays, _deictic, _periods)

# Cheap tests before the finders' regexes (most sentences hold no date at all). Each is a
# necessary condition: a string that every match of a finder's regexes contains, so a
# sentence without it skips that finder and loses nothing (``_finders_for``).
_MONTH_STEM_RE = re.compile(
    "|".join(sorted({m[: lexicon.ABBREVIATION_LETTERS].capitalize() for m in MONTHS}))
)  # "Jan" ... "Dec": the start of every month name and abbreviation, as capitalised
_YEAR_DIGITS_RE = re.compile(r"(?:1[89]|20)\d{2}")  # the year of an ISO date, "in 2014"
# Words of the case-blind finders, one in each of their alternatives (looked for in the
# lowered sentence, ``lowered_for_words``): "yesterday", "today" hold "day"; "last night",
# "tonight" hold "night".
_DEICTIC_TRIGGERS = ("day", "tomorrow", "night", "evening", "morning", "afternoon")
_PERIOD_TRIGGERS = ("week", "month", "year", "ago")


def _finders_for(text: str) -> tuple[Finder, ...]:
    """The finders of ``_FINDERS`` (in order) whose trigger ``text`` holds."""
    month = _MONTH_STEM_RE.search(text) is not None
    year = _YEAR_DIGITS_RE.search(text) is not None
    lowered = lowered_for_words(text)  # for the case-blind finders
    allowed: dict[Finder, bool] = {
        _iso: year,
        _month_days: month,
        _months: month or year,
        _weekdays: any(weekday in text for weekday in WEEKDAYS),
        _deictic: holds_any(lowered, _DEICTIC_TRIGGERS),
        _periods: holds_any(lowered, _PERIOD_TRIGGERS),
    }
    return tuple(finder for finder in _FINDERS if allowed[finder])


def find_dates(text: str, anchor: date | datetime | None = None) -> tuple[DateMention, ...]:
    """Every date expression in ``text``, in order, resolved against ``anchor`` where needed.

    Where two expressions overlap the longer wins ("Thursday, March 10, 2022" is one).
    """
    day = anchor_date(anchor)
    found = [mention for finder in _finders_for(text) for mention in finder(text, day)]
    kept: list[DateMention] = []
    for mention in sorted(found, key=lambda m: (m.start - m.end, m.start)):
        if all(mention.end <= k.start or mention.start >= k.end for k in kept):
            kept.append(mention)
    return tuple(sorted(kept, key=lambda m: m.start))
