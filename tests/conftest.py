"""Shared fixtures: where the evaluation data and Chromium are, and whether their absence
is an error.

Tests that read ``../shared/data`` use the ``shared_data`` fixture. In a user's clone
without ``../shared`` they skip with the reason; under ``.ci/run`` (which sets
``STORYFUSE_REQUIRE_DATA=1``) the absence fails them instead. The ``chromium`` fixture
does the same for Debian's Chromium with ``STORYFUSE_REQUIRE_BROWSER=1``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("STORYFUSE_DATA", REPO_ROOT.parent / "shared" / "data"))
CHROMIUM = Path(os.environ.get("STORYFUSE_CHROMIUM", "/usr/bin/chromium"))


def _missing(reason: str, required_by: str) -> NoReturn:
    """Skip with ``reason``, or fail when the environment variable ``required_by`` is 1."""
    if os.environ.get(required_by) == "1":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if SHARED_DATA.is_dir():
        return SHARED_DATA
    _missing(
        f"evaluation data not found at {SHARED_DATA} (set STORYFUSE_DATA)",
        "STORYFUSE_REQUIRE_DATA",
    )


@pytest.fixture(scope="session")
def chromium() -> Path:
    if CHROMIUM.exists():
        return CHROMIUM
    _missing(
        f"no Chromium at {CHROMIUM} (apt-get install chromium, or set STORYFUSE_CHROMIUM)",
        "STORYFUSE_REQUIRE_BROWSER",
    )


@pytest.fixture(scope="session")
def seeds_dir(shared_data: Path) -> Path:
    return shared_data / "seeds"
