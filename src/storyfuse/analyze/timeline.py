"""A dated timeline of a story: what happened when, and which reports say so.

``build_timeline(corpus)`` runs four small steps:

1. anchor: each article's dates resolve against its publication day (``article.published``);
   an article without one falls back to the first absolute full date (ISO or "10 March
   2022") in its first ``ANCHOR_SEARCH_CHARS`` characters, such as a dateline (that date
   then dates the report, so it is no event itself); failing both, relative expressions in
   it stay undated (``date=None``) rather than guessed;
2. candidates: a sentence is a candidate when it is a statement (not a question) of
   ``MIN_EVENT_WORDS`` to ``MAX_EVENT_WORDS`` words with a date mention that is not a mere
   boundary: a date after "since", "until" or "before" in the same clause ("the first talks
   since Russia invaded Ukraine on February 24") dates something else than the sentence's
   event. Its event date is its finest dated mention (day before week, month, year), the
   first one on a tie; an undated relative mention is used only when no mention has a date;
3. grouping: sentences with the same date (and precision) whose content stems, date words
   left out, overlap by Jaccard >= ``SAME_EVENT_JACCARD`` with a sentence already in an event
   join it, so one event lists all its sources. Lead sentences seed events (candidates are
   visited by position in their article, then article order); undated ones group only with
   the same date expression as written in the same article, since two unanchored articles'
   "Monday" need not be the same day;
4. choice and order: events stated by more articles come first, then those stated earlier
   in an article; the best ``max_events`` are kept and ordered by date (coarser precision
   first on the same day, so "in 2025" precedes "on 1 January 2025"); undated events come
   last, in article order and then sentence order.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from storyfuse.analyze.dates import DateMention, Precision, anchor_date, find_dates
from storyfuse.text.corpus import Corpus, Unit
from storyfuse.text.textstats import content_words, jaccard
from storyfuse.types import Article, Sentence

DEFAULT_MAX_EVENTS = 12
# Sentences outside this length are not timeline events: headlines and fragments are too
# short, run-on paragraphs that slipped through segmentation too long to read as one event.
MIN_EVENT_WORDS = 4
MAX_EVENT_WORDS = 50
# Two same-date sentences report one event when their content stems overlap this much.
SAME_EVENT_JACCARD = 0.2
# Where to look for a written date when an article has no publication date.
ANCHOR_SEARCH_CHARS = 300
# How far back from a date to look for "since"/"until"/"before" opening its phrase.
BOUNDARY_WINDOW_WORDS = 10
BOUNDARY_WORDS = frozenset({"since", "until", "till", "before"})
# Coarse first: on the same start day a year comes before a month, a week and a day.
PRECISION_ORDER: dict[Precision, int] = {"year": 0, "month": 1, "week": 2, "day": 3}

_CLAUSE_SPLIT_RE = re.compile(r"[,;:()—–]")
_WORD_RE = re.compile(r"[A-Za-z]+")
_QUESTION_RE = re.compile(r"\?[\"'”’)\s]*$")


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

    @property
    def key(self) -> tuple[dt.date | None, Precision, str, int]:
        """Same date and precision; undated: same expression in the same article."""
        if self.mention.value is None:
            return (None, self.mention.precision, self.mention.text.lower(), self.unit.doc)
        return (self.mention.value, self.mention.precision, "", -1)


def dateline(article: Article) -> DateMention | None:
    """The first absolute full date in an article's lead, offsets into ``article.text``."""
    for mention in find_dates(article.text[:ANCHOR_SEARCH_CHARS]):
        if mention.value is not None and mention.precision == "day" and not mention.relative:
            return mention
    return None


def article_anchor(article: Article) -> dt.date | None:
    """The day an article's relative dates count from: published, else a date in its lead."""
    if article.published is not None:
        return anchor_date(article.published)
    found = dateline(article)
    return found.value if found else None


