"""``storyfuse serve``'s connection limits on a live uvicorn (issue 16): a silent
connection is closed after ``header_timeout``, connections past ``max_connections`` are
answered 503, and URLs past the limits get 414 (ours) or 400 (uvicorn's), never a crash."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from storyfuse.web.app import WebSettings, create_app
from storyfuse.web.server import uvicorn_options

SETTINGS = WebSettings(max_connections=3, header_timeout=0.5, max_url_bytes=4096)
WAIT = 5.0  # seconds a socket waits for an answer


@pytest.fixture
def port(sample_db: Path) -> Iterator[int]:
    """A live server over the sample store, on a free port, with ``SETTINGS``."""
    config = uvicorn.Config(
        create_app(sample_db, settings=SETTINGS),
        host="127.0.0.1",
        port=0,
        log_level="critical",
        **uvicorn_options(SETTINGS),
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + WAIT
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started
    yield int(server.servers[0].sockets[0].getsockname()[1])
    server.should_exit = True
    thread.join(WAIT)


def _connect(port: int) -> socket.socket:
    conn = socket.create_connection(("127.0.0.1", port), timeout=WAIT)
    conn.settimeout(WAIT)
    return conn


def _status(port: int, target: str) -> bytes:
    with _connect(port) as conn:
        conn.sendall(f"GET {target} HTTP/1.1\r\nHost: test\r\n\r\n".encode())
        return conn.recv(4096).split(b"\r\n", 1)[0]


def test_a_silent_connection_is_closed_after_the_header_timeout(port: int) -> None:
    with _connect(port) as conn:
        started = time.monotonic()
        assert conn.recv(1) == b""  # closed by the server, not by our timeout
        assert time.monotonic() - started < WAIT - 1


def test_a_half_sent_head_is_closed_and_a_kept_alive_one_gets_the_same_deadline(
    port: int,
) -> None:
    with _connect(port) as conn:
        conn.sendall(b"GET /api/v1/stories?limit=1 HTTP/1.1\r\nHost: test\r\n\r\n")
        assert conn.recv(4096).startswith(b"HTTP/1.1 200")
        conn.sendall(b"GET /api/v1/stories HTTP/1.1\r\nHost: te")  # never finished
        started = time.monotonic()
        while conn.recv(4096):
            pass
        assert time.monotonic() - started < WAIT - 1


def test_connections_past_the_cap_get_503_and_the_cap_frees_up(port: int) -> None:
    held = [_connect(port) for _ in range(SETTINGS.max_connections)]
    time.sleep(0.1)
    assert _status(port, "/api/v1/stories?limit=1") == b"HTTP/1.1 503 Service Unavailable"
    for conn in held:
        conn.close()
    time.sleep(0.1)
    assert _status(port, "/api/v1/stories?limit=1") == b"HTTP/1.1 200 OK"


def test_held_connections_cannot_lock_the_server_out(port: int) -> None:
    held = [_connect(port) for _ in range(SETTINGS.max_connections)]
    time.sleep(SETTINGS.header_timeout + 0.3)  # the silent ones are closed by now
    assert _status(port, "/api/v1/stories?limit=1") == b"HTTP/1.1 200 OK"
    for conn in held:
        conn.close()


def test_long_urls_are_answered(port: int) -> None:
    assert _status(port, "/api/v1/search?q=" + "a" * 8000).startswith(b"HTTP/1.1 414")
    assert _status(port, "/api/v1/search?q=" + "a" * 200_000) == b"HTTP/1.1 400 Bad Request"
    assert _status(port, "/api/v1/search?q=bridge").startswith(b"HTTP/1.1 200")
