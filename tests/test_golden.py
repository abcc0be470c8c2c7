"""Determinism: the bundled sample's brief is pinned byte for byte.

After an intended change of output, rewrite the files and review the diff:

    STORYFUSE_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py   # rewrites, then fails
    git diff tests/golden/
    python -m pytest tests/test_golden.py                              # compares: must pass

A run with ``STORYFUSE_UPDATE_GOLDEN=1`` compares nothing, so each of its cases fails after
writing its file: a run that updated the files can never report green.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyfuse.cli.main import main

GOLDEN = Path(__file__).parent / "golden"
UPDATE_VARIABLE = "STORYFUSE_UPDATE_GOLDEN"
CASES = {
    "sample_text.txt": ["summarize"],
    "sample_summary_only.txt": ["summarize", "--no-analysis"],
    "sample_md.md": ["summarize", "--format", "md", "--words", "150"],
    "sample_plain_lexrank.txt": ["summarize", "--format", "plain", "--method", "lexrank"],
    "sample_sentences3.txt": ["summarize", "--sentences", "3"],
}


def check_pinned(name: str, golden: Path, *, update: bool) -> None:
    """Compare case ``name``'s output with its file in ``golden``; with ``update``, write the
    file instead and fail, saying so."""
    result = CliRunner().invoke(main, CASES[name])
    assert result.exit_code == 0, result.output
    path = golden / name
    if update:
        before = path.read_text(encoding="utf-8") if path.exists() else None
        path.write_text(result.output, encoding="utf-8")
        what = "unchanged" if before == result.output else "rewritten"
        pytest.fail(
            f"{UPDATE_VARIABLE}=1: {path} {what}, nothing compared. Review the diff, then run "
            f"again without {UPDATE_VARIABLE} to check it.",
            pytrace=False,
        )
    assert result.output == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(CASES))
def test_sample_output_is_pinned(name: str) -> None:
    check_pinned(name, GOLDEN, update=os.environ.get(UPDATE_VARIABLE) == "1")


def test_update_mode_writes_the_file_and_fails(tmp_path: Path) -> None:
    name = "sample_sentences3.txt"
    with pytest.raises(pytest.fail.Exception, match="rewritten, nothing compared"):
        check_pinned(name, tmp_path, update=True)
    with pytest.raises(pytest.fail.Exception, match="unchanged, nothing compared"):
        check_pinned(name, tmp_path, update=True)
    check_pinned(name, tmp_path, update=False)  # what it wrote is what a comparison reads
