"""The prepared input every summarizer shares: cleaned articles, their sentences, features.

Built once per story by ``build_corpus``; methods only read it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from storyfuse.text.textstats import content_features, word_count
from storyfuse.types import Article, Sentence

_NORM_RE = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Unit:
    """A sentence with the features the methods use, computed once."""

    sentence: Sentence
    doc: int  # index of its article in the corpus
    position: int  # sentence index within the article
    words: int  # whitespace words, as ROUGE counts length
    stems: tuple[str, ...]  # stemmed content words
    bigrams: tuple[tuple[str, str], ...]  # stemmed content bigrams
    key: str  # normalised text, for exact-duplicate detection
    # It refers to its article's sentence before ("He added ..."): a summary may hold it
    # only right after that sentence.
    follows: bool = False
    # The story's lead, which a summary of one event holds (``summarizers.ilp.story_lead``):
    # the summary opens with it.
    leads: bool = False


@dataclass(frozen=True, slots=True)
class Corpus:
    articles: tuple[Article, ...]
    units: tuple[Unit, ...]  # all sentences of all articles, in article order
    # Articles set aside as not about the story, one note each ("left out FILE: why");
    # see ``storyfuse.text.relevance``.
    left_out: tuple[str, ...] = ()

    @property
    def n_docs(self) -> int:
        return len(self.articles)

    def doc_units(self, doc: int) -> tuple[Unit, ...]:
        return tuple(u for u in self.units if u.doc == doc)


@dataclass(frozen=True, slots=True, kw_only=True)
class Budget:
    """How long a summary may be: whitespace words, sentences, or both."""

    words: int | None = None
    sentences: int | None = None

    def __post_init__(self) -> None:
        if self.words is None and self.sentences is None:
            raise ValueError("a budget needs words or sentences")
        for name, value in (("words", self.words), ("sentences", self.sentences)):
            if value is not None and value <= 0:
                raise ValueError(f"budget {name} must be positive, got {value}")

    def fits(self, n_words: int, n_sentences: int) -> bool:
        if self.words is not None and n_words > self.words:
            return False
        return self.sentences is None or n_sentences <= self.sentences


def normalise_key(text: str) -> str:
    return _NORM_RE.sub(" ", text.lower()).strip()


def build_corpus(
    articles: tuple[Article, ...], sentences: tuple[tuple[Sentence, ...], ...]
) -> Corpus:
    units: list[Unit] = []
    for doc, sents in enumerate(sentences):
        for sent in sents:
            stems, bigrams = content_features(sent.text)
            units.append(
                Unit(
                    sentence=sent,
                    doc=doc,
                    position=sent.index,
                    words=word_count(sent.text),
                    stems=tuple(stems),
                    bigrams=tuple(bigrams),
                    key=normalise_key(sent.text),
                )
            )
    return Corpus(articles=articles, units=tuple(units))


def chronological_key(article: Article, order: int) -> tuple[int, datetime, int]:
    """Sort key: dated articles by time, undated ones after them in load order."""
    if article.published is None:
        return (1, datetime.min, order)
    published = article.published.replace(tzinfo=None)
    return (0, published, order)
