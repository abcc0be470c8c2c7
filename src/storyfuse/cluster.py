"""Stories from a stream: single-pass online clustering of articles, and its scores.

Order of the stage, per article (``StoryClusterer.add``):

1. ``article_terms``: stemmed content words of title and body plus capitalised names
   (``n:`` terms, boosted), with sublinear term frequency;
2. document frequencies are updated incrementally and the article becomes an
   L2-normalised tf-idf vector;
3. stories sharing a term with it (an inverted index over the open stories' centroid
   terms) are scored by cosine against their bounded centroid (top ``CENTROID_TERMS``);
   only stories within ``STORY_WINDOW`` of the article's date compete (undated
   articles, or stories with no dated article, compare regardless of time);
4. the best story at or above ``JOIN_THRESHOLD`` takes the article; otherwise it
   starts a new story whose id is a stable hash of its first article's id;
5. stories idle for longer than ``STORY_WINDOW`` behind the newest date seen are
   closed and dropped, and at most ``MAX_OPEN_STORIES`` stay open, so memory is
   bounded by the window, not by the stream.

Scores: B-cubed precision/recall/F1 and the adjusted Rand index of a clustering
against gold labels; ``evaluate_story_clustering`` runs the whole stream on datasets.
"""

from __future__ import annotations

import hashlib
import heapq
import math
import random
import re
import time
from collections import Counter, OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from storyfuse.textstats import STOPWORDS, content_words
from storyfuse.types import Article

# The two tuned constants (on duc2003 + multinews_dev; see evaluate_story_clustering).
JOIN_THRESHOLD = 0.15
STORY_WINDOW = timedelta(days=14)

NAME_BOOST = 1.5  # weight multiplier of a capitalised-name term over a content stem
CENTROID_TERMS = 100  # terms a story's centroid keeps
ARTICLE_TERMS = 60  # top terms of an article used to find and score stories
MAX_OPEN_STORIES = 5000  # safety bound for streams without dates (oldest activity closes)
STORY_ID_HEX = 16
NAME_PREFIX = "n:"

# A run of capitalised words ("Hurricane Mitch", "Augusto Pinochet").
_NAME_RE = re.compile(r"\b[A-Z][\w'’-]*[a-z][\w'’-]*(?:\s+[A-Z][\w'’-]*[a-z][\w'’-]*)*")
_POSSESSIVE_RE = re.compile(r"['’]s\b")


def story_id(first_article_id: str) -> str:
    """A story's id: the same for the same first article, on every run."""
    return "s" + hashlib.sha1(first_article_id.encode("utf-8")).hexdigest()[:STORY_ID_HEX]


def names(text: str) -> list[str]:
    """Capitalised names, casefolded, with leading stopwords ("The", "He") removed."""
    out: list[str] = []
    for match in _NAME_RE.finditer(text):
        toks = _POSSESSIVE_RE.sub("", match.group(0)).casefold().split()
        while toks and toks[0] in STOPWORDS:
            toks.pop(0)
        if toks:
            out.append(" ".join(toks))
    return out


def article_terms(article: Article) -> dict[str, float]:
    """Boosted sublinear term frequencies of content stems and names (title included)."""
    text = f"{article.title}\n{article.text}" if article.title else article.text
    counts = Counter(content_words(text))
    tf = {term: 1.0 + math.log(n) for term, n in counts.items()}
    for name, n in Counter(names(text)).items():
        tf[NAME_PREFIX + name] = NAME_BOOST * (1.0 + math.log(n))
    return tf


@dataclass(slots=True)
class _Story:
    """An open story: bounded centroid (summed article vectors) and its time span."""

    id: str
    centroid: dict[str, float]  # summed unit tf-idf vectors of its articles, top terms
    norm: float
    size: int
    first_seen: datetime | None
    last_seen: datetime | None
    article_ids: list[str] = field(default_factory=list)

    def in_window(self, published: datetime | None, window: timedelta) -> bool:
        if published is None or self.first_seen is None or self.last_seen is None:
            return True
        return self.first_seen - window <= published <= self.last_seen + window


def _top(vector: Mapping[str, float], k: int) -> dict[str, float]:
    if len(vector) <= k:
        return dict(vector)
    return dict(heapq.nlargest(k, vector.items(), key=lambda kv: (kv[1], kv[0])))


def _norm(vector: Mapping[str, float]) -> float:
    return math.sqrt(sum(v * v for v in vector.values()))


