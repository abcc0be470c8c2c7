"""Stories from a stream, kept in the store: ingest batches of articles into stories, brief them.

Order of the stage, per article:

1. skip it if the store already has it in a story (re-running a batch is idempotent:
   ids are stable, the first stored version wins);
2. ``prepare``: ``clean_article`` and the MinHash values of the cleaned text. This part
   is pure per article, so it may run anywhere (``storyfuse.scale`` runs it on Dask
   workers); the rest is order-dependent and runs serially, in arrival order
   (``ingest_prepared``):
3. ``DuplicateIndex.add``: a near-duplicate joins its original's story; it is not fed
   to the clusterer (a reprint would only double its original's weight in the story
   centroid);
4. otherwise ``StoryClusterer.add`` picks the story;
5. ``Store.add_article`` stores it (with the original it duplicates) and
   ``Store.assign`` puts it in the story. A new story is titled by its first article's
   title, or else its first sentence;
6. at each commit, the compact profiles of the stories the clusterer closed are saved
   (``Store.save_story_profiles``).

Persistence across runs. The clusterer and the duplicate index live in memory, so each
run rebuilds them from the store before it processes anything (``replay``). With every
commit, each story the clusterer closed keeps its compact profile in the store (the
``DormantStory`` of the archive: ``Store.save_story_profiles``). On replay, the stories
last seen more than ``MAX_STORY_IDLE`` before the newest story are closed, so the
profiles of the most recent ``MAX_DORMANT_STORIES`` of them are restored into the
clusterer's dormant archive, as an uninterrupted run would hold them; then the
stories within ``MAX_STORY_IDLE`` of the newest are read back, and their non-duplicate
articles are fed, in ``arrival_order``, to a fresh ``DuplicateIndex`` and the clusterer.
Only those stories can take new articles as open stories (the clusterer closes a story
once it has been idle for its window, at most ``MAX_STORY_IDLE``, and the duplicate
index forgets originals older than ``STORY_WINDOW``), so memory and start-up time are
bounded by the window and the archive, not by the size of the store. The replayed
clusterer may group the articles a little differently from the runs that stored them
(its idf grows with the stream), so its story ids are not trusted: each replayed
clusterer story is mapped to the stored story holding most of its articles, and a new
article that joins it goes there. A story the clusterer starts in this run keeps the
clusterer's id, a stable hash of its first article's id, so one run over a batch gives
the same ids as any other.

Interruption. Writes are committed ``COMMIT_ARTICLES`` articles at a time, each
article's writes (add, mark duplicate, assign) whole: a crash loses at most the
uncommitted articles, never half of one, and the next run does them again. Ctrl-C (on
the main thread) is held until the current article is done; what was done is committed,
then ``KeyboardInterrupt`` is raised. Should a crash leave an article stored but in no
story anyway, the next run that sees it again finishes it (``resumed``).
"""

from __future__ import annotations

import json
import re
import signal
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from itertools import islice
from types import FrameType
from typing import TYPE_CHECKING, TypeVar

import numpy as np

from storyfuse.defaults import DEFAULT_WORDS
from storyfuse.store import Store, StoreError
from storyfuse.stories.cluster import MAX_STORY_IDLE, DormantStory, StoryClusterer, naive_utc
from storyfuse.stories.dedup import DuplicateIndex, hash_values
from storyfuse.text.clean import clean_article
from storyfuse.types import Article

if TYPE_CHECKING:
    from storyfuse.analyze.brief import Brief

TITLE_CHARS = 120  # a story titled by its first sentence keeps at most this many characters
DEFAULT_BRIEF_WORDS = DEFAULT_WORDS  # a stored brief's budget
# Articles per store transaction: one commit (and its fsync) per article cost more than
# the rest of the store's work; a crash loses at most this many, to be redone.
COMMIT_ARTICLES = 200
# Placements remembered in ``StreamState.article_story`` (oldest dropped first).
RECENT_PLACEMENTS = 50_000
MIN_RETITLE_MEMBERS = 2  # members a story's most central article is chosen among
# Keys every summary sentence of a saved brief has in the current JSON format
# (``rendering.summary_dict``); a brief without them is rebuilt (``reusable_brief``).
SENTENCE_KEYS = frozenset({"supporting_sentences"})

# Wire services whose name may lead a text without punctuation ("Associated Press An
# Israeli soldier rides ..."), besides the article's own source.
WIRE_NAMES = ("Associated Press", "Reuters", "Agence France-Presse", "AFP", "Xinhua")
TITLE_SUFFIX_WORDS = 4  # an all-capitals trailing segment this short is an outlet's name

