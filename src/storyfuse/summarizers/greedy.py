"""The one helper every scoring method shares: scores -> greedy fill of the budget."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from storyfuse.text.corpus import Budget, Unit

Redundant = Callable[[int, Sequence[int]], bool]


def greedy_fill(
    units: Sequence[Unit],
    scores: Sequence[float],
    budget: Budget,
    *,
    redundant: Redundant | None = None,
) -> tuple[Unit, ...]:
    """Best-scored units first, skipping those that overflow the budget or repeat a chosen one.

    Ties break toward earlier units, so the result is deterministic.
    """
    order = sorted(range(len(units)), key=lambda j: (-scores[j], j))
    chosen: list[int] = []
    used = 0
    for j in order:
        if not budget.fits(used + units[j].words, len(chosen) + 1):
            if budget.sentences is not None and len(chosen) >= budget.sentences:
                break
            continue
        if redundant is not None and redundant(j, chosen):
            continue
        chosen.append(j)
        used += units[j].words
    return tuple(units[j] for j in chosen)
