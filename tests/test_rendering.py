"""Golden tests of the output formats on a small hand-built summary."""

from __future__ import annotations

import json
import re
from datetime import datetime

import pytest

from storyfuse.ingest import load_paths
from storyfuse.pipeline import brief
from storyfuse.rendering import (
    FORMATS,
    agreement_label,
    number_sources,
    plural,
    render,
    render_json,
    source_label,
)
from storyfuse.samples import sample_dir
from storyfuse.text.clean import clean_article
from storyfuse.text.segment import segment_article
from storyfuse.types import Article, Sentence, Summary, SummaryItem, Update

COURIER = Article(
    id="a1",
    text=(
        "A ship struck the Dunmere bridge on Monday night. Traffic had\n"
        "been stopped in time. Two workers are missing."
    ),
    title="Ship strikes Dunmere bridge",
    source="Dunmere Courier",
    url="https://courier.example/bridge",
    published=datetime(2025, 3, 11, 6, 15),
)
WIRE = Article(  # no title, no date, no source: named by its file
    id="b2",
    text=(
        "Police said a ship hit the Dunmere bridge. "
        "“Stay clear of the *quay*,” said Chief Dávid Orr."
    ),
    path="stories/docs/02_wire.txt",
)
LEDGER = Article(id="c3", text="Nothing here is cited.", source="The Ledger")  # uncited, id only


def _sentence(article: Article, index: int, text: str) -> Sentence:
    start = article.text.index(text)
    return Sentence(article.id, index, start, start + len(text), text)


S_STRUCK = _sentence(COURIER, 0, "A ship struck the Dunmere bridge on Monday night.")
S_STOPPED = _sentence(COURIER, 1, "Traffic had\nbeen stopped in time.")
S_QUOTE = _sentence(WIRE, 1, "“Stay clear of the *quay*,” said Chief Dávid Orr.")
S_POLICE = _sentence(WIRE, 0, "Police said a ship hit the Dunmere bridge.")

SUMMARY = Summary(
    items=(
        SummaryItem(S_STRUCK, ("a1", "b2"), (S_STRUCK, S_POLICE)),
        SummaryItem(S_STOPPED, ("a1",), (S_STOPPED,)),
        SummaryItem(S_QUOTE, ("b2", "a1"), (S_QUOTE, S_STRUCK)),
    ),
    articles=(LEDGER, WIRE, COURIER),
    method="ilp",
    budget_words=100,
    notes=("1 article left no text after cleaning",),
)

EXPECTED_TEXT = """\
A ship struck the Dunmere bridge on Monday night. [1][2] Traffic had been stopped in time. [1]

“Stay clear of the *quay*,” said Chief Dávid Orr. [1][2]

Sources
[1] Ship strikes Dunmere bridge — Dunmere Courier, 2025-03-11 — https://courier.example/bridge
[2] 02_wire.txt
[3] c3 — The Ledger

Notes
- 1 article left no text after cleaning"""

EXPECTED_MD = """\
A ship struck the Dunmere bridge on Monday night. [[1]](#source-1)[[2]](#source-2) \
Traffic had been stopped in time. [[1]](#source-1)

“Stay clear of the \\*quay\\*,” said Chief Dávid Orr. [[1]](#source-1)[[2]](#source-2)

## Sources

1. <a id="source-1"></a>Ship strikes Dunmere bridge — Dunmere Courier, 2025-03-11 — \
<https://courier.example/bridge>
2. <a id="source-2"></a>02\\_wire.txt
3. <a id="source-3"></a>c3 — The Ledger

## Notes

- 1 article left no text after cleaning"""

EXPECTED_PLAIN = """\
A ship struck the Dunmere bridge on Monday night.
Traffic had been stopped in time.
“Stay clear of the *quay*,” said Chief Dávid Orr."""

