"""Ingest of http(s) URLs, against a local server on 127.0.0.1 (no outside network).

The server is ``local_server`` (tests/conftest.py) running this module's ``Handler``.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from storyfuse.ingest import FetchLimits, load_paths
from storyfuse.ingest.fetch import is_url, redirect_problem, user_agent
from storyfuse.types import stable_id

PAGE = (
    b"<html><head><title>Tram line opens to the university</title>"
    b'<meta property="og:site_name" content="City Wire"></head><body>'
    b"<nav>Home | Weather | Sport</nav><article><h1>Tram line opens to the university</h1>"
    b"<p>The new tram line to the university carried its first passengers on Monday.</p>"
    b"<p>Trams run every six minutes at peak times and every ten in the evening.</p>"
    b"<p>Students said the journey from the station now takes a quarter of an hour.</p>"
    b"</article><footer>Imprint</footer></body></html>"
)
FEED = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>City Wire</title>
<item><title>Library hours extended</title><link>https://wire.example.com/library</link>
<pubDate>Tue, 01 Oct 2024 10:00:00 GMT</pubDate>
<description>The central library now stays open until nine on weekdays.</description></item>
</channel></rss>
"""
SLOW_DELAY_S = 2.0
TEST_TIMEOUT_S = 0.5
TEST_MAX_BYTES = 64 * 1024

