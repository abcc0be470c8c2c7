"""Property-based checks of the API against its own OpenAPI schema (schemathesis).

Every operation of ``/openapi.json`` gets a bounded, deterministic set of generated
requests, valid and invalid, with the write token sent (so ``POST /articles`` really
ingests, into a copy of the sample store). No answer may be a 5xx, and every answer must
be a status code, content type, headers and body that the schema documents.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")

from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from web_helpers import TOKEN, auth  # noqa: E402

from storyfuse.web.app import WebSettings, create_app  # noqa: E402

MAX_EXAMPLES = 25
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# The schema is loaded when the module is collected (schemathesis' fixture-based lazy
# loading does not run on pytest 9), so the app's store lives at a path chosen now and
# filled with a copy of the sample store before the first request (``store`` below).
_SCRATCH = Path(tempfile.mkdtemp(prefix="storyfuse-schema-"))
APP = create_app(_SCRATCH / "store.sqlite", settings=WebSettings(write_token=TOKEN, max_articles=5))


def _config() -> Any:
    config = schemathesis.Config()
    project = config.projects.default
    project.generation.update(max_examples=MAX_EXAMPLES, deterministic=True)
    project.phases.update(phases=["examples", "coverage", "fuzzing"])
    return config


schema = schemathesis.openapi.from_asgi("/openapi.json", APP, config=_config())


@pytest.fixture(scope="module", autouse=True)
def store(sample_db: Path) -> Iterator[Path]:
    db = _SCRATCH / "store.sqlite"
    shutil.copyfile(sample_db, db)
    yield db
    shutil.rmtree(_SCRATCH, ignore_errors=True)


@pytest.mark.slow
@schema.parametrize()  # type: ignore[untyped-decorator]
def test_api_conforms_to_its_schema(case: Any) -> None:
    case.call_and_validate(headers=auth(), checks=CHECKS)


def test_the_schema_documents_every_api_route() -> None:
    paths = set(schema.raw_schema["paths"])
    assert paths == {
        "/api/v1/summarize",
        "/api/v1/summarize/files",
        "/api/v1/articles",
        "/api/v1/stories",
        "/api/v1/stories/{story_id}",
        "/api/v1/articles/{article_id}",
        "/api/v1/search",
    }
    ingest = schema.raw_schema["paths"]["/api/v1/articles"]["post"]
    assert {"401", "403", "413", "422"} <= set(ingest["responses"])
    assert ingest["security"] == [{"HTTPBearer": []}]
    reads = schema.raw_schema["paths"]["/api/v1/stories"]["get"]
    assert "security" not in reads  # reads are open unless the settings make them private


def test_the_schema_says_what_published_takes() -> None:
    # It said "format: date-time" while the server takes dates, RFC 2822 and month-name
    # forms and blanks, and refuses years outside 1800-2200.
    field = APP.openapi()["components"]["schemas"]["ArticleIn"]["properties"]["published"]
    assert "format" not in field
    assert "1800 to 2200" in field["description"] and "blank" in field["description"]
