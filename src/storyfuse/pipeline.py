"""The pipeline from articles to a cited summary: clean -> segment -> select -> order and cite.

Two modes steer the selection: an *update* summary (``previous``: articles the reader
has already seen; only the others are summarised, favouring what they add) and a
*query-focused* summary (``query``: what the reader wants to know). The ILP method
applies them fully (``summarizers/update.py``, ``summarizers/query.py``); any other
method runs on the candidate sentences those modes keep.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace

from storyfuse.analyze.brief import Brief, build_brief
from storyfuse.defaults import DEFAULT_WORDS
from storyfuse.errors import NoArticlesError
from storyfuse.summarizers.cite import cite, with_updates
from storyfuse.summarizers.registry import DEFAULT_METHOD, get_method
from storyfuse.text.candidates import rejection
from storyfuse.text.clean import clean_article
from storyfuse.text.corpus import Budget, Corpus, Unit, build_corpus
from storyfuse.text.relevance import LeftOut, keep_relevant
from storyfuse.text.segment import segment_article
from storyfuse.types import Article, Sentence, Summary

UPDATE_METHOD = "ilp"  # the method whose objective the update and query modes change
LOAD_HINT = "load them with storyfuse.load_paths([...]).articles"
MAX_REASONS_SHOWN = 3  # why sentences were refused, in an empty summary's note


class NothingNewError(NoArticlesError):
    """An update summary was asked for, but every article was read before."""


def check_articles(articles: object, name: str = "articles") -> list[Article]:
    """``articles`` as a list, or a ``TypeError`` that says what was expected.

    A path or a string is iterable too (its characters), so without this check
    ``summarize("reports/")`` would fail deep inside with an ``AttributeError``.
    """
    expected = f"{name} must be an iterable of storyfuse.Article"
    if isinstance(articles, Article):
        raise TypeError(f"{expected}; got one Article: pass a list, [article]")
    if isinstance(articles, str | bytes | os.PathLike):
        kind = type(articles).__name__
        raise TypeError(f"{expected}; got {kind} {str(articles)[:40]!r}: {LOAD_HINT}")
    if not isinstance(articles, Iterable):
        raise TypeError(f"{expected}; got {type(articles).__name__}")
    items = list(articles)
    for index, item in enumerate(items):
        if not isinstance(item, Article):
            raise TypeError(
                f"{expected}; item {index} is {type(item).__name__}: {LOAD_HINT}"
            )
    return items


def clean_and_segment(
    articles: Iterable[Article],
) -> tuple[tuple[Article, ...], tuple[tuple[Sentence, ...], ...]]:
    """Cleaned articles and their sentences; articles left empty by cleaning are dropped."""
    cleaned = [clean_article(a) for a in articles]
    kept = tuple(a for a in cleaned if a.text.strip())
    if not kept:
        raise NoArticlesError("no article has any text left after cleaning")
    return kept, tuple(segment_article(a) for a in kept)


EMPTIED_REASON = "nothing left after removing page boilerplate (menus, prompts, captions)"


def prepare(articles: Iterable[Article]) -> Corpus:
    """Clean and segment articles, compute the sentence features the methods share, and set
    aside the articles that are not reports of the story (``text.relevance``). An article
    that cleaning leaves empty (a page of sharing prompts) is named in the notes too."""
    given = check_articles(articles)
    kept, sentences = clean_and_segment(given)
    corpus = build_corpus(kept, sentences)
    ids = {a.id for a in kept}
    emptied = tuple(LeftOut(a, EMPTIED_REASON).note() for a in given if a.id not in ids)
    if emptied:
        corpus = replace(corpus, left_out=(*emptied, *corpus.left_out))
    return keep_relevant(corpus)


def _prepare_previous(articles: Iterable[Article]) -> Corpus | None:
    """The previous articles prepared, or None when none has any text."""
    try:
        return prepare(articles)
    except NoArticlesError:
        return None


def _select(
    corpus: Corpus,
    budget: Budget,
    method: str,
    previous: Corpus | None,
    query: str | None,
) -> tuple[Unit, ...]:
    if previous is None and not query:
        return get_method(method).select(corpus, budget)
    if method == UPDATE_METHOD:
        if query:
            from storyfuse.summarizers.query import select_query

            return select_query(corpus, budget, query=query, previous=previous)
        if previous is not None:
            from storyfuse.summarizers.update import select_update

            return select_update(corpus, budget, previous=previous)
    # Other methods: their own scoring over the candidates the modes keep.
    from storyfuse.summarizers.query import query_terms, relevance, relevant_units
    from storyfuse.summarizers.update import novel_units, restrict_units
    from storyfuse.text.candidates import candidates_for_budget

    units = candidates_for_budget(corpus, budget.words)
    if previous is not None:
        units = novel_units(units, previous)
    if query and (terms := query_terms(query)):
        units, _ = relevant_units(units, relevance(units, terms), budget.words)
    return get_method(method).select(restrict_units(corpus, units), budget)


def _why_empty(corpus: Corpus, budget: Budget) -> str | None:
    """What to tell a reader whose summary came out empty, when the articles had text."""
    if not corpus.units:
        return None
    if budget.words is not None:
        shortest = min(unit.words for unit in corpus.units)
        if shortest > budget.words:
            return (
                f"no summary: every sentence is longer than the {budget.words}-word budget "
                f"(the shortest has {shortest} words)"
            )
    reasons = Counter(
        reason
        for unit in corpus.units
        if (reason := rejection(unit.sentence.text, unit.words)) is not None
    )
    why = "; ".join(f"{n} {reason}" for reason, n in reasons.most_common(MAX_REASONS_SHOWN))
    return "no summary: no sentence of the articles can stand alone in a summary" + (
        f" ({why})" if why else ""
    )


def summarize_corpus(
    corpus: Corpus,
    budget: Budget,
    method: str = DEFAULT_METHOD,
    *,
    previous: Corpus | None = None,
    query: str | None = None,
) -> Summary:
    """Select, order and cite; ``previous`` and ``query`` switch on the update and query modes."""
    chosen = _select(corpus, budget, method, previous, query)
    notes: list[str] = list(corpus.left_out)
    if previous is not None:
        notes.append(
            f"update summary: what {corpus.n_docs} new article(s) add to "
            f"{previous.n_docs} read before"
        )
        if not chosen:
            notes.append("every sentence of the new articles repeats what was read before")
    elif not chosen and (reason := _why_empty(corpus, budget)) is not None:
        notes.append(reason)
    if query:
        notes.append(f"focused on the query: {' '.join(query.split())}")
    return Summary(
        items=with_updates(corpus, cite(corpus, chosen), chosen),
        articles=corpus.articles,
        method=method,
        budget_words=budget.words,
        budget_sentences=budget.sentences,
        notes=tuple(notes),
    )


def summarize(
    articles: Iterable[Article],
    *,
    words: int | None = None,
    sentences: int | None = None,
    method: str = DEFAULT_METHOD,
    previous: Sequence[Article] | None = None,
    query: str | None = None,
) -> Summary:
    """A cited summary of ``articles`` within ``words`` (default 100) and/or ``sentences``.

    Every summary sentence cites the articles that support it; offsets point into
    the cleaned article text carried by ``Summary.articles``.

    ``previous``: articles the reader has already seen. The summary then covers only
    the articles not among them (by id) and favours what those add; it raises
    ``NothingNewError`` when no article is new. ``query``: the summary favours
    sentences and facts relevant to it (a blank query is ignored).
    """
    corpus, budget, seen, query = _inputs(articles, words, sentences, method, previous, query)
    return summarize_corpus(corpus, budget, method, previous=seen, query=query)


def brief(
    articles: Iterable[Article],
    *,
    words: int | None = None,
    sentences: int | None = None,
    method: str = DEFAULT_METHOD,
    previous: Sequence[Article] | None = None,
    query: str | None = None,
) -> Brief:
    """``summarize`` plus the story analysis (agreement, differences, timeline, quotes, names)
    over the same articles (the new ones, in an update)."""
    corpus, budget, seen, query = _inputs(articles, words, sentences, method, previous, query)
    summary = summarize_corpus(corpus, budget, method, previous=seen, query=query)
    return build_brief(corpus, summary)


def _inputs(
    articles: Iterable[Article],
    words: int | None,
    sentences: int | None,
    method: str,
    previous: Sequence[Article] | None,
    query: str | None,
) -> tuple[Corpus, Budget, Corpus | None, str | None]:
    """Validate the options and prepare what is summarised and what was read before."""
    articles = check_articles(articles)
    if previous is not None:
        previous = check_articles(previous, "previous")
    get_method(method)  # fail on a bad name before any work
    if words is None and sentences is None:
        words = DEFAULT_WORDS
    budget = Budget(words=words, sentences=sentences)
    query = query if query and query.strip() else None
    if previous is None:
        return prepare(articles), budget, None, query
    seen = {a.id for a in previous}
    new = [a for a in articles if a.id not in seen]
    if not new:
        raise NothingNewError(f"nothing new: all articles are among the {len(seen)} read before")
    return prepare(new), budget, _prepare_previous(previous), query
