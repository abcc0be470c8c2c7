"""What a running web app may do: its bearer token, whether reads need it, request limits.

``WebSettings()`` holds plain defaults and reads nothing; ``WebSettings.from_env()`` (what
``create_app`` and ``storyfuse serve`` use when given no settings) takes the token from
``STORYFUSE_API_TOKEN`` and makes reads private when ``STORYFUSE_API_READ_PRIVATE`` is on.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from storyfuse.defaults import DEFAULT_WORDS

TOKEN_ENV = "STORYFUSE_API_TOKEN"
READ_PRIVATE_ENV = "STORYFUSE_API_READ_PRIVATE"
DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024  # 5 MB: a request body over it gets 413
DEFAULT_MAX_ARTICLES = 50  # articles (or uploaded files) per request
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
    words: int | None = DEFAULT_WORDS

    def __post_init__(self) -> None:
        for name in ("max_body_bytes", "max_articles"):
            if getattr(self, name) < 1:
                raise ValueError(f"WebSettings.{name} must be positive, got {getattr(self, name)}")
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
        """Settings from ``STORYFUSE_API_TOKEN`` and ``STORYFUSE_API_READ_PRIVATE``.

        A blank token counts as none. Raises ``ValueError`` for a switch that is not one
        of 1/0, true/false, yes/no, on/off.
        """
        env = os.environ if environ is None else environ
        token = env.get(TOKEN_ENV, "").strip() or None
        flag = env.get(READ_PRIVATE_ENV, "").strip().lower()
        if flag not in _TRUE | _FALSE:
            raise ValueError(f"{READ_PRIVATE_ENV}={flag!r}: use 1 (reads need the token) or 0")
        return cls(write_token=token, read_token_required=flag in _TRUE)
