"""What a story page shows around its brief: the reports newest first, a coverage chart,
the outlets with their counts, and related stories from the store.

All of it comes from the store's rows (the story's articles, full-text search) and the
brief's JSON; nothing here cleans, segments or summarises. Pure functions build frozen
views, which ``story.html`` renders:

- ``reports``: every article of the story with outlet, time and headline (an untitled
  one's opening words), newest first (undated ones last), each with its number in the
  brief's sources when it has one;
- ``coverage``: articles per time bucket over the story's life, as bars of an inline SVG
  (no script): the bucket is the shortest of ``BUCKETS`` that keeps the chart within
  ``MAX_BARS`` bars, aligned to UTC (days start at midnight, weeks on Monday);
- ``outlet_counts``: how many articles each outlet has in the story, most first;
- ``related_stories``: other stories whose articles mention the brief's names (its
  entities) other than its outlets, ranked by the names they share, each weighed by how
  few stories name it (``store.search`` per name); at least ``RELATED_MIN_SHARED``.

Times without a zone are taken as UTC, as the store does.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from storyfuse.rendering import plural
from storyfuse.store import Store, StoryRow
from storyfuse.types import Article

MAX_BARS = 16
BUCKETS: tuple[tuple[timedelta, str], ...] = (
    (timedelta(hours=1), "hour"),
    (timedelta(hours=3), "3 hours"),
    (timedelta(hours=6), "6 hours"),
    (timedelta(hours=12), "12 hours"),
    (timedelta(days=1), "day"),
    (timedelta(weeks=1), "week"),
)
WEEK = timedelta(weeks=1)
DAY = timedelta(days=1)
# Buckets are counted from a Monday midnight, so days start at 00:00 UTC, weeks on Monday.
ANCHOR = datetime(1970, 1, 5, tzinfo=UTC)
# The chart's drawing box (SVG user units); CSS sets its shown size, bars stretch to fit.
CHART_WIDTH = 600
CHART_HEIGHT = 100
BAR_GAP = 0.15  # the share of a bucket's width left blank between bars
NO_OUTLET = "Outlet not named"
HEADLINE_WORDS = 14  # the opening words that stand for an untitled article's headline
RELATED_NAMES = 8  # the brief's names searched for related stories
RELATED_HITS = 40  # search hits per name beyond the story's own articles
RELATED_STORIES = 5
RELATED_MIN_SHARED = 2  # names a story must share to be related


@dataclass(frozen=True, slots=True)
class Report:
    """One article of the story as the sources list shows it."""

    article_id: str
    number: int | None  # its number in the brief's sources (what citations show)
    outlet: str | None
    published: datetime | None
    title: str
    url: str | None


@dataclass(frozen=True, slots=True)
class Bar:
    """One bucket of the chart: its place in the drawing box and what it counts."""

    x: float
    y: float
    width: float
    height: float
    count: int
    label: str  # the bucket's span in words, e.g. "2025-03-11 06:00–09:00 UTC"


@dataclass(frozen=True, slots=True)
class Coverage:
    """Articles per bucket over the story's life; ``undated`` are left out of the bars."""

    bars: tuple[Bar, ...]
    unit: str  # "hour", "3 hours", "day", "week", ...
    size: timedelta  # a bucket's length
    start: datetime
    end: datetime
    peak: int
    dated: int
    undated: int
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT

    @property
    def first_label(self) -> str:
        """Where the chart starts: a date when buckets are whole days, else a UTC time."""
        return f"{self.start:%Y-%m-%d}" if self._by_day else utc_label(self.start)

    @property
    def last_label(self) -> str:
        """Where it ends: the last day it covers, or the end time of its last bucket."""
        return f"{self.end - DAY:%Y-%m-%d}" if self._by_day else utc_label(self.end)

    @property
    def _by_day(self) -> bool:
        return self.size % DAY == timedelta(0)

    @property
    def summary(self) -> str:
        """The chart in words (its accessible name)."""
        return (
            f"{plural(self.dated, 'article')} counted per {self.unit}, {self.first_label} "
            f"to {self.last_label}; the busiest {self.unit} had {plural(self.peak, 'article')}"
        )


@dataclass(frozen=True, slots=True)
class OutletCount:
    name: str
    count: int


@dataclass(frozen=True, slots=True)
class RelatedStory:
    story: StoryRow
    shared: tuple[str, ...]  # the brief's names its articles mention


@dataclass(frozen=True, slots=True)
class StoryExtras:
    reports: tuple[Report, ...]
    coverage: Coverage | None
    outlets: tuple[OutletCount, ...]
    related: tuple[RelatedStory, ...]


