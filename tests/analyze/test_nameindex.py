"""The names' blocking index: exactly the names ``name_match`` may accept, on made-up
spellings at several thresholds and on the real names of a DUC 2006 topic and the seeds;
the names list's merge and the speakers' lookup through it equal their all-pairs form."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import pytest

from storyfuse.analyze import namelist
from storyfuse.analyze.nameindex import NameIndex, deletion_neighbourhood, edit_budget
from storyfuse.analyze.names import (
    NAME_SIMILARITY,
    fold_name,
    name_key,
    name_match,
    same_name,
    sentence_spans,
    word_similarity,
)
from storyfuse.analyze.speakers import (
    _find_person,
    known_in,
    people_in,
    people_index,
    read_mentions,
    speaker_key,
    story_people,
)
from storyfuse.ingest import load_paths
from storyfuse.pipeline import prepare
from storyfuse.text.corpus import Corpus

WORDS = ("zelensky", "kuleba", "cavusoglu", "erdogan", "lavrov", "klitschko", "shevardnadze")
LETTERS = "aeiknosxyz"


@pytest.fixture(scope="module")
def stories(shared_data: Path) -> list[Corpus]:
    topic = sorted((shared_data / "duc2006_dev").iterdir())[0] / "docs"
    return [
        prepare(load_paths([topic]).articles),
        prepare(load_paths([shared_data / "seeds"]).articles),
    ]


def _one_edit(word: str) -> set[str]:
    """Every string one deletion, insertion or substitution (from ``LETTERS``) away."""
    out = {word[:i] + word[i + 1 :] for i in range(len(word))}
    for i in range(len(word) + 1):
        for c in LETTERS:
            out.add(word[:i] + c + word[i:])
            if i < len(word):
                out.add(word[:i] + c + word[i + 1 :])
    return out - {word}


def _spellings() -> list[str]:
    """The words, every one-edit spelling, and some two-edit ones, sorted."""
    out: set[str] = set(WORDS)
    for word in WORDS:
        once = sorted(_one_edit(word))
        out.update(once)
        out.update(w for k, v in enumerate(once[::9]) for w in sorted(_one_edit(v))[k % 31 :: 31])
    return sorted(out)


def test_edit_budget_is_the_edits_the_threshold_allows() -> None:
    assert [edit_budget(n) for n in (4, 5, 9, 10, 15)] == [0, 1, 1, 2, 3]
    assert edit_budget(8, 0.75) == 2 and edit_budget(9, 0.9) == 0 and edit_budget(10, 0.9) == 1


def test_deletion_neighbourhood() -> None:
    assert deletion_neighbourhood("abc", 1) == {"abc", "bc", "ac", "ab"}
    assert deletion_neighbourhood("aab", 2) == {"aab", "ab", "aa", "a", "b"}
    assert deletion_neighbourhood("abc", 0) == {"abc"}


@pytest.mark.parametrize("threshold", [0.7, NAME_SIMILARITY, 0.9])
def test_candidates_are_exactly_the_alike_last_words(threshold: float) -> None:
    spellings = _spellings()
    index = NameIndex(threshold)
    for word in spellings:
        index.add(("given", word))
    for query in [*WORDS, *spellings[::151]]:
        brute = [
            i for i, w in enumerate(spellings) if word_similarity(query, w, threshold) >= threshold
        ]
        assert index.candidates((query,)) == brute, query


def test_candidates_keep_the_order_added_and_skip_empty_words() -> None:
    index = NameIndex()
    keys = [("dmytro", "kuleba"), ("us",), ("",), ("kuleba",), ("sergei", "lavrov"), ()]
    assert [index.add(k) for k in keys] == list(range(len(keys)))
    assert len(index) == len(keys)
    assert index.candidates(("kuleba",)) == [0, 3]
    assert index.candidates(("dmytro", "kulebaa")) == [0, 3]  # 1 - 1/7 >= 0.8
    assert index.candidates(("lavrov",)) == [4] and index.candidates(("lavrovich",)) == []
    assert index.candidates(("",)) == [] and index.candidates(()) == []


def _keys(corpus: Corpus) -> list[tuple[str, ...]]:
    return list(dict.fromkeys(name_key(s.name) for spans in sentence_spans(corpus) for s in spans))


def test_real_names_meet_every_name_they_match(stories: list[Corpus]) -> None:
    for corpus in stories:
        keys = _keys(corpus)
        index = NameIndex()
        for key in keys:
            index.add(key)
        last_words = sorted({k[-1] for k in keys if k and k[-1]})
        alike = {
            w: {x for x in last_words if word_similarity(w, x) >= NAME_SIMILARITY}
            for w in last_words
        }
        for key in keys:
            near = alike.get(key[-1], set()) if key else set()
            expected = [i for i, k in enumerate(keys) if k and k[-1] in near]
            found = index.candidates(key)
            assert found == expected, key
            assert {i for i, k in enumerate(keys) if name_match(key, k) > 0} <= set(found)
        assert len(keys) > 50  # a real story's names, not a handful


def _all_pairs_merge(
    names: Iterable[str], counts: Counter[str], votes: dict[str, tuple[int, int, int]]
) -> list[list[str]]:
    """The names list's merge as it was: every name against every cluster's lead."""
    clusters: list[list[str]] = []
    for name in sorted(names, key=lambda n: (-len(n.split()), -counts[n], n)):
        bare = namelist._generation_free(name)
        fits = [
            c
            for c in clusters
            if same_name(
                bare,
                namelist._generation_free(c[0]),
                allow_partial=namelist._may_be_surname(name, c[0], votes),
            )
        ]
        if fits:
            max(fits, key=lambda c: sum(counts[n] for n in c)).append(name)
        else:
            clusters.append([name])
    return namelist._join_given_names(namelist._join_fragments(clusters, counts, votes), votes)


def _all_pairs_find(key: Sequence[str], keys: Sequence[tuple[str, ...]]) -> int | None:
    """The speakers' lookup as it was: the best ``name_match`` over every known name."""
    best: tuple[float, int] | None = None
    for position, known in enumerate(keys):
        score = name_match(key, known)
        if score > 0 and (best is None or score > best[0]):
            best = (score, position)
    return None if best is None else best[1]


