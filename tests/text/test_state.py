"""Story state: sentences that announce, preview articles, and where previews may not support."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from storyfuse.ingest import load_paths
from storyfuse.pipeline import clean_and_segment
from storyfuse.text import state
from storyfuse.text.corpus import Corpus, build_corpus
from storyfuse.text.segment import segment_article
from storyfuse.text.state import announces, is_preview, preview_docs
from storyfuse.text.support import find_support
from storyfuse.types import Article


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The foreign ministers will meet face-to-face on Thursday.", True),
        ("The council is expected to vote on the plan next week.", True),
        ("Talks are set to resume in Geneva.", True),
        ("The company plans to cut 7,000 jobs.", True),
        ("Shares rose ahead of the annual meeting.", True),
        ("The foreign ministers held talks in Antalya on Thursday.", False),
        ("The council voted 7-2 to approve the plan.", False),
        ("Willard Smith said the goodwill of the town was gone.", False),  # no word 'will'
    ],
    ids=["will", "expected-to", "set-to", "plans-to", "ahead-of", "held", "voted", "willard"],
)
def test_announces(sentence: str, expected: bool) -> None:
    assert announces(sentence) is expected


PREVIEW = (
    "The ministers will meet in Antalya on Thursday. Turkey is expected to host the talks. "
    "The war began on February 24. Officials said hopes were low."
)
REPORT = (
    "The ministers met in Antalya on Thursday. The talks ended without a ceasefire. "
    "The war began on February 24. Officials said the meeting was civil."
)


def _corpus(*texts: str) -> Corpus:
    articles = tuple(Article(f"a{i}", text) for i, text in enumerate(texts))
    return build_corpus(articles, tuple(segment_article(a) for a in articles))


def test_is_preview_reads_the_lead() -> None:
    assert is_preview(["It will rain.", "Roads will close.", "It rained in 1998."])
    assert not is_preview(["It rained.", "Roads will close.", "It rained in 1998."])


def test_previews_count_only_beside_reports() -> None:
    assert preview_docs(_corpus(PREVIEW, REPORT)) == frozenset({0})
    assert preview_docs(_corpus(PREVIEW, PREVIEW.replace("Antalya", "Ankara"))) == frozenset()


def test_a_preview_never_supports_a_report_but_a_report_may_support_a_preview() -> None:
    corpus = _corpus(PREVIEW, REPORT, REPORT.replace("civil", "calm"))
    war_in_report = next(u for u in corpus.units if u.doc == 1 and "February" in u.sentence.text)
    war_in_preview = next(u for u in corpus.units if u.doc == 0 and "February" in u.sentence.text)
    report_support, preview_support = find_support(corpus, [war_in_report, war_in_preview])
    assert report_support.docs == (1, 2)  # the other report, not the preview
    assert set(preview_support.docs) == {0, 1, 2}


@pytest.mark.parametrize(
    "text",
    [
        "The ministers WILL meet.",
        "They Shall meet.",
        "Turkey Won’t host them.",
        "The talks Are Expected To resume.",
        "The vote was SET TO happen.",
        "A meeting is due to take place.",
        "It is scheduled to start.",
        "It was slated to end.",
        "Troops are poised to move.",
        "Troops are going to cross.",
        "Troops are planning to stay.",
        "Envoys were preparing to leave.",
        "They were about to go.",
        "Kyiv PLANS TO reply.",
        "Moscow intends to wait.",
        "Ahead of the talks, they met.",
        "The UPCOMING vote.",
        "He spoke of it Later Today.",
    ],
)
def test_announces_finds_every_cue_in_any_case(text: str) -> None:
    assert announces(text)
    assert state._ANNOUNCE_RE.search(text) is not None


def test_announce_words_never_skip_a_sentence_the_regex_matches(
    sample_dirs: Callable[[int], list[Path]],
) -> None:
    dirs = sample_dirs(4)
    _, segmented = clean_and_segment(load_paths(dirs).articles)
    texts = [sentence.text for sentences in segmented for sentence in sentences]
    matched = [state._ANNOUNCE_RE.search(text) is not None for text in texts]
    assert [announces(text) for text in texts] == matched
    assert 50 < sum(matched) < len(texts) / 2
