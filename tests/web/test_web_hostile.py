"""Hostile input to the web server (issue 16): bad characters, long queries and names,
long URLs, slow bodies, security headers. Every case is a clear 4xx or a warning naming
the field, never a 500 or a reset; good input around it is kept."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import anyio
import pytest
from fastapi.testclient import TestClient
from starlette.types import Message
from web_helpers import auth, count_articles, make_client

from storyfuse.ingest.base import MAX_FILE_BYTES
from storyfuse.store import Store
from storyfuse.web.app import API_CSP, WebSettings, create_app
from storyfuse.web.inputs import (
    MAX_QUERY_CHARS,
    MAX_QUERY_TERMS,
    MAX_UPLOAD_NAME_BYTES,
    upload_name,
)
from storyfuse.web.settings import DEFAULT_MAX_URL_BYTES

REPORT = (
    "Floodwater closed the Tarn Road bridge in Emsby on Friday after two days of heavy rain, "
    "and the county council said it would stay shut until engineers had inspected it.\n"
    "Residents of the lower town were told to move their cars to higher ground."
)
BAD = " A clerk said \ud800 the \x00 road was shut\x1b[2J."


def _post(client: TestClient, path: str, body: dict[str, Any], **headers: str) -> Any:
    """POST ``body`` as JSON with lone surrogates written as ``\\ud800`` escapes."""
    content = json.dumps(body)  # ensure_ascii: "\ud800" travels as an escape, as clients send it
    return client.post(
        path, content=content, headers={"content-type": "application/json", **headers}
    )


def _detail(response: Any) -> str:
    detail = response.json()["detail"]
    assert isinstance(detail, str)
    return detail


# --- bad characters in posted reports ------------------------------------------------------


def test_summarize_replaces_surrogates_and_controls_and_names_the_fields(
    client: TestClient,
) -> None:
    body = {"articles": [{"text": REPORT + BAD, "title": "Road\x00 shut"}], "query": "road\ud800"}
    response = _post(client, "/api/v1/summarize", body)
    assert response.status_code == 200, response.text
    notes = response.json()["notes"]
    both = "a lone surrogate and a control character"
    assert f"articles[0].text: holds {both}, replaced with U+FFFD" in notes
    assert "articles[0].title: holds a control character, replaced with U+FFFD" in notes
    assert "query: holds a lone surrogate, replaced with U+FFFD" in notes
    assert "\x00" not in response.text and "\\u0000" not in response.text
    (source,) = response.json()["sources"]
    assert source["title"] == "Road\ufffd shut"


def test_summarize_of_clean_reports_has_no_warning(client: TestClient) -> None:
    response = _post(client, "/api/v1/summarize", {"articles": [{"text": REPORT}]})
    assert response.status_code == 200
    assert not any("U+FFFD" in note for note in response.json()["notes"])


def test_ingest_replaces_surrogates_and_controls_and_names_the_fields(fresh_db: Path) -> None:
    before = count_articles(fresh_db)
    articles = [
        {"text": REPORT, "url": "https://example.org/good"},
        {"text": REPORT + BAD, "url": "https://example.org/\ud800", "source": "Wire\x07"},
    ]
    with make_client(fresh_db) as client:
        response = _post(client, "/api/v1/articles", {"articles": articles}, **auth())
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["added"] == 2 and count_articles(fresh_db) == before + 2
    assert body["warnings"] == [
        "articles[1].text: holds a lone surrogate and a control character, replaced with U+FFFD",
        "articles[1].source: holds a control character, replaced with U+FFFD",
        "articles[1].url: holds a lone surrogate, replaced with U+FFFD",
    ]
    with Store.open(fresh_db) as store:
        stored = store.get_article(body["articles"][1]["id"])
    assert stored is not None
    assert stored.url == "https://example.org/\ufffd" and stored.source == "Wire\ufffd"
    assert "\x00" not in stored.text and "\x1b" not in stored.text
    with make_client(fresh_db) as client:  # the stored article reads back, page and API
        assert client.get(f"/api/v1/articles/{stored.id}").status_code == 200
        page = client.get(f"/articles/{stored.id}")
        assert page.status_code == 200 and "\x00" not in page.text


def test_ingest_of_clean_reports_has_no_warnings(fresh_db: Path) -> None:
    with make_client(fresh_db) as client:
        response = _post(client, "/api/v1/articles", {"articles": [{"text": REPORT}]}, **auth())
    assert response.status_code == 200 and response.json()["warnings"] == []


def test_ingest_of_a_date_after_the_ingest_time_stores_it_undated(fresh_db: Path) -> None:
    articles = [
        {"text": REPORT, "published": "2025-06-02"},
        {"text": REPORT.replace("Friday", "Saturday"), "published": "2199-12-31T23:00:00Z"},
    ]
    with make_client(fresh_db) as client:
        response = _post(client, "/api/v1/articles", {"articles": articles}, **auth())
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["added"] == 2
    assert body["warnings"] == [
        "articles[1].published: published 2199-12-31 23:00 UTC is after the ingest time; "
        "stored undated"
    ]
    with Store.open(fresh_db) as store:
        dates = [store.get_article(row["id"]).published for row in body["articles"]]  # type: ignore[union-attr]
    assert dates[0] is not None and dates[1] is None


# --- search and query limits ---------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/search", "/search"])
def test_a_search_of_too_many_words_is_refused_naming_q(client: TestClient, path: str) -> None:
    words = " ".join(["bridge"] * (MAX_QUERY_TERMS + 1))
    response = client.get(path, params={"q": words})
    assert response.status_code == 422
    expected = f"q: at most {MAX_QUERY_TERMS} words, got {MAX_QUERY_TERMS + 1}"
    assert expected in (_detail(response) if path.startswith("/api") else response.text)
    assert client.get(path, params={"q": " ".join(["bridge"] * MAX_QUERY_TERMS)}).status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/search", "/search"])
def test_a_search_too_long_is_refused_naming_q(client: TestClient, path: str) -> None:
    response = client.get(path, params={"q": "b" * (MAX_QUERY_CHARS + 1)})
    assert response.status_code == 422
    text = _detail(response) if path.startswith("/api") else response.text
    assert "q: " in text and str(MAX_QUERY_CHARS) in text


@pytest.mark.parametrize("q", ["bridge\x00", "\x00", "%00bridge"])
def test_a_nul_in_a_search_is_no_store_error(client: TestClient, q: str) -> None:
    for path in ("/api/v1/search", "/search"):
        response = client.get(path, params={"q": q})
        assert response.status_code == 200, (path, response.text[:200])


def test_a_summary_query_too_long_is_refused_naming_it(client: TestClient) -> None:
    body = {"articles": [{"text": REPORT}], "query": "q" * (MAX_QUERY_CHARS + 1)}
    response = _post(client, "/api/v1/summarize", body)
    assert response.status_code == 422 and _detail(response).startswith("query: ")
    page = client.post("/summarize", data={"reports": REPORT, "query": "q" * (MAX_QUERY_CHARS + 1)})
    assert page.status_code == 422 and f"query: at most {MAX_QUERY_CHARS} characters" in page.text


# --- upload names --------------------------------------------------------------------------


def test_long_upload_names_are_cut_keeping_the_suffix() -> None:
    long_ascii = upload_name("x" * 300 + ".jsonl", 1)
    assert long_ascii.endswith(".jsonl") and len(long_ascii.encode()) == MAX_UPLOAD_NAME_BYTES
    wide = upload_name("é" * 200 + ".txt", 1)  # two bytes a letter: never cut mid-letter
    assert wide.endswith(".txt") and len(wide.encode()) <= MAX_UPLOAD_NAME_BYTES
    assert wide.encode().decode() == wide
    assert upload_name("a\ud800b.txt", 1) == "a\ufffdb.txt"
    assert upload_name("short.txt", 1) == "short.txt"


def test_an_upload_with_a_name_over_255_bytes_is_read(client: TestClient) -> None:
    names = ("r" * 300 + ".txt", "é" * 200 + ".txt")
    files = [("files", (name, f"{REPORT} {n}".encode())) for n, name in enumerate(names)]
    response = client.post("/api/v1/summarize/files", files=files)
    assert response.status_code == 200, response.text
    paths = [s["path"] for s in response.json()["sources"]]
    assert len(paths) == 2 and all(len(p.encode()) <= MAX_UPLOAD_NAME_BYTES for p in paths)


# --- security headers, URL and body limits ---------------------------------------------------

SECURE = {"x-content-type-options": "nosniff", "x-frame-options": "DENY"}


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/api/v1/stories", 200),
        ("GET", "/api/v1/stories/nope", 404),
        ("GET", "/api/v1/stories?limit=0", 422),
        ("POST", "/api/v1/articles", 403),
        ("GET", "/openapi.json", 200),
        ("GET", "/", 200),
        ("GET", "/nowhere", 404),
        ("GET", "/static/style.css", 200),
    ],
)
def test_every_response_has_the_security_headers(
    sample_db: Path, method: str, path: str, status: int
) -> None:
    with make_client(sample_db, WebSettings()) as client:  # no token: the POST is a 403
        response = client.request(method, path)
    assert response.status_code == status
    for name, value in SECURE.items():
        assert response.headers[name] == value, name
    assert response.headers["referrer-policy"] == "same-origin"
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy
    if path.startswith(("/api", "/openapi")):
        assert policy == API_CSP
    elif path != "/static/style.css":
        assert "style-src 'self'" in policy  # the pages keep their own, for the stylesheet


def test_the_interactive_docs_keep_their_scripts(client: TestClient) -> None:
    response = client.get("/docs")
    assert response.status_code == 200
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" not in response.headers  # Swagger UI loads from a CDN


def test_a_413_has_the_security_headers(sample_db: Path) -> None:
    with make_client(sample_db, WebSettings(max_body_bytes=10)) as client:
        response = client.post("/api/v1/summarize", content=b"x" * 100)
    assert response.status_code == 413 and response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("path", ["/api/v1/search", "/search", "/stories/x"])
def test_a_url_over_the_limit_is_414(sample_db: Path, path: str) -> None:
    with make_client(sample_db, WebSettings(max_url_bytes=2000)) as client:
        response = client.get(path + "?q=" + "a" * 2000)
        assert response.status_code == 414
        assert "url: " in response.text and "limit of 2000 bytes" in response.text
        assert response.headers["x-content-type-options"] == "nosniff"
        assert client.get(path + "?q=" + "a" * 100).status_code != 414


def test_a_body_that_arrives_too_slowly_is_408(sample_db: Path) -> None:
    app = create_app(sample_db, settings=WebSettings(body_timeout=0.2))
    sent: list[Message] = []
    chunks = iter([b'{"articles": [', b"..."])

    async def receive() -> Message:
        chunk = next(chunks, None)
        if chunk is None:
            await anyio.sleep(5)  # the client stalls
            return {"type": "http.disconnect"}
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "path": "/api/v1/summarize",
        "raw_path": b"/api/v1/summarize",
        "query_string": b"",
        "root_path": "",
        "scheme": "http",
        "server": ("test", 80),
        "client": ("test", 1),
        "headers": [(b"content-type", b"application/json")],
        "state": {},
    }

    async def run() -> float:
        started = time.monotonic()
        await app(scope, receive, send)
        return time.monotonic() - started

    elapsed = anyio.run(run)
    assert elapsed < 2
    start = next(m for m in sent if m["type"] == "http.response.start")
    assert start["status"] == 408
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    assert json.loads(body)["detail"].startswith("body: not received within 0.2 seconds")


# --- the limits' settings --------------------------------------------------------------------


def test_the_limits_read_from_the_environment() -> None:
    env = {
        "STORYFUSE_MAX_BODY_BYTES": "1000",
        "STORYFUSE_BODY_TIMEOUT": "2.5",
        "STORYFUSE_MAX_CONNECTIONS": " 12 ",
        "STORYFUSE_MAX_URL_BYTES": "",  # blank: the default
    }
    settings = WebSettings.from_env(env)
    assert settings.max_body_bytes == 1000 and settings.body_timeout == 2.5
    assert settings.max_connections == 12
    assert settings.max_url_bytes == DEFAULT_MAX_URL_BYTES


@pytest.mark.parametrize("value", ["0", "-3", "ten", "1.5", "nan"])
def test_a_bad_limit_is_refused_naming_its_variable(value: str) -> None:
    with pytest.raises(ValueError, match=f"STORYFUSE_MAX_CONNECTIONS={value!r}: use a positive"):
        WebSettings.from_env({"STORYFUSE_MAX_CONNECTIONS": value})
    with pytest.raises(ValueError, match="max_url_bytes must be positive"):
        WebSettings(max_url_bytes=0)


def test_the_summary_workers_and_budget_read_from_the_environment() -> None:
    settings = WebSettings.from_env(
        {"STORYFUSE_SUMMARY_WORKERS": "0", "STORYFUSE_SUMMARY_BUDGET": "2.5"}
    )
    assert settings.summary_workers == 0 and settings.summary_budget == 2.5
    for value in ("-1", "two", "1.5"):
        with pytest.raises(ValueError, match=f"STORYFUSE_SUMMARY_WORKERS={value!r}: use 0 or"):
            WebSettings.from_env({"STORYFUSE_SUMMARY_WORKERS": value})
    for value in ("0", "inf", "nan", "soon"):
        with pytest.raises(ValueError, match=f"STORYFUSE_SUMMARY_BUDGET={value!r}: use a"):
            WebSettings.from_env({"STORYFUSE_SUMMARY_BUDGET": value})
    with pytest.raises(ValueError, match="summary_workers must not be negative"):
        WebSettings(summary_workers=-1)


def test_the_defaults_fit_together() -> None:
    defaults = WebSettings()
    assert defaults.max_body_bytes <= MAX_FILE_BYTES  # nothing accepted that ingest skips
    assert defaults.max_url_bytes < defaults.max_header_bytes  # a long URL gets our 414
