"""Output formats of a ``Summary`` or a ``Brief``: pure functions and their registry.

A ``Brief`` renders as its summary, then the analysis sections (agreement, differences
between sources, timeline, key quotes, names; each item cited like a summary sentence,
``analysis`` in JSON), then the sources. ``plain`` prints the summary sentences only.

- ``text``: the summary, then a numbered "Sources" list; each sentence is followed by
  its citation markers ``[1][3]``, numbers into that list.
- ``md``: the same in Markdown; a marker links to its source's anchor,
  ``[[1]](#source-1)``, and the sources are a numbered list carrying those anchors.
- ``json``: every sentence with its offsets, supporting article ids and citation numbers,
  every source with its metadata, the method, budget and notes (stable key order). Each
  sentence's ``supporting_sentences`` names, per supporting article (in the order of
  ``supporting``), the sentence that says the same: article id, sentence index and its
  ``start``/``end`` offsets into the cleaned article text, as the analysis items name
  their sentences. They carry no text (a sentence's text is the slice of its article's
  text), which keeps a stored brief small; ``[]`` when the summary does not know them.
- ``plain``: the sentence texts alone, one per line, as ROUGE tools take them.

Sources are numbered in the order they are first cited (summary sentence by sentence,
each sentence's own article first), then the articles no sentence cites, in the order
of ``Summary.articles``; so ``[1]`` is always the article the summary opens with. A
sentence cites its own article and every supporting one, each once, in ascending number.

In text and Markdown, consecutive sentences from the same article form one paragraph
and a sentence from another article starts a new one, so the layout shows where the
text comes from. Whitespace inside a sentence is collapsed to single spaces there and
in ``plain``; ``json`` keeps the exact text, so ``text == article.text[start:end]``.
Every output ends without a trailing newline (``print`` and ``click.echo`` add one).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import PurePath
from types import MappingProxyType
from typing import Any, Final, NamedTuple

from storyfuse.analyze.brief import Brief
from storyfuse.analyze.conflicts import ConflictSide
from storyfuse.analyze.quotes import Quote
from storyfuse.analyze.timeline import TimelineEvent
from storyfuse.types import Article, Sentence, Summary, SummaryItem

Document = Summary | Brief
Renderer = Callable[[Document], str]

JSON_INDENT: Final = 2
ANCHOR_PREFIX: Final = "source-"



# --- a format-neutral view of the analysis, for the renderers -------------------------


@dataclass(frozen=True, slots=True)
class Part:
    """A piece of text and the articles that back it (rendered as citations after it)."""

    text: str
    articles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Line:
    lead: str | None
    parts: tuple[Part, ...]


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    title: str
    lines: tuple[Line, ...]


def _when(event: TimelineEvent) -> str:
    if event.date is None:
        return f"undated ({event.date_text})"
    if event.precision == "year":
        return f"{event.date:%Y}"
    if event.precision == "month":
        return f"{event.date:%Y-%m}"
    if event.precision == "week":
        return f"week of {event.date:%Y-%m-%d}"
    return f"{event.date:%Y-%m-%d}"


def _speaker(quote: Quote) -> str:
    if quote.speaker is None:
        return "unattributed"
    return f"{quote.speaker} ({quote.speaker_title})" if quote.speaker_title else quote.speaker


def _side_part(lead: str, side: ConflictSide) -> Part:
    """A side of a difference: its value, then the sentence that gives it, so that a reader
    can judge whether the two sides are about one thing."""
    return Part(f"{lead} (“{_one_line(side.sentences[0].text)}”)", side.articles)


def brief_sections(brief: Brief) -> tuple[Section, ...]:
    """The analysis as titled sections of lines, each part with its supporting articles."""
    sections = [
        Section(
            "agreements",
            "Agreed by several sources",
            tuple(
                Line(
                    agreement_label(fact.support, len(fact.articles)),
                    (Part(fact.sentence.text, fact.articles),),
                )
                for fact in brief.agreements
            ),
        ),
        Section(
            "conflicts",
            "Where sources differ (to check, not a verdict)",
            tuple(
                Line(c.subject, tuple(_side_part(side.value, side) for side in c.sides))
                for c in brief.conflicts
            ),
        ),
        Section(
            "histories",
            "Figures that changed over time (earlier reports, then later ones)",
            tuple(
                Line(
                    h.subject,
                    tuple(
                        _side_part(f"{step.published:%Y-%m-%d}: {step.side.value}", step.side)
                        for step in h.steps
                    ),
                )
                for h in brief.histories
            ),
        ),
        Section(
            "timeline",
            "Timeline",
            tuple(Line(_when(e), (Part(e.text, e.articles),)) for e in brief.timeline),
        ),
        Section(
            "quotes",
            "Key quotes",
            tuple(Line(_speaker(q), (Part(f"“{q.text}”", q.articles),)) for q in brief.quotes),
        ),
        Section(
            "names",
            "Names",
            tuple(
                Line(None, (Part(f"{e.name} ({e.kind}, {plural(len(e.articles), 'source')})"),))
                for e in brief.names
            ),
        ),
    ]
    return tuple(s for s in sections if s.lines)


def _sentence_ref(sentence: Sentence) -> dict[str, Any]:
    return {
        "article_id": sentence.article_id,
        "sentence_index": sentence.index,
        "start": sentence.start,
        "end": sentence.end,
    }


def _side_dict(side: ConflictSide) -> dict[str, Any]:
    """A side of a difference: its value, the text of its first sentence, its articles and
    the references of all its sentences."""
    return {
        "value": side.value,
        "sentence": side.sentences[0].text,
        "articles": list(side.articles),
        "sentences": [_sentence_ref(s) for s in side.sentences],
    }


def analysis_dict(brief: Brief) -> dict[str, Any]:
    """The analysis as JSON-ready objects; every item names its sentences and articles."""
    return {
        "agreements": [
            {
                "text": f.sentence.text,
                "support": f.support,
                "articles": list(f.articles),
                "sentences": [_sentence_ref(s) for s in f.sentences],
            }
            for f in brief.agreements
        ],
        "conflicts": [
            {
                "subject": c.subject,
                "kind": c.kind,
                "note": "a difference to check, not a verdict",
                "sides": [_side_dict(side) for side in c.sides],
            }
            for c in brief.conflicts
        ],
        "histories": [
            {
                "subject": h.subject,
                "kind": h.kind,
                "steps": [
                    {"published": step.published.isoformat(), **_side_dict(step.side)}
                    for step in h.steps
                ],
            }
            for h in brief.histories
        ],
        "timeline": [
            {
                "date": e.date.isoformat() if e.date else None,
                "precision": e.precision,
                "date_text": e.date_text,
                "text": e.text,
                "articles": list(e.articles),
                "sentences": [_sentence_ref(s) for s in e.sentences],
            }
            for e in brief.timeline
        ],
        "quotes": [
            {
                "text": q.text,
                "speaker": q.speaker,
                "speaker_title": q.speaker_title,
                "articles": list(q.articles),
                "sentences": [_sentence_ref(s) for s in q.sentences],
            }
            for q in brief.quotes
        ],
        "names": [
            {
                "name": e.name,
                "kind": e.kind,
                "variants": list(e.variants),
                "articles": list(e.articles),
                "mentions": e.mentions,
            }
            for e in brief.names
        ],
    }


def agreement_label(sources: int, articles: int) -> str:
    """How many sources state an agreed fact: "3 sources", or "5 sources in 6 articles"
    where wire copies of one report (counted once) are cited each."""
    label = plural(sources, "source")
    return label if articles <= sources else f"{label} in {plural(articles, 'article')}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``1 article``, ``2 articles``; ``plural_form`` for irregular words (story, stories)."""
    word = singular if count == 1 else (plural_form or f"{singular}s")
    return f"{count} {word}"


