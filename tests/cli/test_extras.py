"""Optional extras: a command that needs one it lacks says which, in one line, exit 2."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyfuse.cli.main import main
from storyfuse.eval import rouge


@pytest.fixture
def no_rouge_score(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """rouge-score as if not installed: a None entry in sys.modules makes its import fail."""
    monkeypatch.setitem(sys.modules, "rouge_score", None)
    monkeypatch.setitem(sys.modules, "rouge_score.tokenizers", None)
    rouge._tokenizer.cache_clear()
    yield
    rouge._tokenizer.cache_clear()


@pytest.mark.usefixtures("no_rouge_score")
def test_eval_without_rouge_score_names_the_eval_extra(tmp_path: Path) -> None:
    (tmp_path / "set").mkdir()
    result = CliRunner().invoke(main, ["eval", str(tmp_path / "set"), "--words", "20"])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {rouge.ROUGE_MISSING}"
    assert "pip install 'storyfuse[eval]'" in result.stderr


@pytest.mark.usefixtures("no_rouge_score")
def test_summarize_needs_no_rouge_score() -> None:
    result = CliRunner().invoke(main, ["summarize", "--sentences", "1", "--format", "plain"])
    assert result.exit_code == 0 and result.stdout.strip()
