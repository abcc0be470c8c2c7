"""Date expressions resolved against an anchor: a table of cases written for these tests."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from itertools import pairwise
from pathlib import Path

import pytest

from storyfuse.analyze import dates
from storyfuse.analyze.dates import (
    DateMention,
    find_dates,
    infer_year,
    period_end,
    resolve_weekday,
)
from storyfuse.ingest import load_paths
from storyfuse.pipeline import clean_and_segment

WED = date(2022, 3, 9)  # Wednesday
THU = date(2022, 3, 10)
FRI = date(2022, 3, 11)
TUE = date(2025, 3, 11)

# (sentence, anchor, expected mentions as (text, ISO value or None, precision)).
CASES: list[tuple[str, date | None, list[tuple[str, str | None, str]]]] = [
    # weekdays: past context -> on or before the anchor
    ("Lavrov and Kuleba held talks in Turkey on Thursday.", THU,
     [("Thursday", "2022-03-10", "day")]),
    ("The minister spoke on Monday.", THU, [("Monday", "2022-03-07", "day")]),
    ("Erdogan held a phone call on Sunday with Putin.", WED, [("Sunday", "2022-03-06", "day")]),
    ("Their bodies were recovered on Tuesday and Wednesday.", date(2025, 3, 13),
     [("Tuesday", "2025-03-11", "day"), ("Wednesday", "2025-03-12", "day")]),
    # weekdays: future context -> on or after the anchor
    ("The ministers will meet face-to-face Thursday in Turkey.", WED,
     [("Thursday", "2022-03-10", "day")]),
    ("The ministers will meet on Wednesday.", WED, [("Wednesday", "2022-03-09", "day")]),
    ("The mayor is expected to speak on Monday.", WED, [("Monday", "2022-03-14", "day")]),
    ("Talks will be held on Tuesday in Antalya.", WED, [("Tuesday", "2022-03-15", "day")]),
    ("On Thursday, Turkey will host the two ministers.", WED, [("Thursday", "2022-03-10", "day")]),
    # "prepares to" looks ahead: the far "stripped" (an adjective) does not make it past
    ("The president prepares to be sworn in to a second term in office Friday, but the "
     "expectations are as stripped down as the commemorations.", date(1998, 12, 31),
     [("Friday", "1999-01-01", "day")]),
    # a future seen from the past ("was expected to", "to be released") still looks ahead
    ("The shower was expected to blaze forth over Asia into early Wednesday.", TUE,
     [("Wednesday", "2025-03-12", "day")]),
    ("The minister was scheduled to visit the town on Monday.", WED,
     [("Monday", "2022-03-14", "day")]),
    ("The study to be released Thursday was funded by the state.", WED,
     [("Thursday", "2022-03-10", "day")]),
    ("Crews have been readying for Tuesday night's expected storm.", date(2025, 3, 10),
     [("Tuesday", "2025-03-11", "day")]),
    ("The president said he was expected in Ankara, possibly on Monday.", date(2025, 3, 9),
     [("Monday", "2025-03-10", "day")]),
    # but "was going to" a place is no future: the trial was held
    ("The case was going to a jury on Monday.", WED, [("Monday", "2022-03-07", "day")]),
    # the first hours of the day after the report's, told as done: just past midnight where
    # the clock is ahead of the report's, so on the report's clock its own day
    ("The meteor shower reached its climax early Wednesday in Asia.", TUE,
     [("Wednesday", "2025-03-11", "day")]),
    ("The first meteors were seen at 1 a.m. Wednesday in Bangkok.", TUE,
     [("Wednesday", "2025-03-11", "day")]),
    # any other past weekday after the report's day is still the one before it
    ("The council met on Wednesday.", TUE, [("Wednesday", "2025-03-05", "day")]),
    # weekdays: no cue, or mixed cues far away -> the nearer occurrence
    ("Talks in Antalya on Thursday.", WED, [("Thursday", "2022-03-10", "day")]),
    ("A quiet Monday in the capital.", WED, [("Monday", "2022-03-07", "day")]),
    ("He said both had asked him to attend the talks on Thursday, and he hoped it would help.",
     WED, [("Thursday", "2022-03-10", "day")]),
    # an adjacent cue decides over a farther one of the other tense
    ("Police said on Monday that they would resume the search.", FRI,
     [("Monday", "2022-03-07", "day")]),
    # last / next / this
    ("They met last Friday.", WED, [("last Friday", "2022-03-04", "day")]),
    ("They met last Wednesday.", WED, [("last Wednesday", "2022-03-02", "day")]),
    ("They meet next Tuesday.", WED, [("next Tuesday", "2022-03-15", "day")]),
    ("They meet next Wednesday.", WED, [("next Wednesday", "2022-03-16", "day")]),
    ("Monday's meeting was tense.", WED, [("Monday", "2022-03-07", "day")]),
    # deictic days and periods
    ("The council met yesterday.", WED, [("yesterday", "2022-03-08", "day")]),
    ("Today the port reopens.", WED, [("Today", "2022-03-09", "day")]),
    ("The vote is tomorrow.", WED, [("tomorrow", "2022-03-10", "day")]),
    ("Hundreds gathered last night.", WED, [("last night", "2022-03-08", "day")]),
    ("The ferry sailed this morning.", WED, [("this morning", "2022-03-09", "day")]),
    ("A fire broke out last week.", WED, [("last week", "2022-02-28", "week")]),
    ("Calls planned for next week were cancelled.", WED, [("next week", "2022-03-14", "week")]),
    ("He resigned earlier this month.", WED, [("earlier this month", "2022-03-01", "month")]),
    ("Prices rose last month.", WED, [("last month", "2022-02-01", "month")]),
    ("The plan was approved last year.", WED, [("last year", "2021-01-01", "year")]),
    ("The dam failed three days ago.", WED, [("three days ago", "2022-03-06", "day")]),
    # month and day: year from the anchor
    ("Russia invaded Ukraine on February 24.", WED, [("February 24", "2022-02-24", "day")]),
    ("Russia invaded Ukraine on Feb. 24.", WED, [("Feb. 24", "2022-02-24", "day")]),
    ("Russia invaded Ukraine on 24 February.", WED, [("24 February", "2022-02-24", "day")]),
    ("It began on the 24th of February.", WED, [("24th of February", "2022-02-24", "day")]),
    ("The shop shut on December 25.", WED, [("December 25", "2021-12-25", "day")]),
    ("The vote is on April 5.", WED, [("April 5", "2022-04-05", "day")]),
    ("It was signed on February 29.", TUE, [("February 29", "2024-02-29", "day")]),
    ("Elections are due in May.", WED, [("May", "2022-05-01", "month")]),
    ("Prices have risen since October.", WED, [("October", "2021-10-01", "month")]),
    # absolute expressions
    ("It was signed on February 24, 2021.", WED, [("February 24, 2021", "2021-02-24", "day")]),
    ("Talks opened on Thursday, March 10, 2022.", None,
     [("Thursday, March 10, 2022", "2022-03-10", "day")]),
    ("Talks opened on 10 March 2022 in Antalya.", None, [("10 March 2022", "2022-03-10", "day")]),
    ("The report is dated 2022-03-10.", None, [("2022-03-10", "2022-03-10", "day")]),
    ("Inflation peaked in March 2022.", None, [("March 2022", "2022-03-01", "month")]),
    ("Russia annexed Crimea in 2014.", None, [("2014", "2014-01-01", "year")]),
    # without an anchor relative expressions are kept, undated
    ("The ministers will meet on Thursday.", None, [("Thursday", None, "day")]),
    ("Russia invaded on February 24.", None, [("February 24", None, "day")]),
    ("The council met yesterday.", None, [("yesterday", None, "day")]),
    ("A fire broke out last week.", None, [("last week", None, "week")]),
    # false positives: none of these is a date
    ("Russia may launch a chemical attack.", WED, []),
    ("Protesters march on the capital.", WED, []),
    ("The March on Washington drew crowds.", WED, []),
    ("The Sunday Times reported the story.", WED, []),
    ("Super Tuesday decides the race.", WED, []),
    ("She works on Mondays.", WED, []),
    ("At least 24 people were injured.", WED, []),
    ("By March 24 people had fled.", WED, []),
    ("They met Theresa May 24 hours later.", WED, []),
    ("The toll rose to 2000 people in 2,000 incidents.", WED, []),
    ("It was reported by USA Today.", WED, []),
    ("Coastline Today reported it.", WED, []),
    ("The February 30 deadline is a joke.", WED, []),
]  # fmt: skip


def _expected(mentions: tuple[DateMention, ...]) -> list[tuple[str, str | None, str]]:
    return [(m.text, m.value.isoformat() if m.value else None, m.precision) for m in mentions]


@pytest.mark.parametrize(("sentence", "anchor", "expected"), CASES)
def test_date_table(
    sentence: str, anchor: date | None, expected: list[tuple[str, str | None, str]]
) -> None:
    mentions = find_dates(sentence, anchor)
    assert _expected(mentions) == expected
    for mention in mentions:
        assert sentence[mention.start : mention.end] == mention.text


@pytest.mark.parametrize(
    ("sentence", "relative"),
    [
        ("on Thursday", True),
        ("on February 24", True),
        ("last week", True),
        ("in March 2022", False),
        ("in 2014", False),
        ("on 2022-03-10", False),
        ("on February 24, 2022", False),
    ],
)
def test_relative_flag(sentence: str, relative: bool) -> None:
    (mention,) = find_dates(sentence, WED)
    assert mention.relative is relative


def test_datetime_anchor_uses_its_calendar_day() -> None:
    (mention,) = find_dates("They met yesterday.", datetime(2022, 3, 9, 23, 59))
    assert mention.value == date(2022, 3, 8)


def test_mentions_come_in_text_order_without_overlap() -> None:
    text = "Since Russia invaded on February 24, talks were held on Thursday and last week."
    mentions = find_dates(text, THU)
    assert [m.text for m in mentions] == ["February 24", "Thursday", "last week"]
    assert all(a.end <= b.start for a, b in pairwise(mentions))


@pytest.mark.parametrize(
    ("weekday", "tense", "expected"),
    [
        (3, "past", date(2022, 3, 3)),
        (3, "future", date(2022, 3, 10)),
        (3, "none", date(2022, 3, 10)),
        (0, "none", date(2022, 3, 7)),
        (2, "past", WED),
        (2, "future", WED),
    ],
)
def test_resolve_weekday(weekday: int, tense: str, expected: date) -> None:
    assert resolve_weekday(weekday, WED, tense) == expected  # type: ignore[arg-type]


def test_the_small_hours_of_the_next_day_told_as_done_are_the_reports_day() -> None:
    thursday = 3
    assert resolve_weekday(thursday, WED, "past", small_hours=True) == WED
    assert resolve_weekday(thursday, WED, "past") == date(2022, 3, 3)
    assert resolve_weekday(thursday, WED, "future", small_hours=True) == THU
    assert resolve_weekday(1, WED, "past", small_hours=True) == date(2022, 3, 8)  # Tuesday


def test_infer_year_looks_back_more_than_ahead() -> None:
    assert infer_year(9, 20, WED) == date(2021, 9, 20)
    assert infer_year(6, 1, WED) == date(2022, 6, 1)


# --- the finders' prefilter -----------------------------------------------------------

# Sentences that each finder matches, in every case the case-blind ones accept, and with
# characters that a case-blind regex takes for an ASCII letter (the finders run untested).
PREFILTER_CASES = [
    "The ministers met on 2022-03-10 in Antalya.",
    "Talks were held Thursday, March 10, 2022, and on the 24th of February.",
    "The invasion began in February 2022; the sanctions came in March, the war in 2014.",
    "Kuleba spoke last Friday and will speak again next Tuesday.",
    "YESTERDAY the talks ended.",
    "The envoys fly home Tomorrow.",
    "Tonight the envoys fly home.",
    "They met LAST NIGHT.",
    "They met last Evening.",
    "THIS MORNING they met.",
    "They met this afternoon.",
    "They met Last WEEK.",
    "They met earlier this Month.",
    "They meet next year.",
    "They met two days AGO.",
    "Kılıçdaroğlu spoke yesterday and two days ago; İstanbul waits until next month.",
    "The \u212aremlin spoke this evening, and the Oſt of the city last night.",
    "No date here at all, only 24 people and 2000 troops.",
]


def _unfiltered(monkeypatch: pytest.MonkeyPatch, text: str) -> tuple[DateMention, ...]:
    with monkeypatch.context() as patched:
        patched.setattr(dates, "_finders_for", lambda _text: dates._FINDERS)
        return find_dates(text, THU)


def _assert_prefilter_keeps_every_date(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    kept = dates._finders_for(text)
    for finder in dates._FINDERS:
        if finder(text, THU):
            assert finder in kept, (finder.__name__, text)
    assert find_dates(text, THU) == _unfiltered(monkeypatch, text)


@pytest.mark.parametrize("text", PREFILTER_CASES)
def test_prefilter_never_drops_a_date(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    _assert_prefilter_keeps_every_date(monkeypatch, text)


def test_prefilter_skips_the_finders_a_sentence_cannot_match() -> None:
    assert dates._finders_for("Ministers met in Antalya, and 24 people came.") == ()
    # "Thursday" holds the "day" of "today" too
    assert dates._finders_for("They met on Thursday.") == (dates._weekdays, dates._deictic)
    assert dates._finders_for("Kuleba spoke in March.") == (dates._month_days, dates._months)
    assert dates._finders_for("The war began in 2014.") == (dates._iso, dates._months)
    # an odd character lets the case-blind finders run untested
    assert dates._finders_for("Talks in Antalya, Türkiye, ended.") == ()
    assert dates._finders_for("Talks in Antalya ended, and Istanbul waits.") == ()
    assert dates._finders_for("The \u212aremlin spoke.") == (dates._deictic, dates._periods)


def test_prefilter_never_drops_a_date_of_real_sentences(
    sample_dirs: Callable[[int], list[Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    dirs = sample_dirs(4)
    _, segmented = clean_and_segment(load_paths(dirs).articles)
    texts = [sentence.text for sentences in segmented for sentence in sentences]
    dated = 0
    for text in texts:
        _assert_prefilter_keeps_every_date(monkeypatch, text)
        dated += bool(find_dates(text, THU))
    assert len(texts) > 1000 and dated > 50
    skipped = sum(len(dates._finders_for(text)) < len(dates._FINDERS) for text in texts)
    assert skipped > len(texts) / 2


@pytest.mark.parametrize(
    "text",
    [
        "They left tonıght for the coast.",  # a dotless i
        "The council met laſt week to vote.",  # a long s
        "It happened two weeKs ago in the city.",  # a Kelvin sign
    ],
)
def test_letters_a_case_blind_regex_reads_as_ascii_are_no_crash(text: str) -> None:
    (mention,) = find_dates(text, date(2025, 3, 11))
    assert mention.value is not None


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("on Monday", date(2025, 3, 10)),
        ("last week", date(2025, 3, 9)),
        ("in February", date(2025, 2, 28)),
        ("in February 2024", date(2024, 2, 29)),
        ("in December", date(2024, 12, 31)),
        ("in 2019", date(2019, 12, 31)),
    ],
)
def test_period_end_is_the_last_day_of_a_mentions_span(text: str, end: date) -> None:
    (mention,) = find_dates(f"The council met {text}.", TUE)
    assert mention.value is not None
    assert period_end(mention.value, mention.precision) == end


# Sentences with every form of tense cue, opening a sentence, in capitals and with
# characters a case-blind regex reads as an ASCII letter.
TENSE_CUE_CASES = [
    "Will they meet? The envoys SHALL meet, won't sign and won’t stay; they'll fly, they’ll go.",
    "Talks would resume. Talks would have resumed. It is expected to end; they are due to go.",
    "Be set to leave. Was scheduled to land, were slated to talk, being held, to be released.",
    "The city's expected storm; the town’s upcoming vote; Is expected in Ankara.",
    "Expected for Friday. Scheduled on Monday. Planned for May, slated on Tuesday, due for Sunday.",
    "Set for June. Plans to visit, prepares to leave, PLAN TO go, Prepare to fly.",
    "He was there, they were told, had met, did go, has been, have been, SAID, Told.",
    "It struck, went, came, began, fell, took, gave, made, found, saw, spoke, wrote, sent.",
    "Brought, kept, lost, won, ran, broke, rose, shook, stood, paid, fled, fought, sought.",
    "Caught, bought, built, heard, meant, left; they asked, talked, and Ahmed waited.",
    "The \u212aremlin ſaid they wıll meet; İt was decided.",
    "No cue here: 24 people, 2000 troops (and) [more] - 'quoted' “marks”.",
]


def _cues(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def _assert_cue_prefilters_exact(text: str) -> None:
    future = re.compile(dates.FUTURE_CUES, re.IGNORECASE)
    past = re.compile(dates.PAST_CUES, re.IGNORECASE)
    for start in range(0, len(text), 7):  # tense_near reads from a clause's start
        for pattern, bare in ((dates._FUTURE_RE, future), (dates._PAST_RE, past)):
            fast = [m.span() for m in pattern.finditer(text, start)]
            assert fast == [m.span() for m in bare.finditer(text, start)], (text, start)


@pytest.mark.parametrize("text", TENSE_CUE_CASES)
def test_tense_cue_prefilters_find_what_the_cues_find(text: str) -> None:
    _assert_cue_prefilters_exact(text)


def test_tense_cue_prefilters_find_every_cue_of_real_sentences(
    sample_dirs: Callable[[int], list[Path]],
) -> None:
    dirs = sample_dirs(4)
    _, segmented = clean_and_segment(load_paths(dirs).articles)
    texts = [sentence.text for sentences in segmented for sentence in sentences]
    future = re.compile(dates.FUTURE_CUES, re.IGNORECASE)
    past = re.compile(dates.PAST_CUES, re.IGNORECASE)
    cued = 0
    for text in texts:
        found = _cues(dates._FUTURE_RE, text)
        assert found == _cues(future, text), text
        assert _cues(dates._PAST_RE, text) == _cues(past, text), text
        cued += bool(found)
    assert len(texts) > 1000 and cued > 100
