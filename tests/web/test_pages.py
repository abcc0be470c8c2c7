"""The HTML pages on the bundled sample: stories, a story's cited brief, articles, search,
the summarise form, escaping and error pages.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from fastapi.testclient import TestClient
from web_helpers import TOKEN, Element, auth, by_id, make_client, read_html

from storyfuse import pipeline
from storyfuse.samples import sample_dir
from storyfuse.store import Store
from storyfuse.text import support
from storyfuse.text.clean import clean_article
from storyfuse.text.segment import segment_article
from storyfuse.web.settings import WebSettings
from storyfuse.web.views import brief_view

CITE_HREF_RE = re.compile(r"^/articles/(?P<article>[^/?#]+)\?hl=(?P<index>\d+)#s-(?P=index)$")
HOSTILE = "<script>alert('x')</script>"


def _page(client: TestClient, url: str, status: int = 200) -> Element:
    response = client.get(url)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in response.headers["content-security-policy"]
    return read_html(response.text)


def _sentence_text(db: Path, article_id: str, index: int) -> str:
    with Store.open(db) as store:
        article = store.get_article(article_id)
    assert article is not None
    return segment_article(article)[index].text


def test_story_list(client: TestClient, story_id: str) -> None:
    root = _page(client, "/")
    (link,) = root.find_all("a", "story-link")
    assert link.attrs["href"] == f"/stories/{story_id}"
    assert "Kestrel Harbour Bridge" in link.words
    (story,) = root.find_all("li", "story")
    assert "7 articles" in story.words and "7 sources" in story.words
    assert "2025-03-13 11:20" in story.words
    (form,) = [f for f in root.find_all("form") if f.attrs.get("action") == "/search"][:1]
    assert [i.attrs["name"] for i in form.find_all("input")] == ["q"]
    assert root.find_all("meta")[1].attrs == {
        "name": "viewport",
        "content": "width=device-width, initial-scale=1",
    }


FIRE = (
    "A fire destroyed a grain store at the edge of Wexmoor on Saturday night, the county fire "
    "service said. No one was hurt; the cause is not yet known."
)


def test_story_list_can_hide_single_article_stories(fresh_db: Path) -> None:
    with make_client(fresh_db) as client:
        body = {"articles": [{"text": FIRE}]}
        posted = client.post("/api/v1/articles", json=body, headers=auth())
        assert posted.status_code == 200 and posted.json()["new_stories"] == 1
        everything = _page(client, "/")
        assert len(everything.find_all("li", "story")) == 2
        (hide,) = everything.find_all("a", "filter")
        assert hide.attrs["href"] == "/?min_articles=2"
        shown = _page(client, hide.attrs["href"])
        (story,) = shown.find_all("li", "story")
        assert "7 articles" in story.words
        assert "1 story of at least 2 articles" in shown.words
        assert "1 smaller story is hidden" in shown.words
        api = client.get("/api/v1/stories?min_articles=2").json()
        assert api["total"] == 1 and api["stories"][0]["article_count"] == 7
        assert client.get("/api/v1/stories").json()["total"] == 2
        none = _page(client, "/?min_articles=8")
        assert "No story has 8 or more articles yet" in none.words
        assert client.get("/api/v1/stories?min_articles=0").status_code == 422


def test_story_page_cites_sentences_that_article_pages_highlight(
    fresh_db: Path, story_id: str
) -> None:
    """At 150 words, where the sample's summary has sentences that other reports support
    (at the default 100 each of its three is its own report's alone)."""
    with make_client(fresh_db, WebSettings(write_token=TOKEN, words=150)) as client:
        _check_story_page_citations(client, fresh_db, story_id)


def _check_story_page_citations(client: TestClient, sample_db: Path, story_id: str) -> None:
    root = _page(client, f"/stories/{story_id}")
    brief = json.loads(client.get(f"/api/v1/stories/{story_id}").text)["brief"]
    items = root.find_all("li", "summary-sentence")
    assert len(items) == len(brief["sentences"]) >= 3
    checked = updates = 0
    for item, sentence in zip(items, brief["sentences"], strict=True):
        assert " ".join(sentence["text"].split()) in item.words
        cites = item.find_all("a", "cite")
        assert [c.words for c in cites] == [f"[{n}]" for n in sentence["citations"]]
        refs = sentence["supporting_sentences"]
        supporting = {r["article_id"]: r["sentence_index"] for r in refs}
        cited_articles = set()
        for cite in cites:
            match = CITE_HREF_RE.match(cite.attrs["href"])
            assert match is not None, cite.attrs["href"]
            article_id, index = unquote(match["article"]), int(match["index"])
            cited_articles.add(article_id)
            article = _page(client, cite.attrs["href"])
            (marked,) = article.find_all("span", "highlight")
            assert marked.attrs["id"] == f"s-{index}" and marked.attrs["aria-current"] == "true"
            assert marked.words == " ".join(_sentence_text(sample_db, article_id, index).split())
            if article_id == sentence["article_id"]:
                assert index == sentence["sentence_index"]
                # the sentence whole: the summary may show it without a dateline or a
                # leading "But" ("PORT ALDEN — A large section ..." as "A large section ...")
                shown = " ".join(sentence["text"].split())
                assert marked.words.casefold().endswith(shown.casefold())
            assert index == supporting[article_id]  # the sentence the brief names
            checked += 1
        assert cited_articles == set(sentence["supporting"])
        earlier = item.find_all("a", "earlier")
        assert [c.words for c in earlier] == [f"[{u['citation']}]" for u in sentence["updates"]]
        for link, update in zip(earlier, sentence["updates"], strict=True):
            assert f"(earlier: {update['was']}" in item.words
            (marked,) = _page(client, link.attrs["href"]).find_all("span", "highlight")
            assert marked.words == " ".join(update["text"].split())
            updates += 1
    assert checked > len(items)  # some sentences cite more than their own article
    assert updates  # the vigil for the workers "who died" updates "remain missing"


def _forbid(monkeypatch: pytest.MonkeyPatch, *functions: Callable[..., Any]) -> None:
    """Make each function raise, under every name a storyfuse module holds it by."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the story page cleaned, segmented or matched sentences again")

    for module in [m for name, m in sys.modules.items() if name.startswith("storyfuse")]:
        for name, value in list(vars(module).items()):
            if any(value is f for f in functions):
                monkeypatch.setattr(module, name, refuse)


def test_story_page_renders_the_stored_brief_without_segmenting_or_citing(
    fresh_db: Path, story_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with make_client(fresh_db) as client:
        first = client.get(f"/stories/{story_id}")  # builds and saves the brief if need be
        stored = client.get(f"/api/v1/stories/{story_id}").text
        assert first.status_code == 200, first.text
        _forbid(
            monkeypatch,
            segment_article,
            clean_article,
            support.find_support,
            pipeline.prepare,
            pipeline.brief,
        )
        again = client.get(f"/stories/{story_id}")
        assert again.status_code == 200, again.text
        assert again.text == first.text
        api = client.get(f"/api/v1/stories/{story_id}")
        assert api.status_code == 200 and api.text == stored
    root = read_html(again.text)
    hrefs = [c.attrs["href"] for c in root.find_all("li", "summary-sentence")[0].find_all("a")]
    assert hrefs and all(CITE_HREF_RE.match(h) for h in hrefs)


def test_a_story_brief_saved_without_supporting_sentences_is_rebuilt_once(
    fresh_db: Path, story_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with make_client(fresh_db) as client:
        current = json.loads(client.get(f"/api/v1/stories/{story_id}").text)["brief"]
        old = json.loads(json.dumps(current))
        for entry in old["sentences"]:
            del entry["supporting_sentences"]  # as versions before the field saved it
        with Store.open(fresh_db) as store:
            store.save_brief(story_id, json.dumps(old))
        page = read_html(client.get(f"/stories/{story_id}").text)  # rebuilds it
        with Store.open(fresh_db) as store:
            saved = store.brief(story_id)
        assert saved is not None
        assert json.loads(saved[0])["sentences"] == current["sentences"]
        _forbid(monkeypatch, segment_article, support.find_support, pipeline.brief)
        assert client.get(f"/stories/{story_id}").status_code == 200  # and only once
    cites = [c for li in page.find_all("li", "summary-sentence") for c in li.find_all("a", "cite")]
    assert cites and all(CITE_HREF_RE.match(c.attrs["href"]) for c in cites)


def test_a_brief_without_supporting_sentences_links_other_articles_whole() -> None:
    data = {
        "sentences": [
            {
                "text": "A ship struck the bridge.",
                "article_id": "a1",
                "sentence_index": 2,
                "citations": [1, 2],
            }
        ],
        "sources": [{"number": 1, "id": "a1"}, {"number": 2, "id": "b2"}],
    }
    links: list[tuple[int, str, int | None]] = []

    def link(number: int, article_id: str, index: int | None) -> str:
        links.append((number, article_id, index))
        return f"#{number}-{index}"

    view = brief_view(data, link)
    assert [c.href for c in view.sentences[0].cites] == ["#1-2", "#2-None"]
    data["sentences"][0]["supporting_sentences"] = [
        {"article_id": "a1", "sentence_index": 2, "start": 0, "end": 25},
        {"article_id": "b2", "sentence_index": 5, "start": 90, "end": 130},
    ]
    assert [c.href for c in brief_view(data, link).sentences[0].cites] == ["#1-2", "#2-5"]


def test_story_page_shows_the_analysis_with_links(client: TestClient, story_id: str) -> None:
    root = _page(client, f"/stories/{story_id}")
    titles = [h.words for h in root.find_all("h2")]
    for title in (
        "Agreed by several sources",
        "Where sources differ (to check, not a verdict)",
        "Timeline",
        "Key quotes",
        "Names",
        "Coverage",
        "Sources, newest first",
    ):
        assert title in titles
    (conflicts,) = root.find_all("section", "conflicts")
    assert "people injured" in conflicts.words and "19" in conflicts.words
    assert "were injured" in conflicts.words  # each side shows the sentence that gives it
    for section in root.find_all("section", "analysis"):
        for cite in section.find_all("a", "cite"):
            assert CITE_HREF_RE.match(cite.attrs["href"]), cite.attrs["href"]
    sources = root.find_all("section", "sources")[0].find_all("li", "source")
    assert sorted(s.attrs["id"] for s in sources) == [f"source-{n}" for n in range(1, 8)]


def test_article_page(client: TestClient, sample_db: Path) -> None:
    with Store.open(sample_db) as store:
        story = store.stories()[0].id
        article = store.articles([store.story_articles(story)[0].id])[0]
    root = _page(client, f"/articles/{article.id}")
    (back,) = root.find_all("a", "story-link")
    assert back.attrs["href"] == f"/stories/{story}"
    assert article.title is not None and article.title in root.find_all("h1")[0].words
    assert article.source is not None and article.source in root.words
    assert root.find_all("span", "highlight") == []
    spans = root.find_all("span", "sentence")
    sentences = segment_article(article)
    assert [s.attrs["id"] for s in spans] == [f"s-{s.index}" for s in sentences]
    assert [s.words for s in spans] == [" ".join(s.text.split()) for s in sentences]
    assert len(root.find_all("p")) > 2  # paragraphs kept
    (external,) = root.find_all("a", "external")
    assert external.attrs["href"] == article.url
    beyond = _page(client, f"/articles/{article.id}?hl={len(sentences)}")
    assert beyond.find_all("span", "highlight") == [] and "no sentence" in beyond.words


def test_missing_pages_are_404_pages(client: TestClient) -> None:
    for url in ("/stories/s-nope", "/articles/nope", "/nowhere"):
        root = _page(client, url, status=404)
        assert "Not found" in root.find_all("h1")[0].words
    assert "hl" in _page(client, "/articles/nope?hl=x", status=422).words


def test_search_page(client: TestClient, story_id: str) -> None:
    root = _page(client, "/search?q=ferry+sailings")
    (story_link,) = root.find_all("a", "story-link")
    assert story_link.attrs["href"] == f"/stories/{story_id}"
    hits = root.find_all("li", "hit")
    assert hits and hits[0].find_all("mark")[0].words.lower() == "ferry"
    assert hits[0].find_all("a")[0].attrs["href"].startswith("/articles/")
    assert root.find_all("li", "hit") and "ferry sailings" in root.words
    assert _page(client, "/search").find_all("li", "hit") == []
    odd = _page(client, "/search?q=NEAR(%22*%20%3Cb%3E")
    assert odd.find_all("li", "hit") == [] and "<b>" in odd.words


def test_static_stylesheet_marks_highlights(client: TestClient) -> None:
    css = client.get("/static/style.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert ".sentence.highlight" in css.text and ":target" in css.text
    assert "@media" in css.text


# --- summarise without storing ----------------------------------------------------------------


def _anchors_resolve(root: Element) -> int:
    ids = by_id(root)
    cites = root.find_all("a", "cite")
    for cite in cites:
        href = cite.attrs["href"]
        assert href.startswith("#a"), href
        assert href[1:] in ids, href
        assert "sentence" in ids[href[1:]].classes
    return len(cites)


def test_summarize_form_and_pasted_reports(client: TestClient, sample_db: Path) -> None:
    form = _page(client, "/summarize")
    assert form.find_all("textarea")[0].attrs["name"] == "reports"
    assert form.find_all("input", None)[1].attrs == {
        "type": "file",
        "id": "files",
        "name": "files",
        "multiple": "",
    }
    texts = [p.read_text(encoding="utf-8") for p in sorted(sample_dir().glob("docs/*.txt"))[:3]]
    pasted = "\n---\n".join(texts)
    before = _count(sample_db)
    response = client.post("/summarize", data={"reports": pasted, "words": "80"})
    assert response.status_code == 200, response.text
    root = read_html(response.text)
    assert len(root.find_all("li", "summary-sentence")) >= 2
    assert _anchors_resolve(root) >= 2
    assert len(root.find_all("article", "report")) == 3
    assert _count(sample_db) == before  # nothing stored


def test_summarize_uploaded_files(client: TestClient) -> None:
    docs = sorted(sample_dir().glob("docs/*.txt"))
    files = [("files", (p.name, p.read_bytes(), "text/plain")) for p in docs]
    files.append(("files", ("notes.bin", b"\x00\x01", "application/octet-stream")))
    response = client.post("/summarize", files=files, data={"reports": ""})
    assert response.status_code == 200, response.text
    root = read_html(response.text)
    assert _anchors_resolve(root) >= 5
    assert "notes.bin" in root.find_all("div", "warnings")[0].words


def test_a_report_pasted_twice_counts_once(client: TestClient) -> None:
    text = sorted(sample_dir().glob("docs/*.txt"))[0].read_text(encoding="utf-8")
    response = client.post("/summarize", data={"reports": f"{text}\n---\n{text}"})
    assert response.status_code == 200
    root = read_html(response.text)
    assert len(root.find_all("article", "report")) == 1 and _anchors_resolve(root) >= 1


def test_summarize_without_reports_says_why(client: TestClient) -> None:
    response = client.post("/summarize", data={"reports": "  \n---\n ", "words": ""})
    assert response.status_code == 422
    assert (
        "paste at least one report" in read_html(response.text).find_all("div", "errors")[0].words
    )
    bad_words = client.post("/summarize", data={"reports": "Some report text.", "words": "lots"})
    assert bad_words.status_code == 422 and "words: a whole number" in bad_words.text


# --- escaping ---------------------------------------------------------------------------------


def test_hostile_text_is_escaped_everywhere(fresh_db: Path) -> None:
    text = (
        f"A hostile report {HOSTILE} was filed on Monday about the Kestrel Harbour Bridge "
        "in Port Alden, where a ship struck the span.\n"
        "It also carried <img src=x onerror=alert(1)> in its second paragraph."
    )
    article = {
        "text": text,
        "title": f"Bridge {HOSTILE}",
        "source": "<b>Evil</b> Times",
        "url": "javascript:alert(1)",
        "published": "2025-03-20T09:00:00+00:00",
    }
    with make_client(fresh_db) as client:
        posted = client.post("/api/v1/articles", json={"articles": [article]}, headers=auth())
        assert posted.status_code == 200, posted.text
        (row,) = posted.json()["articles"]
        pages = [f"/articles/{row['id']}", f"/stories/{row['story_id']}", "/", "/search?q=hostile"]
        for url in pages:
            html = client.get(url).text
            assert "<script>" not in html and "<img src=x" not in html and "<b>Evil" not in html
            assert "javascript:" not in html.replace("javascript:alert(1)</", "")
            assert 'href="javascript:' not in html
        article_html = client.get(f"/articles/{row['id']}").text
        assert "&lt;script&gt;" in article_html and "&lt;img src=x" in article_html
        summary = client.post("/summarize", data={"reports": text}).text
        assert "<script>" not in summary and "&lt;script&gt;" in summary


def test_cite_links_are_urls_of_the_app(client: TestClient, story_id: str) -> None:
    root = _page(client, f"/stories/{story_id}")
    for link in root.find_all("a"):
        href = link.attrs.get("href", "")
        parts = urlsplit(href)
        assert parts.scheme in ("", "https"), href


def _count(db: Path) -> int:
    with Store.open(db) as store:
        return store.count_articles()
