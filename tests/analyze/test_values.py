from __future__ import annotations

import pytest

from storyfuse.analyze.values import read_ages


@pytest.mark.parametrize(
    ("text", "ages"),
    [
        ("Divers recovered the body of Tomas Reyne, 34, on Tuesday.", [("Tomas Reyne", "34")]),
        ("Vance, 51, is the third ferry captain charged.", [("Vance", "51")]),
        ("Capt. Orrin B. Vance, 52, was charged.", [("Orrin B. Vance", "52")]),
        ("Police said the gunman shot Vance, 52, through a window.", [("Vance", "52")]),
        # one word and no apposition: a place and a count, not an age
        ("It rained in Paris, 12 and 14 hours on end.", []),
        ("On Monday, 10 people were hurt.", []),
    ],
)
def test_read_ages(text: str, ages: list[tuple[str, str]]) -> None:
    assert [(a.name, a.text) for a in read_ages(text)] == ages