def test_names_list_merge_equals_the_all_pairs_merge(stories: list[Corpus]) -> None:
    for corpus in stories:
        mentions = namelist._mentions(corpus, sentence_spans(corpus))
        counts = Counter(m.name for m in mentions)
        votes: dict[str, tuple[int, int, int]] = {}
        for m in mentions:
            votes[m.name] = namelist._add(votes.get(m.name, (0, 0, 0)), m.votes)
        merged = namelist._merge(counts, counts, votes)
        assert merged == _all_pairs_merge(counts, counts, votes)
        assert sum(len(c) > 1 for c in merged) >= 5  # spellings did merge


def test_speaker_lookup_equals_the_all_pairs_lookup(stories: list[Corpus]) -> None:
    for corpus in stories:
        mentions = [m for a in corpus.articles for m in read_mentions(a.text)]
        keys = [fold_name(p.name.split()) for p in people_in(mentions)]
        index = NameIndex()
        for key in keys:
            index.add(key)
        queries = {fold_name(m.tokens) for m in mentions}
        found = {q: _find_person(q, keys, index) for q in queries}
        assert found == {q: _all_pairs_find(q, keys) for q in queries}
        assert sum(v is not None for v in found.values()) >= 10


def test_story_people_carry_the_index_people_index_builds(stories: list[Corpus]) -> None:
    """The quote reader takes the people with the index their merging built: the same
    people, keys and candidates as indexing the people again."""
    for corpus in stories:
        mentions = [m for a in corpus.articles for m in read_mentions(a.text)]
        found = story_people(mentions)
        again = people_index(found.persons)
        assert found.persons == people_in(mentions)
        assert found.keys == again.keys
        assert len(found.lookup) == len(again.lookup) == len(found.persons)
        for key in {speaker_key(m.tokens) for m in mentions}:
            assert found.lookup.candidates(key) == again.lookup.candidates(key)


def test_known_names_do_not_depend_on_the_articles_read_before(stories: list[Corpus]) -> None:
    """Names resolved once per story (``People.found``) resolve as each article alone
    would, whichever order the articles are read in."""
    for corpus in stories:
        per_article = [read_mentions(a.text) for a in corpus.articles]
        persons = people_in(m for mentions in per_article for m in mentions)
        alone = [known_in(mentions, people_index(persons)) for mentions in per_article]
        shared = people_index(persons)
        assert [known_in(mentions, shared) for mentions in per_article] == alone
        assert shared.found
        backwards = people_index(persons)
        assert [known_in(m, backwards) for m in reversed(per_article)] == alone[::-1]
