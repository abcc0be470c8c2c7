"""Concurrent writers to one store (issue 16): two API posts at once, and an ingest of
another connection (``storyfuse ingest`` in another process, say) while the server
writes. No article is lost and each lands in exactly one story; the two posts (which the
server runs one at a time) give the stories one writer gives."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from web_helpers import auth, make_client

from storyfuse.ingest import load_paths
from storyfuse.samples import sample_dir
from storyfuse.store import Store
from storyfuse.stories.stream import arrival_order, ingest_articles
from storyfuse.types import Article
from storyfuse.web.inputs import posted_article

ROUNDS = 3  # batches per writer


def _sample() -> list[Article]:
    """The bundled sample story, as the API builds its articles, in arrival order."""
    return arrival_order([_posted(a) for a in load_paths([sample_dir()]).articles])


def _body(article: Article) -> dict[str, Any]:
    published = article.published.isoformat() if article.published else None
    return {
        "text": article.text,
        "title": article.title,
        "source": article.source,
        "url": article.url,
        "published": published,
    }


def _posted(article: Article) -> Article:
    """The article as the API builds it from its posted fields (same id, no path)."""
    return posted_article(
        text=article.text,
        title=article.title,
        source=article.source,
        url=article.url,
        published=article.published,
    )


def _in_threads(*jobs: Callable[[], None]) -> None:
    """Run the jobs at once (a barrier lines up their starts); re-raise the first error."""
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(job: Callable[[], None]) -> None:
        barrier.wait()
        try:
            job()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    if errors:
        raise errors[0]


def _grouping(db: Path) -> tuple[int, dict[str, int]]:
    """The number of articles, and how many stories each article is in."""
    with Store.open(db) as store:
        count = store.count_articles()
        memberships: dict[str, int] = {}
        for story in store.stories(limit=1000):
            for article in store.story_articles(story.id):
                memberships[article.id] = memberships.get(article.id, 0) + 1
    return count, memberships


def _stories(db: Path) -> set[frozenset[str]]:
    with Store.open(db) as store:
        return {
            frozenset(a.id for a in store.story_articles(s.id)) for s in store.stories(limit=1000)
        }


def _alone(articles: Sequence[Article], tmp_path: Path) -> set[frozenset[str]]:
    """The stories one writer makes of ``articles`` (the sample: one story)."""
    alone = tmp_path / "alone.sqlite"
    with Store.open(alone) as store:
        ingest_articles(store, articles)
    stories = _stories(alone)
    assert len(stories) == 1
    return stories


def _batches(articles: Sequence[Article], writers: int) -> list[list[list[Article]]]:
    """``articles`` dealt out: writer w gets every ``writers``-th, in ``ROUNDS`` batches."""
    mine = [list(articles[w::writers]) for w in range(writers)]
    return [[part[r::ROUNDS] for r in range(ROUNDS) if part[r::ROUNDS]] for part in mine]


def test_two_posts_at_once_lose_nothing(tmp_path: Path) -> None:
    articles = _sample()
    db = tmp_path / "store.sqlite"
    with make_client(db) as client:

        def writer(batches: list[list[Article]]) -> Callable[[], None]:
            def post() -> None:
                for batch in batches:
                    body = {"articles": [_body(a) for a in batch]}
                    response = client.post("/api/v1/articles", json=body, headers=auth())
                    assert response.status_code == 200, response.text

            return post

        _in_threads(*(writer(b) for b in _batches(articles, 2)))
    count, memberships = _grouping(db)
    assert count == len(articles)
    assert sorted(memberships) == sorted(a.id for a in articles)
    assert set(memberships.values()) == {1}  # each article in exactly one story
    assert _stories(db) == _alone(articles, tmp_path)


def test_the_server_and_another_ingest_at_once_lose_nothing(tmp_path: Path) -> None:
    articles = _sample()
    db = tmp_path / "store.sqlite"
    served, other = _batches(articles, 2)
    with make_client(db) as client:

        def post() -> None:
            for batch in served:
                response = client.post(
                    "/api/v1/articles", json={"articles": [_body(a) for a in batch]}, headers=auth()
                )
                assert response.status_code == 200, response.text

        def cli_ingest() -> None:
            for batch in other:
                with Store.open(db) as store:  # a connection of its own, as a CLI run has
                    ingest_articles(store, batch)

        _in_threads(post, cli_ingest)
        # the store's writer lock serialises the two: each places on the other's stories
        # (without it about one run in four split the story in two)
        assert _stories(db) == _alone(articles, tmp_path)
        # after the other writer, the server replays: a later post still joins the story
        late = posted_article(
            text=articles[0].text + "\nA spokesman repeated the figures on Thursday.",
            title=articles[0].title,
            source="Late Desk",
            url="https://late.example/bridge",
            published=datetime(2025, 3, 13, 18, 0),
        )
        response = client.post("/api/v1/articles", json={"articles": [_body(late)]}, headers=auth())
        assert response.status_code == 200
    count, memberships = _grouping(db)
    assert count == len(articles) + 1
    assert set(memberships.values()) == {1}
    assert len(memberships) == count