EXPECTED_JSON = """\
{
  "method": "ilp",
  "budget": {
    "words": 100,
    "sentences": null
  },
  "words": 24,
  "sentences": [
    {
      "text": "A ship struck the Dunmere bridge on Monday night.",
      "article_id": "a1",
      "sentence_index": 0,
      "start": 0,
      "end": 49,
      "supporting": [
        "a1",
        "b2"
      ],
      "supporting_sentences": [
        {
          "article_id": "a1",
          "sentence_index": 0,
          "start": 0,
          "end": 49
        },
        {
          "article_id": "b2",
          "sentence_index": 0,
          "start": 0,
          "end": 42
        }
      ],
      "support": 2,
      "citations": [
        1,
        2
      ],
      "updates": []
    },
    {
      "text": "Traffic had\\nbeen stopped in time.",
      "article_id": "a1",
      "sentence_index": 1,
      "start": 50,
      "end": 83,
      "supporting": [
        "a1"
      ],
      "supporting_sentences": [
        {
          "article_id": "a1",
          "sentence_index": 1,
          "start": 50,
          "end": 83
        }
      ],
      "support": 1,
      "citations": [
        1
      ],
      "updates": []
    },
    {
      "text": "“Stay clear of the *quay*,” said Chief Dávid Orr.",
      "article_id": "b2",
      "sentence_index": 1,
      "start": 43,
      "end": 92,
      "supporting": [
        "b2",
        "a1"
      ],
      "supporting_sentences": [
        {
          "article_id": "b2",
          "sentence_index": 1,
          "start": 43,
          "end": 92
        },
        {
          "article_id": "a1",
          "sentence_index": 0,
          "start": 0,
          "end": 49
        }
      ],
      "support": 2,
      "citations": [
        1,
        2
      ],
      "updates": []
    }
  ],
  "sources": [
    {
      "number": 1,
      "id": "a1",
      "title": "Ship strikes Dunmere bridge",
      "source": "Dunmere Courier",
      "url": "https://courier.example/bridge",
      "published": "2025-03-11T06:15:00",
      "path": null
    },
    {
      "number": 2,
      "id": "b2",
      "title": null,
      "source": null,
      "url": null,
      "published": null,
      "path": "stories/docs/02_wire.txt"
    },
    {
      "number": 3,
      "id": "c3",
      "title": null,
      "source": "The Ledger",
      "url": null,
      "published": null,
      "path": null
    }
  ],
  "notes": [
    "1 article left no text after cleaning"
  ]
}"""


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("text", EXPECTED_TEXT),
        ("md", EXPECTED_MD),
        ("plain", EXPECTED_PLAIN),
        ("json", EXPECTED_JSON),
    ],
)
def test_format_golden(fmt: str, expected: str) -> None:
    assert render(SUMMARY, fmt) == expected


def test_registry_names_and_functions() -> None:
    assert list(FORMATS) == ["text", "md", "json", "plain"]
    for fmt, renderer in FORMATS.items():
        assert renderer(SUMMARY) == render(SUMMARY, fmt)


def test_unknown_format_lists_valid_names() -> None:
    with pytest.raises(ValueError, match=r"'html'.*text, md, json, plain"):
        render(SUMMARY, "html")


def test_json_offsets_point_into_the_articles() -> None:
    doc = json.loads(render_json(SUMMARY))
    by_id = {a.id: a for a in SUMMARY.articles}
    for entry, item in zip(doc["sentences"], SUMMARY.items, strict=True):
        sentence = item.sentence
        assert (entry["start"], entry["end"], entry["text"]) == (
            sentence.start,
            sentence.end,
            sentence.text,
        )
        assert by_id[entry["article_id"]].text[entry["start"] : entry["end"]] == entry["text"]
    assert doc["words"] == SUMMARY.words


def test_json_supporting_sentences_follow_supporting_and_point_into_the_articles() -> None:
    doc = json.loads(render_json(SUMMARY))
    by_id = {a.id: a for a in SUMMARY.articles}
    for entry, item in zip(doc["sentences"], SUMMARY.items, strict=True):
        refs = entry["supporting_sentences"]
        assert [r["article_id"] for r in refs] == entry["supporting"]
        assert all(list(r) == ["article_id", "sentence_index", "start", "end"] for r in refs)
        for ref, sentence in zip(refs, item.supporting_sentences, strict=True):
            assert by_id[ref["article_id"]].text[ref["start"] : ref["end"]] == sentence.text
            assert ref["sentence_index"] == sentence.index


def test_json_of_items_without_supporting_sentences_gives_an_empty_list() -> None:
    bare = Summary(
        items=tuple(SummaryItem(i.sentence, i.supporting) for i in SUMMARY.items),
        articles=SUMMARY.articles,
        method=SUMMARY.method,
        budget_words=SUMMARY.budget_words,
        notes=SUMMARY.notes,
    )
    assert [s["supporting_sentences"] for s in json.loads(render_json(bare))["sentences"]] == [
        [],
        [],
        [],
    ]
    for fmt in ("text", "md", "plain"):  # only JSON shows them
        assert render(bare, fmt) == render(SUMMARY, fmt)


