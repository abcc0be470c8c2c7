"""README's Python examples run as written, and every name they use is public.

The API example reads a folder ``reports/``: the test runs it in a temporary folder
holding the bundled sample there, with ``print`` captured.
"""

from __future__ import annotations

import difflib
import re
import shlex
import shutil
from dataclasses import dataclass
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


# ------------------------------------------------------------------ README's console examples

_CONSOLE_BLOCK_RE = re.compile(r"^```\n(\$ .*?)^```", re.MULTILINE | re.DOTALL)
_ELIDED = "…"
_SAMPLE_PATH = "src/storyfuse/samples/harbor_bridge"
_SAMPLE_STORY = "s930dc15d3ef5214c"
_COMMANDS = {"storyfuse", "cat"}

# Commands the test does not run, each with its reason. An entry README no longer shows fails
# the test below, so this list cannot hide a command that has gone.
_NOT_RUN = {
    "storyfuse summarize --urls urls.txt -o brief.md --format md": (
        "fetches URLs over the network; tests/cli/test_pipes.py covers --urls with a local server"
    ),
}
# Commands README shows without output because it is another command's, named here.
_SAME_OUTPUT_AS = {
    f"storyfuse brief {_SAMPLE_STORY} --db /tmp/demo.sqlite": "storyfuse demo",
}


@dataclass(frozen=True)
class ConsoleStep:
    """One ``$ command`` line of a README console block and the output shown under it."""

    line: str
    shown: str

    @property
    def words(self) -> list[str]:
        """The command line as words, its ``# comment`` dropped."""
        return shlex.split(self.line, comments=True)

    @property
    def command(self) -> str:
        return shlex.join(self.words)

    @property
    def on_a_terminal(self) -> bool:
        return "# on a terminal" in self.line


def _console_blocks() -> list[list[ConsoleStep]]:
    blocks: list[list[ConsoleStep]] = []
    for body in _CONSOLE_BLOCK_RE.findall(README.read_text(encoding="utf-8")):
        steps: list[ConsoleStep] = []
        line, shown = "", ""
        for text in body.splitlines(keepends=True):
            if text.startswith("$ "):
                if line:
                    steps.append(ConsoleStep(line, shown))
                line, shown = text[2:].rstrip("\n"), ""
            else:
                shown += text
        steps.append(ConsoleStep(line, shown))
        # The `curl` session against `storyfuse serve` is not run here (tests/web/ covers the API).
        if steps[0].words[0] in _COMMANDS:
            blocks.append(steps)
    return blocks


def _shown_matches(shown: str, printed: str) -> bool:
    """``printed`` is ``shown`` exactly, where a line ``…`` stands for any lines left out."""
    pattern = "".join(
        r"(?:.*\n)*?" if text.strip() == _ELIDED else re.escape(text)
        for text in shown.splitlines(keepends=True)
    )
    return re.fullmatch(pattern, printed) is not None


def _abridged_as_shown(shown: str, printed: str) -> str:
    """``printed`` with each stretch that README leaves out as ``…`` put back as that line.

    A stretch runs from the line before the ``…`` to the next line after it, both found in
    ``printed``; where either is missing the stretch stays, and the diff shows it.
    """
    shown_lines = shown.splitlines(keepends=True)
    lines = printed.splitlines(keepends=True)
    at = 0
    for i, line in enumerate(shown_lines):
        if line.strip() != _ELIDED or not 0 < i < len(shown_lines) - 1:
            continue
        before, after = shown_lines[i - 1], shown_lines[i + 1]
        if before not in lines[at:]:
            continue
        start = lines.index(before, at) + 1
        if after not in lines[start:]:
            continue
        end = lines.index(after, start)
        lines[start:end] = [line]
        at = start + 1
    return "".join(lines)


def _cut_fields(text: str, fields: str) -> str:
    """What ``cut -f LIST`` prints (tab-separated fields, numbered from 1)."""
    wanted = [int(field) - 1 for field in fields.split(",")]
    lines = []
    for row in text.splitlines():
        cells = row.split("\t")
        lines.append("\t".join(cells[i] for i in wanted if i < len(cells)))
    return "".join(line + "\n" for line in lines)


