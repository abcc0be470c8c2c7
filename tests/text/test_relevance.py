"""Relevance: pages that are not reports of the story are left out of summary and analysis."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import storyfuse
from storyfuse.ingest import load_paths
from storyfuse.pipeline import prepare
from storyfuse.text.corpus import Corpus, build_corpus
from storyfuse.text.relevance import keep_relevant, off_topic, page_kind
from storyfuse.text.segment import segment_article
from storyfuse.types import Article

REPORTS = (
    "A fire destroyed the old grain mill in Harrowgate on Sunday night. Firefighters from "
    "three towns fought the blaze for six hours. The mill's owner said the building was "
    "insured. Police said the cause of the fire was not yet known.",
    "Fire crews spent six hours on Sunday night fighting the blaze that gutted the "
    "Harrowgate grain mill. The owner said the mill was insured and would be rebuilt. "
    "Investigators have not said what caused the fire.",
    "The Harrowgate mill fire on Sunday was the largest in the town for a decade, the fire "
    "service said. Nobody was hurt. The cause of the blaze is under investigation.",
)
ERROR_PAGE = (
    "Oops. The page you are looking for could not be found. Please check the URL, or go to "
    "our home page and try again later."
)
PRIVACY = (
    "This privacy policy explains how we use cookies and what personal information we "
    "collect. You can opt out of third-party advertising cookies at any time."
)


def _corpus(*texts: str) -> Corpus:
    articles = tuple(Article(f"a{i}", t, path=f"/x/d{i}.txt") for i, t in enumerate(texts))
    return build_corpus(articles, tuple(segment_article(a) for a in articles))


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (ERROR_PAGE, "an error page"),
        (PRIVACY, "a privacy or cookie policy"),
        ("Subscribe for unlimited access. Already a subscriber? Sign in.", "a subscription wall"),
        (REPORTS[0], None),
        ("The 404 bus was not found in the depot.", None),  # one cue is not a page kind
    ],
    ids=["error", "privacy", "paywall", "report", "one-cue"],
)
def test_page_kind(text: str, kind: str | None) -> None:
    assert page_kind(text) == kind


def test_pages_of_those_kinds_are_left_out_with_a_note() -> None:
    corpus = keep_relevant(_corpus(*REPORTS, ERROR_PAGE, PRIVACY))
    assert [a.id for a in corpus.articles] == ["a0", "a1", "a2"]
    assert {u.doc for u in corpus.units} == {0, 1, 2}
    assert corpus.left_out == (
        "left out d3.txt: an error page, not a report of the story",
        "left out d4.txt: a privacy or cookie policy, not a report of the story",
    )


def test_a_report_that_mentions_cookies_stays() -> None:
    bakery = REPORTS[0] + " The bakery next door said its cookies and its privacy policy survived."
    assert keep_relevant(_corpus(bakery, *REPORTS[1:])).left_out == ()


def test_nothing_is_left_out_when_everything_would_be() -> None:
    assert off_topic(_corpus(ERROR_PAGE, PRIVACY)) == ()


def test_the_brief_says_what_was_left_out() -> None:
    articles = [
        Article(f"a{i}", t, path=f"/x/d{i}.txt") for i, t in enumerate((*REPORTS, ERROR_PAGE))
    ]
    brief = storyfuse.brief(articles, words=60)
    assert "a3" not in {a.id for a in brief.summary.articles}
    assert brief.summary.notes[0] == "left out d3.txt: an error page, not a report of the story"
    rendered = json.loads(storyfuse.render(brief, "json"))
    assert rendered["notes"][0].startswith("left out d3.txt")


@pytest.mark.parametrize("dataset", ["duc2003", "duc2006_dev", "duc2007_update_dev"])
def test_no_newswire_report_is_left_out(shared_data: Path, dataset: str) -> None:
    for cluster in sorted((shared_data / dataset).iterdir())[:12]:
        if (cluster / "docs").is_dir():
            corpus = prepare(load_paths(sorted((cluster / "docs").glob("*.txt"))).articles)
            assert corpus.left_out == (), cluster.name
