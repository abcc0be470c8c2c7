"""The story page around its brief: the reports newest first, the coverage chart (inline
SVG), the outlets with their counts, related stories, one citation per article on quotes
and correct plurals; on the bundled sample and on the DUC 2003 dev set in a store."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_helpers import Element, make_client, read_html

from storyfuse.ingest import load_paths
from storyfuse.rendering import plural
from storyfuse.store import Store
from storyfuse.stories.stream import arrival_order, ingest_articles
from storyfuse.text.textstats import stems
from storyfuse.types import Article
from storyfuse.web.story import (
    CHART_HEIGHT,
    MAX_BARS,
    NO_OUTLET,
    bucket_size,
    coverage,
    headline,
    outlet_counts,
    reports,
)
from storyfuse.web.views import brief_view

OPENING_SLACK = 80  # characters of a dateline and credit before an article's first words
_BAD_PLURAL_RE = re.compile(r"\b1 (articles|sources|outlets|stories|reports)\b")
_WHEN_RE = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")


def _article(n: int, published: datetime | None, source: str | None = "Wire") -> Article:
    return Article(id=f"a{n}", text=f"Report number {n}.", source=source, published=published)


# --- the pure parts ---------------------------------------------------------------------------


def test_plural() -> None:
    assert plural(1, "article") == "1 article"
    assert plural(2, "article") == "2 articles"
    assert plural(0, "source") == "0 sources"
    assert plural(1, "story", "stories") == "1 story"
    assert plural(3, "story", "stories") == "3 stories"


def test_bucket_size_is_the_shortest_that_fits() -> None:
    assert bucket_size(timedelta(0)) == (timedelta(hours=1), "hour")
    assert bucket_size(timedelta(hours=10)) == (timedelta(hours=1), "hour")
    assert bucket_size(timedelta(hours=53)) == (timedelta(hours=6), "6 hours")
    assert bucket_size(timedelta(days=9)) == (timedelta(days=1), "day")
    assert bucket_size(timedelta(days=60)) == (timedelta(weeks=1), "week")
    assert bucket_size(timedelta(days=400)) == (timedelta(weeks=4), "4 weeks")
    for days in (0.5, 3, 14, 100, 1000):
        times = [datetime(2024, 1, 1, 23, 59, tzinfo=UTC) + timedelta(days=d) for d in (0, days)]
        chart = coverage(times)
        assert chart is not None and len(chart.bars) <= MAX_BARS, days


def test_coverage_counts_articles_per_bucket() -> None:
    start = datetime(2025, 3, 11, 6, 15)  # naive: taken as UTC
    times: list[datetime | None] = [
        start,
        start + timedelta(hours=3),
        start.replace(tzinfo=UTC) + timedelta(hours=40),
        datetime(2025, 3, 13, 14, 0, tzinfo=timezone(timedelta(hours=2))),  # 12:00 UTC
        None,
    ]
    chart = coverage(times)
    assert chart is not None
    assert chart.unit == "6 hours" and chart.dated == 4 and chart.undated == 1
    assert chart.start == datetime(2025, 3, 11, 6, 0, tzinfo=UTC)
    assert [b.count for b in chart.bars] == [2, 0, 0, 0, 0, 0, 1, 0, 0, 1]
    assert chart.peak == 2 and chart.end == datetime(2025, 3, 13, 18, 0, tzinfo=UTC)
    tall = chart.bars[0]
    assert tall.height == CHART_HEIGHT and tall.y == 0
    assert chart.bars[6].height == CHART_HEIGHT / 2
    assert all(a.x + a.width < b.x for a, b in zip(chart.bars, chart.bars[1:], strict=False))
    assert chart.bars[-1].x + chart.bars[-1].width <= chart.width
    assert chart.bars[0].label == "2025-03-11 06:00–12:00 UTC"
    assert chart.bars[-1].label == "2025-03-13 12:00–18:00 UTC"
    assert chart.summary == (
        "4 articles counted per 6 hours, 2025-03-11 06:00 UTC to 2025-03-13 18:00 UTC; "
        "the busiest 6 hours had 2 articles"
    )
    assert coverage([None, None]) is None


def test_coverage_by_day_is_labelled_by_dates() -> None:
    chart = coverage([datetime(1998, 10, 1, 19, 17), datetime(1998, 10, 9, 8, 0)])
    assert chart is not None and chart.unit == "day" and len(chart.bars) == 9
    assert (chart.first_label, chart.last_label) == ("1998-10-01", "1998-10-09")
    assert chart.bars[0].label == "1998-10-01"
    assert chart.summary.endswith("the busiest day had 1 article")


def test_reports_newest_first_with_undated_last() -> None:
    base = datetime(2025, 3, 11, 6, 0)
    articles = [
        _article(1, base),
        _article(2, None),
        _article(3, base + timedelta(days=1)),
        _article(4, (base + timedelta(hours=5)).replace(tzinfo=UTC)),
    ]
    shown = reports(articles, {"a1": 2, "a3": 1})
    assert [r.article_id for r in shown] == ["a3", "a4", "a1", "a2"]
    assert [r.number for r in shown] == [1, None, 2, None]


def test_outlet_counts_most_first_and_unnamed_last() -> None:
    articles = [
        _article(1, None, "Zeta News"),
        _article(2, None, "Alpha Post"),
        _article(3, None, "Zeta News"),
        _article(4, None, None),
        _article(5, None, "  "),
        _article(6, None, "Alpha Post"),
        _article(7, None, "Mid Times"),
    ]
    counts = [(o.name, o.count) for o in outlet_counts(articles)]
    assert counts == [("Alpha Post", 2), ("Zeta News", 2), (NO_OUTLET, 2), ("Mid Times", 1)]


def test_headline_of_an_untitled_report_is_its_opening_words() -> None:
    words = " ".join(f"w{i}" for i in range(30))
    assert headline(Article(id="x", text=words)).split() == [*words.split()[:14][:-1], "w13…"]
    assert headline(Article(id="x", text="Short  lead.")) == "Short lead."
    assert headline(Article(id="x", text="Body.", title=" A\n title ")) == "A title"
    assert headline(Article(id="x", text="")) == "x"


def test_a_quote_over_two_sentences_of_one_report_cites_it_once() -> None:
    refs = [{"article_id": "a1", "sentence_index": i} for i in (3, 4)]
    data = {
        "sentences": [],
        "sources": [{"number": 1, "id": "a1"}, {"number": 2, "id": "b2"}],
        "analysis": {
            "quotes": [
                {
                    "text": "We lost power. Then steering.",
                    "speaker": "Ines Calder",
                    "articles": ["a1", "b2"],
                    "sentences": [*refs, {"article_id": "b2", "sentence_index": 7}],
                }
            ],
            "agreements": [
                {"text": "It sank.", "support": 1, "articles": ["b2"], "sentences": []}
            ],
            "names": [{"name": "Ines Calder", "kind": "person", "articles": ["a1"]}],
        },
    }
    view = brief_view(data, lambda n, a, i: f"{a}#{i}")
    sections = {s.key: s for s in view.sections}
    (quote,) = sections["quotes"].lines
    assert [(c.number, c.href) for c in quote.parts[0].cites] == [(1, "a1#3"), (2, "b2#7")]
    assert sections["agreements"].lines[0].lead == "1 source"
    assert sections["names"].lines[0].parts[0].text == "Ines Calder (person, 1 source)"


# --- the sample's story page --------------------------------------------------------------------


def _story_page(client: TestClient, story_id: str) -> tuple[str, Element]:
    response = client.get(f"/stories/{story_id}")
    assert response.status_code == 200, response.text
    return response.text, read_html(response.text)


def test_sample_story_page_lists_sources_newest_first(
    client: TestClient, sample_db: Path, story_id: str
) -> None:
    _, root = _story_page(client, story_id)
    brief = json.loads(client.get(f"/api/v1/stories/{story_id}").text)["brief"]
    numbers = {s["id"]: s["number"] for s in brief["sources"]}
    with Store.open(sample_db) as store:
        articles = {a.id: a for a in store.story_articles(story_id)}
    (section,) = root.find_all("section", "sources")
    items = section.find_all("li", "source")
    assert len(items) == len(articles) == 7
    shown: list[datetime] = []
    for item in items:
        (link,) = item.find_all("a", "headline")
        article_id = link.attrs["href"].removeprefix("/articles/")
        article = articles[article_id]
        assert article.title is not None and link.words == article.title
        assert item.attrs["id"] == f"source-{numbers[article_id]}"
        assert item.words.startswith(f"[{numbers[article_id]}]")
        assert article.source is not None and article.source in item.words
        assert article.published is not None
        assert article.published.strftime("%Y-%m-%d %H:%M") in item.words
        shown.append(article.published)
    assert shown == sorted(shown, reverse=True)
    hosts = [a.words for a in section.find_all("a", "external")]
    assert hosts[0] == "baylinepost.example" and all("/" not in h for h in hosts)


def test_sample_story_page_draws_coverage_and_outlets(client: TestClient, story_id: str) -> None:
    html, root = _story_page(client, story_id)
    (section,) = root.find_all("section", "coverage")
    (svg,) = section.find_all("svg", "coverage-chart")
    assert svg.attrs["role"] == "img"
    assert svg.attrs["aria-label"].startswith("7 articles counted per 6 hours, 2025-03-11 06:00")
    bars = svg.find_all("rect", "bar")
    counts = [int(re.findall(r": (\d+) articles?$", b.words)[0]) for b in bars]
    assert sum(counts) == 7 and max(counts) == 2
    heights = [float(b.attrs["height"]) for b in bars]
    assert max(heights) == CHART_HEIGHT and min(heights) == CHART_HEIGHT / 2
    assert "<script" not in html
    outlets = section.find_all("ul", "outlets")[0].find_all("li")
    assert len(outlets) == 7 and all(o.words.endswith(" 1 article") for o in outlets)
    (meta,) = [p for p in root.find_all("p", "meta") if "outlet" in p.words]
    assert meta.words.startswith("7 articles from 7 outlets")


def test_sample_story_page_cites_each_article_once_per_quote_and_says_plurals_right(
    client: TestClient, story_id: str
) -> None:
    _, root = _story_page(client, story_id)
    brief = json.loads(client.get(f"/api/v1/stories/{story_id}").text)["brief"]
    repeated = [q for q in brief["analysis"]["quotes"] if len(q["sentences"]) > len(q["articles"])]
    assert repeated, "the sample has quotes spanning sentences of one report"
    (quotes,) = root.find_all("section", "quotes")
    items = quotes.find_all("li")
    assert len(items) == len(brief["analysis"]["quotes"])
    for item, quote in zip(items, brief["analysis"]["quotes"], strict=True):
        numbers = [c.words for c in item.find_all("a", "cite")]
        assert len(numbers) == len(set(numbers)) == len(quote["articles"])
    for section in root.find_all("section", "analysis"):
        for item in section.find_all("li"):
            numbers = [c.words for c in item.find_all("a", "cite")]
            assert len(numbers) == len(set(numbers)), item.words
    assert _BAD_PLURAL_RE.search(root.words) is None


def test_the_sample_alone_has_no_related_stories(client: TestClient, story_id: str) -> None:
    _, root = _story_page(client, story_id)
    assert root.find_all("section", "related") == []


# --- related stories, on the DUC 2003 dev set -----------------------------------------------------


@pytest.fixture(scope="module")
def duc_db(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The DUC 2003 dev set's 30 clusters ingested into one store (stories found by ingest)."""
    db = tmp_path_factory.mktemp("duc-store") / "duc.sqlite"
    with Store.open(db) as store:
        ingest_articles(store, arrival_order(load_paths([shared_data / "duc2003"]).articles))
    return db


