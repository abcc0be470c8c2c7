"""Running the command line on hostile input: in this process (click's runner, fast) or
as ``python -m storyfuse`` in a child, where a traceback, a hang or the memory a run
takes shows as a user would see it.

A child's peak memory is its own ``ru_maxrss`` from ``os.wait4`` (``RUSAGE_CHILDREN``
would be the largest of every child this test process has waited for so far).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

import storyfuse
from storyfuse.cli.main import main

# The package the tests import: the child runs the same code (a worktree, not an install).
SOURCE_ROOT = Path(storyfuse.__file__).resolve().parents[1]
KIB = 1024  # ru_maxrss is in KiB on Linux


@dataclass(frozen=True, slots=True)
class Ran:
    """What a command did: exit code, output, seconds, and the child's peak RSS in bytes
    (None when it ran in this process)."""

    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_rss: int | None = None


Runner = Callable[[Sequence[str], float], Ran]


def in_process(args: Sequence[str], timeout: float) -> Ran:
    """``storyfuse ARGS`` through click's runner; an exception that escapes the command
    becomes a "Traceback" in ``stderr``, as it would print in a terminal. ``timeout`` is
    not enforced here (no way to stop a thread): the caller checks ``seconds``."""
    started = time.perf_counter()
    result = CliRunner().invoke(main, list(args))
    seconds = time.perf_counter() - started
    stderr = result.stderr
    exc = result.exception
    if exc is not None and not isinstance(exc, SystemExit):
        stderr += "Traceback (most recent call last):\n" + "".join(traceback.format_exception(exc))
    return Ran(result.exit_code, result.stdout, stderr, seconds)


def in_child(args: Sequence[str], timeout: float) -> Ran:
    """``python -m storyfuse ARGS`` in a child, killed after ``timeout`` seconds (then
    its code is -9); its stdout is decoded strictly, so bytes that are not UTF-8 fail."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SOURCE_ROOT), env.get("PYTHONPATH")]))
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-m", "storyfuse", *args], stdout=out, stderr=err, env=env
        )
        guard = threading.Timer(timeout, child.kill)
        guard.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            guard.cancel()
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8")
        stderr = err.read().decode("utf-8", errors="backslashreplace")
    return Ran(child.returncode, stdout, stderr, seconds, usage.ru_maxrss * KIB)


def run_many(args: Sequence[Sequence[str]], timeout: float) -> list[Ran]:
    """Several ``in_child`` runs at once (each started as soon as the one before is)."""
    results: list[Ran | None] = [None] * len(args)

    def one(k: int) -> None:
        results[k] = in_child(args[k], timeout)

    threads = [threading.Thread(target=one, args=(k,)) for k in range(len(args))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout + 5)
    assert all(r is not None for r in results), "a child did not come back"
    return [r for r in results if r is not None]
