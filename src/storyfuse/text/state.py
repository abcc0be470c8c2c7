"""Story state: does a report say something happened, or announce it as still to come?

A news event is reported before it happens ("the ministers will meet on Thursday", "is
expected to vote") and after ("held talks", "voted"). A sentence *announces* when its
verb phrase looks ahead: a future modal (``will``, ``shall``), a scheduled or expected
event (``is expected to``, ``is set to``, ``is due to``, ``plans to``), or an
``ahead of`` / ``upcoming`` frame. An article is a *preview* when its lead, the
sentences that tell what the report is about, mostly announces: at least
``PREVIEW_LEAD_ANNOUNCING`` of its first ``PREVIEW_LEAD_SENTENCES``.

Previews are kept apart only where the story also has reports: a story told only in
previews is still told. The summarizers and the analysis use this so that the brief
leads with what happened (summary candidates come from the reports first), and a
preview never supports a report of the thing done: a preview article's sentences do
not support a report's, nor does an announcing sentence support one that reports.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storyfuse.text.corpus import Corpus
from storyfuse.text.textstats import holds_any, lowered_for_words

PREVIEW_LEAD_SENTENCES = 5  # the lead: what a report is about
PREVIEW_LEAD_ANNOUNCING = 2  # announcing lead sentences that make an article a preview

_ANNOUNCE_RE = re.compile(
    r"\b(?:will|shall|won['’]t"
    r"|(?:is|are|was|were)\s+(?:expected|set|due|scheduled|slated|poised|going|planning"
    r"|preparing|about)\s+to"
    r"|plans?\s+to|intends?\s+to|ahead\s+of|upcoming"
    r"|later\s+(?:today|tonight|this\s+(?:week|month|year)))\b",
    re.IGNORECASE,
)


# One word of each alternative of ``_ANNOUNCE_RE``: a sentence with none (most) cannot
# match, and skips the regex ("won" of "won't", "plan" of "plans to").
_ANNOUNCE_WORDS = (
    "will", "shall", "won", "expected", "set", "due", "scheduled", "slated", "poised",
    "going", "planning", "preparing", "about", "plan", "intend", "ahead", "upcoming", "later",
)  # fmt: skip


def announces(text: str) -> bool:
    """True when the sentence looks ahead to something still to come."""
    if not holds_any(lowered_for_words(text), _ANNOUNCE_WORDS):
        return False
    return _ANNOUNCE_RE.search(text) is not None


def is_preview(sentences: Sequence[str]) -> bool:
    """True when an article's lead (its first sentences) mostly announces."""
    lead = sentences[:PREVIEW_LEAD_SENTENCES]
    return sum(announces(s) for s in lead) >= PREVIEW_LEAD_ANNOUNCING


def preview_docs(corpus: Corpus) -> frozenset[int]:
    """The corpus's preview articles (by index), when some other article reports.

    Empty when every article is a preview: then the previews are the story.
    """
    leads: dict[int, list[str]] = {}
    for unit in corpus.units:
        lead = leads.setdefault(unit.doc, [])
        if len(lead) < PREVIEW_LEAD_SENTENCES:
            lead.append(unit.sentence.text)
    previews = frozenset(d for d, lead in leads.items() if is_preview(lead))
    return previews if len(previews) < len(leads) else frozenset()
