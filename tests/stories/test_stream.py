"""Stories from a stream in the store: idempotent ingest, duplicates, new stories, briefs."""

from __future__ import annotations

import json
import signal
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from storyfuse.ingest import load_paths
from storyfuse.samples import sample_dir
from storyfuse.store import Store
from storyfuse.stories import stream
from storyfuse.stories.stream import (
    StreamState,
    UnknownStoryError,
    arrival_order,
    clean_title,
    ingest_articles,
    ingest_prepared,
    prepare,
    refresh_brief,
    replay,
    story_title,
)
from storyfuse.types import Article

SAMPLE_DOC = "05_vell_valley_herald.txt"
# An invented report on another topic, published while the sample story runs.
UNRELATED = Article(
    id="chess-1",
    title="Teenager wins Orrin Valley chess open on tie-break",
    text=(
        "Mira Tallow, a 16-year-old from Dunmere, won the Orrin Valley chess open on "
        "Sunday, beating three grandmasters on her way to the title.\n"
        "The final round lasted six hours before Tallow's rook endgame forced a draw that "
        "left her level on points with Ivan Serka; she took the trophy on tie-break.\n"
        "Organisers said a record 412 players entered the tournament this year."
    ),
    source="Dunmere Gazette",
    published=datetime(2025, 3, 12, 10, 0),
)


def _sample() -> list[Article]:
    return arrival_order(load_paths([sample_dir()]).articles)


def _reprint(tmp_path: Path) -> list[Article]:
    """A lightly edited wire copy of one sample report: new headline, a few words changed."""
    text = (sample_dir() / "docs" / SAMPLE_DOC).read_text(encoding="utf-8")
    lines = text.splitlines()
    lines[0] = "Port Alden commuters face hour-long detours after bridge strike"
    edited = (
        "\n".join(lines)
        .replace("long queues", "very long queues")
        .replace("Business leaders warned", "Business leaders have warned")
    )
    path = tmp_path / "reprint.txt"
    path.write_text(edited, encoding="utf-8")
    return list(load_paths([path]).articles)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "db.sqlite")
    yield opened
    opened.close()


def test_sample_is_one_story_and_reingest_adds_nothing(store: Store) -> None:
    first = ingest_articles(store, _sample())
    assert (first.added, first.existing, first.duplicates, first.new_stories) == (7, 0, 0, 1)
    (story,) = store.stories()
    assert story.article_count == 7
    assert story.title == (
        "Kestrel Harbour Bridge collapses after cargo ship strike, two workers missing"
    )
    assert first.stories_touched == (story.id,)
    again = ingest_articles(store, _sample())
    assert (again.added, again.existing, again.stories_touched) == (0, 7, ())
    assert store.stories() == (story,)


def test_near_duplicate_is_marked_and_joins_its_original_story(
    store: Store, tmp_path: Path
) -> None:
    ingest_articles(store, _sample())
    (copy,) = _reprint(tmp_path)
    report = ingest_articles(store, [copy])  # a new run: the state is replayed from the store
    assert (report.added, report.duplicates, report.new_stories) == (1, 1, 0)
    (story,) = store.stories()
    assert story.article_count == 8
    original = store.duplicate_of(copy.id)
    assert original is not None
    assert store.get_article(original).path.endswith(SAMPLE_DOC)  # type: ignore[union-attr]


def test_unrelated_article_in_a_later_run_starts_a_second_story(store: Store) -> None:
    ingest_articles(store, _sample())
    report = ingest_articles(store, [UNRELATED])
    assert (report.added, report.new_stories) == (1, 1)
    stories = {row.article_count: row for row in store.stories()}
    assert set(stories) == {7, 1}
    assert stories[1].title == UNRELATED.title
    # the replayed clusterer keeps both stories open, each mapped to its stored id
    state = replay(store)
    assert set(state.cluster_story.values()) == {row.id for row in store.stories()}


def test_story_title_falls_back_to_first_sentence() -> None:
    article = Article(id="x", text="Floods closed the Orrin road on Friday. More rain is due.")
    assert story_title(article) == "Floods closed the Orrin road on Friday."


