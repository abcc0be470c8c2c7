"""The JSON API on the bundled sample: every endpoint, tokens, limits and bad input.

Every refused request is checked to leave the store as it was.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any, cast

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from web_helpers import TOKEN, auth, count_articles, make_client

from storyfuse.eval.bench.web import sample_summarize_body
from storyfuse.pipeline import brief
from storyfuse.rendering import render
from storyfuse.samples import sample_dir
from storyfuse.store import Store, StoreError
from storyfuse.stories.stream import ingest_articles
from storyfuse.web import api as web_api
from storyfuse.web.app import WebSettings, field_name
from storyfuse.web.inputs import posted_article, split_reports, upload_name

REPORT = (
    "Floodwater closed the Tarn Road bridge in Emsby on Friday after two days of heavy rain, "
    "and the county council said it would stay shut until engineers had inspected it.\n"
    "Residents of the lower town were told to move their cars to higher ground."
)


def _sample_articles() -> list[dict[str, Any]]:
    articles: list[dict[str, Any]] = json.loads(sample_summarize_body())["articles"]
    return articles


def _detail(response: Any) -> str:
    body = response.json()
    assert set(body) == {"detail"}, body
    assert isinstance(body["detail"], str)
    return body["detail"]


# --- summarise --------------------------------------------------------------------------------


def test_summarize_gives_the_cli_json_of_the_same_articles(client: TestClient) -> None:
    posted = _sample_articles()
    response = client.post("/api/v1/summarize", json={"articles": posted})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    articles = [
        posted_article(
            text=a["text"],
            title=a["title"],
            source=a["source"],
            url=a["url"],
            published=datetime.fromisoformat(a["published"]),
        )
        for a in posted
    ]
    assert response.json() == json.loads(render(brief(articles), "json"))
    data = response.json()
    assert data["sentences"] and data["analysis"]["agreements"]
    assert {s["url"] for s in data["sources"]} == {a["url"] for a in posted}


def test_summarize_words_and_query(client: TestClient) -> None:
    body = {"articles": _sample_articles(), "words": 40, "query": "ferry sailings"}
    data = client.post("/api/v1/summarize", json=body).json()
    assert data["budget"]["words"] == 40 and data["words"] <= 40
    assert any("query" in note for note in data["notes"])


def test_summarize_files_reads_the_sample_folder_with_its_meta(client: TestClient) -> None:
    folder = sample_dir()
    files = [
        ("files", (p.name, p.read_bytes(), "text/plain")) for p in sorted(folder.glob("docs/*.txt"))
    ]
    files.append(("files", ("meta.json", (folder / "meta.json").read_bytes(), "application/json")))
    response = client.post("/api/v1/summarize/files", files=files, data={"words": "60"})
    assert response.status_code == 200, response.text
    data = response.json()
    assert len(data["sources"]) == 7 and data["budget"]["words"] == 60
    assert {s["path"] for s in data["sources"]} == {p.name for p in folder.glob("docs/*.txt")}
    assert all(s["title"] and s["source"] for s in data["sources"])  # from meta.json


def test_summarize_files_names_a_file_it_cannot_read_and_reads_the_rest(
    client: TestClient,
) -> None:
    files = [
        ("files", ("report.txt", REPORT.encode(), "text/plain")),
        ("files", ("photo.png", b"\x89PNG\r\n", "image/png")),
    ]
    response = client.post("/api/v1/summarize/files", files=files)
    assert response.status_code == 200, response.text
    data = response.json()
    assert [s["path"] for s in data["sources"]] == ["report.txt"]
    assert data["notes"][0] == "files: photo.png: unknown extension '.png', skipped"


def test_summarize_files_with_nothing_readable_names_each_file(client: TestClient) -> None:
    files = [
        ("files", ("photo.png", b"\x89PNG\r\n", "image/png")),
        ("files", ("blank.txt", b"  \n", "text/plain")),
    ]
    response = client.post("/api/v1/summarize/files", files=files)
    assert response.status_code == 422
    detail = _detail(response)
    assert "photo.png" in detail and "blank.txt" in detail and "/tmp" not in detail


def test_summarize_files_reads_a_jsonl_record_with_a_lone_surrogate(client: TestClient) -> None:
    record = json.dumps({"text": REPORT + " A clerk said \ud800 so.", "title": "Floods"})
    files = [("files", ("reports.jsonl", record.encode(), "application/jsonl"))]
    response = client.post("/api/v1/summarize/files", files=files)
    assert response.status_code == 200, response.text
    data = response.json()
    assert len(data["sources"]) == 1
    assert data["notes"][0] == (
        "files: reports.jsonl:1: 'text' holds a lone surrogate, replaced with U+FFFD"
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"articles": []}, "articles"),
        ({"articles": [{"text": "   \n\t "}]}, "articles[0].text"),
        ({"articles": [{"title": "no text"}]}, "articles[0].text"),
        ({"articles": [{"text": REPORT, "published": "last Friday"}]}, "articles[0].published"),
        ({"articles": [{"text": REPORT}], "words": 0}, "words"),
        ({"articles": "all of them"}, "articles"),
    ],
)
def test_summarize_bad_input_names_the_field(
    client: TestClient, body: dict[str, Any], field: str
) -> None:
    response = client.post("/api/v1/summarize", json=body)
    assert response.status_code == 422
    assert _detail(response).startswith(f"{field}:")


def test_summarize_boilerplate_only_is_422(client: TestClient) -> None:
    response = client.post("/api/v1/summarize", json={"articles": [{"text": "Share this article"}]})
    assert response.status_code == 422
    assert "no article has any text left" in _detail(response)


def test_field_names_read_like_the_request() -> None:
    assert field_name(("body", "articles", 2, "text")) == "articles[2].text"
    assert field_name(("query", "limit")) == "limit"
    assert field_name(("body",)) == "body"


# --- ingest ----------------------------------------------------------------------------------


def test_ingest_stores_articles_into_stories(fresh_db: Path) -> None:
    with make_client(fresh_db) as client:
        first = {
            "text": REPORT,
            "title": "Emsby bridge shut by flood",
            "source": "Emsby Echo",
            "url": "https://echo.example/flood",
            "published": "2025-03-12T08:00:00+00:00",
        }
        response = client.post("/api/v1/articles", json={"articles": [first]}, headers=auth())
        assert response.status_code == 200, response.text
        data = response.json()
        assert data["added"] == 1 and data["existing"] == 0 and data["new_stories"] == 1
        (row,) = data["articles"]
        assert row["status"] == "added" and row["story_id"] == data["stories"][0]
        assert row["duplicate_of"] is None
        again = client.post("/api/v1/articles", json={"articles": [first]}, headers=auth()).json()
        assert again["added"] == 0 and again["articles"][0]["status"] == "existing"
        assert again["articles"][0]["id"] == row["id"]  # a stable id
        story = client.get(f"/api/v1/stories/{row['story_id']}").json()
        assert story["story"]["title"] == "Emsby bridge shut by flood"
    with Store.open(fresh_db) as store:
        assert store.count_articles() == 8
        stored = store.get_article(row["id"])
    assert stored is not None and stored.source == "Emsby Echo" and stored.path is None


def test_ingest_marks_a_wire_copy_as_duplicate(fresh_db: Path) -> None:
    original = _sample_articles()[0]
    copy = {**original, "url": "https://elsewhere.example/copy", "title": "Copied report"}
    with make_client(fresh_db) as client:
        response = client.post("/api/v1/articles", json={"articles": [copy]}, headers=auth())
    data = response.json()
    assert response.status_code == 200 and data["duplicates"] == 1
    assert data["articles"][0]["duplicate_of"] is not None


FOLLOW_UPS = [
    {
        "text": REPORT,
        "source": "Emsby Echo",
        "published": "2025-03-14T08:00:00+00:00",
    },
    {
        "text": "Engineers inspected the Tarn Road bridge in Emsby on Saturday after the flood, "
        "and the county council said it would reopen the bridge on Monday.",
        "source": "Tarn Valley News",
        "published": "2025-03-15T09:00:00+00:00",
    },
    {
        "text": "Emsby's lower town was cleaning up on Sunday after the floodwater that closed "
        "the Tarn Road bridge went down, the county council said.",
        "source": "County Post",
        "published": "2025-03-16T10:00:00+00:00",
    },
]


def _post_one_by_one(db: Path, articles: list[dict[str, Any]], *, app_per_post: bool) -> Any:
    """Post ``articles`` one request each; the stories they join, and the app's stream."""
    placed = []
    client = make_client(db)
    with client:
        for article in articles:
            if app_per_post:
                client = make_client(db)  # a fresh app: its first ingest replays the state
            response = client.post("/api/v1/articles", json={"articles": [article]}, headers=auth())
            assert response.status_code == 200, response.text
            placed.append(response.json()["articles"][0]["story_id"])
        return placed, client.app.state.web.stream  # type: ignore[attr-defined]


