"""Ingest of WARC crawls: HTML 200 responses become articles, the rest is skipped."""

from __future__ import annotations

from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyfuse.ingest import load_paths
from storyfuse.types import stable_id

CAPTURE_DATE = "2024-05-06T07:08:09Z"


def _page(title: str, paragraphs: list[str], *, date: str | None = None) -> bytes:
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = (
        f"<html><head><title>{title}</title>{meta}</head><body><nav>Home | News</nav>"
        f"<article><h1>{title}</h1>{body}</article><footer>Contact us</footer></body></html>"
    )
    return html.encode("utf-8")


LIGHTHOUSE = _page(
    "Lighthouse keeper retires after forty years",
    [
        "The keeper of the north lighthouse retired on Friday after forty years of service.",
        "She climbed the one hundred and twelve steps every evening to check the lamp.",
        "A party in the village hall marked her last shift with songs and a cake.",
    ],
    date="2024-05-03T18:00:00+00:00",
)
MARKET = _page(
    "Night market returns to the square",
    [
        "The night market returned to the old square on Thursday after a winter break.",
        "Forty stalls sold bread, cheese, lanterns and hand-made toys until midnight.",
        "Traders said the mild weather brought more families than last year.",
    ],
)


def _response(
    writer: WARCWriter, uri: str, body: bytes, *, status: str = "200 OK", ctype: str
) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        uri,
        "response",
        payload=BytesIO(body),
        http_headers=headers,
        warc_headers_dict={"WARC-Date": CAPTURE_DATE},
    )
    writer.write_record(record)


def _write_crawl(path: Path, *, gzip: bool) -> None:
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        _response(writer, "https://news.example.org/lighthouse", LIGHTHOUSE, ctype="text/html")
        _response(writer, "https://news.example.org/logo.png", b"\x89PNG....", ctype="image/png")
        _response(
            writer,
            "https://news.example.org/missing",
            _page("Not found", ["This page does not exist any more, sorry about that."]),
            status="404 Not Found",
            ctype="text/html",
        )
        _response(
            writer,
            "https://news.example.org/market",
            MARKET,
            ctype="text/html; charset=utf-8",
        )


def _check_crawl(path: Path) -> None:
    result = load_paths([path])
    assert result.warnings == ()
    lighthouse, market = result.articles
    assert lighthouse.url == "https://news.example.org/lighthouse"
    assert lighthouse.id == stable_id(url=lighthouse.url)
    assert lighthouse.title == "Lighthouse keeper retires after forty years"
    assert lighthouse.published == datetime(2024, 5, 3, 18, 0, tzinfo=UTC)  # the page's date
    assert "one hundred and twelve steps" in lighthouse.text
    assert "Contact us" not in lighthouse.text
    assert lighthouse.path == str(path)
    assert market.url == "https://news.example.org/market"
    assert market.published == datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)  # the capture date
    assert "Forty stalls sold bread" in market.text


@pytest.mark.parametrize(
    ("name", "gzip"),
    [("crawl.warc", False), ("crawl.WARC.GZ", True)],
    ids=["warc", "warc.gz-upper-case"],
)
def test_warc_html_responses_become_articles(tmp_path: Path, name: str, gzip: bool) -> None:
    path = tmp_path / name
    _write_crawl(path, gzip=gzip)
    _check_crawl(path)


def test_broken_record_warns_and_the_rest_loads(tmp_path: Path) -> None:
    good = tmp_path / "good.warc"
    _write_crawl(good, gzip=False)
    data = good.read_bytes()
    second = data.index(b"WARC/1.", 1)  # the lighthouse response record
    damaged = data[:second] + b"WARC/1.1\r\nContent-Length: nonsense\r\n\r\n" + data[second:]
    path = tmp_path / "damaged.warc"
    path.write_bytes(damaged)
    result = load_paths([path])
    assert [a.url for a in result.articles] == [
        "https://news.example.org/lighthouse",
        "https://news.example.org/market",
    ]
    (warning,) = result.warnings
    assert warning.startswith(f"{path}[record ")
    assert ": broken record (" in warning


def test_broken_gzip_member_warns_and_the_rest_loads(tmp_path: Path) -> None:
    good = tmp_path / "good.warc.gz"
    _write_crawl(good, gzip=True)
    data = good.read_bytes()
    second = data.index(b"\x1f\x8b\x08", 1)  # the lighthouse response member
    third = data.index(b"\x1f\x8b\x08", second + 1)
    # The whole member is overwritten: record ids and dates are random, so damage at fixed
    # offsets inside a member would hit different bytes from run to run.
    damaged = data[:second] + b"\x00" * (third - second) + data[third:]
    path = tmp_path / "damaged.warc.gz"
    path.write_bytes(damaged)
    result = load_paths([path])
    assert [a.url for a in result.articles] == ["https://news.example.org/market"]
    assert result.warnings
    assert result.warnings[0].startswith(f"{path}[record 2 at offset {second}]: broken record (")
    assert all(w.startswith(f"{path}[record ") for w in result.warnings)


def test_crawl_without_pages_and_unreadable_crawl_warn(tmp_path: Path) -> None:
    empty = tmp_path / "empty.warc"
    with empty.open("wb") as stream:
        writer = WARCWriter(stream, gzip=False)
        writer.write_record(writer.create_warcinfo_record("empty.warc", {"software": "test"}))
    missing = tmp_path / "gone.warc"
    result = load_paths([empty, missing])
    assert result.articles == ()
    assert result.warnings == (
        f"{empty}: no HTML pages in the crawl, skipped",
        f"{missing}: no such file or folder",
    )


def test_junk_crawl_never_raises(tmp_path: Path) -> None:
    junk = tmp_path / "junk.warc.gz"
    junk.write_bytes(b"\x1f\x8b\x08" + b"not really compressed" * 3)
    header_only = tmp_path / "header.warc"
    header_only.write_bytes(b"WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 999\r\n\r\n<p>")
    result = load_paths([junk, header_only])
    assert result.articles == ()
    assert result.warnings  # each file says why it gave nothing
