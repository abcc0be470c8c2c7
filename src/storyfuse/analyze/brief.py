"""The brief: a story's cited summary plus what the analyzers find in the same articles.

Each part traces back to sentences and articles: facts several independent sources
state, differences between sources (to check, not verdicts), a timeline with absolute
dates where the text allows, key quotes with their speakers, and the names the story
is about.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from storyfuse.analyze.agreement import Fact, find_agreements
from storyfuse.analyze.conflicts import Conflict, find_conflicts
from storyfuse.analyze.entities import Entity, rank_entities
from storyfuse.analyze.quotes import Quote, extract_quotes
from storyfuse.analyze.timeline import TimelineEvent, build_timeline
from storyfuse.summarizers.corpus import Corpus
from storyfuse.types import Sentence, Summary

MAX_AGREEMENTS = 5
MAX_TIMELINE = 10
MAX_QUOTES = 6
MAX_NAMES = 10


@dataclass(frozen=True, slots=True)
class Brief:
    summary: Summary
    agreements: tuple[Fact, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    timeline: tuple[TimelineEvent, ...] = ()
    quotes: tuple[Quote, ...] = ()
    names: tuple[Entity, ...] = ()


def build_brief(corpus: Corpus, summary: Summary) -> Brief:
    """Run every analyzer over the story's articles (the corpus the summary came from)."""
    return Brief(
        summary=summary,
        agreements=find_agreements(corpus, limit=MAX_AGREEMENTS),
        conflicts=find_conflicts(corpus),
        timeline=build_timeline(corpus, max_events=MAX_TIMELINE),
        quotes=extract_quotes(corpus)[:MAX_QUOTES],
        names=rank_entities(corpus, limit=MAX_NAMES),
    )


# --- a format-neutral view of the analysis, for the renderers -------------------------


@dataclass(frozen=True, slots=True)
class Part:
    """A piece of text and the articles that back it (rendered as citations after it)."""

    text: str
    articles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Line:
    lead: str | None
    parts: tuple[Part, ...]


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    title: str
    lines: tuple[Line, ...]


def _when(event: TimelineEvent) -> str:
    if event.date is None:
        return f"undated ({event.date_text})"
    if event.precision == "year":
        return f"{event.date:%Y}"
    if event.precision == "month":
        return f"{event.date:%Y-%m}"
    if event.precision == "week":
        return f"week of {event.date:%Y-%m-%d}"
    return f"{event.date:%Y-%m-%d}"


def _speaker(quote: Quote) -> str:
    if quote.speaker is None:
        return "unattributed"
    return f"{quote.speaker} ({quote.speaker_title})" if quote.speaker_title else quote.speaker


def brief_sections(brief: Brief) -> tuple[Section, ...]:
    """The analysis as titled sections of lines, each part with its supporting articles."""
    sections = [
        Section(
            "agreements",
            "Agreed by several sources",
            tuple(
                Line(f"{fact.support} sources", (Part(fact.sentence.text, fact.articles),))
                for fact in brief.agreements
            ),
        ),
        Section(
            "conflicts",
            "Where sources differ (to check, not a verdict)",
            tuple(
                Line(c.subject, tuple(Part(side.value, side.articles) for side in c.sides))
                for c in brief.conflicts
            ),
        ),
        Section(
            "timeline",
            "Timeline",
            tuple(Line(_when(e), (Part(e.text, e.articles),)) for e in brief.timeline),
        ),
        Section(
            "quotes",
            "Key quotes",
            tuple(Line(_speaker(q), (Part(f"“{q.text}”", q.articles),)) for q in brief.quotes),
        ),
        Section(
            "names",
            "Names",
            tuple(
                Line(None, (Part(f"{e.name} ({e.kind}, {len(e.articles)} sources)"),))
                for e in brief.names
            ),
        ),
    ]
    return tuple(s for s in sections if s.lines)


def _sentence_ref(sentence: Sentence) -> dict[str, Any]:
    return {
        "article_id": sentence.article_id,
        "sentence_index": sentence.index,
        "start": sentence.start,
        "end": sentence.end,
    }


def analysis_dict(brief: Brief) -> dict[str, Any]:
    """The analysis as JSON-ready objects; every item names its sentences and articles."""
    return {
        "agreements": [
            {
                "text": f.sentence.text,
                "support": f.support,
                "articles": list(f.articles),
                "sentences": [_sentence_ref(s) for s in f.sentences],
            }
            for f in brief.agreements
        ],
        "conflicts": [
            {
                "subject": c.subject,
                "kind": c.kind,
                "note": "a difference to check, not a verdict",
                "sides": [
                    {
                        "value": side.value,
                        "articles": list(side.articles),
                        "sentences": [_sentence_ref(s) for s in side.sentences],
                    }
                    for side in c.sides
                ],
            }
            for c in brief.conflicts
        ],
        "timeline": [
            {
                "date": e.date.isoformat() if e.date else None,
                "precision": e.precision,
                "date_text": e.date_text,
                "text": e.text,
                "articles": list(e.articles),
                "sentences": [_sentence_ref(s) for s in e.sentences],
            }
            for e in brief.timeline
        ],
        "quotes": [
            {
                "text": q.text,
                "speaker": q.speaker,
                "speaker_title": q.speaker_title,
                "articles": list(q.articles),
                "sentences": [_sentence_ref(s) for s in q.sentences],
            }
            for q in brief.quotes
        ],
        "names": [
            {
                "name": e.name,
                "kind": e.kind,
                "variants": list(e.variants),
                "articles": list(e.articles),
                "mentions": e.mentions,
            }
            for e in brief.names
        ],
    }
