"""Concept-coverage ILP (Gillick & Favre 2009), solved with scipy's HiGHS MILP.

Concepts are stemmed content bigrams. By default a concept weighs its learned chance of
being in an editor's summary (``summarizers.learned``, fitted by ``storyfuse
train-weights``); the method ``ilp-handset`` keeps the hand-set weights below, the
baseline the learned ones are measured against. A hand-set weight is the number of
articles that contain it, with occurrences in an article's lead sentences
counted extra; concepts in too few articles are pruned (with three or fewer
articles, raw occurrence counts are used instead; where nothing survives the
pruning, the floor is lowered step by step). The ILP picks whole
sentences maximising the summed weight of the concepts they cover under the
word budget, so repeating a concept earns nothing: redundancy is punished by
construction. A chosen sentence whose concepts the others all cover adds nothing
and is dropped after the solve, leaving its words to the budget fill. A chosen sentence
that a later report supersedes (``text.latest``: a figure updated, a search ended, an
announced event told) yields its place to the latest sentence that does, and no
superseded sentence fills the budget (``select_latest``). The summary of one event holds
the story's lead (``story_lead``): the first sentences of the most central reports state
the event, which the ILP alone, buying details, often leaves out. A sentence that opens on
"He", "She" or "They" (a follower, ``Unit.follows``) is chosen only with the sentence
before it in its article, and the plain summary gives each sentence a small bonus for
standing early in its article (``position_prior``).
"""

from __future__ import annotations

import ctypes
import math
import os
import sys
import threading
import warnings
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta
from typing import cast

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

from storyfuse.summarizers.concepts import doc_centrality
from storyfuse.summarizers.greedy import greedy_fill
from storyfuse.summarizers.learned import learned_weights
from storyfuse.text.candidates import candidates_for_budget
from storyfuse.text.corpus import Budget, Corpus, Unit
from storyfuse.text.latest import REPORTED, Supersession, superseders

Concept = tuple[str, str]

MIN_DOC_FREQ = 3  # prune concepts found in fewer articles than this ...
FEW_DOCS = 3  # ... unless the story has this many articles or fewer: then raw counts
MIN_RAW_COUNT = 2  # raw-count mode: a concept must occur at least twice
LEAD_SENTENCES = 2  # an article's first sentences state the story's core ...
LEAD_BONUS = 2.0  # ... so a concept there counts this much extra per article (ICSI: x2-x3)
MAX_LEAD_SHARE = 0.5  # the story's lead in a summary takes at most half its words
# Reports spread over more than this are a topic's (DUC 2006's span 320-1692 days, DUC
# 2007's 48-1110, median 177), not one event's (DUC 2003's 30 events: 0-87, median 20):
# the longest a story stays open without a report (``stories.cluster.MAX_STORY_IDLE``).
# R-2 at 60/90 days: DUC 2003 11.63/11.65, DUC 2007 10.31/10.26, DUC 2006 and the
# brief labels the same.
LEAD_MAX_SPAN = timedelta(days=60)
MAX_CONCEPTS = 2000
# An early sentence of an article says more of what editors keep (news leads), all else
# equal: a sentence earns this share of its concepts' weight, over sqrt(1 + its position).
# Chosen by leave-one-set-out over 0, 0.02, 0.03, 0.05, 0.1 (ROUGE-2, the four dev sets):
# three folds of four pick 0.05, the fourth 0.03; every set left out gains.
POSITION_PRIOR = 0.05
FILL_MAX_OVERLAP = 0.5  # a filler sentence must bring at least half new content words
TIME_LIMIT_S = 10.0
# HiGHS's default relative optimality gap (1e-4) applies: with whole-number weights
# below 10,000 in sum, a gap under 1 means the optimum itself.
# Two HiGHS settings that change its speed, never the optimum it proves:
# - the feasibility-jump heuristic (from HiGHS 1.10) costs about 5 ms a solve whatever
#   the model's size: on a small model, most of its time;
# - a small cut pool (soft limit 10 cuts, default 10,000) keeps the LPs small. Mean
#   solve time, same optima: Multi-News 16 -> 11 ms, DUC 2003 54 -> 38 ms, DUC 2006 at
#   250 words 630 -> 310 ms (p95 1.6 -> 0.65 s); medians move less.
HIGHS_OPTIONS = {"mip_heuristic_run_feasibility_jump": False, "mip_pool_soft_limit": 10}
STDOUT_FD = 1  # the C-level stdout, which HiGHS's ``printf`` calls write to

