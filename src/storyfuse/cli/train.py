"""``storyfuse train-weights``: fit the learned concept weights on the dev sets.

The evaluation code (and rouge-score, the ``eval`` extra) is imported only when it runs.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from storyfuse.errors import StoryfuseError

if TYPE_CHECKING:
    from storyfuse.eval.train import TrainingReport
    from storyfuse.summarizers.learned import ConceptModel
    from storyfuse.text.corpus import Budget, Corpus

PERCENT = 100.0


def _summarise(corpus: Corpus, budget: Budget, model: ConceptModel | None) -> str:
    """The summary ``storyfuse summarize`` would give, one sentence a line; ``model`` None:
    the hand-set weights."""
    from storyfuse.summarizers.cite import cite
    from storyfuse.summarizers.ilp import concept_weights, select_with
    from storyfuse.summarizers.learned import learned_weights

    if model is None:
        units = select_with(corpus, budget, concept_weights)
    else:
        units = select_with(corpus, budget, lambda c: learned_weights(c, model))
    return "\n".join(item.sentence.text for item in cite(corpus, units))


def _prepare(folder: Path) -> Corpus:
    from storyfuse.ingest import load_paths
    from storyfuse.pipeline import prepare

    return prepare(load_paths([folder]).articles)


def render_training(report: TrainingReport) -> str:
    """The leave-one-set-out table, as plain text."""
    lines = [
        "ROUGE-2 recall x100, each set held out (fitted on the others)"
        + (", min_probability chosen without it" if report.nested else ""),
        f"{'set':<22}{'words':>6}{'stories':>8}{'hand-set':>10}{'learned':>9}"
        f"{'gain':>8}{'better':>8}{'worse':>7}{'min_p':>7}",
    ]
    for s in report.sets:
        lines.append(
            f"{s.name:<22}{s.words:>6}{s.stories:>8}{s.handset * PERCENT:>10.2f}"
            f"{s.learned * PERCENT:>9.2f}{(s.learned - s.handset) * PERCENT:>+8.2f}"
            f"{s.better:>8}{s.worse:>7}{s.min_probability:>7}"
        )
    low, high = report.gain_interval
    lines.append(
        "pooled per-story gain, 95% bootstrap interval: "
        f"[{low * PERCENT:+.2f}, {high * PERCENT:+.2f}]"
    )
    grid = ", ".join(f"{p}: {g * PERCENT:+.2f}%" for p, g in report.grid_gains.items())
    lines.append(f"mean relative held-out gain by min_probability: {grid}")
    lines.append(f"shipped: fitted on every set, min_probability {report.model.min_probability}")
    return "\n".join(lines)


@click.command("train-weights")
@click.option(
    "--set",
    "sets",
    type=(click.Path(exists=True, file_okay=False, path_type=Path), click.IntRange(min=1)),
    multiple=True,
    required=True,
    metavar="DATASET WORDS",
    help="A dev set and the summary length it is scored at; give two or more.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the coefficients file here (the package's is "
    "src/storyfuse/summarizers/learned_weights.json).",
)
@click.option(
    "--nested",
    is_flag=True,
    help="Also choose min_probability without each held-out set (an honest held-out "
    "figure; about four times the work).",
)
def train_weights_cmd(sets: tuple[tuple[Path, int], ...], out: Path | None, nested: bool) -> None:
    """Fit the learned concept weights on dev sets; print each set's held-out ROUGE-2.

    Example: storyfuse train-weights --set ../shared/data/duc2003 100
    --set ../shared/data/multinews_dev 250 ... --out FILE
    """
    from storyfuse.eval.rouge import require_rouge
    from storyfuse.eval.train import load_training_set, train

    def say(text: str) -> None:
        click.echo(text, err=True)

    try:
        require_rouge()
        data = []
        for path, words in sets:
            say(f"reading {path}")
            data.append(load_training_set(path, words, _prepare))
        report = train(data, _summarise, nested=nested, progress=say)
    except (StoryfuseError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(render_training(report))
    if out is not None:
        record = report.to_dict()
        record["command"] = "storyfuse train-weights " + " ".join(
            f"--set {path.name} {words}" for path, words in sets
        ) + (" --nested" if nested else "")
        out.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {out}", file=sys.stderr)
