"""Stories from a stream, kept in the store: ingest batches of articles into stories, brief them.

Order of the stage, per article (``ingest_articles``):

1. skip it if the store already has its id and it already sits in a story (re-running a
   batch is idempotent: ids are stable, the first stored version wins);
2. ``clean_article``, then ``Store.add_articles`` (one transaction per article);
3. ``DuplicateIndex.add``: a near-duplicate is recorded with ``Store.mark_duplicate``
   and joins its original's story; it is not fed to the clusterer (a reprint would
   only double its original's weight in the story centroid);
4. otherwise ``StoryClusterer.add`` picks the story; ``Store.assign`` records it. A new
   story is titled by its first article's title, or else its first sentence.

Persistence across runs. The clusterer and the duplicate index live in memory, so each
run rebuilds them from the store before it processes anything (``replay``): the stories
whose ``last_seen`` is within ``STORY_WINDOW`` of the newest story are read back, and
their non-duplicate articles are fed, in ``arrival_order``, to a fresh ``DuplicateIndex``
and ``StoryClusterer``. Only those stories can take new articles anyway (the clusterer
closes stories idle beyond its window), so memory and start-up time are bounded by the
window, not by the size of the store. The replayed clusterer may group the articles a
little differently from the runs that stored them (its idf grows with the stream), so
its story ids are not trusted: each replayed clusterer story is mapped to the stored
story holding most of its articles, and a new article that joins it goes there. A story
the clusterer starts in this run keeps the clusterer's id, a stable hash of its first
article's id, so one run over a batch gives the same ids as any other.

Interruption. Every store write is its own transaction, so what was committed stays.
The three writes of one article (add, mark duplicate, assign) run with Ctrl-C deferred
to their end (on the main thread), so an interrupt never leaves an article stored but in
no story. Should a crash do so anyway, the next run takes up a dated article of the
window that is stored but in no replayed story and finishes it (``resumed``).
"""

from __future__ import annotations

import json
import signal
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import FrameType
from typing import TYPE_CHECKING

from storyfuse.clean import clean_article
from storyfuse.cluster import STORY_WINDOW, StoryClusterer
from storyfuse.dedup import DuplicateIndex
from storyfuse.store import Store, StoreError
from storyfuse.types import Article

if TYPE_CHECKING:
    from storyfuse.analyze.brief import Brief

TITLE_CHARS = 120  # a story titled by its first sentence keeps at most this many characters
DEFAULT_BRIEF_WORDS = 100  # storyfuse.pipeline.DEFAULT_WORDS

Progress = Callable[[int, int], None]  # (articles done, articles in the batch)


class UnknownStoryError(StoreError):
    """A story id that the store does not have."""


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What one ``ingest_articles`` call did.

    ``added``: articles newly stored; ``existing``: articles the store already had
    (skipped); ``duplicates``: new articles marked as near-duplicates; ``stories_touched``:
    ids of the stories that gained an article, in first-touched order; ``new_stories``:
    how many of those this call created; ``resumed``: stored articles that were in no
    story (an earlier run crashed) and were assigned now.
    """

    added: int
    existing: int
    duplicates: int
    stories_touched: tuple[str, ...]
    new_stories: int = 0
    resumed: int = 0


@dataclass(slots=True)
class StreamState:
    """The in-memory state of the stream, rebuilt from the store by ``replay``."""

    clusterer: StoryClusterer = field(default_factory=StoryClusterer)
    duplicates: DuplicateIndex = field(default_factory=DuplicateIndex)
    article_story: dict[str, str] = field(default_factory=dict)  # article id -> stored story
    cluster_story: dict[str, str] = field(default_factory=dict)  # clusterer id -> stored story
    horizon: datetime | None = None  # naive UTC: stories idle since before it were not read


@dataclass(frozen=True, slots=True)
class BriefRecord:
    """A story's saved brief: its JSON, when it was saved, and whether this call built it.

    ``brief`` is the ``Brief`` object when this call built it, else ``None``.
    """

    story_id: str
    json: str
    brief_at: datetime
    rebuilt: bool
    brief: Brief | None = None


def _naive_utc(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def arrival_order(articles: Iterable[Article]) -> list[Article]:
    """Dated articles by publication time, then undated ones; ties by id (deterministic).

    The clusterer wants its stream in time order; replay uses the same order, so a single
    run's clustering is reproduced exactly.
    """

    def key(article: Article) -> tuple[bool, datetime, str]:
        published = _naive_utc(article.published)
        return (published is None, published or datetime.min, article.id)

    return sorted(articles, key=key)


def story_title(article: Article) -> str | None:
    """The article's title, or else its first sentence (cut to ``TITLE_CHARS``)."""
    if article.title and article.title.strip():
        return article.title.strip()
    from storyfuse.segment import segment_article

    sentences = segment_article(article)
    if not sentences:
        return None
    text = " ".join(sentences[0].text.split())
    return text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1].rstrip() + "…"


