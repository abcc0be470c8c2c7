"""The API docs work offline: ``/docs`` and ``/redoc`` load every script and stylesheet
from this server (``fastapi-offline``'s packaged assets), never from a CDN."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from web_helpers import read_html

from storyfuse.web.docs import DOCS_ASSETS

_URL_RE = re.compile(r"""(?:https?:)?//[\w.-]+""")
_INLINE_URL_RE = re.compile(r"""\burl:\s*'(?P<url>[^']+)'""")


def _assets(html: str) -> list[str]:
    """The URLs a page loads by itself: its scripts', stylesheets' and icons' addresses."""
    root = read_html(html)
    scripts = [e.attrs["src"] for e in root.find_all("script") if "src" in e.attrs]
    links = [e.attrs["href"] for e in root.find_all("link") if "href" in e.attrs]
    return scripts + links


def test_swagger_ui_loads_only_local_assets(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert _URL_RE.search(page.text) is None, "the docs page names another host"
    assets = _assets(page.text)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert any(a.endswith("swagger-ui.css") for a in assets)
    types = {".js": "javascript", ".css": "text/css", ".png": "image/png"}
    for asset in assets:
        assert asset.startswith(f"{DOCS_ASSETS}/"), asset
        response = client.get(asset)
        assert response.status_code == 200, asset
        kind = next(v for k, v in types.items() if asset.endswith(k))
        assert kind in response.headers["content-type"], asset
        assert len(response.content) > 500, asset
    (schema,) = _INLINE_URL_RE.findall(page.text)
    openapi = client.get(schema)
    assert openapi.status_code == 200 and openapi.json()["paths"]


def test_redoc_loads_only_local_assets(client: TestClient) -> None:
    page = client.get("/redoc")
    assert page.status_code == 200
    assert _URL_RE.search(page.text) is None, "the ReDoc page names another host (fonts?)"
    (script,) = [a for a in _assets(page.text) if a.endswith(".js")]
    assert client.get(script).status_code == 200
    assert read_html(page.text).find_all("redoc")[0].attrs["spec-url"] == "/openapi.json"


def test_docs_assets_are_not_in_the_schema_and_unknown_ones_are_404(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert not [p for p in paths if p.startswith(("/docs", "/redoc"))]
    assert client.get(f"{DOCS_ASSETS}/nothing.js").status_code == 404
