"""Plain-text articles: the file's decoded text as is."""

from __future__ import annotations

from pathlib import Path

from storyfuse.ingest.base import FileLoad, Item, empty_warning, new_article, read_text


def load_txt(path: Path) -> FileLoad:
    """One article from a ``.txt`` file (metadata may come later from a ``meta.json``)."""
    read = read_text(path)
    if read.text is None:
        return FileLoad(warnings=read.warnings)
    if not read.text.strip():
        return FileLoad(warnings=(*read.warnings, empty_warning(str(path))))
    article = new_article(text=read.text, path=path)
    return FileLoad(items=(Item(article, str(path)),), warnings=read.warnings)
