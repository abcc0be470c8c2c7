from __future__ import annotations

from datetime import datetime

from storyfuse.summarizers.cite import cite
from storyfuse.summarizers.corpus import build_corpus
from storyfuse.types import Article, Sentence

MARCH = 3
TEXTS = [
    ("late", datetime(2026, MARCH, 4), "Engineers found a cracked pier under Calder Bridge."),
    ("early", datetime(2026, MARCH, 2), "The bridge closed after engineers found a cracked pier."),
    ("undated", None, "Schools in the eastern district opened one hour later than usual."),
    ("other", datetime(2026, MARCH, 3), "A cracked pier was found by engineers under the bridge."),
]


def _corpus():  # type: ignore[no-untyped-def]
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
