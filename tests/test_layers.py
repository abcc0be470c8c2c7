"""The layering contract (``.importlinter``) holds, and it does catch what it is for.

``make lint`` runs ``lint-imports``; this test runs it too, on the tree and on a copy
with one upward import and one cycle added, which it must refuse.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
CONTRACT = REPO_ROOT / ".importlinter"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

pytestmark = pytest.mark.skipif(
    not LINT_IMPORTS.exists(), reason="import-linter (the 'dev' extra) is not installed"
)


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(root / ".importlinter"), "--no-cache"],
        cwd=root,
        env={"PYTHONPATH": str(root / "src"), "PATH": ""},
        capture_output=True,
        text=True,
        check=False,
    )


def _layers(text: str) -> list[str]:
    """The layer names of the contract, top first (a ``|`` line is one layer)."""
    lines = text.split("type = layers", 1)[1].split("layers =", 1)[1].splitlines()
    out: list[str] = []
    for line in lines[1:]:
        if not line.startswith("    "):
            break
        out.append(line.strip())
    return out


def test_the_tree_keeps_its_layers_and_has_no_cycles() -> None:
    result = _lint(REPO_ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_every_top_level_module_is_in_a_layer() -> None:
    package = REPO_ROOT / "src" / "storyfuse"
    named = {
        part.strip(" ()").removeprefix("storyfuse.")
        for layer in _layers(CONTRACT.read_text(encoding="utf-8"))
        for part in layer.split("|")
    }
    modules = {
        p.stem if p.is_file() else p.name
        for p in package.iterdir()
        if (p.suffix == ".py" and not p.name.startswith("__"))
        or (p.is_dir() and (p / "__init__.py").exists())
    }
    assert modules - named == set()


def test_an_upward_import_and_a_cycle_break_the_contract(tmp_path: Path) -> None:
    shutil.copytree(REPO_ROOT / "src", tmp_path / "src")
    shutil.copy(CONTRACT, tmp_path / ".importlinter")
    package = tmp_path / "src" / "storyfuse"
    with (package / "text" / "clean.py").open("a", encoding="utf-8") as f:
        f.write("\n\ndef _upward() -> None:\n    from storyfuse.cli.main import main\n")
    with (package / "analyze" / "quotes.py").open("a", encoding="utf-8") as f:
        f.write("\n\ndef _cycle() -> None:\n    from storyfuse.analyze import brief\n")
    result = _lint(tmp_path)
    assert result.returncode != 0
    assert "storyfuse.text.clean -> storyfuse.cli.main" in result.stdout
    assert ".quotes -> .brief" in result.stdout
