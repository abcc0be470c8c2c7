"""``storyfuse ingest`` end to end: sources of every kind must give the expected stories.

- a feed and a page served by a local HTTP server (127.0.0.1 only: ``local_server`` in
  tests/conftest.py);
- a feed file and a WARC crawl that the test writes;
- folders of ../shared/data (two DUC 2003 clusters and a Multi-News one).

The served and written sources carry the bundled sample's seven bridge reports and three
reports of an unrelated fictional event (a museum fire, written for these tests): each run
must give exactly two stories with the right members, and a second run must add nothing.
"""

from __future__ import annotations

import json
from collections import Counter
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import pytest
from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyfuse.cli.main import main
from storyfuse.ingest import load_paths
from storyfuse.ingest.dates import parse_date
from storyfuse.samples import sample_dir
from storyfuse.store import Store

FIRE_REPORTS: tuple[tuple[str, str, str, str], ...] = (
    (
        "Fire guts east wing of the Larkmoor Maritime Museum",
        "Larkmoor Evening Star",
        "2025-06-02T07:10:00+00:00",
        "A fire tore through the east wing of the Larkmoor Maritime Museum late on Sunday, "
        "destroying part of its collection of ship models and navigation instruments.\n"
        "Firefighters were called at about 11 p.m. and needed four hours to bring the blaze "
        "under control, the Larkmoor fire service said.\n"
        "No one was hurt. The museum's night guard raised the alarm after smoke detectors "
        "went off in the east wing.\n"
        '"We lost models that took craftsmen years to build," museum director Odile Franck '
        "said on Monday morning.\n"
        "The cause of the fire is not yet known; investigators will examine the wiring of a "
        "storeroom where the flames are thought to have started.",
    ),
    (
        "Larkmoor museum fire: ship models lost, cause under investigation",
        "Westerly Gazette",
        "2025-06-02T10:30:00+00:00",
        "Investigators are examining a storeroom in the Larkmoor Maritime Museum where a fire "
        "is believed to have started late on Sunday night.\n"
        "The blaze destroyed dozens of historic ship models and damaged the museum's east "
        "wing, director Odile Franck said.\n"
        "Larkmoor fire service crews fought the fire for four hours. Nobody was injured.\n"
        "The museum will stay closed for at least three weeks while the building is checked.",
    ),
    (
        "Larkmoor Maritime Museum to stay shut for weeks after fire",
        "Coastal Heritage Weekly",
        "2025-06-03T08:00:00+00:00",
        "The Larkmoor Maritime Museum will remain closed for at least three weeks after "
        "Sunday's fire in its east wing, its director Odile Franck announced.\n"
        "The fire destroyed ship models and navigation instruments kept in the wing; the "
        "main hall and its collection of figureheads were not damaged.\n"
        "Fire investigators say the blaze began in a storeroom, and the wiring there is "
        "being examined.",
    ),
)


def _sample_items() -> list[tuple[str, str, str, str]]:
    """The sample's reports as (title, source, published, text) with its own metadata."""
    items = []
    for article in load_paths([sample_dir()]).articles:
        assert article.title and article.source and article.published
        items.append((article.title, article.source, article.published.isoformat(), article.text))
    return items


def _rss(items: list[tuple[str, str, str, str]], base: str) -> bytes:
    entries = []
    for number, (title, source, published, text) in enumerate(items):
        when = parse_date(published)
        assert when is not None
        body = "".join(f"<p>{escape(line)}</p>" for line in text.splitlines() if line.strip())
        entries.append(
            "<item>"
            f"<title>{xml_escape(title)}</title>"
            f"<link>{base}/story/{number}</link>"
            f"<pubDate>{format_datetime(when)}</pubDate>"
            f"<author>{xml_escape(source)}</author>"
            f"<content:encoded><![CDATA[{body}]]></content:encoded>"
            "</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        "<channel><title>Test wire</title><link>" + base + "</link>"
        "<description>Fictional reports for storyfuse tests</description>"
        + "".join(entries)
        + "</channel></rss>"
    ).encode()


