"""What the reports agree on: facts that several independent sources state.

1. Sources: articles whose word ``SHINGLE_WORDS``-gram shingles overlap with Jaccard
   >= ``WIRE_COPY_JACCARD`` are copies of one report (a wire story run by several sites)
   and count as one source. Different articles of one outlet still count apart: the
   stored ``source`` names are too unreliable (agency codes, missing) to merge on.
2. Same statement: a sentence of another article says the same when it passes the
   citation rule of ``text.support`` (tf-idf cosine >= ``CITE_SIMILARITY`` and
   ``MIN_SHARED_WORDS`` shared content words), and does not merely look ahead to what it
   reports done (``text.support.looks_ahead``: "will meet" does not agree with "held
   talks"), nor gives other figures (``text.latest.other_figures``: "51 percent" does not
   agree with "56 percent"); from each other article the closest such sentence joins the
   group.
3. Support: the number of independent sources among the articles of a group.
4. Representative: a sentence that can stand alone in a brief (the candidate rules of
   ``summarizers.candidates`` with ``RELAXED_MIN_WORDS``: declarative, no question, no
   fragment, not continuing another sentence, dateline cut), with at most
   ``MAX_QUOTED_SHARE`` of its characters inside quotation marks (its own, or those of a
   quotation of several sentences around it), and no line of a transcript's speaker
   (``text.transcript.speech_units``). Among sentences with
   as much support, the most central (the highest summed similarity to its group), then
   the shortest, wins; a sentence already in a chosen group starts no other group.
5. After the event: where the story has reports as well as previews (``text.state``), a
   fact whose representative announces ("will meet on Thursday") must have
   ``min_support`` sources among the reports: previews that agree on it state what was
   expected, not what happened (the seeds' "will meet face-to-face Thursday" was listed
   as agreed, on a preview and a report that says they met).
6. The latest word: a fact whose representative a later report supersedes
   (``text.latest``: "two workers remain missing", then "the two workers who died") is not
   listed, and its sentences start no other group.
7. Rank: what happened before what was expected (a group whose representative looks
   ahead comes after those that report), then by support, then the earliest position in
   an article at which the group's fact appears (lead facts first), then publication time.
"""

from __future__ import annotations

import itertools
import math
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from storyfuse.analyze.quotes import Quoted, quote_spans
from storyfuse.text.candidates import RELAXED_MIN_WORDS, rejection, trim_dateline
from storyfuse.text.corpus import Corpus, Unit, chronological_key
from storyfuse.text.latest import FigureProfile, figure_profile, other_profiles, superseders
from storyfuse.text.state import announces, preview_docs
from storyfuse.text.support import CITE_SIMILARITY, MIN_SHARED_WORDS, TimeKey
from storyfuse.text.textstats import jaccard, tfidf_matrix, word_shingles, words
from storyfuse.text.transcript import speech_units
from storyfuse.types import Sentence

WIRE_COPY_JACCARD = 0.5  # shingle overlap above which two articles are one report
SHINGLE_WORDS = 5
MAX_QUOTED_SHARE = 0.5  # a representative is mostly the reporter's own words
# Representatives checked for a later report that supersedes them, per fact listed: the
# best-ranked groups only (the check compares each with every sentence of the story).
SUPERSEDED_LOOKAHEAD = 4

_QUOTED_RE = re.compile(r"\"[^\"]*\"|“[^“”]*”|‘[^‘’]*’")


@dataclass(frozen=True, slots=True)
class Fact:
    """A statement several articles make, with the sentence that represents it best."""

    sentence: Sentence  # the representative (dateline cut)
    articles: tuple[str, ...]  # ids of the articles stating it, the representative's first
    sentences: tuple[Sentence, ...]  # the representative, then one sentence per other article
    support: int  # independent sources among ``articles`` (wire copies count once)


def source_groups(corpus: Corpus) -> tuple[int, ...]:
    """For each article, the index of the first article of its group of wire copies: the
    first earlier one whose shingles overlap with Jaccard >= ``WIRE_COPY_JACCARD``. Two
    sets can reach it only when the smaller holds that share of the larger's size
    (Jaccard <= smaller / larger), so other pairs are not intersected; nor are those whose
    prefix (``_may_be_copies``) rules it out."""
    sets = [word_shingles(words(a.text), SHINGLE_WORDS) for a in corpus.articles]
    sizes = [len(s) for s in sets]
    group = list(range(len(sets)))
    for i in range(len(sets)):
        for j in range(i):
            low, high = sorted((sizes[i], sizes[j]))
            if low < WIRE_COPY_JACCARD * high:
                continue
            if not _may_be_copies(sets[i], sets[j]):
                continue
            if jaccard(sets[i], sets[j]) >= WIRE_COPY_JACCARD:
                group[i] = group[j]
                break
    return tuple(group)


