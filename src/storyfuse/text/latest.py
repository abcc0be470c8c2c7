"""The latest word on a developing story: which statements a later report supersedes.

A story that develops over days is told in reports that each know more than the one
before: "two workers remain missing" on Tuesday morning, "the two workers who died" two
days on; "the mayor is expected to speak" before "the mayor told reporters". A summary
built from all of them should say how things stand now, not what an early report knew.
A sentence is *superseded* by a sentence of a later report that takes up the same thing
(at least ``MIN_SHARED_WORDS`` content words in common; similarity is the tf-idf cosine
of their content words, figures left out, since they are what may differ) and changes it
in one of three ways:

- *figure*: the later one restates it (similarity ``RESTATED_SIMILARITY`` or more: most
  words the same) with another figure for the same thing, a number before the same head
  word ("the storm killed at least 40 people" / "... at least 45 people");
- *state*: the earlier one leaves an outcome open (``lexicon.PENDING_WORDS``: missing,
  trapped, searching, resumed), the later one, on the same thing (similarity
  ``STATE_SIMILARITY``), tells how it ended (``lexicon.RESOLVED_WORDS``: found,
  recovered, died) and leaves nothing open itself;
- *reported*: the earlier one announces a scheduled or expected event outside any quote
  or condition ("is expected to speak", "is due to go", "plans to"; a bare "will" is too
  often an opinion or a plan's terms), and the later one (similarity
  ``REPORTED_SIMILARITY``), announcing nothing itself (``text.state.announces``), tells
  the event's verb as done ("told reporters", not "would hold").

Later means published strictly later where both articles are dated. Where either is not,
a state or a reported change tells the order itself (an outcome comes after the search
for it, a report after the announcement); figures, which may go either way, are then not
compared. Figures that name rather than count are never compared: years, clock times,
ages ("Kale, 51,", "a 23-year-old").

The similarity each change needs grows as its cue weakens: two word lists (missing ->
died) are a strong cue, a scheduled verb told as done a weaker one, and any two numbers
the weakest, so they need a restatement. On the dev sets the summaries' ROUGE does not
move with any of the three over 0.15-0.3, 0.2-0.4 and 0.6-0.8; they were chosen by
reading every pair they find on DUC 2003, 2006 and 2007 and Multi-News.
``summarizers.ilp`` uses this so that a summary sentence yields to its latest successor.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from storyfuse.lexicon import PENDING_WORDS, RESOLVED_WORDS, SPEECH_VERBS
from storyfuse.text.corpus import Corpus, Unit, chronological_key
from storyfuse.text.state import announces
from storyfuse.text.textstats import STOPWORDS, stem, tfidf_matrix, words

MIN_SHARED_WORDS = 3  # content words (figures left out) two statements of one thing share
# The tf-idf cosine two sentences need for each kind of change: the weaker the cue, the
# closer they must be. Two word lists (missing -> found) are a strong cue; a scheduled
# event then told is weaker; any two numbers weaker still, so those need a restatement.
STATE_SIMILARITY = 0.2
REPORTED_SIMILARITY = 0.3
RESTATED_SIMILARITY = 0.7
HEAD_WINDOW = 3  # words after a figure in which its head word (what it counts) is looked for

FIGURE = "figure"
STATE = "state"
REPORTED = "reported"

_LOWEST = min(STATE_SIMILARITY, REPORTED_SIMILARITY, RESTATED_SIMILARITY)

_WORDS = str.split
_NUMBER_WORDS: dict[str, int] = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
# Tokens: words (hyphens kept, so "23-year-old" is one), digit groups, and commas.
_TOKEN_RE = re.compile(r"\d[\d,.:]*\d|\d|[A-Za-z]+(?:[-'’][A-Za-z]+)*|,")
_LETTERS_RE = re.compile(r"[a-z]+")
_DIGITS_RE = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+(?:\.\d+)?$")
_YEAR_RE = re.compile(r"^(?:1[6-9]|20)\d\d$")
_AGE_RE = re.compile(r"^(?:year|month|week|day)s?-old$")
# A scheduled or expected event ("is expected to speak", "plans to travel"), its verb after.
_SCHEDULED_RE = re.compile(
    r"\b(?:(?:is|are|was|were)\s+(?:expected|set|due|scheduled|slated|poised|planning"
    r"|preparing)|plans?)\s+to\s+(?P<event>(?:[a-z]+\s+){0,2}[a-z]+)"
)
_QUOTED_RE = re.compile(r"[\"“][^\"“”]*[\"”]|``.*?''")
_CONDITIONAL_RE = re.compile(r"^(?:If|Unless|Should)\b")
_AHEAD_BEFORE = frozenset(_WORDS("to will would shall should could might may must"))
_AUXILIARIES = frozenset(_WORDS("be been being have get"))  # "is expected to be named"
_SPEECH_STEMS = frozenset(stem(w) for w in (*SPEECH_VERBS, *_WORDS("speak spoke talk talked")))


@dataclass(frozen=True, slots=True)
class Supersession:
    """A later report's sentence that changes what an earlier sentence says, and how."""

    later: int  # index of the later sentence among the units compared
    why: str  # FIGURE, STATE or REPORTED
    similarity: float  # tf-idf cosine of the two, figures left out


