from __future__ import annotations

from storyfuse.analyze.conflicts import Conflict, find_conflicts
from storyfuse.pipeline import prepare
from storyfuse.types import Article


def _conflicts(*texts: str) -> tuple[Conflict, ...]:
    return find_conflicts(prepare(Article(f"a{i}", t) for i, t in enumerate(texts)))


def _spellings(*texts: str) -> list[list[tuple[str, tuple[str, ...]]]]:
    return [
        [(s.value, s.articles) for s in c.sides]
        for c in _conflicts(*texts)
        if c.subject.startswith("spelling of")
    ]


def test_two_letters_swapped_in_a_name() -> None:
    assert _spellings(
        "The shower comes from the debris of Comet Tempel-Tuttle, astronomers said.",
        "The debris was left by a comet called Temple-Tuttle, astronomers said.",
    ) == [[("Tempel-Tuttle", ("a0",)), ("Temple-Tuttle", ("a1",))]]


def test_the_words_of_a_name_in_another_order() -> None:
    found = _spellings(
        "The runner-up, Luiz Inacio Lula da Silva, conceded on Monday evening.",
        "His rival, Luiz Lula Inacio da Silva, conceded on Monday evening.",
    )
    assert found == [
        [("Luiz Inacio Lula da Silva", ("a0",)), ("Luiz Lula Inacio da Silva", ("a1",))]
    ]


def test_two_people_whose_given_names_look_alike_are_no_misspelling() -> None:
    assert not _spellings(
        "The picture of the bog was taken by Jeffery A. Salter for the paper.",
        "The growers are worried, said Jeffrey LaFleur, who heads their association.",
    )


def test_a_transliteration_is_no_misspelling() -> None:
    assert not _spellings(
        "President Volodymyr Zelensky said the corridors were open on Wednesday.",
        "President Volodymyr Zelenskyy said the corridors were open on Wednesday.",
    )


def test_an_article_writing_both_forms_is_on_neither_side() -> None:
    found = _spellings(
        "Comet Tempel-Tuttle returns every 33 years; Temple-Tuttle was found in 1865.",
        "The debris was left by a comet called Temple-Tuttle, astronomers said.",
        "The shower comes from the debris of Comet Tempel-Tuttle, astronomers said.",
    )
    assert found == [[("Tempel-Tuttle", ("a2",)), ("Temple-Tuttle", ("a1",))]]


def test_one_article_alone_gives_no_misspelling() -> None:
    assert not _spellings(
        "Comet Tempel-Tuttle returns every 33 years; Temple-Tuttle was found in 1865."
    )
