"""The SQLite store: articles, stories, briefs and full-text search.

This is the only module that speaks SQL. One :class:`Store` owns one ``sqlite3``
connection (use one per thread); the database runs in WAL mode so readers (the
web app) never block the writer (ingest). Full-text search uses FTS5.

Choices a caller can rely on:

- ``add_articles`` writes each article in its own transaction: the article row
  and its full-text row commit together or not at all. If article *k* of a batch
  fails, articles before it stay stored, *k* and the rest are not written, and a
  :class:`StoreError` names *k*. Re-running the batch is safe: adding is
  idempotent by id, and the first stored version of an id wins.
- Inside ``with store.batch():`` every write of the block joins one transaction:
  it commits at the block's end, and an exception out of the block, or any failed
  write in it, rolls the whole block back. Ingest uses it to commit a few hundred
  articles at a time instead of one.
- Times are stored as ISO 8601 text. ``articles.published`` keeps the datetime as
  given (so it round-trips); every time the store compares or orders
  (``seen_at``, ``first_seen``, ``last_seen``, ``ingested_at``, ``brief_at``) is
  normalised to UTC with fixed width, naive datetimes being taken as UTC.
- A brief is stale when an article joined its story after the brief was saved;
  this is tracked with a revision counter, not clock comparisons.

The schema keeps to portable SQL (TEXT/INTEGER, REFERENCES, ``ON CONFLICT DO
NOTHING``) except for the FTS5 table, which on PostgreSQL would be a tsvector.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from storyfuse.errors import StoryfuseError
from storyfuse.types import Article

try:  # the writer lock is an advisory lock on a file beside the database (POSIX)
    import fcntl
except ImportError:  # pragma: no cover - Windows: one writer at a time is the caller's care
    fcntl = None  # type: ignore[assignment]

SCHEMA_VERSION = 2
# What each older schema lacks, added on open: 2 keeps an article's photo captions
# (``Article.captions``, JSON), which cleaning takes out of its text.
_MIGRATIONS = {2: ("ALTER TABLE articles ADD COLUMN captions TEXT",)}
DB_FILENAME = "storyfuse.sqlite"
BUSY_TIMEOUT_MS = 5000
SQLITE_MAX_INT = 2**63 - 1  # the largest INTEGER SQLite stores
SNIPPET_TOKENS = 12
SNIPPET_MARKS = ("[", "]")
SNIPPET_ELLIPSIS = "…"
_IN_CHUNK = 500  # ids per "IN (...)" list, well under SQLite's variable limit
_MAX_DUPLICATE_CHAIN = 1000

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
    """CREATE TABLE IF NOT EXISTS articles (
        id TEXT PRIMARY KEY,
        title TEXT,
        source TEXT,
        url TEXT,
        published TEXT,
        text TEXT NOT NULL,
        path TEXT,
        captions TEXT,
        ingested_at TEXT NOT NULL,
        seen_at TEXT NOT NULL,
        duplicate_of TEXT REFERENCES articles(id)
    )""",
    "CREATE INDEX IF NOT EXISTS articles_duplicate_of ON articles(duplicate_of)",
    """CREATE TABLE IF NOT EXISTS stories (
        id TEXT PRIMARY KEY,
        title TEXT,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        revision INTEGER NOT NULL DEFAULT 0,
        brief_json TEXT,
        brief_at TEXT,
        brief_revision INTEGER
    )""",
    "CREATE INDEX IF NOT EXISTS stories_last_seen ON stories(last_seen)",
    """CREATE TABLE IF NOT EXISTS story_articles (
        story_id TEXT NOT NULL REFERENCES stories(id),
        article_id TEXT NOT NULL REFERENCES articles(id),
        PRIMARY KEY (story_id, article_id)
    )""",
    "CREATE INDEX IF NOT EXISTS story_articles_article ON story_articles(article_id)",
    # The clusterer's compact profile of a story as of its latest article (JSON of
    # stories.cluster.DormantStory): what lets a long-closed story reopen after a restart.
    """CREATE TABLE IF NOT EXISTS story_profiles (
        story_id TEXT PRIMARY KEY REFERENCES stories(id),
        profile_json TEXT NOT NULL
    )""",
    # A regular (not external-content) FTS5 table: articles has a TEXT key, and
    # its implicit rowid may be renumbered by VACUUM, so we keep our own copy.
    """CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
        article_id UNINDEXED, title, text,
        tokenize = 'porter unicode61 remove_diacritics 2'
    )""",
)

_ARTICLE_COLUMNS = "a.id, a.text, a.title, a.source, a.url, a.published, a.path, a.captions"
_STORY_SELECT = """
    SELECT s.id, s.title, s.first_seen, s.last_seen,
           (SELECT COUNT(*) FROM story_articles sa WHERE sa.story_id = s.id)
    FROM stories s
