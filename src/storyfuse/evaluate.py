"""ROUGE against human references, scored the way ROUGE-1.5.5 scores DUC.

The convention (``shared/data/README.md``) is ROUGE-1.5.5 ``-n 2 -m -l N -f A``; this
module follows that script step by step, in pure Python:

1. ``-l N``: the summary and every reference are read one line per sentence (empty lines
   skipped) and cut to their first N words, where a word is a field of Perl's
   ``split(/\\s+/, line)`` on the raw text, before any tokenisation (``cut_to_words``).
2. Tokens: lowercase, every character other than ASCII letters and digits becomes a space,
   stopwords kept, ``-m``: tokens longer than 3 characters Porter-stemmed. Tokenising and
   stemming are rouge-score's own (``DefaultTokenizer(use_stemmer=True)``).
3. ``-f A``: counts are pooled over the references. For ROUGE-N,
   recall = sum of clipped matches / sum of reference n-grams, and
   precision = sum of clipped matches / (number of references x summary n-grams).
4. ROUGE-L is ROUGE-1.5.5's summary-level union LCS: for each reference sentence, the union
   of its LCS with every summary sentence, each hit clipped by the unigram counts left in
   the reference and the summary; pooled over references like ROUGE-N.
5. Over a data set, scores are macro averages: the mean over clusters of each cluster's
   recall, precision and F1 (ROUGE-1.5.5's "Average_R/P/F").

Known differences from the Perl script: rouge-score's stemmer is NLTK's Porter with its
extensions, not the script's Perl Porter, and the script's WordNet exception list (``went`` ->
``go``) is not applied; the script also rounds each cluster's R and P to 5 decimals before
its F. ``evaluate_dataset`` runs a summarizer over a data set that ``load_dataset`` reads.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rouge_score.tokenizers import DefaultTokenizer

from storyfuse.errors import StoryfuseError

DOCS_DIR = "docs"
REFS_DIR = "refs"
META_FILE = "meta.json"
TEXT_GLOB = "*.txt"

ROUGE_NAMES = ("rouge1", "rouge2", "rougeL")
PERCENT = 100.0
ERROR_CELL_CHARS = 80

# Perl's \s on bytes: ASCII whitespace only (a no-break space is part of a word there).
_PERL_SPACE_RE = re.compile(r"\s+", re.ASCII)
# The script reads bytes: every byte of a non-ASCII character becomes a space.
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")
_TOKENIZER = DefaultTokenizer(use_stemmer=True)


class DatasetError(StoryfuseError, ValueError):
    """A folder that is not an evaluation data set, or a cluster in it that is broken."""


# --------------------------------------------------------------------------- data set


@dataclass(frozen=True, slots=True)
class EvalCluster:
    """One cluster of a data set: its documents' folder, its references and its meta.json."""

    id: str
    path: Path
    docs_dir: Path
    references: tuple[str, ...]
    meta: dict[str, Any] = field(default_factory=dict, hash=False)


def load_dataset(path: Path) -> tuple[EvalCluster, ...]:
    """The clusters of ``<set>/<cluster>/{docs,refs,meta.json}``, sorted by id.

    ``path`` may also be a single cluster folder. Raises ``DatasetError`` naming the folder
    when it holds no cluster, or when a cluster lacks documents or references.
    """
    path = Path(path)
    if not path.is_dir():
        raise DatasetError(f"{path}: not a folder")
    if (path / DOCS_DIR).is_dir():
        return (_load_cluster(path),)
    folders = sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith("."))
    clusters = tuple(_load_cluster(p) for p in folders if (p / DOCS_DIR).is_dir())
    if not clusters:
        raise DatasetError(
            f"{path}: not an evaluation data set "
            f"(expected <cluster>/{DOCS_DIR}/*.txt and <cluster>/{REFS_DIR}/*.txt)"
        )
    return tuple(sorted(clusters, key=lambda c: c.id))


def _load_cluster(folder: Path) -> EvalCluster:
    docs_dir = folder / DOCS_DIR
    if not any(docs_dir.glob(TEXT_GLOB)):
        raise DatasetError(f"{docs_dir}: no documents ({TEXT_GLOB})")
    ref_paths = sorted((folder / REFS_DIR).glob(TEXT_GLOB))
    if not ref_paths:
        raise DatasetError(f"{folder / REFS_DIR}: no reference summaries ({TEXT_GLOB})")
    references = tuple(p.read_text(encoding="utf-8", errors="replace") for p in ref_paths)
    return EvalCluster(
        id=folder.name,
        path=folder,
        docs_dir=docs_dir,
        references=references,
        meta=_load_meta(folder / META_FILE),
    )


