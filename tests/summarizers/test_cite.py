from __future__ import annotations

from datetime import datetime

from storyfuse.summarizers.cite import cite
from storyfuse.text.corpus import build_corpus
from storyfuse.text.support import supporting_sentences
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


def test_supporting_sentences_name_the_sentence_each_supporter_says_it_in() -> None:
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
    found = supporting_sentences(corpus, [item.sentence for item in items])
    for item, mapping in zip(items, found, strict=True):
        assert tuple(mapping) == item.supporting
        assert mapping[item.sentence.article_id] == item.sentence.index
    late = found[[i.sentence.article_id for i in items].index("late")]
    assert late["two"] == 1 and late["early"] == 0
    missing = Sentence("nowhere", 0, 0, 4, "Gone")
    assert supporting_sentences(corpus, [missing]) == [{}]
