"""A brief's JSON and an article as the pages show them: cited text with links to sentences.

Everything here works from the brief's JSON (``rendering.render_json``), which a story
keeps in the store, so a stored brief renders as it is: nothing is cleaned, segmented or
matched again. Each citation links to a sentence: the summary sentence's own one
(``article_id``, ``sentence_index``), or, for the other articles that support it, the
sentence of each that says the same (its ``supporting_sentences``, found once when the
brief was built). A brief without them (saved by an older version; ``stream.refresh_brief``
rebuilds those) still renders, its other citations linking to the articles alone. The
analysis items name their sentences in the JSON. ``Link`` turns (source number, article
id, sentence index) into a URL, so the story page and the summarise page share all this.

Sentence indices are those of ``segment_article(clean_article(article))``, what
``pipeline.prepare`` gives the summarizer (cleaning is idempotent, so the cleaned text a
store keeps segments the same way); ``article_view`` shows an article so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from storyfuse.rendering import agreement_label, plural, source_label
from storyfuse.text.clean import clean_article
from storyfuse.text.segment import segment_article
from storyfuse.types import Article, Sentence

# (source number, article id, sentence index or None) -> URL
Link = Callable[[int, str, int | None], str]

SECTION_TITLES: tuple[tuple[str, str], ...] = (
    ("agreements", "Agreed by several sources"),
    ("conflicts", "Where sources differ (to check, not a verdict)"),
    ("histories", "Figures that changed over time (earlier reports, then later ones)"),
    ("timeline", "Timeline"),
    ("quotes", "Key quotes"),
    ("names", "Names"),
)


@dataclass(frozen=True, slots=True)
class Cite:
    number: int
    href: str
    label: str  # the source's name, for the link's title


@dataclass(frozen=True, slots=True)
class CitedText:
    text: str
    cites: tuple[Cite, ...] = ()
    # A summary sentence's updates: what each earlier report said, citing its sentence.
    updates: tuple[CitedText, ...] = ()


@dataclass(frozen=True, slots=True)
class ViewLine:
    lead: str | None
    parts: tuple[CitedText, ...]


@dataclass(frozen=True, slots=True)
class ViewSection:
    key: str
    title: str
    lines: tuple[ViewLine, ...]


@dataclass(frozen=True, slots=True)
class ViewSource:
    number: int
    article_id: str
    label: str
    source: str | None
    date: str | None
    url: str | None
    href: str


@dataclass(frozen=True, slots=True)
class BriefView:
    sentences: tuple[CitedText, ...]
    sections: tuple[ViewSection, ...]
    sources: tuple[ViewSource, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ArticleView:
    """A cleaned article and its sentences, grouped into paragraphs (its lines)."""

    article: Article
    paragraphs: tuple[tuple[Sentence, ...], ...]

    @property
    def sentence_count(self) -> int:
        return sum(len(p) for p in self.paragraphs)


def one_line(text: str) -> str:
    return " ".join(text.split())


def article_view(article: Article) -> ArticleView:
    """The article as the summarizer saw it: cleaned, in sentences, paragraph by paragraph."""
    cleaned = clean_article(article)
    paragraphs: list[list[Sentence]] = []
    end = 0
    for sentence in segment_article(cleaned):
        if not paragraphs or "\n" in cleaned.text[end : sentence.start]:
            paragraphs.append([])
        paragraphs[-1].append(sentence)
        end = sentence.end
    return ArticleView(cleaned, tuple(tuple(p) for p in paragraphs))


def _when(event: Mapping[str, Any]) -> str:
    """A timeline date as the text renderer writes it (``analyze.brief``)."""
    date = event.get("date")
    if not date:
        return f"undated ({event.get('date_text', '')})"
    precision = event.get("precision")
    if precision == "year":
        return str(date[:4])
    if precision == "month":
        return str(date[:7])
    if precision == "week":
        return f"week of {date}"
    return str(date)


def _speaker(quote: Mapping[str, Any]) -> str:
    speaker = quote.get("speaker")
    if not speaker:
        return "unattributed"
    title = quote.get("speaker_title")
    return f"{speaker} ({title})" if title else str(speaker)


class _Citer:
    """Builds citation links from source numbers and sentence references."""

    def __init__(self, sources: Sequence[Mapping[str, Any]], link: Link) -> None:
        self.number = {s["id"]: int(s["number"]) for s in sources}
        self.article = {number: article_id for article_id, number in self.number.items()}
        self.label = {s["id"]: _label(s) for s in sources}
        self.link = link

    def cite(self, article_id: str, index: int | None) -> Cite | None:
        number = self.number.get(article_id)
        if number is None:
            return None
        return Cite(number, self.link(number, article_id, index), self.label[article_id])

    def refs(self, item: Mapping[str, Any]) -> tuple[Cite, ...]:
        """One link per article an analysis item names, in source order: to the first
        sentence it names there, or to the article alone. (A quote spanning two sentences
        of one report cites that report once, not ``[3] [3]``.)"""
        found: dict[str, int | None] = {}
        for ref in item.get("sentences", ()):
            found.setdefault(ref["article_id"], ref["sentence_index"])
        for article_id in item.get("articles", ()):
            found.setdefault(article_id, None)
        cites = (self.cite(article_id, index) for article_id, index in found.items())
        return tuple(sorted((c for c in cites if c is not None), key=lambda c: c.number))


def _label(source: Mapping[str, Any]) -> str:
    article = Article(id=source["id"], text="", title=source.get("title"), path=source.get("path"))
    return source_label(article)


def supporting_indices(item: Mapping[str, Any]) -> dict[str, int]:
    """A summary sentence's supporting sentences in its JSON: article id -> sentence index
    (empty for a brief saved before they were kept)."""
    refs = item.get("supporting_sentences", ())
    return {ref["article_id"]: ref["sentence_index"] for ref in refs}


def _summary_line(item: Mapping[str, Any], citer: _Citer) -> CitedText:
    supporting = supporting_indices(item)
    cites: list[Cite] = []
    for number in item["citations"]:
        article_id = citer.article.get(number)
        if article_id is None:
            continue
        own = article_id == item["article_id"]
        index = item["sentence_index"] if own else supporting.get(article_id)
        cite = citer.cite(article_id, index)
        if cite is not None:
            cites.append(cite)
    updates: list[CitedText] = []
    for update in item.get("updates", ()):
        earlier = citer.cite(update["article_id"], update["sentence_index"])
        updates.append(CitedText(one_line(update["was"]), (earlier,) if earlier else ()))
    return CitedText(one_line(item["text"]), tuple(cites), tuple(updates))


def _section_lines(
    key: str, items: Sequence[Mapping[str, Any]], citer: _Citer
) -> tuple[ViewLine, ...]:
    def cited(text: str, item: Mapping[str, Any]) -> CitedText:
        return CitedText(one_line(text), citer.refs(item))

    if key == "agreements":
        return tuple(
            ViewLine(
                agreement_label(int(i["support"]), len(i.get("articles", ()))),
                (cited(i["text"], i),),
            )
            for i in items
        )

    def side(lead: str, item: Mapping[str, Any]) -> CitedText:
        sentence = item.get("sentence")  # a brief stored before sides carried their sentence
        return cited(f"{lead} (“{sentence}”)" if sentence else lead, item)

    if key == "conflicts":
        return tuple(
            ViewLine(i["subject"], tuple(side(s["value"], s) for s in i["sides"])) for i in items
        )
    if key == "histories":
        return tuple(
            ViewLine(
                i["subject"],
                tuple(side(f"{s['published']}: {s['value']}", s) for s in i["steps"]),
            )
            for i in items
        )
    if key == "timeline":
        return tuple(ViewLine(_when(i), (cited(i["text"], i),)) for i in items)
    if key == "quotes":
        return tuple(ViewLine(_speaker(i), (cited(f"“{i['text']}”", i),)) for i in items)
    return tuple(
        ViewLine(None, (CitedText(f"{i['name']} ({i['kind']}, {_sources(i)})"),)) for i in items
    )


def _sources(item: Mapping[str, Any]) -> str:
    return plural(len(item["articles"]), "source")


def brief_view(data: Mapping[str, Any], link: Link) -> BriefView:
    """The brief's JSON as cited lines, non-empty sections and numbered sources."""
    citer = _Citer(data["sources"], link)
    sentences = tuple(_summary_line(item, citer) for item in data["sentences"])
    analysis = data.get("analysis") or {}
    sections = tuple(
        ViewSection(key, title, _section_lines(key, analysis[key], citer))
        for key, title in SECTION_TITLES
        if analysis.get(key)
    )
    sources = tuple(
        ViewSource(
            number=int(s["number"]),
            article_id=s["id"],
            label=_label(s),
            source=s.get("source"),
            date=(s.get("published") or "")[:10] or None,
            url=s.get("url"),
            href=link(int(s["number"]), s["id"], None),
        )
        for s in data["sources"]
    )
    return BriefView(sentences, sections, sources, tuple(data.get("notes", ())))
