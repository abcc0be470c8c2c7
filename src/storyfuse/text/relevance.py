"""Relevance: articles that are not reports of the story are left out, and named.

A crawl of a story's links brings back pages that are not reports of it: error pages
("the page you requested was not found", a video player's "could not be loaded"),
web-archive stubs, privacy and cookie policies, subscription walls, and pages about
something else. Such an article is left out of the summary and the analysis when

- it reads as one of those page kinds: at least ``MIN_CUES`` different cues of one
  kind (``PAGE_KINDS``), and its vocabulary is not close to the rest of the story
  (tf-idf cosine with the other articles together below ``PAGE_KIND_MAX_COSINE``); or
- its vocabulary stands far from the rest of the story: cosine below ``FAR_COSINE``,
  for an article of at least ``FAR_MIN_WORDS`` content words (a short post shares few
  words with anything, and may be the story's key reply) in a story of at least
  ``FAR_MIN_ARTICLES`` articles (with two, neither is "the rest").

Nothing is left out when every article would be. The reason is kept for the brief's
notes, so a reader sees what was set aside and why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np

from storyfuse.text.corpus import Corpus
from storyfuse.text.textstats import tfidf_matrix
from storyfuse.types import Article

MIN_CUES = 2
PAGE_KIND_MAX_COSINE = 0.1
FAR_COSINE = 0.02
FAR_MIN_WORDS = 20
FAR_MIN_ARTICLES = 3

_I = re.IGNORECASE

# Cues of the page kinds, each a phrase such pages use about themselves or the reader.
PAGE_KINDS: dict[str, tuple[re.Pattern[str], ...]] = {
    "an error page": tuple(
        re.compile(p, _I)
        for p in (
            r"\bpage (?:you (?:requested|are looking for)|(?:was|could) not (?:be )?found)",
            r"\b(?:404|not found)\b",
            r"\bcheck the URL\b",
            r"\bcould not be loaded\b",
            r"\b(?:is|are) not available right now\b",
            r"\btry again later\b",
            r"\bhome ?page\b",
            r"\bvideo\b.*\b(?:unavailable|rented|rating)\b",
        )
    ),
    "a web-archive page": tuple(
        re.compile(p, _I)
        for p in (
            r"\bWayback Machine\b",
            r"\bInternet Archive\b",
            r"\bWARCs?\b",
            r"\bbroken links\b",
            r"\bcrawl(?:s|ed|er|ing)?\b",
            r"\barchiv(?:e|ed|ing) (?:the )?(?:web|pages)\b",
        )
    ),
    "a privacy or cookie policy": tuple(
        re.compile(p, _I)
        for p in (
            r"\bprivacy (?:policy|notice|statement)\b",
            r"\bcookies?\b",
            r"\bpersonal (?:information|data)\b",
            r"\bthird[- ]part(?:y|ies)\b",
            r"\bopt[- ]out\b",
            r"\bterms of (?:use|service)\b",
        )
    ),
    "a subscription wall": tuple(
        re.compile(p, _I)
        for p in (
            r"\bsubscri(?:be|ber|ption)s?\b",
            r"\b(?:sign|log) in\b",
            r"\bfree (?:trial|articles?)\b",
            r"\bunlimited (?:digital )?access\b",
            r"\balready (?:a )?(?:subscriber|member)\b",
        )
    ),
}


@dataclass(frozen=True, slots=True)
class LeftOut:
    """An article left out of the summary and the analysis, and why."""

    article: Article
    reason: str

    def note(self) -> str:
        """The brief's note: which article (its file, title or id) and why."""
        article = self.article
        name = (article.path or "").rsplit("/", 1)[-1] or article.title or article.id
        return f"left out {name}: {self.reason}"


def page_kind(text: str) -> str | None:
    """The page kind ``text`` reads as (``MIN_CUES`` different cues of it), or None."""
    for kind, cues in PAGE_KINDS.items():
        if sum(cue.search(text) is not None for cue in cues) >= MIN_CUES:
            return kind
    return None


def _closeness(corpus: Corpus) -> list[float]:
    """Per article, the tf-idf cosine of its content words with all the others'."""
    docs: list[list[str]] = [[] for _ in range(corpus.n_docs)]
    for unit in corpus.units:
        docs[unit.doc].extend(unit.stems)
    matrix, _ = tfidf_matrix(docs)
    dense = np.asarray(matrix.toarray())
    total = dense.sum(axis=0)
    out: list[float] = []
    for row in dense:
        rest = total - row
        norm = float(np.linalg.norm(row) * np.linalg.norm(rest))
        out.append(float(row @ rest) / norm if norm else 0.0)
    return out


def off_topic(corpus: Corpus) -> tuple[LeftOut, ...]:
    """The corpus's articles that are not reports of the story, with the reason."""
    if corpus.n_docs < 2:
        return ()
    closeness = _closeness(corpus)
    words = [0] * corpus.n_docs
    for unit in corpus.units:
        words[unit.doc] += len(unit.stems)
    out: list[LeftOut] = []
    for doc, article in enumerate(corpus.articles):
        kind = page_kind(article.text)
        if kind is not None and closeness[doc] < PAGE_KIND_MAX_COSINE:
            out.append(LeftOut(article, f"{kind}, not a report of the story"))
        elif (
            corpus.n_docs >= FAR_MIN_ARTICLES
            and words[doc] >= FAR_MIN_WORDS
            and closeness[doc] < FAR_COSINE
        ):
            out.append(LeftOut(article, "its words are far from every other report's"))
    return tuple(out) if len(out) < corpus.n_docs else ()


def keep_relevant(corpus: Corpus) -> Corpus:
    """The corpus without its off-topic articles, their notes in ``Corpus.left_out``."""
    left = off_topic(corpus)
    if not left:
        return corpus
    dropped = {id(lo.article) for lo in left}
    kept = [d for d, a in enumerate(corpus.articles) if id(a) not in dropped]
    index = {old: new for new, old in enumerate(kept)}
    return Corpus(
        articles=tuple(corpus.articles[d] for d in kept),
        units=tuple(replace(u, doc=index[u.doc]) for u in corpus.units if u.doc in index),
        left_out=(*corpus.left_out, *(lo.note() for lo in left)),
    )
