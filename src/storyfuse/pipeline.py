"""The pipeline from articles to a cited summary: clean -> segment -> select -> order and cite."""

from __future__ import annotations

from collections.abc import Iterable

from storyfuse.clean import clean_article
from storyfuse.errors import NoArticlesError
from storyfuse.segment import segment_article
from storyfuse.summarizers.cite import cite
from storyfuse.summarizers.corpus import Budget, Corpus, build_corpus
from storyfuse.summarizers.registry import DEFAULT_METHOD, get_method
from storyfuse.types import Article, Summary

DEFAULT_WORDS = 100


def prepare(articles: Iterable[Article]) -> Corpus:
    """Clean and segment articles; articles left empty by cleaning are dropped."""
    cleaned = [clean_article(a) for a in articles]
    kept = tuple(a for a in cleaned if a.text.strip())
    if not kept:
        raise NoArticlesError("no article has any text left after cleaning")
    return build_corpus(kept, tuple(segment_article(a) for a in kept))


def summarize_corpus(corpus: Corpus, budget: Budget, method: str = DEFAULT_METHOD) -> Summary:
    chosen = get_method(method).select(corpus, budget)
    return Summary(
        items=cite(corpus, chosen),
        articles=corpus.articles,
        method=method,
        budget_words=budget.words,
        budget_sentences=budget.sentences,
    )


def summarize(
    articles: Iterable[Article],
    *,
    words: int | None = None,
    sentences: int | None = None,
    method: str = DEFAULT_METHOD,
) -> Summary:
    """A cited summary of ``articles`` within ``words`` (default 100) and/or ``sentences``.

    Every summary sentence cites the articles that support it; offsets point into
    the cleaned article text carried by ``Summary.articles``.
    """
    get_method(method)  # fail on a bad name before any work
    if words is None and sentences is None:
        words = DEFAULT_WORDS
    return summarize_corpus(prepare(articles), Budget(words=words, sentences=sentences), method)