# "LONDON (AP) _ ", "SEOUL, South Korea (AP) _ ", "Washington (CNN) -- ", "(CNN) -- "
_DATELINE_RE = re.compile(
    r"""^(?:
        [A-Z][A-Za-z.'\- ]{1,40}(?:,\s*[A-Z][A-Za-z.]*\.?(?:\s+(?:[A-Z][A-Za-z.]*|\d{1,2}))?)?\s*
            (?:\([A-Za-z ]{2,30}\)\s*)?(?:_|--|—|–)\s*
      | [A-Z][A-Za-z.'\- ]{1,40}(?:,\s*[A-Z][A-Za-z.]*\.?(?:\s+(?:[A-Z][A-Za-z.]*|\d{1,2}))?)?\s*
            \([A-Za-z ]{2,30}\)\s*-\s*
      | [A-Z][A-Z.'\- ]{1,40}(?:,\s*[A-Z][A-Za-z.]*\.?(?:\s+(?:[A-Z][A-Za-z.]*|\d{1,2}))?)?\s+-\s+
      | \([A-Za-z ]{2,30}\)\s*(?:(?:_|--|—|–|-)\s*)?
    )(?=["“‘'(\d]|[A-Z])""",
    re.VERBOSE,
)
# ", THE INDEPENDENT", " | Reuters", " - BBC News": a last segment after a separator
_TITLE_SUFFIX_RE = re.compile(r"(?:,|\s+[|\-–—])\s+([^,|\-–—]{2,60})$")
_NOT_ALNUM_RE = re.compile(r"[\W_]+")

Progress = Callable[[int, int], None]  # (articles done, articles in the batch)
T = TypeVar("T")


class UnknownStoryError(StoreError):
    """A story id that the store does not have."""


# A publication date up to this much after the ingest time is a time zone or a clock
# off by a little; past it, the date is wrong and the article is stored undated.
FUTURE_SLACK = timedelta(days=1)


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
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Prepared:
    """An article made ready for the serial part of ingest: cleaned, with the MinHash
    values of its text (``dedup.hash_values``; None when it has no words)."""

    article: Article
    values: np.ndarray | None


@dataclass(slots=True)
class StreamState:
    """The in-memory state of the stream, rebuilt from the store by ``replay``.

    ``cluster_story`` maps a replayed clusterer story to its stored story (a story
    started in this run is stored under the clusterer's id). ``article_story`` holds the
    stored story of the articles replayed or placed through this state, at most
    ``RECENT_PLACEMENTS`` of them; ``Store.story_of`` is the authority.
    """

    clusterer: StoryClusterer = field(default_factory=StoryClusterer)
    duplicates: DuplicateIndex = field(default_factory=DuplicateIndex)
    cluster_story: dict[str, str] = field(default_factory=dict)
    article_story: dict[str, str] = field(default_factory=dict)
    # stored story -> its clusterer story, for those articles joined since the last retitle
    clustered: dict[str, str] = field(default_factory=dict)
    # stored story -> the article its title was last taken from (in this state's life)
    title_article: dict[str, str] = field(default_factory=dict)

    def placed(self, article_id: str, story_id: str) -> None:
        self.article_story.pop(article_id, None)
        self.article_story[article_id] = story_id
        while len(self.article_story) > RECENT_PLACEMENTS:
            del self.article_story[next(iter(self.article_story))]


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


def arrival_key(article: Article) -> tuple[bool, datetime, str]:
    """The sort key of ``arrival_order``."""
    published = naive_utc(article.published)
    return (published is None, published or datetime.min, article.id)


def arrival_order(articles: Iterable[Article]) -> list[Article]:
    """Dated articles by publication time, then undated ones; ties by id (deterministic).

    The clusterer wants its stream in time order; replay uses the same order, so a single
    run's clustering is reproduced exactly.
    """
    return sorted(articles, key=arrival_key)


def story_title(article: Article) -> str | None:
    """The article's title, or else its first sentence, without a dateline or an outlet's
    name (``clean_title``), cut to ``TITLE_CHARS``."""
    title = clean_title(article.title or "", article.source)
    if not title:
        from storyfuse.text.segment import segment_article

        sentences = segment_article(article)
        if not sentences:
            return None
        title = clean_title(sentences[0].text, article.source)
    return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1].rstrip() + "…"


def _same_name(a: str, b: str) -> bool:
    return _NOT_ALNUM_RE.sub("", a).casefold() == _NOT_ALNUM_RE.sub("", b).casefold()