# --- sources and citations --------------------------------------------------------


class NumberedSource(NamedTuple):
    """An article in the sources list: its number (from 1) and whether any sentence cites it."""

    number: int
    article: Article
    cited: bool


def cited_ids(item: SummaryItem) -> tuple[str, ...]:
    """The article ids a summary sentence cites: its own first, then its supporters, once each."""
    return tuple(dict.fromkeys((item.sentence.article_id, *item.supporting)))


def number_sources(summary: Summary) -> tuple[NumberedSource, ...]:
    """All sources of a summary, numbered: first-cited order, then the uncited articles.

    An id cited by a sentence but missing from ``summary.articles`` still gets a number,
    as an article that has only that id.
    """
    by_id: dict[str, Article] = {}
    for article in summary.articles:
        by_id.setdefault(article.id, article)
    cited: dict[str, None] = {}
    for item in summary.items:
        cited.update(dict.fromkeys(cited_ids(item)))
        cited.update(dict.fromkeys(u.sentence.article_id for u in item.updates))
    uncited = [article_id for article_id in by_id if article_id not in cited]
    return tuple(
        NumberedSource(
            number=number,
            article=by_id.get(article_id) or Article(id=article_id, text=""),
            cited=article_id in cited,
        )
        for number, article_id in enumerate([*cited, *uncited], start=1)
    )


