"""Briefs scored against gold labels: the scoring rules, the floors, and the reference scorer.

The figures of ``storyfuse eval-brief`` must equal those of ``shared/tools/briefscore.py``
(which runs the CLI once per cluster) on the dev labels.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from storyfuse.cli.main import main
from storyfuse.eval.briefs import (
    GoldError,
    entity_of,
    evaluate_briefs,
    load_gold,
    matches,
    same_person,
    score_brief,
    totals,
    word_overlap,
)

FLOORS = json.loads((Path(__file__).parent / "brief_floors.json").read_text(encoding="utf-8"))

ENTITIES = [
    {"name": "Sergei Lavrov", "kind": "person", "aliases": ["Lavrov"], "key": True},
    {"name": "Dmytro Kuleba", "kind": "person", "aliases": ["Kuleba"], "key": True},
    {"name": "Antalya", "kind": "place", "aliases": [], "key": False},
]


@pytest.mark.parametrize(
    ("patterns", "sentence", "expected"),
    [
        ([["talks", "ended"]], "The talks ended without a deal.", True),
        ([["talks", "ended"]], "The talks will end on Friday.", False),
        ([["no match"], ["CEASE-?FIRE"]], "No ceasefire was agreed.", True),
        ([], "Anything.", False),
    ],
    ids=["all-of-one", "one-missing", "second-alternative", "no-patterns"],
)
def test_matches(patterns: list[list[str]], sentence: str, expected: bool) -> None:
    assert matches(patterns, sentence) is expected


@pytest.mark.parametrize(
    ("name", "gold", "expected"),
    [
        ("Sergei Lavrov", "Sergei Lavrov", True),
        ("lavrov", "Sergei Lavrov", True),
        ("Mr Lavrov", "Sergei Lavrov", True),  # the same last word
        ("Kuleba", "Sergei Lavrov", False),
        (None, "Sergei Lavrov", False),  # no speaker where the gold has one is wrong
        (None, None, True),
    ],
    ids=["full", "alias", "last-word", "other", "none-given", "both-none"],
)
def test_same_person(name: str | None, gold: str | None, expected: bool) -> None:
    assert same_person(name, gold, ENTITIES) is expected


def test_entity_of_takes_whole_words_either_way() -> None:
    assert entity_of("Lavrov", ENTITIES) is ENTITIES[0]
    assert entity_of("Foreign Minister Sergei Lavrov", ENTITIES) is ENTITIES[0]
    assert entity_of("Lav", ENTITIES) is None
    assert word_overlap("We will try, he said", "we will try") == 1.0


def _gold() -> dict[str, Any]:
    return {
        "set": "x",
        "cluster": "c1",
        "articles": {
            "a.txt": {"kind": "report"},
            "b.txt": {"kind": "preview"},
            "c.txt": {"kind": "off-topic"},
        },
        "key_facts": [
            {"weight": 3, "outcome": True, "patterns": [["talks", "ended"]]},
            {"weight": 1, "patterns": [["Antalya"]]},
        ],
        "quotes": [
            {
                "article": "a.txt",
                "text": "we have not advanced on a ceasefire",
                "speaker": "Dmytro Kuleba",
            },
            {
                "article": "b.txt",
                "text": "we are ready for the meeting tomorrow",
                "speaker": "Sergei Lavrov",
            },
        ],
        "differences": [
            {
                "genuine": True,
                "sides": [
                    {"value": "three", "articles": ["a.txt"]},
                    {"value": "seven", "articles": ["b.txt"]},
                ],
            },
            {"genuine": False, "sides": []},
        ],
        "entities": ENTITIES,
        "events": [
            {"date": "2022-03-10", "order": 2, "patterns": [["talks", "ended"]]},
            {"date": "2022-03-09", "order": 1, "patterns": [["arriv"]]},
        ],
    }


def _brief() -> dict[str, Any]:
    return {
        "sources": [
            {"id": "A", "path": "/tmp/x/a.txt"},
            {"id": "B", "path": "/tmp/x/b.txt"},
            {"id": "C", "path": "/tmp/x/c.txt"},
        ],
        "sentences": [
            {"text": "The talks ended without a ceasefire.", "article_id": "A"},
            {"text": "They will meet in Antalya.", "article_id": "B"},
            {"text": "Cookies help us.", "article_id": "C"},
        ],
        "analysis": {
            "quotes": [
                {
                    "text": "We have not advanced on a ceasefire",
                    "speaker": "Kuleba",
                    "articles": ["A"],
                },
                {
                    "text": "We are ready for the meeting tomorrow",
                    "speaker": None,
                    "articles": ["B"],
                },
                {"text": "historic", "speaker": "Lavrov", "articles": ["A"]},
            ],
            "conflicts": [
                {"sides": [{"value": "3", "articles": ["A"]}, {"value": "7", "articles": ["B"]}]},
                {
                    "sides": [
                        {"value": "three", "articles": ["A"]},
                        {"value": "seven", "articles": ["B"]},
                    ]
                },
            ],
            "names": [{"name": "Lavrov"}, {"name": "Disease Control"}, {"name": "Kuleba"}],
            "timeline": [
                {"text": "Lavrov arrived on Wednesday.", "date": "2022-03-09"},
                {"text": "The talks ended.", "date": "2022-03-11"},
                {"text": "Something else.", "date": None},
            ],
        },
    }


def test_score_brief_counts_every_figure_by_hand() -> None:
    row = score_brief(_gold(), _brief())
    assert row["fact_coverage"] == 1.0 and row["outcome"] is True
    assert (row["summary_sentences"], row["offtopic_sentences"], row["preview_sentences"]) == (
        3,
        1,
        1,
    )
    # three quotes judged: one right, one with no speaker (wrong), one too short (not a quote)
    assert (row["quotes"], row["quotes_matched"], row["quotes_right"], row["quotes_not"]) == (
        3,
        2,
        1,
        1,
    )
    assert (row["key_speakers"], row["key_speakers_covered"]) == (
        2,
        2,
    )  # "lavrov" spoke the short one
    # the digits share no word with "three"/"seven"; the spelled-out pair is the genuine one
    assert (row["differences"], row["differences_right"], row["genuine_found"]) == (2, 1, 1)
    assert (row["names"], row["names_right"], row["key_entities_found"]) == (3, 2, 2)
    assert (row["timeline"], row["timeline_undated"], row["timeline_matched"]) == (3, 1, 2)
    assert (row["timeline_dated"], row["timeline_date_right"]) == (2, 1)
    assert (row["timeline_pairs"], row["timeline_pairs_ordered"]) == (1, 1)
    total = totals([row])
    assert total["offtopic_sentence_share"] == 0.333 and total["difference_precision"] == 0.5


def test_load_gold_names_what_is_wrong(tmp_path: Path) -> None:
    with pytest.raises(GoldError, match=r"no <set>/<cluster>/gold\.json"):
        load_gold(tmp_path)
    bad = tmp_path / "set" / "c1" / "gold.json"
    bad.parent.mkdir(parents=True)
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(GoldError, match=r"c1/gold\.json: not readable JSON"):
        load_gold(tmp_path)
    bad.write_text(json.dumps({"set": "set", "cluster": "c1", "articles": {}}), encoding="utf-8")
    with pytest.raises(GoldError, match=r"its reports .* are not there"):
        load_gold(tmp_path)


def test_a_cluster_that_fails_is_reported_and_the_rest_scored(shared_data: Path) -> None:
    clusters = load_gold(shared_data / "briefs")[:2]

    def flaky(cluster: Any) -> dict[str, Any]:
        if cluster is clusters[0]:
            raise ValueError("broken on purpose")
        return _brief()

    report = evaluate_briefs(clusters, make_brief=flaky)
    assert [c for c, _ in report.failures] == [clusters[0].id]
    assert [r["cluster"] for r in report.rows] == [clusters[1].id]


@pytest.mark.slow
def test_brief_figures_stay_within_their_floors(shared_data: Path) -> None:
    result = CliRunner().invoke(
        main, ["eval-brief", str(shared_data / "briefs"), "--words", str(FLOORS["words"]), "--json"]
    )
    assert result.exit_code == 0, result.output
    total = json.loads(result.output)["total"]
    assert total["failed"] == 0 and total["clusters"] >= 15
    low = {k: (total[k], v) for k, v in FLOORS["min"].items() if total[k] is None or total[k] < v}
    high = {k: (total[k], v) for k, v in FLOORS["max"].items() if total[k] is None or total[k] > v}
    assert not low, f"below their floors (figure, floor): {low}"
    assert not high, f"above their ceilings (figure, ceiling): {high}"


@pytest.mark.slow
def test_figures_equal_the_reference_scorer(shared_data: Path) -> None:
    scorer = shared_data.parent / "tools" / "briefscore.py"
    if not scorer.exists():
        pytest.skip(f"no reference scorer at {scorer}")
    system = f"{sys.executable} -m storyfuse summarize {{docs}} --words 150 --format json"
    reference = subprocess.run(
        [sys.executable, str(scorer), "--gold", str(shared_data / "briefs"), "--system", system],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    lines = [json.loads(line) for line in reference.stdout.splitlines() if line.strip()]
    ref_rows, ref_total = lines[:-1], lines[-1]
    ours = evaluate_briefs(load_gold(shared_data / "briefs"), words=150)
    assert ref_total["failed"] == 0 and not ours.failures
    assert {r["cluster"]: r for r in ours.rows} == {r["cluster"]: r for r in ref_rows}
    assert {**ours.total, "failed": 0} == ref_total
