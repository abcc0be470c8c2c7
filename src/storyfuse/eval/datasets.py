"""Evaluation data sets: ``<set>/<cluster>/{docs,refs,meta.json}`` read into clusters.

``shared/data/README.md`` describes the layout; ``meta.json`` may name the clusters read
before one (update task) and its topic (query-focused task).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyfuse.errors import StoryfuseError

DOCS_DIR = "docs"
REFS_DIR = "refs"
META_FILE = "meta.json"
TEXT_GLOB = "*.txt"

class DatasetError(StoryfuseError, ValueError):
    """A folder that is not an evaluation data set, or a cluster in it that is broken."""


# --------------------------------------------------------------------------- data set


@dataclass(frozen=True, slots=True)
class EvalCluster:
    """One cluster of a data set: its documents' folder, its references and its meta.json."""

    id: str
    path: Path
    docs_dir: Path
    references: tuple[str, ...]
    meta: dict[str, Any] = field(default_factory=dict, hash=False)


def load_dataset(path: Path) -> tuple[EvalCluster, ...]:
    """The clusters of ``<set>/<cluster>/{docs,refs,meta.json}``, sorted by id.

    ``path`` may also be a single cluster folder. Raises ``DatasetError`` naming the folder
    when it holds no cluster, or when a cluster lacks documents or references.
    """
    path = Path(path)
    if not path.is_dir():
        raise DatasetError(f"{path}: not a folder")
    if (path / DOCS_DIR).is_dir():
        return (_load_cluster(path),)
    folders = sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith("."))
    clusters = tuple(_load_cluster(p) for p in folders if (p / DOCS_DIR).is_dir())
    if not clusters:
        raise DatasetError(
            f"{path}: not an evaluation data set "
            f"(expected <cluster>/{DOCS_DIR}/*.txt and <cluster>/{REFS_DIR}/*.txt)"
        )
    return tuple(sorted(clusters, key=lambda c: c.id))


def _load_cluster(folder: Path) -> EvalCluster:
    docs_dir = folder / DOCS_DIR
    if not any(docs_dir.glob(TEXT_GLOB)):
        raise DatasetError(f"{docs_dir}: no documents ({TEXT_GLOB})")
    ref_paths = sorted((folder / REFS_DIR).glob(TEXT_GLOB))
    if not ref_paths:
        raise DatasetError(f"{folder / REFS_DIR}: no reference summaries ({TEXT_GLOB})")
    references = tuple(p.read_text(encoding="utf-8", errors="replace") for p in ref_paths)
    return EvalCluster(
        id=folder.name,
        path=folder,
        docs_dir=docs_dir,
        references=references,
        meta=_load_meta(folder / META_FILE),
    )


def _load_meta(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DatasetError(f"{path}: not valid JSON ({exc})") from exc
    if not isinstance(meta, dict):
        raise DatasetError(f"{path}: expected a JSON object")
    return meta



PREVIOUS_SETS_KEY = "previous_sets"  # meta.json: sibling clusters read before this one
TOPIC_KEY = "topic"  # meta.json: {"title": ..., "narrative": ...}, the query


def previous_docs(cluster: EvalCluster) -> tuple[Path, ...]:
    """The docs folders of the clusters ``meta.json`` says were read before this one.

    They are sibling folders named in ``previous_sets`` (DUC 2007 update task: set B
    follows A, set C follows A and B). Raises ``DatasetError`` when the key is absent
    or a named folder has no documents.
    """
    names = cluster.meta.get(PREVIOUS_SETS_KEY)
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise DatasetError(f"{cluster.path / META_FILE}: no '{PREVIOUS_SETS_KEY}' list")
    folders = tuple(cluster.path.parent / name / DOCS_DIR for name in names)
    for folder in folders:
        if not folder.is_dir():
            raise DatasetError(f"{cluster.id}: previous set {folder} not found")
    return folders


def meta_query(cluster: EvalCluster) -> str:
    """The query of a query-focused cluster: its topic's title and narrative, joined."""
    topic = cluster.meta.get(TOPIC_KEY)
    parts = [topic.get(k) for k in ("title", "narrative")] if isinstance(topic, dict) else []
    text = " ".join(p.strip() for p in parts if isinstance(p, str) and p.strip())
    if not text:
        raise DatasetError(f"{cluster.path / META_FILE}: no '{TOPIC_KEY}' title or narrative")
    return text