def _run_step(step: ConsoleStep, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """What ``step`` prints (stdout and stderr, as a terminal shows them), run in ``tmp_path``."""
    from click.testing import CliRunner

    from storyfuse.cli import output
    from storyfuse.cli.main import main

    words = [word.replace("/tmp/", f"{tmp_path}/") for word in step.words]
    stdin: str | None = None
    if words[0] == "cat" and "|" not in words:
        # `cat FILE` shows the file the next command reads: write what README shows.
        (tmp_path / words[1]).write_text(step.shown, encoding="utf-8")
        return step.shown
    if words[0] == "cat":
        assert words[2] == "|", step.line
        stdin = (tmp_path / words[1]).read_text(encoding="utf-8")
        words = words[3:]
    cut: str | None = None
    if "|" in words:
        pipe = words.index("|")
        # The one pipe README uses after a command, done in Python: `| cut -fLIST`.
        assert words[pipe + 1] == "cut" and words[pipe + 2 :][0].startswith("-f"), step.line
        assert len(words) == pipe + 3, step.line
        cut = words[pipe + 2].removeprefix("-f")
        words = words[:pipe]
    assert words[0] == "storyfuse", f"README runs something else: {step.line}"
    with monkeypatch.context() as patch:
        patch.setattr(output, "stdout_is_terminal", lambda: step.on_a_terminal)
        result = CliRunner(env={"COLUMNS": "80", "NO_COLOR": "1"}).invoke(
            main, words[1:], input=stdin
        )
    expect_error = step.shown.startswith("error:")
    assert (result.exit_code == 2) if expect_error else (result.exit_code == 0), (
        f"{step.line}: exit code {result.exit_code}\n{result.output}"
    )
    printed = _cut_fields(result.stdout, cut) + result.stderr if cut else result.output
    return printed.replace(f"{tmp_path}/", "/tmp/")


def _console_ids() -> list[str]:
    return [steps[0].command for steps in _console_blocks()]


def test_readme_has_console_examples() -> None:
    commands = {step.command for steps in _console_blocks() for step in steps}
    assert {"storyfuse demo", "storyfuse methods"} <= commands
    assert set(_NOT_RUN) <= commands, "a command listed as not run is no longer in README"
    assert set(_SAME_OUTPUT_AS) <= commands


@pytest.mark.parametrize("index", range(len(_console_blocks())), ids=_console_ids())
def test_readme_console_example_prints_what_it_shows(
    index: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each ``$ storyfuse ...`` line of README, run on the bundled sample, prints what README shows.

    The commands run in order in one temporary folder per block, with the sample at
    ``src/storyfuse/samples/harbor_bridge`` and ``/tmp/`` meaning that folder. The summary
    sentences they print are compared too: a change of summarizer must regenerate README.
    """
    shutil.copytree(sample_dir(), tmp_path / _SAMPLE_PATH)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    for step in _console_blocks()[index]:
        if step.command in _NOT_RUN:
            assert not step.shown, f"{step.line}: README shows output the test does not check"
            continue
        printed = _run_step(step, tmp_path, monkeypatch)
        if step.command in _SAME_OUTPUT_AS:
            assert not step.shown, step.line
            other = ConsoleStep(_SAME_OUTPUT_AS[step.command], "")
            expected, what = _run_step(other, tmp_path, monkeypatch), f"what `{other.line}` prints"
            ok = printed == expected
        else:
            expected, what = step.shown, "README"
            ok = _shown_matches(expected, printed)
            printed = _abridged_as_shown(expected, printed)
        if not ok:
            diff = difflib.unified_diff(
                expected.splitlines(keepends=True),
                printed.splitlines(keepends=True),
                what,
                f"what `{step.line}` prints",
            )
            pytest.fail(f"README.md: `$ {step.line}`\n" + "".join(diff), pytrace=False)