def is_boundary(text: str, mention: DateMention) -> bool:
    """A date that a "since"/"until"/"before" phrase in the same clause leads up to."""
    clause = _CLAUSE_SPLIT_RE.split(text[: mention.start])[-1]
    window = _WORD_RE.findall(clause)[-BOUNDARY_WINDOW_WORDS:]
    return any(word.lower() in BOUNDARY_WORDS for word in window)


def is_event_sentence(unit: Unit) -> bool:
    """A statement of a readable length (named limits), not a question."""
    if not MIN_EVENT_WORDS <= unit.words <= MAX_EVENT_WORDS:
        return False
    return _QUESTION_RE.search(unit.sentence.text) is None


def event_mention(text: str, mentions: Sequence[DateMention]) -> DateMention | None:
    """The mention that dates the sentence's event: dated before undated, finest, first."""
    usable = [m for m in mentions if not is_boundary(text, m)]
    if not usable:
        return None
    return min(
        usable,
        key=lambda m: (m.value is None, -PRECISION_ORDER[m.precision], m.start),
    )


def _candidates(corpus: Corpus) -> list[_Candidate]:
    anchors = [article_anchor(article) for article in corpus.articles]
    # A lead date that stands in for a missing publication date dates the report, not an event.
    datelines = [
        None if article.published is not None else dateline(article) for article in corpus.articles
    ]
    out: list[_Candidate] = []
    for unit in corpus.units:
        if not is_event_sentence(unit):
            continue
        text, offset, own = unit.sentence.text, unit.sentence.start, datelines[unit.doc]
        mentions = find_dates(text, anchors[unit.doc])
        events = [m for m in mentions if own is None or m.start + offset != own.start]
        chosen = event_mention(text, events)
        if chosen is None:
            continue
        date_stems = set(content_words(" ".join(m.text for m in mentions)))
        out.append(_Candidate(unit, chosen, frozenset(unit.stems) - date_stems))
    return out


def _group(candidates: Sequence[_Candidate]) -> list[list[_Candidate]]:
    groups: list[list[_Candidate]] = []
    for cand in sorted(candidates, key=lambda c: (c.unit.position, c.unit.doc)):
        best: list[_Candidate] | None = None
        best_score = SAME_EVENT_JACCARD
        for group in groups:
            if group[0].key != cand.key:
                continue
            score = max(jaccard(cand.stems, member.stems) for member in group)
            if score >= best_score:
                best, best_score = group, score
        if best is None:
            groups.append([cand])
        else:
            best.append(cand)
    return groups


def _event(group: Sequence[_Candidate]) -> TimelineEvent:
    seed, rest = group[0], sorted(group[1:], key=lambda c: (c.unit.doc, c.unit.position))
    members = [seed, *rest]
    articles = dict.fromkeys(c.unit.sentence.article_id for c in members)
    return TimelineEvent(
        date=seed.mention.value,
        precision=seed.mention.precision,
        date_text=seed.mention.text,
        text=seed.unit.sentence.text,
        sentences=tuple(c.unit.sentence for c in members),
        articles=tuple(articles),
    )


def _importance(group: Sequence[_Candidate]) -> tuple[int, int, int]:
    docs = {c.unit.doc for c in group}
    return (-len(docs), min(c.unit.position for c in group), group[0].unit.doc)


def _chronology(group: Sequence[_Candidate]) -> tuple[int, dt.date, int, int, int]:
    seed = group[0]
    value = seed.mention.value
    if value is None:
        return (1, dt.date.min, 0, seed.unit.doc, seed.unit.position)
    order = PRECISION_ORDER[seed.mention.precision]
    return (0, value, order, seed.unit.doc, seed.unit.position)


def build_timeline(
    corpus: Corpus, *, max_events: int = DEFAULT_MAX_EVENTS
) -> tuple[TimelineEvent, ...]:
    """The story's dated events, at most ``max_events``, in date order (undated last)."""
    if max_events < 1:
        raise ValueError(f"max_events must be positive, got {max_events}")
    groups = sorted(_group(_candidates(corpus)), key=_importance)[:max_events]
    return tuple(_event(group) for group in sorted(groups, key=_chronology))