"""
_WORD_RE = re.compile(r"\w", re.UNICODE)


class StoreError(StoryfuseError):
    """The store cannot be opened or written, or was asked something impossible."""


class StoreBusyError(StoreError):
    """Another writer held the store's writer lock for longer than the caller would wait."""


WRITER_LOCK_SUFFIX = ".writer-lock"  # the lock file: the database's name plus this
WRITER_LOCK_POLL_S = 0.02  # how often a writer with a time limit tries the lock again


# What adding an article may raise: ValueError covers UnicodeEncodeError (lone
# surrogates), TypeError a field of the wrong type; neither is a sqlite3 error.
_ADD_ERRORS = (StoreError, ValueError, TypeError)


@dataclass(frozen=True, slots=True)
class AddResult:
    """Ids newly stored by ``add_articles`` and ids that were already there."""

    added: tuple[str, ...]
    existing: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StoryRow:
    """A story as listed: its size, distinct source names and time span (UTC)."""

    id: str
    title: str | None
    article_count: int
    sources: tuple[str, ...]
    first_seen: datetime
    last_seen: datetime


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One article matching a search; ``rank`` is FTS5 bm25, lower is better."""

    article_id: str
    title: str | None
    story_id: str | None
    snippet: str
    rank: float


def default_db_path() -> Path:
    """``$XDG_DATA_HOME/storyfuse/storyfuse.sqlite`` (``~/.local/share`` by default)."""
    base = os.environ.get("XDG_DATA_HOME", "")
    if os.name == "nt" and not base:
        base = os.environ.get("LOCALAPPDATA", "")
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".local" / "share"
    return root / "storyfuse" / DB_FILENAME


def utc_text(moment: datetime) -> str:
    """A fixed-width UTC ISO string that sorts as time does (naive = UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def fts_query(query: str) -> str:
    """User text as a safe FTS5 query: every term a quoted phrase, all required.

    Terms without a letter or digit are dropped; an empty result means "no query".
    """
    # A NUL ends an FTS5 string early ("unterminated string"): it separates terms here.
    terms = [term for term in query.replace("\x00", " ").split() if _WORD_RE.search(term)]
    return " ".join('"' + term.replace('"', '""') + '"' for term in terms)


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), _IN_CHUNK):
        yield items[start : start + _IN_CHUNK]


def _sql_int(count: int) -> int:
    """A row count or offset within SQLite's integers (0 to 2**63 - 1): more rows never exist."""
    return min(max(count, 0), SQLITE_MAX_INT)


def _placeholders(count: int) -> str:
    return ", ".join("?" * count)


def _story_filter(since: datetime | None, min_articles: int) -> tuple[str, list[Any]]:
    """The WHERE clause (or "") and its parameters of a story listing."""
    conditions: list[str] = []
    params: list[Any] = []
    if since is not None:
        conditions.append("s.last_seen >= ?")
        params.append(utc_text(since))
    if min_articles > 1:
        conditions.append("(SELECT COUNT(*) FROM story_articles sa WHERE sa.story_id = s.id) >= ?")
        params.append(_sql_int(min_articles))
    return ("WHERE " + " AND ".join(conditions) if conditions else ""), params


def _article_from_row(row: Sequence[Any]) -> Article:
    published = datetime.fromisoformat(row[5]) if row[5] is not None else None
    return Article(
        id=row[0],
        text=row[1],
        title=row[2],
        source=row[3],
        url=row[4],
        published=published,
        path=row[6],
        captions=tuple(json.loads(row[7])) if row[7] else (),
    )


