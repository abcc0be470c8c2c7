"""Running the app with uvicorn, bounded: ``storyfuse serve`` calls ``serve``.

uvicorn caps connections (``limit_concurrency``: past it, a request is answered 503) and
closes idle kept-alive ones, but a connection that never finishes its request head is
held for ever, so a few hundred silent sockets would fill the cap and lock every client
out. ``HeadTimeoutProtocol`` is uvicorn's h11 protocol that closes a connection whose
request line and headers have not all arrived ``header_timeout`` seconds after it
opened or after its last response. (The body's time is the app's ``body_timeout``.)

This module imports uvicorn: only ``storyfuse serve`` and the tests import it.
"""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from storyfuse.web.settings import WebSettings


class HeadTimeoutProtocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline on each request head."""

    header_timeout: ClassVar[float] = WebSettings().header_timeout
    _head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_head_timer()

    def handle_events(self) -> None:
        super().handle_events()
        if self.cycle is not None and not self.cycle.response_complete:
            self._cancel_head_timer()  # a whole request head came: the app has it now

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm_head_timer()  # the next request's head has the same deadline

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_timer()
        super().connection_lost(exc)

    def _arm_head_timer(self) -> None:
        self._cancel_head_timer()
        self._head_timer = self.loop.call_later(self.header_timeout, self._head_timed_out)

    def _cancel_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if not self.transport.is_closing():
            self.logger.warning("Request head not received in %gs: closed.", self.header_timeout)
            self.transport.close()


def protocol_for(settings: WebSettings) -> type[HeadTimeoutProtocol]:
    """``HeadTimeoutProtocol`` with the settings' ``header_timeout``."""
    attributes = {"header_timeout": settings.header_timeout}
    return type("HeadTimeoutProtocol", (HeadTimeoutProtocol,), attributes)


def uvicorn_options(settings: WebSettings) -> dict[str, Any]:
    """The settings' connection limits as ``uvicorn.run`` / ``uvicorn.Config`` keywords."""
    return {
        "http": protocol_for(settings),
        "limit_concurrency": settings.max_connections,
        "timeout_keep_alive": settings.keep_alive_timeout,
        "h11_max_incomplete_event_size": settings.max_header_bytes,
    }


def serve(app: Any, settings: WebSettings, *, host: str, port: int) -> None:
    """Run ``app`` with uvicorn until interrupted, within the settings' limits."""
    uvicorn.run(app, host=host, port=port, log_level="info", **uvicorn_options(settings))