def as_utc(moment: datetime) -> datetime:
    """A datetime in UTC; one without a zone is taken as UTC already."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def utc_label(moment: datetime) -> str:
    return as_utc(moment).strftime("%Y-%m-%d %H:%M UTC")


# --- the reports, newest first -----------------------------------------------------------


def _newest_first(article: Article) -> tuple[bool, float, str]:
    if article.published is None:
        return (True, 0.0, article.id)
    return (False, -as_utc(article.published).timestamp(), article.id)


def headline(article: Article) -> str:
    """The article's title; an untitled one is shown by its opening words (wire copy has
    no headline), cut to ``HEADLINE_WORDS`` with an ellipsis; an empty one by its id."""
    if article.title and article.title.strip():
        return " ".join(article.title.split())
    words = article.text.split()
    if not words:
        return article.id
    lead = " ".join(words[:HEADLINE_WORDS])
    return lead + ("…" if len(words) > HEADLINE_WORDS else "")


def reports(articles: Iterable[Article], numbers: Mapping[str, int]) -> tuple[Report, ...]:
    """The story's articles newest first (undated last, then by id), numbered as the brief's
    sources are."""
    return tuple(
        Report(
            article_id=a.id,
            number=numbers.get(a.id),
            outlet=a.source,
            published=a.published,
            title=headline(a),
            url=a.url,
        )
        for a in sorted(articles, key=_newest_first)
    )


def outlet_counts(articles: Iterable[Article]) -> tuple[OutletCount, ...]:
    """Articles per outlet, most first, then by name; articles naming none count together."""
    counts = Counter(a.source.strip() if a.source and a.source.strip() else "" for a in articles)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0] == "", item[0].casefold()))
    return tuple(OutletCount(name or NO_OUTLET, count) for name, count in ranked)


# --- coverage over time ------------------------------------------------------------------


def bucket_size(span: timedelta) -> tuple[timedelta, str]:
    """The shortest bucket that draws ``span`` in at most ``MAX_BARS`` bars (whole weeks
    past the longest listed)."""
    for size, unit in BUCKETS:
        if span <= size * (MAX_BARS - 1):  # aligning the first bucket can add one more
            return size, unit
    weeks = math.ceil(span / (WEEK * (MAX_BARS - 1)))
    return WEEK * weeks, f"{weeks} weeks"


def _floor(moment: datetime, size: timedelta) -> datetime:
    return ANCHOR + size * ((moment - ANCHOR) // size)


def _span_label(start: datetime, size: timedelta) -> str:
    end = start + size
    if size % DAY == timedelta(0):
        last = end - DAY
        if size == DAY:
            return start.strftime("%Y-%m-%d")
        return f"{start:%Y-%m-%d} to {last:%Y-%m-%d}"
    end_text = f"{end:%H:%M}" if end.date() == start.date() else f"{end:%Y-%m-%d %H:%M}"
    return f"{start:%Y-%m-%d %H:%M}–{end_text} UTC"


def coverage(times: Sequence[datetime | None]) -> Coverage | None:
    """Articles per bucket over the span of the dated ``times``; None when none is dated."""
    dated = sorted(as_utc(t) for t in times if t is not None)
    if not dated:
        return None
    size, unit = bucket_size(dated[-1] - dated[0])
    first = _floor(dated[0], size)
    counts = Counter((moment - first) // size for moment in dated)
    buckets = max(counts) + 1
    peak = max(counts.values())
    slot = CHART_WIDTH / buckets
    bars = []
    for index in range(buckets):
        count = counts.get(index, 0)
        height = CHART_HEIGHT * count / peak
        bars.append(
            Bar(
                x=round(index * slot + slot * BAR_GAP / 2, 2),
                y=round(CHART_HEIGHT - height, 2),
                width=round(slot * (1 - BAR_GAP), 2),
                height=round(height, 2),
                count=count,
                label=_span_label(first + size * index, size),
            )
        )
    return Coverage(
        bars=tuple(bars),
        unit=unit,
        size=size,
        start=first,
        end=first + size * buckets,
        peak=peak,
        dated=len(dated),
        undated=len(times) - len(dated),
    )


# --- related stories ---------------------------------------------------------------------


def _initials(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[:1].isalpha()).casefold()


def brief_names(
    brief: Mapping[str, Any], outlets: Iterable[str] = (), limit: int = RELATED_NAMES
) -> tuple[str, ...]:
    """The names the brief lists (its entities), as it orders them, at most ``limit``;
    leaving out the story's outlets and their initials (``AP`` in a dateline says nothing
    of what a story is about)."""
    names = (brief.get("analysis") or {}).get("names") or ()
    own = {o.casefold() for o in outlets} | {_initials(o) for o in outlets if len(o.split()) > 1}
    found = dict.fromkeys(
        str(n["name"]).strip()
        for n in names
        if str(n.get("name", "")).strip() and str(n["name"]).strip().casefold() not in own
    )
    return tuple(found)[:limit]


def related_stories(
    store: Store, story: StoryRow, names: Sequence[str], limit: int = RELATED_STORIES
) -> tuple[RelatedStory, ...]:
    """Other stories whose articles mention at least ``RELATED_MIN_SHARED`` of ``names``.

    A name found in fewer stories weighs more (``log(1 + stories / stories naming it)``,
    counted over its search hits): the stories sharing most weight come first, then the
    most recently seen, then by id.
    """
    total = max(store.count_stories(), 1)
    shared: dict[str, list[str]] = {}
    weight: dict[str, float] = {}
    for name in names:
        hits = store.search(name, limit=story.article_count + RELATED_HITS)
        others = [sid for sid in dict.fromkeys(h.story_id for h in hits) if sid is not None]
        weight[name] = math.log1p(total / max(len(others), 1))
        for sid in others:
            if sid != story.id:
                shared.setdefault(sid, []).append(name)
    scored = []
    for sid, found in shared.items():
        row = store.story(sid) if len(found) >= RELATED_MIN_SHARED else None
        if row is not None:
            scored.append((sum(weight[n] for n in found), row, tuple(found)))
    scored.sort(key=lambda item: (-item[0], -item[1].last_seen.timestamp(), item[1].id))
    return tuple(RelatedStory(row, found) for _, row, found in scored[:limit])


def story_extras(store: Store, story: StoryRow, brief: Mapping[str, Any]) -> StoryExtras:
    """Everything the story page shows besides the brief, read from ``store``."""
    articles = store.story_articles(story.id)
    numbers = {s["id"]: int(s["number"]) for s in brief.get("sources", ())}
    return StoryExtras(
        reports=reports(articles, numbers),
        coverage=coverage([a.published for a in articles]),
        outlets=outlet_counts(articles),
        related=related_stories(store, story, brief_names(brief, story.sources)),
    )
