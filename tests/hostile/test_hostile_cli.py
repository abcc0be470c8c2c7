"""The hostile corpus through ``storyfuse ingest`` and ``storyfuse summarize`` (issue 16).

Each test runs in this process (click's runner) and, marked slow, as ``python -m
storyfuse`` in a child, where a traceback, a hang and the memory a run takes show as a
user would see them. Every run must exit 0 with no traceback, name each bad item in a
warning, and keep every good one: the stored articles, or the summary's sources, are
exactly the ones the corpus holds, counted by file.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest
from hostile_corpus import FERRY, FIFO_NAME, Corpus, build_corpus
from hostile_run import Ran, Runner, in_child, in_process

from storyfuse.store import Store

# Hang guard, far above what a run takes here (ingest ~1 s, summarize ~2 s on 2 busy
# cores; the old patterns took ~40 s on the tab run alone, the old walk never ended).
HANG_GUARD_S = 60.0
# Memory bound of one child, generous: measured 157 MiB (ingest), 138 MiB (summarize) on this
# corpus (the 10 MB files are skipped before they are read; a 9 MB one-line text peaks at
# about 730 MB in summarize).
PEAK_RSS_BYTES = 1536 * 1024 * 1024

RUNNERS = [
    pytest.param(in_process, id="in-process"),
    pytest.param(in_child, id="child", marks=pytest.mark.slow),  # a fresh interpreter: ~2 s
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return build_corpus(tmp_path_factory.mktemp("hostile") / "corpus")


def _check_run(ran: Ran, corpus: Corpus) -> None:
    """Exit 0, no traceback, every bad item named in a warning, within the bounds."""
    assert ran.code == 0, ran.stderr[-2000:]
    assert "Traceback" not in ran.stderr
    warnings = [line for line in ran.stderr.splitlines() if line.startswith("warning: ")]
    for named in corpus.named:
        assert any(named in line for line in warnings), f"no warning names {named}"
    assert ran.seconds < HANG_GUARD_S
    if ran.peak_rss is not None:
        assert ran.peak_rss < PEAK_RSS_BYTES


def _stored(db: Path) -> tuple[Counter[str], Counter[str]]:
    """The stored articles by file, and how many stories each article is in."""
    with Store.open(db) as store:
        memberships: Counter[str] = Counter()
        paths: dict[str, str] = {}
        for story in store.stories(limit=1000):
            for article in store.story_articles(story.id):
                memberships[article.id] += 1
                paths[article.id] = article.path or ""
        assert store.count_articles() == len(paths)
    return Counter(paths.values()), memberships


@pytest.mark.parametrize("run", RUNNERS)
def test_ingest_keeps_every_good_article_and_names_every_bad_one(
    run: Runner, corpus: Corpus, tmp_path: Path
) -> None:
    db = tmp_path / "store.sqlite"
    ran = run(["ingest", str(corpus.root), "--db", str(db)], HANG_GUARD_S)
    _check_run(ran, corpus)
    for named in corpus.named_by_ingest:
        assert f"warning: {named}" in ran.stderr
    assert ran.stdout.startswith(f"{corpus.total} added, 0 already stored")
    by_file, memberships = _stored(db)
    assert by_file == corpus.articles
    assert set(memberships.values()) == {1}  # each article in exactly one story
    again = run(["ingest", str(corpus.root), "--db", str(db), "--json"], HANG_GUARD_S)
    _check_run(again, corpus)
    report = json.loads(again.stdout)
    assert (report["added"], report["existing"]) == (0, corpus.total)


@pytest.mark.parametrize("run", RUNNERS)
def test_summarize_as_json_cites_from_every_good_article(
    run: Runner, corpus: Corpus, tmp_path: Path
) -> None:
    ran = run(["summarize", str(corpus.root), "--format", "json"], HANG_GUARD_S)
    _check_run(ran, corpus)
    brief = json.loads(ran.stdout)
    assert Counter(source["path"] for source in brief["sources"]) == corpus.articles
    assert brief["sentences"] and all(s["text"].strip() for s in brief["sentences"])
    numbers = {source["number"] for source in brief["sources"]}
    assert all(set(s["citations"]) <= numbers for s in brief["sentences"])
    text = json.dumps(brief, ensure_ascii=False)
    assert "\x00" not in text and "\x1b" not in text and "\\u0000" not in ran.stdout


@pytest.mark.slow  # a fresh interpreter: what a terminal would get
def test_summarize_as_text_prints_a_summary(corpus: Corpus) -> None:
    ran = in_child(["summarize", str(corpus.root)], HANG_GUARD_S)
    _check_run(ran, corpus)
    summary, _, rest = ran.stdout.partition("\n\n")
    assert len(summary.split()) >= 20 and "[1" in summary
    assert "Sources" in rest and "bad\\xffname.txt" in rest
    assert "\x1b" not in ran.stdout and "\x00" not in ran.stdout  # nothing for a terminal


@pytest.mark.parametrize("run", RUNNERS)
def test_summarize_of_files_given_one_by_one(run: Runner, corpus: Corpus) -> None:
    """The corpus named entry by entry (what a shell glob gives), but for the links to it:
    a file reached through ``loop0/`` first would be loaded (once) under that name."""
    entries = sorted(os.listdir(os.fsencode(corpus.root)))
    paths = [os.fsdecode(os.path.join(os.fsencode(corpus.root), name)) for name in entries]
    paths = [path for path in paths if not os.path.islink(path)]
    ran = run(["summarize", *paths, "--format", "json", "--no-analysis"], HANG_GUARD_S)
    _check_run(ran, corpus)
    if (corpus.root / FIFO_NAME).exists():  # named, and not waited on
        assert f"warning: {corpus.root / FIFO_NAME}: not a regular file, skipped" in ran.stderr
    sources = Counter(source["path"] for source in json.loads(ran.stdout)["sources"])
    assert sources == corpus.articles


def test_summarize_reads_hostile_json_lines_from_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [
        '{"text": ' + "[" * 100_000,  # an object too deep to read: still JSON Lines
        json.dumps({"text": "The pier \ud800 was closed on Monday, the harbour office said."}),
        "[" * 100_000,
        json.dumps({"text": FERRY, "title": "Ferry\x00"}),
    ]
    monkeypatch.setattr("storyfuse.cli.inputs.read_stdin", lambda: "\n".join(lines).encode())
    ran = in_process(["summarize", "-", "--format", "json", "--no-analysis"], HANG_GUARD_S)
    assert ran.code == 0 and "Traceback" not in ran.stderr
    for warning in (
        "<stdin>:1: JSON nested too deeply",
        "<stdin>:2: 'text' holds a lone surrogate",
        "<stdin>:3: JSON nested too deeply",
        "<stdin>:4: 'title' holds a control character",
    ):
        assert f"warning: {warning}" in ran.stderr
    assert len(json.loads(ran.stdout)["sources"]) == 2


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="running as root: chmod 000 does not stop root from listing a folder "
    "(tests/ingest/test_ingest_hostile.py covers it by making the listing fail)",
)
def test_ingest_names_an_unreadable_folder_and_goes_on(corpus: Corpus, tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "closed").mkdir(parents=True)
    (root / "closed" / "doc.txt").write_text(FERRY)
    (root / "open.txt").write_text(FERRY.replace("Tuesday", "Wednesday"))
    (root / "closed").chmod(0)
    try:
        ran = in_process(["ingest", str(root), "--db", str(tmp_path / "db.sqlite")], HANG_GUARD_S)
    finally:
        (root / "closed").chmod(0o755)
    assert ran.code == 0
    assert f"warning: {root / 'closed'}: folder unreadable" in ran.stderr
    assert ran.stdout.startswith("1 added")
