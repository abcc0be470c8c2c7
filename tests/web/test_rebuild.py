"""Stored stories' briefs rebuilt in the background (issue 16): a read waits at most
``story_brief_wait``, then gets the brief saved before (or 503 for a first brief), and one
rebuild per story runs however many reads ask. The rebuild is held on an event, so the
outcomes do not depend on the machine's speed."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_helpers import auth

from storyfuse.store import Store
from storyfuse.stories import stream
from storyfuse.types import Article
from storyfuse.web import rebuild
from storyfuse.web.app import WebSettings, create_app
from storyfuse.web.rebuild import BriefPendingError, StoryBriefs

WAIT_S = 0.2  # far below the held rebuild
RELEASE_S = 30.0  # a hang guard: the test releases the rebuild itself
EXTRA = (
    "Engineers began lifting the first sections of the Kestrel Harbour Bridge's fallen deck "
    "out of the Vell estuary on Friday, the port authority said, and the channel would "
    "widen next week."
)


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[threading.Event, list[str]]]:
    """``rebuild.refresh_brief`` made to wait for the event; the ids it was called for."""
    release = threading.Event()
    calls: list[str] = []
    real = stream.refresh_brief

    def slow(store: Store, story_id: str, **kwargs: Any) -> stream.BriefRecord:
        calls.append(story_id)
        assert release.wait(RELEASE_S)
        return real(store, story_id, **kwargs)

    monkeypatch.setattr(rebuild, "refresh_brief", slow)
    yield release, calls
    release.set()


FIRE = (
    "A fire destroyed a grain store at the edge of Wexmoor on Saturday night, the county fire "
    "service said. No one was hurt; the cause of the fire is not yet known, officials said."
)


def _sample_story(db: Path) -> str:
    with Store.open(db) as store:
        (row,) = [r for r in store.stories() if r.article_count > 1]
    return row.id


def _new_story(db: Path) -> str:
    """A story ingested now: it has no saved brief."""
    with Store.open(db) as store:
        report = stream.ingest_articles(store, [Article(id="fire", text=FIRE, title="Fire")])
        (story,) = report.stories_touched
        assert store.brief(story) is None
    return story


def test_a_first_brief_that_takes_long_is_pending_then_ready(
    fresh_db: Path, held: tuple[threading.Event, list[str]]
) -> None:
    release, calls = held
    story = _new_story(fresh_db)
    briefs = StoryBriefs(fresh_db, WAIT_S)
    try:
        with Store.open(fresh_db) as store:
            with pytest.raises(BriefPendingError, match="is being built"):
                briefs.brief(store, story, words=80)
            with pytest.raises(BriefPendingError):  # a second read joins the same rebuild
                briefs.brief(store, story, words=80)
        release.set()
        briefs.close()  # waits for the rebuild, which saves the brief
        assert calls == [story]
        with Store.open(fresh_db) as store:
            assert store.brief(story) is not None
            record = StoryBriefs(fresh_db, WAIT_S).brief(store, story, words=80)
        assert not record.rebuilt  # current now: no rebuild
    finally:
        release.set()
        briefs.close()


def test_a_grown_story_is_read_with_its_saved_brief_while_the_new_one_builds(
    fresh_db: Path, held: tuple[threading.Event, list[str]]
) -> None:
    release, calls = held
    story = _sample_story(fresh_db)
    token = "t" * 16
    settings = WebSettings(
        write_token=token, story_brief_wait=WAIT_S, summary_workers=0, words=80
    )
    with Store.open(fresh_db) as store:
        before = stream.refresh_brief(store, story, words=80).json  # saved and current
    with TestClient(create_app(fresh_db, settings=settings)) as client:
        grown = client.post(
            "/api/v1/articles", json={"articles": [{"text": EXTRA}]}, headers=auth(token)
        )
        assert grown.status_code == 200 and grown.json()["stories"] == [story]
        read = client.get(f"/api/v1/stories/{story}")
        assert read.status_code == 200
        assert read.json()["brief"] == json.loads(before)  # the saved one, at once
        page = client.get(f"/stories/{story}")
        assert page.status_code == 200
        release.set()
    # closing the app waited for the rebuild, which saved the grown story's brief
    assert calls == [story]
    with Store.open(fresh_db) as store:
        after = store.brief(story)
    assert after is not None and after[0] != before and EXTRA[:40] in after[0]


def test_the_api_answers_503_for_a_first_brief_that_takes_long(
    fresh_db: Path, held: tuple[threading.Event, list[str]]
) -> None:
    release, calls = held
    story = _new_story(fresh_db)
    settings = WebSettings(story_brief_wait=WAIT_S, summary_workers=0)
    with TestClient(create_app(fresh_db, settings=settings)) as client:
        response = client.get(f"/api/v1/stories/{story}")
        assert response.status_code == 503
        assert response.headers["Retry-After"]
        assert "is being built" in response.json()["detail"]
        page = client.get(f"/stories/{story}")
        assert page.status_code == 503 and "is being built" in page.text
        release.set()
    assert calls == [story]  # one rebuild for both reads
    settings = WebSettings(story_brief_wait=RELEASE_S, summary_workers=0)
    with TestClient(create_app(fresh_db, settings=settings)) as client:
        assert client.get(f"/api/v1/stories/{story}").status_code == 200


def test_a_rebuild_done_at_once_does_not_lock_the_next_read(
    fresh_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A future that is already done runs its done-callback in the thread adding it, which
    # holds the lock then: the lock must be re-entrant.
    story = _new_story(fresh_db)
    done: list[str] = []

    def instant(store: Store, story_id: str, **kwargs: Any) -> stream.BriefRecord:
        done.append(story_id)
        return stream.refresh_brief(store, story_id, **kwargs)

    monkeypatch.setattr(rebuild, "refresh_brief", instant)
    briefs = StoryBriefs(fresh_db, RELEASE_S)
    real_submit = briefs._pool.submit

    def submit_and_finish(fn: Any, *args: Any) -> Any:
        future = real_submit(fn, *args)
        future.result()  # done before the caller adds its callback
        return future

    monkeypatch.setattr(briefs._pool, "submit", submit_and_finish)
    finished = threading.Event()

    def read() -> None:
        with Store.open(fresh_db) as store:
            briefs.brief(store, story, words=80)
        finished.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    assert finished.wait(RELEASE_S), "the read deadlocked"
    briefs.close()
    assert done == [story]
