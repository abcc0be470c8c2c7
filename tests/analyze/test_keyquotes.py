"""Key quotes: the story's voices in turn, reports before previews, unnamed last."""

from __future__ import annotations

from storyfuse.analyze.keyquotes import key_quotes
from storyfuse.analyze.quotes import Quote
from storyfuse.text.corpus import Corpus, build_corpus
from storyfuse.text.segment import segment_article
from storyfuse.types import Article

PREVIEW = "The ministers will meet on Thursday. Turkey is expected to host the talks. More later."
REPORT = "The ministers met on Thursday. The talks ended without a ceasefire. More later."


def _corpus(*texts: str) -> Corpus:
    articles = tuple(Article(f"a{i}", t) for i, t in enumerate(texts))
    return build_corpus(articles, tuple(segment_article(a) for a in articles))


def _quote(text: str, speaker: str | None, *articles: str) -> Quote:
    return Quote(text, speaker, None, (), articles or ("a1",))


def test_speakers_take_turns_in_the_order_of_their_best_quote() -> None:
    quotes = [
        _quote("one", "Kuleba"),
        _quote("two", "Kuleba"),
        _quote("three", None),
        _quote("four", "Kuleba"),
        _quote("five", "Lavrov"),
        _quote("six", "Cavusoglu"),
    ]
    chosen = key_quotes(_corpus(REPORT, REPORT), quotes, limit=5)
    assert [q.text for q in chosen] == ["one", "five", "six", "two", "four"]


def test_what_only_previews_carry_comes_after_the_reports() -> None:
    corpus = _corpus(PREVIEW, REPORT)  # a0 is the preview
    quotes = [_quote("expected", "Kuleba", "a0"), _quote("after", "Kuleba", "a1")]
    assert [q.text for q in key_quotes(corpus, quotes, limit=2)] == ["after", "expected"]
    both = [_quote("carried by both", "Kuleba", "a0", "a1"), _quote("after", "Lavrov", "a1")]
    assert [q.text for q in key_quotes(corpus, both, limit=1)] == ["carried by both"]


def test_limit_and_empty() -> None:
    corpus = _corpus(REPORT, REPORT)
    assert key_quotes(corpus, [], limit=3) == ()
    assert len(key_quotes(corpus, [_quote(str(i), f"P{i}") for i in range(9)], limit=3)) == 3