def clean_title(text: str, source: str | None = None) -> str:
    """A title without a leading dateline ("ANKARA, Turkey (AP) _ "), a leading wire or
    ``source`` name, or a trailing outlet's name (``source``, or a short all-capitals
    segment after a comma or a dash: ", THE INDEPENDENT"); spaces collapsed."""
    title = " ".join(text.split())
    match = _DATELINE_RE.match(title)
    if match and match.end() < len(title):
        title = title[match.end() :]
    outlets = (*WIRE_NAMES, source) if source else WIRE_NAMES
    for outlet in outlets:
        rest = title[len(outlet) :]
        if title.startswith(outlet) and rest[:1] == " " and rest[1:2].isupper():
            title = rest[1:]
            break
    suffix = _TITLE_SUFFIX_RE.search(title)
    if suffix and suffix.start() > 0:
        last = suffix.group(1).strip()
        head = title[: suffix.start()]
        by_source = source is not None and _same_name(last, source)
        shouted = last.isupper() and not head.isupper() and len(last.split()) <= TITLE_SUFFIX_WORDS
        if by_source or shouted:
            title = head.rstrip()
    return title


def future_date(article: Article, now: datetime) -> datetime | None:
    """The article's publication date (naive UTC) when it is after ``now`` (naive UTC) by
    more than ``FUTURE_SLACK``, else ``None``. Such a date is wrong (no report is published
    in the future); left in, it would move the duplicate index's clock past every other
    article, expiring them all, and end every open story."""
    published = naive_utc(article.published)
    return published if published is not None and published > now + FUTURE_SLACK else None


def future_note(published: datetime) -> str:
    """What the warning about a date after the ingest time says, after its place."""
    return f"published {published:%Y-%m-%d %H:%M} UTC is after the ingest time; stored undated"


def _place_of(article: Article) -> str:
    """Where a warning says the article is: its file and its URL (else its id)."""
    named = article.url or article.id
    return f"{article.path} ({named})" if article.path else named


def ingest_time() -> datetime:
    """Now, naive UTC: what ``future_date`` compares with."""
    return datetime.now(UTC).replace(tzinfo=None)


def prepare(raw: Article) -> Prepared:
    """The cleaned article and the MinHash values of its text; pure, picklable."""
    article = clean_article(raw)
    return Prepared(article, hash_values(article.text))


def prepare_batch(raws: Sequence[Article]) -> list[Prepared]:
    """``prepare`` of each article, in order (one task's worth for a Dask worker)."""
    return [prepare(raw) for raw in raws]


def replay(store: Store) -> StreamState:
    """Rebuild the duplicate index and clusterer: the dormant archive from the stored
    profiles of closed stories, the rest from the stories that may still be open."""
    state = StreamState()
    newest = store.stories(limit=1)
    if not newest:
        return state
    horizon = newest[0].last_seen - MAX_STORY_IDLE
    clusterer = state.clusterer
    for sid, profile_json in store.story_profiles(before=horizon, limit=clusterer.max_dormant):
        clusterer.restore(DormantStory.from_json(sid, profile_json))
        state.cluster_story[sid] = sid
    articles: dict[str, Article] = {}
    for row in store.stories(since=horizon):  # may still be open: fed again
        for article in store.story_articles(row.id):
            if article.id not in articles:
                articles[article.id] = article
                state.placed(article.id, row.id)
    votes: dict[str, Counter[str]] = {}
    now = ingest_time()
    for stored in arrival_order(articles.values()):
        if store.duplicate_of(stored.id) is not None:
            continue
        # stored by a version that kept future dates: they must not move the clocks
        article = replace(stored, published=None) if future_date(stored, now) else stored
        state.duplicates.add(article.id, article.text, published=article.published)
        sid = state.clusterer.add(article)
        votes.setdefault(sid, Counter())[state.article_story[article.id]] += 1
    clusterer.take_closed()  # closed again on the way: their profiles are stored already
    for sid, counter in votes.items():
        # most votes, then the smaller stored id: the same mapping on every run
        state.cluster_story[sid] = min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    return state