@pytest.mark.parametrize(
    ("text", "source", "title"),
    [
        (
            "ORSK, Vesland (AP) _ Gunmen kidnapped four aid workers",
            None,
            "Gunmen kidnapped four aid workers",
        ),
        ("RIVERTON _ The Marl river burst its banks", None, "The Marl river burst its banks"),
        ("DUNMERE, May 3 (Reuters) - Shares fell", None, "Shares fell"),
        ("(Bayline Post) -- Ferries resume", None, "Ferries resume"),
        ("Port Alden (CNN) -- The bridge reopened", None, "The bridge reopened"),
        ("Associated Press A soldier rides a carrier", None, "A soldier rides a carrier"),
        ("Bayline Post Ferries resume at dawn", "Bayline Post", "Ferries resume at dawn"),
        ("Bridge reopens to traffic | Bayline Post", "Bayline Post", "Bridge reopens to traffic"),
        ("Bridge reopens to traffic, THE COASTLINE TIMES", None, "Bridge reopens to traffic"),
        # left as they are: a dash inside a headline, a country, a shouted headline
        ("Orrin floods - the aftermath", None, "Orrin floods - the aftermath"),
        ("NORLAND VOTES, RESULTS DUE", None, "NORLAND VOTES, RESULTS DUE"),
        ("Vesland:  talks   resume", None, "Vesland: talks resume"),
    ],
)
def test_titles_lose_datelines_and_outlet_names(text: str, source: str | None, title: str) -> None:
    assert clean_title(text, source) == title


def test_a_story_titled_by_its_first_sentence_loses_the_dateline() -> None:
    article = Article(
        id="x", text="ORSK, Vesland (AP) _ Gunmen kidnapped four aid workers on Monday. More later."
    )
    assert story_title(article) == "Gunmen kidnapped four aid workers on Monday."
    titled = Article(id="y", text="Body text here.", title="ORSK _ Aid workers freed", source="AP")
    assert story_title(titled) == "Aid workers freed"


def test_brief_is_cached_until_the_story_grows(store: Store, tmp_path: Path) -> None:
    ingest_articles(store, _sample())
    (story,) = store.stories()
    first = refresh_brief(store, story.id, words=60)
    assert first.rebuilt and first.brief is not None
    data = json.loads(first.json)
    assert data["sentences"] and all(s["citations"] for s in data["sentences"])
    assert len(data["sources"]) == 7
    cached = refresh_brief(store, story.id, words=60)
    assert not cached.rebuilt and cached.brief_at == first.brief_at and cached.json == first.json
    ingest_articles(store, _reprint(tmp_path))  # a duplicate joins: the brief is stale
    refreshed = refresh_brief(store, story.id, words=60)
    assert refreshed.rebuilt and refreshed.brief_at > first.brief_at
    assert len(json.loads(refreshed.json)["sources"]) == 7  # duplicates are left out
    with pytest.raises(UnknownStoryError):
        refresh_brief(store, "s-nope")


def test_a_saved_brief_names_its_supporting_sentences(store: Store) -> None:
    ingest_articles(store, _sample())
    (story,) = store.stories()
    data = json.loads(refresh_brief(store, story.id, words=60).json)
    texts = {a.id: a.text for a in store.story_articles(story.id)}  # stored cleaned
    for entry in data["sentences"]:
        refs = entry["supporting_sentences"]
        assert [r["article_id"] for r in refs] == entry["supporting"]
        assert texts[entry["article_id"]][refs[0]["start"] : refs[0]["end"]] == entry["text"]
        assert all(0 <= r["start"] < r["end"] <= len(texts[r["article_id"]]) for r in refs)


def test_a_brief_saved_without_supporting_sentences_is_rebuilt_once(store: Store) -> None:
    ingest_articles(store, _sample())
    (story,) = store.stories()
    current = json.loads(refresh_brief(store, story.id, words=60).json)
    old = json.loads(json.dumps(current))
    for entry in old["sentences"]:
        del entry["supporting_sentences"]  # as versions before the field saved it
    store.save_brief(story.id, json.dumps(old))
    assert not stream.reusable_brief(json.dumps(old), 60)
    rebuilt = refresh_brief(store, story.id, words=60)
    assert rebuilt.rebuilt and json.loads(rebuilt.json)["sentences"] == current["sentences"]
    assert not refresh_brief(store, story.id, words=60).rebuilt