# path -> (status, content type, body, extra headers)
ROUTES: dict[str, tuple[int, str, bytes, dict[str, str]]] = {
    "/page": (200, "text/html; charset=utf-8", PAGE, {}),
    "/feed": (200, "application/rss+xml", FEED, {}),
    "/feed-as-xml": (200, "text/xml", FEED, {}),
    "/untyped": (200, "", FEED, {}),
    "/moved": (302, "text/plain", b"", {"Location": "/page"}),
    "/loop": (302, "text/plain", b"", {"Location": "/loop2"}),
    "/loop2": (302, "text/plain", b"", {"Location": "/loop"}),
    "/to-file": (302, "text/plain", b"", {"Location": "file:///etc/hostname"}),
    "/to-ftp": (302, "text/plain", b"", {"Location": "ftp://127.0.0.1/feed.xml"}),
    "/to-metadata": (302, "text/plain", b"", {"Location": "http://169.254.169.254/latest/"}),
    "/image": (200, "image/png", b"\x89PNG not really", {}),
    "/huge": (200, "text/html", b"<p>" + b"x" * (TEST_MAX_BYTES + 10) + b"</p>", {}),
}
seen_agents: list[str] = []


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        seen_agents.append(self.headers.get("User-Agent", ""))
        if self.path == "/slow":
            time.sleep(SLOW_DELAY_S)
        if self.path == "/huge-chunked":
            self._stream_without_length()
            return
        status, ctype, body, extra = ROUTES.get(self.path, (404, "text/html", b"gone", {}))
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        for name, value in extra.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _stream_without_length(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            for _ in range(TEST_MAX_BYTES // 1024 + 4):
                self.wfile.write(b"y" * 1024)
        except OSError:
            pass  # the client stopped reading, as it should

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output quiet


@pytest.fixture(scope="module")
def http_handler() -> type[BaseHTTPRequestHandler]:
    return Handler


@pytest.fixture(scope="module")
def base_url(local_server: str) -> str:
    return local_server


LIMITS = FetchLimits(timeout_s=TEST_TIMEOUT_S, max_bytes=TEST_MAX_BYTES)


def test_page_url_gives_an_article(base_url: str) -> None:
    url = f"{base_url}/page"
    result = load_paths([url], fetch_limits=LIMITS)
    (article,) = result.articles
    assert result.warnings == ()
    assert article.url == url
    assert article.id == stable_id(url=url)
    assert article.path == url
    assert article.title == "Tram line opens to the university"
    assert article.source == "City Wire"
    assert "every six minutes" in article.text
    assert "Imprint" not in article.text
    assert seen_agents[-1] == user_agent()
    assert user_agent().startswith("storyfuse/")


@pytest.mark.parametrize("route", ["/feed", "/feed-as-xml", "/untyped"])
def test_feed_url_gives_its_entries(base_url: str, route: str) -> None:
    result = load_paths([f"{base_url}{route}"], fetch_limits=LIMITS)
    (article,) = result.articles
    assert result.warnings == ()
    assert article.url == "https://wire.example.com/library"
    assert article.source == "City Wire"
    assert article.text == "The central library now stays open until nine on weekdays."
    assert article.path == f"{base_url}{route}"


def test_redirect_is_followed_to_the_final_url(base_url: str) -> None:
    result = load_paths([f"{base_url}/moved"], fetch_limits=LIMITS)
    (article,) = result.articles
    assert article.url == f"{base_url}/page"


def test_bad_urls_warn_and_the_load_goes_on(base_url: str) -> None:
    names = ("missing", "loop", "image", "huge", "huge-chunked", "to-file")
    urls = [f"{base_url}/{name}" for name in names]
    result = load_paths([*urls, f"{base_url}/page"], fetch_limits=LIMITS)
    assert [a.title for a in result.articles] == ["Tram line opens to the university"]
    assert result.warnings == (
        f"{urls[0]}: HTTP 404 Not Found, skipped",
        f"{urls[1]}: too many redirects (over 5), skipped",
        f"{urls[2]}: unsupported content type 'image/png', skipped",
        f"{urls[3]}: body over {TEST_MAX_BYTES} bytes, skipped",
        f"{urls[4]}: body over {TEST_MAX_BYTES} bytes, skipped",
        f"{urls[5]}: redirect not followed (Found - Redirection to url"
        " 'file:///etc/hostname' is not allowed), skipped",
    )


def test_redirects_only_to_http_and_never_to_a_link_local_address(base_url: str) -> None:
    urls = [f"{base_url}/to-ftp", f"{base_url}/to-metadata"]
    started = time.monotonic()
    result = load_paths(urls, fetch_limits=LIMITS)
    assert time.monotonic() - started < TEST_TIMEOUT_S  # 169.254.169.254 was never tried
    assert result.warnings == (
        f"{urls[0]}: redirect not followed (Found - to a ftp: URL), skipped",
        f"{urls[1]}: redirect not followed (Found - to the link-local address of "
        "169.254.169.254), skipped",
    )


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("https://news.example/a", "https://news.example/b", None),
        ("https://news.example/a", "http://cdn.example/b", None),
        ("https://news.example/a", "http://intranet.example/admin", "from a public host"),
        ("https://news.example/a", "http://10.0.0.7/", "from a public host"),
        ("http://127.0.0.1:8000/a", "http://localhost:8000/b", None),  # within one network
        ("http://10.0.0.5/a", "http://169.254.169.254/", "link-local"),
        ("https://news.example/a", "http://[fe80::1]/", "link-local"),
        ("https://news.example/a", "ftp://news.example/f", "to a ftp: URL"),
    ],
)
def test_redirect_problem(old: str, new: str, problem: str | None) -> None:
    table = {
        "news.example": ["93.184.216.34"],
        "cdn.example": ["151.101.1.1"],
        "intranet.example": ["192.168.1.20"],
        "localhost": ["127.0.0.1"],
    }

    def addresses(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
        try:
            return [ipaddress.ip_address(host.strip("[]"))]
        except ValueError:
            return [ipaddress.ip_address(a) for a in table.get(host, [])]

    found = redirect_problem(old, new, addresses)
    assert (found is None) if problem is None else (found is not None and problem in found)


def test_slow_server_times_out(base_url: str) -> None:
    url = f"{base_url}/slow"
    started = time.monotonic()
    result = load_paths([url], fetch_limits=LIMITS)
    assert time.monotonic() - started < SLOW_DELAY_S
    assert result.articles == ()
    assert result.warnings == (f"{url}: timed out after {TEST_TIMEOUT_S:g} s, skipped",)


def _closed_port() -> int:
    """A loopback port that nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_unreachable_host_warns() -> None:
    url = f"http://127.0.0.1:{_closed_port()}/nothing"
    result = load_paths([url], fetch_limits=LIMITS)
    (warning,) = result.warnings
    assert warning.startswith(f"{url}: network error (")


def test_urls_and_files_mix_in_argument_order(base_url: str, tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("A local note about the tram.", encoding="utf-8")
    page = f"{base_url}/page"
    result = load_paths([page, note, page], fetch_limits=LIMITS)  # a repeated URL loads once
    assert [a.path for a in result.articles] == [page, str(note)]
    assert result.warnings == ()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("http://a.example/x", True),
        ("HTTPS://a.example", True),
        ("ftp://a.example", False),
        ("notes/http.txt", False),
    ],
)
def test_is_url(value: str, expected: bool) -> None:
    assert is_url(value) is expected
