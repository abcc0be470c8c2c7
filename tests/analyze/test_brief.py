"""The brief of the bundled sample shows every part, and every item traces to its text."""

from __future__ import annotations

import json

from storyfuse.analyze.brief import Brief, brief_sections, build_brief
from storyfuse.ingest import load_paths
from storyfuse.pipeline import prepare, summarize_corpus
from storyfuse.render import render
from storyfuse.samples import sample_dir
from storyfuse.summarizers.corpus import Budget


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
    assert "people injured: at least 12 [" in text
    md = render(brief, "md")
    assert "## Where sources differ (to check, not a verdict)" in md
    assert "](#source-" in md.split("## Timeline")[1]


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