def replay(store: Store) -> StreamState:
    """Rebuild the duplicate index and clusterer from the stories of the newest window."""
    state = StreamState()
    newest = store.stories(limit=1)
    if not newest:
        return state
    horizon = newest[0].last_seen - STORY_WINDOW
    state.horizon = _naive_utc(horizon)
    articles: dict[str, Article] = {}
    for row in store.stories(since=horizon):
        for article in store.story_articles(row.id):
            state.article_story.setdefault(article.id, row.id)
            articles.setdefault(article.id, article)
    votes: dict[str, Counter[str]] = {}
    for article in arrival_order(articles.values()):
        if store.duplicate_of(article.id) is not None:
            continue
        state.duplicates.add(article.id, article.text)
        sid = state.clusterer.add(article)
        votes.setdefault(sid, Counter())[state.article_story[article.id]] += 1
    for sid, counter in votes.items():
        # most votes, then the smaller stored id: the same mapping on every run
        state.cluster_story[sid] = min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    return state


@contextmanager
def _interrupt_deferred() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) until the block ends, then raise it; main thread only."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []

    def hold(signum: int, frame: FrameType | None) -> None:
        received.append(signum)

    previous = signal.signal(signal.SIGINT, hold)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if received:
        raise KeyboardInterrupt


def ingest_articles(
    store: Store,
    articles: Sequence[Article],
    *,
    progress: Progress | None = None,
    state: StreamState | None = None,
) -> IngestReport:
    """Store, deduplicate and cluster ``articles`` (in the order given) into the store's stories.

    ``state`` defaults to ``replay(store)``; pass ``arrival_order(articles)`` for the best
    clustering. ``progress`` is called after each article with (done, total).
    """
    state = state if state is not None else replay(store)
    added = existing = duplicates = new_stories = resumed = 0
    touched: dict[str, None] = {}
    total = len(articles)
    for done, raw in enumerate(articles, start=1):
        if raw.id in state.article_story:
            existing += 1
        else:
            article = clean_article(raw)
            with _interrupt_deferred():  # stored and assigned, or neither
                is_new = bool(store.add_articles([article]).added)
                if not is_new and not _unfinished(article, state):
                    existing += 1
                else:
                    sid, original, created = _place(store, article, state)
                    if original is not None:
                        store.mark_duplicate(article.id, original)
                    title = story_title(article) if created else None
                    store.assign(article.id, sid, title=title)
                    state.article_story[article.id] = sid
                    added += is_new
                    existing += not is_new
                    resumed += not is_new
                    duplicates += original is not None
                    new_stories += created
                    touched.setdefault(sid)
        if progress is not None:
            progress(done, total)
    return IngestReport(added, existing, duplicates, tuple(touched), new_stories, resumed)


def _unfinished(article: Article, state: StreamState) -> bool:
    """A stored article in no replayed story that a crash may have left unassigned.

    Only a dated article of the replayed window can be told apart from one that sits in
    an older story (an older story's articles are not read back).
    """
    published = _naive_utc(article.published)
    return published is not None and state.horizon is not None and published >= state.horizon


def _place(
    store: Store, article: Article, state: StreamState
) -> tuple[str, str | None, bool]:
    """(story id, original id if a near-duplicate, whether the story is new)."""
    original = state.duplicates.add(article.id, article.text)
    if original is not None and original in state.article_story:
        return state.article_story[original], original, False
    cluster_id = state.clusterer.add(article)
    sid = state.cluster_story.setdefault(cluster_id, cluster_id)
    return sid, original, store.story(sid) is None


def _cached_words(brief_json: str) -> int | None:
    try:
        words = json.loads(brief_json).get("budget", {}).get("words")
    except (ValueError, AttributeError):
        return None
    return words if isinstance(words, int) else None


def refresh_brief(
    store: Store, story_id: str, *, words: int | None = None, force: bool = False
) -> BriefRecord:
    """The story's brief, rebuilt and saved only when missing, stale or of other ``words``.

    Built by ``pipeline.brief`` over the story's non-duplicate articles (all of them if
    every one is a duplicate) and saved as ``render(brief, "json")``.
    """
    if store.story(story_id) is None:
        raise UnknownStoryError(f"unknown story {story_id!r}")
    words = words or DEFAULT_BRIEF_WORDS
    cached = store.brief(story_id)
    if cached is not None and not force and _cached_words(cached[0]) == words:
        stale = {row.id for row in store.stale_stories()}
        if story_id not in stale:
            return BriefRecord(story_id, cached[0], cached[1], rebuilt=False)
    built = build_brief(store, story_id, words=words)
    from storyfuse.rendering import render

    text = render(built, "json")
    store.save_brief(story_id, text)
    saved = store.brief(story_id)
    brief_at = saved[1] if saved is not None else datetime.now(UTC)
    return BriefRecord(story_id, text, brief_at, rebuilt=True, brief=built)


def build_brief(store: Store, story_id: str, *, words: int | None = None) -> Brief:
    """The brief of a stored story's non-duplicate articles (not saved)."""
    from storyfuse.pipeline import brief

    articles = store.story_articles(story_id)
    if not articles:
        raise UnknownStoryError(f"story {story_id!r} has no articles")
    originals = [a for a in articles if store.duplicate_of(a.id) is None]
    return brief(originals or articles, words=words or DEFAULT_BRIEF_WORDS)