def _load_meta(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DatasetError(f"{path}: not valid JSON ({exc})") from exc
    if not isinstance(meta, dict):
        raise DatasetError(f"{path}: expected a JSON object")
    return meta


# --------------------------------------------------------------------------- ROUGE


class Prf(NamedTuple):
    recall: float
    precision: float
    f1: float

    def to_dict(self) -> dict[str, float]:
        return {"recall": self.recall, "precision": self.precision, "f1": self.f1}


class Overlap(NamedTuple):
    """Pooled counts behind one ROUGE score.

    ``summary_total`` is the summary's n-gram (or token) count times the number of
    references, as ROUGE-1.5.5 ``-f A`` sums it once per reference.
    """

    hits: int
    reference_total: int
    summary_total: int

    def scores(self) -> Prf:
        recall = self.hits / self.reference_total if self.reference_total else 0.0
        precision = self.hits / self.summary_total if self.summary_total else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
        return Prf(recall, precision, f1)


class RougeCounts(NamedTuple):
    r1: Overlap
    r2: Overlap
    rl: Overlap


class RougeScores(NamedTuple):
    r1: Prf
    r2: Prf
    rl: Prf

    def to_dict(self) -> dict[str, dict[str, float]]:
        return {name: prf.to_dict() for name, prf in zip(ROUGE_NAMES, self, strict=True)}


def cut_to_words(text: str, words: int | None) -> tuple[str, ...]:
    """The sentences (lines) of ``text`` that ROUGE-1.5.5 ``-l words`` scores.

    Lines are kept whole while they fit and the last one is cut to the words left. Words are
    fields of Perl's ``split(/\\s+/, line)``: a line that starts with whitespace has an
    empty first field, which counts as a word, exactly as in the script.
    """
    if words is not None and words <= 0:
        raise ValueError(f"words must be positive, got {words}")
    lines = [line for line in text.split("\n") if line]
    if words is None:
        return tuple(lines)
    kept: list[str] = []
    used = 0
    for line in lines:
        fields = _perl_split(line)
        if used + len(fields) < words:
            kept.append(line)
            used += len(fields)
        else:
            kept.append(" ".join(fields[: words - used]))
            break
    return tuple(kept)


def _perl_split(line: str) -> list[str]:
    fields = _PERL_SPACE_RE.split(line)
    while fields and not fields[-1]:
        fields.pop()  # Perl's split drops trailing empty fields
    return fields


def rouge_tokens(sentence: str) -> list[str]:
    """ROUGE's tokens of one sentence: ASCII alphanumerics, lowercased, stemmed."""
    return list(_TOKENIZER.tokenize(_NON_ASCII_RE.sub(" ", sentence)))


def _tokenized(text: str, words: int | None) -> list[list[str]]:
    return [rouge_tokens(line) for line in cut_to_words(text, words)]


def _ngrams(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def ngram_overlap(summary: Sequence[str], references: Sequence[Sequence[str]], n: int) -> Overlap:
    """ROUGE-N counts of summary tokens against reference tokens, pooled (``-f A``)."""
    peer = _ngrams(summary, n)
    peer_total = sum(peer.values())
    hits = reference_total = 0
    for reference in references:
        model = _ngrams(reference, n)
        hits += sum(min(count, peer[gram]) for gram, count in model.items())
        reference_total += sum(model.values())
    return Overlap(hits, reference_total, peer_total * len(references))


def lcs_overlap(
    summary: Sequence[Sequence[str]], references: Sequence[Sequence[Sequence[str]]]
) -> Overlap:
    """ROUGE-L counts: ROUGE-1.5.5's summary-level union LCS, pooled over references.

    ``summary`` and each reference are lists of tokenised sentences.
    """
    peer_counts = Counter(token for sentence in summary for token in sentence)
    peer_total = sum(peer_counts.values())
    hits = reference_total = 0
    for reference in references:
        hits += _union_lcs_hits(reference, summary, peer_counts)
        reference_total += sum(len(sentence) for sentence in reference)
    return Overlap(hits, reference_total, peer_total * len(references))


def _union_lcs_hits(
    reference: Sequence[Sequence[str]],
    summary: Sequence[Sequence[str]],
    peer_counts: Counter[str],
) -> int:
    """Union-LCS hits of one reference, each hit clipped by the unigrams left on both sides.

    The clipping (ROUGE-1.4.1's fix) keeps ROUGE-L at or below ROUGE-1.
    """
    model_left = Counter(token for sentence in reference for token in sentence)
    peer_left = peer_counts.copy()
    hits = 0
    for sentence in reference:
        mask = [False] * len(sentence)
        for peer_sentence in summary:
            _mark_lcs(sentence, peer_sentence, mask)
        for token, marked in zip(sentence, mask, strict=True):
            if marked and model_left[token] > 0 and peer_left[token] > 0:
                hits += 1
                model_left[token] -= 1
                peer_left[token] -= 1
    return hits


def _mark_lcs(model: Sequence[str], peer: Sequence[str], mask: list[bool]) -> None:
    """Mark the model positions of one LCS of ``model`` and ``peer``.

    The LCS is the one ROUGE-1.5.5 backtracks: a match goes diagonal, otherwise up
    (dropping a model token) when that keeps at least as long a subsequence, else left.
    """
    m, n = len(model), len(peer)
    if not m or not n:
        return
    table = [[0] * (n + 1) for _ in range(m + 1)]
    for i in range(1, m + 1):
        row, above, token = table[i], table[i - 1], model[i - 1]
        for j in range(1, n + 1):
            if token == peer[j - 1]:
                row[j] = above[j - 1] + 1
            else:
                row[j] = above[j] if above[j] >= row[j - 1] else row[j - 1]
    i, j = m, n
    while i and j:
        if model[i - 1] == peer[j - 1]:
            i -= 1
            j -= 1
            mask[i] = True
        elif table[i - 1][j] >= table[i][j - 1]:
            i -= 1
        else:
            j -= 1


def rouge_counts(summary: str, references: Sequence[str], *, words: int | None) -> RougeCounts:
    """The pooled ROUGE-1, ROUGE-2 and ROUGE-L counts of ``summary`` (see ``rouge``)."""
    if not references:
        raise ValueError("ROUGE needs at least one reference")
    peer = _tokenized(summary, words)
    models = [_tokenized(reference, words) for reference in references]
    peer_flat = [token for sentence in peer for token in sentence]
    models_flat = [[token for sentence in model for token in sentence] for model in models]
    return RougeCounts(
        r1=ngram_overlap(peer_flat, models_flat, 1),
        r2=ngram_overlap(peer_flat, models_flat, 2),
        rl=lcs_overlap(peer, models),
    )


def rouge(summary: str, references: Sequence[str], *, words: int | None) -> RougeScores:
    """ROUGE-1, ROUGE-2 and ROUGE-L of ``summary``, as ROUGE-1.5.5 ``-n 2 -m -l words -f A``.

    Sentences are lines; ``words=None`` scores the whole texts (no ``-l``).
    """
    counts = rouge_counts(summary, references, words=words)
    return RougeScores(*(overlap.scores() for overlap in counts))


def mean_scores(scores: Sequence[RougeScores]) -> RougeScores:
    """Macro average: the mean of each recall, precision and F1 over clusters."""
    if not scores:
        raise ValueError("no scores to average")
    count = len(scores)
    return RougeScores(
        *(
            Prf(*(sum(s[metric][part] for s in scores) / count for part in range(len(Prf._fields))))
            for metric in range(len(RougeScores._fields))
        )
    )


# --------------------------------------------------------------------------- data sets


@dataclass(frozen=True, slots=True)
class ClusterResult:
    """One cluster's outcome: its scores, or the error its summarizer raised."""

    id: str
    scores: RougeScores | None
    summary_words: int = 0
    seconds: float = 0.0
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.scores is not None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "seconds": self.seconds}
        if self.scores is not None:
            out.update(summary_words=self.summary_words, **self.scores.to_dict())
        else:
            out["error"] = self.error
        return out


@dataclass(frozen=True, slots=True)
class EvalReport:
    """Per-cluster scores of one run over a data set, and their macro averages."""

    words: int
    results: tuple[ClusterResult, ...]

    @property
    def scored(self) -> tuple[ClusterResult, ...]:
        return tuple(r for r in self.results if r.ok)

    @property
    def failed(self) -> tuple[ClusterResult, ...]:
        return tuple(r for r in self.results if not r.ok)

    @property
    def average(self) -> RougeScores | None:
        """Mean over the scored clusters; ``None`` when none was scored."""
        scores = [r.scores for r in self.results if r.scores is not None]
        return mean_scores(scores) if scores else None

    def to_dict(self) -> dict[str, Any]:
        average = self.average
        scored = self.scored
        return {
            "words": self.words,
            "clusters": len(self.results),
            "scored": len(scored),
            "failed": [{"id": r.id, "error": r.error} for r in self.failed],
            "average": average.to_dict() if average is not None else None,
            "mean_summary_words": (
                sum(r.summary_words for r in scored) / len(scored) if scored else None
            ),
            "per_cluster": [r.to_dict() for r in self.results],
        }


class Paired(NamedTuple):
    """Two runs' mean ROUGE-2 recall over the same clusters, and how often each won."""

    scope: str
    clusters: int
    mode: float
    plain: float
    delta: float  # mode - plain
    better: int  # clusters where the mode scored higher
    worse: int


def compare_reports(
    mode: EvalReport, plain: EvalReport, scopes: Mapping[str, Sequence[str]]
) -> tuple[Paired, ...]:
    """Paired ROUGE-2 recall of two runs, per scope (a name and its cluster ids).

    Only clusters both runs scored count; an empty scope is left out.
    """
    mode_r2 = {r.id: r.scores.r2.recall for r in mode.results if r.scores is not None}
    plain_r2 = {r.id: r.scores.r2.recall for r in plain.results if r.scores is not None}
    out: list[Paired] = []
    for name, ids in scopes.items():
        both = [i for i in ids if i in mode_r2 and i in plain_r2]
        if not both:
            continue
        m = sum(mode_r2[i] for i in both) / len(both)
        p = sum(plain_r2[i] for i in both) / len(both)
        out.append(
            Paired(
                scope=name,
                clusters=len(both),
                mode=m,
                plain=p,
                delta=m - p,
                better=sum(mode_r2[i] > plain_r2[i] for i in both),
                worse=sum(mode_r2[i] < plain_r2[i] for i in both),
            )
        )
    return tuple(out)


def make_progress(enabled: bool) -> Progress:
    """A rich progress bar on stderr, shown only when asked for and stderr is a terminal."""
    console = Console(stderr=True)
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=not (enabled and console.is_terminal),
        transient=True,
    )


