"""Find every article that says what a summary sentence says, and order the summary.

A summary sentence cites its own article and each other article that supports it
(``storyfuse.text.support``), and keeps, for each, the sentence that says the same
(``SummaryItem.supporting_sentences``): found here once, while the corpus is at hand, so
that a stored brief needs no re-segmenting or re-matching to link its citations.

Order: a sentence is placed where its fact was *first reported*: the earliest
(publication time, position) among its own sentence and the matching sentences
of the articles that support it (undated articles after dated ones, in load
order). Sentences of one article keep their order, so a sentence stays next to
the one it continues. Where that puts a detail first, none of its article's lead
sentences, the story's lead (``Unit.leads``) opens the summary instead.

Updates: a summary sentence that supersedes statements of earlier reports (another
figure for the same thing, an open outcome ended, an announced event told done:
``text.latest``) says, in a few words, what they said ("at least 40 people",
"missing"): ``SummaryItem.updates``, at most three sentences a summary.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from storyfuse.summarizers.ilp import LEAD_SENTENCES
from storyfuse.text.corpus import Corpus, Unit, chronological_key
from storyfuse.text.latest import earlier_statements
from storyfuse.text.support import Support, find_support
from storyfuse.types import SummaryItem, Update


def cite(corpus: Corpus, units: Sequence[Unit]) -> tuple[SummaryItem, ...]:
    """Summary items in reading order, each citing its supporting articles."""
    support = find_support(corpus, units)
    keys = {d: chronological_key(a, d) for d, a in enumerate(corpus.articles)}
    placed = sorted(
        zip(units, support, strict=True),
        key=lambda pair: (pair[1].first_reported, keys[pair[0].doc], pair[0].position),
    )
    # Sentences of one article keep their own order among themselves.
    by_doc: dict[int, list[Unit]] = {}
    for unit, _ in placed:
        by_doc.setdefault(unit.doc, []).append(unit)
    in_doc_order = {d: sorted(us, key=lambda u: u.position) for d, us in by_doc.items()}
    taken: dict[int, int] = dict.fromkeys(by_doc, 0)
    ordered: list[tuple[Unit, Support]] = []
    lookup = {id(u): s for u, s in placed}
    for unit, _ in placed:
        nxt = in_doc_order[unit.doc][taken[unit.doc]]
        taken[unit.doc] += 1
        ordered.append((nxt, lookup[id(nxt)]))
    ordered = _lead_first(_followers_after(ordered))
    return tuple(
        SummaryItem(
            sentence=unit.sentence,
            supporting=tuple(corpus.articles[d].id for d in s.docs),
            supporting_sentences=s.sentences,
        )
        for unit, s in ordered
    )


def _lead_first(ordered: list[tuple[Unit, Support]]) -> list[tuple[Unit, Support]]:
    """``ordered`` opening on a lead: where its first sentence is none of its article's
    first ``LEAD_SENTENCES`` (a detail reported first: "The causes of the crash have not
    been determined"), the story's lead (``Unit.leads``) comes first, after the sentences
    of its article before it and with its followers; the rest keeps its order."""
    at = next((k for k, (u, _) in enumerate(ordered) if u.leads), None)
    if at is None or ordered[0][0].position < LEAD_SENTENCES:
        return ordered
    lead = ordered[at][0]
    end = at + 1
    while end < len(ordered) and ordered[end][0].follows and ordered[end][0].doc == lead.doc:
        end += 1
    before = [
        (u, s) for u, s in ordered[:at] if u.doc == lead.doc and u.position < lead.position
    ]
    block = [*before, *ordered[at:end]]
    return block + [pair for pair in ordered if pair not in block]


def _followers_after(ordered: list[tuple[Unit, Support]]) -> list[tuple[Unit, Support]]:
    """``ordered`` with each follower (``Unit.follows``) right after its sentence before,
    which the selection always holds with it."""
    placed = {(u.doc, u.position) for u, _ in ordered}
    waiting = {
        (u.doc, u.position - 1): (u, s)
        for u, s in ordered
        if u.follows and (u.doc, u.position - 1) in placed
    }
    out: list[tuple[Unit, Support]] = []
    for unit, support in ordered:
        if unit.follows and (unit.doc, unit.position - 1) in placed:
            continue  # placed after its sentence before
        out.append((unit, support))
        at = (unit.doc, unit.position)
        while at in waiting:
            nxt = waiting.pop(at)
            out.append(nxt)
            at = (nxt[0].doc, nxt[0].position)
    return out


MAX_UPDATED_ITEMS = 3  # summary sentences that say what they supersede, at most


def with_updates(
    corpus: Corpus, items: Sequence[SummaryItem], chosen: Sequence[Unit]
) -> tuple[SummaryItem, ...]:
    """``items`` with what each sentence supersedes in earlier reports (its ``updates``),
    for the first ``MAX_UPDATED_ITEMS`` sentences in reading order that supersede any.

    The earlier wordings are short (at most two figures or open states each) and, like
    the citations, not summary words: the word budget counts the sentences.
    """
    earlier = earlier_statements(corpus, chosen, corpus.units)
    found = {
        (u.sentence.article_id, u.sentence.index): e
        for u, e in zip(chosen, earlier, strict=True)
    }
    out: list[SummaryItem] = []
    left = MAX_UPDATED_ITEMS
    for item in items:
        statements = found.get((item.sentence.article_id, item.sentence.index), ())
        if statements and left:
            left -= 1
            updates = tuple(Update(s.unit.sentence, s.why, s.was) for s in statements)
            item = replace(item, updates=updates)
        out.append(item)
    return tuple(out)