def source_label(article: Article) -> str:
    """How a source is named: its title, else its file name, else its id."""
    if article.title and article.title.strip():
        return _one_line(article.title)
    if article.path:
        return PurePath(article.path).name
    return article.id


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _published_date(article: Article) -> str | None:
    return article.published.date().isoformat() if article.published else None


def _numbers(summary: Summary) -> tuple[tuple[NumberedSource, ...], dict[str, int]]:
    sources = number_sources(summary)
    return sources, {s.article.id: s.number for s in sources}


def _citations(item: SummaryItem, numbers: Mapping[str, int]) -> list[int]:
    """The source numbers a sentence cites, ascending."""
    return sorted(numbers[article_id] for article_id in cited_ids(item))


def _updates(
    item: SummaryItem, numbers: Mapping[str, int], escape: Callable[[str], str],
    cite: Callable[[int], str],
) -> str:
    """What the sentence supersedes, after its citations: " (earlier: 40 people [3])"."""
    return "".join(
        f" (earlier: {escape(u.was)} {cite(numbers[u.sentence.article_id])})" for u in item.updates
    )


def _paragraphs(items: tuple[SummaryItem, ...]) -> list[list[SummaryItem]]:
    """Runs of consecutive items from the same article."""
    runs: list[list[SummaryItem]] = []
    for item in items:
        if runs and runs[-1][-1].sentence.article_id == item.sentence.article_id:
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


def _details(article: Article, *, escape: Callable[[str], str], url: str | None) -> str:
    """``label — source, date — url``, leaving out the parts that are not known."""
    where = ", ".join(
        escape(part) for part in (article.source, _published_date(article)) if part and part.strip()
    )
    return " — ".join(part for part in (escape(source_label(article)), where, url) if part)


# --- text -------------------------------------------------------------------------------


def _unpack(doc: Document) -> tuple[Summary, tuple[Section, ...]]:
    if isinstance(doc, Brief):
        return doc.summary, brief_sections(doc)
    return doc, ()


def _line_text(
    line: Line, numbers: Mapping[str, int], escape: Callable[[str], str], cite: Callable[[int], str]
) -> str:
    parts = " | ".join(
        escape(part.text) + ("" if not part.articles else " ")
        + "".join(cite(n) for n in sorted({numbers[a] for a in part.articles if a in numbers}))
        for part in line.parts
    )
    return f"{escape(line.lead)}: {parts}" if line.lead else parts


def render_text(doc: Document) -> str:
    """The summary as plain text with ``[n]`` citations and a numbered "Sources" list."""
    summary, sections = _unpack(doc)
    sources, numbers = _numbers(summary)
    blocks = [
        " ".join(
            _one_line(item.sentence.text)
            + " "
            + "".join(f"[{n}]" for n in _citations(item, numbers))
            + _updates(item, numbers, _one_line, lambda n: f"[{n}]")
            for item in run
        )
        for run in _paragraphs(summary.items)
    ]
    for section in sections:
        body = [
            "- " + _line_text(line, numbers, _one_line, lambda n: f"[{n}]")
            for line in section.lines
        ]
        blocks.append("\n".join([section.title, *body]))
    if sources:
        lines = ["Sources"]
        lines += [
            f"[{s.number}] {_details(s.article, escape=_one_line, url=s.article.url)}"
            for s in sources
        ]
        blocks.append("\n".join(lines))
    if summary.notes:
        blocks.append("\n".join(["Notes", *(f"- {_one_line(n)}" for n in summary.notes)]))
    return "\n\n".join(blocks)


# --- Markdown ---------------------------------------------------------------------------

_MD_SPECIAL_RE = re.compile(r"([\\`*_\[\]<>#|~])")
_MD_LINE_START_RE = re.compile(r"^(\d+)([.)])(?=\s|$)|^([-+=])(?=\s|$)")


def _md_escape(text: str) -> str:
    """Escape what Markdown would read as markup, including raw HTML and list starts."""
    escaped = _MD_SPECIAL_RE.sub(r"\\\1", _one_line(text))
    return _MD_LINE_START_RE.sub(
        lambda m: f"{m[1]}\\{m[2]}" if m[1] is not None else f"\\{m[3]}", escaped
    )


def _md_url(url: str) -> str:
    safe = url.strip().replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
    return f"<{safe}>"


