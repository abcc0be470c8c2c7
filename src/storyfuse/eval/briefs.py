"""Briefs scored against gold labels: does the brief tell the story right?

The labels (``shared/data/briefs/<set>/<cluster>/gold.json``, defined in that folder's
README) say what a brief of a real cluster must state, who said each quotation, where the
sources genuinely differ, who the story is about, what happened when, and which articles
are previews or off-topic. ``evaluate_briefs`` briefs every labelled cluster in process
(the cluster's ``.txt`` files and its ``meta.json``, as ``storyfuse summarize DIR --format
json`` reads them), reads the brief's JSON the way the reference scorer
(``shared/tools/briefscore.py``) reads that command's output, and computes the same
figures, per cluster and in total. A test checks that the figures are equal.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyfuse.errors import StoryfuseError

GOLD_FILE = "gold.json"
DEFAULT_BRIEF_WORDS = 150  # the labels' key facts are what a brief of about 150 words holds
QUOTE_MIN_WORDS = 5  # shorter "quotes" are scare-quoted phrases, not quotations
QUOTE_MATCH = 0.6  # word overlap (over the shorter) at which two quote texts are one quote
QUOTE_FILES = 6  # clusters of more than 6 articles have their quotes labelled in 6 files
NAMES_SCORED = 10  # the names list is judged on its first ten
SEEDS_SET = "seeds"  # the seeds set is a folder of reports itself, not <cluster>/docs
ROUND = 3

_WORD_RE = re.compile(r"[a-z0-9]+")

Row = dict[str, Any]


class GoldError(StoryfuseError, ValueError):
    """A gold-label folder or file that cannot be read; the message names it."""


@dataclass(frozen=True, slots=True)
class GoldCluster:
    """One labelled cluster: its labels and the folder of its reports."""

    id: str
    set: str
    path: Path
    docs_dir: Path
    gold: Mapping[str, Any] = field(hash=False)


def _docs_dir(data_root: Path, gold: Mapping[str, Any]) -> Path:
    base = data_root / str(gold["set"])
    return base if gold["set"] == SEEDS_SET else base / str(gold["cluster"]) / "docs"


def load_gold(root: Path, *, data_root: Path | None = None) -> tuple[GoldCluster, ...]:
    """Every ``<set>/<cluster>/gold.json`` under ``root``, sorted by path.

    The reports are found from each label's ``set`` and ``cluster`` under ``data_root``
    (default: the folder above ``root``, as in ``shared/data``). Raises ``GoldError``
    naming the file or folder that is missing or broken.
    """
    root = Path(root)
    if not root.is_dir():
        raise GoldError(f"{root}: not a folder")
    data = Path(data_root) if data_root is not None else root.parent
    out: list[GoldCluster] = []
    for path in sorted(root.glob(f"*/*/{GOLD_FILE}")):
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise GoldError(f"{path}: not readable JSON ({exc})") from exc
        if not isinstance(gold, dict) or not {"set", "cluster", "articles"} <= gold.keys():
            raise GoldError(f"{path}: expected an object with set, cluster and articles")
        docs = _docs_dir(data, gold)
        if not any(docs.glob("*.txt")):
            raise GoldError(f"{path}: its reports ({docs}/*.txt) are not there")
        out.append(GoldCluster(str(gold["cluster"]), str(gold["set"]), path, docs, gold))
    if not out:
        raise GoldError(f"{root}: no <set>/<cluster>/{GOLD_FILE} in it")
    return tuple(out)


# --------------------------------------------------------------------------- matching


def matches(patterns: Sequence[Sequence[str]], sentence: str) -> bool:
    """True when every regular expression of one alternative matches ``sentence``."""
    return any(all(re.search(p, sentence, re.IGNORECASE) for p in alt) for alt in patterns)


def _tokens(text: str) -> list[str]:
    return _WORD_RE.findall(text.lower().replace("’", "'"))


def word_overlap(a: str, b: str) -> float:
    """Shared words over the words of the shorter text (0 when either has none)."""
    x, y = set(_tokens(a)), set(_tokens(b))
    return len(x & y) / min(len(x), len(y)) if x and y else 0.0


def _forms(entity: Mapping[str, Any]) -> list[str]:
    return [f.lower() for f in (entity["name"], *entity.get("aliases", []))]


def same_person(name: str | None, gold_name: str | None, entities: Sequence[Any]) -> bool:
    """A brief's speaker is the gold speaker: a full form, or the same last word."""
    if not name or not gold_name:
        return name is None and gold_name is None
    forms = next(
        (_forms(e) for e in entities if e["name"].lower() == gold_name.lower()),
        [gold_name.lower()],
    )
    lowered = name.lower()
    if lowered in forms:
        return True
    last = lowered.split()[-1]
    return any(last == f.split()[-1] for f in forms)


