"""Where the reports differ: a figure, a date or a named value given differently by two articles.

A conflict is a difference to check, not a verdict: the reports may describe different
moments (a toll that rose, a ceasefire proposed and another agreed) or one of them may be
wrong; the brief shows both sides with their sources and lets the reader judge.

Values read from each sentence (by ``storyfuse.analyze.values``):

- numbers in digits or words ("12", "35,000", "three", "twenty-four", "a dozen",
  "2 million", "$1.4 billion", "40 percent"), with a qualifier before them ("at least",
  "more than", "up to", "about", "nearly") and ranges ("two to three years");
- durations, hyphenated ("12-hour ceasefire") or spaced ("10 minutes"), in hours;
- calendar dates ("February 24", "10 March 2022", "opened in 1971");
- ages after a name ("Tomas Reyne, 34,", "Barnett A. Slepian, 52,", "Slepian, 51, is")
  or before a noun ("a 23-year-old secretary");
- named office holders ("Harbour Master Ines Calder"): a role that says whose office it is
  ("Turkish Foreign Minister"; not "Mayor", "Foreign Minister", "Defense Minister").
- what an apposition says of a person: a serving or past office ("Maia, Rio's mayor" /
  "Cesar Maia, a former Rio mayor") and an affiliation ("Luigi Garlaschelli of the
  University of Pavia"); affiliations sharing a word are one institution ("University of
  Brasilia", "Federal University of Brasilia").

Not read, as they measure nothing or name something: clock times, "16 months ago",
"in the last five years", "five days until", "Windows 98", "Group of Seven", conversions in
brackets ("300 kilometers (186 miles)"), totals after "of the" ("one of the 23 crew").

Two values from DIFFERENT articles are about the same thing when they have the same kind,
unit ("hour", "$", "%") and head noun after the value ("corridors", "ceasefire",
"people"), their subject words (the unit, the noun phrase after the value, the other
nouns of a list it opens ("Serbs, Jews and Gypsies") and one predicate word: the content
word right before the value, else the first one after the phrase: "killing 60 people",
"19 people were injured") share at least
``MIN_SUBJECT_WORDS`` stems, and the sentences are on one topic (tf-idf cosine, numbers
left out, >= ``SAME_TOPIC_SIMILARITY``). So "12-hour ceasefire"/"24-hour ceasefire" and
"12 people were injured"/"19 people were injured" match; "10 minutes" of a journey and
"up to 40 minutes" of a diversion do not. Values with no head noun (money, percentages of
nothing named), distances ("40 kilometers"), hyphenated measures ("200-meter medley")
and dates need the sentences to say the same thing by the citation rule of
``text.support`` (cosine >= ``CITE_SIMILARITY``, ``MIN_SHARED_WORDS`` shared
content words), dates also a shared predicate word; a figure per time ("150,000 meteors per
hour") may instead share a context word, and a measure per time (a speed: "43 miles per
second", "155,000 mph") only be on one topic. Ages match by the person's name as the
sentence gives it in full ("Silva, 40" of "Gilberto Manuel da Silva" is not Lula da
Silva's age), office holders by role. A toll's words are one subject word ("killed 224
people", "224 people died", "224 dead": ``TOLL_STEMS``), and a bare count right after
"killed" or "wounded" ("killed more than 250, including 12 Americans") or a toll word
standing for its noun ("the more than 1,000 wounded") counts people.

A value with no noun ("took 34 percent") belongs to a name (``_owner``): the one it is
"for" ("34 percent for his rival, Lula"), a share's "of" ("80 percent of Croatia's"),
else the first name of its clause, else the sentence's subject. Two such values of
different names are about different things ("Ciro Gomes ... had 11 percent" is not Lula's
share); a value with no noun joins one with a noun ("52.4 percent of the vote") of the
same name when its sentence names that noun too. A change of an amount ("a 20 percent
increase", "lost 4.5 percent") is never compared with a level ("77.6%"). Two values with
no noun and no name are of one thing when the words of their clauses before them share
``MIN_SUBJECT_WORDS`` stems ("interest rates were hiked to 50 percent", "despite interest
rates of 40 percent"). Periods set values apart as years do ("this year", "on Monday").
A speed forecast ("will be moving at over 155,000 miles an hour") is compared with a
stated one of the same size (within ``MAX_FORECAST_RATIO``), and a speed never grows into
a history.

When two values differ (the rule we chose for bounds and approximations):

- precise figures (digits, number words below a hundred) differ when the figures differ,
  even under "at least" / "more than" / "up to": news gives "at least 12" for the count
  confirmed so far, and a report of 19 is a different count worth checking;
- approximations and round amounts differ unless one rounds to the other
  (``Quantity.differs``): "about 30,000" covers 31,000, "4.5 percent" covers "4.47
  percent", but "about 45" and 44, "some 80" and "more than 75", "4 million" and "4.7
  million" differ, as the gold labels of real clusters call them;
- vague amounts ("dozens", "thousands", "tens of thousands": from twice the base to ten
  times it), ranges and round figures under a bound are intervals and differ only when
  the intervals cannot overlap: "more than a dozen" is consistent with 19;
- dates differ when a field both give (year, month, day) differs; names when they are
  neither spelled alike (``names.name_similarity`` >= ``SPELLING_SIMILARITY``:
  "Morsy"/"Morsi") nor one within the other ("Tayyip Erdogan" is "Recep Tayyip Erdogan").

A conflict keeps only the sides that differ from another side (a vague "more than a
dozen" consistent with every figure is left out). It is dropped when one article itself
gives two of its values (a series of figures, or a count it updates) or when more than
``MAX_SIDES`` values remain (several things under one noun, not one disputed fact;
"50 percent" and "almost 50 percent" are one value), or when two of its values are set in
different periods or places (linked only through a third that names neither). Such a
group of several facts still gives the counts that one statement restates with another
figure (``_restated``: "In Poland, 32 people died" / "In Poland, 36 people died", the same
sentence of two versions of one wire report, chained by looser links to another
country's toll). An age or a measure (a length, a temperature) never grows into a history.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from storyfuse.analyze.names import (
    NameSpan,
    name_key,
    name_similarity,
    same_name,
    sentence_spans,
)
from storyfuse.analyze.spellings import Spelling, find_spellings
from storyfuse.analyze.values import (
    CHANGE_WORDS,
    CURRENCY,
    HOURS,
    MEASURES,
    MONTHS,
    NOT_CONTEXT,
    NUMBER_WORDS,
    PERCENT_WORDS,
    RELATIVE_AFTER,
    SPEEDS,
    DateValue,
    Token,
    Value,
    hyphen_word,
    is_word,
    lower_first,
    may_count,
    names_something,
    number_starts,
    parse_number,
    read_ages,
    read_dates,
    read_value,
    singular,
    tokenize,
)
from storyfuse.analyze.values import Quantity as Quantity  # re-exported
from storyfuse.lexicon import (
    GENERIC_OFFICE,
    ORG_HEADS,
    PLACE_BEFORE,
    SPEECH_VERBS,
    TITLE_HEADS,
    TITLES,
    WEEKDAYS,
)
from storyfuse.text.corpus import Corpus, Unit, chronological_key
from storyfuse.text.state import announces
from storyfuse.text.support import CITE_SIMILARITY, MIN_SHARED_WORDS, TimeKey
from storyfuse.text.textstats import stem, tfidf_matrix
from storyfuse.types import Sentence

MIN_SUBJECT_WORDS = 2  # shared subject stems (the head noun counts as one)
# tf-idf cosine, numbers left out; far below CITE_SIMILARITY, as sentences giving a
# "12-hour" and a "24-hour ceasefire" may share little else (0.18 on the seeds)
SAME_TOPIC_SIMILARITY = 0.12
WINDOW_TOKENS = 6  # how far (in tokens) the predicate word is looked for
MAX_PHRASE_WORDS = 3  # words of the noun phrase after a value
MAX_LISTED = 4  # nouns of a list after the counted one ("Serbs, Jews and Gypsies")
MAX_SIDES = 3  # more distinct values: a series of figures, not one disputed fact
SPELLING_SIMILARITY = 0.75  # names.name_similarity: below it two names of one role are two people

CONTEXT_TOKENS = 4  # how far (in tokens) either side of a value its context words are read
MAX_DATE_SLIP_DAYS = 3  # dates of one event given a few days apart: a slip to check
ABBREVIATED_TITLE_LETTERS = 4  # "gen", "sen", "prof": abbreviations, not an apposition's office
MAX_FORECAST_RATIO = 2.0  # a forecast speed and a stated one further apart: two things
SPEECH_LOOKAHEAD = 12  # characters after a name read for a speech verb ("said", "told")
MAX_BRACKET_TOKENS = 8  # a conversion in brackets skipped before a rate ("(69 kilometers)")

KINDS = ("number", "duration", "date", "name")
# The words of one toll are one subject word: "killed 224 people", "224 people died", "224
# dead"; "injured 162", "162 were wounded" (stems -> the toll they count)
TOLL_STEMS = {
    **dict.fromkeys(("kill", "die", "dead", "death"), "dead"),
    **dict.fromkeys(("injur", "injuri", "wound", "hurt"), "injured"),
}
# A bare count right after one of these counts people ("killed more than 250, including ...")
# and so does a toll word standing for its noun ("the more than 1,000 wounded")
TOLL_VERBS = frozenset(
    ("kill", "kills", "killed", "killing", "injure", "injures", "injured", "injuring")
).union(("wound", "wounds", "wounded", "wounding"))
TOLL_WORDS = frozenset("dead killed injured wounded hurt".split())
COUNTED_PEOPLE = "people"
# the words of units, which every figure of a kind has around it ("kph (81 mph)")
_UNIT_STEMS = frozenset(stem(w) for w in (*MEASURES, *SPEEDS, *HOURS, *CURRENCY, *PERCENT_WORDS))
TEMPERATURES = frozenset(("celsius", "fahrenheit", "degre"))  # heads: stems of the noun
AGE_MEASURES = frozenset(("age", "years old"))  # "Reyne, 34," and "a 23-year-old secretary"
_NOT_ROLES = frozenset(("former", "ex", "late", "then"))
# "meteors per hour", "$300 million a day"
RATE_WORDS = frozenset(("per", "a", "an", "each", "every"))
# A value asked for, offered or discussed is not one agreed or done ("he discussed a 24-hour
# ceasefire" against "the two sides agreed to a 12-hour ceasefire"); with ``announces``
# (what is still to come) this marks a value as proposed.
_PROPOSAL_RE = re.compile(
    r"\b(?:discuss\w*|propos\w*|sought|seek\w*|(?:call|ask|push|press)(?:s|ed|ing)? for"
    r"|urg(?:e|es|ed|ing)|demand\w*|insist\w*|offer\w*|suggest\w*|request\w*|want\w*"
    r"|need(?:s|ed)?)\b",
    re.IGNORECASE,
)
_YEAR_TEXT_RE = re.compile(r"(?<![\w$£€.,])(?:18|19|20)\d\d(?!\w|[.,]\d)")
_PLACE_TEXT_RE = re.compile(
    rf"\b(?i:{'|'.join(sorted(PLACE_BEFORE))}) (?:the )?"
    r"(?P<place>[A-Z][\w'’.-]*(?: [A-Z][\w'’-]*)*)"
)
_NOT_PLACES = frozenset(MONTHS) | frozenset(WEEKDAYS)
# a period a figure is set in: "down 4.47 percent" on Monday is not "down 40 percent this year"
_PERIOD_RE = re.compile(
    rf"\b(?i:(?:this|last|next|past) (?:week|month|year|quarter)|today|yesterday"
    rf"|{'|'.join(WEEKDAYS)})\b"
)
# an apposition giving a person's office: "Maia, Rio's mayor", "Cesar Maia, a former Rio mayor"
_OFFICE_AFTER_RE = re.compile(
    r",\s+(?:(?:a|an|the)\s+)?(?P<phrase>(?P<past>(?:former|ex-|then)\s*)?"
    r"(?:[\w'’.-]+\s+){0,2}?(?P<head>"
    + "|".join(sorted(w for w in TITLE_HEADS if len(w) > ABBREVIATED_TITLE_LETTERS))
    + r"))\b(?=\s*(?:[,.;]|$|\s+(?:of|who|belonging|and)\b))",
    re.IGNORECASE,
)
_OF_AFTER_RE = re.compile(r",?\s+(?:of|from)\s+(?:the\s+)?")
Scope = tuple[frozenset[str], frozenset[str], frozenset[str]]  # years, places, periods
# what a value is "for" or "of", right after it: "34 percent for his main rival, Lula ..."
_OWNER_AFTER_RE = re.compile(r"\s+(?:for(?:\s+(?:his|her|their|its)(?:\s+\w+){0,3},?)?|of)\s+")
CLAUSE_MARKS = (",", ";", ":", "(", "—", "–", " _ ")


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
class HistoryStep:
    """One figure of a history: the day first reported, and the side that reports it."""

    published: date
    side: ConflictSide


@dataclass(frozen=True, slots=True)
class History:
    """A figure reported larger from one day to the next (a toll): its steps, earliest first."""

    subject: str
    kind: str
    steps: tuple[HistoryStep, ...]


@dataclass(frozen=True, slots=True)
class Differences:
    """What ``find_differences`` finds: conflicts to check, and figures over time."""

    conflicts: tuple[Conflict, ...]
    histories: tuple[History, ...]


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
    context: frozenset[str] = frozenset()  # stems of the content words around the value
    scope: Scope = (frozenset(), frozenset(), frozenset())  # years, places, periods
    proposed: bool = False  # asked for, offered, discussed or still to come; not done
    rate: str = ""  # "hour" in "150,000 meteors per hour"
    owner: str = (
        ""  # the name a value with no noun belongs to ("Lula da Silva ... took 34 percent")
    )
    change: bool = False  # a change of an amount ("a 20 percent increase", "fell 4.5 percent")
    of: tuple[tuple[str, str], ...] = ()  # with no noun: what its clause says it is of


def _scope(text: str) -> Scope:
    """The period and places a sentence sets its figures in: the years it names ("In 1966")
    or the periods ("this year", "on Monday"), and the names after "in", "at", "near" ("in
    Mexico", "at La Palma")."""
    years = frozenset(_YEAR_TEXT_RE.findall(text))  # the regexes' one group or none
    periods = frozenset(map(str.casefold, _PERIOD_RE.findall(text)))
    places = frozenset(
        place.casefold()
        for found in _PLACE_TEXT_RE.findall(text)
        if (place := found.rstrip(".")).split()[0].casefold() not in _NOT_PLACES
    )
    return years, places, periods


def _same_scope(a: _Mention, b: _Mention) -> bool:
    """Not set apart by period or place: where both name years (places), they share one."""
    (years_a, places_a, periods_a), (years_b, places_b, periods_b) = a.scope, b.scope
    return not (
        (years_a and years_b and years_a.isdisjoint(years_b))
        or (places_a and places_b and places_a.isdisjoint(places_b))
        or (periods_a and periods_b and periods_a.isdisjoint(periods_b))
    )


def _owner(text: str, names: Sequence[NameSpan], start: int, end: int, *, share: bool) -> str:
    """The name a value belongs to: one it is "for" just after it ("34 percent for his main
    rival, Luiz Inacio Lula da Silva"), or for a ``share`` "of" ("80 percent of Croatia's
    population"), else the first name of its clause before it ("..., and Ciro Gomes of the
    Popular Socialist Party had 11 percent"), else the sentence's first name before it, its
    subject ("Cardoso ... official tallies gave him 51 percent"); "" when none comes before.
    A speaker ("Zelensky said three corridors ...") says whose words, not whose figure."""
    after = _OWNER_AFTER_RE.match(text, end)
    if after is not None and (share or not after.group().strip().startswith("of")):
        owner = next((n for n in names if n.start == after.end()), None)
        if owner is not None:
            return owner.name
    clause = max(text.rfind(mark, 0, start) for mark in CLAUSE_MARKS)
    # a capitalised word opening the sentence may be a common word ("Exit polls", "Inflation")
    before = [
        n
        for n in names
        if n.end <= start and (not n.initial or " " in n.name) and not _speaks(text, n.end)
    ]
    in_clause = [n for n in before if n.start > clause]
    first = (in_clause or before)[:1]
    return first[0].name if first else ""


def _speaks(text: str, end: int) -> bool:
    """Whether a speech verb follows a name ending at ``end`` ("Zelensky said")."""
    words = text[end : end + SPEECH_LOOKAHEAD].split()
    return bool(words) and words[0].strip(",").casefold() in SPEECH_VERBS


def _proposed(text: str, start: int) -> bool:
    """Whether the words before a value ask for it, offer it or look ahead to it."""
    before = text[:start]
    return announces(before) or _PROPOSAL_RE.search(before) is not None


def _context(toks: Sequence[Token], begin: int, end: int) -> frozenset[str]:
    """Stems of the common words within ``CONTEXT_TOKENS`` of a value: what it is about,
    without the names (a place or a person says where or who, not what: "Woodland Hills")."""
    near = [*toks[max(begin - CONTEXT_TOKENS, 0) : begin], *toks[end : end + CONTEXT_TOKENS]]
    return frozenset(
        stem(t.low)
        for t in near
        if is_word(t) and t.low not in NOT_CONTEXT and not t.text[0].isupper()
    )


def _rate(toks: Sequence[Token], j: int) -> tuple[str, int]:
    """The time a figure at token ``j`` is counted per ("per hour", "a day"), after a
    conversion in brackets, and the token after it; ``("", j)`` when there is none."""
    n, k = len(toks), j
    if k < n and toks[k].text == "(":
        window = range(k, min(k + MAX_BRACKET_TOKENS, n))
        close = next((c for c in window if toks[c].text == ")"), k)
        k = close + 1 if close > k else k
    if k + 1 < n and toks[k].low in RATE_WORDS and singular(toks[k + 1].low) in HOURS:
        return singular(toks[k + 1].low), k + 2
    return "", j


def _phrase(toks: Sequence[Token], j: int, *, skip_of: bool) -> tuple[list[str], int]:
    """The noun phrase starting at token ``j`` ("humanitarian corridors", "ethnic Albanians")."""
    words: list[str] = []
    n = len(toks)
    if skip_of and j < n and toks[j].low == "of":  # "dozens of children", "40 percent of the vote"
        j += 1 + (j + 1 < n and toks[j + 1].low == "the")
    while j < n and len(words) < MAX_PHRASE_WORDS:
        if not is_word(toks[j]) or toks[j].low in NOT_CONTEXT:
            break
        word, k = toks[j].low, j + 1
        while hyphen_word(toks, k):
            word, k = word + toks[k + 1].low, k + 2  # "cease-fire" -> "ceasefire"
        if words and word.endswith(("ed", "ing")):
            break  # "two road workers missing"
        words.append(word)
        j = k
    return words, j


def _listed(toks: Sequence[Token], j: int) -> list[tuple[str, str]]:
    """The other nouns of a list the counted one opens ("thousands of Serbs, Jews, Gypsies
    and Croat opponents"): one word after each comma or "and", up to ``MAX_LISTED``."""
    out: list[tuple[str, str]] = []
    n = len(toks)
    while len(out) < MAX_LISTED and j + 1 < n and toks[j].low in {",", "and", "or"}:
        k = j + 1 + (toks[j].low == "," and toks[j + 1].low in {"and", "or"})
        if k >= n or not is_word(toks[k]) or toks[k].low in NOT_CONTEXT:
            break
        if toks[k].low.endswith(("ed", "ing")):
            break  # a verb: "killing 60 people and injuring 162 others"
        out.append((stem(toks[k].low), toks[k].low))
        j = k + 1
    return out


def _predicate(
    toks: Sequence[Token], begin: int, after: int, *, adjacent: bool
) -> list[tuple[str, str]]:
    """The verb-like word of a value: the content word right before it ("killing 60 people"),
    else the first one after its phrase ("19 people were injured")."""
    before = [toks[k] for k in range(begin - 1, max(begin - 1 - WINDOW_TOKENS, -1), -1)]
    if not adjacent:  # the nearest content word: "opened in 1971", "invaded Ukraine on February 24"
        before = [t for t in before if is_word(t) and t.low not in NOT_CONTEXT]
    if before and is_word(before[0]) and before[0].low not in NOT_CONTEXT:
        return [(stem(before[0].low), before[0].low)]
    for tok in toks[after : after + WINDOW_TOKENS]:
        if is_word(tok) and tok.low not in NOT_CONTEXT:
            return [(stem(tok.low), tok.low)]
    return []


def _of(toks: Sequence[Token], begin: int) -> tuple[tuple[str, str], ...]:
    """The common words (stem, word) of a value's clause before it, within
    ``WINDOW_TOKENS``, in text order: what a value with no noun measures ("interest rates
    were hiked to 50 percent", "despite interest rates of 40 percent")."""
    out: list[tuple[str, str]] = []
    for tok in reversed(toks[max(begin - WINDOW_TOKENS, 0) : begin]):
        if tok.text in CLAUSE_MARKS:
            break
        if is_word(tok) and tok.low not in NOT_CONTEXT and not tok.text[0].isupper():
            out.append((stem(tok.low), tok.low))
    return tuple(reversed(out))


def _stems(pairs: Sequence[tuple[str, str]]) -> set[str]:
    return {s for s, _ in pairs}


def _change(toks: Sequence[Token], begin: int, words: Sequence[str]) -> bool:
    """Whether a value is a change of an amount: its noun says so ("a 20 percent increase"),
    or the word before it ("lost 4.5 percent", "cut by 3 percent"); "hiked to 50 percent"
    gives the new level."""
    before = [t.low for t in toks[max(begin - 2, 0) : begin]]
    if before[-1:] == ["by"]:
        before = before[:-1]
    return bool(words and words[-1] in CHANGE_WORDS) or bool(before and before[-1] in CHANGE_WORDS)


def _toll_subject(subject: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The subject words with each toll word as the toll it counts ("killing" and "died":
    "dead"), once, in order."""
    out: dict[str, str] = {}
    for s, w in subject:
        toll = TOLL_STEMS.get(s)
        out.setdefault(toll or s, toll or w)
    return list(out.items())


def _toll_word(toks: Sequence[Token], val: Value, words: Sequence[str]) -> str:
    """The toll word a count of people with no noun has: the verb right before a bare
    count ("killed more than 250, including 12 Americans") or a toll word as its whole
    phrase ("60 dead", "the more than 1,000 wounded"); "" for any other value."""
    if val.measure or val.kind != "number":
        return ""
    if list(words) == [] and val.begin and toks[val.begin - 1].low in TOLL_VERBS:
        return toks[val.begin - 1].low
    return words[0] if len(words) == 1 and words[0] in TOLL_WORDS else ""


def _number_mentions(
    unit: Unit, toks: Sequence[Token], taken: set[int], names: Sequence[NameSpan] = ()
) -> list[_Mention]:
    """Numbers with a noun after them (or a currency, a percentage, a unit)."""
    text = unit.sentence.text
    scope: Scope | None = None  # read at the first figure
    out: list[_Mention] = []
    i = 0  # the token after the last value read
    for k in number_starts(toks):  # the others start no number: most tokens
        if k < i:
            continue  # inside the value before
        i = k
        num = None if toks[i].start in taken else parse_number(toks, i)
        if num is None or names_something(toks, i):
            continue
        val = read_value(toks, i, num)
        words, after = _phrase(toks, val.phrase_start, skip_of=num.vague or val.measure == "%")
        if val.rate and not words:
            words = [val.unit_word]  # "155,000 mph": a speed in miles, as "miles an hour"
        toll = _toll_word(toks, val, words)
        if toll:
            words = [COUNTED_PEOPLE]  # "killed more than 250", "1,000 wounded": people
        i = max(after, val.end, i + 1)
        if not words and not val.measure:
            continue  # "two in Belarus", "one of": no subject
        if val.end < len(toks) and toks[val.end].low in RELATIVE_AFTER:
            continue  # "16 months ago" dates an event; it measures nothing
        if names_something(toks, val.begin):
            continue
        rate, after = ("", after) if val.measure == "%" else _rate(toks, max(after, val.end))
        rate = val.rate or rate
        share = val.measure == "%"  # "80 percent of Croatia's": a share of what it names
        owner = _owner(text, names, toks[val.begin].start, toks[val.end - 1].end, share=share)
        subject = [(stem(w), w) for w in words]
        subject += _listed(toks, after) if words else []
        subject += _predicate(toks, val.begin, after, adjacent=True)
        subject += [(stem(toll), toll)] if toll else []
        subject = _toll_subject(subject)
        # a hyphenated measure names a category ("200-meter medley"); an age needs its person
        hyphen_measure = (
            bool(val.unit_word) and val.kind == "number" and val.phrase_start == val.end
        )
        scope = _scope(text) if scope is None else scope
        out.append(
            _Mention(
                kind=val.kind,
                unit=unit,
                value=val.quantity,
                text=lower_first(text[toks[val.begin].start : toks[val.end - 1].end]),
                measure=f"{val.measure}/{rate}" if rate else val.measure,
                head=stem(words[-1]) if words else "",
                subject=tuple(subject),
                label=" ".join(words),
                unit_word=val.unit_word,
                statement=not words or hyphen_measure or singular(words[-1]) in MEASURES,
                context=_context(toks, val.begin, max(after, val.end)),
                scope=scope,
                # a forecast of a speed or a distance is of the same property, not a plan
                proposed=_proposed(text, toks[val.begin].start),
                rate=rate,
                owner=owner,
                change=_change(toks, val.begin, words),
                of=() if words else _of(toks, val.begin),
            )
        )
    return out


def _date_mentions(unit: Unit, toks: Sequence[Token], taken: set[int]) -> list[_Mention]:
    text = unit.sentence.text
    out: list[_Mention] = []
    for match in read_dates(text):
        taken.update(range(match.start, match.end))
        first = next(k for k, t in enumerate(toks) if t.end > match.start)
        last = next((k for k, t in enumerate(toks) if t.start >= match.end), len(toks))
        subject = tuple(_predicate(toks, first, last, adjacent=False))
        out.append(
            _Mention(
                "date",
                unit,
                match.value,
                match.text,
                "date",
                "",
                subject,
                "date",
                statement=True,
                context=_context(toks, first, last),
                scope=(frozenset(), _scope(text)[1], frozenset()),
                proposed=_proposed(text, match.start),
            )
        )
    return out


def _age_mentions(unit: Unit, taken: set[int], names: Sequence[NameSpan] = ()) -> list[_Mention]:
    """Ages after a name, each of the person as the sentence names them in full: "Silva, 40"
    read in "Gilberto Manuel da Silva, 40" is not "Luiz Inacio Lula da Silva, 52"."""
    out: list[_Mention] = []
    for age in read_ages(unit.sentence.text):
        taken.update(range(age.start, age.end))
        end = unit.sentence.text.rfind(age.name, 0, age.start) + len(age.name)
        full = [n.name for n in names if n.end == end and len(n.name) > len(age.name)]
        person = max(full, key=len, default=age.name)
        out.append(
            _Mention("number", unit, age.quantity, age.text, "age", "", label=f"age of {person}")
        )
    return out


def _name_mentions(unit: Unit, names: Sequence[NameSpan]) -> list[_Mention]:
    out: list[_Mention] = []
    for span in names:
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


def _attribute_mentions(unit: Unit, names: Sequence[NameSpan]) -> list[_Mention]:
    """What an apposition says of a person: a serving or a past office ("Maia, Rio's
    mayor" / "Cesar Maia, a former Rio mayor") and an affiliation ("Luigi Garlaschelli of
    the University of Pavia"), each keyed by the person's last name and the office's head
    word or "of"."""
    text = unit.sentence.text
    out: list[_Mention] = []
    starts = {n.start: n for n in names}
    for span in names:
        if span.name.casefold().split()[-1] in ORG_HEADS:
            continue  # an organisation's own name
        person = span.name.casefold().split()[-1]
        office = _OFFICE_AFTER_RE.match(text, span.end)
        if office is not None:
            past = office.group("past") is not None
            measure = f"office:{person}:{office.group('head').casefold()}"
            phrase = office.group("phrase")
            status = "former" if past else "serving"
            label = f"office of {span.name}"
            mention = _Mention("name", unit, status, phrase, measure, "", label=label)
            out.append(replace(mention, owner=span.name))
        of = _OF_AFTER_RE.match(text, span.end)
        org = starts.get(of.end()) if of is not None else None
        if org is not None and ORG_HEADS.intersection(org.name.casefold().split()):
            label = f"affiliation of {span.name}"
            mention = _Mention("name", unit, org.name, org.name, f"of:{person}", "", label=label)
            out.append(replace(mention, owner=span.name))
    return out


def _mentions(unit: Unit, names: Sequence[NameSpan]) -> list[_Mention]:
    if not may_count(unit.sentence.text):  # no date, age or figure (most sentences)
        return [*_name_mentions(unit, names), *_attribute_mentions(unit, names)]
    taken: set[int] = set()
    toks = tokenize(unit.sentence.text)  # once for the dates and the numbers
    dates = _date_mentions(unit, toks, taken)
    ages = _age_mentions(unit, taken, names)
    return [
        *dates,
        *ages,
        *_number_mentions(unit, toks, taken, names),
        *_name_mentions(unit, names),
        *_attribute_mentions(unit, names),
    ]


def _same_value(a: _Mention, b: _Mention) -> bool:
    if isinstance(a.value, Quantity) and isinstance(b.value, Quantity):
        return not a.value.differs(b.value)
    if isinstance(a.value, str) and isinstance(b.value, str):
        if a.measure.startswith("of:"):  # "Harvard University" / "Harvard Medical School"
            return bool(set(a.value.casefold().split()) & set(b.value.casefold().split()))
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
    return all(
        any(name_similarity(w, x, SPELLING_SIMILARITY) >= SPELLING_SIMILARITY for x in long_)
        for w in short
    )


def _identical(a: _Mention, b: _Mention) -> bool:
    """One side: the same figure and bounds, the same date, or one person's name."""
    if isinstance(a.value, Quantity) and isinstance(b.value, Quantity):
        return a.value.same_as(b.value)
    return _same_value(a, b)


class _Similarity:
    """Sentence similarity as the citation rule computes it, numbers and months left out.

    The cosines stay in the sparse product (no dense n x n matrix: 80 MB at 100 articles);
    a sentence's row is read into a dict the first time it is asked about."""

    def __init__(self, corpus: Corpus) -> None:
        self.index = {id(u): k for k, u in enumerate(corpus.units)}
        self.stems = [frozenset(s for s in u.stems if not _numeric(s)) for u in corpus.units]
        matrix, _ = tfidf_matrix([sorted(s) for s in self.stems])
        self.product = (matrix @ matrix.T).tocsr()
        self.rows: dict[int, dict[int, float]] = {}

    def _row(self, k: int) -> dict[int, float]:
        row = self.rows.get(k)
        if row is None:
            lo, hi = self.product.indptr[k], self.product.indptr[k + 1]
            indices, data = self.product.indices[lo:hi].tolist(), self.product.data[lo:hi]
            row = self.rows[k] = dict(zip(indices, data.tolist(), strict=True))
        return row

    def cosine(self, a: Unit, b: Unit) -> float:
        return self._row(self.index[id(a)]).get(self.index[id(b)], 0.0)

    def same_statement(self, a: Unit, b: Unit) -> bool:
        shared = self.stems[self.index[id(a)]] & self.stems[self.index[id(b)]]
        return self.cosine(a, b) >= CITE_SIMILARITY and len(shared) >= MIN_SHARED_WORDS


def _numeric(stemmed: str) -> bool:
    return stemmed[:1].isdigit() or stemmed in NUMBER_WORDS or stemmed in MONTHS


def _owned_alike(a: _Mention, b: _Mention) -> bool | None:
    """For a value with no noun ("took 34 percent"), whether the names the two belong to
    are one (``None`` where either has none): "Ciro Gomes ... 11 percent" is not Lula's."""
    if a.kind != "number" or (a.head and b.head) or not a.owner or not b.owner:
        return None
    return same_name(a.owner, b.owner)


def _about_same(a: _Mention, b: _Mention, sim: _Similarity) -> bool:
    """Whether two values (of different articles) are about one thing; see the module doc."""
    if a.kind != b.kind or a.measure != b.measure:
        return False
    owned = _owned_alike(a, b)
    if owned is False or a.change != b.change:
        return False
    if a.head != b.head:
        # one owner's share: "Cardoso ... gave him 51 percent" / "52.4 percent of the vote",
        # where the sentence of the value with no noun names the other's ("the vote")
        named = (b.head in a.unit.stems) if a.head == "" else (a.head in b.unit.stems)
        return (
            owned is True
            and named
            and a.proposed == b.proposed
            and _same_scope(a, b)
            and sim.cosine(a.unit, b.unit) >= SAME_TOPIC_SIMILARITY
        )
    if a.kind == "name":  # one office or person; an apposition's person by name too
        return not (a.owner and b.owner) or same_name(a.owner, b.owner)
    if a.measure == "age":
        return same_name(a.label.removeprefix("age of "), b.label.removeprefix("age of "))
    if (a.proposed != b.proposed and not _forecast_alike(a, b)) or not _same_scope(a, b):
        return False
    shared = {s for s, _ in a.subject} & {s for s, _ in b.subject}
    shared |= a.scope[0] & b.scope[0]  # one year named: "In 1966, ..."

    def on_topic() -> bool:  # read only where it decides: most pairs are dates
        return sim.cosine(a.unit, b.unit) >= SAME_TOPIC_SIMILARITY

    if a.kind == "date":
        return (bool(shared) and sim.same_statement(a.unit, b.unit)) or _slipped_date(a, b)
    if a.statement or b.statement:
        # a figure per unit of time on one topic: a count with shared words around it, or
        # a measure per time, a speed ("43 miles per second", "44 miles per second")
        per_time = bool(a.rate) and (bool(a.context & b.context) or bool(a.unit_word))
        counted = per_time and on_topic()
        # no noun: the same words say what both are of ("interest rates ... 50 / 40 percent")
        of = len(_stems(a.of) & _stems(b.of)) >= MIN_SUBJECT_WORDS and on_topic()
        return sim.same_statement(a.unit, b.unit) or counted or of
    return len(shared) >= MIN_SUBJECT_WORDS and on_topic()


def _slipped_date(a: _Mention, b: _Mention) -> bool:
    """Different days of one month a few apart ("Sept. 2"/"Sept. 3") where the sentences
    hold, together, at least ``MIN_SUBJECT_WORDS`` words of the context of the other's date:
    one event ("the Sept. 3 crash", "crashed Sept. 2") dated differently. The same date
    joins by the citation rule only, so that a loose match never chains two events."""
    if not (isinstance(a.value, tuple) and isinstance(b.value, tuple)):
        return False
    (_, month_a, day_a), (_, month_b, day_b) = a.value, b.value
    if month_a is None or month_a != month_b or day_a is None or day_b is None:
        return False
    if day_a == day_b or abs(day_a - day_b) > MAX_DATE_SLIP_DAYS:
        return False
    held = len(a.context.intersection(b.unit.stems)) + len(b.context.intersection(a.unit.stems))
    return held >= MIN_SUBJECT_WORDS


def _blocks(mentions: Sequence[_Mention]) -> list[list[int]]:
    """The mentions by kind, measure and head, the first things ``_about_same`` asks:
    only two of one block can be about the same thing."""
    blocks: dict[tuple[str, str, str], list[int]] = {}
    for i, m in enumerate(mentions):
        blocks.setdefault((m.kind, m.measure, m.head), []).append(i)
        if m.owner and m.kind == "number":  # a share with no noun meets its owner's others
            owner_key = "owner:" + (name_key(m.owner) or ("",))[-1]
            blocks.setdefault((m.kind, m.measure, owner_key), []).append(i)
    return list(blocks.values())


def _components(mentions: Sequence[_Mention], sim: _Similarity) -> list[list[int]]:
    """Groups of mentions linked by 'about the same thing' across articles (union-find),
    pairs asked within each of ``_blocks`` only; the groups depend on the links alone."""
    parent = list(range(len(mentions)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for block in _blocks(mentions):
        for n, i in enumerate(block):
            a = mentions[i]
            for j in block[n + 1 :]:
                if a.unit.doc != mentions[j].unit.doc and _about_same(a, mentions[j], sim):
                    parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(mentions)):
        groups.setdefault(find(i), []).append(i)
    return [g for g in groups.values() if len(g) > 1]


def _restated(
    component: Sequence[int], mentions: Sequence[_Mention], sim: _Similarity
) -> list[list[int]]:
    """The groups of a component that is several facts (``_apart``, too many values, an
    article giving two), linked only by values of one statement
    (``_Similarity.same_statement``: "In Poland, 32 people died" / "In Poland, 36 people
    died") with a word around them in common, where looser links had chained them to
    another country's toll. Counts only (a noun's, no unit): a speed or a temperature given
    on two days may have changed. Each group is smaller than the component, so asking
    again ends."""
    counts = [
        i
        for i in component
        if mentions[i].kind == "number" and not mentions[i].measure and not _measured(mentions[i])
    ]
    parent = {i: i for i in counts}

    def find(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    for n, i in enumerate(counts):
        a = mentions[i]
        for j in counts[n + 1 :]:
            b = mentions[j]
            if a.unit.doc == b.unit.doc or (a.context & b.context) <= _UNIT_STEMS:
                continue  # the same words around both ("32 people died" / "36 people died"),
                # more than their units ("sustained winds of 130 kph (81 mph)" / "moving at
                # 11 kph (7 mph)")
            if not sim.same_statement(a.unit, b.unit):
                continue
            if _about_same(a, b, sim):
                parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in counts:
        groups.setdefault(find(i), []).append(i)
    return [g for g in groups.values() if 1 < len(g) < len(component)]


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


def _values(sides: Sequence[Sequence[_Mention]]) -> int:
    """How many values the sides give: "50 percent" and "almost 50 percent" are one."""
    firsts: list[_Mention] = []
    for side in sides:
        if not any(_same_value(side[0], f) for f in firsts):
            firsts.append(side[0])
    return len(firsts)


def _apart(sides: Sequence[Sequence[_Mention]]) -> bool:
    """Whether two of the values are set in different periods or places ("in 1994", "in
    1980"): values linked through a third that names neither are several facts, not one."""
    firsts = [side[0] for side in sides]
    return any(not _same_scope(a, b) for a, b in itertools.combinations(firsts, 2))


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
    if phrase:
        return " ".join(phrase + extra[: max(0, 2 - len(phrase))])
    # no noun: whose it is, else the words the others share before theirs ("interest rates")
    if first.owner and all(m.owner and same_name(m.owner, first.owner) for m in group):
        return f"{'share' if first.measure == '%' else first.measure} of {first.owner}"
    before = [_stems(m.of) for m in group if m.unit.doc != first.unit.doc]
    words = [w for s, w in first.of if all(s in b for b in before)] if before else []
    if words:
        return " ".join(words[-MAX_PHRASE_WORDS:])
    return " ".join(extra[:2]) or first.measure or "amount"


def _side(side: Sequence[_Mention], corpus: Corpus) -> ConflictSide:
    sentences = tuple(dict.fromkeys(m.unit.sentence for m in side))
    articles = tuple(dict.fromkeys(corpus.articles[m.unit.doc].id for m in side))
    return ConflictSide(value=side[0].text, sentences=sentences, articles=articles)


def _published(side: Sequence[_Mention], corpus: Corpus) -> list[date]:
    return [p.date() for m in side if (p := corpus.articles[m.unit.doc].published) is not None]


def _speed(m: _Mention) -> bool:
    """A measure per time ("155,000 miles an hour", "43 miles per second")."""
    return bool(m.rate) and singular(m.unit_word) in MEASURES


def _measured(m: _Mention) -> bool:
    """A measure, not a count: an age, a length, a temperature ("minus 26 Celsius")."""
    units = (m.measure, m.head, singular(m.head))
    return m.measure in AGE_MEASURES or not MEASURES.union(TEMPERATURES).isdisjoint(units)


def _forecast_alike(a: _Mention, b: _Mention) -> bool:
    """A speed forecast ("will be moving at over 155,000 miles an hour") and a stated one
    ("moving at roughly 160,000 miles an hour") of one size are one property; speeds far
    apart ("will gust over 25 miles an hour", "a peak of 135") are of different things."""
    if not (_speed(a) and _speed(b)):
        return False
    if not (isinstance(a.value, Quantity) and isinstance(b.value, Quantity)):
        return False
    low, high = sorted((a.value.value, b.value.value))
    return low > 0 and high / low <= MAX_FORECAST_RATIO


def _grows(sides: Sequence[Sequence[_Mention]], corpus: Corpus) -> bool:
    """Whether the sides are one count reported over time: every side dated, each reported
    on later days than the one before, each larger ("less than 10 percent" recovered on
    Oct. 1, "about 70 percent" on Oct. 29; a toll that rises), none set in a year before
    the first report's. An earlier figure a later report updates is no difference between
    the sources."""
    first = sides[0][0]
    if first.kind != "number" or _speed(first) or _measured(first):
        return False  # a speed, an age, a temperature is no count that rises as a story goes on
    days = [_published(side, corpus) for side in sides]
    if any(len(d) != len(side) for d, side in zip(days, sides, strict=True)):
        return False  # an undated report: when it was written is unknown
    first_year = min(min(d) for d in days).year
    if any(int(y) < first_year for side in sides for m in side for y in m.scope[0]):
        return False  # a figure of a past year ("In 1966, ... 150,000 meteors per hour")
    values = [side[0].value for side in sides]
    return all(
        max(days[k]) < min(days[k + 1])
        and isinstance(a, Quantity)
        and isinstance(b, Quantity)
        and a.value < b.value
        for k, (a, b) in enumerate(itertools.pairwise(values))
    )


def _left_office(sides: Sequence[Sequence[_Mention]], corpus: Corpus) -> bool:
    """Whether an office is given as held in reports of earlier days than those calling it
    past ("executive director" in 1999, "former executive director" in 2000): the person
    left it, which no source disputes. Reports of one day that disagree stay a conflict."""
    if not sides[0][0].measure.startswith("office:"):
        return False
    days = {
        status: [d for side in sides if side[0].value == status for d in _published(side, corpus)]
        for status in ("serving", "former")
    }
    held, left = days["serving"], days["former"]
    return bool(held) and bool(left) and max(held) < min(left)


def _history(subject: str, sides: Sequence[Sequence[_Mention]], corpus: Corpus) -> History:
    steps = tuple(HistoryStep(min(_published(side, corpus)), _side(side, corpus)) for side in sides)
    return History(subject=subject, kind=sides[0][0].kind, steps=steps)


def _spelling_conflict(spelling: Spelling, corpus: Corpus) -> Conflict:
    """A name spelt two ways: each side the form, its sentences (one per article) and articles."""

    def side(form: str, units: Sequence[Unit]) -> ConflictSide:
        first = {u.doc: u for u in reversed(units)}  # the first sentence of each article
        docs = sorted(first)
        sentences = tuple(first[d].sentence for d in docs)
        return ConflictSide(form, sentences, tuple(corpus.articles[d].id for d in docs))

    sides = (
        side(spelling.first, spelling.first_units),
        side(spelling.second, spelling.second_units),
    )
    return Conflict(subject=f"spelling of {spelling.first}", kind="name", sides=sides)


def find_differences(
    corpus: Corpus, *, spans: Sequence[Sequence[NameSpan]] | None = None
) -> Differences:
    """Differences between articles in a figure, duration, date or named value, and the
    figures that grew from one day's reports to the next (see ``_grows``).

    Each conflict is a difference to check, not a verdict. Its sides are in the order first
    reported; conflicts are ranked by the number of articles involved, then by when the
    first side was reported. Histories are in the order first reported. ``spans``: the
    names of each sentence (``names.sentence_spans``) where already read.
    """
    names = sentence_spans(corpus) if spans is None else spans
    mentions = [m for u, n in zip(corpus.units, names, strict=True) for m in _mentions(u, n)]
    sim = _Similarity(corpus)
    keys = {d: chronological_key(a, d) for d, a in enumerate(corpus.articles)}

    def when(m: _Mention) -> tuple[TimeKey, int]:
        return (keys[m.unit.doc], m.unit.position)

    found: list[tuple[int, tuple[TimeKey, int], Conflict]] = []
    histories: list[tuple[tuple[TimeKey, int], History]] = []
    components = _components(mentions, sim)
    while components:
        component = components.pop(0)
        group = sorted((mentions[i] for i in component), key=when)
        sides = _sides(group)
        kept = [s for s in sides if any(_opposed(s, o) for o in sides if o is not s)]
        if not 2 <= _values(kept) <= MAX_SIDES or _self_contradicting(kept) or _apart(kept):
            # several facts chained into one: the values that one statement gives (``_restated``)
            components[:0] = _restated(component, mentions, sim)
            continue
        if _left_office(kept, corpus):
            continue
        if _grows(kept, corpus):
            histories.append((when(kept[0][0]), _history(_label(group), kept, corpus)))
            continue
        sides_out = tuple(_side(s, corpus) for s in kept)
        conflict = Conflict(subject=_label(group), kind=group[0].kind, sides=sides_out)
        n_docs = len({m.unit.doc for s in kept for m in s})
        found.append((-n_docs, when(kept[0][0]), conflict))
    for spelling in find_spellings(corpus, names):
        conflict = _spelling_conflict(spelling, corpus)
        n_docs = sum(len(side.articles) for side in conflict.sides)
        first = min(spelling.first_units + spelling.second_units, key=lambda u: keys[u.doc])
        found.append((-n_docs, (keys[first.doc], first.position), conflict))
    found.sort(key=lambda item: (item[0], item[1]))
    histories.sort(key=lambda item: item[0])
    return Differences(
        conflicts=tuple(c for _, _, c in found), histories=tuple(h for _, h in histories)
    )


def find_conflicts(corpus: Corpus) -> tuple[Conflict, ...]:
    """The differences of ``find_differences``, without the histories."""
    return find_differences(corpus).conflicts