def _check_article(article: Article) -> None:
    if not isinstance(article.id, str) or not article.id:
        raise StoreError(f"article id must be a non-empty string, not {article.id!r}")
    if not isinstance(article.text, str):
        raise StoreError(f"article {article.id}: text must be a string")
    if isinstance(article.captions, str) or not all(isinstance(c, str) for c in article.captions):
        raise StoreError(f"article {article.id}: captions must be strings")


def _root(conn: sqlite3.Connection, original_id: str) -> str:
    """The root original of ``original_id``: itself, or what it duplicates, followed up."""
    root = original_id
    for _ in range(_MAX_DUPLICATE_CHAIN):
        found = conn.execute("SELECT duplicate_of FROM articles WHERE id = ?", (root,)).fetchone()
        if found is None:
            raise StoreError(f"unknown article {root}")
        if found[0] is None:
            return root
        root = found[0]
    return root


def _index_article(conn: sqlite3.Connection, article: Article) -> None:
    """Write the full-text row of an article (inside the caller's transaction)."""
    conn.execute(
        "INSERT INTO articles_fts (article_id, title, text) VALUES (?, ?, ?)",
        (article.id, article.title or "", article.text),
    )


def _check_writable(path: Path) -> None:
    if path.exists():
        if path.is_dir():
            raise StoreError(f"{path} is a directory, not a SQLite database")
        if not os.access(path, os.R_OK | os.W_OK):
            raise StoreError(f"{path} is not readable and writable")
    if not os.access(path.parent, os.W_OK):
        raise StoreError(f"{path.parent} is not writable (the store needs its WAL files there)")


