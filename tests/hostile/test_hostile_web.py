"""The hostile corpus through the HTTP API and the pages (issue 16).

Reports with bad characters, Unicode digits, a 32,000-tab run and a 120 kB line are
posted (``POST /api/v1/articles``) and summarised (``POST /api/v1/summarize``); every
story and article then reads back through the API and the pages. Each file of the
corpus is uploaded next to a good report (``POST /api/v1/summarize/files``, and all of
them at once through the form). No answer is a 5xx; every bad field or file is named;
every good report is kept; each request ends within the hang guard.
"""

from __future__ import annotations

import json
import os
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")
# Starlette's TestClient would rather run on httpx2; httpx is what the dev extra installs.
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")

from fastapi.testclient import TestClient  # noqa: E402
from hostile_corpus import FERRY, LONG_LINE, Corpus, build_corpus, posted_records  # noqa: E402

from storyfuse.ingest.base import MAX_FILE_BYTES  # noqa: E402
from storyfuse.store import Store  # noqa: E402
from storyfuse.web.app import WebSettings, create_app  # noqa: E402

TOKEN = "hostile-token-7e1d"
# Hang guard per request, far above what one takes here (the slowest, a summary of the
# reports with the 120 kB line, about 2 s; the old patterns held one for 46 s).
REQUEST_GUARD_S = 30.0
UPLOAD_REFUSALS = (413, 422)  # too big; nothing usable or a loader warning (named)


@dataclass
class Timed:
    """A client that checks every answer: no 5xx, and within the hang guard."""

    client: TestClient

    def request(self, method: str, url: str, **kwargs: Any) -> Any:
        started = time.perf_counter()
        response = self.client.request(method, url, **kwargs)
        assert time.perf_counter() - started < REQUEST_GUARD_S, (method, url)
        assert response.status_code < 500, (method, url, response.text[:500])
        return response

    def get(self, url: str, **kwargs: Any) -> Any:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> Any:
        return self.request("POST", url, **kwargs)


def _client(db: Path) -> Iterator[Timed]:
    with TestClient(create_app(db, settings=WebSettings(write_token=TOKEN))) as client:
        yield Timed(client)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return build_corpus(tmp_path_factory.mktemp("hostile-web") / "corpus")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile-store") / "store.sqlite"


@pytest.fixture(scope="module")
def web(db: Path) -> Iterator[Timed]:
    yield from _client(db)


def _json(body: object) -> dict[str, Any]:
    """Keyword arguments posting ``body`` as JSON, lone surrogates as "\\ud800" escapes
    (as clients send them; ensure_ascii)."""
    return {"content": json.dumps(body), "headers": {"content-type": "application/json"}}


@pytest.fixture(scope="module")
def posted(web: Timed) -> dict[str, Any]:
    records, _ = posted_records()
    kwargs = _json({"articles": records})
    kwargs["headers"]["Authorization"] = f"Bearer {TOKEN}"
    response = web.post("/api/v1/articles", **kwargs)
    assert response.status_code == 200, response.text[:500]
    body: dict[str, Any] = response.json()
    return body


def test_posted_reports_are_all_stored_each_bad_field_named(
    posted: dict[str, Any], db: Path
) -> None:
    records, expected = posted_records()
    assert posted["added"] == len(records)
    assert [w.split(", replaced")[0] for w in posted["warnings"]] == expected
    ids = [row["id"] for row in posted["articles"]]
    with Store.open(db) as store:
        assert store.count_articles() == len(records)
        stored = store.articles(ids)
        assert len(stored) == len(records)
        assert all(store.story_of(i) is not None for i in ids)  # each placed in a story
    for article in stored:
        text = " ".join(filter(None, (article.text, article.title, article.source, article.url)))
        assert "\x00" not in text and "\x1b" not in text
        text.encode("utf-8")  # no lone surrogate left


