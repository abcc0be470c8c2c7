"""``http://`` and ``https://`` URLs: one GET each, then the feed or HTML loader by content type.

urllib with a timeout, a ``storyfuse/<version>`` User-Agent and at most ``MAX_REDIRECTS``
redirects, each only to http(s), never to a link-local address, and not from a public host
into a private network (``redirect_problem``). A body over ``max_bytes`` is not read past
the limit and is skipped with a warning (a truncated page or feed is not the article).
Feed types (RSS, Atom, RDF, and generic XML whose root is a feed) go to
``feeds.parse_feed``, HTML to the trafilatura extraction; a missing or generic content
type is decided by sniffing the body. Network errors, HTTP errors and timeouts give one
warning naming the URL; there are no retries.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyfuse.ingest.base import FileLoad
from storyfuse.ingest.feeds import is_feed, parse_feed
from storyfuse.ingest.html import load_html_bytes
from storyfuse.ingest.warc import HTML_TYPES, MAX_PAGE_BYTES, media_type

if TYPE_CHECKING:
    import urllib.request

DEFAULT_TIMEOUT_S = 10.0
MAX_REDIRECTS = 5
URL_SCHEMES: tuple[str, ...] = ("http://", "https://")
FEED_TYPES: frozenset[str] = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+xml"}
)
XML_TYPES: frozenset[str] = frozenset({"application/xml", "text/xml"})
# Types whose body is sniffed (servers often label feeds and pages loosely).
SNIFF_TYPES: frozenset[str] = frozenset({"", "text/plain", "application/octet-stream"})
SNIFF_BYTES = 1024
# What urllib's redirect handler says when ``max_redirections`` is exceeded.
REDIRECT_LOOP_NOTE = "infinite loop"

_HTML_START_RE = re.compile(rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I)


@cache
def user_agent() -> str:
    """``storyfuse/<installed version>`` (looked up once, on the first fetch)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"storyfuse/{version('storyfuse')}"
    except PackageNotFoundError:
        return "storyfuse"


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchLimits:
    """How long to wait, how many redirects to follow and how much to read per URL."""

    timeout_s: float = DEFAULT_TIMEOUT_S
    max_redirects: int = MAX_REDIRECTS
    max_bytes: int = MAX_PAGE_BYTES


DEFAULT_LIMITS = FetchLimits()


@dataclass(frozen=True, slots=True)
class Response:
    """A fetched body, the final URL after redirects, and its media type."""

    url: str
    media_type: str
    content_type: str | None
    body: bytes


def is_url(value: str | Path) -> bool:
    """Whether an argument to ``load_paths`` is an http(s) URL (a ``Path`` never is)."""
    return isinstance(value, str) and value.strip().lower().startswith(URL_SCHEMES)


def _one_line(value: object) -> str:
    return " ".join(str(value).split())


def _addresses(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """The addresses ``host`` names (itself when an IP literal; [] when it won't resolve)."""
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    try:
        found = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return []
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in found]


def _internal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return address.is_private or address.is_loopback or address.is_link_local


def redirect_problem(
    old_url: str,
    new_url: str,
    addresses: Callable[[str], Sequence[ipaddress.IPv4Address | ipaddress.IPv6Address]] = (
        lambda host: _addresses(host)
    ),
) -> str | None:
    """Why a redirect from ``old_url`` to ``new_url`` is not followed, or None.

    Only to http(s); never to a link-local address (169.254.0.0/16 is where cloud
    machines answer with their credentials); and not from a public host to a private or
    loopback one (a page must not point the fetch into the network it runs in).
    """
    from urllib.parse import urlsplit

    new = urlsplit(new_url)
    if new.scheme.lower() not in ("http", "https"):
        return f"to a {new.scheme or 'relative'}: URL"
    targets = addresses(new.hostname or "")
    if any(a.is_link_local for a in targets):
        return f"to the link-local address of {new.hostname}"
    if any(_internal(a) for a in targets):
        origins = addresses(urlsplit(old_url).hostname or "")
        if origins and not any(_internal(a) for a in origins):
            return f"from a public host to the internal address of {new.hostname}"
    return None


