"""The bundled sample story: fictional reports written for storyfuse, shipped as package data.

Each story is a folder in the layout of the evaluation sets: ``<story>/meta.json`` (one
entry per report: ``doc_id``, ``source``, ``date``, ``date_time``, ``title``, ``url``),
``<story>/docs/<doc_id>.txt`` (one paragraph per line, with the boilerplate real web pages
carry) and ``<story>/labels.json`` (hand labels of that boilerplate, as for the seeds).

Everything in it is invented: the event, the people, the outlets and the URLs.
"""

from __future__ import annotations

from pathlib import Path

DEFAULT_SAMPLE = "harbor_bridge"

_ROOT = Path(__file__).resolve().parent


def sample_names() -> tuple[str, ...]:
    """The names of the bundled stories, sorted."""
    return tuple(sorted(p.name for p in _ROOT.iterdir() if (p / "meta.json").is_file()))


def sample_dir(name: str = DEFAULT_SAMPLE) -> Path:
    """The folder of a bundled story (the one holding ``meta.json`` and ``docs/``).

    Raises ``ValueError`` naming the bundled stories when ``name`` is not one of them.
    """
    names = sample_names()
    if name not in names:
        raise ValueError(f"no bundled sample {name!r}; samples: {', '.join(names)}")
    return _ROOT / name
