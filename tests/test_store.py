"""The SQLite store: idempotent, atomic adds; stories; briefs; search; bad files."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from storyfuse import store as store_module
from storyfuse.errors import StoryfuseError
from storyfuse.store import (
    SCHEMA_VERSION,
    Store,
    StoreError,
    default_db_path,
    fts_query,
    utc_text,
)
from storyfuse.types import Article

T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


def make(n: int, *, source: str | None = "Wire", hours: int | None = None, **kw: object) -> Article:
    fields: dict[str, object] = {
        "id": f"a{n}",
        "text": f"Article {n} says the harbour bridge reopened after repairs.",
        "title": f"Bridge story {n}",
        "source": source,
        "url": f"https://example.org/{n}",
        "published": T0 + timedelta(hours=n if hours is None else hours),
        "path": None,
    }
    fields.update(kw)
    return Article(**fields)  # type: ignore[arg-type]


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "s.sqlite") as store:
        yield store


# ---- opening ---------------------------------------------------------------------


def test_open_creates_parent_dirs_wal_and_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "s.sqlite"
    with Store.open(path) as store:
        assert store.journal_mode == "wal"
    assert path.is_file()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
    finally:
        conn.close()
    with Store.open(str(path)):  # reopening keeps one version row
        pass
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT COUNT(*) FROM schema_version").fetchone() == (1,)
    finally:
        conn.close()


def test_not_a_database_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("these are my notes, not a database\n" * 50)
    with pytest.raises(StoreError, match=r"notes\.sqlite") as info:
        Store.open(path)
    assert isinstance(info.value, StoryfuseError)
    assert "not a SQLite database" in str(info.value)


def test_directory_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a directory"):
        Store.open(tmp_path)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_read_only_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "ro.sqlite"
    Store.open(path).close()
    path.chmod(0o444)
    try:
        with pytest.raises(StoreError, match=r"ro\.sqlite"):
            Store.open(path)
    finally:
        path.chmod(0o644)


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store.open(path)


def test_default_db_path_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_db_path() == tmp_path / "storyfuse" / "storyfuse.sqlite"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    expected = tmp_path / "home" / ".local" / "share" / "storyfuse" / "storyfuse.sqlite"
    assert default_db_path() == expected


# ---- articles --------------------------------------------------------------------


def test_add_is_idempotent_and_round_trips(db: Store) -> None:
    naive = make(3, published=datetime(2024, 3, 1, 12, 30), path="/in/3.txt")
    first = db.add_articles([make(1), make(2), naive])
    assert first.added == ("a1", "a2", "a3") and first.existing == ()
    again = db.add_articles([make(2), make(2, text="changed"), make(4)])
    assert again.added == ("a4",) and again.existing == ("a2", "a2")
    assert db.count_articles() == 4
    assert db.get_article("a3") == naive  # naive datetime and path survive
    assert db.get_article("a2") == make(2)  # the first stored version wins
    assert db.get_article("nope") is None
    assert [a.id for a in db.articles(["a4", "missing", "a1"])] == ["a4", "a1"]
    untitled = Article(id="u", text="No title, no date.")
    db.add_articles([untitled])
    assert db.get_article("u") == untitled


def test_same_id_twice_in_one_batch_is_stored_once(db: Store) -> None:
    result = db.add_articles([make(1), make(1)])
    assert result.added == ("a1",) and result.existing == ("a1",)
    assert len(db.search("harbour")) == 1  # one full-text row too


def test_bad_value_mid_batch_leaves_no_partial_article(db: Store) -> None:
    bad = make(2, text="broken \ud800 surrogate")  # cannot be encoded as UTF-8
    with pytest.raises(StoreError, match="'a2' was not stored"):
        db.add_articles([make(1), bad, make(3)])
    # Documented: articles before the failure are committed; the failing one and
    # those after it are not written at all.
    assert db.get_article("a1") == make(1)
    assert db.get_article("a2") is None and db.get_article("a3") is None
    assert db.count_articles() == 1
    assert db.add_articles([make(2), make(3)]).added == ("a2", "a3")  # retry works


def test_failure_between_row_and_index_rolls_back_the_row(
    db: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = store_module._index_article

    def crash_on_a2(conn: sqlite3.Connection, article: Article) -> None:
        if article.id == "a2":
            raise sqlite3.OperationalError("disk I/O error (simulated)")
        real(conn, article)

    monkeypatch.setattr(store_module, "_index_article", crash_on_a2)
    with pytest.raises(StoreError, match="simulated"):
        db.add_articles([make(1), make(2), make(3)])
    assert db.get_article("a2") is None  # the article row was rolled back with it
    assert db.count_articles() == 1
    assert [hit.article_id for hit in db.search("bridge")] == ["a1"]


def test_invalid_article_id_is_refused(db: Store) -> None:
    with pytest.raises(StoreError, match="non-empty"):
        db.add_articles([Article(id="", text="x")])
    assert db.count_articles() == 0


def test_reopen_persists_everything(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    with Store.open(path) as store:
        store.add_articles([make(1), make(2)])
        store.assign("a1", "s1")
        store.mark_duplicate("a2", "a1")
        store.save_brief("s1", '{"summary": []}')
    with Store.open(path) as store:
        assert store.count_articles() == 2
        assert store.get_article("a1") == make(1)
        assert store.duplicates_of("a1") == ("a2",)
        row = store.story("s1")
        assert row is not None and row.article_count == 1
        saved = store.brief("s1")
        assert saved is not None and saved[0] == '{"summary": []}'
        assert [hit.article_id for hit in store.search("harbour")] == ["a1"]


# ---- duplicates ------------------------------------------------------------------


def test_duplicates(db: Store) -> None:
    db.add_articles([make(1), make(2), make(3)])
    db.mark_duplicate("a2", "a1")
    db.mark_duplicate("a3", "a2")  # resolved to the root original
    assert db.duplicates_of("a1") == ("a2", "a3")
    assert db.duplicate_of("a3") == "a1"
    assert db.duplicate_of("a1") is None
    with pytest.raises(StoreError, match="itself"):
        db.mark_duplicate("a1", "a3")
    with pytest.raises(StoreError, match="unknown article"):
        db.mark_duplicate("a1", "zzz")
    with pytest.raises(StoreError, match="unknown article"):
        db.mark_duplicate("zzz", "a1")
    assert [h.article_id for h in db.search("harbour")] == ["a1"]
    assert len(db.search("harbour", include_duplicates=True)) == 3


def test_add_article_records_the_root_original_with_the_row(db: Store) -> None:
    db.add_articles([make(1)])
    assert db.add_article(make(2), duplicate_of="a1") is True
    assert db.add_article(make(3), duplicate_of="a2") is True  # resolved to the root
    assert db.duplicates_of("a1") == ("a2", "a3")
    assert db.add_article(make(3), duplicate_of=None) is False  # known: left as it is
    assert db.duplicate_of("a3") == "a1"
    with pytest.raises(StoreError, match=r"'a4' was not stored: unknown article zzz"):
        db.add_article(make(4), duplicate_of="zzz")
    with pytest.raises(StoreError, match="unknown article a5"):
        db.add_article(make(5), duplicate_of="a5")
    with pytest.raises(StoreError, match="itself"):
        db.add_article(make(1), duplicate_of="a1")
    assert db.get_article("a4") is None and db.count_articles() == 3


# ---- stories ---------------------------------------------------------------------


def test_assign_and_story_listing(db: Store) -> None:
    db.add_articles(
        [
            make(1, source="Wire"),
            make(2, source="Herald"),
            make(3, source="Wire"),
            make(4, source=None, hours=48),
            make(5, source="Post", hours=-5),
        ]
    )
    for article_id in ("a1", "a2", "a3"):
        db.assign(article_id, "bridge")
    db.assign("a3", "bridge")  # idempotent
    db.assign("a4", "late", title="Late news")
    db.assign("a5", "early")

    bridge = db.story("bridge")
    assert bridge is not None
    assert bridge.title == "Bridge story 1"  # the first article's title
    assert bridge.article_count == 3
    assert bridge.sources == ("Herald", "Wire")
    assert bridge.first_seen == T0 + timedelta(hours=1)
    assert bridge.last_seen == T0 + timedelta(hours=3)
    assert db.story("nope") is None

    assert [s.id for s in db.stories()] == ["late", "bridge", "early"]
    late = db.stories()[0]
    assert late.title == "Late news" and late.sources == ()
    assert [s.id for s in db.stories(limit=2)] == ["late", "bridge"]
    assert [s.id for s in db.stories(since=T0 + timedelta(hours=2))] == ["late", "bridge"]
    assert [s.id for s in db.stories(since=T0, limit=1)] == ["late"]
    assert db.stories(limit=0) == ()
    assert [s.id for s in db.stories(limit=1, offset=1)] == ["bridge"]
    assert [s.id for s in db.stories(offset=2)] == ["early"]
    assert db.stories(offset=3) == ()
    huge = 2**64  # past SQLite's integers: as many as there are, or none
    assert [s.id for s in db.stories(limit=huge)] == ["late", "bridge", "early"]
    assert db.stories(offset=huge) == ()
    assert db.count_stories() == 3
    assert db.count_stories(since=T0 + timedelta(hours=2)) == 2
    assert [a.id for a in db.story_articles("bridge")] == ["a1", "a2", "a3"]
    assert db.story_articles("nope") == ()


def test_stories_by_size_and_story_profiles(db: Store) -> None:
    db.add_articles([make(1), make(2), make(3), make(4, hours=48)])
    for article_id, story in (("a1", "big"), ("a2", "big"), ("a3", "small"), ("a4", "new")):
        db.assign(article_id, story)
    assert [s.id for s in db.stories(min_articles=2)] == ["big"]
    assert db.count_stories(since=T0 + timedelta(hours=3), min_articles=1) == 2
    assert db.count_stories(since=T0 + timedelta(hours=3), min_articles=2) == 0
    db.save_story_profiles([("big", '{"v": 1}'), ("small", '{"v": 2}')])
    db.save_story_profiles([("big", '{"v": 3}')])  # replaces
    # closed before the horizon, the most recently seen first; "new" has no profile
    horizon = T0 + timedelta(hours=47)
    assert db.story_profiles(before=horizon, limit=5) == (
        ("small", '{"v": 2}'),
        ("big", '{"v": 3}'),
    )
    assert db.story_profiles(before=horizon, limit=1) == (("small", '{"v": 2}'),)
    assert db.story_profiles(before=T0 + timedelta(hours=3), limit=5) == (("big", '{"v": 3}'),)


def test_story_span_follows_articles_assigned_out_of_order(db: Store) -> None:
    db.add_articles([make(1), make(2), make(3)])
    db.assign("a2", "s")
    db.assign("a3", "s")
    db.assign("a1", "s")
    row = db.story("s")
    assert row is not None
    assert (row.first_seen, row.last_seen) == (T0 + timedelta(hours=1), T0 + timedelta(hours=3))


def test_placed_story_of_and_has_story(db: Store) -> None:
    db.add_articles([make(1), make(2), make(3)])
    db.assign("a1", "s1")
    db.assign("a2", "s2")
    assert db.placed(["a1", "a2", "a3", "nope", "a1"]) == {"a1": "s1", "a2": "s2"}
    assert db.placed([]) == {}
    assert (db.story_of("a1"), db.story_of("a3"), db.story_of("nope")) == ("s1", None, None)
    assert db.has_story("s1") and not db.has_story("s3")


# ---- batches ---------------------------------------------------------------------


def test_batch_commits_at_its_end(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    with Store.open(path) as store, Store.open(path) as reader:
        with store.batch():
            store.add_articles([make(1), make(2)])
            store.assign("a1", "s1")
            assert reader.count_articles() == 0  # another connection sees nothing yet
        assert reader.count_articles() == 2
    with Store.open(path) as store:
        assert store.count_articles() == 2 and store.story_of("a1") == "s1"


def test_batch_is_rolled_back_whole_on_an_error(db: Store) -> None:
    db.add_articles([make(1)])
    with pytest.raises(RuntimeError, match="crash"), db.batch():
        db.add_articles([make(2), make(3)])
        db.assign("a2", "s2")
        raise RuntimeError("crash")
    assert db.count_articles() == 1 and db.stories() == ()
    assert [hit.article_id for hit in db.search("harbour")] == ["a1"]


def test_a_failed_write_rolls_the_batch_back_even_if_caught(db: Store) -> None:
    bad = make(2, text="broken \ud800 surrogate")
    with pytest.raises(StoreError, match="whole batch was rolled back"), db.batch():
        db.add_articles([make(1)])
        with pytest.raises(StoreError, match="'a2' was not stored"):
            db.add_articles([bad])
        db.assign("a1", "s1")
    assert db.count_articles() == 0 and db.stories() == ()
    with db.batch(), pytest.raises(StoreError, match="do not nest"), db.batch():
        pass
    assert db.add_articles([make(3)]).added == ("a3",)  # out of a batch: a transaction


def test_story_span_uses_utc_and_ingested_time(tmp_path: Path) -> None:
    clock = T0 + timedelta(days=10)
    with Store.open(tmp_path / "s.sqlite", clock=lambda: clock) as store:
        plus2 = timezone(timedelta(hours=2))
        store.add_articles(
            [
                make(1, published=datetime(2024, 3, 1, 12, 0, tzinfo=plus2)),  # 10:00 UTC
                make(2, published=None),  # falls back to the ingest clock
            ]
        )
        store.assign("a1", "s")
        row = store.story("s")
        assert row is not None and row.first_seen == row.last_seen == T0 + timedelta(hours=1)
        store.assign("a2", "s")
        row = store.story("s")
        assert row is not None and row.last_seen == clock
        assert [a.id for a in store.story_articles("s")] == ["a1", "a2"]
        assert store.get_article("a1") == make(
            1, published=datetime(2024, 3, 1, 12, 0, tzinfo=plus2)
        )


def test_assign_unknown_article_is_an_error(db: Store) -> None:
    with pytest.raises(StoreError, match="unknown article"):
        db.assign("ghost", "s")
    assert db.stories() == ()


# ---- briefs ----------------------------------------------------------------------


def test_briefs_and_staleness(tmp_path: Path) -> None:
    ticks = iter(T0 + timedelta(minutes=m) for m in range(100))
    with Store.open(tmp_path / "s.sqlite", clock=lambda: next(ticks)) as db:
        db.add_articles([make(1), make(2), make(3)])
        db.assign("a1", "s1")
        db.assign("a2", "s2")
        assert db.brief("s1") is None
        assert db.stale_stories() == ()
        assert {s.id for s in db.stale_stories(include_unbriefed=True)} == {"s1", "s2"}

        db.save_brief("s1", '{"v": 1}')
        saved = db.brief("s1")
        assert saved is not None and saved[0] == '{"v": 1}'
        assert saved[1].tzinfo is not None
        assert db.stale_stories() == ()
        assert [s.id for s in db.stale_stories(include_unbriefed=True)] == ["s2"]

        db.assign("a1", "s1")  # already there: not a change
        assert db.stale_stories() == ()
        db.assign("a3", "s1")
        assert [s.id for s in db.stale_stories()] == ["s1"]
        db.save_brief("s1", '{"v": 2}')
        assert db.stale_stories() == ()
        resaved = db.brief("s1")
        assert resaved is not None and resaved[0] == '{"v": 2}' and resaved[1] > saved[1]

        with pytest.raises(StoreError, match="unknown story"):
            db.save_brief("nope", "{}")
        with pytest.raises(StoreError, match="not valid JSON"):
            db.save_brief("s1", "{not json")


# ---- search ----------------------------------------------------------------------


@pytest.fixture
def searchable(db: Store) -> Store:
    db.add_articles(
        [
            Article(id="p", text="Voters went to the polls on Sunday.", title="Election day"),
            Article(
                id="q",
                text="The council's budget passed 7-2 after a long debate.",
                title="Budget vote",
            ),
            Article(
                id="r",
                text='He said "no comment" about the elections in Zürich.',
                title="Quiet mayor",
            ),
        ]
    )
    db.assign("q", "budget")
    return db


def test_search_finds_words_in_title_and_text(searchable: Store) -> None:
    by_title = searchable.search("budget")
    assert [h.article_id for h in by_title] == ["q"]
    assert by_title[0].story_id == "budget" and by_title[0].title == "Budget vote"
    assert "[budget]" in by_title[0].snippet.lower()
    assert [h.article_id for h in searchable.search("polls")] == ["p"]
    assert [h.article_id for h in searchable.search("polls", limit=2**64)] == ["p"]
    assert searchable.search("polls")[0].story_id is None
    # stemmed and accent-folded; terms are all required
    assert {h.article_id for h in searchable.search("election")} == {"p", "r"}
    assert [h.article_id for h in searchable.search("ELECTIONS zurich")] == ["r"]
    assert searchable.search("budget polls") == ()
    assert searchable.search("budget", limit=0) == ()


@pytest.mark.parametrize(
    "query",
    [
        '"no comment',
        'council\'s "budget"',
        "7-2",
        "budget AND OR NOT",
        "NEAR(budget",
        "title:budget*",
        "^budget -- ; DROP TABLE articles; --",
        "(((",
        '"',
        "*",
    ],
)
def test_search_never_raises_on_punctuation(searchable: Store, query: str) -> None:
    hits = searchable.search(query)
    assert isinstance(hits, tuple)
    assert searchable.count_articles() == 3


def test_search_with_quotes_and_apostrophes_matches(searchable: Store) -> None:
    assert [h.article_id for h in searchable.search('"no comment"')] == ["r"]
    assert [h.article_id for h in searchable.search("council's")] == ["q"]
    assert [h.article_id for h in searchable.search("7-2")] == ["q"]


@pytest.mark.parametrize("query", ["", "   ", "--- ;; !!", '""'])
def test_empty_query_gives_no_hits(searchable: Store, query: str) -> None:
    assert searchable.search(query) == ()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("budget", '"budget"'),
        ('say "hi"', '"say" """hi"""'),
        ("a -- b", '"a" "b"'),
        ("", ""),
    ],
)
def test_fts_query_quotes_every_term(query: str, expected: str) -> None:
    assert fts_query(query) == expected


def test_a_nul_in_a_search_separates_terms(searchable: Store) -> None:
    # a NUL inside an FTS5 string made SQLite answer "unterminated string" (a 503)
    assert fts_query("budget\x00vote") == '"budget" "vote"'
    assert searchable.search("\x00") == ()
    assert searchable.search("budget\x00") == searchable.search("budget")


def test_utc_text_is_fixed_width_and_naive_is_utc() -> None:
    assert utc_text(datetime(2024, 1, 2, 3, 4, 5)) == "2024-01-02T03:04:05.000000+00:00"
    plus1 = timezone(timedelta(hours=1))
    assert utc_text(datetime(2024, 1, 2, 3, 4, 5, 6, tzinfo=plus1)) == (
        "2024-01-02T02:04:05.000006+00:00"
    )


def test_one_writer_at_a_time_across_connections(tmp_path: Path) -> None:
    from storyfuse.store import StoreBusyError

    db = tmp_path / "store.sqlite"
    with Store.open(db) as first, Store.open(db) as second:
        busy = pytest.raises(StoreBusyError, match=r"another writer has held the store")
        # re-entrant within one store; the other waits, then gives up
        with first.writing(), first.writing(), busy, second.writing(timeout=0.05):
            pass
        # released when the outer block ended: now the second holds it
        with second.writing(timeout=0.05), pytest.raises(StoreBusyError), first.writing(timeout=0):
            pass
        first.close()  # closing a store drops its lock too
    with Store.open(db) as again, again.writing(timeout=0.05):
        pass


def test_captions_round_trip_and_a_version_1_store_gains_them(tmp_path: Path) -> None:
    """Schema 2 keeps an article's photo captions (the timeline dates a report by them);
    a store of schema 1 gets the column on open, its articles without captions."""
    path = tmp_path / "old.sqlite"
    with Store.open(path) as store:
        store.add_article(make(1, captions=("Crowds at the bridge, March 1, 2024. (Photo: Ada)",)))
        assert store.get_article("a1") == make(
            1, captions=("Crowds at the bridge, March 1, 2024. (Photo: Ada)",)
        )
        with pytest.raises(StoreError, match="a2: captions must be strings"):
            store.add_article(make(2, captions="a caption"))
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE articles DROP COLUMN captions")
    conn.execute("UPDATE schema_version SET version = 1")
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        assert store.get_article("a1") == make(1)
        store.add_article(make(3, captions=("A caption",)))
        assert store.get_article("a3") == make(3, captions=("A caption",))
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
    finally:
        conn.close()


def test_a_store_that_cannot_be_upgraded_names_its_file(tmp_path: Path) -> None:
    """A schema-1 store whose upgrade fails (here its articles already have the column the
    upgrade adds) is refused with its path and versions, not a traceback."""
    path = tmp_path / "odd.sqlite"
    with Store.open(path) as store:
        store.add_article(make(1))
    conn = sqlite3.connect(path)
    conn.execute("UPDATE schema_version SET version = 1")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match=r"odd\.sqlite: cannot upgrade its schema version 1 to 2"):
        Store.open(path)
