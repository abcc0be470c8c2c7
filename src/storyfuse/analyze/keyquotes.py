"""Key quotes: which of a story's quotations a brief shows, and in what order.

``extract_quotes`` ranks every quotation by how many reports carry it, then how early it
comes. A brief shows a few, and a reader wants the story's voices, not four lines of one
person: the key quotes take the speakers in turn (each speaker's best quotation, speakers
in the order of their best one; then each one's second, ...), with quotations nobody is
named for last. What was said once the event happened comes before what was expected
of it: a quotation carried only by preview articles (``storyfuse.text.state``) ranks
after those the reports carry.
"""

from __future__ import annotations

from collections.abc import Sequence

from storyfuse.analyze.quotes import Quote
from storyfuse.text.corpus import Corpus
from storyfuse.text.state import preview_docs

UNNAMED = ""  # the speaker key of quotations with no speaker


def _speaker_key(quote: Quote) -> str:
    return quote.speaker.casefold() if quote.speaker else UNNAMED


def key_quotes(corpus: Corpus, quotes: Sequence[Quote], *, limit: int) -> tuple[Quote, ...]:
    """At most ``limit`` quotes: speakers in turn, reports before previews, unnamed last."""
    preview_ids = {corpus.articles[d].id for d in preview_docs(corpus)}

    def from_previews(quote: Quote) -> bool:
        return bool(preview_ids) and all(a in preview_ids for a in quote.articles)

    ranked = sorted(range(len(quotes)), key=lambda i: (from_previews(quotes[i]), i))
    turns: dict[str, int] = {}
    order: list[tuple[int, int, int, int]] = []  # (unnamed, turn, speaker rank, rank)
    speaker_rank: dict[str, int] = {}
    for rank, i in enumerate(ranked):
        key = _speaker_key(quotes[i])
        speaker_rank.setdefault(key, len(speaker_rank))
        turn = turns.get(key, 0)
        turns[key] = turn + 1
        order.append((key == UNNAMED, turn, speaker_rank[key], rank))
    chosen = sorted(range(len(ranked)), key=lambda k: order[k])[:limit]
    return tuple(quotes[ranked[k]] for k in chosen)