def evaluate_cluster(
    cluster: EvalCluster, summarize: Callable[[EvalCluster], str], *, words: int
) -> ClusterResult:
    """Summarize one cluster and score it; an exception becomes a failed result."""
    start = time.perf_counter()
    try:
        summary = summarize(cluster)
    except Exception as exc:  # any summarizer failure is reported, not fatal
        return ClusterResult(
            id=cluster.id,
            scores=None,
            seconds=time.perf_counter() - start,
            error=f"{type(exc).__name__}: {exc}",
        )
    seconds = time.perf_counter() - start
    return ClusterResult(
        id=cluster.id,
        scores=rouge(summary, cluster.references, words=words),
        summary_words=len(summary.split()),
        seconds=seconds,
    )


def evaluate_dataset(
    clusters: Iterable[EvalCluster],
    summarize: Callable[[EvalCluster], str],
    *,
    words: int,
    progress: bool = False,
) -> EvalReport:
    """Summarize every cluster with ``summarize`` and score it against its references.

    A cluster whose summarizer raises is recorded with its error and left out of the
    averages; the run goes on.
    """
    todo = tuple(clusters)
    results: list[ClusterResult] = []
    with make_progress(progress) as bar:
        task = bar.add_task("evaluating", total=len(todo))
        for cluster in todo:
            bar.update(task, description=f"evaluating {cluster.id}")
            results.append(evaluate_cluster(cluster, summarize, words=words))
            bar.advance(task)
    return EvalReport(words=words, results=tuple(results))