def _number(token: str) -> float | None:
    """The value a token counts, or None (a word, a year, a clock time)."""
    low = token.lower()
    if low in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[low])
    if not _DIGITS_RE.match(token) or _YEAR_RE.match(token):
        return None
    return float(token.replace(",", ""))


def _counted(tokens: Sequence[str]) -> Iterator[tuple[int, float, int, str]]:
    """Each counting figure among ``tokens``: its index, value, the index of its head word
    and the head's stem (see ``figures``)."""
    for i, token in enumerate(tokens):
        value = _number(token)
        if value is None:
            continue
        if i and tokens[i - 1] == "," and tokens[i + 1 : i + 2] == [","]:
            continue  # an age or an aside: "Aiden Kale, 51, a road worker"
        for k in range(i + 1, min(len(tokens), i + 1 + HEAD_WINDOW)):
            low = tokens[k].lower()
            if low == "," or _number(tokens[k]) is not None or _AGE_RE.match(low):
                break
            if low in STOPWORDS or len(low) < 2:
                continue
            yield i, value, k, stem(low.rsplit("-", 1)[-1])
            break


def figures(text: str) -> dict[str, frozenset[float]]:
    """What the sentence counts: head word stem -> the figures it gives for it.

    A figure is a number (digits or a word up to twenty) and its head is the first
    content word within ``HEAD_WINDOW`` words after it ("19 people", "two road workers":
    "road"). A number between commas ("Kale, 51,") is an age, as is one before
    "-year-old"; years and clock times name a moment; none of them counts anything.
    """
    out: dict[str, set[float]] = {}
    for _, value, _, head in _counted(_TOKEN_RE.findall(text)):
        out.setdefault(head, set()).add(value)
    return {head: frozenset(values) for head, values in out.items()}


def changed_figure(earlier: str, later: str) -> bool:
    """Does ``later`` give another figure for something ``earlier`` counts?"""
    before, after = figures(earlier), figures(later)
    return any(head in after and not values & after[head] for head, values in before.items())


def _figure_contexts(text: str) -> dict[tuple[str, str], set[float]]:
    """Each counting figure's neighbours: ("<", the word before) and (">", the word after),
    lowercased, to the values written there ("reached 83" -> ("<", "reached"): {83})."""
    tokens = _TOKEN_RE.findall(text)
    out: dict[tuple[str, str], set[float]] = {}
    for i, token in enumerate(tokens):
        value = _number(token)
        if value is None:
            continue
        for side, k in (("<", i - 1), (">", i + 1)):
            if 0 <= k < len(tokens) and tokens[k] != "," and _number(tokens[k]) is None:
                out.setdefault((side, tokens[k].lower()), set()).add(value)
    return out


@dataclass(frozen=True, slots=True)
class FigureProfile:
    """What a sentence's figures count (``figures``) and where its wording puts them
    (``_figure_contexts``): read once, compared with ``other_profiles``."""

    heads: dict[str, frozenset[float]]
    places: dict[tuple[str, str], set[float]]


NO_FIGURES = FigureProfile({}, {})


def figure_profile(text: str) -> FigureProfile:
    """The sentence's ``FigureProfile`` (``NO_FIGURES`` without a digit or number word)."""
    if not any(ch.isdigit() for ch in text) and not _NUMBER_WORDS.keys() & set(
        _LETTERS_RE.findall(text.lower())
    ):
        return NO_FIGURES
    return FigureProfile(figures(text), _figure_contexts(text))


def other_profiles(a: FigureProfile, b: FigureProfile) -> bool:
    """``other_figures`` of two sentences' profiles."""
    if a is NO_FIGURES or b is NO_FIGURES:
        return False
    heads = any(h in b.heads and not v & b.heads[h] for h, v in a.heads.items())
    return heads or any(k in b.places and not v & b.places[k] for k, v in a.places.items())