class StoryClusterer:
    """Online single-pass clustering of a stream of cleaned articles into stories.

    Feed articles in arrival order (ideally by ``published``); ``add`` returns the story
    id. Only open stories are kept; the document-frequency table grows with the
    vocabulary of the stream (not with the number of articles).
    """

    def __init__(
        self,
        *,
        threshold: float = JOIN_THRESHOLD,
        window: timedelta = STORY_WINDOW,
        centroid_terms: int = CENTROID_TERMS,
        max_open: int = MAX_OPEN_STORIES,
    ) -> None:
        self.threshold = threshold
        self.window = window
        self.centroid_terms = centroid_terms
        self.max_open = max_open
        self._df: Counter[str] = Counter()
        self._docs = 0
        self._stories: OrderedDict[str, _Story] = OrderedDict()  # by last activity
        self._index: dict[str, set[str]] = {}
        self._expiry: list[tuple[datetime, str]] = []  # heap of (last_seen, story id)
        self._clock: datetime | None = None
        self.closed = 0

    @property
    def open_stories(self) -> int:
        return len(self._stories)

    def story_articles(self, sid: str) -> tuple[str, ...]:
        """Article ids of an open story, in the order they joined."""
        return tuple(self._stories[sid].article_ids)

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency under the frequencies seen so far."""
        return math.log((1.0 + self._docs) / (1.0 + self._df[term])) + 1.0

    def vector(self, terms: Mapping[str, float]) -> dict[str, float]:
        """The L2-normalised tf-idf vector (top ``ARTICLE_TERMS``) under current frequencies."""
        top = _top({t: w * self.idf(t) for t, w in terms.items()}, ARTICLE_TERMS)
        norm = _norm(top) or 1.0
        return {t: w / norm for t, w in top.items()}

    def add(self, article: Article) -> str:
        """Assign the article to the most similar open story in its window, or a new one."""
        terms = article_terms(article)
        self._docs += 1
        self._df.update(terms.keys())
        vec = self.vector(terms)
        published = _naive(article.published)
        self._advance(published)
        best, best_score = self._best_story(vec, published)
        if best is None or best_score < self.threshold:
            sid = story_id(article.id)
            if sid in self._stories:  # the same article id again: its own story
                best = self._stories[sid]
            else:
                best = _Story(sid, {}, 1.0, 0, published, published)
                self._stories[sid] = best
        self._join(best, article.id, vec, published)
        self._evict_over_limit()
        return best.id

    def _best_story(
        self, vec: Mapping[str, float], published: datetime | None
    ) -> tuple[_Story | None, float]:
        candidates: set[str] = set()
        for term in vec:
            candidates.update(self._index.get(term, ()))
        best: _Story | None = None
        best_score = -1.0
        for sid in sorted(candidates):  # sorted: ties go to the smaller id, every run
            story = self._stories[sid]
            if not story.in_window(published, self.window):
                continue
            c = story.centroid
            score = sum(w * c[t] for t, w in vec.items() if t in c) / story.norm
            if score > best_score:
                best, best_score = story, score
        return best, best_score

    def _join(
        self, story: _Story, article_id: str, vec: Mapping[str, float], published: datetime | None
    ) -> None:
        merged = dict(story.centroid)
        for t, w in vec.items():
            merged[t] = merged.get(t, 0.0) + w
        new = _top(merged, self.centroid_terms)
        for t in story.centroid.keys() - new.keys():
            self._unindex(t, story.id)
        for t in new.keys() - story.centroid.keys():
            self._index.setdefault(t, set()).add(story.id)
        story.centroid = new
        story.norm = _norm(new) or 1.0
        story.size += 1
        story.article_ids.append(article_id)
        if published is not None:
            story.first_seen = min(story.first_seen or published, published)
            story.last_seen = max(story.last_seen or published, published)
            heapq.heappush(self._expiry, (story.last_seen, story.id))
        self._stories.move_to_end(story.id)

    def _unindex(self, term: str, sid: str) -> None:
        ids = self._index.get(term)
        if ids is not None:
            ids.discard(sid)
            if not ids:
                del self._index[term]

    def _close(self, sid: str) -> None:
        story = self._stories.pop(sid)
        for t in story.centroid:
            self._unindex(t, sid)
        self.closed += 1

    def _advance(self, published: datetime | None) -> None:
        """Move the stream clock to ``published`` and close stories idle beyond the window."""
        if published is None or (self._clock is not None and published <= self._clock):
            return
        self._clock = published
        horizon = published - self.window
        while self._expiry and self._expiry[0][0] < horizon:
            last_seen, sid = heapq.heappop(self._expiry)
            story = self._stories.get(sid)
            if story is not None and story.last_seen == last_seen:
                self._close(sid)

    def _evict_over_limit(self) -> None:
        while len(self._stories) > self.max_open:
            self._close(next(iter(self._stories)))


def _naive(moment: datetime | None) -> datetime | None:
    """Compare aware and naive datetimes alike: aware ones as UTC wall time."""
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


# --- scores ---------------------------------------------------------------------------


class PRF(NamedTuple):
    precision: float
    recall: float
    f1: float


def _contingency(pred: Mapping[str, str], gold: Mapping[str, str]) -> np.ndarray:
    """Counts of items per (predicted, gold) cluster pair over the gold items."""
    missing = gold.keys() - pred.keys()
    if missing:
        raise ValueError(f"{len(missing)} gold items have no predicted cluster")
    items = sorted(gold)
    p_ids = {c: i for i, c in enumerate(sorted({pred[x] for x in items}))}
    g_ids = {c: i for i, c in enumerate(sorted({gold[x] for x in items}))}
    table = np.zeros((len(p_ids), len(g_ids)), dtype=np.int64)
    for x in items:
        table[p_ids[pred[x]], g_ids[gold[x]]] += 1
    return table


def bcubed(pred: Mapping[str, str], gold: Mapping[str, str]) -> PRF:
    """B-cubed precision, recall and F1 (Bagga & Baldwin 1998) over the gold items."""
    table = _contingency(pred, gold)
    n = table.sum()
    if n == 0:
        return PRF(0.0, 0.0, 0.0)
    # Each of the n_ij items in cell (i, j) has precision n_ij / |pred_i|, recall n_ij / |gold_j|.
    sq = (table * table).astype(np.float64)
    precision = float((sq.sum(axis=1) / table.sum(axis=1)).sum() / n)
    recall = float((sq.sum(axis=0) / table.sum(axis=0)).sum() / n)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PRF(precision, recall, f1)


def _pairs(x: np.ndarray) -> float:
    return float((x * (x - 1) // 2).sum())


def adjusted_rand_index(pred: Mapping[str, str], gold: Mapping[str, str]) -> float:
    """Hubert & Arabie's adjusted Rand index; 1.0 when both partitions are trivial alike."""
    table = _contingency(pred, gold)
    n = int(table.sum())
    total = n * (n - 1) / 2
    index = _pairs(table)
    rows, cols = _pairs(table.sum(axis=1)), _pairs(table.sum(axis=0))
    expected = rows * cols / total if total else 0.0
    maximum = (rows + cols) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)


