from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from storyfuse.analyze.agreement import (
    SHINGLE_WORDS,
    WIRE_COPY_JACCARD,
    Fact,
    _ends_if_ordered,
    _matches,
    _may_be_copies,
    _quoted_chars,
    can_represent,
    find_agreements,
    quoted_share,
    source_groups,
)
from storyfuse.analyze.quotes import quote_spans
from storyfuse.ingest import load_paths
from storyfuse.pipeline import prepare
from storyfuse.samples import sample_dir
from storyfuse.text.corpus import Corpus, Unit
from storyfuse.text.state import announces, preview_docs
from storyfuse.text.support import CITE_SIMILARITY, looks_ahead
from storyfuse.text.textstats import jaccard, tfidf_matrix, word_count, word_shingles, words
from storyfuse.types import Article, Sentence

FACT = "Engineers found a cracked pier under the Calder Bridge on Monday morning."
WIRE = (
    f"{FACT} The city closed the bridge to all traffic until further notice. "
    "Inspectors from the regional transport office will examine the other piers this week. "
    "The bridge carries about 20,000 vehicles a day between the two halves of the town."
)


def _show(facts: tuple[Fact, ...]) -> str:
    return "\n".join(f"{f.support} {f.articles} {f.sentence.text}" for f in facts)


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> Corpus:
    return prepare(load_paths([seeds_dir]).articles)


def _check_shape(facts: tuple[Fact, ...]) -> None:
    for fact in facts:
        assert fact.sentence.article_id == fact.articles[0]
        assert fact.sentences[0] == fact.sentence
        assert [s.article_id for s in fact.sentences] == list(fact.articles)
        assert len(set(fact.articles)) == len(fact.articles)
        assert 2 <= fact.support <= len(fact.articles)
        assert can_represent_text(fact.sentence.text)


def can_represent_text(text: str) -> bool:
    unit = Unit(Sentence("x", 0, 0, len(text), text), 0, 0, word_count(text), ("x",), (), text)
    return can_represent(unit)


def test_seeds_agree_on_the_talks_in_turkey(seeds: Corpus) -> None:
    facts = find_agreements(seeds)
    print(_show(facts))
    assert facts, "the five seed reports share facts"
    _check_shape(facts)
    assert any("Kuleba" in f.sentence.text for f in facts)
    # After the talks, what the previews announced ("will meet face-to-face Thursday",
    # "arrived ..., where he will hold talks") is not listed as agreed: an announcing fact
    # needs two reports, and the seeds have one report of each.
    previews = {seeds.articles[d].id for d in preview_docs(seeds)}
    assert len(previews) == 3
    for fact in facts:
        if announces(fact.sentence.text):
            assert len(set(fact.articles) - previews) >= 2, fact.sentence.text
    assert not any("will meet" in f.sentence.text for f in facts)
    flags = zip(seeds.units, looks_ahead(seeds), strict=True)
    ahead = {(u.sentence.article_id, u.sentence.index): flag for u, flag in flags}
    ranks = [(ahead[f.sentence.article_id, f.sentence.index], -f.support) for f in facts]
    assert ranks == sorted(ranks)  # what happened first, then by support
    for fact in facts:
        if not ahead[fact.sentence.article_id, fact.sentence.index]:
            # a report of the thing done: no preview agrees with it
            assert not any(ahead[s.article_id, s.index] for s in fact.sentences[1:])


def test_seed_agreements_are_limited_and_filtered(seeds: Corpus) -> None:
    assert len(find_agreements(seeds, limit=2)) == 2
    assert all(f.support >= 3 for f in find_agreements(seeds, min_support=3))
    assert len(find_agreements(seeds, min_support=1, limit=50)) > len(find_agreements(seeds))


def test_sample_agreements_leave_out_what_later_reports_supersede() -> None:
    corpus = prepare(load_paths([sample_dir()]).articles)
    facts = find_agreements(corpus)
    print(_show(facts))
    _check_shape(facts)
    assert "ship that lost power struck the Kestrel Harbour Bridge" in facts[0].sentence.text
    # Tuesday's reports agree that two road workers "remain missing"; Thursday's says both
    # died. What the reports agreed on then is not listed as agreed now.
    assert not any("remain missing" in f.sentence.text for f in facts)
    tuesday = [a for a in corpus.articles if a.published and a.published.day == 11]
    earlier = find_agreements(prepare(tuesday))
    assert any("remain missing" in f.sentence.text and f.support >= 2 for f in earlier)


def test_wire_copies_count_once() -> None:
    copy = WIRE.replace("this week", "over the coming days")
    other = f"Calder Bridge: {FACT.replace('on Monday morning', 'on Monday')} Drivers were angry."
    corpus = prepare([Article("wire", WIRE), Article("copy", copy), Article("own", other)])
    assert source_groups(corpus) == (0, 0, 2)
    facts = find_agreements(corpus)
    fact = next(f for f in facts if "cracked pier" in f.sentence.text)
    assert set(fact.articles) == {"wire", "copy", "own"}
    assert fact.support == 2
    assert not [f for f in find_agreements(corpus, min_support=3) if "pier" in f.sentence.text]
    # copies alone are one source: what only they say is no agreement
    assert all("Inspectors" not in f.sentence.text for f in facts), _show(facts)