def test_reusable_brief_reads_the_budget_and_the_format() -> None:
    entry = {"text": "x", "supporting_sentences": []}
    assert stream.reusable_brief(json.dumps({"budget": {"words": 60}, "sentences": [entry]}), 60)
    assert stream.reusable_brief(json.dumps({"budget": {"words": 60}, "sentences": []}), 60)
    assert not stream.reusable_brief(json.dumps({"budget": {"words": 80}, "sentences": []}), 60)
    assert not stream.reusable_brief(json.dumps({"budget": {"words": 60}, "sentences": [1]}), 60)
    assert not stream.reusable_brief("[]", 60)
    assert not stream.reusable_brief("{not json", 60)


def test_search_finds_the_story(store: Store) -> None:
    ingest_articles(store, _sample())
    hits = store.search("Kestrel")
    assert hits and {hit.story_id for hit in hits} == {store.stories()[0].id}


def test_interrupt_keeps_what_was_stored_and_next_run_goes_on(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    assign = store.assign
    calls: list[str] = []

    def interrupted_assign(article_id: str, story_id: str, *, title: str | None = None) -> None:
        calls.append(article_id)
        if len(calls) == 3:
            signal.raise_signal(signal.SIGINT)  # Ctrl-C between the writes of article 3
        assign(article_id, story_id, title=title)

    monkeypatch.setattr(store, "assign", interrupted_assign)
    with pytest.raises(KeyboardInterrupt):
        ingest_articles(store, _sample())
    assert store.count_articles() == 3
    assert store.stories()[0].article_count == 3  # article 3 was assigned before the raise
    monkeypatch.setattr(store, "assign", assign)
    report = ingest_articles(store, _sample())
    assert (report.added, report.existing) == (4, 3)
    (story,) = store.stories()
    assert story.article_count == 7


def test_two_duc_clusters_become_separate_stories(store: Store, shared_data: Path) -> None:
    clusters = ("d30003t", "d30005t")
    gold: dict[str, str] = {}
    articles: list[Article] = []
    for name in clusters:
        for article in load_paths([shared_data / "duc2003" / name / "docs"]).articles:
            gold[article.id] = name
            articles.append(article)
    ingest_articles(store, arrival_order(articles))
    rows = store.stories()
    assert len(rows) >= 2
    story_of = {a.id: row.id for row in rows for a in store.story_articles(row.id)}
    for name in clusters:
        ids = [i for i, g in gold.items() if g == name]
        biggest = max(sum(story_of[i] == sid for i in ids) for sid in set(story_of.values()))
        assert biggest / len(ids) >= 0.7, name

    def main_story(name: str) -> str:
        """The stored story holding most of the cluster's articles."""
        ids = [i for i, g in gold.items() if g == name]
        return max(set(story_of.values()), key=lambda s: sum(story_of[i] == s for i in ids))

    main_stories = {main_story(name) for name in clusters}
    assert len(main_stories) == 2


def test_crash_rolls_back_the_open_batch_and_the_next_run_redoes_it(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stream, "COMMIT_ARTICLES", 2)
    assign = store.assign
    calls: list[str] = []

    def crashing_assign(article_id: str, story_id: str, *, title: str | None = None) -> None:
        calls.append(article_id)
        if len(calls) == 5:
            raise RuntimeError("power cut")  # mid-way through the third transaction
        assign(article_id, story_id, title=title)

    monkeypatch.setattr(store, "assign", crashing_assign)
    with pytest.raises(RuntimeError, match="power cut"):
        ingest_articles(store, _sample())
    assert store.count_articles() == 4  # two whole transactions; article 5 never half-stored
    assert store.stories()[0].article_count == 4
    monkeypatch.setattr(store, "assign", assign)
    report = ingest_articles(store, _sample())  # a new run replays the store
    assert (report.added, report.existing, report.resumed) == (3, 4, 0)
    assert store.stories()[0].article_count == 7


def test_an_article_stored_in_no_story_is_resumed(store: Store) -> None:
    articles = _sample()
    store.add_articles([prepare(articles[0]).article])  # as a crash between writes would
    report = ingest_articles(store, articles)
    assert (report.added, report.existing, report.resumed) == (6, 1, 1)
    (story,) = store.stories()
    assert story.article_count == 7


def test_a_resumed_near_duplicate_is_marked(store: Store, tmp_path: Path) -> None:
    ingest_articles(store, _sample())
    (copy,) = _reprint(tmp_path)
    store.add_articles([prepare(copy).article])  # stored, then a crash before placing it
    report = ingest_articles(store, [copy])
    assert (report.added, report.resumed, report.duplicates) == (0, 1, 1)
    assert store.duplicate_of(copy.id) is not None
    assert store.stories()[0].article_count == 8


def test_the_same_article_twice_in_one_batch_is_placed_once(store: Store) -> None:
    articles = _sample()
    items = [prepare(a) for a in [*articles, articles[2]]]
    state = replay(store)
    report = ingest_prepared(store, iter(items), state=state, total=len(items))
    assert (report.added, report.existing, report.duplicates) == (7, 1, 0)
    assert len(state.clusterer.story_articles(report.stories_touched[0])) == 7
    (story,) = store.stories()
    assert story.article_count == 7


def test_prepared_elsewhere_gives_the_same_store(tmp_path: Path) -> None:
    articles = [*_sample(), UNRELATED]
    with Store.open(tmp_path / "a.sqlite") as one, Store.open(tmp_path / "b.sqlite") as two:
        first = ingest_articles(one, arrival_order(articles))
        prepared = [prepare(a) for a in arrival_order(articles)]
        second = ingest_prepared(two, iter(prepared), state=replay(two), total=len(prepared))
        assert first == second
        assert _contents(one) == _contents(two)


def _contents(store: Store) -> list[tuple[str, tuple[str, ...], tuple[str | None, ...]]]:
    rows = []
    for row in store.stories():
        ids = tuple(a.id for a in store.story_articles(row.id))
        rows.append((row.id, ids, tuple(store.duplicate_of(i) for i in ids)))
    return rows


def test_state_remembers_a_bounded_number_of_placements(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stream, "RECENT_PLACEMENTS", 2)
    state = StreamState()
    for i in range(4):
        state.placed(f"a{i}", "s")
    state.placed("a2", "t")
    assert state.article_story == {"a3": "s", "a2": "t"}


# A saga in an invented country that goes quiet for a year, and two other stories.
SAGA = [
    (
        "Gunmen in Vesland kidnapped four aid workers of the Tallis Relief Fund near the "
        "northern town of Orsk. Vesland police said the gunmen drove them into the hills.",
        1,
    ),
    (
        "Negotiators sought the release of the four kidnapped Tallis Relief Fund workers as "
        "police searched the hills near Orsk. Mara Quill of the fund said a ransom was asked.",
        3,
    ),
    (
        "The kidnappers in the hills near Orsk freed two of the four Tallis Relief Fund aid "
        "workers, Mara Quill said; talks on the release of the other two hostages went on.",
        5,
    ),
]
FLOODS = [
    (
        "Floods in Riverton forced 2,000 residents from their homes after the Marl river burst "
        "its banks; rescue boats evacuated families from flooded streets.",
        100,
    ),
    ("The Marl river flood in Riverton left streets under water as rescue boats worked.", 101),
]
LATER = [
    (
        "A year after the kidnapping near Orsk, the last two Tallis Relief Fund aid workers "
        "held in the hills were freed, Mara Quill said, ending the hostages' ordeal.",
        400,
    ),
    (
        "Voters in Norland elect a new parliament on Sunday; the Liberal Union leads the polls "
        "and turnout is expected to be high.",
        400,
    ),
]


def _dated(prefix: str, items: list[tuple[str, int]]) -> list[Article]:
    return [
        Article(
            f"{prefix}{i}",
            text,
            title=text.split(";")[0][:60],
            published=datetime(2024, 1, 1) + timedelta(days=day),
        )
        for i, (text, day) in enumerate(items)
    ]


def test_a_story_closed_before_a_restart_reopens_as_in_one_uninterrupted_run(
    tmp_path: Path,
) -> None:
    first = _dated("k", SAGA) + _dated("f", FLOODS)
    later = _dated("l", LATER)
    with Store.open(tmp_path / "one.sqlite") as one, Store.open(tmp_path / "two.sqlite") as two:
        ingest_articles(one, arrival_order(first + later))
        ingest_articles(two, arrival_order(first))
        # the restart: the saga is older than the replay window, so only its stored
        # profile brings it back (into the dormant archive)
        state = replay(two)
        assert state.clusterer.dormant_stories == 1 and state.clusterer.open_stories == 1
        ingest_articles(two, arrival_order(later), state=state)
        assert _contents(one) == _contents(two)
        assert two.story_of("l0") == two.story_of("k0")  # the saga reopened
        assert two.story_of("l1") not in {two.story_of("k0"), two.story_of("f0")}
        # a third run rebuilds the flood story (closed, out of the window) from its profile,
        # the same on every replay
        again, twice = replay(two), replay(two)
        flood = two.story_of("f0")
        assert flood is not None and again.cluster_story[flood] == flood
        assert again.clusterer.dormant_stories == 1
        assert [again.clusterer.snapshot(s) for s in sorted(again.cluster_story)] == [
            twice.clusterer.snapshot(s) for s in sorted(twice.cluster_story)
        ]


@pytest.mark.slow
def test_three_runs_over_duc2006_keep_the_stories_of_one(tmp_path: Path, shared_data: Path) -> None:
    """On real data the restart is close to, not exactly, one run: the replayed open
    stories see a smaller idf table. Measured: 80 stories in one run, 82 in three, B-cubed
    agreement 0.895; without the restored archive 112 stories and 0.834."""
    from storyfuse.stories.metrics import bcubed

    dataset = shared_data / "duc2006_dev"
    loaded = load_paths([c / "docs" for c in sorted(dataset.iterdir()) if (c / "docs").is_dir()])
    articles = arrival_order({a.id: a for a in loaded.articles}.values())
    with Store.open(tmp_path / "one.sqlite") as one, Store.open(tmp_path / "three.sqlite") as three:
        ingest_articles(one, articles)
        for part in range(3):
            ingest_articles(
                three, articles[part * len(articles) // 3 : (part + 1) * len(articles) // 3]
            )
        once = {a.id: row.id for row in one.stories() for a in one.story_articles(row.id)}
        thrice = {a.id: row.id for row in three.stories() for a in three.story_articles(row.id)}
    assert len(set(thrice.values())) <= 1.05 * len(set(once.values()))
    assert bcubed(thrice, once).f1 >= 0.87


def test_a_story_is_titled_by_its_most_central_article(store: Store) -> None:
    sample = _sample()
    # a round-up leads the stream: one line on the bridge, the rest about other things
    roundup = Article(
        id="roundup",
        title="Port Alden round-up: bridge, budget and ferries",
        text=(
            "A section of the Kestrel Harbour Bridge fell into the Vell estuary on Monday "
            "after a ship struck it.\nThe city council also approved its budget for "
            "next year, raising spending on parks and libraries. A new ferry timetable starts "
            "in May, and the harbour museum will open on Sundays."
        ),
        source="Port Alden Weekly",
        published=min(a.published for a in sample if a.published) - timedelta(hours=1),
    )
    ingest_articles(store, arrival_order([roundup, *sample]))
    (row,) = store.stories()
    assert row.article_count == 8
    assert row.title != roundup.title
    assert row.title in {story_title(a) for a in sample}
    # a later run that adds nothing central keeps the title; one that grows the story
    # chooses among the members it holds again
    ingest_articles(store, [UNRELATED])
    assert store.story(row.id).title == row.title  # type: ignore[union-attr]


def test_a_stored_storys_timeline_is_dated_by_captions_as_the_cli_s(store: Store) -> None:
    """The store keeps cleaned text, so it keeps the photo captions cleaning took out too
    (``Article.captions``): a stored story's brief dates its report as ``brief`` of the raw
    article does, by its caption's March 11, 2025."""
    from storyfuse.pipeline import brief

    raw = Article(
        id="ferry-1",
        text=(
            "The council of Westhaven voted on Monday to close the old ferry terminal.\n"
            "Ferry workers marched to the town hall on Tuesday to protest the closure.\n"
            "Ferry workers outside the Westhaven town hall, March 11, 2025. "
            "(Jane Mora / Staff Photographer)"
        ),
        source="Westhaven Courier",
    )
    ingest_articles(store, [raw])
    (story,) = store.stories()
    stored = stream.build_brief(store, story.id, words=60).timeline
    assert stored == brief([raw], words=60).timeline
    assert {e.date_text: e.date for e in stored} == {
        "Monday": datetime(2025, 3, 10).date(),
        "Tuesday": datetime(2025, 3, 11).date(),
    }
