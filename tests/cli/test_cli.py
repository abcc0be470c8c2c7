"""The command line, through click's runner: real output, clear errors, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyfuse.cli.main import main
from storyfuse.defaults import FORMATS, PEER
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


@pytest.mark.slow  # a fresh interpreter imports the whole package
def test_python_dash_m_storyfuse_runs_the_same_command_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "storyfuse", "summarize", "--sentences", "1", "--format", "plain"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
    assert result.stdout.strip() == CliRunner().invoke(
        main, ["summarize", "--sentences", "1", "--format", "plain"]
    ).output.strip()


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


@pytest.mark.parametrize("no_analysis", [False, True])
def test_a_skipped_file_is_named_in_the_saved_briefs_notes(
    tmp_path: Path, no_analysis: bool
) -> None:
    # A file the brief leaves out is said on stderr and kept in the JSON's notes, so the
    # brief a user saves still tells that one of the files given was not read.
    (tmp_path / "a.txt").write_text(REPORT_A, encoding="utf-8")
    (tmp_path / "b.txt").write_text(REPORT_B, encoding="utf-8")
    (tmp_path / "copy.txt").write_text(REPORT_A, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    args = ["summarize", str(tmp_path), "--format", "json", "--sentences", "1"]
    result = CliRunner().invoke(main, args + (["--no-analysis"] if no_analysis else []))
    assert result.exit_code == 0, result.stderr
    notes = json.loads(result.stdout)["notes"]
    skipped = [n for n in notes if "copy.txt: duplicate of" in n]
    assert len(skipped) == 1 and skipped[0].endswith("a.txt (same text), skipped")
    assert any("empty.txt" in n for n in notes)
    assert sum("warning: " in line for line in result.stderr.splitlines()) == 2


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


def test_the_renderers_are_the_formats_the_cli_offers() -> None:
    from storyfuse import rendering

    assert tuple(rendering.FORMATS) == FORMATS


# --------------------------------------------------------------------------- update, query

# Invented follow-up reports of the Calder Bridge story, dated through meta.json.
LATER = {
    "c": "Repair crews will brace the cracked pier of the Calder Bridge with a steel frame.\n"
    "The steel frame should let the bridge reopen to light traffic by the end of April.\n",
    "d": "A steel frame will brace the cracked pier, the city engineer said on Thursday.\n"
    "Light traffic could cross the Calder Bridge again by the end of April, she said.\n",
}
DATES = {"a": "2024-03-04", "b": "2024-03-05", "c": "2024-03-11", "d": "2024-03-12"}


def _story(root: Path, *, undated: bool = False) -> Path:
    folder = root / "story"
    folder.mkdir()
    texts = {"a": REPORT_A, "b": REPORT_B, **LATER}
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    dated = {k: v for k, v in DATES.items() if not (undated and k == "d")}
    meta = {"docs": [{"doc_id": k, "date": v, "title": k} for k, v in dated.items()]}
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return folder


def _sources(output: str) -> set[str]:
    return {Path(s["path"]).stem for s in json.loads(output)["sources"]}


def test_summarize_since_summarises_only_the_later_reports(tmp_path: Path) -> None:
    folder = _story(tmp_path)
    args = ["summarize", str(folder), "--since", "2024-03-10", "--format", "json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert _sources(result.output) == {"c", "d"}
    assert "steel frame" in result.output
    assert any("update summary" in n for n in json.loads(result.output)["notes"])


def test_summarize_since_counts_undated_articles_as_new_and_warns(tmp_path: Path) -> None:
    folder = _story(tmp_path, undated=True)
    args = ["summarize", str(folder), "--since", "2024-03-10", "--format", "json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.stderr
    assert "without a publication date counted as new: d.txt" in result.stderr
    assert _sources(result.stdout) == {"c", "d"}


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        ("b", {"c", "d"}),  # "a" is older than "b"
        ("b.txt", {"c", "d"}),
        ("a,c", {"d"}),
    ],
    ids=["stem", "file-name", "two-names"],
)
def test_summarize_after_takes_everything_up_to_the_named_article(
    tmp_path: Path, after: str, expected: set[str]
) -> None:
    folder = _story(tmp_path)
    args = ["summarize", str(folder), "--after", after, "--format", "json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert _sources(result.output) == expected


def test_summarize_after_accepts_article_ids(tmp_path: Path) -> None:
    folder = _story(tmp_path)
    plain = CliRunner().invoke(main, ["summarize", str(folder), "--format", "json"])
    ids = {Path(s["path"]).stem: s["id"] for s in json.loads(plain.output)["sources"]}
    args = ["summarize", str(folder), "--after", ids["c"], "--format", "json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert _sources(result.output) == {"d"}


@pytest.mark.parametrize(
    "option",
    [["--since", "2024-04-01"], ["--after", "d"]],
    ids=["since-after-the-last", "after-the-last"],
)
def test_summarize_with_nothing_new_fails_with_exit_2(tmp_path: Path, option: list[str]) -> None:
    result = CliRunner().invoke(main, ["summarize", str(_story(tmp_path)), *option])
    assert result.exit_code == 2
    assert "error: nothing new: all 4 articles were published" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--since", "last week"], "--since: not a date: 'last week'"),
        (["--after", "zzz,a"], "--after: no loaded article has the id or file name zzz"),
        (["--after", " , "], "--after needs at least one article id"),
        (["--since", "2024-03-10", "--after", "a"], "--since and --after cannot be used"),
        (["--query", "  "], "--query is empty"),
    ],
)
def test_update_and_query_options_fail_clearly(
    tmp_path: Path, option: list[str], message: str
) -> None:
    result = CliRunner().invoke(main, ["summarize", str(_story(tmp_path)), *option])
    assert result.exit_code == 2
    assert f"error: {message}" in result.output


def test_summarize_since_before_everything_warns_and_summarises_all(tmp_path: Path) -> None:
    folder = _story(tmp_path)
    args = ["summarize", str(folder), "--since", "2020-01-01", "--format", "json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.stderr
    assert "no article was published before 2020-01-01" in result.stderr
    plain = CliRunner().invoke(main, ["summarize", str(folder), "--format", "json"])
    assert result.stdout == plain.output


def test_summarize_query_focuses_and_notes_it(tmp_path: Path) -> None:
    folder = _story(tmp_path)
    args = ["summarize", str(folder), "--words", "20", "--format", "json"]
    result = CliRunner().invoke(main, [*args, "--query", "When will the bridge reopen?"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["notes"] == ["focused on the query: When will the bridge reopen?"]
    assert data["sentences"] and data["words"] <= 20


def _update_dataset(root: Path) -> Path:
    base = _dataset(root)
    later = base / "c2"
    (later / "docs").mkdir(parents=True)
    (later / "refs").mkdir()
    for name, text in LATER.items():
        (later / "docs" / f"{name}.txt").write_text(text, encoding="utf-8")
    (later / "refs" / "r.txt").write_text(
        "A steel frame will brace the cracked pier; the bridge may reopen by April.",
        encoding="utf-8",
    )
    query = {"topic": {"title": "Calder Bridge repairs", "narrative": "Describe the repairs."}}
    (base / "c1" / "meta.json").write_text(
        json.dumps({"previous_sets": [], **query}), encoding="utf-8"
    )
    (later / "meta.json").write_text(
        json.dumps({"previous_sets": ["c1"], **query}), encoding="utf-8"
    )
    return base


def test_eval_update_compare_json(tmp_path: Path) -> None:
    dataset = _update_dataset(tmp_path)
    args = ["eval", str(dataset), "--words", "20", "--update", "--query-from-meta"]
    result = CliRunner().invoke(main, [*args, "--compare", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["mode"] == "update+query"
    assert data["scored"] == data["plain"]["scored"] == 2
    scopes = {c["scope"]: c for c in data["comparison"]}
    assert scopes["all"]["clusters"] == 2
    assert scopes["with previous sets"]["clusters"] == 1
    for scope in scopes.values():
        assert scope["delta"] == pytest.approx(scope["mode"] - scope["plain"])


def test_eval_update_table_prints_the_comparison(tmp_path: Path) -> None:
    args = ["eval", str(_update_dataset(tmp_path)), "--words", "20", "--update", "--compare"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "update minus" not in result.output
    assert "plain" in result.output and "difference" in result.output


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--update"], "--update: no cluster of"),
        (["--query-from-meta"], "--query-from-meta: no cluster of"),
        (["--compare"], "--compare needs --update or --query-from-meta"),
        (["--update", "--method", PEER], f"{PEER} has no update or query mode"),
    ],
)
def test_eval_modes_need_their_metadata(tmp_path: Path, option: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["eval", str(_dataset(tmp_path)), "--words", "20", *option])
    assert result.exit_code == 2
    assert f"error: {message}" in result.output