# scipy passes HiGHS options it does not list (the two above) on verbatim, with a
# RuntimeWarning per solve. The filter is installed once, for that message alone:
# ``warnings.catch_warnings`` around each solve is not thread-safe (two overlapping
# solves in threads restore each other's filters, and can leave one installed for good).
warnings.filterwarnings(
    "ignore", message=r"Unrecognized options detected: \{'mip_", category=RuntimeWarning
)


def concept_weights(corpus: Corpus) -> dict[Concept, float]:
    """Weight of each concept over all sentences of the story (not only candidates)."""
    few = corpus.n_docs <= FEW_DOCS
    in_doc: dict[int, set[Concept]] = defaultdict(set)  # concepts of each article ...
    in_lead: dict[int, set[Concept]] = defaultdict(set)  # ... and of its lead
    raw: Counter[Concept] = Counter()
    for unit in corpus.units:
        raw.update(unit.bigrams)
        in_doc[unit.doc].update(unit.bigrams)
        if unit.position < LEAD_SENTENCES:
            in_lead[unit.doc].update(unit.bigrams)
    doc_freq: Counter[Concept] = Counter()
    for concepts in in_doc.values():
        doc_freq.update(concepts)
    lead: Counter[Concept] = Counter()
    for concepts in in_lead.values():
        lead.update(concepts)
    base = raw if few else doc_freq
    floor = MIN_RAW_COUNT if few else MIN_DOC_FREQ
    weights: dict[Concept, float] = {}
    while not weights and floor >= 1:
        # Relax the pruning until some concept survives (stories with little overlap).
        # In ``raw``'s order: first seen first, whatever the sets' hash order.
        weights = {c: base[c] + LEAD_BONUS * lead[c] for c in raw if base[c] >= floor}
        floor -= 1
    if len(weights) > MAX_CONCEPTS:
        kept = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_CONCEPTS]
        weights = dict(kept)
    return weights


