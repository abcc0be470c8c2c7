"""Shared fixtures: where the evaluation data and Chromium are, and whether their absence
is an error; a local HTTP server.

Tests that read ``../shared/data`` use the ``shared_data`` fixture. In a user's clone
without ``../shared`` they skip with the reason; under ``.ci/run`` (which sets
``STORYFUSE_REQUIRE_DATA=1``) the absence fails them instead. The ``chromium`` fixture
does the same for Debian's Chromium with ``STORYFUSE_REQUIRE_BROWSER=1``.

A test module that fetches over HTTP defines an ``http_handler`` fixture returning its
request handler class and uses ``local_server``, the base URL of a server on 127.0.0.1 that
runs that handler for the module's tests (no outside network).
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, NoReturn

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("STORYFUSE_DATA", REPO_ROOT.parent / "shared" / "data"))
CHROMIUM = Path(os.environ.get("STORYFUSE_CHROMIUM", "/usr/bin/chromium"))
# How often the server's loop looks for a shutdown request (the standard 0.5 s would make
# every module's teardown wait up to that long).
SERVER_POLL_S = 0.02


def _missing(reason: str, required_by: str) -> NoReturn:
    """Skip with ``reason``, or fail when the environment variable ``required_by`` is 1."""
    if os.environ.get(required_by) == "1":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if SHARED_DATA.is_dir():
        return SHARED_DATA
    _missing(
        f"evaluation data not found at {SHARED_DATA} (set STORYFUSE_DATA)",
        "STORYFUSE_REQUIRE_DATA",
    )


@pytest.fixture(scope="session")
def chromium() -> Path:
    if CHROMIUM.exists():
        return CHROMIUM
    _missing(
        f"no Chromium at {CHROMIUM} (apt-get install chromium, or set STORYFUSE_CHROMIUM)",
        "STORYFUSE_REQUIRE_BROWSER",
    )


@pytest.fixture(scope="session")
def seeds_dir(shared_data: Path) -> Path:
    return shared_data / "seeds"


SAMPLED_SETS = ("duc2003", "multinews_dev", "duc2006_dev")


@pytest.fixture(scope="session")
def sample_dirs(shared_data: Path) -> Callable[[int], list[Path]]:
    """The seeds and the first ``per_set`` clusters' docs of three dev sets: the real text
    the equivalence tests of prefilters and indexes run over."""

    def dirs(per_set: int) -> list[Path]:
        out = [shared_data / "seeds"]
        for dataset in SAMPLED_SETS:
            clusters = sorted((shared_data / dataset).iterdir())[:per_set]
            out += [cluster / "docs" for cluster in clusters]
        return out

    return dirs


@pytest.fixture(scope="module")
def http_handler() -> type[BaseHTTPRequestHandler]:
    """What ``local_server`` serves: a module using the server overrides this fixture."""
    raise pytest.UsageError(
        "local_server needs an http_handler fixture (the module's request handler class)"
    )


class _QuietServer(ThreadingHTTPServer):
    """A client that goes before the answer is written (a refused redirect, a body cut at
    its limit, a timeout) is what these tests do on purpose: no traceback for it. Printed
    from a handler thread, it landed in whichever test's stderr capture was running."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], BrokenPipeError | ConnectionResetError):
            return
        super().handle_error(request, client_address)


@pytest.fixture(scope="module")
def local_server(http_handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """``http://127.0.0.1:PORT``: ``http_handler`` served on a free loopback port from a
    daemon thread while the module's tests run, then shut down and closed."""
    server = _QuietServer(("127.0.0.1", 0), http_handler)
    server.daemon_threads = True  # a handler still running never keeps pytest alive
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": SERVER_POLL_S},
        name=f"local_server for {http_handler.__qualname__}",
        daemon=True,
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()  # returns once serve_forever has stopped
        server.server_close()  # closes the socket and waits for running handlers
        thread.join(timeout=5)
