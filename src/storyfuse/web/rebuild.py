"""Stored stories' briefs rebuilt off the request (issue 16): no page waits long for one.

A story's brief is rebuilt when the story has grown since it was saved
(``stream.refresh_brief``). For a big story, or one holding very long reports, that can
take far longer than a reader waits. ``StoryBriefs.brief`` therefore runs the rebuild in
a background thread and waits for it at most ``wait_s``: past that, the request gets the
brief saved before (still correct for the articles it names) and the rebuild goes on,
to be saved for the next request; a story that never had a brief gets ``BriefPendingError``
(503 with ``Retry-After``). One rebuild per story and length runs at a time, however
many requests ask for it.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

from storyfuse.errors import StoryfuseError
from storyfuse.store import Store
from storyfuse.stories.stream import BriefRecord, current_brief, refresh_brief

REBUILD_THREADS = 1  # rebuilds at once: they share the interpreter with the requests


class BriefPendingError(StoryfuseError):
    """The story's first brief is still being built."""


class StoryBriefs:
    """Rebuilds of the briefs of the stories in the store at ``db_path``."""

    def __init__(self, db_path: Path, wait_s: float) -> None:
        self.db_path = db_path
        self.wait_s = wait_s
        self._pool = ThreadPoolExecutor(REBUILD_THREADS, thread_name_prefix="storyfuse-brief")
        self._running: dict[tuple[str, int | None], Future[BriefRecord]] = {}
        # re-entrant: a rebuild that is done before its callback is added runs the
        # callback (which takes the lock) in the thread that holds it
        self._lock = threading.RLock()

    def brief(self, store: Store, story_id: str, *, words: int | None) -> BriefRecord:
        """The story's brief: the saved one when it is current, else a rebuild waited for
        at most ``wait_s``, else the saved one while the rebuild goes on.

        Raises ``stream.UnknownStoryError`` for a story not in the store, and
        ``BriefPendingError`` when no brief was saved yet and the first takes longer.
        """
        current = current_brief(store, story_id, words=words)
        if current is not None:
            return current
        cached = store.brief(story_id)
        with self._lock:
            key = (story_id, words)
            running = self._running.get(key)
            if running is None:
                running = self._pool.submit(self._rebuild, story_id, words)
                self._running[key] = running
                running.add_done_callback(lambda _: self._done(key))
        try:
            return running.result(timeout=self.wait_s)
        except FutureTimeout:
            if cached is None:
                raise BriefPendingError(
                    f"the brief of story {story_id} is being built; it takes longer than "
                    f"{self.wait_s:g} s: try again shortly"
                ) from None
            return BriefRecord(story_id, cached[0], cached[1], rebuilt=False)

    def _rebuild(self, story_id: str, words: int | None) -> BriefRecord:
        with Store.open(self.db_path) as store:
            return refresh_brief(store, story_id, words=words)

    def _done(self, key: tuple[str, int | None]) -> None:
        with self._lock:
            self._running.pop(key, None)

    def close(self) -> None:
        """Let running rebuilds finish (they save what they built); start no more."""
        self._pool.shutdown(wait=True, cancel_futures=True)
