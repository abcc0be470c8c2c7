"""README's Python examples run as written, and every name they use is public.

The API example reads a folder ``reports/``: the test runs it in a temporary folder
holding the bundled sample there, with ``print`` captured.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import storyfuse
from storyfuse.samples import sample_dir

README = Path(__file__).resolve().parents[1] / "README.md"
_PYTHON_BLOCK_RE = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)
_DOTTED_RE = re.compile(r"`(storyfuse(?:\.[A-Za-z_]\w*)+)")


def _python_blocks() -> list[str]:
    return _PYTHON_BLOCK_RE.findall(README.read_text(encoding="utf-8"))


def test_readme_has_python_examples() -> None:
    assert _python_blocks()


@pytest.mark.parametrize("index", range(len(_python_blocks())))
def test_readme_python_example_runs(
    index: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(sample_dir() / "docs", tmp_path / "reports")
    monkeypatch.chdir(tmp_path)
    code = _python_blocks()[index]
    exec(compile(code, f"README.md python block {index}", "exec"), {"__name__": "readme"})
    out = capsys.readouterr().out
    assert out.strip(), "the example prints what it shows"


def test_dotted_names_in_readme_resolve() -> None:
    """Every ``storyfuse.x.y`` that README names in code spans is importable."""
    import importlib

    for dotted in sorted(set(_DOTTED_RE.findall(README.read_text(encoding="utf-8")))):
        parts = dotted.split(".")
        for cut in range(len(parts), 0, -1):
            try:
                obj: object = importlib.import_module(".".join(parts[:cut]))
            except ModuleNotFoundError:
                continue
            for attr in parts[cut:]:
                assert hasattr(obj, attr), f"README names {dotted}: no {attr}"
                obj = getattr(obj, attr)
            break
        else:
            pytest.fail(f"README names {dotted}, which does not import")


def test_the_public_api_is_what_all_lists() -> None:
    for name in storyfuse.__all__:
        assert getattr(storyfuse, name) is not None


def test_readme_demo_output_is_what_demo_prints() -> None:
    """The ``$ storyfuse demo`` block shows the command's real output (it is deterministic)."""
    from click.testing import CliRunner

    from storyfuse.cli.main import main

    text = README.read_text(encoding="utf-8")
    start = text.index("$ storyfuse demo\n") + len("$ storyfuse demo\n")
    shown = text[start : text.index("```", start)]
    result = CliRunner().invoke(main, ["demo"])
    assert result.exit_code == 0
    assert shown == result.output