def _may_be_copies(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]]) -> bool:
    """False only where two shingle sets cannot reach Jaccard ``WIRE_COPY_JACCARD``.

    That needs ``shared >= J * (|a| + |b|) / (1 + J)`` shingles in common (``needed``).
    The smaller set then shares one among any ``|smaller| - needed + 1`` of its shingles,
    so where as many of them (its first, in any fixed order) all lie outside the other set,
    the pair is no copy. Most pairs share nothing: this looks at a third of one set,
    stops at the first shared shingle, and builds no intersection.
    """
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    needed = math.ceil(WIRE_COPY_JACCARD * (len(a) + len(b)) / (1 + WIRE_COPY_JACCARD))
    prefix = len(small) - needed + 1
    return prefix <= 0 or not large.isdisjoint(itertools.islice(small, prefix))


def quoted_share(text: str) -> float:
    """The share of a sentence's characters inside quotation marks."""
    inside = sum(len(m.group()) for m in _QUOTED_RE.finditer(text))
    return inside / len(text) if text else 0.0


def _said_units(corpus: Corpus, quoted: Quoted | None = None) -> frozenset[tuple[int, int]]:
    """``(doc, position)`` of the sentences that are someone's words: a transcript
    speaker's line (``text.transcript.speech_units``), or one with more than
    ``MAX_QUOTED_SHARE`` of its characters inside a quotation of its article, which may
    open sentences before it ("“I understand it. ... The public doesn't believe you.”")."""
    said = set(speech_units(corpus))
    spans = [quote_spans(a.text) for a in corpus.articles] if quoted is None else quoted
    ends = [_ends_if_ordered(doc_spans) for doc_spans in spans]
    for unit in corpus.units:
        sentence = unit.sentence
        length = sentence.end - sentence.start
        inside = _quoted_chars(spans[unit.doc], ends[unit.doc], sentence.start, sentence.end)
        if length and inside > MAX_QUOTED_SHARE * length:
            said.add((unit.doc, unit.position))
    return frozenset(said)


def _ends_if_ordered(spans: Sequence[tuple[int, int]]) -> list[int] | None:
    """The spans' ends, where starts and ends both ascend (quotations in text order), so
    that a sentence's overlapping spans are found by bisection; else None."""
    ends = [b for _, b in spans]
    starts = [a for a, _ in spans]
    if all(x <= y for x, y in itertools.pairwise(ends)) and all(
        x <= y for x, y in itertools.pairwise(starts)
    ):
        return ends
    return None


def _quoted_chars(
    spans: Sequence[tuple[int, int]], ends: Sequence[int] | None, start: int, end: int
) -> int:
    """The characters of ``[start, end)`` inside ``spans``: only the spans from the first
    ending after ``start`` to the last starting before ``end`` where ``ends`` (ascending)
    is known, every span otherwise."""
    if ends is None:
        return sum(max(0, min(b, end) - max(a, start)) for a, b in spans)
    inside = 0
    for k in range(bisect_right(ends, start), len(spans)):
        a, b = spans[k]
        if a >= end:
            break
        inside += max(0, min(b, end) - max(a, start))
    return inside


def can_represent(unit: Unit) -> bool:
    """Whether a sentence can stand alone as the statement of a fact."""
    text = unit.sentence.text
    if rejection(text, unit.words, min_words=RELAXED_MIN_WORDS) is not None:
        return False
    return quoted_share(text) <= MAX_QUOTED_SHARE


