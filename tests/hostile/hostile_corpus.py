"""A generated hostile corpus (issue 16): the bundled sample's reports next to the cases
that crashed, hung or lost a batch, and their neighbours.

``build_corpus(folder)`` writes it and returns what loading it must give: which files
give how many articles (every good item kept), and for each bad item the text a warning
must hold (its file, line or record, and field where there is one). Every sentence here
is written for these tests; nothing is copied from the evaluation data.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from storyfuse.ingest.base import MAX_FILE_BYTES, display_path
from storyfuse.samples import sample_dir

DEEP = "[" * 100_000  # json.loads recursed once per level: RecursionError
DEEP_IN_LIST = 5_000  # nesting of a record inside a feed-like list (over the recursion limit)
DEEP_HTML_DIVS = 100_000
TAB_RUN = 32_000  # the run that took 41 s in brief() with the old patterns
LONG_LINE_REPEATS = 2_000  # one line of 120 kB (a 1 MB line summarises in ~10 s)
FIFO_NAME = "pipe.txt"
SAMPLE_FOLDER = "good"  # the bundled sample, meta.json and all
SAMPLE_DOCS = 7

# Short reports of our own, each about something else, so none is a duplicate of another.
FERRY = "The ferry to Hollin Island ran two hours late on Tuesday after a storm, the operator said."
TREES = "Council workers in Emsby cleared fallen trees from the ring road on Wednesday morning."
LIBRARY = "The library in Marrow Street reopened on Thursday after a month of repairs to its roof."
PASS = "Snow closed the mountain pass above Tarnby on Friday, and police said it would stay shut."
CATCH = "Fishermen in Calder Bay said on Tuesday that catches had fallen for a third year running."
RAIL = "Rail services between Emsby and Tarnby resumed on Saturday, the operator said."
PLANTING = "Volunteers in Harwick planted two hundred trees by the river on Sunday."
MARKET = "The covered market in Eastgate will open on Sundays from April, traders were told."
SURROGATE_TEXT = "The harbour \ud800 pilots said on Monday that the channel was clear again."
DIGITS = (
    "Police said ² people were injured when the crane fell on Monday. "
    "Officials said ٣ boats were damaged in the marina, and repairs would take a week."
)
TABS = (
    "The mayor Tobias Renner" + "\t" * TAB_RUN + "who spoke on Monday said the quay would reopen "
    "soon. Officials said the crane lost power before it fell onto the quay."
)
CONTROLS = "The harbour master\x07 said the\x1b[2J channel would \x0bstay closed until Friday."
LONG_LINE = "The dock crane operator said the cargo on the quay was safe " * LONG_LINE_REPEATS
HARBOUR = "Zoë Marchetti, the harbour's pilot, said the café on the quay would reopen on Friday."
LIGHTHOUSE = "The lighthouse on Skerry Point was repainted in May, the trust that runs it said."
DREDGER = "A dredger began clearing silt from the mouth of the Vell on Monday, the port said."
FUTURE = "2199-01-01"
FUTURE_URL = "https://x.example/dredger"


@dataclass(frozen=True, slots=True)
class Corpus:
    """The corpus folder, the articles each file must give (by the path an article
    carries), and the texts the warnings must hold, one per bad item (and those that
    only ``ingest`` gives: a date after the ingest time)."""

    root: Path
    articles: Counter[str]
    named: tuple[str, ...]
    named_by_ingest: tuple[str, ...] = ()  # what only storing them warns about

    @property
    def total(self) -> int:
        return sum(self.articles.values())


def _name(root: Path, *parts: str | bytes) -> Path:
    """A path under ``root``; ``bytes`` parts may be file names that are not UTF-8."""
    return Path(os.fsdecode(os.path.join(os.fsencode(root), *map(os.fsencode, parts))))


def _jsonl(*records: object) -> str:
    # ensure_ascii (the default): a lone surrogate travels as a "\ud800" escape
    return "".join(json.dumps(r) + "\n" for r in records)


def _sparse(path: Path, size: int) -> None:
    """A file of ``size`` bytes that takes no disk and no time (a hole)."""
    with open(path, "wb") as handle:
        handle.truncate(size)


def build_corpus(folder: Path) -> Corpus:
    """Write the hostile corpus under ``folder`` (which must not exist yet)."""
    root = folder
    root.mkdir()
    shutil.copytree(sample_dir(), root / SAMPLE_FOLDER)
    articles: Counter[str] = Counter()
    named: list[str] = []

    def gives(path: Path, count: int = 1) -> None:
        articles[display_path(path)] += count

    def warns(path: Path, detail: str = ":") -> None:
        named.append(display_path(path) + detail)

    for doc in sorted((root / SAMPLE_FOLDER / "docs").glob("*.txt")):
        gives(doc)
    assert sum(articles.values()) == SAMPLE_DOCS

    # a lone surrogate in text, title and url of one record; the good record before it stays
    path = root / "surrogate.jsonl"
    bad = {"text": SURROGATE_TEXT, "title": "Pilots\ud800", "url": "https://x.example/\ud800"}
    path.write_text(_jsonl({"text": FERRY}, bad))
    gives(path, 2)
    for field in ("text", "title", "url"):
        warns(path, f":2: '{field}' holds a lone surrogate")

    # a file name that is not UTF-8 (loads; its name printed with a \xff escape)
    path = _name(root, b"bad\xffname.txt")
    path.write_text(TREES)
    gives(path)

    # deeply nested JSON: a .json, a .jsonl line (the next line loads), a meta.json
    # (its folder's file loads without the metadata), and a record deep inside a feed list
    path = root / "deep.json"
    path.write_text(DEEP)
    warns(path, ": JSON nested too deeply")
    path = root / "deep.jsonl"
    path.write_text(DEEP + "\n" + _jsonl({"text": LIBRARY}))
    gives(path)
    warns(path, ":1: JSON nested too deeply")
    (root / "deepmeta").mkdir()
    (root / "deepmeta" / "meta.json").write_text(DEEP)
    (root / "deepmeta" / "doc.txt").write_text(PASS)
    gives(root / "deepmeta" / "doc.txt")
    warns(root / "deepmeta" / "meta.json", ": JSON nested too deeply")
    path = root / "feed.json"
    path.write_text(f"[{json.dumps({'text': MARKET})}, {'[' * DEEP_IN_LIST}{']' * DEEP_IN_LIST}]")
    warns(path, ": JSON nested too deeply")
    # a feed-like list whose records are bad one by one: the good record loads
    path = root / "records.json"
    nested_text = {"text": {"a": {"b": {"c": [[["deep"]]]}}}}
    path.write_text(json.dumps([{"text": RAIL}, nested_text, "just a string"]))
    gives(path)
    warns(path, "[record 2]: 'text' is not a string")
    warns(path, "[record 3]: not a JSON object")
    # deeply nested HTML
    path = root / "deep.html"
    path.write_text("<html><body>" + "<div>" * DEEP_HTML_DIVS + "x" + "</div>" * DEEP_HTML_DIVS)
    warns(path, ": no article text found")

    # a lone surrogate (and a control character) in a meta.json entry
    (root / "surrmeta").mkdir()
    entry = {"doc_id": "doc", "title": "Catch \ud800 falls", "source": "Wire\x07", "url": "x\udfff"}
    (root / "surrmeta" / "meta.json").write_text(json.dumps({"docs": [entry]}))
    (root / "surrmeta" / "doc.txt").write_text(CATCH)
    gives(root / "surrmeta" / "doc.txt")
    for field in ("title", "source", "url"):
        warns(root / "surrmeta" / "meta.json", f"[doc 1]: '{field}' holds")

    # two directory symlinks to ".", and loops one level down (to "." and, from a folder
    # inside, back up with "..")
    for link in ("loop0", "loop1"):
        (root / link).symlink_to(".", target_is_directory=True)
    (root / "sub" / "inner").mkdir(parents=True)
    (root / "sub" / "self").symlink_to(".", target_is_directory=True)
    (root / "sub" / "inner" / "up").symlink_to("..", target_is_directory=True)
    (root / "sub" / "planting.txt").write_text(PLANTING)
    gives(root / "sub" / "planting.txt")

    # over the per-file size limit, one with a name that is not UTF-8 too
    for path in (root / "big.txt", _name(root, b"big\xfe.txt")):
        _sparse(path, MAX_FILE_BYTES + 1)
        warns(path, f": {MAX_FILE_BYTES + 1:,} bytes, over the")

    # text that crashed or froze the analysis: Unicode digits, a 32,000-tab run
    for name, text in (("digits.txt", DIGITS), ("tabs.txt", TABS), ("longline.txt", LONG_LINE)):
        (root / name).write_text(text)
        gives(root / name)

    # control characters: in a .txt (replaced, named), NUL in a .txt (binary), in JSON
    path = root / "controls.txt"
    path.write_text(CONTROLS)
    gives(path)
    warns(path, ": holds a control character")
    path = root / "nul.txt"
    path.write_bytes(b"The pilot said \x00 the tide was high on Monday.")
    warns(path, ": binary content")
    path = root / "controls.jsonl"
    path.write_text(
        _jsonl({"text": "NUL \x00 and bell \x07 in the pilots' report.", "source": "W\x1b"})
    )
    gives(path)
    warns(path, ":1: 'text' holds a control character")
    warns(path, ":1: 'source' holds a control character")

    # UTF-16 without a byte-order mark (it was called binary), either byte order
    for codec, text in (("utf-16-le", HARBOUR), ("utf-16-be", LIGHTHOUSE)):
        path = root / f"{codec}.txt"
        path.write_bytes(text.encode(codec))
        gives(path)
        warns(path, f": no byte-order mark, decoded as {codec}")

    # a publication date centuries after the ingest time: stored undated, named; it moved
    # the duplicate index's clock past every other article
    path = root / "future.jsonl"
    path.write_text(_jsonl({"text": DREDGER, "published": FUTURE, "url": FUTURE_URL}))
    gives(path)
    by_ingest = [f"{display_path(path)} ({FUTURE_URL}): published {FUTURE} 00:00 UTC is after"]

    # empty, blank, binary, of no known kind
    for name in ("empty.txt", "blank.txt"):
        (root / name).write_text("" if name == "empty.txt" else " \n\t\n")
        warns(root / name, ": empty text")
    (root / "binary.txt").write_bytes(bytes(range(256)) * 8)
    warns(root / "binary.txt", ": binary content")
    (root / "binary.bin").write_bytes(bytes(range(256)))
    warns(root / "binary.bin", ": unknown extension")
    # a named pipe called .txt: reading it would wait for a writer for ever; a folder walk
    # passes over it (only regular files are read), a path given by name is warned
    if hasattr(os, "mkfifo"):
        os.mkfifo(root / FIFO_NAME)
    return Corpus(root, articles, tuple(named), tuple(by_ingest))


def posted_records() -> tuple[list[dict[str, str]], list[str]]:
    """Reports as the API takes them (the hostile texts, with bad characters in their
    fields, among good ones), and the warning the API must give for each bad field."""
    records = [
        {"text": FERRY, "title": "Ferry late", "source": "Island Post"},
        {"text": SURROGATE_TEXT, "title": "Pilots\ud800", "url": "https://x.example/\ud800"},
        {"text": DIGITS, "title": "Crane falls"},
        {"text": TABS, "title": "Quay to reopen"},
        {"text": CONTROLS + " A NUL \x00 too.", "source": "Wire\x1b[31m"},
        {"text": LONG_LINE, "title": "Cargo safe"},
        {"text": TREES, "url": "https://example.org/trees"},
    ]
    surrogate, control = "a lone surrogate", "a control character"
    warnings = [
        f"articles[1].text: holds {surrogate}",
        f"articles[1].title: holds {surrogate}",
        f"articles[1].url: holds {surrogate}",
        f"articles[4].text: holds {control}",
        f"articles[4].source: holds {control}",
    ]
    return records, warnings