def other_figures(first: str, second: str) -> bool:
    """Do the two give other figures in the same place of their wording ("the toll has
    reached 83" / "the toll reached 85 on Saturday"), or for the same thing
    (``changed_figure``)? Neither then says what the other says."""
    return other_profiles(figure_profile(first), figure_profile(second))


def resolves(earlier: str, later: str) -> bool:
    """Does ``earlier`` leave an outcome open that ``later`` tells the end of?"""
    after = set(words(later))
    if after & PENDING_WORDS or not after & RESOLVED_WORDS:
        return False  # the later one leaves something open too, or tells no end
    return bool(set(words(earlier)) & PENDING_WORDS)


def scheduled_event(text: str) -> str | None:
    """The stem of the event the sentence announces as scheduled or expected, outside any
    quote and any condition ("is expected to speak" -> "speak"), or None."""
    if _CONDITIONAL_RE.match(text):
        return None
    match = _SCHEDULED_RE.search(_QUOTED_RE.sub(" ", text))
    if match is None:
        return None
    verbs = [w for w in match["event"].split() if w not in STOPWORDS and w not in _AUXILIARIES]
    return stem(verbs[0]) if verbs else None


def tells_event(event: str, later: str) -> bool:
    """Does ``later`` tell the event as done: its verb (for speech, any speech verb), not
    after a modal or "to" ("would hold", "to vote" still look ahead)?"""
    tokens = words(later)
    speech = event in _SPEECH_STEMS
    for before, word in zip(["", *tokens], tokens, strict=False):
        done = stem(word) == event or (speech and stem(word) in _SPEECH_STEMS)
        if done and before not in _AHEAD_BEFORE:
            return True
    return False


def change(earlier: str, later: str, similarity: float) -> str | None:
    """How the sentence ``later`` changes ``earlier`` (FIGURE, STATE, REPORTED), or None.

    ``similarity``: their tf-idf cosine, figures left out. Which came first is
    ``superseders``'s to check.
    """
    if similarity >= RESTATED_SIMILARITY and changed_figure(earlier, later):
        return FIGURE
    if announces(later):
        return None
    if similarity >= STATE_SIMILARITY and resolves(earlier, later):
        return STATE
    if similarity >= REPORTED_SIMILARITY:
        event = scheduled_event(earlier)
        if event is not None and tells_event(event, later):
            return REPORTED
    return None


def _wordy_stems(unit: Unit) -> list[str]:
    """Content stems without figures: what two statements of one thing share."""
    return [s for s in unit.stems if s.isalpha() or not any(ch.isdigit() for ch in s)]


def _published(corpus: Corpus) -> list[datetime | None]:
    return [
        None if a.published is None else a.published.replace(tzinfo=None) for a in corpus.articles
    ]


def superseders(
    corpus: Corpus, units: Sequence[Unit], rows: Sequence[int] | None = None
) -> dict[int, tuple[Supersession, ...]]:
    """For each of ``units`` (by index; only those in ``rows`` when given) that a later one
    of ``units`` supersedes: every such later sentence, the latest first (by
    ``chronological_key``), and how it changes it.

    Later means a strictly later publication time where both articles are dated. Where
    either is not, a *state* or *reported* change tells the order itself (an outcome comes
    after the search for it, a report after the announcement), and a figure, which can go
    either way, is not compared.
    """
    if len(units) < 2:
        return {}
    when = _published(corpus)
    order = {d: chronological_key(a, d) for d, a in enumerate(corpus.articles)}
    stems = [_wordy_stems(u) for u in units]
    matrix, _ = tfidf_matrix(stems)
    wanted = list(range(len(units))) if rows is None else list(rows)
    sims = np.asarray((matrix[wanted] @ matrix.T).toarray())
    out: dict[int, tuple[Supersession, ...]] = {}
    for row, i in enumerate(wanted):
        unit = units[i]
        start = when[unit.doc]
        mine = set(stems[i])
        found: list[Supersession] = []
        sim_i = sims[row]
        for j in map(int, np.flatnonzero(sim_i >= _LOWEST)):
            later = units[j]
            end = when[later.doc]
            dated = start is not None and end is not None
            if later.doc == unit.doc or (start is not None and end is not None and end <= start):
                continue
            if len(mine.intersection(stems[j])) < MIN_SHARED_WORDS:
                continue
            why = change(unit.sentence.text, later.sentence.text, float(sim_i[j]))
            if why is not None and (dated or why != FIGURE):
                found.append(Supersession(j, why, float(sim_i[j])))
        if found:
            found.sort(key=lambda s: (order[units[s.later].doc], s.later), reverse=True)
            out[i] = tuple(found)
    return out


