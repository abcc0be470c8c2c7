"""What a running web app may do: its bearer token, whether reads need it, request limits.

``WebSettings()`` holds plain defaults and reads nothing; ``WebSettings.from_env()`` (what
``create_app`` and ``storyfuse serve`` use when given no settings) takes the token from
``STORYFUSE_API_TOKEN``, makes reads private when ``STORYFUSE_API_READ_PRIVATE`` is on, and
reads each limit from its variable in ``LIMIT_ENV`` (``STORYFUSE_MAX_BODY_BYTES``...).

The app enforces the body, URL and body-time limits; ``storyfuse serve`` runs uvicorn
with the connection limits (``storyfuse.web.server``).
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from storyfuse.defaults import DEFAULT_WORDS

TOKEN_ENV = "STORYFUSE_API_TOKEN"
READ_PRIVATE_ENV = "STORYFUSE_API_READ_PRIVATE"
# 5 MB: a request body over it gets 413. Below the ingest's per-file cap (10 MiB), so
# nothing the API accepts is a file ``storyfuse ingest`` would skip.
DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_ARTICLES = 50  # articles (or uploaded files) per request
DEFAULT_MAX_URL_BYTES = 8 * 1024  # path and query string: a longer URL gets 414
DEFAULT_BODY_TIMEOUT = 60.0  # seconds to send the whole body (5 MB at 85 kB/s): else 408
DEFAULT_MAX_CONNECTIONS = 100  # open connections (uvicorn limit_concurrency): more get 503
DEFAULT_KEEP_ALIVE_TIMEOUT = 5  # seconds an idle kept-alive connection stays open
DEFAULT_HEADER_TIMEOUT = 10.0  # seconds to send a request line and headers: else closed
# What uvicorn's HTTP parser buffers of a request line and headers (its default): past
# it, uvicorn answers 400 itself. Above DEFAULT_MAX_URL_BYTES, so a long URL gets our 414.
DEFAULT_MAX_HEADER_BYTES = 16 * 1024
# Summaries of posted reports run in worker processes (``storyfuse.web.worker``): at most
# this many at once (0: in the server's process, with no time budget), each stopped after
# the budget (seconds): a request past it gets 413. It grows with the text: 100 kB of
# reports took 1.1-1.6 s, 500 kB 7.6-7.8 s on a 2-core machine (README, server limits).
DEFAULT_SUMMARY_WORKERS = 2
DEFAULT_SUMMARY_BUDGET = 10.0
# A stored story's brief is rebuilt in the background when the story has grown; a page or
# API read waits this long (seconds) for it, then gets the brief saved before.
DEFAULT_STORY_BRIEF_WAIT = 5.0
LIMIT_ENV: dict[str, str] = {
    "max_body_bytes": "STORYFUSE_MAX_BODY_BYTES",
    "max_articles": "STORYFUSE_MAX_ARTICLES",
    "max_url_bytes": "STORYFUSE_MAX_URL_BYTES",
    "body_timeout": "STORYFUSE_BODY_TIMEOUT",
    "max_connections": "STORYFUSE_MAX_CONNECTIONS",
    "keep_alive_timeout": "STORYFUSE_KEEP_ALIVE_TIMEOUT",
    "header_timeout": "STORYFUSE_HEADER_TIMEOUT",
    "max_header_bytes": "STORYFUSE_MAX_HEADER_BYTES",
    "summary_workers": "STORYFUSE_SUMMARY_WORKERS",
    "summary_budget": "STORYFUSE_SUMMARY_BUDGET",
    "story_brief_wait": "STORYFUSE_STORY_BRIEF_WAIT",
}
_LIMITS = tuple(LIMIT_ENV)
_SECONDS = frozenset(  # may be fractional
    {"body_timeout", "header_timeout", "summary_budget", "story_brief_wait"}
)
_MAY_BE_ZERO = frozenset({"summary_workers"})
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"", "0", "false", "no", "off"})


@dataclass(frozen=True, slots=True, kw_only=True)
class WebSettings:
    """The app's settings.

    ``write_token``: the bearer token that ingesting through the API needs; with none,
    API writes are refused. ``read_token_required``: reads (pages and API) need the same
    token too. ``words``: the brief length of story pages and of summaries that name none.
    """

    write_token: str | None = None
    read_token_required: bool = False
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    max_articles: int = DEFAULT_MAX_ARTICLES
    max_url_bytes: int = DEFAULT_MAX_URL_BYTES
    body_timeout: float = DEFAULT_BODY_TIMEOUT
    max_connections: int = DEFAULT_MAX_CONNECTIONS
    keep_alive_timeout: int = DEFAULT_KEEP_ALIVE_TIMEOUT
    header_timeout: float = DEFAULT_HEADER_TIMEOUT
    max_header_bytes: int = DEFAULT_MAX_HEADER_BYTES
    summary_workers: int = DEFAULT_SUMMARY_WORKERS
    summary_budget: float = DEFAULT_SUMMARY_BUDGET
    story_brief_wait: float = DEFAULT_STORY_BRIEF_WAIT
    words: int | None = DEFAULT_WORDS

    def __post_init__(self) -> None:
        for name in _LIMITS:
            value = getattr(self, name)
            if name in _MAY_BE_ZERO and value < 0:
                raise ValueError(f"WebSettings.{name} must not be negative, got {value}")
            if name not in _MAY_BE_ZERO and value <= 0:
                raise ValueError(f"WebSettings.{name} must be positive, got {value}")
        if self.words is not None and self.words < 1:
            raise ValueError(f"WebSettings.words must be positive, got {self.words}")
        if self.write_token is not None and not self.write_token.strip():
            raise ValueError("WebSettings.write_token must not be blank (use None for no token)")

    @property
    def brief_words(self) -> int:
        """The brief length to use: ``words``, else the pipeline's default."""
        return self.words or DEFAULT_WORDS

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> WebSettings:
        """Settings from ``STORYFUSE_API_TOKEN``, ``STORYFUSE_API_READ_PRIVATE`` and the
        limits' variables (``LIMIT_ENV``; unset or blank: the default).

        A blank token counts as none. Raises ``ValueError`` naming the variable for a
        switch that is not one of 1/0, true/false, yes/no, on/off, or a limit that is not
        a positive number.
        """
        env = os.environ if environ is None else environ
        token = env.get(TOKEN_ENV, "").strip() or None
        flag = env.get(READ_PRIVATE_ENV, "").strip().lower()
        if flag not in _TRUE | _FALSE:
            raise ValueError(f"{READ_PRIVATE_ENV}={flag!r}: use 1 (reads need the token) or 0")
        limits: dict[str, Any] = {
            name: _limit(
                variable, value, float if name in _SECONDS else int, zero=name in _MAY_BE_ZERO
            )
            for name, variable in LIMIT_ENV.items()
            if (value := env.get(variable, "").strip())
        }
        return cls(write_token=token, read_token_required=flag in _TRUE, **limits)


def _limit(
    variable: str, value: str, kind: type[int] | type[float], *, zero: bool = False
) -> int | float:
    """A limit's value from its variable; ``ValueError`` naming it when not positive (or,
    with ``zero``, negative)."""
    try:
        number = kind(value)
    except ValueError:
        number = -1
    if not math.isfinite(number) or not (number >= 0 if zero else number > 0):
        word = "whole number" if kind is int else "number of seconds"
        sign = "0 or a positive" if zero else "a positive"
        raise ValueError(f"{variable}={value!r}: use {sign} {word}")
    return number
