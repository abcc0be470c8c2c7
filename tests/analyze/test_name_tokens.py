"""One tokenization per article: its sentences' and its quotation-masked text's tokens are a
share of it (``names.text_tokens``, ``sentence_tokens``, ``masked_tokens``), the same as
tokenizing each alone, and the names read from them are the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyfuse.analyze import names
from storyfuse.analyze.names import (
    MASK,
    masked_tokens,
    name_spans,
    sentence_spans,
    sentence_tokens,
    text_tokens,
)
from storyfuse.analyze.quotes import scan_story
from storyfuse.ingest import load_paths
from storyfuse.pipeline import prepare
from storyfuse.text.corpus import Corpus

# Each edge a part's tokens could differ at: a title abbreviation or an initial whose period
# is theirs only before a capital, a hyphenated given name split by the word before it, an
# acronym, a possessive, a period or a letter right before a part, quotations closed, left
# open at a line's end after a period, and opened right after a word.
EDGES = (
    "They met Gen. Lee and Donald K. Yeomans in the U.S. on Monday.",
    "North Korean leader Kim Jong-nam met Russia-Ukraine envoys. Ban Ki-moon said so.",
    "“We are ready,” Mr. Lavrov said. “Then we left.\nKuleba's aide, Sen. Dana Ross, spoke.",
    "A ‘Tiger’ Woods-led team.\"No,\" said Gov. Covas; Port Alden’s mayor-elect agreed.",
    "The U.S.A.-backed plan: “Talks”-era deals.Mrs. O'Neil wrote \"Hope\"Smith replied.",
    "Her ‘Kim’ Jong-nam story; ‘the Kim’ Jong-un years.",
)


def _alone(part: str, offset: int) -> list[tuple[str, int, int]]:
    return [(t.text, t.start + offset, t.end + offset) for t in text_tokens(part).tokens]


@pytest.mark.parametrize("text", EDGES)
def test_a_part_shares_the_whole_texts_tokens_only_where_they_are_its_own(text: str) -> None:
    whole = text_tokens(text)
    shared = 0
    for start in range(len(text)):
        for end in range(start + 1, len(text) + 1):
            part = text[start:end]
            got = sentence_tokens(whole, start, end, part)
            if got is None:
                continue
            shared += 1
            assert [tuple(t) for t in got] == _alone(part, start), (start, end, part)
    words = len(text.split())
    assert shared > words * (words + 1) // 4  # most parts between spaces are shared


@pytest.mark.parametrize("text", EDGES)
def test_masked_tokens_are_those_of_the_masked_text(text: str) -> None:
    whole = text_tokens(text)
    for a in range(len(text)):
        for b in range(a + 1, len(text) + 1):
            masked = text[:a] + MASK * (b - a) + text[b:]
            got = masked_tokens(whole, masked, [(a, b)])
            assert got.text == masked
            assert got.tokens == text_tokens(masked).tokens, (a, b, text[a:b])
            assert got.caps == text_tokens(masked).caps
            assert got.starts == [t.start for t in got.tokens]


def test_masked_tokens_merge_touching_and_overlapping_spans() -> None:
    text = "“One”“two” and “three,” Mr. Lavrov said."
    whole = text_tokens(text)
    spans = [(0, 5), (5, 10), (15, 23), (16, 20)]
    chars = list(text)
    for a, b in spans:
        chars[a:b] = MASK * (b - a)
    masked = "".join(chars)
    got = masked_tokens(whole, masked, spans)
    assert got.tokens == text_tokens(masked).tokens
    assert [t.text for t in got.tokens if t.text.startswith(MASK)] == [MASK * 10, MASK * 8]


def test_a_text_holding_the_mask_is_tokenized_anew() -> None:
    text = f"Mr. Lavrov said {MASK}“yes” to Kuleba."
    masked = text.replace("“yes”", MASK * 5)
    got = masked_tokens(text_tokens(text), masked, [(text.index("“"), text.index("”") + 1)])
    assert got.tokens == text_tokens(masked).tokens


def test_name_spans_refuse_the_tokens_of_another_text() -> None:
    with pytest.raises(ValueError, match="another text"):
        name_spans("Sergei Lavrov said.", text_tokens("Dmytro Kuleba said."))


@pytest.fixture(scope="module")
def stories(shared_data: Path) -> list[Corpus]:
    dirs = [shared_data / "seeds"]
    for name in ("duc2003", "duc2006_dev", "duc2007_update_dev", "multinews_dev"):
        dirs += [p / "docs" for p in sorted((shared_data / name).iterdir())[:2] if p.is_dir()]
    return [prepare(load_paths([d]).articles) for d in dirs]


def test_real_sentences_read_the_same_names_from_their_articles_tokens(
    stories: list[Corpus], monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = 0
    tokenize = names.name_spans

    def counted(text: str, tokens: names.TextTokens | None = None) -> list[names.NameSpan]:
        nonlocal alone
        alone += tokens is None
        return tokenize(text, tokens)

    sentences = 0
    for corpus in stories:
        tokens = [text_tokens(a.text) for a in corpus.articles]
        expected = sentence_spans(corpus)
        monkeypatch.setattr(names, "name_spans", counted)
        assert sentence_spans(corpus, tokens) == expected
        monkeypatch.setattr(names, "name_spans", tokenize)
        sentences += len(corpus.units)
    assert sentences > 1000
    assert alone <= sentences // 100  # nearly every sentence shares its article's tokens


def test_real_masked_articles_read_the_same_names_from_their_articles_tokens(
    stories: list[Corpus],
) -> None:
    for corpus in stories:
        tokens = [text_tokens(a.text) for a in corpus.articles]
        shared, alone = scan_story(corpus, tokens), scan_story(corpus)
        assert [s.mentions for s in shared] == [s.mentions for s in alone]
        assert [s.masked for s in shared] == [s.masked for s in alone]


def test_tokens_of_another_story_are_refused(stories: list[Corpus]) -> None:
    corpus = stories[0]
    with pytest.raises(ValueError, match="tokens of 1 articles"):
        sentence_spans(corpus, [text_tokens("One article.")])
    with pytest.raises(ValueError, match="tokens of 1 articles"):
        scan_story(corpus, [text_tokens("One article.")])