_ENDS = ("ab", "ek", "il", "om", "ut", "ar", "en", "ix", "ov", "us")
_VOCAB = [f"{a}{b}" for a in "bcdfg" for b in _ENDS]  # 50 words, each once


def _words(n: int) -> str:
    return " ".join(_VOCAB[:n]).capitalize() + "."


@pytest.mark.parametrize(("short", "group"), [(24, 0), (23, 1)])
def test_a_copy_with_half_the_shingles_is_a_wire_copy(short: int, group: int) -> None:
    """The start of a report as a copy: Jaccard = its shingles / the report's. Sizes alone
    rule a pair out only below WIRE_COPY_JACCARD: 20 of 40 shingles is exactly 0.5, a copy;
    19 of 40 is not."""
    corpus = prepare([Article("long", _words(44)), Article("short", _words(short))])
    sizes = [len(word_shingles(words(a.text), SHINGLE_WORDS)) for a in corpus.articles]
    assert sizes == [40, short - SHINGLE_WORDS + 1]
    assert source_groups(corpus) == (0, group)


def _shingles(*ranges: range) -> frozenset[tuple[str, ...]]:
    return frozenset((f"w{k}",) for r in ranges for k in r)


@pytest.mark.parametrize(
    ("a", "b", "copies"),
    [
        # 20 of 30 shared: Jaccard 20 / 40 = 0.5, a copy however the sets are ordered
        (_shingles(range(30)), _shingles(range(10, 40)), True),
        (_shingles(range(30)), _shingles(range(30, 60)), False),  # nothing shared
        # the sizes alone rule this out (the size test before it): no prefix to look at
        (_shingles(range(5)), _shingles(range(5, 30)), True),
        (_shingles(range(1)), _shingles(range(1)), True),
    ],
)
def test_may_be_copies_at_the_threshold(
    a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]], copies: bool
) -> None:
    assert _may_be_copies(a, b) is copies
    assert _may_be_copies(b, a) is copies


def test_may_be_copies_never_rules_out_a_copy() -> None:
    """Every overlap of two sets of 1 to 12 shingles: where Jaccard reaches the threshold,
    the prefix meets the other set, whichever shingles the prefix holds."""
    for size_a in range(1, 13):
        for size_b in range(size_a, 13):
            for shared in range(size_a + 1):
                a = _shingles(range(size_a))
                b = _shingles(range(size_a - shared, size_a - shared + size_b))
                if jaccard(a, b) >= WIRE_COPY_JACCARD:
                    assert _may_be_copies(a, b), (size_a, size_b, shared)


def _all_spans_quoted(spans: list[tuple[int, int]], start: int, end: int) -> int:
    return sum(max(0, min(b, end) - max(a, start)) for a, b in spans)


@pytest.mark.parametrize(
    "spans",
    [[], [(0, 4)], [(2, 9), (12, 20), (25, 26)], [(0, 30)], [(12, 20), (2, 9)], [(0, 30), (5, 6)]],
)
def test_quoted_chars_are_those_every_span_gives(spans: list[tuple[int, int]]) -> None:
    ends = _ends_if_ordered(spans)
    assert (ends is None) == (spans != sorted(spans) or spans == [(0, 30), (5, 6)])
    for start in range(32):
        for end in range(start, 33):
            assert _quoted_chars(spans, ends, start, end) == _all_spans_quoted(spans, start, end)


def test_quoted_chars_of_real_sentences(sample_dirs: Callable[[int], list[Path]]) -> None:
    """Every sentence of the seeds and two clusters of each dev set: the quoted characters
    found by bisection are those every quotation of its article gives."""
    dirs = sample_dirs(2)
    quoted = 0
    for directory in dirs:
        corpus = prepare(load_paths([directory]).articles)
        spans = [list(quote_spans(a.text)) for a in corpus.articles]
        ends = [_ends_if_ordered(s) for s in spans]
        assert all(e is not None for e in ends)  # quotations in text order: bisected
        for unit in corpus.units:
            s = unit.sentence
            got = _quoted_chars(spans[unit.doc], ends[unit.doc], s.start, s.end)
            assert got == _all_spans_quoted(spans[unit.doc], s.start, s.end)
            quoted += got > 0
    assert quoted > 100


def test_may_be_copies_on_real_articles(sample_dirs: Callable[[int], list[Path]]) -> None:
    """On the seeds and four clusters of each dev set: no pair the prefix rules out reaches
    the wire-copy threshold, and it rules out most pairs the sizes leave."""
    dirs = sample_dirs(4)
    sets = [word_shingles(words(a.text), SHINGLE_WORDS) for a in load_paths(dirs).articles]
    asked = ruled_out = 0
    for i, a in enumerate(sets):
        for b in sets[:i]:
            if min(len(a), len(b)) < WIRE_COPY_JACCARD * max(len(a), len(b)):
                continue
            asked += 1
            if not _may_be_copies(a, b):
                ruled_out += 1
                assert jaccard(a, b) < WIRE_COPY_JACCARD
    assert ruled_out > asked / 2