def _md_cite(number: int) -> str:
    return f"[[{number}]](#{ANCHOR_PREFIX}{number})"


def render_markdown(doc: Document) -> str:
    """The summary in Markdown: citations link to anchors in a numbered "Sources" list."""
    summary, sections = _unpack(doc)
    sources, numbers = _numbers(summary)
    blocks = [
        " ".join(
            _md_escape(item.sentence.text)
            + " "
            + "".join(_md_cite(n) for n in _citations(item, numbers))
            + _updates(item, numbers, _md_escape, _md_cite)
            for item in run
        )
        for run in _paragraphs(summary.items)
    ]
    for section in sections:
        body = ["- " + _line_text(line, numbers, _md_escape, _md_cite) for line in section.lines]
        blocks.append("\n".join([f"## {section.title}", "", *body]))
    if sources:
        lines = ["## Sources", ""]
        for s in sources:
            url = _md_url(s.article.url) if s.article.url else None
            details = _details(s.article, escape=_md_escape, url=url)
            lines.append(f'{s.number}. <a id="{ANCHOR_PREFIX}{s.number}"></a>{details}')
        blocks.append("\n".join(lines))
    if summary.notes:
        blocks.append("\n".join(["## Notes", "", *(f"- {_md_escape(n)}" for n in summary.notes)]))
    return "\n\n".join(blocks)


# --- JSON -------------------------------------------------------------------------------


def summary_dict(summary: Summary) -> dict[str, Any]:
    """The JSON document as Python objects (what ``render_json`` serialises)."""
    sources, numbers = _numbers(summary)
    return {
        "method": summary.method,
        "budget": {"words": summary.budget_words, "sentences": summary.budget_sentences},
        "words": summary.words,
        "sentences": [
            {
                "text": item.sentence.text,
                "article_id": item.sentence.article_id,
                "sentence_index": item.sentence.index,
                "start": item.sentence.start,
                "end": item.sentence.end,
                "supporting": list(item.supporting),
                "supporting_sentences": [_sentence_ref(s) for s in item.supporting_sentences],
                "support": item.support,
                "citations": _citations(item, numbers),
                "updates": [
                    {
                        "why": u.why,
                        "was": u.was,
                        "text": u.sentence.text,
                        **_sentence_ref(u.sentence),
                        "citation": numbers[u.sentence.article_id],
                    }
                    for u in item.updates
                ],
            }
            for item in summary.items
        ],
        "sources": [
            {
                "number": s.number,
                "id": s.article.id,
                "title": s.article.title,
                "source": s.article.source,
                "url": s.article.url,
                "published": s.article.published.isoformat() if s.article.published else None,
                "path": s.article.path,
            }
            for s in sources
        ],
        "notes": list(summary.notes),
    }


def to_dict(doc: Document) -> dict[str, Any]:
    """A summary or brief as the plain dict (str, int, list, dict, None) ``--format json``
    prints: ``json.loads(render(doc, "json")) == to_dict(doc)``.

    It lives here, not as a method on ``Summary`` or ``Brief``: those types sit in layers
    below this one and may not import it.
    """
    summary, _ = _unpack(doc)
    data = summary_dict(summary)
    if isinstance(doc, Brief):
        data["analysis"] = analysis_dict(doc)
    plain: dict[str, Any] = json.loads(json.dumps(data, ensure_ascii=False))
    return plain


def render_json(doc: Document) -> str:
    """The summary as JSON: sentences with offsets and citations, sources, budget, notes.

    A brief adds ``analysis`` (see ``storyfuse.analyze.brief.analysis_dict``).
    """
    return json.dumps(to_dict(doc), ensure_ascii=False, indent=JSON_INDENT)


# --- plain ------------------------------------------------------------------------------


def render_plain(doc: Document) -> str:
    """The summary sentences alone, one per line (the input ROUGE scorers take)."""
    summary, _ = _unpack(doc)
    return "\n".join(_one_line(item.sentence.text) for item in summary.items)


# --- registry ---------------------------------------------------------------------------

FORMATS: Final[Mapping[str, Renderer]] = MappingProxyType(
    {
        "text": render_text,
        "md": render_markdown,
        "json": render_json,
        "plain": render_plain,
    }
)


def render(summary: Document, fmt: str) -> str:
    """Render a summary or brief in the format named ``fmt`` (one of ``FORMATS``)."""
    try:
        renderer = FORMATS[fmt]
    except KeyError:
        valid = ", ".join(FORMATS)
        raise ValueError(f"unknown output format {fmt!r}; valid formats: {valid}") from None
    return renderer(summary)