def test_ingest_keeps_its_stream_state_and_places_as_a_replay_would(
    fresh_db: Path, tmp_path: Path
) -> None:
    replayed_db = tmp_path / "replayed.sqlite"
    shutil.copyfile(fresh_db, replayed_db)
    kept, stream = _post_one_by_one(fresh_db, FOLLOW_UPS, app_per_post=False)
    assert stream.replays == 1  # the first post only
    replayed, _ = _post_one_by_one(replayed_db, FOLLOW_UPS, app_per_post=True)
    assert kept == replayed
    assert len(set(kept)) == 1  # the flood and its follow-ups: one story


def test_ingest_replays_after_another_writer(fresh_db: Path) -> None:
    wire = {**FOLLOW_UPS[1], "url": "https://wire.example/tarn"}
    with make_client(fresh_db) as client:
        stream = cast(FastAPI, client.app).state.web.stream
        client.post("/api/v1/articles", json={"articles": [FOLLOW_UPS[0]]}, headers=auth())
        article = posted_article(
            text=wire["text"],
            source=wire["source"],
            url=wire["url"],
            published=datetime.fromisoformat(wire["published"]),
        )
        with Store.open(fresh_db) as other:  # another process's ingest, say
            other_report = ingest_articles(other, [article])
        assert other_report.added == 1
        copy = {**wire, "url": "https://elsewhere.example/tarn", "source": "Copy Desk"}
        data = client.post("/api/v1/articles", json={"articles": [copy]}, headers=auth()).json()
    assert stream.replays == 2  # the second post saw the other writer's article
    assert data["duplicates"] == 1 and data["articles"][0]["duplicate_of"] is not None


