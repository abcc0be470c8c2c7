"""Pinned quality floors: fail when a score drops below its floor in quality_floors.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from storyfuse.eval.datasets import load_dataset
from storyfuse.eval.reports import cluster_summarizer, evaluate_dataset

pytestmark = pytest.mark.slow  # each floor summarises and scores a whole data set

FLOORS = json.loads((Path(__file__).parent / "quality_floors.json").read_text(encoding="utf-8"))


def _label(floor: dict[str, Any]) -> str:
    parts = (floor["dataset"], floor["method"], floor["metric"], floor["stat"])
    return "-".join(parts) + f"@{floor['words']}"


@pytest.mark.parametrize("floor", FLOORS["floors"], ids=_label)
def test_score_stays_above_its_floor(shared_data: Path, floor: dict[str, Any]) -> None:
    clusters = load_dataset(shared_data / floor["dataset"])
    words = floor["words"]
    run = cluster_summarizer(floor["method"], words=words)
    report = evaluate_dataset(clusters, run, words=words)
    assert not report.failed
    assert report.average is not None
    score = report.average.to_dict()[floor["metric"]][floor["stat"]]
    assert score >= floor["floor"], f"{_label(floor)}: {score:.4f} fell below {floor['floor']}"