def test_a_briefs_json_names_each_supporting_sentence_of_the_cleaned_articles() -> None:
    articles = load_paths([sample_dir()]).articles
    doc = json.loads(render_json(brief(articles, words=150)))
    cleaned = {a.id: clean_article(a) for a in articles}
    sentences = {article_id: segment_article(a) for article_id, a in cleaned.items()}
    assert doc["sentences"]
    assert any(len(entry["supporting_sentences"]) > 1 for entry in doc["sentences"])
    for entry in doc["sentences"]:
        refs = entry["supporting_sentences"]
        assert [r["article_id"] for r in refs] == entry["supporting"]
        assert (refs[0]["sentence_index"], refs[0]["start"], refs[0]["end"]) == (
            entry["sentence_index"],
            entry["start"],
            entry["end"],
        )
        own = cleaned[entry["article_id"]].text[entry["start"] : entry["end"]]
        assert own == entry["text"]  # its own: the summary sentence (a dateline cut)
        for ref in refs[1:]:
            sentence = sentences[ref["article_id"]][ref["sentence_index"]]
            text = cleaned[ref["article_id"]].text[ref["start"] : ref["end"]]
            assert text == sentence.text
            assert (ref["start"], ref["end"]) == (sentence.start, sentence.end)


def test_json_keeps_non_ascii_unescaped() -> None:
    assert "Dávid" in render_json(SUMMARY)
    assert "\\u" not in render_json(SUMMARY)


def test_sources_numbered_by_first_citation_then_uncited() -> None:
    numbered = number_sources(SUMMARY)
    assert [(s.number, s.article.id, s.cited) for s in numbered] == [
        (1, "a1", True),
        (2, "b2", True),
        (3, "c3", False),
    ]


def test_cited_id_missing_from_articles_still_gets_a_number() -> None:
    summary = Summary(items=(SummaryItem(S_QUOTE, ("b2", "zz")),), articles=(WIRE,), method="lead")
    assert render(summary, "text").endswith("Sources\n[1] 02_wire.txt\n[2] zz")


def test_source_label_falls_back_to_file_name_then_id() -> None:
    assert source_label(COURIER) == "Ship strikes Dunmere bridge"
    assert source_label(WIRE) == "02_wire.txt"
    assert source_label(LEDGER) == "c3"


def test_empty_summary() -> None:
    empty = Summary(items=(), articles=(LEDGER,), method="ilp")
    assert render(empty, "text") == "Sources\n[1] c3 — The Ledger"
    assert render(empty, "plain") == ""
    assert json.loads(render(empty, "json"))["sentences"] == []


def test_markdown_escapes_markup_and_list_starts() -> None:
    article = Article(id="m", text="1. <b>Bad</b> [link](x) # _x_", title="A | B")
    sentence = _sentence(article, 0, article.text)
    md = render(
        Summary(items=(SummaryItem(sentence, ("m",)),), articles=(article,), method="x"), "md"
    )
    first, sources = md.split("\n\n", 1)
    assert first == r"1\. \<b\>Bad\</b\> \[link\](x) \# \_x\_ [[1]](#source-1)"
    assert sources.endswith(r'1. <a id="source-1"></a>A \| B')


def test_an_agreement_says_when_wire_copies_make_its_articles_outnumber_its_sources() -> None:
    """DUC 2003 d31022t (reader's audit): "5 sources" cited six articles, two of them
    copies of one wire report."""
    assert agreement_label(3, 3) == "3 sources"
    assert agreement_label(5, 6) == "5 sources in 6 articles"


def test_counts_are_singular_for_one() -> None:
    assert plural(1, "source") == "1 source" and plural(2, "source") == "2 sources"
    assert plural(1, "story", "stories") == "1 story" and plural(0, "story", "stories") == (
        "0 stories"
    )
    text = render(brief(load_paths([sample_dir()]).articles, words=120), "text")
    assert re.search(r"\b1 sources\b", text) is None


def test_an_update_is_shown_after_its_sentences_citations_in_every_format() -> None:
    """What a sentence supersedes: " (earlier: WAS [n])" in text and Markdown, with the
    earlier sentence's reference in JSON; its article gets a number like a cited one."""
    missing = _sentence(COURIER, 2, "Two workers are missing.")
    ledger = Article("c3", "Both workers died when the span fell.", source="The Ledger")
    died = Sentence("c3", 0, 0, len(ledger.text), ledger.text)
    was = "Two workers are missing"
    summary = Summary(
        items=(SummaryItem(died, ("c3",), (died,), (Update(missing, "state", was),)),),
        articles=(ledger, COURIER),
        method="ilp",
        budget_words=100,
    )
    text = render(summary, "text")
    assert text.startswith(f"Both workers died when the span fell. [1] (earlier: {was} [2])")
    assert "(earlier: Two workers are missing [[2]](#source-2))" in render(summary, "md")
    (sentence,) = json.loads(render_json(summary))["sentences"]
    assert sentence["citations"] == [1]
    assert sentence["updates"] == [
        {
            "why": "state",
            "was": "Two workers are missing",
            "text": "Two workers are missing.",
            "article_id": "a1",
            "sentence_index": 2,
            "start": missing.start,
            "end": missing.end,
            "citation": 2,
        }
    ]
    assert [s.cited for s in number_sources(summary)] == [True, True]