def entity_of(
    name: str, entities: Sequence[Mapping[str, Any]]
) -> Mapping[str, Any] | None:
    """The gold entity a listed name is a form of (either holds the other as words)."""
    lowered = name.lower()
    for entity in entities:
        for form in _forms(entity):
            if (
                lowered == form
                or re.search(rf"\b{re.escape(lowered)}\b", form)
                or re.search(rf"\b{re.escape(form)}\b", lowered)
            ):
                return entity
    return None


# --------------------------------------------------------------------------- scoring


def _summary_figures(gold: Mapping[str, Any], out: Mapping[str, Any], files: dict[str, str]) -> Row:
    articles = gold["articles"]
    texts = [s["text"] for s in out["sentences"]]
    total = sum(f["weight"] for f in gold["key_facts"])
    stated = [f for f in gold["key_facts"] if any(matches(f["patterns"], t) for t in texts)]
    kinds = [articles.get(files.get(s["article_id"], ""), {}).get("kind") for s in out["sentences"]]
    has_reports = any(a["kind"] == "report" for a in articles.values())
    return {
        "fact_coverage": sum(f["weight"] for f in stated) / total,
        "outcome": any(f.get("outcome") for f in stated),
        "summary_sentences": len(texts),
        "offtopic_sentences": kinds.count("off-topic"),
        "preview_sentences": kinds.count("preview") if has_reports else 0,
    }


def _quote_figures(
    gold: Mapping[str, Any], analysis: Mapping[str, Any], files: dict[str, str]
) -> Row:
    entities = gold["entities"]
    labelled = {q["article"] for q in gold["quotes"]} | set(sorted(gold["articles"])[:QUOTE_FILES])
    seen = matched = right = not_quotes = 0
    speakers: set[str] = set()
    for quote in analysis.get("quotes", []):
        quote_files = [files.get(a) for a in quote.get("articles", [])]
        if not any(f in labelled for f in quote_files):
            continue  # quotes of unlabelled files are not judged
        seen += 1
        speakers.add((quote.get("speaker") or "").lower())
        candidates = [g for g in gold["quotes"] if g["article"] in quote_files]
        best = max(candidates, key=lambda g: word_overlap(quote["text"], g["text"]), default=None)
        if (
            len(_tokens(quote["text"])) < QUOTE_MIN_WORDS
            or best is None
            or word_overlap(quote["text"], best["text"]) < QUOTE_MATCH
        ):
            not_quotes += 1
            continue
        matched += 1
        right += same_person(quote.get("speaker"), best.get("speaker"), entities)
    key_people = {e["name"] for e in entities if e.get("key") and e["kind"] == "person"}
    key_speakers = {g["speaker"] for g in gold["quotes"] if g.get("speaker")} & key_people
    covered = sum(any(s and same_person(s, k, entities) for s in speakers) for k in key_speakers)
    return {
        "quotes": seen,
        "quotes_matched": matched,
        "quotes_right": right,
        "quotes_not": not_quotes,
        "key_speakers": len(key_speakers),
        "key_speakers_covered": covered,
    }


def _side_holds(
    side: Mapping[str, Any], gold_side: Mapping[str, Any], files: dict[str, str]
) -> bool:
    side_files = {files.get(a) for a in side.get("articles", [])}
    if not side_files & set(gold_side["articles"]):
        return False
    value, gold_value = side["value"], gold_side["value"]
    return bool(set(_tokens(value)) & set(_tokens(gold_value))) or (
        gold_value.lower() in value.lower()
    )


def _difference_figures(
    gold: Mapping[str, Any], analysis: Mapping[str, Any], files: dict[str, str]
) -> Row:
    genuine = [g for g in gold["differences"] if g["genuine"]]
    conflicts = analysis.get("conflicts", [])
    found: set[int] = set()
    right = 0
    for conflict in conflicts:
        ok = False
        for i, difference in enumerate(genuine):
            held = [
                any(_side_holds(s, gs, files) for s in conflict["sides"])
                for gs in difference["sides"]
            ]
            if sum(held) >= 2:
                ok = True
                found.add(i)
        right += ok
    return {
        "differences": len(conflicts),
        "differences_right": right,
        "genuine": len(genuine),
        "genuine_found": len(found),
    }


def _name_figures(gold: Mapping[str, Any], analysis: Mapping[str, Any]) -> Row:
    entities = gold["entities"]
    names = analysis.get("names", [])[:NAMES_SCORED]
    keys = [e for e in entities if e.get("key")]
    return {
        "names": len(names),
        "names_right": sum(entity_of(n["name"], entities) is not None for n in names),
        "key_entities": len(keys),
        "key_entities_found": sum(any(entity_of(n["name"], [e]) for n in names) for e in keys),
    }