def render_report(report: EvalReport, *, per_cluster: bool = False) -> Table:
    """A rich table of the average scores (x100), optionally one row per scored cluster.

    Failed clusters are named, with their errors, in the caption.
    """
    failed = report.failed
    caption = f"{len(report.scored)} of {len(report.results)} clusters scored"
    if failed:
        errors = "; ".join(f"{r.id}: {(r.error or '')[:ERROR_CELL_CHARS]}" for r in failed)
        caption += f"; failed: {errors}"
    table = Table(title=f"ROUGE, -l {report.words}, pooled over references (x100)", caption=caption)
    table.add_column("cluster")
    for name in ROUGE_NAMES:
        for part in ("R", "P", "F"):
            table.add_column(f"R{name[5:].upper()}-{part}", justify="right")
    table.add_column("words", justify="right")
    if per_cluster:
        for result in report.scored:
            assert result.scores is not None
            table.add_row(result.id, *_score_cells(result.scores), str(result.summary_words))
        table.add_section()
    average = report.average
    if average is not None:
        scored = report.scored
        mean_words = sum(r.summary_words for r in scored) / len(scored)
        table.add_row("[bold]average[/bold]", *_score_cells(average), f"{mean_words:.1f}")
    return table


def _score_cells(scores: RougeScores) -> list[str]:
    return [f"{value * PERCENT:.2f}" for prf in scores for value in prf]


