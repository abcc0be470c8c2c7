"""A corpus built straight from sentences, for summarizer tests that need exact input."""

from __future__ import annotations

from collections.abc import Sequence

from storyfuse.text.corpus import Corpus, build_corpus
from storyfuse.types import Article, Sentence


def corpus_of(docs: Sequence[Sequence[str]], *, prefix: str = "a") -> Corpus:
    """A corpus of articles made of the given sentences (one space between them)."""
    articles: list[Article] = []
    sentences: list[tuple[Sentence, ...]] = []
    for d, sents in enumerate(docs):
        article = Article(f"{prefix}{d}", " ".join(sents))
        spans, start = [], 0
        for k, text in enumerate(sents):
            spans.append(Sentence(article.id, k, start, start + len(text), text))
            start += len(text) + 1
        articles.append(article)
        sentences.append(tuple(spans))
    return build_corpus(tuple(articles), tuple(sentences))