class Store:
    """One open storyfuse database; use :meth:`open`, and close it (or use ``with``)."""

    def __init__(self, conn: sqlite3.Connection, path: Path, clock: Callable[[], datetime]) -> None:
        self._conn = conn
        self.path = path
        self._clock = clock
        self._batch: list[BaseException] | None = None  # in ``batch``: its failed writes
        self._writer_depth = 0  # ``writing`` blocks entered and not left
        self._writer_fd: int | None = None  # the lock file, while the lock is held

    # ---- lifecycle -------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        clock: Callable[[], datetime] | None = None,
        any_thread: bool = False,
    ) -> Store:
        """Open (creating if needed) the database at ``path``, with WAL and the schema.

        ``any_thread``: the store may be used from threads other than this one, one at a
        time (the caller serialises its use).
        """
        path = Path(path).expanduser()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the folder of {path}: {exc}") from exc
        _check_writable(path)
        try:
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=not any_thread)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open {path}: {exc}") from exc
        store = cls(conn, path, clock or _utc_now)
        try:
            store._setup()
        except BaseException:
            conn.close()
            raise
        return store

    def _setup(self) -> None:
        try:
            self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._conn.execute("PRAGMA journal_mode = WAL").fetchone()
            self._conn.execute("PRAGMA synchronous = NORMAL")  # safe with WAL
            self._conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path} is not a SQLite database ({exc})") from exc
        with self._tx():
            for statement in _SCHEMA:
                try:
                    self._conn.execute(statement)
                except sqlite3.OperationalError as exc:
                    if "fts5" in str(exc).lower():
                        raise StoreError(
                            f"this Python's SQLite ({sqlite3.sqlite_version}) lacks FTS5, "
                            "which the store needs for search; use a Python built with "
                            "a full SQLite"
                        ) from exc
                    raise
            row = self._conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
            if row[0] is None:
                self._conn.execute(
                    "INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,)
                )
            elif row[0] > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path} has schema version {row[0]}, newer than this "
                    f"storyfuse understands ({SCHEMA_VERSION}); upgrade storyfuse"
                )
            elif row[0] < SCHEMA_VERSION:
                self._migrate(row[0])

    def _migrate(self, version: int) -> None:
        """Bring a store of an older schema ``version`` up to ``SCHEMA_VERSION``."""
        try:
            for step in range(version + 1, SCHEMA_VERSION + 1):
                for statement in _MIGRATIONS.get(step, ()):
                    self._conn.execute(statement)
        except sqlite3.OperationalError as exc:
            raise StoreError(
                f"{self.path}: cannot upgrade its schema version {version} to "
                f"{SCHEMA_VERSION} ({exc})"
            ) from exc
        self._conn.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION,))

    def close(self) -> None:
        self._release_writer()
        self._conn.close()

    @contextmanager
    def writing(self, *, timeout: float | None = None) -> Iterator[None]:
        """Hold the store's writer lock: one writer at a time, across connections and
        processes, reads the stories' state and places articles into them.

        Without it, two writers (the server and a CLI ingest, say) each place articles on a
        state read before the other committed, and a story can split in two. The lock is an
        advisory ``flock`` on ``<database>.writer-lock``; it is re-entrant within this
        ``Store``. ``timeout``: seconds to wait for another writer before ``StoreBusyError``
        (None: wait as long as it takes). Where ``fcntl`` is missing (Windows) no lock is
        taken.
        """
        if self._writer_depth == 0:
            self._acquire_writer(timeout)
        self._writer_depth += 1
        try:
            yield
        finally:
            self._writer_depth = max(self._writer_depth - 1, 0)  # 0 already if closed inside
            if self._writer_depth == 0:
                self._release_writer()

    def _acquire_writer(self, timeout: float | None) -> None:
        if fcntl is None:
            return
        lock_path = self.path.with_name(self.path.name + WRITER_LOCK_SUFFIX)
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StoreError(f"cannot open the writer lock {lock_path}: {exc}") from exc
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | (0 if deadline is None else fcntl.LOCK_NB))
                break
            except BlockingIOError:
                if deadline is not None and time.monotonic() >= deadline:
                    os.close(fd)
                    raise StoreBusyError(
                        f"{self.path}: another writer has held the store for over {timeout:g} s"
                    ) from None
                time.sleep(WRITER_LOCK_POLL_S)
            except OSError as exc:
                os.close(fd)
                raise StoreError(f"cannot lock {lock_path}: {exc}") from exc
        self._writer_fd = fd

    def _release_writer(self) -> None:
        fd, self._writer_fd = self._writer_fd, None
        self._writer_depth = 0
        if fd is not None and fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def data_version(self) -> int:
        """A number that changes when another connection commits to the database (SQLite's
        ``PRAGMA data_version``); this store's own writes leave it as it was."""
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def journal_mode(self) -> str:
        return str(self._conn.execute("PRAGMA journal_mode").fetchone()[0])

    # ---- plumbing --------------------------------------------------------------

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (inside ``batch``: part of its transaction); rolled back
        on any error, SQLite errors raised as StoreError."""
        if self._batch is not None:
            try:
                yield self._conn
            except BaseException as exc:
                self._batch.append(exc)  # the batch will roll back, even if this is caught
                if isinstance(exc, sqlite3.DatabaseError):
                    raise StoreError(f"{self.path}: {exc}") from exc
                raise
            return
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot start a write: {exc}") from exc
        try:
            yield self._conn
            self._conn.execute("COMMIT")
        except BaseException as exc:
            self._conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.DatabaseError):
                raise StoreError(f"{self.path}: {exc}") from exc
            raise

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group the block's writes in one transaction: all committed at its end, or none.

        A write that fails inside the block rolls the whole block back, even if the
        block catches its error. (No savepoint per write: FTS5 flushes its index at
        every savepoint, which would triple the cost of adding an article.)
        """
        if self._batch is not None:
            raise StoreError("store batches do not nest")
        failures: list[BaseException] = []
        with self._tx():
            self._batch = failures
            try:
                yield
            finally:
                self._batch = None
            if failures:
                raise StoreError(
                    f"{self.path}: a write failed, so the whole batch was rolled back: "
                    f"{failures[0]}"
                )

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: {exc}") from exc

    def _now(self) -> str:
        return utc_text(self._clock())

    # ---- articles --------------------------------------------------------------

    def add_articles(self, articles: Iterable[Article]) -> AddResult:
        """Store new articles (each with its full-text row, atomically); skip known ids."""
        added: list[str] = []
        existing: list[str] = []
        for article in articles:
            try:
                new = self._add(article, None)
            except _ADD_ERRORS as exc:
                raise StoreError(
                    f"{self.path}: article {article.id!r} was not stored; the articles "
                    f"before it in the batch were ({len(added)} new): {exc}"
                ) from exc
            (added if new else existing).append(article.id)
        return AddResult(tuple(added), tuple(existing))

    def add_article(self, article: Article, *, duplicate_of: str | None = None) -> bool:
        """Store one article unless its id is known; whether it was new.

        ``duplicate_of``: the original it near-duplicates (resolved to its root, as
        ``mark_duplicate`` does), recorded with the new row. Setting it here rather
        than by a later ``mark_duplicate`` spares an UPDATE, which under the foreign
        key opens a statement journal, and with it a flush of the pending full-text
        index. A known article is left as it is.
        """
        try:
            return self._add(article, duplicate_of)
        except _ADD_ERRORS as exc:
            raise StoreError(f"{self.path}: article {article.id!r} was not stored: {exc}") from exc

    def _add(self, article: Article, duplicate_of: str | None) -> bool:
        _check_article(article)
        with self._tx() as conn:
            root = None if duplicate_of is None else _root(conn, duplicate_of)
            if root == article.id:
                raise StoreError(f"article {article.id} cannot be a duplicate of itself")
            return self._insert_article(conn, article, root)

    def _insert_article(
        self, conn: sqlite3.Connection, article: Article, duplicate_of: str | None = None
    ) -> bool:
        ingested_at = self._now()
        published = article.published.isoformat() if article.published else None
        seen_at = utc_text(article.published) if article.published else ingested_at
        cursor = conn.execute(
            """INSERT INTO articles (id, title, source, url, published, text, path,
                                     captions, ingested_at, seen_at, duplicate_of)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (id) DO NOTHING""",
            (
                article.id,
                article.title,
                article.source,
                article.url,
                published,
                article.text,
                article.path,
                json.dumps(list(article.captions)) if article.captions else None,
                ingested_at,
                seen_at,
                duplicate_of,
            ),
        )
        if cursor.rowcount == 0:
            return False
        _index_article(conn, article)
        return True

    def get_article(self, article_id: str) -> Article | None:
        rows = self._rows(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles a WHERE a.id = ?", (article_id,)
        )
        return _article_from_row(rows[0]) if rows else None

    def articles(self, ids: Iterable[str]) -> tuple[Article, ...]:
        """The stored articles among ``ids``, in the order asked; unknown ids are skipped."""
        wanted = list(ids)
        found: dict[str, Article] = {}
        for chunk in _chunks(list(dict.fromkeys(wanted))):
            marks = _placeholders(len(chunk))
            sql = f"SELECT {_ARTICLE_COLUMNS} FROM articles a WHERE a.id IN ({marks})"
            for row in self._rows(sql, chunk):
                found[row[0]] = _article_from_row(row)
        return tuple(found[i] for i in wanted if i in found)

    def count_articles(self) -> int:
        return int(self._rows("SELECT COUNT(*) FROM articles")[0][0])

    # ---- duplicates ------------------------------------------------------------

    def mark_duplicate(self, article_id: str, original_id: str) -> None:
        """Record ``article_id`` as a duplicate of ``original_id`` (resolved to its root)."""
        with self._tx() as conn:
            root = _root(conn, original_id)
            if root == article_id:
                raise StoreError(f"article {article_id} cannot be a duplicate of itself")
            cursor = conn.execute(
                "UPDATE articles SET duplicate_of = ? WHERE id = ?", (root, article_id)
            )
            if cursor.rowcount == 0:
                raise StoreError(f"unknown article {article_id}")

    def duplicates_of(self, article_id: str) -> tuple[str, ...]:
        rows = self._rows(
            "SELECT id FROM articles WHERE duplicate_of = ? ORDER BY id", (article_id,)
        )
        return tuple(row[0] for row in rows)

    def duplicate_of(self, article_id: str) -> str | None:
        rows = self._rows("SELECT duplicate_of FROM articles WHERE id = ?", (article_id,))
        return rows[0][0] if rows else None

    # ---- stories ---------------------------------------------------------------

    def assign(self, article_id: str, story_id: str, *, title: str | None = None) -> None:
        """Put an article in a story, creating the story if new; its span follows.

        The new story's title is ``title`` or else the article's; passing ``title``
        to an existing story renames it.
        """
        with self._tx() as conn:
            found = conn.execute(
                "SELECT title, seen_at FROM articles WHERE id = ?", (article_id,)
            ).fetchone()
            if found is None:
                raise StoreError(f"cannot assign unknown article {article_id}")
            now = self._now()
            conn.execute(
                """INSERT INTO stories (id, title, first_seen, last_seen, updated_at)
                   VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING""",
                (story_id, title or found[0], found[1], found[1], now),
            )
            if title:
                conn.execute("UPDATE stories SET title = ? WHERE id = ?", (title, story_id))
            cursor = conn.execute(
                """INSERT INTO story_articles (story_id, article_id) VALUES (?, ?)
                   ON CONFLICT (story_id, article_id) DO NOTHING""",
                (story_id, article_id),
            )
            if cursor.rowcount == 0:
                return
            # seen_at is fixed-width UTC text, so MIN/MAX of text order by time
            conn.execute(
                """UPDATE stories SET
                     first_seen = MIN(first_seen, ?), last_seen = MAX(last_seen, ?),
                     title = COALESCE(title, ?), updated_at = ?, revision = revision + 1
                   WHERE id = ?""",
                (found[1], found[1], found[0], now, story_id),
            )

    def retitle(self, story_id: str, title: str) -> None:
        """Set a story's title (its revision and brief stay: the brief does not show it)."""
        with self._tx() as conn:
            conn.execute("UPDATE stories SET title = ? WHERE id = ?", (title, story_id))

    def has_story(self, story_id: str) -> bool:
        return bool(self._rows("SELECT 1 FROM stories WHERE id = ?", (story_id,)))

    def story_of(self, article_id: str) -> str | None:
        return self.placed([article_id]).get(article_id)

    def placed(self, ids: Iterable[str]) -> dict[str, str]:
        """Article id -> story (the smallest id if several) for the ``ids`` in a story."""
        found: dict[str, str] = {}
        for chunk in _chunks(list(dict.fromkeys(ids))):
            rows = self._rows(
                f"""SELECT article_id, MIN(story_id) FROM story_articles
                    WHERE article_id IN ({_placeholders(len(chunk))}) GROUP BY article_id""",
                chunk,
            )
            found.update((row[0], row[1]) for row in rows)
        return found

    def story(self, story_id: str) -> StoryRow | None:
        rows = self._story_rows("WHERE s.id = ?", (story_id,))
        return rows[0] if rows else None

    def stories(
        self,
        *,
        since: datetime | None = None,
        limit: int | None = None,
        offset: int = 0,
        min_articles: int = 1,
    ) -> tuple[StoryRow, ...]:
        """Stories newest first (by last_seen); ``since`` keeps those seen at or after it,
        ``min_articles`` those with at least that many articles, ``offset`` skips that
        many (a page of ``limit`` stories, read from the database)."""
        where, params = _story_filter(since, min_articles)
        tail = " ORDER BY s.last_seen DESC, s.id"
        if limit is not None or offset:
            tail += " LIMIT ? OFFSET ?"
            params += [-1 if limit is None else _sql_int(limit), _sql_int(offset)]
        return self._story_rows(where + tail, params)

    def count_stories(self, *, since: datetime | None = None, min_articles: int = 1) -> int:
        """How many stories ``stories(since=since, min_articles=min_articles)`` lists."""
        where, params = _story_filter(since, min_articles)
        return int(self._rows("SELECT COUNT(*) FROM stories s " + where, params)[0][0])

    def stale_stories(self, *, include_unbriefed: bool = False) -> tuple[StoryRow, ...]:
        """Stories that gained articles after their brief was saved (newest first).

        With ``include_unbriefed``, also stories that never had a brief.
        """
        condition = "s.brief_revision < s.revision"
        if include_unbriefed:
            condition = f"(s.brief_revision IS NULL OR {condition})"
        return self._story_rows(f"WHERE {condition} ORDER BY s.last_seen DESC, s.id")

    def _story_rows(self, clause: str, params: Sequence[Any] = ()) -> tuple[StoryRow, ...]:
        rows = self._rows(_STORY_SELECT + clause, params)
        sources = self._sources([row[0] for row in rows])
        return tuple(
            StoryRow(
                id=row[0],
                title=row[1],
                article_count=int(row[4]),
                sources=sources.get(row[0], ()),
                first_seen=datetime.fromisoformat(row[2]),
                last_seen=datetime.fromisoformat(row[3]),
            )
            for row in rows
        )

    def _sources(self, story_ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
        found: dict[str, list[str]] = {}
        for chunk in _chunks(story_ids):
            rows = self._rows(
                f"""SELECT DISTINCT sa.story_id, a.source FROM story_articles sa
                    JOIN articles a ON a.id = sa.article_id
                    WHERE sa.story_id IN ({_placeholders(len(chunk))})
                      AND a.source IS NOT NULL
                    ORDER BY sa.story_id, a.source""",
                chunk,
            )
            for story_id, source in rows:
                found.setdefault(story_id, []).append(source)
        return {key: tuple(value) for key, value in found.items()}

    def story_articles(self, story_id: str) -> tuple[Article, ...]:
        """A story's articles, oldest first (published, else ingested), then by id."""
        rows = self._rows(
            f"""SELECT {_ARTICLE_COLUMNS} FROM story_articles sa
                JOIN articles a ON a.id = sa.article_id
                WHERE sa.story_id = ? ORDER BY a.seen_at, a.id""",
            (story_id,),
        )
        return tuple(_article_from_row(row) for row in rows)

    def save_story_profiles(self, profiles: Iterable[tuple[str, str]]) -> None:
        """Keep (story id, profile JSON) pairs, replacing a story's earlier profile."""
        with self._tx() as conn:
            conn.executemany(
                """INSERT INTO story_profiles (story_id, profile_json) VALUES (?, ?)
                   ON CONFLICT (story_id) DO UPDATE SET profile_json = excluded.profile_json""",
                profiles,
            )

    def story_profiles(self, *, before: datetime, limit: int) -> tuple[tuple[str, str], ...]:
        """(story id, profile JSON) of at most ``limit`` stories last seen before
        ``before``, the most recently seen first (then by id)."""
        rows = self._rows(
            """SELECT p.story_id, p.profile_json FROM story_profiles p
               JOIN stories s ON s.id = p.story_id
               WHERE s.last_seen < ? ORDER BY s.last_seen DESC, s.id LIMIT ?""",
            (utc_text(before), _sql_int(limit)),
        )
        return tuple((row[0], row[1]) for row in rows)

    # ---- briefs ----------------------------------------------------------------

    def save_brief(self, story_id: str, brief_json: str) -> None:
        """Keep a story's rendered brief (JSON text); it is fresh until the story grows."""
        try:
            json.loads(brief_json)
        except ValueError as exc:
            raise StoreError(f"brief of story {story_id} is not valid JSON: {exc}") from exc
        with self._tx() as conn:
            cursor = conn.execute(
                """UPDATE stories SET brief_json = ?, brief_at = ?, brief_revision = revision
                   WHERE id = ?""",
                (brief_json, self._now(), story_id),
            )
            if cursor.rowcount == 0:
                raise StoreError(f"cannot save a brief for unknown story {story_id}")

    def brief(self, story_id: str) -> tuple[str, datetime] | None:
        rows = self._rows("SELECT brief_json, brief_at FROM stories WHERE id = ?", (story_id,))
        if not rows or rows[0][0] is None:
            return None
        return rows[0][0], datetime.fromisoformat(rows[0][1])

    # ---- search ----------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        include_duplicates: bool = False,
        marks: tuple[str, str] = SNIPPET_MARKS,
    ) -> tuple[SearchHit, ...]:
        """Articles whose title or text contain every term of ``query``, best first.

        Terms are matched as quoted phrases (stemmed, case- and accent-folded), so
        punctuation and FTS5 syntax in user text are never interpreted.
        """
        match = fts_query(query)
        if not match or limit <= 0:
            return ()
        duplicates = "" if include_duplicates else "AND a.duplicate_of IS NULL"
        rows = self._rows(
            f"""SELECT articles_fts.article_id, a.title,
                       (SELECT MIN(sa.story_id) FROM story_articles sa
                        WHERE sa.article_id = articles_fts.article_id),
                       snippet(articles_fts, -1, ?, ?, ?, ?),
                       articles_fts.rank
                FROM articles_fts JOIN articles a ON a.id = articles_fts.article_id
                WHERE articles_fts MATCH ? {duplicates}
                ORDER BY articles_fts.rank, articles_fts.article_id
                LIMIT ?""",
            (marks[0], marks[1], SNIPPET_ELLIPSIS, SNIPPET_TOKENS, match, _sql_int(limit)),
        )
        return tuple(
            SearchHit(article_id=r[0], title=r[1], story_id=r[2], snippet=r[3], rank=float(r[4]))
            for r in rows
        )