@pytest.fixture(scope="module")
def duc_client(duc_db: Path) -> Iterator[TestClient]:
    with make_client(duc_db) as client:
        yield client


def _story_by_opening(db: Path, words: str) -> str:
    """The story of the (one) article that opens with ``words`` after its dateline (its
    title comes from whichever article is most central)."""
    with Store.open(db) as store:
        found = {
            s.id
            for s in store.stories()
            for a in store.story_articles(s.id)
            if words in a.text[: len(words) + OPENING_SLACK]
        }
    (story,) = found
    return story


def _texts(db: Path, story_id: str) -> list[str]:
    with Store.open(db) as store:
        return [a.text.lower() for a in store.story_articles(story_id)]


def test_related_stories_share_the_briefs_names(duc_client: TestClient, duc_db: Path) -> None:
    story = _story_by_opening(duc_db, "China's central government ordered the arrest")
    html, root = _story_page(duc_client, story)
    (section,) = root.find_all("section", "related")
    items = section.find_all("li", "story")
    assert 1 <= len(items) <= 5
    links = [i.find_all("a", "related-link")[0] for i in items]
    assert f"/stories/{story}" not in [a.attrs["href"] for a in links]
    brief = json.loads(duc_client.get(f"/api/v1/stories/{story}").text)["brief"]
    names = {n["name"] for n in brief["analysis"]["names"]}
    for item, link in zip(items, links, strict=True):
        shared = item.words.split("also names ", 1)[1].split(", ")
        assert len(shared) >= 2 and set(shared) <= names
        texts = _texts(duc_db, link.attrs["href"].removeprefix("/stories/"))
        found = {w for t in texts for w in stems(t)}
        for name in shared:  # every word of each shared name occurs in the other story,
            assert set(stems(name)) <= found, name  # stemmed as the search matches them
    assert _BAD_PLURAL_RE.search(root.words) is None and "<script" not in html


def test_untitled_wire_reports_show_their_opening_words(
    duc_client: TestClient, duc_db: Path
) -> None:
    story = _story_by_opening(duc_db, "When Josue")
    _, root = _story_page(duc_client, story)
    items = root.find_all("section", "sources")[0].find_all("li", "source")
    assert len(items) == 12
    for item in items:
        headline_text = item.find_all("a", "headline")[0].words
        assert headline_text.endswith("…") and not re.fullmatch(r"[0-9a-f]{16}", headline_text)
    times = [_WHEN_RE.findall(i.words)[0] for i in items]
    assert times == sorted(times, reverse=True)
    (svg,) = root.find_all("svg", "coverage-chart")
    assert "counted per week" in svg.attrs["aria-label"]
