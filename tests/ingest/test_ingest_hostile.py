"""Hostile input at the ingest boundary (issue 16): each case costs only its own file,
line or folder, with a one-line warning naming it, and the rest of the batch loads."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from storyfuse.ingest import base, load_paths, loaders
from storyfuse.ingest.dates import parse_date

GOOD = "The bridge reopened on Monday after repairs, officials in Port Alden said."
DEEP = "[" * 100_000
HANG_GUARD_S = 5.0  # far above the milliseconds it takes; the old parse took ~40 s


def test_jsonl_record_with_a_lone_surrogate_is_sanitised(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    bad = json.dumps({"text": "Bad \ud800 text here.", "title": "T\ud800", "url": "http://x/\ud800"})
    path.write_text(json.dumps({"text": GOOD}) + "\n" + bad + "\n", encoding="utf-8")
    result = load_paths([path])
    assert len(result.articles) == 2
    texts = [a.text for a in result.articles]
    assert "Bad \ufffd text here." in texts
    for article in result.articles:
        assert not base.has_surrogate(article.text + (article.title or "") + (article.url or ""))
    assert any(w.startswith(f"{path}:2: 'text'") for w in result.warnings)


def test_a_file_name_that_is_not_utf8_loads_with_the_rest(tmp_path: Path) -> None:
    name = os.path.join(os.fsencode(tmp_path), b"bad\xffname.txt")
    with open(name, "wb") as handle:
        handle.write(GOOD.encode())
    (tmp_path / "good.txt").write_text("Another report says the ferry ran late on Tuesday.")
    result = load_paths([tmp_path])
    assert len(result.articles) == 2
    paths = [a.path or "" for a in result.articles]
    assert any(p.endswith("bad\\xffname.txt") for p in paths)
    for text in (*paths, *result.warnings):
        text.encode("utf-8")  # printable: no surrogate escapes left


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_deeply_nested_json_costs_only_its_file(tmp_path: Path, suffix: str) -> None:
    (tmp_path / f"deep{suffix}").write_text(DEEP)
    (tmp_path / "good.txt").write_text(GOOD)
    result = load_paths([tmp_path])
    assert [a.text for a in result.articles] == [GOOD]
    where = f"{tmp_path / f'deep{suffix}'}{':1' if suffix == '.jsonl' else ''}:"
    assert any(w.startswith(where) and "nested too deeply" in w for w in result.warnings)


def test_deeply_nested_jsonl_line_keeps_the_other_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(DEEP + "\n" + json.dumps({"text": GOOD}) + "\n")
    result = load_paths([path])
    assert [a.text for a in result.articles] == [GOOD]
    assert any(w.startswith(f"{path}:1:") for w in result.warnings)


def test_deeply_nested_meta_json_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "meta.json").write_text(DEEP)
    (tmp_path / "doc.txt").write_text(GOOD)
    result = load_paths([tmp_path])
    assert [a.text for a in result.articles] == [GOOD]
    assert any(w.startswith(f"{tmp_path / 'meta.json'}:") for w in result.warnings)


def test_directory_symlinks_to_dot_are_entered_once(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text(GOOD)
    for n in range(2):
        (tmp_path / f"loop{n}").symlink_to(".", target_is_directory=True)
    # Old walk: 2^depth paths until the OS refuses the name (ELOOP); this must be instant.
    result = load_paths([tmp_path])
    assert [a.text for a in result.articles] == [GOOD]


def test_each_unreadable_folder_warns_and_the_walk_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for folder in ("a", "b", "c"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "doc.txt").write_text(f"{GOOD} Folder {folder}.")
    real = Path.iterdir

    def iterdir(self: Path):  # type: ignore[no-untyped-def]
        if self.name in {"a", "b"}:
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    result = load_paths([tmp_path])
    assert [a.text for a in result.articles] == [f"{GOOD} Folder c."]
    for folder in ("a", "b"):
        expected = f"{tmp_path / folder}: folder unreadable (Permission denied), skipped"
        assert expected in result.warnings


def test_a_file_over_the_size_limit_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(base, "MAX_FILE_BYTES", 100)
    (tmp_path / "big.txt").write_text("word " * 100)
    (tmp_path / "small.txt").write_text(GOOD)
    result = load_paths([tmp_path])
    assert [a.text for a in result.articles] == [GOOD]
    assert f"{tmp_path / 'big.txt'}: 500 bytes, over the 100-byte limit, skipped" in result.warnings


def test_jsonl_record_with_control_characters_is_sanitised(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    bad = json.dumps({"text": "NUL \x00 and bell \x07 here.\tTabbed.", "source": "Wire\x1b[31m"})
    path.write_text(bad + "\n", encoding="utf-8")
    result = load_paths([path])
    (article,) = result.articles
    assert article.text == "NUL \ufffd and bell \ufffd here.\tTabbed."
    assert article.source == "Wire\ufffd[31m"
    assert f"{path}:1: 'text' holds a control character, replaced with U+FFFD" in result.warnings
    assert any(w.startswith(f"{path}:1: 'source'") for w in result.warnings)


def test_unsafe_characters_names_what_is_replaced() -> None:
    assert base.unsafe_characters("plain text\twith\nlines\x0c\r") is None
    assert base.unsafe_characters("a \ud800 b") == "a lone surrogate, replaced with U+FFFD"
    both = base.unsafe_characters("\x00\udfff")
    assert both == "a lone surrogate and a control character, replaced with U+FFFD"
    assert base.sanitise("a\x00b\x7fc\ud800") == "a\ufffdb\ufffdc\ufffd"


def test_the_file_limit_is_set_by_argument_or_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "big.txt").write_text("word " * 100)
    (tmp_path / "small.txt").write_text(GOOD)
    assert len(load_paths([tmp_path]).articles) == 2  # 500 bytes: far under the default
    by_argument = load_paths([tmp_path], max_file_bytes=499)
    assert [a.text for a in by_argument.articles] == [GOOD]
    assert f"{tmp_path / 'big.txt'}: 500 bytes, over the 499-byte limit, skipped" in (
        by_argument.warnings
    )
    monkeypatch.setenv(base.MAX_FILE_BYTES_ENV, "400")
    by_environment = load_paths([tmp_path])
    assert [a.text for a in by_environment.articles] == [GOOD]
    assert any("over the 400-byte limit" in w for w in by_environment.warnings)
    assert len(load_paths([tmp_path], max_file_bytes=500).articles) == 2  # argument wins


@pytest.mark.parametrize("value", ["0", "-5", "ten", "1e6", "²"])
def test_a_bad_file_limit_variable_is_named_and_the_default_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    (tmp_path / "small.txt").write_text(GOOD)
    monkeypatch.setenv(base.MAX_FILE_BYTES_ENV, value)
    result = load_paths([tmp_path])
    assert [a.text for a in result.articles] == [GOOD]
    assert result.warnings == (
        f"{base.MAX_FILE_BYTES_ENV}={value!r}: use a positive whole number of bytes; "
        f"the default {base.MAX_FILE_BYTES:,} is used",
    )


def test_meta_json_with_lone_surrogates_is_sanitised_and_named(tmp_path: Path) -> None:
    entry = {"doc_id": "doc", "title": "T\ud800", "source": "Wire\x07", "url": "http://x/\udfff"}
    (tmp_path / "meta.json").write_text(json.dumps({"docs": [entry]}), encoding="utf-8")
    (tmp_path / "doc.txt").write_text(GOOD)
    result = load_paths([tmp_path])
    (article,) = result.articles
    assert article.title == "T\ufffd" and article.source == "Wire\ufffd"
    assert article.url == "http://x/\ufffd"
    where = f"{tmp_path / 'meta.json'}[doc 1]"
    assert result.warnings == (
        f"{where}: 'title' holds a lone surrogate, replaced with U+FFFD",
        f"{where}: 'source' holds a control character, replaced with U+FFFD",
        f"{where}: 'url' holds a lone surrogate, replaced with U+FFFD",
    )


def test_text_file_with_control_characters_is_sanitised_and_named(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("The pilot\x07 said the\x1b[2J tide was high.\fPage two.\tTabbed.\r\n")
    result = load_paths([path])
    (article,) = result.articles
    assert article.text.startswith("The pilot\ufffd said the\ufffd[2J tide was high.\fPage two.")
    assert result.warnings == (f"{path}: holds a control character, replaced with U+FFFD",)
    path.write_text(GOOD + "\fPage two.\tTabbed.\n")  # form feed, tab: no warning
    assert load_paths([path]).warnings == ()


def test_a_long_date_string_is_refused_at_once_and_shown_cut(tmp_path: Path) -> None:
    # Month-name parsing of a long string took quadratic time (about 40 s at 1 MB).
    hostile = "March 11 " + " | a" * 250_000
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": GOOD, "published": hostile}) + "\n")
    started = time.perf_counter()
    result = load_paths([path])
    assert time.perf_counter() - started < HANG_GUARD_S
    assert [a.published for a in result.articles] == [None]
    (warning,) = result.warnings
    assert warning.startswith(f"{path}:1: unparsable 'published' 'March 11  | a")
    assert warning.endswith(f"… ({len(repr(hostile)):,} characters), ignored")
    assert len(warning) < len(str(path)) + 200
    assert parse_date("Tuesday, March 11th, 2025 9:40 AM") is not None  # real ones still read


def test_a_broken_link_and_a_named_pipe_in_a_folder_are_named(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.txt")
    result = load_paths([tmp_path])
    assert [a.text for a in result.articles] == [GOOD]
    assert f"{tmp_path / 'gone.txt'}: broken link, skipped" in result.warnings
    if hasattr(os, "mkfifo"):
        assert f"{tmp_path / 'pipe.txt'}: not a regular file, skipped" in result.warnings


def test_a_file_full_of_bad_records_gives_a_bounded_number_of_warnings(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    path.write_text(json.dumps({"text": GOOD}) + "\n" + '{"title": "no text"}\n' * 5_000)
    result = load_paths([path])
    assert [a.text for a in result.articles] == [GOOD]
    assert len(result.warnings) == loaders.MAX_FILE_WARNINGS + 1
    assert result.warnings[0] == f"{path}:2: no 'text' field, skipped"
    rest = 5_000 - loaders.MAX_FILE_WARNINGS
    assert result.warnings[-1] == f"{path}: {rest:,} more warnings like these"
