"""Ingest: formats, metadata, messy bytes and bad input (warnings, never exceptions)."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from storyfuse.ingest import LoadResult, load_paths, parse_date
from storyfuse.types import stable_id

FIXTURES = Path(__file__).parents[1] / "fixtures" / "ingest"
PLUS_TWO = timezone(timedelta(hours=2))


def _by_name(result: LoadResult) -> dict[str, str]:
    return {Path(a.path or "").name: a.text for a in result.articles}


def _one_warning(result: LoadResult, needle: str) -> str:
    found = [w for w in result.warnings if needle in w]
    assert len(found) == 1, result.warnings
    return found[0]


def test_txt_is_loaded_raw_with_path_and_text_id(tmp_path: Path) -> None:
    raw = "  First line.\n\nSecond line.  \n"
    (tmp_path / "a.txt").write_text(raw, encoding="utf-8")
    result = load_paths([tmp_path / "a.txt"])
    (article,) = result.articles
    assert article.text == raw
    assert article.path == str(tmp_path / "a.txt")
    assert article.id == stable_id(text=raw)
    assert result.warnings == ()


def test_html_gives_body_title_date_source_and_url() -> None:
    result = load_paths([FIXTURES / "article.html"])
    (article,) = result.articles
    assert article.title == "Harbour bridge reopens after storm repairs"
    assert article.source == "The Lakeside Courier"
    assert article.url == "https://courier.example.org/news/harbour-bridge-reopens"
    assert article.id == stable_id(url=article.url)
    assert article.published == datetime(2021, 11, 4, 8, 15, tzinfo=UTC)
    lines = article.text.split("\n")
    assert any(line.startswith("The Old Harbour bridge reopened") for line in lines)
    assert any(line.startswith("A second inspection") for line in lines)
    for junk in ("Most read", "Council votes", "Privacy policy", "All rights reserved", "Sport"):
        assert junk not in article.text
    assert len(lines) >= 5  # paragraphs stay lines


def test_html_without_article_text_warns(tmp_path: Path) -> None:
    (tmp_path / "nav.html").write_text(
        "<html><head><title>Menu</title><script>var x = 1;</script></head><body></body></html>",
        encoding="utf-8",
    )
    result = load_paths([tmp_path])
    assert result.articles == ()
    _one_warning(result, "nav.html")


def test_jsonl_bad_line_and_bad_records_warn_and_the_rest_loads() -> None:
    path = FIXTURES / "records.jsonl"
    result = load_paths([path])
    texts = [a.text for a in result.articles]
    assert len(texts) == 2
    first, second = result.articles
    assert first.title == "Ferry adds evening crossing"
    assert first.source == "Bay Herald"
    assert first.url == "https://bay.example.net/ferry-evening"
    assert first.published == datetime(2021, 11, 6, 18, 30, tzinfo=UTC)
    assert second.published == datetime(2021, 11, 7)
    assert f"{path}:2: malformed JSON" in _one_warning(result, f"{path}:2:")
    assert "no 'text' field" in _one_warning(result, f"{path}:3:")
    assert "not a JSON object" in _one_warning(result, f"{path}:6:")
    assert "empty text" in _one_warning(result, f"{path}:7:")
    assert len(result.warnings) == 4


def test_json_list_and_single_object() -> None:
    result = load_paths([FIXTURES / "records.json", FIXTURES / "single.json"])
    assert [a.title for a in result.articles] == ["Volunteers repaint railings", None]
    assert result.articles[0].published == datetime(2021, 11, 8, 9, 0)
    assert result.articles[1].source == "County Bulletin"
    assert "no 'text' field" in _one_warning(result, "records.json[record 2]")


def test_unparsable_published_is_warned_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text('{"text": "Some news.", "published": "1998-14-06"}\n', encoding="utf-8")
    result = load_paths([path])
    assert result.articles[0].published is None
    assert "unparsable 'published'" in _one_warning(result, f"{path}:1")


def test_cp1252_bytes_decode_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes("The caf\xe9 reopened, \x93finally\x94, said the owner.".encode("latin-1"))
    result = load_paths([path])
    assert result.articles[0].text == "The café reopened, “finally”, said the owner."
    assert "cp1252" in _one_warning(result, "old.txt")


def test_undecodable_bytes_are_replaced_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"Council meets \x81\x8d today \xff\xfe.")
    result = load_paths([path])
    assert "\ufffd" in result.articles[0].text
    assert "replaced" in _one_warning(result, "bad.txt")


def test_bom_and_windows_newlines_are_decoded(tmp_path: Path) -> None:
    (tmp_path / "bom.txt").write_bytes("\ufeffLine one.\r\nLine two.".encode())
    (tmp_path / "u16.txt").write_bytes("Sixteen bits.".encode("utf-16"))
    result = load_paths([tmp_path])
    assert _by_name(result) == {"bom.txt": "Line one.\nLine two.", "u16.txt": "Sixteen bits."}
    assert result.warnings == ()


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_decoded_with_a_warning(tmp_path: Path, codec: str) -> None:
    text = "Zoë Marchetti said the café on Quay Street \u201cwill reopen\u201d on Friday.\nIt shut."
    (tmp_path / "nobom.txt").write_bytes(text.encode(codec))
    (tmp_path / "nobom.html").write_bytes(
        f"<html><body><p>{text.splitlines()[0]}</p></body></html>".encode(codec)
    )
    result = load_paths([tmp_path])
    assert _by_name(result)["nobom.txt"] == text
    assert "café" in _by_name(result)["nobom.html"]
    assert f"no byte-order mark, decoded as {codec}" in _one_warning(result, "nobom.txt")


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 8,  # NULs spread over both sides of the byte pairs
        b"\x89PNG\r\n\x1a\n" + bytes(64) + b"IHDR",  # a run of NULs: both sides
        "text".encode("utf-16-le") + b"\x00\xd8",  # a lone surrogate: does not decode
        "odd".encode("utf-16-le") + b"x",  # an odd length is not UTF-16
        "\x01\x02\x03\x04 control codes".encode("utf-16-le"),
    ],
)
def test_binary_that_looks_half_like_utf16_stays_binary(tmp_path: Path, data: bytes) -> None:
    (tmp_path / "blob.txt").write_bytes(data)
    result = load_paths([tmp_path])
    assert result.articles == ()
    assert "binary" in _one_warning(result, "blob.txt")


@pytest.mark.parametrize(
    ("name", "data", "needle"),
    [
        ("empty.txt", b"", "empty text"),
        ("blank.txt", b"  \n\n\t\n", "empty text"),
        ("blank.jsonl", b"\n\n", "empty text"),
        ("photo.jpg", b"\xff\xd8\xff", "unknown extension '.jpg'"),
        ("README", b"no extension", "unknown extension '(none)'"),
        ("binary.txt", b"text\x00\x01\x02", "binary"),
        ("broken.json", b'{"text": "unterminated', "malformed JSON"),
        ("empty_list.json", b"[]", "no records"),
    ],
)
def test_bad_files_give_one_warning_each(
    tmp_path: Path, name: str, data: bytes, needle: str
) -> None:
    (tmp_path / name).write_bytes(data)
    (tmp_path / "good.txt").write_text("A good article stays.", encoding="utf-8")
    result = load_paths([tmp_path])
    assert [a.text for a in result.articles] == ["A good article stays."]
    assert needle in _one_warning(result, name)
    assert len(result.warnings) == 1


def test_missing_path_warns(tmp_path: Path) -> None:
    result = load_paths([tmp_path / "nope.txt", FIXTURES / "single.json"])
    assert len(result.articles) == 1
    assert "no such file" in _one_warning(result, "nope.txt")


def test_unreadable_file_warns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("secret", encoding="utf-8")
    (tmp_path / "open.txt").write_text("Open article.", encoding="utf-8")
    real = Path.read_bytes

    def fake_read_bytes(self: Path) -> bytes:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", fake_read_bytes)
    result = load_paths([tmp_path])
    assert [a.text for a in result.articles] == ["Open article."]
    assert "unreadable" in _one_warning(result, "locked.txt")


def test_duplicate_text_keeps_the_first_and_names_the_second(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Same story.\nSame words.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Same   story.\n\nSame words.\n", encoding="utf-8")
    result = load_paths([tmp_path])
    assert [Path(a.path or "").name for a in result.articles] == ["a.txt"]
    warning = _one_warning(result, "duplicate")
    assert warning.startswith(str(tmp_path / "b.txt")) and "a.txt" in warning


def test_folders_are_walked_sorted_and_hidden_files_skipped(tmp_path: Path) -> None:
    for rel in ("b/2.txt", "a/z.txt", "a/sub/1.txt", "c.txt", ".hidden/x.txt", "a/.draft.txt"):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Article {rel}.", encoding="utf-8")
    result = load_paths([tmp_path])
    assert [Path(a.path or "").relative_to(tmp_path).as_posix() for a in result.articles] == [
        "a/sub/1.txt",
        "a/z.txt",
        "b/2.txt",
        "c.txt",
    ]
    assert result.warnings == ()
    assert load_paths([tmp_path]) == result  # deterministic


def test_meta_json_gives_title_source_and_dates(tmp_path: Path) -> None:
    cluster = tmp_path / "cluster"
    shutil.copytree(FIXTURES / "cluster", cluster)
    result = load_paths([cluster])
    by_name = {Path(a.path or "").name: a for a in result.articles}
    assert sorted(by_name) == ["h01.txt", "h02.txt", "h03.txt"]  # not refs/, meta or labels
    h01, h02, h03 = by_name["h01.txt"], by_name["h02.txt"], by_name["h03.txt"]
    assert (h01.title, h01.source, h01.published) == (
        "Harbour bridge reopens",
        "Lakeside Courier",
        datetime(2021, 11, 4, 8, 15),
    )
    # an impossible date_time falls back to the date
    assert (h02.title, h02.source, h02.published) == (None, "River Post", datetime(2021, 11, 5))
    assert (h03.title, h03.source, h03.published) == ("Traders welcome reopening", None, None)
    assert "reference summaries" in _one_warning(result, "refs")
    assert len(result.warnings) == 1


@pytest.mark.parametrize("given", ["", "n1.txt"], ids=["folder", "single-file"])
def test_meta_json_beside_the_files_and_for_a_single_file(tmp_path: Path, given: str) -> None:
    (tmp_path / "meta.json").write_text(
        '{"docs": [{"doc_id": "n1", "source": "Wire", "date": "1999-02-03", "title": "T"}]}',
        encoding="utf-8",
    )
    (tmp_path / "n1.txt").write_text("Wire story text.", encoding="utf-8")
    (article,) = load_paths([tmp_path / given]).articles
    assert (article.title, article.source, article.published) == (
        "T",
        "Wire",
        datetime(1999, 2, 3),
    )


def test_malformed_meta_json_warns_and_files_still_load(tmp_path: Path) -> None:
    (tmp_path / "meta.json").write_text('{"docs": [', encoding="utf-8")
    (tmp_path / "n1.txt").write_text("Still loads.", encoding="utf-8")
    result = load_paths([tmp_path])
    assert [a.text for a in result.articles] == ["Still loads."]
    assert "malformed JSON" in _one_warning(result, "meta.json")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1998-10-17", datetime(1998, 10, 17)),
        ("1998-10-17 05:50", datetime(1998, 10, 17, 5, 50)),
        ("1999-07-07 08:30:27", datetime(1999, 7, 7, 8, 30, 27)),
        ("10/17/1998 05:50:00", datetime(1998, 10, 17, 5, 50)),
        ("2022-03-10T14:27:00+02:00", datetime(2022, 3, 10, 14, 27, tzinfo=PLUS_TWO)),
        ("2022-03-10T14:27:00Z", datetime(2022, 3, 10, 14, 27, tzinfo=UTC)),
        ("1998-14-06 14:27:00", None),
        ("1998-30-06 11:49:00", None),
        ("yesterday", None),
        ("0001-01-01T00:00:00Z", None),  # a placeholder, not a publication date
        ("9999-12-31", None),
        ("1800-01-01", datetime(1800, 1, 1)),
        ("Tue, 11 Mar 2025 09:40:00 GMT", datetime(2025, 3, 11, 9, 40, tzinfo=UTC)),
        ("Tue, 11 Mar 2025 09:40:00 +0200", datetime(2025, 3, 11, 9, 40, tzinfo=PLUS_TWO)),
        ("March 11, 2025", datetime(2025, 3, 11)),
        ("11 March 2025", datetime(2025, 3, 11)),
        ("Sept. 5, 2014", datetime(2014, 9, 5)),
        ("Tuesday, Mar. 11th, 2025 9:40 AM", datetime(2025, 3, 11, 9, 40)),
        ("March 11, 2025 at 9:40 p.m.", datetime(2025, 3, 11, 21, 40)),
        ("Mar 11 2025 14:05", datetime(2025, 3, 11, 14, 5)),
        ("February 30, 2024", None),
        ("March 2025", None),  # no day: not a publication date
        ("Monday", None),
        ("", None),
        (None, None),
        (19981017, None),
    ],
)
def test_parse_date(value: object, expected: datetime | None) -> None:
    assert parse_date(value) == expected


def test_shared_cluster_metadata_and_references(shared_data: Path) -> None:
    result = load_paths([shared_data / "duc2003" / "d30003t"])
    assert result.articles
    assert all(a.source == "Associated Press" for a in result.articles[:1])
    assert all(a.published is not None for a in result.articles)
    assert all("/refs/" not in (a.path or "") for a in result.articles)
    # an impossible date_time (1998-30-06) falls back to the valid date
    d0607 = load_paths([shared_data / "duc2006_dev" / "D0607G"])
    assert all(a.published is not None for a in d0607.articles)


def test_meta_json_url_is_taken_and_the_id_kept(tmp_path: Path) -> None:
    (tmp_path / "n1.txt").write_text("Wire story text.", encoding="utf-8")
    before = load_paths([tmp_path]).articles[0]
    (tmp_path / "meta.json").write_text(
        '{"docs": [{"doc_id": "n1", "url": "https://news.example/n1"}]}', encoding="utf-8"
    )
    (article,) = load_paths([tmp_path]).articles
    assert article.url == "https://news.example/n1"
    assert article.id == before.id