def _timeline_figures(gold: Mapping[str, Any], analysis: Mapping[str, Any]) -> Row:
    entries = analysis.get("timeline", [])
    dated = right = 0
    orders: list[int] = []
    for entry in entries:
        event = next((e for e in gold["events"] if matches(e["patterns"], entry["text"])), None)
        if event is None:
            continue
        orders.append(event["order"])
        if event["date"] is not None and entry.get("date"):
            dated += 1  # a date given must be right; none given counts as undated
            right += entry["date"][:10] == event["date"]
    pairs = [(a, b) for i, a in enumerate(orders) for b in orders[i + 1 :] if a != b]
    return {
        "timeline": len(entries),
        "timeline_undated": sum(e.get("date") is None for e in entries),
        "timeline_matched": len(orders),
        "timeline_dated": dated,
        "timeline_date_right": right,
        "timeline_pairs": len(pairs),
        "timeline_pairs_ordered": sum(a < b for a, b in pairs),
    }


def score_brief(gold: Mapping[str, Any], out: Mapping[str, Any]) -> Row:
    """The figures of one brief (its ``--format json`` object) against one cluster's labels."""
    files = {s["id"]: Path(s["path"]).name for s in out["sources"] if s.get("path")}
    analysis = out.get("analysis", {})
    return {
        **_summary_figures(gold, out, files),
        **_quote_figures(gold, analysis, files),
        **_difference_figures(gold, analysis, files),
        **_name_figures(gold, analysis),
        **_timeline_figures(gold, analysis),
    }


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, ROUND) if b else None


def totals(rows: Sequence[Row]) -> dict[str, Any]:
    """The figures over clusters: coverage averaged per cluster, the rest pooled counts."""

    def pooled(key: str) -> int:
        return int(sum(r[key] for r in rows))

    return {
        "clusters": len(rows),
        "fact_coverage": round(sum(r["fact_coverage"] for r in rows) / len(rows), ROUND),
        "outcome_stated": _ratio(sum(r["outcome"] for r in rows), len(rows)),
        "offtopic_sentence_share": _ratio(
            pooled("offtopic_sentences"), pooled("summary_sentences")
        ),
        "preview_sentence_share": _ratio(pooled("preview_sentences"), pooled("summary_sentences")),
        "quote_attribution": _ratio(pooled("quotes_right"), pooled("quotes_matched")),
        "not_quote_share": _ratio(pooled("quotes_not"), pooled("quotes")),
        "key_speaker_coverage": _ratio(pooled("key_speakers_covered"), pooled("key_speakers")),
        "difference_precision": _ratio(pooled("differences_right"), pooled("differences")),
        "difference_recall": _ratio(pooled("genuine_found"), pooled("genuine")),
        "differences_listed": pooled("differences"),
        "name_precision": _ratio(pooled("names_right"), pooled("names")),
        "key_entity_recall": _ratio(pooled("key_entities_found"), pooled("key_entities")),
        "timeline_undated_share": _ratio(pooled("timeline_undated"), pooled("timeline")),
        "timeline_date_accuracy": _ratio(pooled("timeline_date_right"), pooled("timeline_dated")),
        "timeline_order": _ratio(pooled("timeline_pairs_ordered"), pooled("timeline_pairs")),
    }


# --------------------------------------------------------------------------- running


@dataclass(frozen=True, slots=True)
class BriefReport:
    """Per-cluster figures (each row with its ``cluster``), totals, failures, seconds."""

    rows: tuple[Row, ...]
    total: dict[str, Any]
    failures: tuple[tuple[str, str], ...] = ()
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "clusters": list(self.rows),
            "total": {**self.total, "failed": len(self.failures)},
            "failures": [{"cluster": c, "error": e} for c, e in self.failures],
            "seconds": round(self.seconds, 2),
        }


def brief_json(cluster: GoldCluster, *, words: int) -> dict[str, Any]:
    """The cluster's brief as ``storyfuse summarize DOCS --words N --format json`` prints it."""
    from storyfuse.ingest import load_paths
    from storyfuse.pipeline import brief
    from storyfuse.rendering import render_json

    loaded = load_paths(sorted(cluster.docs_dir.glob("*.txt")))
    document = brief(loaded.articles, words=words)
    result: dict[str, Any] = json.loads(render_json(document))
    return result


def evaluate_briefs(
    clusters: Sequence[GoldCluster],
    *,
    words: int = DEFAULT_BRIEF_WORDS,
    make_brief: Callable[[GoldCluster], Mapping[str, Any]] | None = None,
) -> BriefReport:
    """Brief and score every cluster; one that fails is reported, never fatal."""
    run = make_brief or (lambda c: brief_json(c, words=words))
    rows: list[Row] = []
    failures: list[tuple[str, str]] = []
    start = time.perf_counter()
    for cluster in clusters:
        try:
            out = run(cluster)
        except (StoryfuseError, ValueError, OSError) as exc:
            failures.append((cluster.id, str(exc)))
            continue
        rows.append({**score_brief(cluster.gold, out), "cluster": cluster.id})
    total = totals(rows) if rows else {}
    return BriefReport(tuple(rows), total, tuple(failures), time.perf_counter() - start)
