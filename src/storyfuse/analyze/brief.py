"""The brief: a story's cited summary plus what the analyzers find in the same articles.

Each part traces back to sentences and articles: facts several independent sources
state beyond what the summary says (a fact represented by a summary sentence, or by one
its citations link to, is in the summary already, with its sources), differences
between sources (to check, not verdicts), a timeline with absolute dates where the text
allows, key quotes with their speakers, and the names the story is about.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storyfuse.analyze.agreement import Fact, find_agreements
from storyfuse.analyze.conflicts import Conflict, History, find_differences
from storyfuse.analyze.keyquotes import key_quotes
from storyfuse.analyze.namelist import Entity, rank_entities
from storyfuse.analyze.names import sentence_spans, text_tokens
from storyfuse.analyze.quotes import Quote, extract_quotes, scan_story, scanned_spans
from storyfuse.analyze.timeline import TimelineEvent, build_timeline
from storyfuse.text.corpus import Corpus
from storyfuse.types import Summary

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
    histories: tuple[History, ...] = ()  # figures that grew from one day's reports to the next


def build_brief(corpus: Corpus, summary: Summary) -> Brief:
    """Run every analyzer over the story's articles (the corpus the summary came from)."""
    tokens = [text_tokens(a.text) for a in corpus.articles]  # shared by the next two
    spans = sentence_spans(corpus, tokens)  # read once for the differences and the names list
    scans = scan_story(corpus, tokens)  # the quotations, once for the quotes, agreement, timeline
    quoted = scanned_spans(scans)
    differences = find_differences(corpus, spans=spans)
    return Brief(
        summary=summary,
        agreements=beyond_summary(
            find_agreements(corpus, limit=MAX_AGREEMENTS + len(summary.items), quoted=quoted),
            summary,
        )[:MAX_AGREEMENTS],
        conflicts=differences.conflicts,
        timeline=build_timeline(corpus, max_events=MAX_TIMELINE, quoted=quoted),
        quotes=key_quotes(corpus, extract_quotes(corpus, scans=scans), limit=MAX_QUOTES),
        names=rank_entities(corpus, limit=MAX_NAMES, spans=spans),
        histories=differences.histories,
    )


def beyond_summary(facts: Sequence[Fact], summary: Summary) -> tuple[Fact, ...]:
    """The ``facts`` the summary does not state already: a fact represented by a summary
    sentence, or by a sentence a summary sentence's citation links to, is in the summary
    with its sources."""
    said = {
        (s.article_id, s.index)
        for item in summary.items
        for s in (item.sentence, *item.supporting_sentences)
    }
    return tuple(f for f in facts if (f.sentence.article_id, f.sentence.index) not in said)
