from __future__ import annotations

from datetime import datetime

import pytest

from storyfuse.summarizers.cite import MAX_UPDATED_ITEMS, cite, with_updates
from storyfuse.text.corpus import Corpus, build_corpus
from storyfuse.types import Article, Sentence, SummaryItem

MARCH = 3
TEXTS = [
    ("late", datetime(2026, MARCH, 4), "Engineers found a cracked pier under Calder Bridge."),
    ("early", datetime(2026, MARCH, 2), "The bridge closed after engineers found a cracked pier."),
    ("undated", None, "Schools in the eastern district opened one hour later than usual."),
    ("other", datetime(2026, MARCH, 3), "A cracked pier was found by engineers under the bridge."),
]


def _corpus() -> Corpus:
    articles = tuple(Article(i, t, published=p) for i, p, t in TEXTS)
    sents = tuple((Sentence(a.id, 0, 0, len(a.text), a.text),) for a in articles)
    return build_corpus(articles, sents)


def test_cites_own_article_first_then_others_saying_the_same() -> None:
    corpus = _corpus()
    items = cite(corpus, [corpus.units[0], corpus.units[2]])
    by_id = {item.sentence.article_id: item for item in items}
    assert by_id["late"].supporting[0] == "late"
    assert set(by_id["late"].supporting) == {"late", "early", "other"}
    assert by_id["late"].support == 3
    assert by_id["undated"].supporting == ("undated",)


def test_orders_by_publication_time_undated_last() -> None:
    corpus = _corpus()
    items = cite(corpus, list(reversed(corpus.units)))
    assert [i.sentence.article_id for i in items] == ["early", "other", "late", "undated"]


def test_a_fact_is_placed_where_it_was_first_reported() -> None:
    first = "Officials closed the harbour to ships on Monday morning after the storm passed."
    detail = "A cafe owner said the waves were the highest she had seen in decades."
    retold = "The harbour was closed to ships on Monday morning, officials said, after the storm."
    early = Article("early", f"{first}\n{detail}", published=datetime(2026, MARCH, 2))
    late = Article("late", retold, published=datetime(2026, MARCH, 5))
    sents = (
        (
            Sentence("early", 0, 0, len(first), first),
            Sentence("early", 1, len(first) + 1, len(first) + 1 + len(detail), detail),
        ),
        (Sentence("late", 0, 0, len(retold), retold),),
    )
    corpus = build_corpus((early, late), sents)
    items = cite(corpus, [corpus.units[1], corpus.units[2]])  # early's detail, late's retelling
    assert [i.sentence.text for i in items] == [retold, detail]
    assert items[0].supporting == ("late", "early")


def test_each_citation_keeps_the_sentence_its_article_says_it_in() -> None:
    lead = "Ferries resumed at dawn."
    said = "Engineers found a cracked pier under the bridge, the council said."
    article = Article("two", f"{lead}\n{said}", published=datetime(2026, MARCH, 5))
    corpus = _corpus()
    sents = tuple(u.sentence for u in corpus.units)
    second = (
        Sentence("two", 0, 0, len(lead), lead),
        Sentence("two", 1, len(lead) + 1, len(lead) + 1 + len(said), said),
    )
    corpus = build_corpus((*corpus.articles, article), (*((s,) for s in sents), second))
    chosen = [corpus.units[0], corpus.units[2]]  # "late" (cited widely), "undated"
    items = cite(corpus, chosen)
    texts = {a.id: a.text for a in corpus.articles}
    for item in items:
        found = item.supporting_sentences
        assert tuple(s.article_id for s in found) == item.supporting
        assert found[0] == item.sentence
        assert all(texts[s.article_id][s.start : s.end] == s.text for s in found)
    late = next(i for i in items if i.sentence.article_id == "late")
    by_article = {s.article_id: s.index for s in late.supporting_sentences}
    assert by_article["two"] == 1 and by_article["early"] == 0
    undated = next(i for i in items if i.sentence.article_id == "undated")
    assert undated.supporting_sentences == (undated.sentence,)


def test_supporting_sentences_must_follow_supporting() -> None:
    own = Sentence("a", 0, 0, 4, "Own.")
    other = Sentence("b", 2, 10, 16, "Other.")
    item = SummaryItem(own, ("a", "b"), (own, other))
    assert hash(item) == hash(SummaryItem(own, ("a", "b"), (own, other)))
    assert SummaryItem(own, ("a", "b")).supporting_sentences == ()  # not known: none
    with pytest.raises(ValueError, match="supporting_sentences"):
        SummaryItem(own, ("a", "b"), (other, own))
    with pytest.raises(ValueError, match="supporting_sentences"):
        SummaryItem(own, ("a", "b"), (own,))


def _dated(*texts: str) -> Corpus:
    articles = tuple(
        Article(f"a{i}", t, published=datetime(2026, MARCH, 2 + i)) for i, t in enumerate(texts)
    )
    sents = tuple((Sentence(a.id, 0, 0, len(a.text), a.text),) for a in articles)
    return build_corpus(articles, sents)


def test_a_sentence_with_another_figure_for_the_same_thing_does_not_support() -> None:
    corpus = _dated(
        "The storm over the coast has killed at least 40 people, police said on Monday.",
        "The storm over the coast has killed at least 45 people, police said on Tuesday.",
        "The storm over the coast has killed at least 45 people, the police said.",
    )
    (item,) = cite(corpus, [corpus.units[1]])
    assert item.supporting == ("a1", "a2")  # not a0, which counts 40


def test_updates_say_what_earlier_reports_said_for_a_few_sentences() -> None:
    towns = ["Arden", "Bexley", "Corran", "Dunmere", "Elstow"]
    texts = []
    for town in towns:  # each town's toll, then its update
        texts.append(f"The storm over {town} has killed at least 40 people, police said on Monday.")
    for town in towns:
        texts.append(f"The storm over {town} has killed at least 45 people, police said on Monday.")
    corpus = _dated(*texts)
    chosen = corpus.units[len(towns) :]
    items = with_updates(corpus, cite(corpus, chosen), chosen)
    updated = [item for item in items if item.updates]
    assert len(updated) == MAX_UPDATED_ITEMS < len(towns)
    for item in updated:
        (update,) = item.updates
        assert (update.why, update.was) == ("figure", "at least 40 people")
        town = item.sentence.text.split()[3]
        assert town in update.sentence.text
        assert update.sentence.article_id != item.sentence.article_id


def test_a_sentence_with_another_figure_in_the_same_wording_does_not_support() -> None:
    """"The toll has reached 83" is not supported by "... reached 85 on Saturday", though
    no word after either figure says what it counts."""
    corpus = _dated(
        "The death toll from the cold in the north has reached 83, police said on Friday.",
        "The death toll from the cold in the north reached 85 on Saturday, police said.",
        "The death toll from the cold in the north has reached 83, the police said.",
    )
    (item,) = cite(corpus, [corpus.units[0]])
    assert item.supporting == ("a0", "a2")
