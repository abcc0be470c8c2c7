"""The frozen data types that flow through the pipeline.

ingest -> ``Article`` (raw text) -> clean -> ``Article`` (cleaned body, title) ->
segment -> ``Sentence`` -> summarize -> ``Summary`` of ``SummaryItem``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime

_SPACE_RE = re.compile(r"\s+")
ID_HEX_CHARS = 16


def stable_id(*, url: str | None = None, text: str = "") -> str:
    """A short id that is the same every time the same article is loaded.

    The URL identifies an article where it has one; otherwise its text with
    whitespace normalised and case folded, so re-ingesting is idempotent.
    """
    key = url.strip() if url else _SPACE_RE.sub(" ", text).strip().casefold()
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:ID_HEX_CHARS]


@dataclass(frozen=True, slots=True)
class Article:
    """One report of a story. ``text`` is the raw text until ``clean`` has run.

    ``captions``: the photo captions ``clean`` took out of the text, kept only as evidence
    of when the report was written (the timeline's anchor of last resort); never text of
    the story.
    """

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: datetime | None = None
    path: str | None = None
    captions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a cleaned article; ``text == article.text[start:end]`` (a summary
    sentence whose leading "But " or "However, " was cut: but for its first letter's case)."""

    article_id: str
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Update:
    """An earlier report's statement that a summary sentence supersedes.

    ``why``: ``"figure"`` (another figure for the same thing), ``"state"`` (an outcome
    left open, told ended) or ``"reported"`` (an announced event, told done); ``was``:
    the earlier wording of what changed ("at least 40 people", "missing").
    """

    sentence: Sentence
    why: str
    was: str


@dataclass(frozen=True, slots=True)
class SummaryItem:
    """One summary sentence and the articles that support it (its own first).

    ``supporting_sentences``, aligned with ``supporting``: for each supporting article,
    its first sentence that says what ``sentence`` says (for the sentence's own article,
    ``sentence`` itself). ``summarizers.cite`` computes them with the citations, so a
    brief can link every citation to a sentence without matching sentences again; they
    are sentences of the cleaned articles (``text == article.text[start:end]``). Empty
    when they are not known (an item built without them); never partial. ``updates``:
    what the sentence supersedes in earlier reports (``summarizers.cite.with_updates``).
    """

    sentence: Sentence
    supporting: tuple[str, ...]
    supporting_sentences: tuple[Sentence, ...] = ()
    updates: tuple[Update, ...] = ()

    def __post_init__(self) -> None:
        if not self.supporting_sentences:
            return
        ids = tuple(s.article_id for s in self.supporting_sentences)
        if ids != self.supporting:
            raise ValueError(
                f"supporting_sentences name articles {ids}, not those of supporting "
                f"{self.supporting}"
            )

    @property
    def support(self) -> int:
        return len(self.supporting)


@dataclass(frozen=True, slots=True)
class Summary:
    """A cited multi-document summary over ``articles`` (cleaned)."""

    items: tuple[SummaryItem, ...]
    articles: tuple[Article, ...]
    method: str
    budget_words: int | None = None
    budget_sentences: int | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def words(self) -> int:
        return sum(len(item.sentence.text.split()) for item in self.items)

    def article(self, article_id: str) -> Article:
        for article in self.articles:
            if article.id == article_id:
                return article
        raise KeyError(article_id)
