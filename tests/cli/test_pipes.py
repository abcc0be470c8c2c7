"""The command line in pipes: stdin ('-'), --urls, --json, -o FILE, TSV tables, missing stores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.table import Table

from storyfuse.cli.inputs import first_line_is_json_object, read_url_list
from storyfuse.cli.main import main
from storyfuse.cli.output import table_cells, tsv_lines
from storyfuse.errors import StoryfuseError
from storyfuse.samples import sample_dir

REPORT_A = (
    "Engineers closed the Calder Bridge on Monday after finding a cracked pier under the deck.\n"
    "The harbour master said ferries would run every twenty minutes while repairs go on.\n"
)
REPORT_B = (
    "The Calder Bridge was closed on Monday when engineers found a cracked pier under it.\n"
    "Ferries will run every twenty minutes, the harbour master said on Monday evening.\n"
)
JSONL = (
    json.dumps({"text": REPORT_A, "title": "Bridge shut", "source": "Calder Post"})
    + "\n\n"
    + json.dumps({"text": REPORT_B, "title": "Pier cracked", "published": "2025-03-11"})
    + "\n"
)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "db.sqlite"
    result = CliRunner().invoke(main, ["ingest", str(sample_dir()), "--db", str(path)])
    assert result.exit_code == 0, result.output
    return path


# ------------------------------------------------------------------ standard input


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"text": "a"}\n', True),
        ('\n  \n{"text": "a"}\n', True),
        ('\ufeff{"text": "a"}\n', True),
        ("[1, 2]\n", False),
        ('"a string"\n', False),
        ("Engineers closed the bridge.\n", False),
        ("{not json\n", False),
        ("", False),
        ("[" * 100_000 + "\n", False),  # too deep to parse: RecursionError, not a JSON object
        ('{"a": ' + "[" * 100_000 + "\n", True),  # an object, too deep: its line is warned
    ],
    ids=lambda value: repr(value)[:24] if isinstance(value, str) else None,
)
def test_json_lines_are_told_by_the_first_non_blank_line(text: str, expected: bool) -> None:
    assert first_line_is_json_object(text) is expected


def test_summarize_reads_plain_text_from_stdin() -> None:
    args = ["summarize", "-", "--sentences", "1", "--format", "json", "--no-analysis"]
    result = CliRunner().invoke(main, args, input=REPORT_A)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["sources"]) == 1
    assert data["sentences"][0]["text"] in REPORT_A


def test_summarize_reads_json_lines_from_stdin() -> None:
    args = ["summarize", "-", "--words", "40", "--format", "json"]
    result = CliRunner().invoke(main, args, input=JSONL)
    assert result.exit_code == 0, result.output
    sources = json.loads(result.stdout)["sources"]
    assert sorted(s["title"] for s in sources) == ["Bridge shut", "Pier cracked"]
    assert "warning" not in result.stderr


def test_stdin_warnings_and_errors_name_stdin() -> None:
    bad = '{"text": "Engineers closed the Calder Bridge on Monday."}\nnot json\n{"title": "x"}\n'
    result = CliRunner().invoke(main, ["summarize", "-", "--format", "plain"], input=bad)
    assert result.exit_code == 0, result.output
    assert "warning: <stdin>:2: malformed JSON" in result.stderr
    assert "warning: <stdin>:3: no 'text' field, skipped" in result.stderr
    assert "/tmp" not in result.stderr and "stdin.jsonl" not in result.stderr
    empty = CliRunner().invoke(main, ["summarize", "-"], input="")
    assert empty.exit_code == 2
    assert "warning: <stdin>: empty text, skipped" in empty.stderr
    assert "error: no readable article in <stdin>" in empty.stderr


def test_stdin_and_files_load_together(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text(REPORT_B, encoding="utf-8")
    args = ["summarize", "-", str(tmp_path / "b.txt"), "--format", "json", "--no-analysis"]
    result = CliRunner().invoke(main, args, input=REPORT_A)
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["sources"]) == 2


def test_ingest_reads_stdin_and_prints_json(tmp_path: Path) -> None:
    store = str(tmp_path / "new.sqlite")
    result = CliRunner().invoke(main, ["ingest", "-", "--db", store, "--json"], input=JSONL)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["added"] == 2 and report["existing"] == 0
    assert report["new_stories"] == len(report["stories"]) == report["stories_updated"]
    again = CliRunner().invoke(main, ["ingest", "-", "--db", store, "--json"], input=JSONL)
    assert json.loads(again.stdout)["existing"] == 2


def test_ingest_needs_something_to_read(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["ingest", "--db", str(tmp_path / "db.sqlite")])
    assert result.exit_code == 2
    assert "error: nothing to ingest" in result.stderr


# ------------------------------------------------------------------ --urls


def test_url_list_skips_blank_lines_and_comments(tmp_path: Path) -> None:
    path = tmp_path / "urls.txt"
    path.write_text("# feeds\n\nhttps://a.example/x\n  http://b.example/y  \n#off\n", "utf-8")
    assert read_url_list(path) == ["https://a.example/x", "http://b.example/y"]
    path.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(StoryfuseError, match=r"--urls .*urls\.txt: cannot read"):
        read_url_list(path)


def test_urls_option_passes_urls_to_the_loader(tmp_path: Path) -> None:
    path = tmp_path / "urls.txt"
    path.write_text("# one dead address\nhttp://127.0.0.1:9/gone\n", encoding="utf-8")
    for command in (["summarize"], ["ingest", "--db", str(tmp_path / "db.sqlite")]):
        result = CliRunner().invoke(main, [*command, "--urls", str(path)])
        assert result.exit_code == 2, result.output
        assert "warning: http://127.0.0.1:9/gone:" in result.stderr
        assert "error: no readable article in the --urls list (1 URLs)" in result.stderr
    missing = CliRunner().invoke(main, ["summarize", "--urls", str(tmp_path / "none.txt")])
    assert missing.exit_code == 2 and "none.txt" in missing.stderr


# ------------------------------------------------------------------ --json


def test_methods_json() -> None:
    result = CliRunner().invoke(main, ["methods", "--json"])
    assert result.exit_code == 0
    methods = json.loads(result.stdout)
    assert [m["name"] for m in methods if m["default"]] == ["ilp"]
    assert {"ilp", "centroid", "mmr", "lexrank"} <= {m["name"] for m in methods}


def test_stories_json(db: Path) -> None:
    result = CliRunner().invoke(main, ["stories", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    (story,) = json.loads(result.stdout)
    assert story["articles"] == 7 and "Port Alden Courier" in story["sources"]
    assert story["first_seen"] == "2025-03-11T06:15:00+00:00"
    args = ["stories", "--db", str(db), "--since", "2030-01-01", "--json"]
    later = CliRunner().invoke(main, args)
    assert json.loads(later.stdout) == []


def test_search_json(db: Path) -> None:
    args = ["search", "ferry sailings", "--db", str(db), "--limit", "1", "--json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    (hit,) = json.loads(result.stdout)
    assert set(hit) == {"article_id", "story_id", "title", "snippet", "rank"}
    assert "[ferry] [sailings]" in hit["snippet"]


# ------------------------------------------------------------------ -o FILE


def test_output_file_holds_what_stdout_would(tmp_path: Path, db: Path) -> None:
    runner = CliRunner()
    for command in (
        ["summarize", "--sentences", "1", "--format", "plain"],
        ["demo", "--format", "md"],
    ):
        out = tmp_path / "out.txt"
        written = runner.invoke(main, [*command, "-o", str(out)])
        assert written.exit_code == 0 and written.stdout == ""
        assert out.read_text(encoding="utf-8") == runner.invoke(main, command).stdout
    story = json.loads(runner.invoke(main, ["stories", "--db", str(db), "--json"]).stdout)[0]
    out = tmp_path / "brief.json"
    args = ["brief", story["id"], "--db", str(db), "--format", "json", "--output", str(out)]
    assert runner.invoke(main, args).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["sources"]


def test_output_file_that_cannot_be_written_fails_naming_it(tmp_path: Path) -> None:
    target = tmp_path / "no such folder" / "out.txt"
    result = CliRunner().invoke(main, ["demo", "-o", str(target)])
    assert result.exit_code == 2
    assert f"error: {target}: cannot write" in result.stderr


# ------------------------------------------------------------------ TSV off a terminal


def test_stories_piped_is_tab_separated_and_whole(db: Path) -> None:
    result = CliRunner().invoke(main, ["stories", "--db", str(db)])
    assert result.exit_code == 0
    header, row = result.stdout.splitlines()
    assert header.split("\t") == ["id", "title", "articles", "sources", "first seen", "last seen"]
    cells = row.split("\t")
    assert cells[2] == "7" and cells[3].endswith("The Northern Ledger, Vell Valley Herald")
    assert "…" not in row and "│" not in row


def test_rich_tables_read_back_as_tsv() -> None:
    table = Table("cluster", "R2-R", title="ROUGE")
    table.add_row("[bold]average[/bold]", "37.123456")
    table.add_row("tab\tin\ncell", "1")
    header, rows = table_cells(table)
    assert tsv_lines(header, rows) == ["cluster\tR2-R", "average\t37.123456", "tab in cell\t1"]


def test_eval_piped_prints_uncut_tsv(tmp_path: Path) -> None:
    cluster = tmp_path / "set" / "c1"
    (cluster / "docs").mkdir(parents=True)
    (cluster / "refs").mkdir()
    (cluster / "docs" / "a.txt").write_text(REPORT_A, encoding="utf-8")
    (cluster / "docs" / "b.txt").write_text(REPORT_B, encoding="utf-8")
    (cluster / "refs" / "r.txt").write_text("The Calder Bridge closed on Monday.", "utf-8")
    result = CliRunner().invoke(main, ["eval", str(tmp_path / "set"), "--words", "20"])
    assert result.exit_code == 0, result.output
    header, average = result.stdout.splitlines()
    assert header.split("\t")[:3] == ["cluster", "R1-R", "R1-P"]
    assert average.split("\t")[0] == "average"
    assert all(cell.replace(".", "").isdigit() for cell in average.split("\t")[1:])
    assert "1 of 1 clusters scored" in result.stderr


# ------------------------------------------------------------------ missing stores


@pytest.mark.parametrize(
    "command", [["stories"], ["brief", "s0"], ["search", "bridge"], ["serve"]]
)
def test_read_commands_refuse_a_missing_store(command: list[str], tmp_path: Path) -> None:
    typo = tmp_path / "typo.sqlite"
    result = CliRunner().invoke(main, [*command, "--db", str(typo)])
    assert result.exit_code == 2
    assert f"error: no store at {typo}" in result.stderr
    assert not typo.exists()


def test_read_commands_refuse_a_missing_default_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    result = CliRunner().invoke(main, ["stories"])
    assert result.exit_code == 2 and "error: no store at" in result.stderr
    assert not (tmp_path / "storyfuse").exists()


def test_stdin_never_reads_a_meta_json_of_the_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storyfuse.cli.inputs import load_sources

    (tmp_path / "meta.json").write_text(
        json.dumps({"docs": [{"doc_id": "stdin", "title": "NOT OURS"}]}), encoding="utf-8"
    )
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    result = load_sources(["-"], stdin=b"A bridge closed on Monday after a ship struck it.\n")
    assert [a.title for a in result.articles] == [None]
