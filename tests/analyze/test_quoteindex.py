"""The quotations' blocking index: every pair the merge would join is offered, on made-up
and real quotations; and the whole brief with the blocking indexes equals the brief that
compares every pair (names, speakers, quotations, values) on real stories."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from storyfuse.analyze import conflicts
from storyfuse.analyze.brief import build_brief
from storyfuse.analyze.nameindex import NameIndex
from storyfuse.analyze.quoteindex import QuoteIndex, elements, min_overlap
from storyfuse.analyze.quotes import (
    QUOTE_SIMILARITY,
    _quote_words,
    _same_words,
    quotes_in_article,
)
from storyfuse.ingest import load_paths
from storyfuse.pipeline import prepare, summarize_corpus
from storyfuse.rendering import to_dict
from storyfuse.text.corpus import Budget, Corpus
from storyfuse.types import Sentence


def test_elements_count_repeated_words() -> None:
    assert elements(("a", "b", "a")) == (("a", 0), ("b", 0), ("a", 1))
    assert elements(()) == ()


def test_min_overlap_is_what_the_ratio_needs() -> None:
    # 2M / (l + l') >= 0.9 with M <= l': M >= 0.9 l / 1.1
    assert [min_overlap(n, 0.9) for n in (1, 5, 10, 11, 20)] == [1, 5, 9, 9, 17]
    assert min_overlap(10, 0.5) == 4


def _offered_pairs(quotations: list[tuple[str, ...]]) -> None:
    """Add the quotations in order; each must be offered every earlier one it is the same as."""
    index = QuoteIndex(quotations, QUOTE_SIMILARITY)
    for i, words in enumerate(quotations):
        offered = set(index.candidates(i))
        assert offered <= set(range(i))
        same = {j for j in range(i) if _same_words(words, quotations[j])}
        assert same <= offered, (words, [quotations[j] for j in same - offered])
        index.add(i)


def test_made_up_quotations_meet_the_same_ones() -> None:
    base = "we will not stop until every family has a roof over its head again".split()
    one_off = [*base[:5], "never", *base[6:]]  # one word in fourteen differs
    quotations = [
        tuple(base),
        tuple(base[3:9]),  # inside it, six words
        tuple(one_off),
        (*base, "tonight"),
        ("the", "water", "came", "so", "fast"),
        ("we", "will", "not", "stop"),  # four words: too short to count as inside
        tuple(base),
        (),
    ]
    _offered_pairs(quotations)
    # At the bound: ten words, nine shared (ratio 2 x 9 / 20 = 0.9), each one's rarest word
    # its own, so only the second word of the prefix is shared; five words inside eleven.
    tight = "alpha bravo charlie delta echo foxtrot golf hotel india juliet".split()
    pair = [tuple(tight), (*tight[:-1], "kilo")]
    assert _same_words(*pair)
    _offered_pairs(pair)
    _offered_pairs(
        [
            ("lima", "mike", "nov", "oscar", "papa"),
            ("x", "lima", "mike", "nov", "oscar", "papa", *"qrstu"),
        ]
    )
    index = QuoteIndex(quotations, QUOTE_SIMILARITY)
    for i in range(len(quotations)):
        index.add(i)
    assert set(index.candidates(0)) >= {0, 1, 2, 3, 6}
    assert 4 not in index.candidates(0) and index.candidates(7) == []


@pytest.fixture(scope="module")
def stories(shared_data: Path) -> dict[str, Corpus]:
    topic = sorted((shared_data / "duc2006_dev").iterdir())[0]
    multinews = sorted((shared_data / "multinews_dev").iterdir())[0]
    duc2003 = sorted((shared_data / "duc2003").iterdir())[0]
    folders = {
        "seeds": shared_data / "seeds",
        topic.name: topic / "docs",
        multinews.name: multinews / "docs",
        duc2003.name: duc2003 / "docs",
    }
    return {name: prepare(load_paths([folder]).articles) for name, folder in folders.items()}


def test_real_quotations_meet_the_same_ones(stories: dict[str, Corpus]) -> None:
    for corpus in stories.values():
        sentences: list[list[Sentence]] = [[] for _ in corpus.articles]
        for unit in corpus.units:
            sentences[unit.doc].append(unit.sentence)
        quotations = [
            _quote_words(q.text)
            for article, own in zip(corpus.articles, sentences, strict=True)
            for q in quotes_in_article(article, own)
        ]
        _offered_pairs(quotations)


def _brief_json(corpus: Corpus) -> str:
    return json.dumps(to_dict(build_brief(corpus, summarize_corpus(corpus, Budget(words=250)))))


def _same_briefs(
    corpora: dict[str, Corpus], monkeypatch: pytest.MonkeyPatch
) -> list[dict[str, Any]]:
    """The briefs with the blocking indexes, after asserting each equals the brief that
    offers every candidate and every pair (the code before the indexes)."""
    indexed = {name: _brief_json(corpus) for name, corpus in corpora.items()}
    with monkeypatch.context() as patch:
        patch.setattr(NameIndex, "candidates", lambda self, key: list(range(len(self))))
        patch.setattr(QuoteIndex, "candidates", lambda self, i: list(range(i)))
        patch.setattr(conflicts, "_blocks", lambda mentions: [list(range(len(mentions)))])
        all_pairs = {name: _brief_json(corpus) for name, corpus in corpora.items()}
    for name in corpora:
        assert indexed[name] == all_pairs[name], name
    return [json.loads(text)["analysis"] for text in indexed.values()]


def test_brief_equals_the_all_pairs_brief(
    stories: dict[str, Corpus], monkeypatch: pytest.MonkeyPatch
) -> None:
    small = {name: corpus for name, corpus in stories.items() if len(corpus.articles) <= 10}
    assert "seeds" in small and len(small) >= 3
    analyses = _same_briefs(small, monkeypatch)
    assert all(a["quotes"] and a["names"] for a in analyses)
    assert any(a["conflicts"] for a in analyses)


@pytest.mark.slow
def test_brief_of_a_hundred_articles_equals_the_all_pairs_brief(
    shared_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles = [
        a
        for topic in sorted((shared_data / "duc2006_dev").iterdir())[:4]
        for a in load_paths([topic / "docs"]).articles
    ]
    assert len(articles) == 100
    (analysis,) = _same_briefs({"first four topics": prepare(articles)}, monkeypatch)
    assert analysis["quotes"] and analysis["names"]
