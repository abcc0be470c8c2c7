"""End to end in headless Chromium: the story list of the sample store, the story, a citation.

Runs the real ``storyfuse serve`` (a child process on 127.0.0.1) over a store built from the
bundled sample, and drives Debian's Chromium (``/usr/bin/chromium``, or ``STORYFUSE_CHROMIUM``)
with Playwright for Python (Playwright's own browser download cannot work offline). Without
a Chromium the test skips with the reason; ``.ci/run`` sets ``STORYFUSE_REQUIRE_BROWSER=1``
and installs Chromium, so in CI its absence fails. The story page's screenshots are kept as
``build/test-artifacts/story-page.png`` (after the click-through) and
``story-page-desktop.png`` / ``story-page-phone.png`` (1280 and 390 pixels wide).
"""

from __future__ import annotations

import json
import re
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

from storyfuse.eval.bench.web import sample_store, served  # noqa: E402
from storyfuse.store import Store  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "build" / "test-artifacts"
# Flags for a sandboxed, offline, root-run headless Chromium (no background connections).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE_VIEWPORT = {"width": 390, "height": 844}
DESKTOP_VIEWPORT = {"width": 1280, "height": 800}
PNG_WIDTH = slice(16, 20)  # the IHDR chunk's width field, big-endian
# Elements of the page's main column whose box sticks out of the viewport, left or right.
_OVERFLOWING_JS = """() => [...document.querySelectorAll('main *')]
  .filter(e => { const r = e.getBoundingClientRect();
                 return r.width > 0 && (r.left < -0.5 || r.right > window.innerWidth + 0.5); })
  .map(e => e.tagName.toLowerCase() + '.' + (e.getAttribute('class') || ''))"""
TIMEOUT_MS = 30_000
_CITE_HREF_RE = re.compile(r"/articles/(?P<article>[^/?#]+)\?hl=(?P<index>\d+)#s-(?P=index)$")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    db = sample_store(tmp_path_factory.mktemp("browser"))
    with served(db) as base:
        yield base, db


@pytest.fixture(scope="module")
def browser(chromium: Path) -> Iterator[Any]:
    with playwright_api.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def _cached_brief(db: Path) -> dict[str, Any]:
    with Store.open(db) as store:
        (story,) = store.stories()
        cached = store.brief(story.id)
    assert cached is not None, "opening the story page stores its brief"
    brief: dict[str, Any] = json.loads(cached[0])
    return brief


def _sentence_text(db: Path, article_id: str, index: int) -> str:
    from storyfuse.text.segment import segment_article

    with Store.open(db) as store:
        article = store.get_article(article_id)
    assert article is not None
    sentence = segment_article(article)[index]
    return article.text[sentence.start : sentence.end]


@pytest.mark.slow
def test_click_a_citation_to_the_highlighted_sentence(site: tuple[str, Path], browser: Any) -> None:
    base, db = site
    page = browser.new_page(viewport=PHONE_VIEWPORT)
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(base + "/")
    links = page.locator("a.story-link")
    assert links.count() == 1
    assert "Kestrel Harbour Bridge" in links.first.inner_text()

    links.first.click()
    page.wait_for_url(re.compile(r"/stories/"))
    sentences = page.locator("li.summary-sentence")
    assert sentences.count() >= 3
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "story-page.png"), full_page=True)

    brief = _cached_brief(db)
    first = brief["sentences"][0]
    assert " ".join(first["text"].split()) in " ".join(sentences.first.inner_text().split())
    cite = sentences.first.locator("a.cite").first
    href = cite.get_attribute("href")
    assert href is not None
    match = _CITE_HREF_RE.search(href)
    assert match is not None, href
    article_id, index = match["article"], int(match["index"])
    assert article_id in first["supporting"]

    cite.click()
    page.wait_for_url(re.compile(r"/articles/"))
    marked = page.locator(".sentence.highlight")
    assert marked.count() == 1
    assert marked.get_attribute("id") == f"s-{index}"
    assert marked.get_attribute("aria-current") == "true"
    shown = " ".join(marked.inner_text().split())
    assert shown == " ".join(_sentence_text(db, article_id, index).split())
    if article_id == first["article_id"]:
        assert index == first["sentence_index"]
        assert shown == " ".join(first["text"].split())
    playwright_api.expect(marked).to_be_in_viewport()
    highlight = marked.evaluate("e => getComputedStyle(e).backgroundColor")
    plain = page.locator(".sentence:not(.highlight)").first
    assert highlight != plain.evaluate("e => getComputedStyle(e).backgroundColor")
    page.close()


def _local_only(page: Any, base: str) -> list[str]:
    """Abort every request that leaves ``base`` (as with no network); return their URLs."""
    refused: list[str] = []

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith(base):
            request_route.continue_()
        else:
            refused.append(url)
            request_route.abort()

    page.route("**/*", route)
    return refused


@pytest.mark.slow
def test_api_docs_render_with_no_network(site: tuple[str, Path], browser: Any) -> None:
    base, _ = site
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.set_default_timeout(TIMEOUT_MS)
    refused = _local_only(page, base)
    page.goto(base + "/docs")
    operations = page.locator(".opblock")
    operations.first.wait_for()
    schema = json.loads(page.request.get(base + "/openapi.json").text())
    assert operations.count() == sum(len(methods) for methods in schema["paths"].values())
    assert "Unable to render" not in page.inner_text("body")
    assert refused == []
    page.close()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "viewport"), [("desktop", DESKTOP_VIEWPORT), ("phone", PHONE_VIEWPORT)]
)
def test_story_page_fits_desktop_and_phone(
    site: tuple[str, Path], browser: Any, name: str, viewport: dict[str, int]
) -> None:
    base, db = site
    with Store.open(db) as store:
        (story,) = store.stories()
    page = browser.new_page(viewport=viewport)
    page.set_default_timeout(TIMEOUT_MS)
    refused = _local_only(page, base)
    page.goto(f"{base}/stories/{story.id}")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert page.evaluate(_OVERFLOWING_JS) == []
    chart = page.locator("svg.coverage-chart")
    box = chart.bounding_box()
    assert box is not None and box["height"] >= 80
    column = page.locator("main").bounding_box()
    assert column is not None and box["width"] >= column["width"] * 0.9
    bars = chart.locator("rect.bar")
    assert bars.count() >= 3
    for index in range(bars.count()):
        bar = bars.nth(index).bounding_box()
        assert bar is not None and bar["height"] > 0 and bar["width"] > 2
        assert box["x"] <= bar["x"] and bar["x"] + bar["width"] <= box["x"] + box["width"] + 0.5
    times = page.locator("section.sources li.source time").evaluate_all(
        "ts => ts.map(t => t.getAttribute('datetime'))"
    )
    assert len(times) == 7 and times == sorted(times, reverse=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / f"story-page-{name}.png"
    page.screenshot(path=str(shot), full_page=True)
    (width,) = struct.unpack(">I", shot.read_bytes()[PNG_WIDTH])
    assert width == viewport["width"]
    assert refused == []
    page.close()