MAX_EARLIER = 2  # earlier statements a summary sentence says it updates, at most
MAX_WAS_PARTS = 2  # figures of one earlier statement shown
MAX_WAS_WORDS = 15  # an earlier clause (an open state, an announcement) shown, at most
_CLAUSE_RE = re.compile(r"\s*;\s*")
_PUNCT = ".,;:!?\"'”’“‘()"
_QUALIFIER_WORDS = frozenset(_WORDS("about almost around at least more than nearly over some"))


@dataclass(frozen=True, slots=True)
class Earlier:
    """An earlier report's statement that a summary sentence supersedes, and what changed:
    ``was`` is the earlier wording of it, short: a figure with its head ("at least 40
    people"), or the clause that leaves an outcome open or announces an event, when it is
    short ("Two road workers remain missing", "the mayor is expected to speak"); empty
    when it is not."""

    unit: Unit
    why: str  # FIGURE, STATE or REPORTED
    was: str


def _figure_phrases(text: str, heads: set[str]) -> list[str]:
    """The figures of ``text`` that count one of ``heads``, as written: a number with the
    words up to its head, and a qualifier before it ("at least 40 people")."""
    tokens = _TOKEN_RE.findall(text)
    out: list[str] = []
    for i, _, k, head in _counted(tokens):
        if head in heads:
            start = i
            while start > 0 and tokens[start - 1].lower() in _QUALIFIER_WORDS and i - start < 2:
                start -= 1
            out.append(" ".join(tokens[start : k + 1]))
    return out


def what_changed(earlier: str, later: str, why: str) -> str:
    """The words of ``earlier`` that ``later`` changes (see ``Earlier.was``)."""
    if why == FIGURE:
        after = figures(later)
        heads = {h for h, v in figures(earlier).items() if h in after and not v & after[h]}
        return ", ".join(list(dict.fromkeys(_figure_phrases(earlier, heads)))[:MAX_WAS_PARTS])
    for clause in _CLAUSE_RE.split(earlier):
        tokens = [w.strip(_PUNCT).lower() for w in clause.split()]
        if why == STATE:
            found = any(w in PENDING_WORDS for w in tokens)
        else:
            found = _SCHEDULED_RE.search(_QUOTED_RE.sub(" ", clause)) is not None
        if found:  # shown whole or not at all: a clause cut short misleads
            return clause.strip().rstrip(_PUNCT) if len(tokens) <= MAX_WAS_WORDS else ""
    return ""


def earlier_statements(
    corpus: Corpus, chosen: Sequence[Unit], pool: Sequence[Unit]
) -> tuple[tuple[Earlier, ...], ...]:
    """For each of ``chosen`` (a summary's sentences): the statements of ``pool`` it
    supersedes (``superseders``'s rules, from the other side), earliest first, each
    earlier wording once, at most ``MAX_EARLIER``. ``pool`` sentences that are among
    ``chosen`` are not counted: the summary says them itself."""
    if not chosen or not pool:
        return tuple(() for _ in chosen)
    when = _published(corpus)
    order = {d: chronological_key(a, d) for d, a in enumerate(corpus.articles)}
    said = {(u.doc, u.position) for u in chosen}
    rest = [u for u in pool if (u.doc, u.position) not in said]
    stems = [_wordy_stems(u) for u in (*chosen, *rest)]
    matrix, _ = tfidf_matrix(stems)
    k = len(chosen)
    sims = np.asarray((matrix[k:] @ matrix[:k].T).toarray()) if rest else np.zeros((0, k))
    out: list[tuple[Earlier, ...]] = []
    for j, later in enumerate(chosen):
        end = when[later.doc]
        mine = set(stems[j])
        found: list[Earlier] = []
        for i in map(int, np.flatnonzero(sims[:, j] >= _LOWEST)):
            unit = rest[i]
            start = when[unit.doc]
            dated = start is not None and end is not None
            if unit.doc == later.doc or (start is not None and end is not None and end <= start):
                continue
            if len(mine.intersection(stems[k + i])) < MIN_SHARED_WORDS:
                continue
            why = change(unit.sentence.text, later.sentence.text, float(sims[i, j]))
            if why is None or (why == FIGURE and not dated):
                continue
            was = what_changed(unit.sentence.text, later.sentence.text, why)
            if was:
                found.append(Earlier(unit, why, was))
        found.sort(key=lambda e: (order[e.unit.doc], e.unit.position))
        kept: dict[str, Earlier] = {}
        for earlier in found:
            kept.setdefault(earlier.was.casefold(), earlier)
        out.append(tuple(kept.values())[:MAX_EARLIER])
    return tuple(out)
