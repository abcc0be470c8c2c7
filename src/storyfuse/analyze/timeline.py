"""A dated timeline of a story: what happened when, and which reports say so.

``build_timeline(corpus)`` runs four small steps:

1. anchor: each article's dates resolve against its publication day (``article.published``);
   an article without one falls back to the first absolute full date (ISO or "10 March
   2022") in its first ``ANCHOR_SEARCH_CHARS`` characters, such as a dateline (that date
   then dates the report, so it is no event itself), then to a time stamp that cleaning
   took for its headline ("Published March 11, 2025", ``stamp_date``), then to a date in
   its address ("/2017/11/08/", ``url_date``), then to the latest day its photo captions
   give (``caption_anchors``: captions cleaning took out of the text, kept in
   ``Article.captions``; a news photo is of the report's day or shortly before; never an
   archive picture's "FILE - In this Aug. 15, 2014 file photo", never an entry); failing
   all, to its sibling reports' latest anchor (``sibling_anchor``; a lone date far after
   the rest is a schedule and left out). With no real anchor anywhere the story has a
   *present* (``story_present``): the weekday the reports speak of in the past that the
   others precede most closely (Wednesday's arrival, Thursday's talks: Thursday), on the
   first such day on or after the latest day the story states, the earliest present its
   dates allow. A month-day
   without a year ("Oct. 29") takes its year from the latest full date the sentences state
   (``stated_anchor``, since the latest year they mention). The present's own days
   (weekdays, "last week") stay undated (``date=None``) rather than guessed, but order
   among the stated dates and group across articles; where one of them is a day another
   sentence dates for the same event ("said in a press conference Wednesday", "held a
   press conference Nov. 8"), the present is on the calendar and they are dated
   (``confirms``); where the latest day the story states falls on the present's own
   weekday (``_Anchor.confirmed``), half that likeness will do, two weaker cues together
   (the vote "on April 14", a Thursday, and "a protest against BP on Thursday" against
   the same pay rise); the weekday alone is a coincidence one week in seven. A story with
   no full date but a year it says it is still in ("so far in 2016", "since the start of
   2016": ``current_year``) takes that year for its month-days; the article that says it
   also dates its "this year", "last year" and months named ("in April") by it (another
   report may be older). A story without any year keeps a virtual calendar, on which its
   month-days come before the present's week (a report names the days of its own week by
   weekday);
2. candidates: a sentence is a candidate when it is a statement (not a question) of
   ``MIN_EVENT_WORDS`` to ``MAX_EVENT_WORDS`` words with a date mention that is not a mere
   boundary: a date after "since", "until" or "before" in the same clause ("the first talks
   since Russia invaded Ukraine on February 24") dates something else than the sentence's
   event, and so does a date naming a thing ("the Sept. 2 crash"), an embedded post's time
   stamp ("— Name (@handle) September 20, 2018", ``is_post_stamp``: it still witnesses its
   day for ``confirms``), and a relative date in
   quoted words, which counts from when the speaker spoke ("“That was a tremendous success
   last night,” Trump said" a year on), not from the report. Its event date is its
   finest dated mention (day before week, month, year), the first one on a tie; an undated
   relative mention is used only when no mention has a date. A sentence that announces
   ("will meet on Thursday": its date's tense is the future, ``dates.tense_near``) is no
   event done, and is left out where the story has candidates that report. An undated
   mention of a period that holds the present ("this year", "later this year") neither
   dates nor orders its event, and makes no entry (``places``); an undated day, week, or
   month or year wholly before or after the present ("last month") still orders it;
3. grouping: sentences with the same date (and precision) that tell the same event as a
   sentence already in an event join it (``same_event``: their content stems, date words
   left out, overlap by Jaccard >= ``SAME_EVENT_JACCARD``, or the shorter's are mostly in
   the longer: "held talks in Turkey on Thursday" and "met for face-to-face talks in
   Turkey on Thursday in the first high-level contact ..."), so one event lists all its
   sources. A preview's sentence joins a report's entry only for what it tells as done
   before its own present (Kuleba's video "on Wednesday", in a preview of Thursday's
   talks), and then only on their overlap both ways (Jaccard), not on a few words of a
   short sentence in a long one (``joins``). Lead sentences seed events (candidates are
   visited by position in their article, then article order); undated ones without a
   virtual day group only with the same date expression as written in the same article.
   Reports that write one event's day a day apart ("told BuzzFeed in an interview on Oct.
   29", "In a BuzzFeed article posted Oct. 30") give one entry too (``day_apart``: written
   month-days, other articles, the same-event bar): a difference of sources, shown with
   the earlier day, since what moves a day is a report's lag or its time zone ahead;
4. choice and order (``choose``): events stated by more articles rank first, then those
   stated earlier in an article. The story's own events, days and weeks of its reporting
   window (``reporting_window``: its reports' days, from two weeks before the earliest),
   take the places first, but for a fifth of them kept for background (a war decades
   ago, last year's visit, a schedule after the reports: one per date, the best
   supported); the rest of the background, a year or month that holds its report's day
   ("this year") and a preview's sentence of the event still to come get what is left
   (``standing``). Among events stated by as
   many articles, each day's best comes before any day's second (``spread``), so that a
   busy day does not crowd out the story's other days. The ``max_events`` kept are
   ordered by date (coarser precision first on the same day, so "in 2025" precedes "on 1
   January 2025"); the undated days of a present on the calendar stand among them, other
   undated events come last, by their virtual day where they have one, then in article
   and sentence order.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import insort
from collections.abc import Sequence
from dataclasses import dataclass, replace

from storyfuse.analyze.dates import (
    MONTH_DAY_FUTURE_DAYS,
    MONTHS,
    WEEKDAYS,
    DateMention,
    Precision,
    anchor_date,
    find_dates,
    period_end,
    safe_date,
    tense_near,
)
from storyfuse.analyze.quotes import Quoted, quote_spans
from storyfuse.text.candidates import is_caption, trim_dateline
from storyfuse.text.corpus import Corpus, Unit
from storyfuse.text.state import preview_docs
from storyfuse.text.textstats import content_words, jaccard
from storyfuse.types import Article, Sentence

DEFAULT_MAX_EVENTS = 12
# Sentences outside this length are not timeline events: headlines and fragments are too
# short, run-on paragraphs that slipped through segmentation too long to read as one event.
MIN_EVENT_WORDS = 4
MAX_EVENT_WORDS = 50
# Two same-date sentences report one event when their content stems overlap this much
# (Jaccard), or when this share of the shorter one's stems, and at least
# SAME_EVENT_MIN_SHARED of them, are in the longer one (a lead restated with more detail).
SAME_EVENT_JACCARD = 0.2
SAME_EVENT_CONTAINMENT = 1 / 3
SAME_EVENT_MIN_SHARED = 3
# Where to look for a written date when an article has no publication date.
ANCHOR_SEARCH_CHARS = 300
# How far back from a date to look for "since"/"until"/"before" opening its phrase.
BOUNDARY_WINDOW_WORDS = 10
BOUNDARY_WORDS = frozenset({"since", "until", "till", "before"})
# A span of years ("from 1973 to 1990", "between 1973 and 1990", "1973-1990"): a period
# that describes something ("his dictatorship, from 1973 to 1990"), not the day of the
# sentence's event.
_RANGE_START_RE = re.compile(r"\s*(?:to|until|through|and|[-–—])\s*(?:1[5-9]|20)\d\d\b")
_RANGE_END_RE = re.compile(
    r"(?:\b(?:from|between)\s+)?(?:1[5-9]|20)\d\d\s*(?:to|until|through|and|[-–—])\s*$"
)
# Coarse first: on the same start day a year comes before a month, a week and a day.
PRECISION_ORDER: dict[Precision, int] = {"year": 0, "month": 1, "week": 2, "day": 3}

# A lone date more than this many days after every other date the cluster states is a
# schedule ("the release date of Dec. 22"), not the day the reports were written.
DENSE_DAYS = 7
# Where the latest day a story states falls on its present's weekday (one cue that the
# present is that day), a weekday sentence and that day's sentence need only this share of
# the same-event threshold to be one event (the second cue): "protest against BP on
# Thursday, rebelling against a pay rise for Bob Dudley" and "Dudley, whose pay was going
# to a shareholder vote on April 14" share three stems of ten, 0.9 of it.
CONFIRMED_EVENT_SHARE = 0.5
# The story's reporting window: from this many days before its earliest report's day to
# this many after its latest. An event within it is the story's own (what a report tells
# as news happened days before it); one before it is background (a war decades ago, last
# year's visit; a main event weeks before the reports still leads the background by its
# support) and one after it a schedule.
WINDOW_LEAD_DAYS = 14
WINDOW_FOLLOW_DAYS = 1
# The share of a timeline's places kept for background (of distinct dates, the best
# supported first); the story's own events take the others first.
BACKGROUND_SHARE = 0.2
# How an entry stands to the story (``standing``).
OWN, BACKGROUND, LOOSE = 0, 1, 2
# A news photo is of its report's day or at most this many days before it.
CAPTION_LAG_DAYS = 1
# The Monday of the virtual week that orders weekdays of a story without any real anchor.
VIRTUAL_MONDAY = dt.date(2001, 1, 1)
DAYS_PER_WEEK = 7
DAYS_PER_YEAR = 365

_CLAUSE_SPLIT_RE = re.compile(r"[,;:()—–]")
_DETERMINER_BEFORE_RE = re.compile(r"\b(?:the|a|an|its|their|his|her)\s+$", re.IGNORECASE)
_NOUN_AFTER_RE = re.compile(r"\s+[a-z]")
_YEAR_RE = re.compile(r"(?<![\d,.])(?:1[89]|20)\d{2}(?![\d,.]\d)")
_HAS_DAY_NUMBER_RE = re.compile(r"\d")
_BARE_WEEKDAY_RE = re.compile(rf"(?:{'|'.join(WEEKDAYS)})")
_WORD_RE = re.compile(r"[A-Za-z]+")
# An embedded post's signature right before a date: "— Scott Wykoff (@ScottWykoffWBAL)
# September 20, 2018" is when the post went out, no event the sentence reports.
_POST_SIGNATURE_RE = re.compile(r"\(@\w+\)\s*$")
# An embedded post in the sentence: its author's handle or its picture link. Its "today",
# "yesterday" or "Monday" is the post's, of a day the page does not say.
_EMBEDDED_POST_RE = re.compile(r"\(@\w+\)|pic\.twitter\.com/")
_STAMP_LEAD_RE = re.compile(
    r"\W*(?:(?:first|last)\s+)?(?:published|updated|posted|modified)\b|\W*by\s+[^|•·]{1,60}[|•·]"
    r"|\W*(?:mon|tue|wed|thu|fri|sat|sun)[a-z]{0,6}\.?,?\s*$",  # "Tue, 11 Mar 2025"
    re.IGNORECASE,
)
_STAMP_PUNCTUATION = " \t,:;|•·-—–"
# A caption of an old picture: AP's "FILE - ...", "file photo", "archive image".
_ARCHIVE_CAPTION_RE = re.compile(r"\b(?:file|archives?|archival)\b", re.IGNORECASE)
_URL_DATE_RE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?=[/-]|\.html?\b|$)")
_QUESTION_RE = re.compile(r"\?[\"'”’)\s]*$")
_LEAD_IN_RE = re.compile(r"[:;,]\s*$")  # ends where what it introduces begins
# "after the midnight Sunday deadline", "past midnight Sunday", "after Sunday's midnight
# deadline": midnight ends its day, so what comes after it is of the next.
_AFTER_MIDNIGHT_BEFORE_RE = re.compile(r"\b(?:after|past)\s+(?:the\s+)?midnight\s+$", re.I)
_AFTER_BEFORE_RE = re.compile(r"\b(?:after|past)\s+(?:the\s+)?$", re.IGNORECASE)
_MIDNIGHT_AFTER_RE = re.compile(r"(?:['’]s)?\s+midnight\b", re.IGNORECASE)
# A year the text says it is still in: "so far in 2016", "2016 so far", "since the start of
# 2016 (it has ...)". Such a year is the year of the story's present.
_YEAR_GROUP = r"(?:1[89]|20)\d{2}(?![\d,.]\d)"
_CURRENT_YEAR_RE = re.compile(
    rf"\bso\s+far,?\s+(?:in\s+)?(?P<a>{_YEAR_GROUP})"
    rf"|\b(?:in\s+)?(?P<b>{_YEAR_GROUP}),?\s+so\s+far\b"
    rf"|\b(?:since|from)\s+the\s+(?:start|beginning)\s+of\s+(?P<c>{_YEAR_GROUP})",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """One dated event and every sentence, across articles, that reports it.

    ``text`` and ``date_text`` come from the representative sentence (``sentences[0]``);
    ``date`` is ``None`` for a relative date in an article without an anchor.
    """

    date: dt.date | None
    precision: Precision
    date_text: str
    text: str
    sentences: tuple[Sentence, ...]
    articles: tuple[str, ...]

    @property
    def support(self) -> int:
        return len(self.articles)


@dataclass(frozen=True, slots=True)
class _Candidate:
    unit: Unit
    mention: DateMention
    stems: frozenset[str]
    virtual: bool = False  # the mention's value is a day of the story's present, no date
    aligned: bool = False  # that present lies on the real calendar (``_Anchor.aligned``)
    announcing: bool = False  # "will meet on Thursday": no event done
    from_preview: bool = False  # its article is a preview (``text.state``)
    done_before: bool = False  # not announced, of a day before its article's present

    @property
    def reports(self) -> bool:
        """A report's sentence, or a preview's of something done before it was written
        ("Kuleba said in a video on Wednesday", in a preview of Thursday's talks)."""
        return not self.from_preview or self.done_before

    @property
    def date(self) -> dt.date | None:
        """The date the entry shows: none for a virtual day."""
        return None if self.virtual else self.mention.value

    @property
    def key(self) -> tuple[dt.date | None, Precision, str, int, bool]:
        """Same date and precision; undated: same expression in the same article."""
        if self.mention.value is None:
            return (None, self.mention.precision, self.mention.text.lower(), self.unit.doc, False)
        return (self.mention.value, self.mention.precision, "", -1, self.virtual)


def full_date(text: str) -> DateMention | None:
    """The first absolute full date in ``text`` ("March 11, 2025", "11 Mar 2025")."""
    for mention in find_dates(text):
        if mention.value is not None and mention.precision == "day" and not mention.relative:
            return mention
    return None


def dateline(article: Article) -> DateMention | None:
    """The first absolute full date in an article's lead, offsets into ``article.text``."""
    return full_date(article.text[:ANCHOR_SEARCH_CHARS])


def stamp_date(line: str) -> dt.date | None:
    """The day a time-stamp line gives ("Published March 11, 2025", "Updated 9:40 AM EDT,
    Tue March 11, 2025", "By Jane Doe | March 11, 2025", "Tue, 11 Mar 2025 09:40 GMT"):
    the date opens the line or follows a stamp word; a headline that names a date ("The
    attack of September 11, 2001, remembered") is no time stamp."""
    found = full_date(line)
    if found is None:
        return None
    lead = line[: found.start]
    return found.value if not lead.strip(_STAMP_PUNCTUATION) or _STAMP_LEAD_RE.match(lead) else None


def url_date(url: str | None) -> dt.date | None:
    """The day a page's address gives ("/2017/11/08/..."), if a real one."""
    found = _URL_DATE_RE.search(url or "")
    return safe_date(*(int(g) for g in found.groups())) if found else None


def article_anchor(article: Article) -> dt.date | None:
    """The day an article's relative dates count from: published, else a date in its lead,
    else one in its title (a first line "Published March 11, 2025" that cleaning took for
    the headline), else the day its address gives."""
    if article.published is not None:
        return anchor_date(article.published)
    found = dateline(article)
    return found.value if found else stamp_date(article.title or "") or url_date(article.url)


def is_archive_caption(caption: str) -> bool:
    """A caption of an old picture ("FILE - In this Aug. 15, 2014 file photo, ...", "an
    archive image"): its date is that of another event, not of the report."""
    return _ARCHIVE_CAPTION_RE.search(caption) is not None


def _caption_days(caption: str, year_day: dt.date | None) -> list[tuple[dt.date, bool]]:
    """The days a caption gives with a day number, each with whether its year is written
    ("November 27, 2011") or taken from ``year_day`` ("Nov. 28")."""
    days = []
    for m in find_dates(caption, year_day):
        if m.value is None or m.precision != "day" or not _HAS_DAY_NUMBER_RE.search(m.text):
            continue
        days.append((m.value, not m.relative))
    return days


def caption_anchors(corpus: Corpus) -> list[dt.date | None]:
    """Each article's latest day its photo captions give (``Article.captions``, taken out of
    the text by cleaning), ``None`` where they give none: a news photo is taken on the day
    of its report or shortly before, so the report is of that day or later. Archive
    pictures are left out (``is_archive_caption``); a caption's month-day without a year
    ("Nov. 28") counts only within ``DENSE_DAYS`` of a full date a caption of the story
    gives (the year from it); a caption day before a full day the article's own sentences
    state is an old picture too (the report is at least as late as its text). The day may
    move on to the report's present weekday (``caption_present``)."""
    captions = [[c for c in a.captions if not is_archive_caption(c)] for a in corpus.articles]
    full = [day for cs in captions for c in cs for day, ok in _caption_days(c, None) if ok]
    year_day = max(full, default=None)
    stated = _stated_by_article(corpus)
    out: list[dt.date | None] = []
    for doc, cs in enumerate(captions):
        days = [
            day
            for c in cs
            for day, written in _caption_days(c, year_day)
            if written or any(abs((day - f).days) <= DENSE_DAYS for f in full)
        ]
        latest = max(days, default=None)
        if latest is None or any(d > latest for d in stated[doc]):
            out.append(None)
        else:
            out.append(caption_present(latest, told_weekdays(corpus, doc)))
    return out


def caption_present(day: dt.date, told: frozenset[int]) -> dt.date:
    """The report's day from its photo's ``day``, a lower bound: the latest day at most
    ``CAPTION_LAG_DAYS`` after it whose weekday the report ``told`` in the past (a photo of
    Sunday's deadline in a report of what police did "before dawn on Monday"), else
    ``day``."""
    later = [day + dt.timedelta(days=n) for n in range(1, CAPTION_LAG_DAYS + 1)]
    return max((d for d in later if d.weekday() in told), default=day)


def _stated_by_article(corpus: Corpus) -> list[list[dt.date]]:
    """The absolute full days each article's sentences state (written with their year)."""
    stated: list[list[dt.date]] = [[] for _ in corpus.articles]
    for unit in corpus.units:
        for m in find_dates(unit.sentence.text):
            if m.value is not None and m.precision == "day" and not m.relative:
                stated[unit.doc].append(m.value)
    return stated


def latest_dense(days: Sequence[dt.date]) -> dt.date | None:
    """The latest day with another within ``DENSE_DAYS`` before it (or the only one): a
    lone date far after the rest is a schedule, not the present."""
    ordered = sorted(days)
    if len(ordered) == 1:
        return ordered[0]
    for i in range(len(ordered) - 1, 0, -1):
        if (ordered[i] - ordered[i - 1]).days <= DENSE_DAYS:
            return ordered[i]
    return None


def stated_anchor(corpus: Corpus) -> dt.date | None:
    """The latest full date the story's sentences state since the latest year they mention:
    a lower bound of when they were written, good for a year ("Oct. 29"), not a weekday."""
    texts = [unit.sentence.text for unit in corpus.units]
    since = max((int(y) for text in texts for y in _YEAR_RE.findall(text)), default=0)
    stated = [
        m.value
        for text in texts
        for m in find_dates(text)
        if m.value is not None and m.precision == "day" and not m.relative and m.value.year >= since
    ]
    return latest_dense(stated) if stated else None


def current_years(corpus: Corpus) -> list[int | None]:
    """Each article's latest year it says it is still in ("so far in 2016", "since the
    start of 2016"), ``None`` where it says none."""
    years: list[int | None] = [None] * len(corpus.articles)
    for unit in corpus.units:
        for match in _CURRENT_YEAR_RE.finditer(unit.sentence.text):
            year = int(next(group for group in match.groups() if group))
            years[unit.doc] = max(year, years[unit.doc] or year)
    return years


def current_year(corpus: Corpus) -> int | None:
    """The latest year the story says it is still in: the year of its present, where no
    full date gives one."""
    return max((y for y in current_years(corpus) if y is not None), default=None)


def year_anchor(year: int) -> dt.date:
    """The day against which every month-day resolves into ``year`` (``dates.infer_year``
    looks up to ``MONTH_DAY_FUTURE_DAYS`` ahead)."""
    return dt.date(year, 12, 31) - dt.timedelta(days=MONTH_DAY_FUTURE_DAYS)


def told_weekdays(corpus: Corpus, doc: int | None = None) -> frozenset[int]:
    """The weekdays (0 = Monday) the story's sentences (of article ``doc`` alone, if given)
    tell in the past, bare ("on Thursday")."""
    told = set()
    for unit in corpus.units if doc is None else corpus.doc_units(doc):
        text = unit.sentence.text
        for m in find_dates(text, VIRTUAL_MONDAY):
            bare = _BARE_WEEKDAY_RE.fullmatch(m.text)
            if bare and tense_near(text, m.start, m.end) == "past":
                told.add(WEEKDAYS.index(m.text))
    return frozenset(told)


def present_weekday(told: frozenset[int]) -> int:
    """The weekday of a story's "now": the told one that the others precede most closely
    (Wednesday's arrival, Thursday's talks: Thursday); Sunday when none is told."""
    if not told:
        return DAYS_PER_WEEK - 1
    return min(sorted(told), key=lambda d: max((d - other) % DAYS_PER_WEEK for other in told))


def virtual_anchor(corpus: Corpus) -> dt.date:
    """The "now" of a story with no real anchor, in the virtual week (``present_weekday``)."""
    return on_or_after(VIRTUAL_MONDAY, present_weekday(told_weekdays(corpus)))


def on_or_after(day: dt.date, weekday: int) -> dt.date:
    """The first day on or after ``day`` that falls on ``weekday``."""
    return day + dt.timedelta(days=(weekday - day.weekday()) % DAYS_PER_WEEK)


def stated_days(corpus: Corpus, year_day: dt.date) -> list[dt.date]:
    """Every day the story's sentences state with a day number and do not announce ("on
    Nov. 8", "October 29, 2017"; not "will vote on April 16"), a month-day taking its
    year from ``year_day``."""
    days = []
    for unit in corpus.units:
        text = unit.sentence.text
        for m in find_dates(text, year_day):
            if m.value is None or m.precision != "day" or not _HAS_DAY_NUMBER_RE.search(m.text):
                continue
            if tense_near(text, m.start, m.end) != "future":
                days.append(m.value)
    return days


def latest_month_day(corpus: Corpus) -> dt.date | None:
    """A story without any year: its latest month-day ("13 February") told in the past, on
    the virtual calendar (the one the others precede most closely, as for weekdays)."""
    ordinals = set()
    for unit in corpus.units:
        text = unit.sentence.text
        for m in find_dates(text, VIRTUAL_MONDAY):
            if m.value is None or not m.relative or not _HAS_DAY_NUMBER_RE.search(m.text):
                continue
            day = safe_date(VIRTUAL_MONDAY.year, m.value.month, m.value.day)
            if day is not None and tense_near(text, m.start, m.end) != "future":
                ordinals.add((day - VIRTUAL_MONDAY).days)
    if not ordinals:
        return None
    latest = min(sorted(ordinals), key=lambda d: max((d - o) % DAYS_PER_YEAR for o in ordinals))
    return VIRTUAL_MONDAY + dt.timedelta(days=latest)


def is_boundary(text: str, mention: DateMention) -> bool:
    """A date that a "since"/"until"/"before" phrase in the same clause leads up to, a year
    that opens or closes a span of years ("from 1973 to 1990"), or a date naming a thing
    ("the Sept. 2 crash")."""
    clause = _CLAUSE_SPLIT_RE.split(text[: mention.start])[-1]
    window = _WORD_RE.findall(clause)[-BOUNDARY_WINDOW_WORDS:]
    if any(word.lower() in BOUNDARY_WORDS for word in window):
        return True
    if mention.precision == "year" and (
        _RANGE_START_RE.match(text, mention.end) or _RANGE_END_RE.search(text[: mention.start])
    ):
        return True
    named = _DETERMINER_BEFORE_RE.search(text[: mention.start]) is not None
    return named and _NOUN_AFTER_RE.match(text, mention.end) is not None


def is_event_sentence(unit: Unit) -> bool:
    """A statement of a readable length (named limits), not a question, not a lead-in to
    what follows ("The New York Times said in an editorial for Wednesday, Oct. 7:"), not a
    picture or video caption left in the text (``candidates.is_caption``: its date still
    anchors, as a date the story states)."""
    if not MIN_EVENT_WORDS <= unit.words <= MAX_EVENT_WORDS:
        return False
    text = unit.sentence.text
    if is_caption(text):
        return False
    return _QUESTION_RE.search(text) is None and _LEAD_IN_RE.search(text) is None


def is_post_stamp(text: str, mention: DateMention) -> bool:
    """A date that signs an embedded post ("— Name (@handle) September 20, 2018"): the
    post's time stamp. It still tells when the story was told (``stated_days``)."""
    return _POST_SIGNATURE_RE.search(text, 0, mention.start) is not None


def after_midnight(text: str, mention: DateMention) -> bool:
    """A weekday whose midnight the sentence's event comes after ("came nearly four hours
    after the midnight Sunday deadline"): midnight closes that day, so the event is of the
    next one."""
    if mention.precision != "day" or mention.text not in WEEKDAYS:
        return False
    before = text[: mention.start]
    if _AFTER_MIDNIGHT_BEFORE_RE.search(before):
        return True
    return bool(_AFTER_BEFORE_RE.search(before)) and bool(
        _MIDNIGHT_AFTER_RE.match(text, mention.end)
    )


def next_day(mention: DateMention) -> DateMention:
    """The mention moved on to the day after its value (``after_midnight``)."""
    if mention.value is None:
        return mention
    return replace(mention, value=mention.value + dt.timedelta(days=1))


def event_mention(text: str, mentions: Sequence[DateMention]) -> DateMention | None:
    """The mention that dates the sentence's event: dated before undated, finest, first;
    not a boundary nor an embedded post's time stamp, nor a relative date ("today") of a
    post embedded in the sentence."""
    embedded = _EMBEDDED_POST_RE.search(text) is not None
    usable = [
        m
        for m in mentions
        if not is_boundary(text, m)
        and not is_post_stamp(text, m)
        and not (embedded and m.relative)
    ]
    if not usable:
        return None
    return min(
        usable,
        key=lambda m: (m.value is None, -PRECISION_ORDER[m.precision], m.start),
    )


@dataclass(frozen=True, slots=True)
class _Anchor:
    """What an article's dates resolve against: a real day, or the story's present with
    ``virtual`` days (their entries undated) and, where the story states full dates, a day
    that gives month-days their year. ``aligned``: that present lies on the real calendar
    (just after the dates the story states), so its days order among the real ones."""

    day: dt.date
    virtual: bool = False
    year_day: dt.date | None = None
    aligned: bool = False
    # the present's weekday is that of the latest day the story states, the day it lies on
    # (one cue; ``confirms`` asks for a weaker second one)
    confirmed: bool = False
    # the year the article says it is in ("so far in 2016"): its "this year", "last year"
    # and months named ("in April") are dated; other articles may be older
    present_year: int | None = None


def story_present(corpus: Corpus) -> _Anchor:
    """The "now" of a story with no real anchor: the first day of its ``present_weekday``
    on or after the latest day it states (``latest_dense``): the earliest present its
    dates and weekdays allow. Where that latest day is itself on the present's weekday
    (the AGM "on April 14" and "at the annual meeting Thursday", a Thursday), the story
    dates its present twice and the present is ``confirmed`` (one cue: ``confirms`` asks
    for a second). A story with no full date but a year it is still in (``current_year``)
    takes that year for its month-days, and its days as above. Without a year anywhere,
    on the virtual calendar, after its latest month-day (a report names the days of its
    own week by weekday)."""
    told = told_weekdays(corpus)
    weekday = present_weekday(told)
    year_day = stated_anchor(corpus)
    year = None
    if year_day is None and (year := current_year(corpus)) is not None:
        year_day = year_anchor(year)
    if year_day is not None:
        stated = [d for d in stated_days(corpus, year_day) if year is None or d.year == year]
        latest = (latest_dense(stated) if stated else None) or (None if year else year_day)
        if latest is not None:
            day = on_or_after(latest, weekday)
            confirmed = bool(told) and day == latest
            return _Anchor(day, True, year_day, True, confirmed)
    day = on_or_after(latest_month_day(corpus) or VIRTUAL_MONDAY, weekday)
    return _Anchor(day, True, year_day)


def sibling_anchor(own: Sequence[dt.date | None]) -> dt.date | None:
    """The latest of the story's articles' own anchors (publication days, datelines,
    caption days), for the articles without one (``latest_dense``)."""
    known = [day for day in own if day is not None]
    return latest_dense(known) if known else None


def _anchors(corpus: Corpus) -> list[_Anchor]:
    """Each article's anchor: its own, its sibling reports', else the story's present."""
    own = [article_anchor(article) for article in corpus.articles]
    if None in own:  # a photo caption's day, where an article has nothing better
        own = [day or caption for day, caption in zip(own, caption_anchors(corpus), strict=True)]
    if None not in own:
        return [_Anchor(day) for day in own if day is not None]
    shared = sibling_anchor(own)
    if shared is not None:
        return [_Anchor(day or shared) for day in own]
    present = story_present(corpus)
    years = current_years(corpus)
    return [
        replace(present, present_year=year) if day is None else _Anchor(day)
        for day, year in zip(own, years, strict=True)
    ]


def _resolve(text: str, anchor: _Anchor) -> list[tuple[DateMention, bool]]:
    """The sentence's mentions, each with whether its value is a virtual day: a month-day
    takes its year from a stated date where there is one."""
    mentions = find_dates(text, anchor.day)
    if not anchor.virtual:
        return [(m, False) for m in mentions]
    yearly = _spans(text, anchor.year_day)
    this_year = _spans(text, dt.date(anchor.present_year, 7, 1) if anchor.present_year else None)
    out: list[tuple[DateMention, bool]] = []
    for m in mentions:
        dated = yearly.get((m.start, m.end))
        in_year = this_year.get((m.start, m.end))
        if dated is not None and dated.value is not None and takes_year(m, anchor.present_year):
            out.append((dated, False))  # "Oct. 29" in a story that states 2017
        elif in_year is not None and m.relative and m.precision == "year":
            out.append((in_year, False))  # "last year" in a story "so far in 2016"
        else:
            out.append((m, m.relative))
    return out


def _spans(text: str, anchor: dt.date | None) -> dict[tuple[int, int], DateMention]:
    """The text's mentions resolved against ``anchor``, by span; none without one."""
    return {(m.start, m.end): m for m in find_dates(text, anchor)} if anchor else {}


def takes_year(mention: DateMention, present_year: int | None) -> bool:
    """A month-day ("Oct. 29"), or a month named ("in April") in an article that says
    which year it is in: what the story's year dates."""
    named = present_year is not None and mention.text.rstrip(".").lower() in MONTHS
    return named or _HAS_DAY_NUMBER_RE.search(mention.text) is not None


def _inside(mention: DateMention, offset: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether the mention (at ``offset`` in its article) lies within quoted words."""
    start, end = mention.start + offset, mention.end + offset
    return any(a <= start and end <= b for a, b in spans)


def _candidates(
    corpus: Corpus, anchors: Sequence[_Anchor], quoted: Quoted | None = None
) -> list[_Candidate]:
    # A lead date that stands in for a missing publication date dates the report, not an event.
    datelines = [
        None if article.published is not None else dateline(article) for article in corpus.articles
    ]
    previews = preview_docs(corpus)
    if quoted is None:
        quoted = [quote_spans(article.text) for article in corpus.articles]
    out: list[_Candidate] = []
    witnesses: list[_Candidate] = []
    for raw in corpus.units:
        unit = trim_dateline(raw)  # an entry shows no "WARSAW, Poland (AP) _"
        if not is_event_sentence(unit):
            continue
        text, offset, own = unit.sentence.text, unit.sentence.start, datelines[unit.doc]
        resolved = _resolve(text, anchors[unit.doc])
        virtual = {(m.start, m.end) for m, v in resolved if v}
        mentions = [m for m, _ in resolved]
        events = [
            m
            for m in mentions
            if (own is None or m.start + offset != own.start)
            and not (m.relative and _inside(m, offset, quoted[unit.doc]))
        ]
        date_stems = set(content_words(" ".join(m.text for m in mentions)))
        stems = frozenset(unit.stems) - date_stems
        # a post's time stamp is no entry, but it witnesses its day (``confirms``)
        stamps = [m for m in events if m.value is not None and is_post_stamp(text, m)]
        witnesses.extend(_Candidate(unit, m, stems) for m in stamps[:1])
        chosen = event_mention(text, events)
        if chosen is None:
            continue
        if after_midnight(text, chosen):
            chosen = next_day(chosen)
        future = tense_near(text, chosen.start, chosen.end) == "future"  # read once
        out.append(
            _Candidate(
                unit,
                chosen,
                stems,
                virtual=(chosen.start, chosen.end) in virtual,
                aligned=anchors[unit.doc].aligned,
                announcing=future,
                from_preview=unit.doc in previews,
                done_before=chosen.value is not None
                and chosen.value < anchors[unit.doc].day
                and not future,
            )
        )
    if any(not c.announcing for c in out):
        out = [c for c in out if not c.announcing]  # previews: no event done
    bar = CONFIRMED_EVENT_SHARE if any(a.confirmed for a in anchors) else 1.0
    if any(confirms(c, [*out, *witnesses], bar) for c in out):
        out = [replace(c, virtual=False) if c.virtual and c.aligned else c for c in out]
    return [c for c in out if c.date is not None or places(c.mention, anchors[c.unit.doc].day)]


def places(mention: DateMention, present: dt.date) -> bool:
    """Whether an undated mention still orders its event among the story's days: a day, a
    week, or a month or year wholly before or after the present ("last month", "four years
    ago"); not one that holds the present ("this year", "later this year", "this month"),
    which says neither when nor in what order."""
    if mention.value is None:
        return False
    if mention.precision == "year":
        return mention.value.year != present.year
    if mention.precision == "month":
        return (mention.value.year, mention.value.month) != (present.year, present.month)
    return True


def confirms(cand: _Candidate, candidates: Sequence[_Candidate], bar: float = 1.0) -> bool:
    """A day of the story's present that another sentence dates as the same event: "said
    in a press conference Wednesday" and "held a press conference Nov. 8" (a Wednesday) put
    the present on the calendar, so its days are dated. ``bar``: how much of the
    same-event threshold the two must reach (less where the present's weekday is already
    that of the day the other sentence states, ``_Anchor.confirmed``)."""
    if not (cand.virtual and cand.aligned and cand.mention.precision == "day"):
        return False
    return any(
        not other.virtual
        and other.mention.precision == "day"
        and other.mention.value == cand.mention.value
        and same_event(cand.stems, other.stems) >= bar
        for other in candidates
    )


def same_event(a: frozenset[str], b: frozenset[str]) -> float:
    """How far two same-day sentences' stems say one event, 1 at the threshold: the
    better of their Jaccard over ``SAME_EVENT_JACCARD`` and, with at least
    ``SAME_EVENT_MIN_SHARED`` stems shared, the shorter's share in the longer over
    ``SAME_EVENT_CONTAINMENT``."""
    shared = len(a & b)
    contained = shared / min(len(a), len(b)) if shared >= SAME_EVENT_MIN_SHARED else 0.0
    return max(jaccard(a, b) / SAME_EVENT_JACCARD, contained / SAME_EVENT_CONTAINMENT)


def joins(cand: _Candidate, member: _Candidate) -> float:
    """How far two same-day candidates tell one event (``same_event``); across the line
    between a preview and a report only their overlap both ways counts (Jaccard), not a
    few shared words of a short sentence in a long one: a preview cites for a report
    only what both plainly say."""
    if cand.from_preview == member.from_preview:
        return same_event(cand.stems, member.stems)
    return jaccard(cand.stems, member.stems) / SAME_EVENT_JACCARD


def day_apart(cand: _Candidate, group: Sequence[_Candidate]) -> bool:
    """Whether ``cand`` writes the day of the ``group``'s event a day off: both days
    written as month-days ("Oct. 29", "Oct. 30", not weekdays counted from different
    reports' days), the candidate from an article the group does not hold yet."""
    seed = group[0]
    if seed.virtual or cand.virtual or seed.mention.value is None or cand.mention.value is None:
        return False
    if seed.mention.precision != "day" or cand.mention.precision != "day":
        return False
    written = all(_HAS_DAY_NUMBER_RE.search(c.mention.text) for c in (seed, cand))
    apart = abs((seed.mention.value - cand.mention.value).days) == 1
    return written and apart and all(m.unit.doc != cand.unit.doc for m in group)


_Key = tuple[dt.date | None, Precision, str, int, bool]  # ``_Candidate.key``
_ONE_DAY = dt.timedelta(days=1)


def _seed_keys(cand: _Candidate) -> list[_Key]:
    """The keys of the seeds whose groups ``cand`` may join: its own, and for a written
    day the keys of the days either side (``day_apart`` asks no other group)."""
    keys: list[_Key] = [cand.key]
    value = cand.mention.value
    if not cand.virtual and value is not None and cand.mention.precision == "day":
        keys += [(value - _ONE_DAY, "day", "", -1, False), (value + _ONE_DAY, "day", "", -1, False)]
    return keys


def _group(candidates: Sequence[_Candidate]) -> list[list[_Candidate]]:
    """Each candidate joins the group it tells one event with best (the last of the best),
    among those of its key or a day apart; it meets only those groups (``seeded``, by
    their seed's key), in the order they were made."""
    groups: list[list[_Candidate]] = []
    seeded: dict[_Key, list[int]] = {}  # a seed's key -> its groups, ascending
    for cand in sorted(candidates, key=lambda c: (c.unit.position, c.unit.doc)):
        best: list[_Candidate] | None = None
        best_g, best_score = -1, 1.0
        for g in sorted({g for key in _seed_keys(cand) for g in seeded.get(key, ())}):
            group = groups[g]
            # a preview's sentence never supports a report's (the citation rule of
            # ``text.support``), unless it tells something done before the preview
            if group[0].reports != cand.reports:
                continue
            if group[0].key != cand.key and not day_apart(cand, group):
                continue
            score = max(joins(cand, member) for member in group)
            if score >= best_score:
                best, best_g, best_score = group, g, score
        if best is None:
            seeded.setdefault(cand.key, []).append(len(groups))
            groups.append([cand])
        elif cand.date is not None and best[0].date is not None and cand.date < best[0].date:
            # a day apart: the earlier day leads (``day_apart``), and keys the group now
            seeded[best[0].key].remove(best_g)
            insort(seeded.setdefault(cand.key, []), best_g)
            best.insert(0, cand)
        else:
            best.append(cand)
    return groups


def _event(group: Sequence[_Candidate]) -> TimelineEvent:
    seed, rest = group[0], sorted(group[1:], key=lambda c: (c.unit.doc, c.unit.position))
    members = [seed, *rest]
    articles = dict.fromkeys(c.unit.sentence.article_id for c in members)
    return TimelineEvent(
        date=seed.date,
        precision=seed.mention.precision,
        date_text=seed.mention.text,
        text=seed.unit.sentence.text,
        sentences=tuple(c.unit.sentence for c in members),
        articles=tuple(articles),
    )


def _importance(group: Sequence[_Candidate]) -> tuple[int, int, int]:
    return (-_support(group), min(c.unit.position for c in group), group[0].unit.doc)


def _chronology(group: Sequence[_Candidate]) -> tuple[int, dt.date, int, int, int]:
    """Dated events by date (with the days of a present on the calendar among them), then
    virtual days by theirs, then the rest by position."""
    seed = group[0]
    value = seed.mention.value
    if value is None:
        return (2, dt.date.min, 0, seed.unit.doc, seed.unit.position)
    order = PRECISION_ORDER[seed.mention.precision]
    apart = seed.virtual and not seed.aligned
    return (int(apart), value, order, seed.unit.doc, seed.unit.position)


def reporting_window(anchors: Sequence[_Anchor]) -> tuple[dt.date, dt.date]:
    """The days of the story's reports, from ``WINDOW_LEAD_DAYS`` before the earliest (what
    they report happened shortly before) to ``WINDOW_FOLLOW_DAYS`` after the latest."""
    days = [a.day for a in anchors]
    return (
        min(days) - dt.timedelta(days=WINDOW_LEAD_DAYS),
        max(days) + dt.timedelta(days=WINDOW_FOLLOW_DAYS),
    )


def standing(cand: _Candidate, window: tuple[dt.date, dt.date], anchor: _Anchor) -> int:
    """How an entry stands to the story: ``OWN``, a day or a week within the reporting
    ``window``; ``LOOSE``, a month or year that holds its report's present ("this year",
    "earlier this month": it hardly says when), or a preview's sentence of its own day or
    later (the event as still to come); ``BACKGROUND``, the rest (years before the story,
    a schedule after it), and a real year ("annexed in 2014") in a story whose own days
    are on no real calendar (``VIRTUAL_MONDAY``'s year says nothing of it)."""
    value, precision = cand.mention.value, cand.mention.precision
    if not cand.reports:
        return LOOSE
    if value is None or (anchor.virtual and not anchor.aligned and not cand.virtual):
        return BACKGROUND
    end = period_end(value, precision)
    if precision in ("day", "week") and window[0] <= value and end <= window[1]:
        return OWN
    return LOOSE if value <= anchor.day <= end else BACKGROUND


def choose(
    groups: Sequence[Sequence[_Candidate]], anchors: Sequence[_Anchor], max_events: int
) -> list[Sequence[_Candidate]]:
    """The entries a timeline of ``max_events`` keeps: up to ``BACKGROUND_SHARE`` of its
    places for the best background, one per date (the war, the earlier visit: what a
    reader needs of the story's past), then the story's own events (``standing``), then
    whatever is left, each part in ``spread`` order."""
    window = reporting_window(anchors)
    ranked = sorted(groups, key=_importance)
    stands = [standing(g[0], window, anchors[g[0].unit.doc]) for g in ranked]
    background = [g for g, s in zip(ranked, stands, strict=True) if s == BACKGROUND]
    history = _one_per_day(background)[: int(max_events * BACKGROUND_SHARE)]
    kept = {id(g) for g in history}
    own = [g for g, s in zip(ranked, stands, strict=True) if s == OWN]
    rest = [g for g, s in zip(ranked, stands, strict=True) if s != OWN and id(g) not in kept]
    return [*history, *spread(own), *spread(rest)][:max_events]


def _day(group: Sequence[_Candidate]) -> tuple[dt.date | None, Precision]:
    return group[0].mention.value, group[0].mention.precision


def _support(group: Sequence[_Candidate]) -> int:
    return len({c.unit.doc for c in group})


def _one_per_day(groups: Sequence[Sequence[_Candidate]]) -> list[Sequence[_Candidate]]:
    """The first of ``groups`` on each day (date and precision)."""
    seen: set[tuple[dt.date | None, Precision]] = set()
    out: list[Sequence[_Candidate]] = []
    for group in groups:
        if _day(group) not in seen:
            seen.add(_day(group))
            out.append(group)
    return out


def spread(groups: Sequence[Sequence[_Candidate]]) -> list[Sequence[_Candidate]]:
    """``groups`` (best first, ``_importance``) with the best supported first and, among
    equally supported ones, each day's best before any day's second, then the seconds, and
    so on: one busy day does not take the places of the story's other days."""
    seen: dict[tuple[dt.date | None, Precision], int] = {}
    keyed: list[tuple[int, int, int]] = []
    for i, group in enumerate(groups):
        seen[_day(group)] = seen.get(_day(group), 0) + 1
        keyed.append((-_support(group), seen[_day(group)], i))
    return [groups[i] for *_, i in sorted(keyed)]


def build_timeline(
    corpus: Corpus, *, max_events: int = DEFAULT_MAX_EVENTS, quoted: Quoted | None = None
) -> tuple[TimelineEvent, ...]:
    """The story's dated events, at most ``max_events``, in date order (undated last);
    ``quoted``: each article's ``quote_spans`` where already read."""
    if max_events < 1:
        raise ValueError(f"max_events must be positive, got {max_events}")
    anchors = _anchors(corpus)
    groups = choose(_group(_candidates(corpus, anchors, quoted)), anchors, max_events)
    return tuple(_event(group) for group in sorted(groups, key=_chronology))