def _page(title: str, text: str, published: str | None = None) -> bytes:
    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in text.splitlines())
    date = f"<meta property='article:published_time' content='{published}'>" if published else ""
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{escape(title)}</title>{date}</head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{escape(title)}</h1>{paragraphs}</article>"
        "<footer>Copyright Coastal Heritage Weekly. All rights reserved.</footer>"
        "</body></html>"
    ).encode()


class _Routes:
    def __init__(self) -> None:
        self.bodies: dict[str, tuple[str, bytes]] = {}


ROUTES = _Routes()


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        ctype, body = ROUTES.bodies.get(self.path, ("text/plain", b"not found"))
        self.send_response(200 if self.path in ROUTES.bodies else 404)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output quiet


@pytest.fixture(scope="module")
def http_handler() -> type[BaseHTTPRequestHandler]:
    return _Handler


@pytest.fixture(scope="module")
def base_url(local_server: str) -> str:
    """The server's URL, once its routes are filled in (the feed's links carry the URL)."""
    items = _sample_items() + list(FIRE_REPORTS[:2])
    ROUTES.bodies["/wire.rss"] = (
        "application/rss+xml; charset=utf-8",
        _rss(items, local_server),
    )
    title, _source, _published, text = FIRE_REPORTS[2]
    ROUTES.bodies["/heritage/museum-closed"] = ("text/html; charset=utf-8", _page(title, text))
    return local_server


