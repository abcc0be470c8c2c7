"""Helpers of the web tests: clients over a store, the bearer header, an HTML reader."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from fastapi.testclient import TestClient

from storyfuse.store import Store
from storyfuse.web.app import WebSettings, create_app

TOKEN = "test-token-5f2c"
VOID_TAGS = frozenset({"meta", "link", "input", "br", "img", "hr", "source", "wbr"})


def make_client(db: Path, settings: WebSettings | None = None) -> TestClient:
    """A client of the app over ``db``; by default the token is set and reads are open."""
    return TestClient(create_app(db, settings=settings or WebSettings(write_token=TOKEN)))


def auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def count_articles(db: Path) -> int:
    with Store.open(db) as store:
        return store.count_articles()


# --- reading pages ------------------------------------------------------------------------


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    children: list[Element] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    @property
    def words(self) -> str:
        return " ".join(self.text.split())

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Element]:
        found = []
        for child in self.children:
            if (tag is None or child.tag == tag) and (cls is None or cls in child.classes):
                found.append(child)
            found.extend(child.find_all(tag, cls))
        return found


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID_TAGS:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        for element in self.stack:
            element.text += data


def read_html(html: str) -> Element:
    """The page as a tree of elements, each with the text inside it."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.root


def by_id(root: Element) -> dict[str, Element]:
    return {e.attrs["id"]: e for e in root.find_all() if "id" in e.attrs}
