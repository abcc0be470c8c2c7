"""Transcript turns: speech under a speaker's label in capitals.

Transcripts of press conferences and interviews print each turn after its speaker's name
in capitals and a colon, at a line start or after the sentence before on the same line:
``TRUMP: Well, the leaks are real.``, ``... as well as — TRUMP: Am I going to include
who?``. ``transcript_turns`` reads every such turn (the label, and the words up to the next
label on its line or the line end). Web pages print labels the same way that are no
speaker's ("PHOTOS:", "UPDATE:", "ON HAPPINESS:", "THE FACTS:" of a fact check): the quote
reader (``storyfuse.analyze.quotes``) gives a turn its speaker only where the label names
one of the story's people. Without the people, a *speech turn* is one whose label recurs in
its article (by its last word: "PRESIDENT DONALD TRUMP", then "TRUMP"; a transcript's
speakers take turns) and holds no function word ("TODAY IN THE SKY") but a leading "THE"
before an office ("THE PRESIDENT"). Its sentences are somebody's words, not the
reporter's: no summary sentence or agreed fact (``speech_units``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from storyfuse.lexicon import TITLE_HEADS
from storyfuse.text.corpus import Corpus
from storyfuse.text.textstats import STOPWORDS

MIN_LABEL_TURNS = 2  # turns a label needs in its article to be a transcript's speaker
MAX_LABEL_WORDS = 4  # "PRESIDENT DONALD TRUMP"
MIN_LABEL_LETTERS = 2  # "Q:" alone is too easily something else

_LABEL_WORD = r"[A-Z][A-Z'’.-]*"
# At a line start, or after a sentence's end (or a dash) and one blank on the same line.
_LABEL_RE = re.compile(
    rf"(?:^|(?<=[.?!…—–-][ \t])|(?<=[.?!…][\"”’][ \t]))"
    rf"(?P<label>{_LABEL_WORD}(?:[ \t]{_LABEL_WORD}){{0,{MAX_LABEL_WORDS - 1}}}):[ \t]+(?=\S)",
    re.MULTILINE,
)
_LETTER_RE = re.compile(r"[A-Z]")


@dataclass(frozen=True, slots=True)
class Turn:
    """One turn: its label as printed, where the label starts, and the span of its words."""

    label: str
    label_start: int
    start: int
    end: int


def transcript_turns(text: str) -> tuple[Turn, ...]:
    """Every labelled turn of a text, in order; a turn ends at the next label on its line,
    or at the line end."""
    if ":" not in text:
        return ()
    labels = [
        m
        for m in _LABEL_RE.finditer(text)
        if len(_LETTER_RE.findall(m["label"])) >= MIN_LABEL_LETTERS
    ]
    turns: list[Turn] = []
    for k, match in enumerate(labels):
        line_end = text.find("\n", match.end())
        end = len(text) if line_end < 0 else line_end
        if k + 1 < len(labels) and labels[k + 1].start() < end:
            end = labels[k + 1].start()
        words_end = len(text[match.end() : end].rstrip()) + match.end()
        if words_end > match.end():
            turns.append(Turn(match["label"], match.start(), match.end(), words_end))
    return tuple(turns)


def _speaker_like(label: str) -> bool:
    """No function word in the label, but "THE" before an office ("THE PRESIDENT")."""
    words = label.casefold().split()
    if words[0] == "the" and len(words) > 1 and words[1] in TITLE_HEADS:
        words = words[1:]
    return not any(w in STOPWORDS for w in words)


def speech_turns(text: str) -> tuple[Turn, ...]:
    """The turns whose label is a transcript speaker's: it recurs in the text and reads
    as a name or an office (see the module's docstring)."""
    turns = transcript_turns(text)
    counts = Counter(_surname(t.label) for t in turns)  # "PRESIDENT DONALD TRUMP", "TRUMP"
    return tuple(
        t
        for t in turns
        if counts[_surname(t.label)] >= MIN_LABEL_TURNS and _speaker_like(t.label)
    )


def _surname(label: str) -> str:
    return label.rsplit(None, 1)[-1]


def speech_units(corpus: Corpus) -> frozenset[tuple[int, int]]:
    """``(doc, position)`` of the sentences that lie in a speech turn (its label
    included): someone's words in a transcript, not the reporter's."""
    out: set[tuple[int, int]] = set()
    turns = [speech_turns(a.text) for a in corpus.articles]
    for unit in corpus.units:
        sentence = unit.sentence
        if any(
            t.label_start < sentence.end and sentence.start < t.end for t in turns[unit.doc]
        ):
            out.add((unit.doc, unit.position))
    return frozenset(out)