@contextmanager
def _interrupt_deferred() -> Iterator[list[int]]:
    """Hold Ctrl-C (SIGINT) for the block, which sees it in the yielded list and should
    end soon; it is raised as KeyboardInterrupt after the block. Main thread only."""
    received: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield received
        return

    def hold(signum: int, frame: FrameType | None) -> None:
        received.append(signum)

    previous = signal.signal(signal.SIGINT, hold)
    try:
        yield received
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
    now: datetime | None = None,
) -> IngestReport:
    """Store, deduplicate and cluster ``articles`` (in the order given) into the store's stories.

    ``state`` defaults to ``replay(store)``, read under the store's writer lock
    (``Store.writing``), which is held to the end; a caller that passes its own ``state``
    should have replayed it under that lock too, or another writer's stories are not in it.
    Pass ``arrival_order(articles)`` for the best clustering. ``progress`` is called after
    each article with (done, total). Articles already in a story are skipped before
    cleaning; the rest are prepared here. ``now``: the ingest time (``ingest_prepared``).
    """
    with store.writing():  # the state and the placements of one writer at a time
        state = state if state is not None else replay(store)
        todo = unplaced(store, state, articles, lambda article: article.id)
        skipped = len(articles) - len(todo)
        if progress is not None and skipped:
            progress(skipped, len(articles))

        def tick(done: int, total: int) -> None:
            if progress is not None:
                progress(skipped + done, skipped + total)

        report = ingest_prepared(
            store, map(prepare, todo), total=len(todo), state=state, progress=tick, now=now
        )
    return replace(report, existing=report.existing + skipped)


def unplaced(
    store: Store, state: StreamState, items: Sequence[T], article_id: Callable[[T], str]
) -> list[T]:
    """The items whose article is in no story yet, in order (the others need no work)."""
    known = store.placed(article_id(item) for item in items)
    for placed_id, story_id in known.items():
        state.placed(placed_id, story_id)
    return [item for item in items if article_id(item) not in known]