def test_every_story_and_article_reads_back(web: Timed, posted: dict[str, Any]) -> None:
    listing = web.get("/api/v1/stories", params={"limit": 100})
    assert listing.status_code == 200
    stories = listing.json()["stories"]
    records, _ = posted_records()
    at = next(n for n, record in enumerate(records) if record["text"] == LONG_LINE)
    long_line = posted["articles"][at]["id"]
    assert sum(story["article_count"] for story in stories) == posted["added"]
    index = web.get("/")
    assert index.status_code == 200 and "\x00" not in index.text
    for story in stories:
        api = web.get(f"/api/v1/stories/{story['id']}")
        assert api.status_code == 200
        brief = api.json()["brief"]
        # A summary for every story, but for one whose only report is the 120 kB line: one
        # sentence of 24,000 words, which no 100-word budget takes whole.
        assert brief["sentences"] or {s["id"] for s in brief["sources"]} == {long_line}
        page = web.get(f"/stories/{story['id']}")
        assert page.status_code == 200 and "\x00" not in page.text and "\x1b" not in page.text
    for row in posted["articles"]:
        assert web.get(f"/api/v1/articles/{row['id']}").status_code == 200
        page = web.get(f"/articles/{row['id']}")
        assert page.status_code == 200 and "\x00" not in page.text
    for q in ("crane", "quay\t\t\tmayor", "² people", "pilots\x00"):
        assert web.get("/api/v1/search", params={"q": q}).status_code == 200
        assert web.get("/search", params={"q": q}).status_code == 200


def test_summarize_names_every_bad_field_and_cites_every_report(web: Timed) -> None:
    records, expected = posted_records()
    response = web.post("/api/v1/summarize", **_json({"articles": records}))
    assert response.status_code == 200, response.text[:500]
    brief = response.json()
    for warning in expected:
        assert any(note.startswith(warning) for note in brief["notes"]), warning
    assert len(brief["sources"]) == len(records)
    assert brief["sentences"]


def _uploads(corpus: Corpus) -> list[Path]:
    """The corpus files that can be uploaded, good and bad: regular files (not the named
    pipe) with UTF-8 names (others cannot travel in a multipart header)."""
    found = []
    for folder, dirs, files in os.walk(corpus.root):
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(folder, d))]
        for name in files:
            try:
                name.encode("utf-8")  # not for names that are not UTF-8 (surrogate escapes)
            except UnicodeEncodeError:
                continue
            path = Path(folder) / name
            if path.is_file():  # not the named pipe
                found.append(path)
    return sorted(found)


def _bad_name(corpus: Corpus, path: Path) -> str | None:
    """The name a warning gives an uploaded bad file (its base name), None for a good one."""
    named = [n for n in corpus.named if n.startswith((f"{path}:", f"{path}["))]
    return path.name if named else None


def test_each_file_uploaded_next_to_a_good_report(web: Timed, corpus: Corpus) -> None:
    uploads = _uploads(corpus)
    assert len(uploads) > 20
    refused = 0
    for path in uploads:
        files = [("files", ("good.txt", FERRY.encode())), ("files", (path.name, path.read_bytes()))]
        response = web.post("/api/v1/summarize/files", files=files)
        bad = _bad_name(corpus, path)
        if response.status_code == 200:
            brief = response.json()
            paths = {source["path"] for source in brief["sources"]}
            assert "good.txt" in paths and brief["sentences"], path
            if bad is not None:
                assert any(bad in note for note in brief["notes"]), (path, brief["notes"])
        else:
            assert response.status_code in UPLOAD_REFUSALS, (path, response.status_code)
            refused += 1
            detail = response.json()["detail"]
            if response.status_code == 422:
                assert bad is not None and bad in detail, (path, detail)
            else:
                assert path.stat().st_size > MAX_FILE_BYTES // 2, path  # over the body limit
    assert refused < len(uploads)


def test_the_form_takes_every_file_at_once_and_names_the_bad_ones(
    web: Timed, corpus: Corpus
) -> None:
    uploads = [p for p in _uploads(corpus) if p.stat().st_size <= MAX_FILE_BYTES // 4]
    files = [("files", (f"{n}-{p.name}", p.read_bytes())) for n, p in enumerate(uploads)]
    response = web.post("/summarize", data={"reports": FERRY}, files=files)
    assert response.status_code == 200, response.text[:500]
    page = response.text
    assert "\x00" not in page and "\x1b" not in page
    for n, path in enumerate(uploads):
        if _bad_name(corpus, path) is not None:
            assert f"{n}-{path.name}" in page, path
