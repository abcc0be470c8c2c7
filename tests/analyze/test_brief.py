"""The brief of the bundled sample shows every part, and every item traces to its text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyfuse.analyze.brief import Brief, build_brief
from storyfuse.ingest import load_paths
from storyfuse.pipeline import prepare, summarize_corpus
from storyfuse.rendering import brief_sections, render
from storyfuse.samples import sample_dir
from storyfuse.text.corpus import Budget
from storyfuse.types import Sentence


def _sample_brief() -> Brief:
    corpus = prepare(load_paths([sample_dir()]).articles)
    return build_brief(corpus, summarize_corpus(corpus, Budget(words=100)))


def test_sample_brief_has_every_part() -> None:
    brief = _sample_brief()
    keys = [s.key for s in brief_sections(brief)]
    assert keys == ["agreements", "conflicts", "timeline", "quotes", "names"]
    (conflict,) = brief.conflicts
    assert sorted(side.value for side in conflict.sides) == ["19", "at least 12"]
    assert any(e.date is not None and e.date.isoformat() == "2025-03-10" for e in brief.timeline)
    assert {q.speaker for q in brief.quotes} >= {"Ines Calder", "Tobias Renner"}


def test_text_and_markdown_cite_analysis_items_with_source_numbers() -> None:
    brief = _sample_brief()
    text = render(brief, "text")
    for title in ("Agreed by several sources", "Where sources differ", "Timeline", "Key quotes"):
        assert title in text
    assert "people injured: at least 12 (“" in text
    md = render(brief, "md")
    assert "## Where sources differ (to check, not a verdict)" in md
    assert "](#source-" in md.split("## Timeline")[1]


def test_each_side_of_a_difference_shows_its_sentence_in_every_format() -> None:
    brief = _sample_brief()
    injured = next(c for c in brief.conflicts if c.subject == "people injured")
    sentences = [" ".join(side.sentences[0].text.split()) for side in injured.sides]
    assert all("injured" in s for s in sentences)
    differences = {
        fmt: render(brief, fmt).split("Where sources differ")[1].split("Timeline")[0]
        for fmt in ("text", "md")
    }
    for fmt, section in differences.items():
        for side, sentence in zip(injured.sides, sentences, strict=True):
            assert f"{side.value} (“{sentence}”)" in section, fmt
    conflicts = json.loads(render(brief, "json"))["analysis"]["conflicts"]
    sides = next(c for c in conflicts if c["subject"] == "people injured")["sides"]
    assert [s["sentence"] for s in sides] == [side.sentences[0].text for side in injured.sides]


def test_json_analysis_offsets_point_into_the_articles() -> None:
    brief = _sample_brief()
    data = json.loads(render(brief, "json"))
    texts = {a.id: a.text for a in brief.summary.articles}
    analysis = data["analysis"]
    refs = [
        ref
        for part in ("agreements", "timeline", "quotes")
        for item in analysis[part]
        for ref in item["sentences"]
    ]
    refs += [ref for c in analysis["conflicts"] for side in c["sides"] for ref in side["sentences"]]
    assert refs
    for ref in refs:
        assert 0 <= ref["start"] < ref["end"] <= len(texts[ref["article_id"]])
    assert analysis["conflicts"][0]["note"] == "a difference to check, not a verdict"


def test_plain_output_stays_the_summary_alone() -> None:
    brief = _sample_brief()
    assert render(brief, "plain") == render(brief.summary, "plain")


DEV_CLUSTERS = [("duc2003", 0), ("duc2003", 7), ("multinews_dev", 0), ("multinews_dev", 5)]


@pytest.mark.parametrize(("dataset", "index"), DEV_CLUSTERS)
def test_dev_set_briefs_trace_to_their_text(shared_data: Path, dataset: str, index: int) -> None:
    cluster = sorted((shared_data / dataset).iterdir())[index]
    corpus = prepare(load_paths([cluster / "docs"]).articles)
    brief = build_brief(corpus, summarize_corpus(corpus, Budget(words=100)))
    texts = {a.id: a.text for a in corpus.articles}

    def traced(sentences: tuple[Sentence, ...], articles: tuple[str, ...]) -> None:
        assert sentences and set(articles) <= set(texts)
        for s in sentences:
            assert texts[s.article_id][s.start : s.end] == s.text

    for fact in brief.agreements:
        traced(fact.sentences, fact.articles)
        assert fact.support >= 2
    for conflict in brief.conflicts:
        assert len(conflict.sides) >= 2
        assert len({side.value for side in conflict.sides}) == len(conflict.sides)
        for side in conflict.sides:
            traced(side.sentences, side.articles)
    for quote in brief.quotes:
        traced(quote.sentences, quote.articles)
        assert quote.text.strip()
    dated = [e.date for e in brief.timeline if e.date is not None]
    assert dated == sorted(dated)
    for event in brief.timeline:
        traced(event.sentences, event.articles)
    assert brief.names and all(n.articles for n in brief.names)


def _said(brief: Brief) -> set[tuple[str, int]]:
    return {
        (s.article_id, s.index)
        for item in brief.summary.items
        for s in (item.sentence, *item.supporting_sentences)
    }


def test_agreements_are_facts_beyond_the_summary() -> None:
    """An agreed fact the summary states already, with its sources, is not listed again: no
    agreement is represented by a summary sentence or one its citations link to."""
    brief = _sample_brief()
    assert brief.agreements
    said = _said(brief)
    assert all((f.sentence.article_id, f.sentence.index) not in said for f in brief.agreements)


def test_agreements_beyond_the_summary_on_a_real_story(shared_data: Path) -> None:
    """Multi-News 106 (Tesla's board statement): two of its three agreements repeated
    summary sentences; one fact beyond the summary is left, and nothing repeats."""
    docs = shared_data / "multinews_dev" / "106_6b8491517baf" / "docs"
    corpus = prepare(load_paths(sorted(docs.glob("*.txt"))).articles)
    brief = build_brief(corpus, summarize_corpus(corpus, Budget(words=150)))
    said = _said(brief)
    assert brief.agreements
    assert all((f.sentence.article_id, f.sentence.index) not in said for f in brief.agreements)