PREVIOUS_SETS_KEY = "previous_sets"  # meta.json: sibling clusters read before this one
TOPIC_KEY = "topic"  # meta.json: {"title": ..., "narrative": ...}, the query


def previous_docs(cluster: EvalCluster) -> tuple[Path, ...]:
    """The docs folders of the clusters ``meta.json`` says were read before this one.

    They are sibling folders named in ``previous_sets`` (DUC 2007 update task: set B
    follows A, set C follows A and B). Raises ``DatasetError`` when the key is absent
    or a named folder has no documents.
    """
    names = cluster.meta.get(PREVIOUS_SETS_KEY)
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise DatasetError(f"{cluster.path / META_FILE}: no '{PREVIOUS_SETS_KEY}' list")
    folders = tuple(cluster.path.parent / name / DOCS_DIR for name in names)
    for folder in folders:
        if not folder.is_dir():
            raise DatasetError(f"{cluster.id}: previous set {folder} not found")
    return folders


def meta_query(cluster: EvalCluster) -> str:
    """The query of a query-focused cluster: its topic's title and narrative, joined."""
    topic = cluster.meta.get(TOPIC_KEY)
    parts = [topic.get(k) for k in ("title", "narrative")] if isinstance(topic, dict) else []
    text = " ".join(p.strip() for p in parts if isinstance(p, str) and p.strip())
    if not text:
        raise DatasetError(f"{cluster.path / META_FILE}: no '{TOPIC_KEY}' title or narrative")
    return text


def cluster_summarizer(
    method: str, *, words: int, update: bool = False, query_from_meta: bool = False
) -> Callable[[EvalCluster], str]:
    """What ``storyfuse eval`` scores: a cluster's docs summarized by ``method``.

    ``method`` is a registry name or the sumy peer (``storyfuse.bench.PEER``), which runs
    on the same cleaned, segmented sentences. The text has one sentence per line.
    ``update``: the documents of the clusters in meta.json's ``previous_sets`` are the
    articles read before (an update summary; a cluster with none gets a plain one).
    ``query_from_meta``: meta.json's topic title and narrative are the query.
    """
    from storyfuse.bench import PEER, sumy_lexrank
    from storyfuse.ingest import load_paths
    from storyfuse.pipeline import prepare, summarize_corpus
    from storyfuse.summarizers.corpus import Budget

    if method == PEER and (update or query_from_meta):
        raise ValueError(f"{PEER} has no update or query mode")

    def run(cluster: EvalCluster) -> str:
        corpus = prepare(load_paths([cluster.docs_dir]).articles)
        if method == PEER:
            lines = sumy_lexrank([u.sentence.text for u in corpus.units], words=words)
            return "\n".join(lines)
        previous = None
        if update and (folders := previous_docs(cluster)):
            previous = prepare(load_paths(list(folders)).articles)
        query = meta_query(cluster) if query_from_meta else None
        summary = summarize_corpus(
            corpus, Budget(words=words), method, previous=previous, query=query
        )
        return "\n".join(item.sentence.text for item in summary.items)

    return run
