"""The stream commands through click's runner: ingest, stories, brief, search, bench-stories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyfuse.cli.main import main
from storyfuse.samples import sample_dir


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "store" / "db.sqlite"
    result = CliRunner().invoke(main, ["ingest", str(sample_dir()), "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == (
        "7 added, 0 already stored, 0 duplicates, 1 stories updated (1 new)"
    )
    return path


def _story_id(db: Path) -> str:
    from storyfuse.store import Store

    with Store.open(db) as store:
        return store.stories()[0].id


def test_ingest_again_adds_nothing(db: Path) -> None:
    result = CliRunner().invoke(main, ["ingest", str(sample_dir()), "--db", str(db)])
    assert result.exit_code == 0
    assert result.stdout.startswith("0 added, 7 already stored, 0 duplicates, 0 stories")


def test_ingest_without_articles_fails(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(
        main, ["ingest", str(tmp_path / "empty"), "--db", str(tmp_path / "db.sqlite")]
    )
    assert result.exit_code == 2
    assert "error: no readable article" in result.stderr


def test_stories_table(db: Path) -> None:
    result = CliRunner().invoke(main, ["stories", "--db", str(db)])
    assert result.exit_code == 0
    out = " ".join(result.stdout.split())
    assert _story_id(db) in out and "Kestrel Harbour Bridge" in out
    assert "Port Alden Courier" in out and "2025-03-11 06:15" in out and "2025-03-13 11:20" in out
    later = CliRunner().invoke(main, ["stories", "--db", str(db), "--since", "2025-04-01"])
    assert later.exit_code == 0 and later.stdout == "" and "no stories" in later.stderr


def test_stories_can_hide_single_article_stories(db: Path, tmp_path: Path) -> None:
    from storyfuse.store import Store

    lone = tmp_path / "lone.txt"
    lone.write_text(
        "Teenager wins Orrin Valley chess open\n\nMira Tallow, 16, won the Orrin Valley "
        "chess open on tie-break after a six-hour final round against Ivan Serka.\n",
        encoding="utf-8",
    )
    added = CliRunner().invoke(main, ["ingest", str(lone), "--db", str(db)])
    assert added.exit_code == 0 and "(1 new)" in added.stdout
    every = CliRunner().invoke(main, ["stories", "--db", str(db), "--json"])
    sizes = {s["id"]: s["articles"] for s in json.loads(every.stdout)}
    assert sorted(sizes.values()) == [1, 7]
    hidden = CliRunner().invoke(main, ["stories", "--db", str(db), "--json", "--min-articles", "2"])
    assert [sizes[s["id"]] for s in json.loads(hidden.stdout)] == [7]
    with Store.open(db) as store:
        assert (store.count_stories(), store.count_stories(min_articles=2)) == (2, 1)
        assert store.count_stories(min_articles=8) == 0
    shown = CliRunner().invoke(main, ["stories", "--help"])
    assert "--min-articles" in shown.stdout and "default: 1" in shown.stdout


def test_stories_bad_since_and_unusable_db(db: Path, tmp_path: Path) -> None:
    bad = CliRunner().invoke(main, ["stories", "--db", str(db), "--since", "last week"])
    assert bad.exit_code == 2 and "error: --since: not a date" in bad.stderr
    folder = tmp_path / "a-folder"
    folder.mkdir()
    result = CliRunner().invoke(main, ["stories", "--db", str(folder)])
    assert result.exit_code == 2 and "is a directory" in result.stderr
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database at all" * 100)
    result = CliRunner().invoke(main, ["search", "Kestrel", "--db", str(garbage)])
    assert result.exit_code == 2 and result.stderr.startswith("error:")


def test_brief_text_json_and_unknown_story(db: Path) -> None:
    sid = _story_id(db)
    text = CliRunner().invoke(main, ["brief", sid, "--db", str(db), "--words", "60"])
    assert text.exit_code == 0, text.output
    assert "Kestrel Harbour Bridge" in text.stdout and "[1]" in text.stdout
    assert "Port Alden Courier" in text.stdout
    as_json = CliRunner().invoke(
        main, ["brief", sid, "--db", str(db), "--words", "60", "--format", "json"]
    )
    data = json.loads(as_json.stdout)
    assert data["budget"]["words"] == 60 and data["sentences"][0]["citations"]
    unknown = CliRunner().invoke(main, ["brief", "s0000", "--db", str(db)])
    assert unknown.exit_code == 2 and "error: unknown story 's0000'" in unknown.stderr


def test_search_hits_and_no_match(db: Path) -> None:
    result = CliRunner().invoke(main, ["search", "Kestrel", "--db", str(db), "--limit", "2"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 4 and f"story {_story_id(db)}" in lines[0]
    assert "[Kestrel]" in result.stdout
    none = CliRunner().invoke(main, ["search", "zeppelin", "--db", str(db)])
    assert none.exit_code == 0 and none.stdout == "" and "no matches" in none.stderr


def test_bench_stories_json(tmp_path: Path) -> None:
    dataset = tmp_path / "set"
    docs = dataset / "harbor" / "docs"
    docs.mkdir(parents=True)
    for path in sorted((sample_dir() / "docs").glob("*.txt"))[:3]:
        (docs / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    result = CliRunner().invoke(main, ["bench-stories", str(dataset), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["articles"] == 3 and data["gold_stories"] == 1 and data["bcubed_f1"] > 0
    table = CliRunner().invoke(main, ["bench-stories", str(dataset)])
    assert "bcubed_f1" in table.stdout and "articles_per_second" in table.stdout
    missing = CliRunner().invoke(main, ["bench-stories", str(tmp_path / "nope")])
    assert missing.exit_code == 2


def test_bench_stories_by_pool(tmp_path: Path) -> None:
    docs = sorted((sample_dir() / "docs").glob("*.txt"))
    for pool, chosen in (("one", docs[:3]), ("two", docs[3:6])):
        folder = tmp_path / pool / "harbor" / "docs"
        folder.mkdir(parents=True)
        for path in chosen:
            (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    args = ["bench-stories", str(tmp_path / "one"), str(tmp_path / "two"), "--pools"]
    result = CliRunner().invoke(main, [*args, "--seeds", "0,1", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data["pools"]) == {"one", "two", "pooled"}
    assert [r["seed"] for r in data["pools"]["pooled"]["runs"]] == [0, 1]
    assert set(data["leave_one_pool_out"]) == {"one", "two"}
    table = CliRunner().invoke(main, [*args, "--seeds", "0"])
    assert table.stdout.splitlines()[0].split("\t")[:3] == ["pool", "seeds", "mean_f1"]
    assert "leave one pool out" in table.stdout
    bad = CliRunner().invoke(main, [*args, "--seeds", "x"])
    assert bad.exit_code == 2 and "--seeds" in bad.stderr
    # the same story in two pools: pooled, one found story merges the two gold stories
    listed = CliRunner().invoke(main, [*args, "--seeds", "0", "--errors", "--json"])
    errors = json.loads(listed.stdout)["errors"]
    assert errors["one"] == errors["two"] == []
    assert [(e["kind"], e["articles"]) for e in errors["pooled"]] == [("merge", 6)]
    shown = CliRunner().invoke(main, [*args, "--seeds", "0", "--errors"])
    assert "pooled: splits and merges, seed 0:" in shown.stdout
    assert "merge s" in shown.stdout and "one/harbor" in shown.stdout
    alone = CliRunner().invoke(main, ["bench-stories", str(tmp_path / "one"), "--errors"])
    assert alone.exit_code == 2 and "needs --pools" in alone.stderr
