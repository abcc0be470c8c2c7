"""Word tokens: lowercased, punctuation gone, contractions kept, possessive 's dropped."""

from __future__ import annotations

import pytest

from storyfuse.textstats import words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Mayor's office, at 9:30!", ["the", "mayor", "office", "at", "9", "30"]),
        ("Erdogan’s aides didn’t comment", ["erdogan", "aides", "didn't", "comment"]),
        ("rock'n'roll's fans", ["rock'n'roll", "fans"]),
        ("the 's alone and its", ["the", "s", "alone", "and", "its"]),
        ("", []),
    ],
)
def test_words(text: str, expected: list[str]) -> None:
    assert words(text) == expected
