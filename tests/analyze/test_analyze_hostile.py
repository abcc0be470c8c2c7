"""Hostile text (issue 16): long whitespace runs and odd digits must neither hang nor crash.

No speed targets here: the timings are hang guards, and the pattern checks compare the cost
of an input with that of one twice as long (linear work grows about 2x, backtracking 4x or
more), with a loose margin so a busy machine does not fail them.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest

import storyfuse
from storyfuse.analyze import agreement, dates, quotes, speakers, values
from storyfuse.text import candidates, clean
from storyfuse.types import Article

# Far above the ~1 s the brief takes now; the old patterns took ~30 s on this text.
HANG_GUARD_S = 10.0
RUN = 32_000
# Doubling the input may cost at most this many times as much (quadratic work is 4x).
GROWTH_LIMIT = 3.2
BASE_CHARS = 2_000
# Repeats per measurement; the fastest counts, which keeps scheduler noise out.
REPEATS = 3


def _article(ident: str, text: str) -> Article:
    return Article(id=ident, text=text, title=ident, source=ident)


def test_brief_of_a_32000_tab_run_finishes() -> None:
    text = (
        "The mayor Tobias Renner" + "\t" * RUN + "who spoke on Monday said the bridge would "
        "reopen soon. Officials said the ship lost power before it struck the bridge."
    )
    other = "The mayor Tobias Renner said on Monday that the bridge would reopen soon."
    started = time.perf_counter()
    storyfuse.brief([_article("a", text), _article("b", other)])
    assert time.perf_counter() - started < HANG_GUARD_S


def _fastest(call: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(REPEATS):
        started = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - started)
    return best


def _search_all(pattern: re.Pattern[str], text: str) -> None:
    for _ in pattern.finditer(text):
        pass


def _match(pattern: re.Pattern[str], text: str) -> None:
    pattern.match(text)


# How the code calls each pattern: anchored ones (``match``) only ever start at one place.
MATCH, SEARCH = _match, _search_all
Use = Callable[[re.Pattern[str], str], None]
# (id, pattern, how it is used, adversarial input of about n characters)
ADVERSARIAL: list[tuple[str, re.Pattern[str], Use, Callable[[int], str]]] = [
    ("candidates dateline", candidates._DATELINE_RE, MATCH, lambda n: "The mayor" + "\t" * n),
    ("candidates caps dateline", candidates._DATELINE_CAPS_RE, MATCH, lambda n: "AB" + " " * n),
    ("clean dateline", clean._DATELINE_RE, MATCH, lambda n: "LONDON" + " " * n + "x"),
    ("clean inner sentence", clean._INNER_SENTENCE_RE, SEARCH, lambda n: "a" * n),
    ("clean trailing", clean._TRAILING_RE, SEARCH, lambda n: ". " * (n // 2) + "x"),
    ("speakers relative", speakers._RELATIVE_RE, SEARCH, lambda n: "mayor" + "\t" * n + "x"),
    ("quotes after speaker", quotes._AFTER_SPEAKER_RE, MATCH, lambda n: " " * n + "x"),
    ("quotes quoted as", quotes._QUOTED_AS_AFTER_RE, MATCH, lambda n: " " * n + "x"),
    ("dates previous word", dates._PREV_WORD_RE, SEARCH, lambda n: "a" * n),
    ("agreement quoted", agreement._QUOTED_RE, SEARCH, lambda n: "“" * n),
]


@pytest.mark.parametrize(
    ("pattern", "use", "make"),
    [(p, u, m) for _, p, u, m in ADVERSARIAL],
    ids=[i for i, *_ in ADVERSARIAL],
)
def test_pattern_grows_linearly(
    pattern: re.Pattern[str], use: Use, make: Callable[[int], str]
) -> None:
    short, long = make(BASE_CHARS), make(2 * BASE_CHARS)
    small = _fastest(lambda: use(pattern, short))
    large = _fastest(lambda: use(pattern, long))
    # Below a millisecond the ratio is noise; the old patterns took 5 ms to 2 s here.
    assert large < 1e-3 or large / max(small, 1e-6) < GROWTH_LIMIT


@pytest.mark.parametrize("digit", ["²", "³", "①", "¹"])
def test_brief_with_a_non_decimal_digit(digit: str) -> None:
    text = f"Police said {digit} people were injured on Monday when the bridge was struck."
    other = "Police said 3 people were injured on Monday when the bridge was struck by a ship."
    built = storyfuse.brief([_article("a", text), _article("b", other)])
    assert built.summary.items


def test_parse_number_skips_a_superscript() -> None:
    assert values.parse_number(values.tokenize("² people"), 0) is None


def test_read_float() -> None:
    assert values.read_float("35,000") == 35000.0
    assert values.read_float("²") is None
    assert not values.is_digit("²")
    assert values.is_digit("٣")  # an Arabic-Indic three: float reads it
