"""Score a summarizer over a data set: per-cluster ROUGE, the report, paired comparisons.

``evaluate_dataset`` runs a summarizer (``cluster_summarizer``: a registry method or the
sumy peer) over the clusters ``storyfuse.eval.datasets.load_dataset`` reads and scores
each with ``storyfuse.eval.rouge``; ``render_report`` prints the table.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from storyfuse.eval.datasets import EvalCluster, meta_query, previous_docs
from storyfuse.eval.rouge import ROUGE_NAMES, RougeScores, mean_scores, rouge

PERCENT = 100.0
ERROR_CELL_CHARS = 80

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



def cluster_summarizer(
    method: str, *, words: int, update: bool = False, query_from_meta: bool = False
) -> Callable[[EvalCluster], str]:
    """What ``storyfuse eval`` scores: a cluster's docs summarized by ``method``.

    ``method`` is a registry name or the sumy peer (``storyfuse.eval.peers.PEER``), which
    runs on the same cleaned, segmented sentences. The text has one sentence per line.
    ``update``: the documents of the clusters in meta.json's ``previous_sets`` are the
    articles read before (an update summary; a cluster with none gets a plain one).
    ``query_from_meta``: meta.json's topic title and narrative are the query.
    """
    from storyfuse.eval.peers import PEER, sumy_lexrank
    from storyfuse.ingest import load_paths
    from storyfuse.pipeline import prepare, summarize_corpus
    from storyfuse.text.corpus import Budget

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
