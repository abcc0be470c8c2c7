"""Sources that are not paths: ``-`` (standard input) and ``--urls FILE`` (a list of URLs).

Standard input is one plain-text article, or JSON Lines (one article per line, the fields a
``.jsonl`` file takes) when its first non-blank line is a JSON object. It goes through the
same loaders as a file: the bytes are written to a temporary ``.txt`` or ``.jsonl`` file,
so decoding, JSON Lines records and warnings behave exactly as for files, and then the
temporary name is replaced by ``<stdin>`` in the warnings and the articles.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storyfuse.ingest import LoadResult

STDIN = "-"  # the source that means standard input
STDIN_NAME = "<stdin>"  # what warnings, errors and article paths call it
JSONL_SUFFIX = ".jsonl"
TEXT_SUFFIX = ".txt"
COMMENT = "#"
BOM = "\ufeff"


def first_line_is_json_object(text: str) -> bool:
    """True when the first non-blank line parses as a JSON object (JSON Lines input).

    An object nested too deeply to parse still counts (its loader warns about that line
    and reads the rest); ``json.loads`` raised RecursionError out of ``summarize -``.
    """
    for line in text.lstrip(BOM).splitlines():
        if not line.strip():
            continue
        try:
            return isinstance(json.loads(line), dict)
        except json.JSONDecodeError:
            return False
        except RecursionError:
            return line.lstrip().startswith("{")
    return False


def stdin_suffix(data: bytes) -> str:
    """The extension whose loader reads ``data``: ``.jsonl`` or ``.txt``."""
    sniff = data.decode("utf-8", errors="replace")
    return JSONL_SUFFIX if first_line_is_json_object(sniff) else TEXT_SUFFIX


def read_url_list(path: Path) -> list[str]:
    """The URLs in ``path``, one a line; blank lines and ``#`` comments are skipped."""
    from storyfuse.errors import StoryfuseError

    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise StoryfuseError(f"--urls {path}: cannot read ({reason or exc})") from exc
    urls = [line.strip() for line in text.splitlines()]
    return [url for url in urls if url and not url.startswith(COMMENT)]


def _rename(result: LoadResult, temporary: str) -> LoadResult:
    """``result`` with the temporary file's name replaced by ``<stdin>``."""
    articles = tuple(
        replace(a, path=STDIN_NAME) if a.path == temporary else a for a in result.articles
    )
    warnings = tuple(w.replace(temporary, STDIN_NAME) for w in result.warnings)
    return replace(result, articles=articles, warnings=warnings)


def read_stdin() -> bytes:
    """Standard input's bytes (the loaders decode them as they decode a file's)."""
    return sys.stdin.buffer.read()


@contextmanager
def _stdin_file(data: bytes) -> Iterator[Path]:
    """A temporary file holding ``data`` with the suffix of its format, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="storyfuse-stdin-") as folder:
        # One folder deeper than the temporary one: the loaders read a meta.json beside a
        # file or in its parent folder, and both must be ours, never the system's /tmp.
        inner = Path(folder) / "stdin"
        inner.mkdir()
        path = inner / f"stdin{stdin_suffix(data)}"
        path.write_bytes(data)
        yield path


def load_sources(
    sources: Sequence[str | Path], urls: Sequence[str] = (), stdin: bytes | None = None
) -> LoadResult:
    """``load_paths`` over ``sources`` and ``urls``; ``-`` among the sources reads ``stdin``.

    ``stdin`` defaults to the process's standard input, read only when ``-`` is given.
    """
    from storyfuse.ingest import load_paths

    wanted = [*sources, *urls]
    if STDIN not in (str(s) for s in sources):
        return load_paths(wanted)
    data = stdin if stdin is not None else read_stdin()
    with _stdin_file(data) as path:
        paths = [path if str(s) == STDIN else s for s in wanted]
        return _rename(load_paths(paths), str(path))