def solve_coverage(
    units: Sequence[Unit],
    weights: dict[Concept, float],
    budget: Budget,
    fixed: int | None = None,
    *,
    prior: float = 0.0,
) -> list[int] | None:
    """Indices of the units the ILP selects, or None when it finds no solution in time.

    ``fixed``: a unit the selection must hold (the story's lead, ``story_lead``).
    ``prior``: the share of a sentence's weight it earns for standing early in its
    article (``position_prior``, added to its own gain).

    max sum_i w_i c_i + sum_j p_j s_j  s.t.  c_i <= sum_{j has i} s_j,
    sum_j len_j s_j <= budget, s_f <= s_{before(f)} for each follower f, s binary.
    The model is shrunk without changing its optimum: a concept found in
    one candidate only adds its weight to that sentence (no variable of its own);
    sentences that gain nothing are left out; and concept variables may be
    continuous, since with whole sentences chosen the maximum puts each at 0 or 1
    anyway.

    The objective has no length term: with whole-number weights (article counts,
    learned thousandths) and priors rounded to whole numbers it stays integral, which
    HiGHS detects and uses to prove optimality as soon as a solution reaches the rounded
    bound (a per-word tie-break made the median
    solve on Multi-News 1.4 to 1.6 times as long). Among optimal selections the
    solver may then keep a sentence that adds nothing; ``drop_idle`` removes those.
    """
    before = antecedents(units)
    # A follower whose sentence before is not among ``units`` cannot be chosen.
    usable = [not u.follows or j in before for j, u in enumerate(units)]
    holders: dict[Concept, list[int]] = defaultdict(list)
    for j, unit in enumerate(units):
        if usable[j]:
            for c in set(unit.bigrams):
                if c in weights:
                    holders[c].append(j)
    gain = position_prior(units, weights, usable, prior)
    shared: list[Concept] = []
    for c in sorted(holders):
        if len(holders[c]) == 1:
            gain[holders[c][0]] += weights[c]
        else:
            shared.append(c)
    gaining = {int(j) for j in np.flatnonzero(gain)}
    useful_set = {j for c in shared for j in holders[c]} | gaining | _given(fixed)
    useful = sorted(useful_set | {before[j] for j in useful_set if j in before})
    if not useful:
        return None
    column = {j: k for k, j in enumerate(useful)}
    n, m = len(useful), len(shared)
    lengths = np.array([units[j].words for j in useful], dtype=np.float64)
    cost = np.concatenate(
        [-gain[useful], -np.array([weights[c] for c in shared], dtype=np.float64)]
    )
    # Rows 0..m-1: c_i - sum_j s_j <= 0 (a shared concept counts only when a chosen
    # sentence has it); then the word and/or sentence budget rows. One COO build.
    rows = [i for i, c in enumerate(shared) for _ in holders[c]]
    cols = [column[j] for c in shared for j in holders[c]]
    vals = [-1.0] * len(rows)
    rows += range(m)
    cols += range(n, n + m)
    vals += [1.0] * m
    uppers = [0.0] * m
    for j in useful:
        if j in before:  # s_j - s_before <= 0: a follower only after its sentence before
            rows += [len(uppers), len(uppers)]
            cols += [column[j], column[before[j]]]
            vals += [1.0, -1.0]
            uppers.append(0.0)
    for limit, per_sentence in ((budget.words, lengths), (budget.sentences, np.ones(n))):
        if limit is not None:
            rows += [len(uppers)] * n
            cols += range(n)
            vals += per_sentence.tolist()
            uppers.append(float(limit))
    matrix = coo_matrix((vals, (rows, cols)), shape=(len(uppers), n + m)).tocsr()
    problem = {
        "c": cost,
        "constraints": LinearConstraint(matrix, -np.inf, np.array(uppers)),
        "integrality": np.concatenate([np.ones(n), np.zeros(m)]),
        "bounds": Bounds(_lower_bounds(n + m, None if fixed is None else column[fixed]), 1),
    }
    # HiGHS's log is off by default (scipy's ``disp=False`` is HiGHS's log_to_console, and
    # no log file is set); scipy checks each option passed (about 0.1 ms each), so only
    # the time limit. Its few unconditional printf calls are what _quiet_stdout is for.
    options = {"time_limit": TIME_LIMIT_S}
    with _quiet_stdout():
        try:
            result = milp(**problem, options={**options, **HIGHS_OPTIONS})
        except AttributeError:  # a SciPy whose HiGHS binding lacks one of them
            result = milp(**problem, options=options)
    if result.x is None:
        return None
    chosen = [j for j in useful if result.x[column[j]] > 0.5]
    return drop_idle(units, chosen, weights, keep=fixed)


def position_prior(
    units: Sequence[Unit], weights: Mapping[Concept, float], usable: Sequence[bool], share: float
) -> np.ndarray:
    """Each unit's bonus for standing early in its article: ``share`` of its concepts'
    weight, over the square root of 1 + its position, rounded to a whole number (the
    objective stays integral: see ``solve_coverage``); 0 for a unit not ``usable``."""
    out = np.zeros(len(units))
    if share <= 0:
        return out
    for j, unit in enumerate(units):
        if usable[j]:
            own = sum(weights.get(c, 0.0) for c in set(unit.bigrams))
            out[j] = round(share * own / math.sqrt(1 + unit.position))
    return out


def antecedents(units: Sequence[Unit]) -> dict[int, int]:
    """For each follower among ``units``, the index of its article's sentence before."""
    at = {(u.doc, u.position): j for j, u in enumerate(units)}
    return {
        j: at[(u.doc, u.position - 1)]
        for j, u in enumerate(units)
        if u.follows and (u.doc, u.position - 1) in at
    }


def _given(fixed: int | None) -> set[int]:
    return set() if fixed is None else {fixed}


