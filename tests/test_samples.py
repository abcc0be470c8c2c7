"""The bundled sample story: its files, metadata, hand labels and the facts tests rely on."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

from storyfuse.samples import DEFAULT_SAMPLE, sample_dir, sample_names

STORY = sample_dir()
DOCS = STORY / "docs"
META: dict[str, Any] = json.loads((STORY / "meta.json").read_text(encoding="utf-8"))
LABELS: dict[str, Any] = json.loads((STORY / "labels.json").read_text(encoding="utf-8"))
TXT_FILES = sorted(DOCS.glob("*.txt"))

COURIER = "01_port_alden_courier.txt"
COASTLINE = "02_coastline_today.txt"

# (file, the exact words of the attribution) for the quotes the analysers should find.
QUOTES = [
    (COURIER, '," Harbour Master Ines Calder said. "'),  # X said, straight, two parts
    (COURIER, '," said Lorna Pike'),  # said X, one quote over two sentences
    (COASTLINE, "” said Fire Chief Davor Lindqvist"),  # said X, curly quotes
    ("03_northern_ledger.txt", "” he said."),  # pronoun after the mayor is named
    ("04_harbourside_radio.txt", '," she said.'),  # pronoun after Chief Inspector Osei
    ("04_harbourside_radio.txt", "” at its last full inspection in 2023, according to Regional"),
    ("06_meridian_wire.txt", "” Osei said."),
]


def _text(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def _lines(name: str) -> list[str]:
    return _text(name).splitlines()


def test_sample_dir_and_names() -> None:
    assert DEFAULT_SAMPLE in sample_names()
    assert STORY.is_dir()
    assert sample_dir(DEFAULT_SAMPLE) == STORY
    with pytest.raises(ValueError, match="harbor_bridge"):
        sample_dir("no_such_story")
    with pytest.raises(ValueError):
        sample_dir("../samples/harbor_bridge")


def test_sample_is_package_data() -> None:
    resource = files("storyfuse.samples").joinpath(DEFAULT_SAMPLE, "meta.json")
    assert resource.is_file()


def test_meta_docs_match_files() -> None:
    assert META["cluster_id"] == STORY.name
    doc_ids = [d["doc_id"] for d in META["docs"]]
    assert doc_ids == sorted(doc_ids)
    assert doc_ids == [p.stem for p in TXT_FILES]
    assert 6 <= len(doc_ids) <= 8
    assert all(re.fullmatch(r"\d\d_[a-z_]+", d) for d in doc_ids)


def test_meta_fields() -> None:
    docs = META["docs"]
    assert len({d["source"] for d in docs}) == len(docs)  # every report by its own outlet
    times = [datetime.strptime(d["date_time"], "%Y-%m-%d %H:%M:%S") for d in docs]
    for doc, when in zip(docs, times, strict=True):
        assert date.fromisoformat(doc["date"]) == when.date()
        assert doc["title"] and doc["url"].startswith("https://")
    assert times == sorted(times)
    assert 2 <= len({t.date() for t in times}) <= 3


@pytest.mark.parametrize("path", TXT_FILES, ids=lambda p: p.name)
def test_report_length_and_layout(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert 250 <= len(text.split()) <= 600
    labels = LABELS["files"][path.name]
    noise = {labels["title"], *labels["boilerplate"]}
    for line in text.splitlines():
        if line.strip() and line not in noise:
            # one paragraph per line: a content line ends a sentence
            assert line.rstrip()[-1] in '.?!"”', line


def test_labels_cover_every_file() -> None:
    assert sorted(LABELS["files"]) == [p.name for p in TXT_FILES]


@pytest.mark.parametrize("name", sorted(LABELS["files"]))
def test_labels_occur_verbatim(name: str) -> None:
    labels = LABELS["files"][name]
    lines = _lines(name)
    for line in labels["boilerplate"]:
        assert line in lines, line
    first = next(line for line in lines if line.strip())
    if labels["title"] is not None:
        assert first == labels["title"]
        assert not first.endswith(".")
    prefix = labels.get("junk_prefix")
    if prefix is not None:
        glued = [line for line in lines if line.startswith(prefix["line_starts"])]
        assert len(glued) == 1
        assert prefix["content_starts"] in glued[0]
        assert not glued[0].startswith(prefix["content_starts"])


def test_noise_kinds_present() -> None:
    boilerplate = [b for f in LABELS["files"].values() for b in f["boilerplate"]]
    for start in ("Also read: ", "READ MORE: ", "Leave a Reply", "(with agency inputs)"):
        assert any(b.startswith(start) for b in boilerplate), start
    assert "Your email address will not be published. Required fields are marked *" in boilerplate
    assert any(re.match(r"[A-Z][a-z]+ [A-Z][a-z]+: (He|She) has ", b) for b in boilerplate)
    assert any("donation" in b for b in boilerplate)
    assert sum(1 for f in LABELS["files"].values() if f.get("junk_prefix")) == 1


@pytest.mark.parametrize(("name", "attribution"), QUOTES)
def test_quotes_with_named_speakers(name: str, attribution: str) -> None:
    assert attribution in _text(name)


def test_quote_styles() -> None:
    everything = "\n".join(p.read_text(encoding="utf-8") for p in TXT_FILES)
    assert len(re.findall(r"“[^”]+”", everything)) >= 3
    assert len(re.findall(r'"[^"\n]+"', everything)) >= 3
    # the pronoun quotes follow a sentence that names the speaker
    assert "Chief Inspector Maren Osei" in _text("04_harbourside_radio.txt").split("she said")[0]
    assert "Mayor Tobias Renner" in _text("03_northern_ledger.txt").split("he said")[0]


def test_injury_figure_differs_between_outlets() -> None:
    assert "At least 12 people were injured" in _text(COURIER)
    assert "19 people were injured" in _text(COASTLINE)
    assert "19 people" not in _text(COURIER)
    assert "12 people" not in _text(COASTLINE)
    conflict = LABELS["conflicts"][0]["files"]
    assert conflict == {
        COURIER: "At least 12 people were injured",
        COASTLINE: "19 people were injured",
    }


def test_relative_dates_present() -> None:
    everything = " ".join(p.read_text(encoding="utf-8") for p in TXT_FILES)
    for phrase in ("on Tuesday", "yesterday", "Last week", "last night", "on Monday night"):
        assert phrase in everything, phrase