@dataclass(slots=True)
class _Tally:
    added: int = 0
    existing: int = 0
    duplicates: int = 0
    new_stories: int = 0
    resumed: int = 0
    touched: dict[str, None] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def ingest_prepared(
    store: Store,
    items: Iterable[Prepared],
    *,
    state: StreamState,
    total: int | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> IngestReport:
    """The serial part of ingest: store, deduplicate and cluster prepared articles, in order.

    An article dated after ``now`` (naive UTC; default ``ingest_time()``) by more than
    ``FUTURE_SLACK`` is stored undated, with a warning in the report (``future_date``).
    At the end, each story that articles joined is titled by its most central article
    (``_retitle``).

    ``items`` may be lazy (prepared elsewhere while these are processed). Writes are
    committed every ``COMMIT_ARTICLES`` articles and at the end; after an error the
    uncommitted articles are rolled back and ``state`` no longer matches the store
    (``replay`` it). ``progress`` gets (done, ``total``) after each article.
    """
    tally = _Tally()
    done = 0
    stream = iter(items)
    clock = now if now is not None else ingest_time()
    with _interrupt_deferred() as interrupted:
        while not interrupted:
            chunk = list(islice(stream, COMMIT_ARTICLES))
            if not chunk:
                break
            with store.batch():
                # one query for the chunk: which of its articles are in a story already
                known = store.placed(item.article.id for item in chunk)
                for item in chunk:
                    if (bad := future_date(item.article, clock)) is not None:
                        tally.warnings.append(f"{_place_of(item.article)}: {future_note(bad)}")
                        item = replace(item, article=replace(item.article, published=None))
                    _ingest_one(store, item, state, tally, known)
                    done += 1
                    if progress is not None:
                        progress(done, total if total is not None else done)
                    if interrupted:
                        break
                store.save_story_profiles(_profiles(state, state.clusterer.take_closed()))
            if len(chunk) < COMMIT_ARTICLES:
                break
    if state.clustered:  # once a call: a title is no reason to read articles every chunk
        with store.batch():
            _retitle(store, state)
    return IngestReport(
        tally.added,
        tally.existing,
        tally.duplicates,
        tuple(tally.touched),
        tally.new_stories,
        tally.resumed,
        tuple(tally.warnings),
    )


def _profiles(state: StreamState, cluster_ids: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(stored story id, profile JSON) of the clusterer's stories that it still holds
    (dormant, when they have just closed)."""
    for cluster_id in cluster_ids:
        snapshot = state.clusterer.snapshot(cluster_id)
        if snapshot is not None:
            yield state.cluster_story.get(cluster_id, cluster_id), snapshot.to_json()


def _ingest_one(
    store: Store, item: Prepared, state: StreamState, tally: _Tally, known: dict[str, str]
) -> None:
    """``known``: the stored story of the chunk's articles that had one when it began;
    one placed since (the same article twice in a chunk) is in ``state.article_story``."""
    article = item.article
    stored = known.get(article.id) or state.article_story.get(article.id)
    if stored is not None:  # already in a story: nothing to do
        state.placed(article.id, stored)
        tally.existing += 1
        return
    sid, original, created = _place(store, item, state)
    is_new = store.add_article(article, duplicate_of=original)
    if original is not None and not is_new:  # stored by a run that crashed before placing it
        store.mark_duplicate(article.id, original)
    store.assign(article.id, sid, title=story_title(article) if created else None)
    state.placed(article.id, sid)
    tally.added += is_new
    tally.existing += not is_new
    tally.resumed += not is_new
    tally.duplicates += original is not None
    tally.new_stories += created
    tally.touched.setdefault(sid)


def _place(store: Store, item: Prepared, state: StreamState) -> tuple[str, str | None, bool]:
    """(story id, original id if a near-duplicate, whether the story is new)."""
    article = item.article
    original = state.duplicates.add(
        article.id, article.text, published=article.published, values=item.values
    )
    if original is not None:
        story = store.story_of(original)
        if story is not None:
            return story, original, False
    cluster_id = state.clusterer.add(article)
    sid = state.cluster_story.get(cluster_id, cluster_id)
    state.clustered[sid] = cluster_id
    return sid, original, not store.has_story(sid)


def _retitle(store: Store, state: StreamState) -> None:
    """Title each story that articles joined (through the clusterer) since the last call
    by its most central article (``StoryClusterer.central_article``), when that changed.

    A story reopened with one new member keeps its title: the members before it are not
    among the candidates any more.
    """
    for sid, cluster_id in state.clustered.items():
        central = state.clusterer.central_article(cluster_id)
        if central is None or state.title_article.get(sid) == central:
            continue
        if state.title_article.get(sid) is None and len(
            state.clusterer.story_articles(cluster_id)
        ) < MIN_RETITLE_MEMBERS:
            state.title_article[sid] = central  # nothing to choose from yet
            continue
        article = store.get_article(central)
        title = story_title(article) if article is not None else None
        if title:
            store.retitle(sid, title)
            state.title_article[sid] = central
    state.clustered.clear()


def reusable_brief(brief_json: str, words: int) -> bool:
    """Whether a saved brief was built for ``words`` and in the current JSON format.

    The current format gives every summary sentence its ``SENTENCE_KEYS`` (the sentence
    of each supporting article saying the same), which the pages and the API read instead
    of matching sentences again. A brief saved by an older version lacks them: it is
    rebuilt once, like a stale one, rather than shown without them until its story grows.
    """
    try:
        data = json.loads(brief_json)
        budget_words = data.get("budget", {}).get("words")
        sentences = data.get("sentences", [])
        current = all(isinstance(s, dict) and s.keys() >= SENTENCE_KEYS for s in sentences)
    except (ValueError, AttributeError, TypeError):
        return False
    return isinstance(budget_words, int) and budget_words == words and current


def current_brief(store: Store, story_id: str, *, words: int | None = None) -> BriefRecord | None:
    """The story's saved brief when ``refresh_brief`` would not rebuild it, else None;
    ``UnknownStoryError`` for a story not in the store."""
    if store.story(story_id) is None:
        raise UnknownStoryError(f"unknown story {story_id!r}")
    cached = store.brief(story_id)
    if cached is None or not reusable_brief(cached[0], words or DEFAULT_BRIEF_WORDS):
        return None
    if story_id in {row.id for row in store.stale_stories()}:
        return None
    return BriefRecord(story_id, cached[0], cached[1], rebuilt=False)


def refresh_brief(
    store: Store, story_id: str, *, words: int | None = None, force: bool = False
) -> BriefRecord:
    """The story's brief, rebuilt and saved only when missing, stale, of other ``words``
    or saved in an older JSON format (``reusable_brief``).

    Built by ``pipeline.brief`` over the story's non-duplicate articles (all of them if
    every one is a duplicate) and saved as ``render(brief, "json")``.
    """
    current = None if force else current_brief(store, story_id, words=words)
    if current is not None:
        return current
    words = words or DEFAULT_BRIEF_WORDS
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

    return brief(brief_articles(store, story_id), words=words or DEFAULT_BRIEF_WORDS)


def brief_articles(store: Store, story_id: str) -> tuple[Article, ...]:
    """The articles a story's brief is built from: its non-duplicates (all, if none is)."""
    articles = store.story_articles(story_id)
    if not articles:
        raise UnknownStoryError(f"story {story_id!r} has no articles")
    originals = tuple(a for a in articles if store.duplicate_of(a.id) is None)
    return originals or articles