def _lower_bounds(size: int, fixed_column: int | None) -> np.ndarray:
    lower = np.zeros(size)
    if fixed_column is not None:
        lower[fixed_column] = 1.0
    return lower


def drop_idle(
    units: Sequence[Unit],
    chosen: Sequence[int],
    weights: dict[Concept, float],
    keep: int | None = None,
) -> list[int]:
    """``chosen`` without the sentences whose weighted concepts the others all cover
    (never ``keep``).

    The covered weight stays the same. Longer sentences are dropped first, so the
    most words go back to the budget.
    """
    concepts = {j: {c for c in units[j].bigrams if c in weights} for j in chosen}
    holders = Counter(c for j in chosen for c in concepts[j])
    kept = set(chosen)
    before = antecedents(units)
    for j in sorted(chosen, key=lambda j: (-units[j].words, j)):
        needed = any(before.get(k) == j for k in kept)
        if not needed and j != keep and all(holders[c] > 1 for c in concepts[j]):
            kept.discard(j)
            holders.subtract(concepts[j])
    return [j for j in chosen if j in kept]


def _c_fflush() -> Callable[[None], int] | None:
    """The C library's ``fflush``, or None where it cannot be loaded (Windows).

    HiGHS prints with C stdio, which buffers whole blocks when stdout is a pipe or a
    file (``--json > out.json``): text printed during a solve would sit in that buffer
    and reach the real stdout later, after fd 1 was restored. ``fflush(NULL)`` pushes
    every C stream's buffer out while fd 1 still points where it should.
    """
    try:
        fflush = ctypes.CDLL(None).fflush
    except (OSError, TypeError, AttributeError):
        return None
    fflush.argtypes = [ctypes.c_void_p]
    fflush.restype = ctypes.c_int
    return cast("Callable[[None], int]", fflush)


_FFLUSH = _c_fflush()


def _flush_c_stdio() -> None:
    """Write out C stdio's buffers now, to wherever fd 1 points at this moment."""
    if _FFLUSH is not None:
        _FFLUSH(None)


class _StdoutSilencer:
    """Points fd 1 at the null device while any solve is under way, in any thread.

    Why at all: scipy leaves HiGHS's log switched off (above), but the HiGHS that SciPy
    1.17 bundles (1.12.0) also has bare ``printf`` calls that no option silences, such
    as "HighsMipSolverData::transformNewIntegerFeasibleSolution tmpSolver.run();" when
    it repairs a solution after postsolve (HiGHS 1.13 removed that one); they would
    corrupt ``--json`` output.

    Why shared: ``dup2`` on fd 1 is process-wide. Each solve saving and restoring fd 1
    on its own breaks as soon as two overlap (the web server summarises in a thread
    pool): the second saves the null device as "stdout", restores it last, and fd 1
    stays silenced for good. Here a lock guards a count of the solves under way: the
    first to enter saves fd 1 and redirects it, the last to leave restores it. Solves
    still run in parallel; only the bookkeeping is serialised.

    What it costs other threads: whatever they write to fd 1 while some solve runs is
    lost. Python text is flushed before the redirect and not after, so text still
    buffered when the last solve ends reaches the real stdout.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._active = 0  # solves under way
        self._saved_fd: int | None = None  # the real stdout, while redirected

    def enter(self) -> None:
        with self._lock:
            if self._active == 0:
                self._redirect()
            self._active += 1

    def leave(self) -> None:
        with self._lock:
            self._active -= 1
            if self._active == 0:
                self._restore()

    def _redirect(self) -> None:
        if sys.stdout is not None:
            sys.stdout.flush()  # what was printed before the solve goes out first
        _flush_c_stdio()
        try:
            saved = os.dup(STDOUT_FD)
        except OSError:  # no stdout at all (a daemon): nothing to keep clean
            return
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, STDOUT_FD)
        except OSError:
            os.close(saved)
            raise
        finally:
            os.close(null)
        self._saved_fd = saved

    def _restore(self) -> None:
        saved, self._saved_fd = self._saved_fd, None
        if saved is None:
            return
        _flush_c_stdio()  # the solver's buffered prints go to the null device
        try:
            os.dup2(saved, STDOUT_FD)
        finally:
            os.close(saved)


_SILENCER = _StdoutSilencer()


@contextmanager
def _quiet_stdout() -> Iterator[None]:
    """Keep the solver's own prints off file descriptor 1 (see ``_StdoutSilencer``)."""
    _SILENCER.enter()
    try:
        yield
    finally:
        _SILENCER.leave()


