"""Shared fixtures: where the evaluation data lives, and whether its absence is an error.

Tests that read ``../shared/data`` use the ``shared_data`` fixture. In a user's clone
without ``../shared`` they skip with the reason; under ``.ci/run`` (which sets
``STORYFUSE_REQUIRE_DATA=1``) the absence fails them instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("STORYFUSE_DATA", REPO_ROOT.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if SHARED_DATA.is_dir():
        return SHARED_DATA
    reason = f"evaluation data not found at {SHARED_DATA} (set STORYFUSE_DATA)"
    if os.environ.get("STORYFUSE_REQUIRE_DATA") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def seeds_dir(shared_data: Path) -> Path:
    return shared_data / "seeds"