def test_ingest_after_a_failed_one_replays(
    fresh_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with make_client(fresh_db) as client:
        stream = cast(FastAPI, client.app).state.web.stream
        calls = []

        def failing(*args: Any, **kwargs: Any) -> Any:
            calls.append(1)
            raise StoreError("disk full")

        first = {"articles": [FOLLOW_UPS[0]]}
        assert client.post("/api/v1/articles", json=first, headers=auth()).status_code == 200
        monkeypatch.setattr(web_api, "ingest_articles", failing)
        body = {"articles": [FOLLOW_UPS[1]]}
        assert client.post("/api/v1/articles", json=body, headers=auth()).status_code >= 400
        assert stream.replays == 1  # the failed ingest had the kept state ...
        monkeypatch.undo()
        assert client.post("/api/v1/articles", json=body, headers=auth()).status_code == 200
    assert calls == [1] and stream.replays == 2  # ... so the next one replays


@pytest.mark.parametrize(
    ("settings", "headers", "status", "words"),
    [
        (WebSettings(write_token=TOKEN), {}, 401, "Authorization: Bearer"),
        (WebSettings(write_token=TOKEN), auth("wrong"), 401, "wrong bearer token"),
        (WebSettings(write_token=TOKEN), {"Authorization": f"Basic {TOKEN}"}, 401, "Bearer"),
        (WebSettings(), auth(), 403, "STORYFUSE_API_TOKEN"),
    ],
)
def test_ingest_needs_the_token(
    fresh_db: Path, settings: WebSettings, headers: dict[str, str], status: int, words: str
) -> None:
    with make_client(fresh_db, settings) as client:
        response = client.post(
            "/api/v1/articles", json={"articles": [{"text": REPORT}]}, headers=headers
        )
    assert response.status_code == status
    assert words in _detail(response)
    if status == 401:
        assert response.headers["www-authenticate"] == "Bearer"
    assert count_articles(fresh_db) == 7


def _too_big(limit: int) -> dict[str, Any]:
    return {"articles": [{"text": REPORT + " " + "x" * limit}]}


@pytest.mark.parametrize(
    ("content", "status", "words"),
    [
        (b'{"articles": [{"text": "Floodwater closed', 422, "body: malformed JSON"),
        (b"[]", 422, "body: the request needs a JSON object"),
        (json.dumps({"articles": []}).encode(), 422, "articles:"),
        (
            json.dumps(
                {"articles": [{"text": REPORT}, {"text": REPORT + "!"}, {"text": " "}]}
            ).encode(),
            422,
            "articles[2].text: empty text",
        ),
        (
            json.dumps({"articles": [{"text": REPORT, "published": "2025-13-45"}]}).encode(),
            422,
            "articles[0].published: not a date",
        ),
        (
            json.dumps({"articles": [{"text": "Share this article"}]}).encode(),
            422,
            "articles[0].text: nothing is left",
        ),
        (
            json.dumps({"articles": [{"text": f"{REPORT} {n}"} for n in range(4)]}).encode(),
            422,
            "at most 3 articles per request, got 4",
        ),
        (json.dumps(_too_big(2000)).encode(), 413, "limit of 2000 bytes"),
    ],
)
def test_ingest_bad_input_stores_nothing(
    fresh_db: Path, content: bytes, status: int, words: str
) -> None:
    settings = WebSettings(write_token=TOKEN, max_articles=3, max_body_bytes=2000)
    with make_client(fresh_db, settings) as client:
        headers = {**auth(), "Content-Type": "application/json"}
        response = client.post("/api/v1/articles", content=content, headers=headers)
    assert response.status_code == status, response.text
    assert words in _detail(response)
    assert count_articles(fresh_db) == 7


def test_a_streamed_body_over_the_limit_is_413(fresh_db: Path) -> None:
    settings = WebSettings(write_token=TOKEN, max_body_bytes=1000)
    chunks = [b'{"articles": [{"text": "', *([b"word " * 50] * 10), b'"}]}']
    with make_client(fresh_db, settings) as client:
        headers = {**auth(), "Content-Type": "application/json"}
        response = client.post("/api/v1/articles", content=iter(chunks), headers=headers)
    assert "content-length" not in response.request.headers  # sent chunked
    assert response.status_code == 413 and "1000 bytes" in _detail(response)
    assert count_articles(fresh_db) == 7


# --- reading the store ------------------------------------------------------------------------


def test_stories_pages_and_filters(client: TestClient, story_id: str) -> None:
    data = client.get("/api/v1/stories").json()
    assert data["total"] == 1 and data["offset"] == 0
    (story,) = data["stories"]
    assert story["id"] == story_id and story["article_count"] == 7 and len(story["sources"]) == 7
    assert story["last_seen"].startswith("2025-03-13T11:20")
    assert client.get("/api/v1/stories?offset=1").json()["stories"] == []
    assert client.get(f"/api/v1/stories?offset={2**63}").json()["stories"] == []
    assert client.get("/api/v1/stories?since=2025-04-01").json()["total"] == 0
    assert client.get("/api/v1/stories?since=2025-03-12").json()["total"] == 1
    for query, field in (
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("offset=-1", "offset"),
        ("since=soon", "since"),
    ):
        response = client.get(f"/api/v1/stories?{query}")
        assert response.status_code == 422 and _detail(response).startswith(f"{field}:")


def test_story_with_its_brief(client: TestClient, sample_db: Path, story_id: str) -> None:
    data = client.get(f"/api/v1/stories/{story_id}").json()
    assert data["story"]["id"] == story_id
    assert data["brief"]["sentences"] and len(data["brief"]["sources"]) == 7
    with Store.open(sample_db) as store:
        cached = store.brief(story_id)
    assert cached is not None and json.loads(cached[0]) == data["brief"]
    missing = client.get("/api/v1/stories/s-nope")
    assert missing.status_code == 404 and "s-nope" in _detail(missing)


def test_article_with_sentences_that_briefs_cite(client: TestClient, story_id: str) -> None:
    brief_data = client.get(f"/api/v1/stories/{story_id}").json()["brief"]
    for cited in brief_data["sentences"]:
        article = client.get(f"/api/v1/articles/{cited['article_id']}").json()
        sentence = article["sentences"][cited["sentence_index"]]
        assert sentence["index"] == cited["sentence_index"]
        assert sentence["text"] == cited["text"]
        assert article["text"][sentence["start"] : sentence["end"]] == sentence["text"]
        assert (sentence["start"], sentence["end"]) == (cited["start"], cited["end"])
        assert article["story_id"] == story_id
        refs = cited["supporting_sentences"]
        assert [r["article_id"] for r in refs] == cited["supporting"]
        for ref in refs:  # each supporter's sentence, as its article page numbers it
            other = client.get(f"/api/v1/articles/{ref['article_id']}").json()
            said = other["sentences"][ref["sentence_index"]]
            assert (said["start"], said["end"]) == (ref["start"], ref["end"])
            assert other["text"][ref["start"] : ref["end"]] == said["text"]
    missing = client.get("/api/v1/articles/nope")
    assert missing.status_code == 404 and "nope" in _detail(missing)


def test_search(client: TestClient, story_id: str) -> None:
    data = client.get("/api/v1/search", params={"q": "ferry sailings", "limit": 5}).json()
    assert data["query"] == "ferry sailings" and data["hits"]
    assert data["hits"][0]["story_id"] == story_id and "[ferry]" in data["hits"][0]["snippet"]
    assert client.get("/api/v1/search", params={"q": 'NEAR( "*'}).json()["hits"] == []
    assert client.get("/api/v1/search").status_code == 422


# --- private reads ----------------------------------------------------------------------------


def test_private_reads_need_the_token(sample_db: Path, story_id: str) -> None:
    settings = WebSettings(write_token=TOKEN, read_token_required=True)
    with make_client(sample_db, settings) as client:
        for path in ("/api/v1/stories", f"/api/v1/stories/{story_id}", "/api/v1/search?q=ship"):
            refused = client.get(path)
            assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
            assert client.get(path, headers=auth()).status_code == 200
        body = {"articles": [{"text": REPORT}]}
        assert client.post("/api/v1/summarize", json=body).status_code == 401
        assert client.post("/api/v1/summarize", json=body, headers=auth()).status_code == 200
        page = client.get("/")
        assert page.status_code == 401 and "text/html" in page.headers["content-type"]
        assert client.get("/", headers=auth()).status_code == 200
        assert client.get("/static/style.css").status_code == 200


def test_private_reads_without_a_token_are_refused(sample_db: Path) -> None:
    with make_client(sample_db, WebSettings(read_token_required=True)) as client:
        response = client.get("/api/v1/stories", headers=auth())
    assert response.status_code == 403 and "STORYFUSE_API_TOKEN" in _detail(response)


# --- settings and inputs ----------------------------------------------------------------------


def test_settings_from_env() -> None:
    assert WebSettings.from_env({}) == WebSettings()
    settings = WebSettings.from_env(
        {"STORYFUSE_API_TOKEN": " s3cret ", "STORYFUSE_API_READ_PRIVATE": "1"}
    )
    assert settings.write_token == "s3cret" and settings.read_token_required
    assert WebSettings.from_env({"STORYFUSE_API_TOKEN": "  "}).write_token is None
    with pytest.raises(ValueError, match="STORYFUSE_API_READ_PRIVATE"):
        WebSettings.from_env({"STORYFUSE_API_READ_PRIVATE": "maybe"})
    with pytest.raises(ValueError, match="max_articles"):
        WebSettings(max_articles=0)


def test_pasted_reports_and_upload_names() -> None:
    assert split_reports("one\n---\ntwo\n  ---  \r\nthree\n---\n\n") == ["one", "two", "three"]
    assert split_reports("a --- b\n----\nc") == ["a --- b\n----\nc"]
    assert upload_name("../../etc/passwd", 1) == "passwd"
    assert upload_name("C:\\Users\\me\\report.txt", 1) == "report.txt"
    assert upload_name(".hidden.txt", 2) == "hidden.txt"
    assert upload_name(None, 3) == "upload-3.txt"


def test_an_upload_never_reads_a_meta_json_outside_it(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # meta.json is read beside a file and in its parent folder; the parent of an upload's
    # scratch folder is the shared temporary folder, where anyone may write one
    shared_tmp = tmp_path / "tmp"
    shared_tmp.mkdir()
    planted = {"docs": [{"doc_id": "report", "title": "Planted title", "source": "Planted"}]}
    (shared_tmp / "meta.json").write_text(json.dumps(planted))
    monkeypatch.setattr(tempfile, "tempdir", str(shared_tmp))
    files = [("files", ("report.txt", REPORT.encode(), "text/plain"))]
    response = client.post("/api/v1/summarize/files", files=files)
    assert response.status_code == 200, response.text
    (source,) = response.json()["sources"]
    assert source["title"] != "Planted title" and source["source"] != "Planted"
    assert not any("meta.json" in note for note in response.json()["notes"])
