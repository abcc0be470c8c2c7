"""The latest word: figures, states and announcements that a later report supersedes."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from storyfuse.ingest import load_paths
from storyfuse.pipeline import prepare
from storyfuse.samples import sample_dir
from storyfuse.text.candidates import candidates_for_budget
from storyfuse.text.corpus import Corpus, Unit, build_corpus
from storyfuse.text.latest import (
    FIGURE,
    REPORTED,
    STATE,
    changed_figure,
    earlier_statements,
    figures,
    other_figures,
    resolves,
    scheduled_event,
    superseders,
    tells_event,
    what_changed,
)
from storyfuse.text.segment import segment_article
from storyfuse.types import Article

_DIGITS_RE = re.compile(r"\d[\d,.]*")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Emergency services said 19 people were injured.", {"peopl": {19.0}}),
        ("Two road workers remain missing.", {"road": {2.0}}),
        ("The quake killed at least 6,100 people.", {"peopl": {6100.0}}),
        ("The man was named as Aiden Kale, 51, a road worker.", {}),  # an age
        ("Zaken, a 23-year-old secretary, saw him.", {}),  # an age
        ("The bridge, opened in 1971, carries traffic.", {}),  # a year
        ("The ship hit the pier at 9:40 p.m. on Monday.", {}),  # a clock time
    ],
    ids=["digits", "word", "thousands", "age-commas", "year-old", "year", "clock"],
)
def test_figures_are_counts_of_a_head_word(sentence: str, expected: dict[str, set[float]]) -> None:
    assert {head: set(values) for head, values in figures(sentence).items()} == expected


def test_a_changed_figure_counts_the_same_thing_differently() -> None:
    early = "The storm has killed at least 40 people in the region."
    assert changed_figure(early, early.replace("40", "45"))
    assert not changed_figure(early, early)
    assert not changed_figure(early, "The storm closed 45 schools in the region.")


def test_a_state_is_resolved_by_a_report_that_leaves_nothing_open() -> None:
    assert resolves("Two workers remain missing.", "The bodies of both workers were recovered.")
    assert not resolves("Two workers remain missing.", "Divers found one; the other is missing.")
    assert not resolves("Two workers were hurt.", "The bodies of both workers were recovered.")
    assert not resolves("Senator Ames, R-Miss., spoke.", "Ames was found at home.")  # Miss.


def test_a_scheduled_event_and_the_report_that_tells_it() -> None:
    assert scheduled_event("The mayor is expected to speak to reporters later.") == "speak"
    assert scheduled_event("The board is scheduled to be named in June.") == "name"
    assert scheduled_event("If he wins, he is expected to resign.") is None  # a condition
    assert scheduled_event('She said: "He is expected to resign."') is None  # in a quote
    assert scheduled_event("Ministers will meet on Thursday.") is None  # a bare "will"
    assert tells_event("speak", "The mayor told reporters at City Hall.")  # speech verbs
    assert tells_event("resign", "He resigned on Friday.")
    assert not tells_event("hold", "He said he would hold another referendum.")


STORY = sample_dir() / "docs"


def _sample() -> tuple[Corpus, tuple[Unit, ...]]:
    corpus = prepare(load_paths(sorted(STORY.glob("*.txt"))).articles)
    return corpus, candidates_for_budget(corpus, 100)


def _published(corpus: Corpus, unit: Unit) -> datetime:
    published = corpus.articles[unit.doc].published
    assert published is not None
    return published


def test_the_samples_open_states_and_announcements_are_superseded_by_later_reports() -> None:
    corpus, units = _sample()
    later = superseders(corpus, units)
    found = {
        units[i].sentence.text: {(s.why, units[s.later].sentence.text) for s in ss}
        for i, ss in later.items()
    }
    missing = "Two road workers from the contractor Ferrow Civil remain missing."
    assert any(why == STATE and "who died" in text for why, text in found[missing])
    mayor = "Mayor Tobias Renner is expected to speak to reporters later on Tuesday."
    assert any(why == REPORTED and "told reporters" in text for why, text in found[mayor])
    for i, ss in later.items():
        for s in ss:  # always a later article, the latest first
            assert _published(corpus, units[s.later]) > _published(corpus, units[i])
        times = [_published(corpus, units[s.later]) for s in ss]
        assert times == sorted(times, reverse=True)
    # what a report of the outcome says is not superseded by an earlier one
    assert not any("who died" in units[i].sentence.text for i in later)


def test_undated_reports_compare_no_figures() -> None:
    texts = [
        "The storm over the coast has killed at least 40 people, police said on Monday.",
        "The storm over the coast has killed at least 45 people, police said on Monday.",
    ]
    articles = tuple(Article(f"a{i}", t) for i, t in enumerate(texts))
    corpus = build_corpus(articles, tuple(segment_article(a) for a in articles))
    assert superseders(corpus, corpus.units) == {}
    dated = tuple(
        Article(a.id, a.text, published=datetime(1998, 11, 23, 9 + 6 * i))
        for i, a in enumerate(articles)
    )
    corpus = build_corpus(dated, tuple(segment_article(a) for a in dated))
    later = superseders(corpus, corpus.units)
    assert list(later) == [0]
    assert [(s.later, s.why) for s in later[0]] == [(1, FIGURE)]


def test_a_wire_update_supersedes_the_earlier_toll(shared_data: Path) -> None:
    """DUC 2003 d31010t: an agency's afternoon update restates its morning sentences with
    new tolls. Each such pair is the same sentence up to its figures."""
    docs = shared_data / "duc2003" / "d31010t" / "docs"
    corpus = prepare(load_paths(sorted(docs.glob("*.txt"))).articles)
    units = candidates_for_budget(corpus, 100)
    pairs = [
        (units[i], units[s.later])
        for i, ss in superseders(corpus, units).items()
        for s in ss
        if s.why == FIGURE
    ]
    same_but_figures = [
        (a, b)
        for a, b in pairs
        if _DIGITS_RE.sub("#", a.sentence.text) == _DIGITS_RE.sub("#", b.sentence.text)
    ]
    assert len(same_but_figures) >= 2
    for early, late in same_but_figures:
        assert _published(corpus, late) > _published(corpus, early)
        assert early.sentence.text != late.sentence.text


@pytest.mark.parametrize(
    ("earlier", "later", "why", "was"),
    [
        (
            "The storm over the coast has killed at least 40 people, police said.",
            "The storm over the coast has killed at least 45 people, police said.",
            FIGURE,
            "at least 40 people",
        ),
        (
            "Two workers remain missing; divers searched the estuary overnight.",
            "Both workers died when the span fell.",
            STATE,
            "Two workers remain missing",
        ),
        (
            "Officials said the search for the two workers, who had been on the span since the "
            "evening shift began, would go on and that both were still missing.",
            "Both workers died when the span fell.",
            STATE,
            "",  # the clause is too long to show whole, and a part of it would mislead
        ),
        (
            "The mayor is expected to speak to reporters on Tuesday.",
            "The mayor told reporters on Tuesday that the port would reopen.",
            REPORTED,
            "The mayor is expected to speak to reporters on Tuesday",
        ),
    ],
)
def test_what_changed_is_the_earlier_wording(earlier: str, later: str, why: str, was: str) -> None:
    assert what_changed(earlier, later, why) == was


def test_a_summary_sentence_says_what_earlier_reports_said() -> None:
    """The sample: the vigil for the two workers "who died" supersedes Tuesday's "remain
    missing" and Wednesday's "the search ... resumed", each from an earlier report."""
    corpus, units = _sample()
    vigil = next(u for u in units if "candlelit vigil" in u.sentence.text)
    (found,) = earlier_statements(corpus, [vigil], corpus.units)
    assert [(e.why, e.was) for e in found] == [
        (STATE, "Two road workers from the contractor Ferrow Civil remain missing"),
        (STATE, "the search for the second, Aiden Kale, resumed at first light today"),
    ]
    for earlier in found:
        assert _published(corpus, earlier.unit) < _published(corpus, vigil)
        article = corpus.articles[earlier.unit.doc]
        s = earlier.unit.sentence
        assert article.text[s.start : s.end] == s.text
    # a sentence that supersedes nothing says nothing; one the summary holds is not repeated
    first = corpus.units[0]
    assert earlier_statements(corpus, [first], corpus.units) == ((),)
    said = [e.unit for e in found]
    again = earlier_statements(corpus, [vigil, *said], corpus.units)
    assert again[0] == ()


@pytest.mark.parametrize(
    ("first", "second", "other"),
    [
        ("The toll has reached 83, police said.", "The toll reached 85 on Saturday.", True),
        ("Police say 29 more than last winter.", "Police say 20 more lives were lost.", True),
        ("The toll has reached 83, police said.", "The toll reached 83 on Saturday.", False),
        ("The storm killed 40 people.", "The storm killed at least 45 people.", True),
        ("Flights resumed on Nov. 16 at noon.", "Flights resumed on Nov. 16, it said.", False),
        ("Five ships sailed at 9 a.m.", "The ferry left the harbour with 200 people.", False),
    ],
)
def test_other_figures_in_the_same_place_of_the_wording(
    first: str, second: str, other: bool
) -> None:
    assert other_figures(first, second) is other
    assert other_figures(second, first) is other