def _opener(limits: FetchLimits) -> urllib.request.OpenerDirector:
    import urllib.error
    import urllib.request

    class Redirects(urllib.request.HTTPRedirectHandler):
        max_redirections = limits.max_redirects

        def redirect_request(
            self,
            req: urllib.request.Request,
            fp: Any,
            code: int,
            msg: str,
            headers: Any,
            newurl: str,
        ) -> urllib.request.Request | None:
            problem = redirect_problem(req.full_url, newurl)
            if problem is not None:
                raise urllib.error.HTTPError(newurl, code, f"{msg} - {problem}", headers, fp)
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    return urllib.request.build_opener(Redirects())


def _error_warning(url: str, err: BaseException, limits: FetchLimits) -> str:
    import urllib.error

    if isinstance(err, urllib.error.HTTPError):
        if not 300 <= err.code < 400:
            return f"{url}: HTTP {err.code} {err.reason}, skipped"
        if REDIRECT_LOOP_NOTE in str(err.reason):
            return f"{url}: too many redirects (over {limits.max_redirects}), skipped"
        return f"{url}: redirect not followed ({_one_line(err.reason)}), skipped"
    reason = err.reason if isinstance(err, urllib.error.URLError) else err
    if isinstance(reason, socket.timeout | TimeoutError):
        return f"{url}: timed out after {limits.timeout_s:g} s, skipped"
    if isinstance(reason, BaseException):
        return f"{url}: network error ({type(reason).__name__}: {_one_line(reason)}), skipped"
    return f"{url}: network error ({_one_line(reason)}), skipped"


def fetch(url: str, limits: FetchLimits = DEFAULT_LIMITS) -> tuple[Response | None, str | None]:
    """The response to a GET of ``url``, or ``None`` and a one-line warning; never raises."""
    # urllib and http.client cost ~30 ms to import: only when a URL is loaded.
    import urllib.error
    import urllib.request
    from http.client import HTTPException

    request = urllib.request.Request(url, headers={"User-Agent": user_agent()})
    try:
        with _opener(limits).open(request, timeout=limits.timeout_s) as reply:
            declared = reply.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limits.max_bytes:
                return None, f"{url}: body over {limits.max_bytes} bytes, skipped"
            body = reply.read(limits.max_bytes + 1)
            if len(body) > limits.max_bytes:
                return None, f"{url}: body over {limits.max_bytes} bytes, skipped"
            content_type = reply.headers.get("Content-Type")
            final_url = reply.geturl() or url
    except (OSError, HTTPException, ValueError) as err:  # URLError and timeouts are OSErrors
        if isinstance(err, urllib.error.HTTPError):
            err.close()  # an HTTP error is also an open response
        return None, _error_warning(url, err, limits)
    return Response(final_url, media_type(content_type), content_type, body), None


def _kind(response: Response) -> str | None:
    """``"feed"``, ``"html"`` or ``None`` (unsupported) for a fetched body."""
    if response.media_type in FEED_TYPES:
        return "feed"
    if response.media_type in HTML_TYPES:
        return "html"
    if response.media_type in XML_TYPES or response.media_type in SNIFF_TYPES:
        if is_feed(response.body):
            return "feed"
        if response.media_type in SNIFF_TYPES and _HTML_START_RE.match(response.body[:SNIFF_BYTES]):
            return "html"
    return None


def load_url(url: str, limits: FetchLimits = DEFAULT_LIMITS) -> FileLoad:
    """Articles from one http(s) URL (a page or a feed); never raises."""
    url = url.strip()
    response, problem = fetch(url, limits)
    if response is None:
        return FileLoad(warnings=(problem or f"{url}: not fetched, skipped",))
    if not response.body.strip():
        return FileLoad(warnings=(f"{url}: empty body, skipped",))
    kind = _kind(response)
    if kind == "feed":
        return parse_feed(response.body, name=url, content_type=response.content_type)
    if kind == "html":
        return load_html_bytes(response.body, name=url, origin=url, url=response.url)
    shown = response.media_type or "none"
    return FileLoad(warnings=(f"{url}: unsupported content type {shown!r}, skipped",))