# --- evaluation -----------------------------------------------------------------------


def stream_order(articles: Iterable[Article], *, seed: int = 0) -> list[Article]:
    """A deterministic arrival order: shuffled by ``seed``, then dated articles by date.

    Undated articles keep their shuffled order and come after the dated ones, as a
    backlog with no time would: they are compared with every story still open.
    """
    shuffled = sorted(articles, key=lambda a: a.id)
    random.Random(seed).shuffle(shuffled)
    dated = [(_naive(a.published), a) for a in shuffled if a.published is not None]
    dated.sort(key=lambda pair: pair[0] or datetime.min)
    return [a for _, a in dated] + [a for a in shuffled if a.published is None]


def evaluate_story_clustering(
    dataset_dirs: Sequence[Path],
    *,
    seed: int = 0,
    threshold: float = JOIN_THRESHOLD,
    window: timedelta = STORY_WINDOW,
) -> dict[str, Any]:
    """Pool every cluster of the datasets into one stream, cluster it, score it.

    Each ``<dataset>/<cluster>/docs`` is one gold story. The stream is ``stream_order``
    of all documents; each is cleaned, then added to a ``StoryClusterer`` in that order.
    ``articles_per_second`` times the clusterer alone; ``clean_per_second`` the cleaning.
    """
    from storyfuse.clean import clean_article
    from storyfuse.ingest import load_paths

    gold: dict[str, str] = {}
    articles: list[Article] = []
    for dataset in dataset_dirs:
        for cluster_dir in sorted(p for p in Path(dataset).iterdir() if (p / "docs").is_dir()):
            for article in load_paths([cluster_dir / "docs"]).articles:
                if article.id not in gold:  # the same text in two clusters counts once
                    gold[article.id] = f"{Path(dataset).name}/{cluster_dir.name}"
                    articles.append(article)
    clusterer = StoryClusterer(threshold=threshold, window=window)
    pred: dict[str, str] = {}
    start = time.perf_counter()
    stream = [clean_article(article) for article in stream_order(articles, seed=seed)]
    clean_seconds = time.perf_counter() - start
    start = time.perf_counter()
    for article in stream:
        pred[article.id] = clusterer.add(article)
    seconds = time.perf_counter() - start
    scores = bcubed(pred, gold)
    return {
        "bcubed_precision": scores.precision,
        "bcubed_recall": scores.recall,
        "bcubed_f1": scores.f1,
        "ari": adjusted_rand_index(pred, gold),
        "articles": len(pred),
        "stories": len(set(pred.values())),
        "gold_stories": len(set(gold.values())),
        "articles_per_second": len(pred) / seconds if seconds else float("inf"),
        "clean_per_second": len(pred) / clean_seconds if clean_seconds else float("inf"),
    }
