"""Fixtures of the web tests: a store holding the bundled sample, and a client over it.

The sample store is built once per session (through ``stream.ingest_articles``); a test
that writes gets its own copy of the file.
"""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")
# Starlette's TestClient would rather run on httpx2; httpx is what the dev extra installs.
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")

from fastapi.testclient import TestClient  # noqa: E402
from web_helpers import make_client  # noqa: E402

from storyfuse.eval.bench.web import sample_store  # noqa: E402
from storyfuse.store import Store  # noqa: E402


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample store, shared: use it only for reads (story pages do save briefs)."""
    db = sample_store(tmp_path_factory.mktemp("web-sample"))
    with Store.open(db):
        pass  # closing the last connection checkpoints the WAL into the file
    return db


@pytest.fixture
def fresh_db(sample_db: Path, tmp_path: Path) -> Path:
    """A copy of the sample store that a test may write to."""
    path = tmp_path / "store.sqlite"
    shutil.copyfile(sample_db, path)
    return path


@pytest.fixture(scope="session")
def story_id(sample_db: Path) -> str:
    with Store.open(sample_db) as store:
        (story,) = store.stories()
    return story.id


@pytest.fixture(scope="session")
def client(sample_db: Path) -> Iterator[TestClient]:
    """A client of the app over the shared sample store (token set, reads open)."""
    with make_client(sample_db) as test_client:
        yield test_client
