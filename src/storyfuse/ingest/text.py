"""Plain-text articles: the file's decoded text as is."""

from __future__ import annotations

from pathlib import Path

from storyfuse.ingest.base import (
    FileLoad,
    Item,
    empty_warning,
    new_article,
    read_text,
    unsafe_characters,
)


def load_txt(path: Path) -> FileLoad:
    """One article from a ``.txt`` file (metadata may come later from a ``meta.json``).

    Control characters (a terminal's escape, a bell; NUL in UTF-16 text) become U+FFFD,
    with a warning naming the file, as a JSON record's fields do.
    """
    read = read_text(path)
    if read.text is None:
        return FileLoad(warnings=read.warnings)
    if not read.text.strip():
        return FileLoad(warnings=(*read.warnings, empty_warning(str(path))))
    warnings = read.warnings
    if (problem := unsafe_characters(read.text)) is not None:
        warnings = (*warnings, f"{path}: holds {problem}")
    article = new_article(text=read.text, path=path)
    return FileLoad(items=(Item(article, str(path)),), warnings=warnings)
