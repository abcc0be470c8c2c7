"""The Python API as a user discovers it: dir, help, __version__, to_dict, clear type errors."""

from __future__ import annotations

import json
import pydoc
import subprocess
import sys
from pathlib import Path

import pytest

import storyfuse
from storyfuse.samples import sample_dir


@pytest.fixture(scope="module")
def articles() -> list[storyfuse.Article]:
    return list(storyfuse.load_paths([sample_dir()]).articles)


def test_every_export_resolves_and_dir_lists_it() -> None:
    listed = dir(storyfuse)
    for name in storyfuse.__all__:
        assert name in listed
        assert getattr(storyfuse, name) is not None
    assert "import_module" not in listed and "TYPE_CHECKING" not in listed


def test_help_names_the_exports() -> None:
    text = pydoc.getdoc(storyfuse)
    for name in ("load_paths", "summarize", "brief", "render", "to_dict", "Store", "create_app"):
        assert f"``{name}" in text


def test_version_comes_from_the_installed_metadata() -> None:
    from importlib.metadata import version

    assert storyfuse.__version__ == version("storyfuse")
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = storyfuse.nope


def test_store_and_app_factory_are_exported() -> None:
    from storyfuse.store import Store
    from storyfuse.web.app import create_app

    assert storyfuse.Store is Store
    assert storyfuse.create_app is create_app


@pytest.mark.slow  # a fresh interpreter
def test_import_storyfuse_stays_light() -> None:
    code = (
        "import sys, storyfuse; storyfuse.__version__; storyfuse.Article; "
        "print(sorted(m for m in ('fastapi', 'numpy', 'scipy', 'rich') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_to_dict_is_what_format_json_prints(articles: list[storyfuse.Article]) -> None:
    summary = storyfuse.summarize(articles, sentences=2)
    assert storyfuse.to_dict(summary) == json.loads(storyfuse.render(summary, "json"))
    brief = storyfuse.brief(articles, sentences=2)
    data = storyfuse.to_dict(brief)
    assert data == json.loads(storyfuse.render(brief, "json"))
    assert {"sentences", "sources", "analysis"} <= set(data)
    assert isinstance(data["analysis"]["conflicts"], list)


@pytest.mark.parametrize(
    "bad", ["reports/", Path("reports"), b"reports"], ids=["str", "path", "bytes"]
)
def test_a_path_as_articles_is_a_clear_type_error(bad: object) -> None:
    for run in (storyfuse.summarize, storyfuse.brief):
        with pytest.raises(TypeError) as caught:
            run(bad)  # type: ignore[arg-type]
        message = str(caught.value)
        assert message.startswith("articles must be an iterable of storyfuse.Article; got ")
        assert "storyfuse.load_paths" in message


def test_other_wrong_articles_say_what_was_wrong(articles: list[storyfuse.Article]) -> None:
    with pytest.raises(TypeError, match="got one Article: pass a list"):
        storyfuse.summarize(articles[0])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="item 1 is str"):
        storyfuse.summarize([articles[0], "text"])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="got int"):
        storyfuse.brief(3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^previous must be an iterable"):
        storyfuse.summarize(articles, previous="old/")  # type: ignore[arg-type]


def test_a_generator_of_articles_still_works(articles: list[storyfuse.Article]) -> None:
    summary = storyfuse.summarize((a for a in articles), sentences=1)
    assert len(summary.items) == 1