def _matches(
    corpus: Corpus, ahead: list[bool]
) -> tuple[list[dict[int, int]], list[dict[int, float]]]:
    """For each unit, the closest sentence saying the same in each other article, and the
    similarities of those at least ``CITE_SIMILARITY`` alike (read off the sparse product:
    no dense n x n matrix, which at 100 articles was 80 MB)."""
    units = corpus.units
    matrix, _ = tfidf_matrix([u.stems for u in units])
    product = (matrix @ matrix.T).tocsr()  # columns unsorted: each row's close ones are sorted
    stems = [set(u.stems) for u in units]
    profiles: dict[int, FigureProfile] = {}  # read only for the pairs compared

    def profile(j: int) -> FigureProfile:
        if j not in profiles:
            profiles[j] = figure_profile(units[j].sentence.text)
        return profiles[j]

    out: list[dict[int, int]] = []
    sims: list[dict[int, float]] = []
    for i, unit in enumerate(units):
        lo, hi = product.indptr[i], product.indptr[i + 1]
        values = product.data[lo:hi]
        close = values >= CITE_SIMILARITY
        columns = product.indices[lo:hi][close].tolist()
        # columns ascending, as a dense row lists them (the first of equals wins below)
        row = dict(sorted(zip(columns, values[close].tolist(), strict=True)))
        best: dict[int, int] = {}  # doc -> unit index
        for k, similarity in row.items():
            doc = units[k].doc
            if doc == unit.doc or len(stems[i] & stems[k]) < MIN_SHARED_WORDS:
                continue
            if ahead[k] and not ahead[i]:
                continue  # a preview does not agree with the report of the thing done
            if other_profiles(profile(i), profile(k)):
                continue  # "reached 83" does not agree with "reached 85"
            if doc not in best or similarity > row[best[doc]]:
                best[doc] = k
        out.append(best)
        sims.append(row)
    return out, sims


def _superseded(corpus: Corpus, candidates: list[int]) -> frozenset[int]:
    """The candidate representatives that a later report supersedes (``text.latest``)."""
    if not candidates:
        return frozenset()
    return frozenset(superseders(corpus, corpus.units, rows=candidates))


def find_agreements(
    corpus: Corpus, *, min_support: int = 2, limit: int = 8, quoted: Quoted | None = None
) -> tuple[Fact, ...]:
    """Facts stated by at least ``min_support`` independent sources, best supported first;
    ``quoted``: each article's ``quote_spans`` where already read."""
    units = corpus.units
    if not units:
        return ()
    groups = source_groups(corpus)
    previews = preview_docs(corpus)
    # each sentence asked once whether it announces: for what looks ahead
    # (``text.support.looks_ahead``) and for what must be reported
    announced = [announces(u.sentence.text) for u in units]
    ahead = [u.doc in previews or said for u, said in zip(units, announced, strict=True)]
    matches, sim = _matches(corpus, ahead)
    support = [len({groups[units[i].doc], *(groups[d] for d in m)}) for i, m in enumerate(matches)]
    announcing = [bool(previews) and said for said in announced]
    reported = [
        len({groups[d] for d in (units[i].doc, *m) if d not in previews})
        for i, m in enumerate(matches)
    ]
    centrality = [sum(sim[i][k] for k in m.values()) for i, m in enumerate(matches)]
    said = _said_units(corpus, quoted)  # someone's words state no agreed fact
    order = sorted(
        (
            i
            for i in range(len(units))
            if support[i] >= min_support
            and (not announcing[i] or reported[i] >= min_support)
            and can_represent(units[i])
            and (units[i].doc, units[i].position) not in said
        ),
        key=lambda i: (
            ahead[i],  # reports form their groups first; a preview may not take their members
            -support[i],
            -centrality[i],
            units[i].words,
            units[i].doc,
            units[i].position,
        ),
    )
    keys = {d: chronological_key(a, d) for d, a in enumerate(corpus.articles)}
    covered: set[int] = set()
    chosen: list[tuple[tuple[bool, int, int, TimeKey, int], Fact]] = []
    stale = _superseded(corpus, order[: limit * SUPERSEDED_LOOKAHEAD])
    for i in order:
        members = [i, *sorted(matches[i].values(), key=lambda k: keys[units[k].doc])]
        if i in covered or sum(k in covered for k in members) * 2 > len(members):
            continue
        if i in stale:
            covered.update(members)  # what the reports agreed on then; a later one says more
            continue
        covered.update(members)
        rep = trim_dateline(units[i])
        fact = Fact(
            sentence=rep.sentence,
            articles=tuple(corpus.articles[units[k].doc].id for k in members),
            sentences=(rep.sentence, *(units[k].sentence for k in members[1:])),
            support=support[i],
        )
        first = min(units[k].position for k in members)
        rank = (ahead[i], -support[i], first, keys[units[i].doc], units[i].position)
        chosen.append((rank, fact))
    chosen.sort(key=lambda pair: pair[0])
    return tuple(fact for _, fact in chosen[:limit])
