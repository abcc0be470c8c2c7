"""The command line, through click's runner: real output, clear errors, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from storyfuse import bench
from storyfuse.cli import DEFAULT_WORDS, FORMATS, PEER, main
from storyfuse.samples import sample_dir

# Two tiny invented reports and a reference, laid out like ../shared/data.
REPORT_A = (
    "Engineers closed the Calder Bridge on Monday after finding a cracked pier under the deck.\n"
    "The harbour master said ferries would run every twenty minutes while repairs go on.\n"
)
REPORT_B = (
    "The Calder Bridge was closed on Monday when engineers found a cracked pier under it.\n"
    "Ferries will run every twenty minutes, the harbour master said on Monday evening.\n"
)
REFERENCE = "The Calder Bridge closed on Monday after engineers found a cracked pier."


def _dataset(root: Path) -> Path:
    cluster = root / "set" / "c1"
    (cluster / "docs").mkdir(parents=True)
    (cluster / "refs").mkdir()
    (cluster / "docs" / "a.txt").write_text(REPORT_A, encoding="utf-8")
    (cluster / "docs" / "b.txt").write_text(REPORT_B, encoding="utf-8")
    (cluster / "refs" / "r.txt").write_text(REFERENCE, encoding="utf-8")
    return root / "set"


def test_help_lists_methods_and_formats() -> None:
    result = CliRunner().invoke(main, ["summarize", "--help"])
    assert result.exit_code == 0
    for name in ("ilp", "centroid", "mmr", "lexrank", "json", "plain"):
        assert name in result.output


def test_demo_cites_sources() -> None:
    result = CliRunner().invoke(main, ["demo"])
    assert result.exit_code == 0, result.output
    assert "[1]" in result.output
    assert "Sources" in result.output


def test_summarize_without_paths_uses_the_sample() -> None:
    runner = CliRunner()
    default = runner.invoke(main, ["summarize", "--format", "plain"])
    explicit = runner.invoke(main, ["summarize", str(sample_dir()), "--format", "plain"])
    assert default.exit_code == 0
    assert default.output == explicit.output


def test_summarize_json_carries_offsets(tmp_path: Path) -> None:
    docs = _dataset(tmp_path) / "c1" / "docs"
    args = ["summarize", str(docs), "--words", "30", "--format", "json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    texts = {p.name: p.read_text(encoding="utf-8") for p in docs.iterdir()}
    assert data["sentences"]
    for sentence in data["sentences"]:
        assert sentence["support"] == len(sentence["supporting"])
        start, end = sentence["start"], sentence["end"]
        assert any(t[start:end] == sentence["text"] for t in texts.values())


def test_bad_input_warns_per_file_and_fails_with_exit_2(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "notes.xyz").write_text("hello", encoding="utf-8")
    result = CliRunner().invoke(main, ["summarize", str(tmp_path)])
    assert result.exit_code == 2
    assert "empty.txt" in result.output
    assert "notes.xyz" in result.output
    assert "error: no readable article" in result.output
    assert "Traceback" not in result.output


def test_unknown_method_lists_choices() -> None:
    result = CliRunner().invoke(main, ["summarize", "--method", "textrank"])
    assert result.exit_code == 2
    assert "ilp" in result.output and "lexrank" in result.output


def test_eval_json(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["eval", str(_dataset(tmp_path)), "--words", "20", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["scored"] == 1
    assert 0 < data["average"]["rouge2"]["recall"] <= 1


def test_bench_json_without_peer(tmp_path: Path) -> None:
    args = ["bench", str(_dataset(tmp_path)), "--words", "20", "--no-peer", "--repeats", "1"]
    result = CliRunner().invoke(main, [*args, "--methods", "ilp,lexrank", "--json"])
    assert result.exit_code == 0, result.output
    names = [m["name"] for m in json.loads(result.output)["methods"]]
    assert names == ["ilp", "lexrank"]


def test_peer_name_matches_bench() -> None:
    assert PEER == bench.PEER


def test_cli_constants_match_the_modules_they_name() -> None:
    from storyfuse import pipeline, render

    assert tuple(render.FORMATS) == FORMATS
    assert pipeline.DEFAULT_WORDS == DEFAULT_WORDS
