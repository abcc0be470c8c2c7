"""``storyfuse serve``: its errors, its start, and the CLI without the web extra."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from storyfuse.cli.main import main
from storyfuse.web.settings import (
    DEFAULT_HEADER_TIMEOUT,
    DEFAULT_KEEP_ALIVE_TIMEOUT,
    DEFAULT_MAX_CONNECTIONS,
    DEFAULT_MAX_HEADER_BYTES,
)


def test_serve_without_a_store_names_the_path(tmp_path: Path) -> None:
    db = tmp_path / "none.sqlite"
    result = CliRunner().invoke(main, ["serve", "--db", str(db)])
    assert result.exit_code == 2
    assert str(db) in result.stderr and "storyfuse ingest" in result.stderr
    assert "Traceback" not in result.output


def test_serve_a_file_that_is_no_store(tmp_path: Path) -> None:
    db = tmp_path / "notes.sqlite"
    db.write_text("not a database " * 100)
    result = CliRunner().invoke(main, ["serve", "--db", str(db)])
    assert result.exit_code == 2 and "not a SQLite database" in result.stderr


def test_serve_without_the_web_extra(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # import uvicorn now fails
    monkeypatch.delitem(sys.modules, "storyfuse.web.server", raising=False)  # imports it anew
    result = CliRunner().invoke(main, ["serve", "--db", str(sample_db)])
    assert result.exit_code == 2
    assert "pip install 'storyfuse[web]'" in result.stderr


def test_serve_runs_uvicorn_on_the_app(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    calls: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append((app, options)))
    monkeypatch.setenv("STORYFUSE_API_TOKEN", "from-env")
    result = CliRunner().invoke(main, ["serve", "--db", str(sample_db), "--port", "8123"])
    assert result.exit_code == 0, result.output
    ((app, options),) = calls
    assert options["host"] == "127.0.0.1" and options["port"] == 8123
    assert app.state.web.db_path == sample_db
    assert app.state.web.settings.write_token == "from-env"
    assert options["limit_concurrency"] == DEFAULT_MAX_CONNECTIONS
    assert options["timeout_keep_alive"] == DEFAULT_KEEP_ALIVE_TIMEOUT
    assert options["h11_max_incomplete_event_size"] == DEFAULT_MAX_HEADER_BYTES
    assert options["http"].header_timeout == DEFAULT_HEADER_TIMEOUT


def test_serve_takes_its_limits_from_the_environment(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    calls: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append((app, options)))
    monkeypatch.setenv("STORYFUSE_MAX_CONNECTIONS", "7")
    monkeypatch.setenv("STORYFUSE_HEADER_TIMEOUT", "2.5")
    monkeypatch.setenv("STORYFUSE_MAX_URL_BYTES", "4096")
    result = CliRunner().invoke(main, ["serve", "--db", str(sample_db)])
    assert result.exit_code == 0, result.output
    ((app, options),) = calls
    assert options["limit_concurrency"] == 7 and options["http"].header_timeout == 2.5
    assert app.state.web.settings.max_url_bytes == 4096


def test_serve_refuses_a_bad_limit(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYFUSE_MAX_CONNECTIONS", "many")
    result = CliRunner().invoke(main, ["serve", "--db", str(sample_db)])
    assert result.exit_code == 2
    assert "STORYFUSE_MAX_CONNECTIONS='many': use a positive whole number" in result.stderr


def test_serve_refuses_a_bad_private_switch(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STORYFUSE_API_READ_PRIVATE", "perhaps")
    result = CliRunner().invoke(main, ["serve", "--db", str(sample_db)])
    assert result.exit_code == 2 and "STORYFUSE_API_READ_PRIVATE" in result.stderr


def test_the_cli_and_the_package_do_not_import_the_web_extra() -> None:
    code = (
        "import sys, storyfuse, storyfuse.cli.main; from storyfuse.cli.main import main; "
        "web = ('fastapi', 'uvicorn', 'jinja2', 'starlette'); "
        "print(sorted(m for m in web if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