def test_close_matches_are_the_dense_similarities(seeds: Corpus) -> None:
    """The sparse product gives each sentence the same close sentences, with the same
    cosines, as the dense n x n matrix did."""
    matrix, _ = tfidf_matrix([u.stems for u in seeds.units])
    dense = (matrix @ matrix.T).toarray()
    _, sims = _matches(seeds, looks_ahead(seeds))
    assert any(len(row) > 1 for row in sims)
    for i, row in enumerate(sims):
        close = [int(j) for j in np.flatnonzero(dense[i] >= CITE_SIMILARITY)]
        assert list(row) == close
        assert all(row[j] == dense[i, j] for j in close)


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("Engineers found a cracked pier under the bridge on Monday.", True),
        ("Will the bridge reopen before the end of the month?", False),
        ("“We heard a noise like thunder and then the lights went out,” she said.", False),
        ("He said the bridge would stay closed for the rest of the week.", False),
        ("But the port authority said the channel would stay closed.", False),
        ("the bridge would stay closed for the rest of the week.", False),
        ("Police said the bridge, which “was built to last”, had failed.", True),
        ("Bridge closed", False),
    ],
)
def test_who_may_represent_a_fact(text: str, ok: bool) -> None:
    assert can_represent_text(text) is ok


def test_quoted_share() -> None:
    assert quoted_share("No quotes here.") == 0.0
    assert quoted_share("“All of it.”") == 1.0
    assert 0 < quoted_share('He said "yes" to it.') < 0.5


def test_empty_story_has_no_agreements() -> None:
    corpus = prepare([Article("a", "Only one report says this about the bridge closure.")])
    assert find_agreements(corpus) == ()


def test_a_preview_does_not_agree_with_the_report_of_the_thing_done() -> None:
    from storyfuse.text.corpus import build_corpus
    from storyfuse.text.segment import segment_article

    texts = (
        "The foreign ministers will meet for talks in Antalya on Thursday. Officials in Kyiv "
        "said hopes were low. A ceasefire is not on the table.",
        "Diplomats said the foreign ministers will meet for talks in Antalya on Thursday. "
        "Turkey offered to mediate weeks ago. Markets were calm.",
        "The foreign ministers met for talks in Antalya on Thursday. The talks ended without "
        "a ceasefire. Both sides said they would keep talking.",
        "On Thursday the foreign ministers met for talks in Antalya, their first since the war "
        "began. Neither side gave ground. Turkey said the meeting was civil.",
    )
    articles = tuple(Article(f"a{i}", t) for i, t in enumerate(texts))
    corpus = build_corpus(articles, tuple(segment_article(a) for a in articles))
    facts = find_agreements(corpus, limit=10)
    reported = [f for f in facts if f.sentence.article_id in ("a2", "a3")]
    assert reported, "the two reports agree"
    for fact in reported:
        assert set(fact.articles) <= {"a2", "a3"}
    assert facts.index(reported[0]) == 0  # what happened comes first


def test_reports_that_give_other_figures_do_not_agree() -> None:
    """"The death toll has reached 83" and "... reached 85" say two things, not one: no
    agreement; a third report with the same 83 agrees with the first."""
    texts = [
        "The death toll from the cold wave in the north has reached 83, police said on Friday.",
        "The death toll from the cold wave in the north reached 85 on Saturday, police said.",
    ]
    corpus = prepare([Article(f"a{i}", t) for i, t in enumerate(texts)])
    assert find_agreements(corpus) == ()
    same = "Police on Friday said the death toll of the cold wave in the north had reached 83."
    corpus = prepare([Article(f"a{i}", t) for i, t in enumerate([*texts, same])])
    (fact,) = find_agreements(corpus)
    assert {s.article_id for s in fact.sentences} == {"a0", "a2"}


def test_a_sentence_inside_a_longer_quotation_represents_no_fact() -> None:
    """A sentence in the middle of a quotation of several sentences has no marks of its
    own, yet it is the speaker's words: two reports quoting it agree on what was said, not
    on a fact; the reporter's own sentence represents the fact."""
    fact = "The council voted to rebuild the harbour bridge within two years."
    quoted = (
        "Mayor Ann Lee spoke after the vote: “We heard the people. We will find the money. "
        f"{fact} Nothing else matters.” The meeting ended at midnight."
    )
    texts = (
        f"{WIRE}\n{quoted}",
        "Storms damaged the old crossing in March, and ferries have carried commuters since. "
        "Residents packed the town hall on Tuesday evening to hear the plans for the site. "
        f"Some of them waited outside in the rain for hours.\n{quoted}",
    )
    corpus = prepare(Article(id=f"d{i}", text=t) for i, t in enumerate(texts))
    said = [u for u in corpus.units if u.sentence.text == fact]
    assert len(said) == len(texts)  # the sentence each report quotes, unmarked
    assert all(f.sentence.text != fact for f in find_agreements(corpus))
