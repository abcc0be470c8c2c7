"""The ILP keeps the solver off stdout without breaking stdout for anyone else.

Each check runs in a child process, so a stdout left pointing at the null device
cannot break pytest itself. The child runs as in production, with stdout a pipe and
``PYTHONUNBUFFERED`` unset, so both Python and C stdio buffer whole blocks. Its
solver prints a line with C's ``printf`` before each solve, as the bare ``printf``
calls of the HiGHS that SciPy 1.17 bundles do.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

pytestmark = [
    pytest.mark.skipif(
        sys.platform == "win32", reason="the child reaches C's printf through the C library"
    ),
    pytest.mark.slow,  # child interpreters: about 3 s together
]

THREADS = 4  # concurrent summaries, as in the web server's thread pool ...
ROUNDS = 6  # ... each this many times (the old per-solve fd swap lost stdout 20 in 20)
CHILD_TIMEOUT_S = 60
BEFORE = "printed before the solves"
MARKER = "stdout still works"
NOISE = "HighsMipSolverData noise"

CHILD = textwrap.dedent(
    """
    import ctypes
    import sys
    import threading

    from storyfuse.ingest import load_paths
    from storyfuse.pipeline import summarize
    from storyfuse.samples import sample_dir
    from storyfuse.summarizers import ilp

    threads, rounds, before, marker, noise = sys.argv[1:]
    libc = ctypes.CDLL(None)
    real_milp = ilp.milp

    def noisy_milp(*args, **kwargs):
        libc.printf(noise.encode() + b"\\n")  # into C stdio's buffer, as HiGHS prints
        return real_milp(*args, **kwargs)

    ilp.milp = noisy_milp
    articles = load_paths([sample_dir()]).articles
    start = threading.Barrier(int(threads))
    failures = []

    def work():
        start.wait()  # all threads solve at once
        try:
            for k in range(int(rounds)):
                summarize(articles, words=40 + 10 * (k % 4), method="ilp")
        except BaseException as exc:
            failures.append(exc)

    print(before)  # still in Python's buffer when the first solve starts
    workers = [threading.Thread(target=work) for _ in range(int(threads))]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert not failures, failures
    print(marker)
    """
)


def _child_stdout(threads: int, rounds: int) -> str:
    """What the child wrote to its stdout (a pipe), after ``threads`` x ``rounds`` summaries."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(threads), str(rounds), BEFORE, MARKER, NOISE],
        capture_output=True,
        text=True,
        env=env,
        timeout=CHILD_TIMEOUT_S,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_concurrent_summaries_leave_stdout_working_and_quiet() -> None:
    assert _child_stdout(THREADS, ROUNDS) == f"{BEFORE}\n{MARKER}\n"


def test_solver_prints_buffered_by_c_stdio_never_reach_stdout() -> None:
    # One thread: C stdio holds the solver's line until something flushes it, which
    # must happen before fd 1 points back at the real stdout.
    assert _child_stdout(1, 1) == f"{BEFORE}\n{MARKER}\n"


def test_scipy_note_on_the_highs_options_stays_quiet_in_threads() -> None:
    """The filter is installed once at import, not per solve (catch_warnings is not
    thread-safe), so threaded solves print no RuntimeWarning and leave no filter behind."""
    code = (
        "import threading, warnings\n"
        "import storyfuse\n"
        "from storyfuse.ingest import load_paths\n"
        "from storyfuse.samples import sample_dir\n"
        "articles = load_paths([sample_dir()]).articles\n"
        "storyfuse.summarize(articles, method='ilp')  # imports done: their filters are in\n"
        "before = len(warnings.filters)\n"
        "def run():\n"
        "    for _ in range(3):\n"
        "        storyfuse.summarize(articles, method='ilp')\n"
        "threads = [threading.Thread(target=run) for _ in range(4)]\n"
        "[t.start() for t in threads]; [t.join() for t in threads]\n"
        "print(len(warnings.filters) - before)\n"
    )
    child = subprocess.run(
        [sys.executable, "-W", "default", "-c", code],
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT_S,
        check=True,
    )
    assert "Unrecognized options" not in child.stderr
    assert child.stdout.strip() == "0"