def solve_latest(
    units: Sequence[Unit],
    weights: dict[Concept, float],
    budget: Budget,
    later: Mapping[int, Sequence[Supersession]],
    lead: int | None = None,
    *,
    prior: float = 0.0,
) -> list[int] | None:
    """``solve_coverage``, where each chosen sentence that a later candidate supersedes
    yields its place (``later``: ``text.latest.superseders`` of ``units``); ``lead``, a
    unit no later one supersedes, is always chosen.

    A second solve runs only when the first chose a superseded sentence: without any
    superseded sentence, and with, for each chosen one whose figure or state a later one
    changed, the latest such sentence kept in (its words off the budget, its concepts
    counted as covered) where it fits. An announcement whose event a later report tells
    is only left out: that report need not be in the summary.
    """
    chosen = solve_coverage(units, weights, budget, fixed=lead, prior=prior)
    if not chosen or not any(j in later for j in chosen):
        return chosen
    keep: list[int] = []
    for j in chosen:
        successors = [s.later for s in later.get(j, ()) if s.why != REPORTED]
        successor = next(
            (t for t in successors if t not in later and not units[t].follows), None
        )
        fits = successor is not None and _fits(units, [*keep, successor], budget)
        if successor is not None and fits and successor not in keep:
            keep.append(successor)
    left = _left_after(units, keep, budget)
    if left is None:
        return keep
    covered = {c for t in keep for c in units[t].bigrams}
    rest = [j for j in range(len(units)) if j not in later and j not in keep]
    fixed = rest.index(lead) if lead in rest else None
    again = solve_coverage(
        [units[j] for j in rest],
        {c: w for c, w in weights.items() if c not in covered},
        left,
        fixed=fixed,
        prior=prior,
    )
    return keep + [rest[k] for k in again or []]


def _fits(units: Sequence[Unit], picked: Sequence[int], budget: Budget) -> bool:
    return budget.fits(sum(units[j].words for j in picked), len(picked))


def _left_after(units: Sequence[Unit], picked: Sequence[int], budget: Budget) -> Budget | None:
    """The budget the ``picked`` units leave, or None when they leave no room."""
    words = None if budget.words is None else budget.words - sum(units[j].words for j in picked)
    sentences = None if budget.sentences is None else budget.sentences - len(picked)
    if (words is not None and words <= 0) or (sentences is not None and sentences <= 0):
        return None
    return Budget(words=words, sentences=sentences)


def story_lead(
    corpus: Corpus,
    units: Sequence[Unit],
    weights: dict[Concept, float],
    budget: Budget,
    later: Mapping[int, Sequence[Supersession]],
) -> int | None:
    """The lead a summary of the story holds: among the first ``LEAD_SENTENCES``
    sentences of the articles, the one whose weighted concepts, times its article's
    centrality (``concepts.doc_centrality``), weigh most; none that a later report
    supersedes, none longer than ``MAX_LEAD_SHARE`` of the word budget.

    A news report states its story in its first sentences, and the report nearest the
    story's centroid states it best: the ILP alone often spends the budget on sentences
    that each add a detail and leaves the event itself out.
    """
    longest = None if budget.words is None else MAX_LEAD_SHARE * budget.words
    centrality = doc_centrality(corpus)
    best: tuple[float, int] | None = None
    for j, unit in enumerate(units):
        if unit.position >= LEAD_SENTENCES or j in later or unit.follows:
            continue
        if longest is not None and unit.words > longest:
            continue
        score = sum(weights.get(c, 0.0) for c in set(unit.bigrams)) * centrality[unit.doc]
        if score > 0 and (best is None or score > best[0]):
            best = (score, j)
    return None if best is None else best[1]


