"""Update summaries: what the new articles add to the ones the reader has already seen.

The concept-coverage ILP (``ilp.py``) runs over the NEW articles with two changes:

1. Concepts (stemmed bigrams) that the previous articles already state are worth
   less: their weight is multiplied by ``PREVIOUS_CONCEPT_DISCOUNT`` (0 would drop
   them). A concept only the new articles hold keeps its full weight, so the ILP
   spends the budget on what is new.
2. A candidate sentence whose tf-idf cosine with any previous sentence reaches
   ``PREVIOUS_MAX_SIMILARITY`` restates old news and is never chosen (neither by the
   ILP nor by the filler that uses the words it leaves).

Splitting one stream of articles into previous and new (``split_since``,
``split_after``) lives here too, as pure functions the CLI calls.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from storyfuse.summarizers.ilp import Concept, concept_weights, select_latest
from storyfuse.text.candidates import candidates_for_budget
from storyfuse.text.corpus import Budget, Corpus, Unit
from storyfuse.text.textstats import tfidf_matrix
from storyfuse.types import Article

PREVIOUS_CONCEPT_DISCOUNT = 0.25  # weight kept by a concept the previous articles state
PREVIOUS_MAX_SIMILARITY = 0.5  # tf-idf cosine to a previous sentence that excludes a candidate


# --------------------------------------------------------------------------- selection


def previous_concepts(previous: Corpus) -> frozenset[Concept]:
    """Every concept stated in any sentence of the previous articles."""
    return frozenset(c for unit in previous.units for c in unit.bigrams)


def discount_known(
    weights: dict[Concept, float],
    known: Iterable[Concept],
    *,
    factor: float = PREVIOUS_CONCEPT_DISCOUNT,
) -> dict[Concept, float]:
    """``weights`` with every known concept's weight multiplied by ``factor`` (0 drops it)."""
    seen = frozenset(known)
    out: dict[Concept, float] = {}
    for concept, weight in weights.items():
        value = weight * factor if concept in seen else weight
        if value > 0:
            out[concept] = value
    return out


def max_similarity(units: Sequence[Unit], others: Sequence[Unit]) -> np.ndarray:
    """For each unit, its highest tf-idf cosine with any of ``others`` (0 when none).

    The idf is computed over both sets together, so a word common in the old
    articles and the new ones counts little.
    """
    if not units or not others:
        return np.zeros(len(units))
    matrix, _ = tfidf_matrix([u.stems for u in (*units, *others)])
    sim = matrix[: len(units)] @ matrix[len(units) :].T
    return np.asarray(sim.max(axis=1).toarray()).ravel()


def novel_units(
    units: Sequence[Unit],
    previous: Corpus,
    *,
    threshold: float = PREVIOUS_MAX_SIMILARITY,
) -> tuple[Unit, ...]:
    """The units not too similar to any previous sentence (cosine below ``threshold``)."""
    sim = max_similarity(units, previous.units)
    return tuple(u for u, s in zip(units, sim, strict=True) if s < threshold)


def select_update(corpus: Corpus, budget: Budget, *, previous: Corpus) -> tuple[Unit, ...]:
    """ILP over ``corpus`` (the new articles) favouring what ``previous`` did not say."""
    units = novel_units(candidates_for_budget(corpus, budget.words), previous)
    weights = discount_known(concept_weights(corpus), previous_concepts(previous))
    return select_latest(corpus, units, weights, budget)


def restrict_units(corpus: Corpus, keep: Iterable[Unit]) -> Corpus:
    """``corpus`` with only the sentences in ``keep`` (matched by article and index).

    Lets any registry method run on a pre-filtered pool of sentences.
    """
    kept = {(u.sentence.article_id, u.sentence.index) for u in keep}
    units = tuple(u for u in corpus.units if (u.sentence.article_id, u.sentence.index) in kept)
    return Corpus(articles=corpus.articles, units=units)


# --------------------------------------------------------------------------- splitting


@dataclass(frozen=True, slots=True)
class Split:
    """Articles split into those read before (``previous``) and the ones to summarise.

    ``undated`` names the articles (in ``new``) that had no publication date to judge by.
    """

    previous: tuple[Article, ...]
    new: tuple[Article, ...]
    undated: tuple[Article, ...] = ()


def _comparable(a: datetime, b: datetime) -> tuple[datetime, datetime]:
    """Both aware: compare as they are; otherwise as wall-clock times (zones dropped)."""
    if a.tzinfo is not None and b.tzinfo is not None:
        return a, b
    return a.replace(tzinfo=None), b.replace(tzinfo=None)


def _latest(dates: Sequence[datetime]) -> datetime | None:
    if not dates:
        return None
    if all(d.tzinfo is not None for d in dates):
        return max(dates)
    return max(dates, key=lambda d: d.replace(tzinfo=None))


def published_before(article: Article, moment: datetime) -> bool:
    if article.published is None:
        return False
    published, bound = _comparable(article.published, moment)
    return published < bound


def published_at_or_before(article: Article, moment: datetime) -> bool:
    if article.published is None:
        return False
    published, bound = _comparable(article.published, moment)
    return published <= bound


def split_since(articles: Sequence[Article], since: datetime) -> Split:
    """Articles published before ``since`` are previous; the rest are new.

    An article without a publication date cannot be shown to be old, so it is
    counted as new (and named in ``undated``, for the caller to warn about).
    """
    previous = tuple(a for a in articles if published_before(a, since))
    new = tuple(a for a in articles if not published_before(a, since))
    return Split(previous, new, tuple(a for a in new if a.published is None))


def split_after(articles: Sequence[Article], named: Sequence[Article]) -> Split:
    """``named`` articles, and every article published at or before the latest of them,
    are previous; the rest are new.

    When no named article has a date, only the named ones are previous. Undated
    articles that were not named are new (and listed in ``undated``).
    """
    named_ids = {a.id for a in named}
    dates = [a.published for a in named if a.published is not None]
    latest = _latest(dates)

    def is_previous(article: Article) -> bool:
        if article.id in named_ids:
            return True
        return latest is not None and published_at_or_before(article, latest)

    previous = tuple(a for a in articles if is_previous(a))
    new = tuple(a for a in articles if not is_previous(a))
    return Split(previous, new, tuple(a for a in new if a.published is None))