def test_ingest_of_served_feed_and_page_gives_the_expected_stories(
    base_url: str, tmp_path: Path
) -> None:
    db = tmp_path / "served.sqlite"
    sources = [f"{base_url}/wire.rss", f"{base_url}/heritage/museum-closed"]
    result = CliRunner().invoke(main, ["ingest", *sources, "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == (
        "10 added, 0 already stored, 0 duplicates, 2 stories updated (2 new)"
    )
    with Store.open(db) as store:
        stories = sorted(store.stories(), key=lambda row: -row.article_count)
        assert [row.article_count for row in stories] == [7, 3]
        bridge, fire = (store.story_articles(row.id) for row in stories)
    assert all("Kestrel" in article.text for article in bridge)
    assert all("Larkmoor" in article.text for article in fire)
    urls = {article.url for article in fire}
    assert f"{base_url}/heritage/museum-closed" in urls
    assert f"{base_url}/story/7" in urls and f"{base_url}/story/8" in urls
    assert "Copyright" not in " ".join(article.text for article in fire)

    again = CliRunner().invoke(main, ["ingest", *sources, "--db", str(db)])
    assert again.exit_code == 0, again.output
    assert again.stdout.startswith("0 added, 10 already stored, 0 duplicates, 0 stories")


def test_missing_feed_url_is_reported_and_the_rest_ingested(base_url: str, tmp_path: Path) -> None:
    db = tmp_path / "partial.sqlite"
    sources = [f"{base_url}/gone.rss", f"{base_url}/heritage/museum-closed"]
    result = CliRunner().invoke(main, ["ingest", *sources, "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert f"{base_url}/gone.rss" in result.stderr and "404" in result.stderr
    assert result.stdout.startswith("1 added, 0 already stored, 0 duplicates, 1 stories")


def _story_members(db: Path) -> list[tuple[int, list[str]]]:
    """(article count, texts) of each story, biggest first."""
    with Store.open(db) as store:
        rows = sorted(store.stories(), key=lambda row: -row.article_count)
        return [(row.article_count, [a.text for a in store.story_articles(row.id)]) for row in rows]


def _write_crawl(path: Path, base: str) -> None:
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        for number, (title, _source, published, text) in enumerate(FIRE_REPORTS):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], "HTTP/1.1")
            record = writer.create_warc_record(
                f"{base}/museum/{number}",
                "response",
                payload=BytesIO(_page(title, text, published)),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": published.replace("+00:00", "Z")},
            )
            writer.write_record(record)


def test_ingest_of_written_feed_file_and_warc_gives_the_expected_stories(
    tmp_path: Path,
) -> None:
    base = "https://wire.example"
    feed = tmp_path / "wire.rss"
    feed.write_bytes(_rss(_sample_items(), base))
    crawl = tmp_path / "museum.warc.gz"
    _write_crawl(crawl, base)
    db = tmp_path / "files.sqlite"
    result = CliRunner().invoke(main, ["ingest", str(feed), str(crawl), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == (
        "10 added, 0 already stored, 0 duplicates, 2 stories updated (2 new)"
    )
    (bridge_count, bridge), (fire_count, fire) = _story_members(db)
    assert (bridge_count, fire_count) == (7, 3)
    assert all("Kestrel" in text for text in bridge)
    assert all("Larkmoor" in text for text in fire)
    again = CliRunner().invoke(main, ["ingest", str(crawl), str(feed), "--db", str(db)])
    assert again.stdout.startswith("0 added, 10 already stored, 0 duplicates, 0 stories")


def test_ingest_of_dev_set_folders_gives_one_story_per_event(
    shared_data: Path, tmp_path: Path
) -> None:
    folders = {
        "duc:d30003t": shared_data / "duc2003" / "d30003t" / "docs",
        "duc:d30005t": shared_data / "duc2003" / "d30005t" / "docs",
        "multinews:000": shared_data / "multinews_dev" / "000_e45abfcb82a3" / "docs",
    }
    db = tmp_path / "dev.sqlite"
    result = CliRunner().invoke(
        main, ["ingest", *(str(path) for path in folders.values()), "--db", str(db)]
    )
    assert result.exit_code == 0, result.output
    gold = {a.id: name for name, path in folders.items() for a in load_paths([path]).articles}
    with Store.open(db) as store:
        story_of = {a.id: row.id for row in store.stories() for a in store.story_articles(row.id)}
    assert set(story_of) == set(gold)
    main_story = {}
    for name in folders:
        votes = Counter(story_of[i] for i, g in gold.items() if g == name)
        main_story[name], size = votes.most_common(1)[0]
        assert size / sum(votes.values()) >= 0.7, (name, votes)
    assert len(set(main_story.values())) == len(folders)


def test_placeholder_dates_are_dropped_with_a_warning_and_ingest_goes_on(tmp_path: Path) -> None:
    dump = tmp_path / "old.jsonl"
    lines = [
        {"text": FIRE_REPORTS[0][3], "published": "0001-01-01T00:00:00Z"},
        {"text": FIRE_REPORTS[1][3], "published": "9999-12-31"},
    ]
    dump.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", str(dump), "--db", str(tmp_path / "db.sqlite")])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("2 added")
    assert f"{dump}:1: unparsable 'published' '0001-01-01T00:00:00Z', ignored" in result.stderr


def _jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_a_date_after_the_ingest_time_is_dropped_and_duplicates_are_still_marked(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "db.sqlite")
    future = _jsonl(
        tmp_path / "future.jsonl",
        [{"text": FIRE_REPORTS[0][3], "published": "2199-01-01", "url": "http://x.test/f"}],
    )
    first = CliRunner().invoke(main, ["ingest", str(future), "--db", db])
    assert first.exit_code == 0, first.output
    assert (
        f"warning: {future} (http://x.test/f): published 2199-01-01 00:00 UTC is after the "
        "ingest time; stored undated" in first.stderr
    )
    with Store.open(db) as store:
        assert [
            store.get_article(hit.article_id).published  # type: ignore[union-attr]
            for hit in store.search("Larkmoor")
        ] == [None]
    # A later run: the wrong date must not have moved the duplicate index's clock, which
    # expired every original at once (0 duplicates instead of 1).
    report = FIRE_REPORTS[1][3]
    later = _jsonl(
        tmp_path / "later.jsonl",
        [
            {"text": report, "published": "2025-06-02T10:30:00Z"},
            {"text": report + "\nUpdated at noon.", "published": "2025-06-02T12:00:00Z"},
        ],
    )
    second = CliRunner().invoke(main, ["ingest", str(later), "--db", db, "--json"])
    assert second.exit_code == 0, second.output
    assert json.loads(second.stdout)["duplicates"] == 1
