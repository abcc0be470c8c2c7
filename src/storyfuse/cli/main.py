"""The ``storyfuse`` command line: the group and, in one place, every command on it.

Each command group lives in its own module and imports its heavy dependencies only when
a command runs, so ``storyfuse --help`` stays fast.
"""

from __future__ import annotations

import click

from storyfuse.cli import evaluate, stream, summarize, train, web


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="storyfuse")
def main() -> None:
    """storyfuse: one cited brief from many reports of a news story."""


COMMANDS: tuple[click.Command, ...] = (
    # one brief from files
    summarize.summarize_cmd,
    summarize.demo_cmd,
    summarize.methods_cmd,
    # the store: a stream of articles grouped into stories
    stream.ingest_cmd,
    stream.stories_cmd,
    stream.brief_cmd,
    stream.search_cmd,
    stream.batch_cmd,
    # the web app and HTTP API
    web.serve_cmd,
    # evaluation and benchmarks
    evaluate.eval_cmd,
    evaluate.eval_brief_cmd,
    evaluate.bench_cmd,
    evaluate.bench_stories_cmd,
    evaluate.bench_stream_cmd,
    evaluate.bench_brief_cmd,
    evaluate.bench_web_cmd,
    train.train_weights_cmd,
)
for _command in COMMANDS:
    main.add_command(_command)

__all__ = ["COMMANDS", "main"]