def _long_running(corpus: Corpus) -> bool:
    """Do the dated reports span more than ``LEAD_MAX_SPAN``: a topic's, not one event's?"""
    days = [a.published for a in corpus.articles if a.published is not None]
    if len(days) < 2:
        return False
    return max(days) - min(days) > LEAD_MAX_SPAN


def select_latest(
    corpus: Corpus,
    units: Sequence[Unit],
    weights: dict[Concept, float],
    budget: Budget,
    *,
    lead: bool = False,
    prior: float = 0.0,
) -> tuple[Unit, ...]:
    """The ILP's summary of ``units``, preferring the latest word (``solve_latest``), then
    the budget fill, which takes no superseded sentence either. ``lead``: the summary
    holds the story's lead (``story_lead``), marked ``Unit.leads`` for the summary to
    open with; ``prior``: the share of a sentence's weight
    it earns for standing early in its article (``position_prior``; the plain summary's
    ``POSITION_PRIOR``: the query and update modes ask for other sentences than leads)."""
    if not units:
        return ()
    later = superseders(corpus, units)
    one_event = lead and not _long_running(corpus)
    first = story_lead(corpus, units, weights, budget, later) if one_event else None
    chosen = solve_latest(units, weights, budget, later, lead=first, prior=prior) or []
    current = [j for j in range(len(units)) if j not in later or j in chosen]
    picked = fill_budget([units[j] for j in current], [current.index(j) for j in chosen], budget)
    if first is None:
        return picked
    opening = units[first]
    return tuple(replace(u, leads=True) if u is opening else u for u in picked)


def fill_budget(
    units: Sequence[Unit], chosen: Sequence[int], budget: Budget
) -> tuple[Unit, ...]:
    """Fill the words the ILP left unused with lead-most sentences that add new words.

    When few concepts are shared (small stories), the ILP stops short of the budget;
    the rest goes to the earliest sentences of their articles (news leads), skipping
    any whose content words are mostly in the summary already.
    """
    picked = [units[j] for j in chosen]
    used_words = sum(u.words for u in picked)
    left_words = None if budget.words is None else budget.words - used_words
    left_sentences = None if budget.sentences is None else budget.sentences - len(picked)
    if left_words == 0 or left_sentences == 0:
        return tuple(picked)
    rest = [u for j, u in enumerate(units) if j not in set(chosen) and not u.follows]
    seen = {s for u in picked for s in u.stems}

    def redundant(k: int, taken: Sequence[int]) -> bool:
        known = seen.union(*(rest[t].stems for t in taken))
        stems = rest[k].stems
        return sum(s in known for s in stems) > FILL_MAX_OVERLAP * len(stems)

    scores = [1.0 / (1 + u.position) for u in rest]
    extra = greedy_fill(
        rest, scores, Budget(words=left_words, sentences=left_sentences), redundant=redundant
    )
    return (*picked, *extra)


Weigher = Callable[[Corpus], dict[Concept, float]]


def story_weights(corpus: Corpus) -> dict[Concept, float]:
    """The default concept weights: learned from the dev sets (``summarizers.learned``)."""
    return learned_weights(corpus)


def select_with(corpus: Corpus, budget: Budget, weigh: Weigher) -> tuple[Unit, ...]:
    """The ILP's summary with the concept weights ``weigh`` gives, then the budget fill."""
    units = candidates_for_budget(corpus, budget.words, followers=True)
    return select_latest(corpus, units, weigh(corpus), budget, lead=True, prior=POSITION_PRIOR)


def select_ilp(corpus: Corpus, budget: Budget) -> tuple[Unit, ...]:
    """The default method: the ILP over learned concept weights."""
    return select_with(corpus, budget, story_weights)


def select_ilp_handset(corpus: Corpus, budget: Budget) -> tuple[Unit, ...]:
    """The baseline: the ILP over hand-set weights (articles, lead bonus, pruning)."""
    return select_with(corpus, budget, concept_weights)
