"""Near-duplicate detection: wire copies found, other reports of the event not, values pinned."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta

import numpy as np

from storyfuse.stories.dedup import DuplicateIndex, hash_values, shingles, signature

# Texts written for these tests.
WIRE = (
    "The city council of Eastbrook voted on Tuesday to close the old river bridge after "
    "engineers found deep cracks in two of its steel supports during a routine inspection. "
    "The bridge, built in 1931, carries about 12,000 cars a day between the harbour district "
    "and the northern suburbs. Mayor Lena Hart said the closure would last at least six months "
    "while the council looks for money to repair or replace the span. Buses will be diverted "
    "over the motorway crossing, adding twenty minutes to most journeys, the transport office "
    "said. Shop owners near the bridge warned that the closure could cost them much of their "
    "trade over the summer season. The council will hold a public meeting next week to explain "
    "the plans and hear from residents who depend on the crossing."
)
COPY = "Eastbrook shuts river bridge after cracks found\n" + WIRE.replace(
    "on Tuesday", "late on Tuesday"
).replace("Mayor Lena Hart said", "Mayor Lena Hart told reporters").replace(
    " The council will hold a public meeting next week to explain the plans and hear from "
    "residents who depend on the crossing.",
    " A decision on funding is expected in the autumn.",
)
OTHER = (
    "Drivers in Eastbrook face long detours from today. Engineers inspecting the river bridge "
    "this week discovered cracked steel supports, and councillors decided to shut it at once. "
    "Lena Hart, the mayor, told a news conference that safety came first and that repairs "
    "might take half a year. Traders in the harbour district fear losing summer customers, "
    "and bus routes will now use the motorway, which is slower."
)
FIXED = "The quick brown fox jumps over the lazy dog near the river bank today."


def test_shingles_are_word_five_grams_of_normalised_text() -> None:
    assert shingles("A b, C d E f!") == {"a b c d e", "b c d e f"}
    assert shingles("Too short") == {"too short"}
    assert shingles("  ") == set()


def test_signature_values_are_pinned() -> None:
    values = [int(v) for v in signature(FIXED, seed=1, num_perm=128).hashvalues[:5]]
    assert values == [667793304, 704508902, 599053623, 824687193, 205290641]
    assert list(signature(FIXED, seed=2).hashvalues[:5]) != values


def test_signature_is_the_same_in_a_fresh_process() -> None:
    code = (
        "from storyfuse.stories.dedup import signature; "
        f"print(list(map(int, signature({FIXED!r}, seed=7).hashvalues[:5])))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == str([int(v) for v in signature(FIXED, seed=7).hashvalues[:5]])


def test_wire_copy_is_a_duplicate_and_another_report_is_not() -> None:
    index = DuplicateIndex()
    assert index.add("wire", WIRE) is None
    assert index.add("other", OTHER) is None
    assert index.add("copy", COPY) == "wire"
    assert len(index) == 2  # the duplicate is answered, not stored
    assert "copy" not in index


def test_earliest_original_wins_and_re_adding_is_a_no_op() -> None:
    index = DuplicateIndex()
    assert index.add("first", WIRE) is None
    assert index.add("first", WIRE) is None
    assert index.add("second", COPY) == "first"
    assert index.add("third", WIRE + " Update follows.") == "first"
    assert index.add("empty", "") is None


def test_results_are_deterministic() -> None:
    runs = []
    for _ in range(2):
        index = DuplicateIndex(seed=3)
        runs.append([index.add(i, t) for i, t in [("a", WIRE), ("b", OTHER), ("c", COPY)]])
    assert runs[0] == runs[1] == [None, None, "a"]


def test_hash_values_equal_datasketch_signature() -> None:
    texts = [WIRE, COPY, OTHER, FIXED, "Short one", "Café Zürich’s bridge, re-opened!", "a"]
    for seed in (1, 7):
        for text in texts:
            fast = hash_values(text, seed=seed)
            assert fast is not None and fast.dtype == np.uint32
            assert np.array_equal(fast, signature(text, seed=seed).hashvalues), text
    assert hash_values("") is None and hash_values(" ,;- ") is None


DAY = timedelta(days=1)
START = datetime(2024, 1, 1)


def test_originals_older_than_the_window_are_forgotten() -> None:
    index = DuplicateIndex(window=timedelta(days=14))
    assert index.add("wire", WIRE, published=START) is None
    assert index.add("copy", COPY, published=START + 10 * DAY) == "wire"  # within the window
    assert index.add("other", OTHER, published=START + 15 * DAY) is None  # clock moves on
    assert "wire" not in index and "other" in index and index.evicted == 1
    assert index.add("late copy", COPY, published=START + 16 * DAY) is None  # a new original
    assert "late copy" in index
    assert index.clock == START + 16 * DAY


def test_clock_uses_utc_and_undated_originals_take_the_clock() -> None:
    index = DuplicateIndex(window=timedelta(days=14))
    assert index.add("other", OTHER, published=datetime(2024, 1, 1, 12, tzinfo=UTC)) is None
    assert index.clock == datetime(2024, 1, 1, 12)
    assert index.add("undated", WIRE) is None  # stamped with the clock: 1 Jan
    assert index.add("copy", COPY, published=START + 14 * DAY) == "undated"
    assert index.add("fixed", FIXED, published=START + 15 * DAY) is None
    assert len(index) == 1 and "fixed" in index


def test_memory_is_bounded_by_the_window_on_a_long_stream() -> None:
    index = DuplicateIndex(window=timedelta(days=2))
    sizes = []
    for i in range(60):  # one distinct text a day
        text = f"Report number {i} " + " ".join(f"word{i}x{j}" for j in range(12))
        assert index.add(f"a{i}", text, published=START + i * DAY) is None
        sizes.append(len(index))
    assert max(sizes) == 3 and sizes[-1] == 3 and index.evicted == 57
    assert len(index._lsh.keys) == 3  # the LSH tables shrink too


def test_undated_stream_is_bounded_by_count() -> None:
    index = DuplicateIndex(max_originals=2)
    for key, text in [("wire", WIRE), ("other", OTHER), ("fixed", FIXED)]:
        assert index.add(key, text) is None
    assert len(index) == 2 and "wire" not in index
    assert index.add("copy", COPY) is None  # its original was dropped


def test_precomputed_values_give_the_same_answers() -> None:
    index = DuplicateIndex()
    assert index.add("wire", WIRE, values=hash_values(WIRE)) is None
    assert index.add("copy", COPY, values=hash_values(COPY)) == "wire"
