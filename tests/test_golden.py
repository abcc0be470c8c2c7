"""Determinism: the bundled sample's brief is pinned byte for byte.

After an intended change of output, rewrite the files with
``STORYFUSE_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py`` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyfuse.cli.main import main

GOLDEN = Path(__file__).parent / "golden"
CASES = {
    "sample_text.txt": ["summarize"],
    "sample_summary_only.txt": ["summarize", "--no-analysis"],
    "sample_md.md": ["summarize", "--format", "md", "--words", "150"],
    "sample_plain_lexrank.txt": ["summarize", "--format", "plain", "--method", "lexrank"],
    "sample_sentences3.txt": ["summarize", "--sentences", "3"],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_sample_output_is_pinned(name: str) -> None:
    result = CliRunner().invoke(main, CASES[name])
    assert result.exit_code == 0, result.output
    path = GOLDEN / name
    if os.environ.get("STORYFUSE_UPDATE_GOLDEN") == "1":
        path.write_text(result.output, encoding="utf-8")
    assert result.output == path.read_text(encoding="utf-8")
