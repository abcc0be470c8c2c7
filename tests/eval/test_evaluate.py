"""ROUGE as ROUGE-1.5.5 -n 2 -m -l N -f A computes it, data sets, and evaluation runs."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from rich.console import Console
from rouge_score import rouge_scorer

from storyfuse.eval.datasets import DatasetError, EvalCluster, load_dataset
from storyfuse.eval.reports import evaluate_dataset, render_report
from storyfuse.eval.rouge import (
    Overlap,
    Prf,
    RougeScores,
    cut_to_words,
    mean_scores,
    rouge,
    rouge_counts,
    rouge_tokens,
)

# ----------------------------------------------------------------- a hand-computed example
#
# words=8 cuts the summary and each reference to their first 8 whitespace words:
#   summary  "Cats sat on the mat." + "A dog barked"            (5 + 3 words; "loudly." cut)
#            tokens, sentence by sentence: [cat sat on the mat] [a dog bark]   -> 8 tokens
#   ref 1    "The cat sat on a mat today."                       (7 words, kept whole)
#            tokens: [the cat sat on a mat today]                              -> 7 tokens
#   ref 2    "A dog and a cat-fight: the dog's barking"          (8 of 11 words)
#            tokens: [a dog and a cat fight the dog s bark]                    -> 10 tokens
#   (lowercased, non-alphanumerics are spaces, Porter stems only for tokens > 3 chars:
#    cats -> cat, barked/barking -> bark, fight -> fight)
#
# ROUGE-1: ref 1 matches the cat sat on a mat = 6; ref 2 matches a dog cat the bark = 5
#   (a and dog clipped to the summary's one each). recall = 11 / (7 + 10) = 11/17,
#   precision = 11 / (2 refs x 8) = 11/16.
# ROUGE-2: summary bigrams (7): cat-sat sat-on on-the the-mat mat-a a-dog dog-bark.
#   ref 1 (6 bigrams) matches cat-sat sat-on = 2; ref 2 (9 bigrams) matches a-dog = 1.
#   recall = 3 / (6 + 9) = 3/15, precision = 3 / (2 x 7) = 3/14.
# ROUGE-L (union LCS per reference sentence, clipped by unigram counts):
#   ref 1: LCS with [cat sat on the mat] = cat sat on mat, with [a dog bark] = a;
#          union = cat sat on a mat = 5 hits.
#   ref 2: LCS with [cat sat on the mat] = cat the; with [a dog bark] = a dog bark (the
#          script backtracks to the second "a" and "dog"); union = a cat the dog bark = 5.
#   recall = 10 / 17, precision = 10 / 16.
SUMMARY = "Cats sat on the mat.\nA dog barked loudly."
REFERENCES = (
    "The cat sat on a mat today.",
    "A dog and a cat-fight: the dog's barking woke everyone up.",
)


def test_hand_computed_counts() -> None:
    counts = rouge_counts(SUMMARY, REFERENCES, words=8)
    assert counts.r1 == Overlap(hits=11, reference_total=17, summary_total=16)
    assert counts.r2 == Overlap(hits=3, reference_total=15, summary_total=14)
    assert counts.rl == Overlap(hits=10, reference_total=17, summary_total=16)


def test_hand_computed_scores() -> None:
    scores = rouge(SUMMARY, REFERENCES, words=8)
    assert scores.r1.recall == 11 / 17
    assert scores.r1.precision == 11 / 16
    assert scores.r1.f1 == pytest.approx(2 * (11 / 17) * (11 / 16) / (11 / 17 + 11 / 16))
    assert scores.r2.recall == 3 / 15
    assert scores.r2.precision == 3 / 14
    assert scores.rl.recall == 10 / 17
    assert scores.rl.precision == 10 / 16


def test_hand_computed_tokens() -> None:
    assert cut_to_words(SUMMARY, 8) == ("Cats sat on the mat.", "A dog barked")
    assert rouge_tokens("A dog and a cat-fight: the dog's barking") == [
        "a", "dog", "and", "a", "cat", "fight", "the", "dog", "s", "bark",
    ]  # fmt: skip


def test_lcs_hits_are_clipped_by_unigram_counts() -> None:
    # Each reference sentence "Rain." has an LCS with the summary's one "rain"; without
    # ROUGE-1.4.1's clipping ROUGE-L would count 2 hits, above ROUGE-1's 1.
    counts = rouge_counts("Rain.", ["Rain.\nRain."], words=None)
    assert counts.rl == Overlap(hits=1, reference_total=2, summary_total=1)
    assert counts.r1 == Overlap(hits=1, reference_total=2, summary_total=1)


def test_bigrams_span_sentences_like_the_script() -> None:
    # ROUGE-1.5.5 joins the lines before counting n-grams.
    assert rouge_counts("a b", ["a\nb"], words=None).r2 == Overlap(1, 1, 1)


def test_empty_summary_scores_zero() -> None:
    assert rouge("", ["Some reference."], words=100) == RougeScores(*[Prf(0.0, 0.0, 0.0)] * 3)


def test_needs_a_reference_and_a_positive_budget() -> None:
    with pytest.raises(ValueError, match="reference"):
        rouge("text", [], words=10)
    with pytest.raises(ValueError, match="positive"):
        rouge("text", ["text"], words=0)


@pytest.mark.parametrize(
    ("text", "words", "expected"),
    [
        ("one two three", None, ("one two three",)),
        ("one two three", 2, ("one two",)),
        ("one two\nthree four", 2, ("one two",)),  # a line that just fits is still "cut"
        ("one two\nthree four", 3, ("one two", "three")),
        ("one\n\nthree", 5, ("one", "three")),  # empty lines are not sentences
        ("one   two\tthree", 2, ("one two",)),  # any run of whitespace separates words
        (" one two", 2, (" one",)),  # Perl's split: leading whitespace is an empty word
        ("one\u00a0two three", 2, ("one\u00a0two three",)),  # no-break space joins (bytes)
    ],
)
def test_cut_to_words(text: str, words: int | None, expected: tuple[str, ...]) -> None:
    assert cut_to_words(text, words) == expected


def test_tokens_follow_the_script() -> None:
    # hyphens and other punctuation split words; non-ASCII characters are spaces
    assert rouge_tokens("Well-known café's U.S. 4,000 Déjà") == [
        "well", "known", "caf", "s", "u", "s", "4", "000", "d", "j",
    ]  # fmt: skip


# ----------------------------------------------------------------- against rouge-score

PAIRS = [
    ("The quick brown fox jumps over the lazy dog.", "A quick brown dog jumps over a fox."),
    (
        "Officials said the storm killed 12 people and left thousands without power.",
        "The storm killed at least 12 people, officials said; thousands lost power.",
    ),
    ("Prices rose 3.5% in March, the fastest rise in years.", "In March prices rose quickly."),
    ("", "Nothing to match here."),
]


@pytest.mark.parametrize(("summary", "reference"), PAIRS)
def test_single_reference_equals_rouge_score(summary: str, reference: str) -> None:
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    theirs = scorer.score(reference, summary)
    ours = rouge(summary, [reference], words=None)
    # one sentence each: summary-level union LCS is the plain LCS rouge-score's rougeL uses
    for mine, name in zip(ours, ("rouge1", "rouge2", "rougeL"), strict=True):
        score = theirs[name]
        assert mine == pytest.approx(Prf(score.recall, score.precision, score.fmeasure))


def test_single_reference_equals_rouge_score_on_data(shared_data: Path) -> None:
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    for cluster in load_dataset(shared_data / "duc2003")[:5]:
        lead = sorted(cluster.docs_dir.glob("*.txt"))[0].read_text(encoding="utf-8")
        summary = "\n".join(cut_to_words(lead, 100))
        reference = "\n".join(cut_to_words(cluster.references[0], 100))
        theirs = scorer.score(reference, summary)
        ours = rouge(summary, [reference], words=100)
        for mine, name in ((ours.r1, "rouge1"), (ours.r2, "rouge2")):
            score = theirs[name]
            assert mine == pytest.approx(Prf(score.recall, score.precision, score.fmeasure))


def test_mean_scores_is_a_macro_average() -> None:
    a = RougeScores(Prf(1.0, 0.5, 0.6), Prf(0.2, 0.2, 0.2), Prf(0.0, 0.0, 0.0))
    b = RougeScores(Prf(0.0, 0.5, 0.2), Prf(0.4, 0.6, 0.4), Prf(1.0, 1.0, 1.0))
    expected = RougeScores(Prf(0.5, 0.5, 0.4), Prf(0.3, 0.4, 0.3), Prf(0.5, 0.5, 0.5))
    assert _flat(mean_scores([a, b])) == pytest.approx(_flat(expected))


def _flat(scores: RougeScores) -> list[float]:
    return [value for prf in scores for value in prf]


# ----------------------------------------------------------------- data sets


def _cluster(root: Path, name: str, refs: dict[str, str], meta: str | None = "{}") -> Path:
    folder = root / name
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "a.txt").write_text("A document about the event.\n", encoding="utf-8")
    (folder / "refs").mkdir()
    for ref_id, text in refs.items():
        (folder / "refs" / f"{ref_id}.txt").write_text(text, encoding="utf-8")
    if meta is not None:
        (folder / "meta.json").write_text(meta, encoding="utf-8")
    return folder


def test_load_dataset_reads_clusters_sorted(tmp_path: Path) -> None:
    _cluster(tmp_path, "b2", {"B": "Second.", "A": "First."}, meta='{"task": "t"}')
    _cluster(tmp_path, "a1", {"A": "Only."}, meta=None)
    (tmp_path / "README.md").write_text("not a cluster", encoding="utf-8")
    clusters = load_dataset(tmp_path)
    assert [c.id for c in clusters] == ["a1", "b2"]
    assert clusters[1].references == ("First.", "Second.")  # by reference file name
    assert clusters[1].meta == {"task": "t"}
    assert clusters[0].meta == {}
    assert clusters[0].docs_dir == tmp_path / "a1" / "docs"


def test_load_dataset_takes_a_single_cluster(tmp_path: Path) -> None:
    folder = _cluster(tmp_path, "only", {"A": "Ref."})
    assert [c.id for c in load_dataset(folder)] == ["only"]


def test_not_a_dataset_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "stuff").mkdir()
    with pytest.raises(DatasetError, match=re.escape(str(tmp_path))):
        load_dataset(tmp_path)
    with pytest.raises(DatasetError, match="not a folder"):
        load_dataset(tmp_path / "missing")


def test_cluster_without_references_is_an_error(tmp_path: Path) -> None:
    _cluster(tmp_path, "c1", {})
    with pytest.raises(DatasetError, match="no reference summaries") as info:
        load_dataset(tmp_path)
    assert str(tmp_path / "c1" / "refs") in str(info.value)


def test_broken_meta_is_an_error(tmp_path: Path) -> None:
    _cluster(tmp_path, "c1", {"A": "Ref."}, meta="{not json")
    with pytest.raises(DatasetError, match=r"meta\.json"):
        load_dataset(tmp_path)


def test_load_shared_datasets(shared_data: Path) -> None:
    duc = load_dataset(shared_data / "duc2003")
    assert len(duc) == 30
    assert [c.id for c in duc] == sorted(c.id for c in duc)
    assert all(len(c.references) == 4 for c in duc)
    assert all(isinstance(c.meta, dict) and c.meta for c in duc)
    with pytest.raises(DatasetError, match="seeds"):
        load_dataset(shared_data / "seeds")  # documents without references


# ----------------------------------------------------------------- evaluation runs


def _first_reference(cluster: EvalCluster) -> str:
    if cluster.id == "broken":
        raise RuntimeError("summarizer exploded")
    return cluster.references[0]


def test_evaluate_dataset_scores_and_reports_failures(tmp_path: Path) -> None:
    _cluster(tmp_path, "c1", {"A": "The storm hit the coast on Monday."})
    _cluster(tmp_path, "c2", {"A": "Rain fell.", "B": "Snow fell in the hills."})
    _cluster(tmp_path, "broken", {"A": "Ref."})
    report = evaluate_dataset(load_dataset(tmp_path), _first_reference, words=100)

    assert [r.id for r in report.failed] == ["broken"]
    assert report.failed[0].error == "RuntimeError: summarizer exploded"
    assert [r.id for r in report.scored] == ["c1", "c2"]
    c1, c2 = (r.scores for r in report.scored)
    assert c1 is not None and c2 is not None
    assert c1.r1 == Prf(1.0, 1.0, 1.0)
    # c2: "Rain fell." vs its own text and "Snow fell in the hills.": hits 2 + 1 of 2 + 5
    assert c2.r1.recall == 3 / 7
    assert report.average == mean_scores([c1, c2])

    data = json.loads(json.dumps(report.to_dict()))
    assert data["scored"] == 2
    assert data["failed"] == [{"id": "broken", "error": "RuntimeError: summarizer exploded"}]
    assert data["average"]["rouge1"]["recall"] == pytest.approx((1.0 + 3 / 7) / 2)

    out = io.StringIO()
    Console(file=out, width=200).print(render_report(report, per_cluster=True))
    text = out.getvalue()
    assert "average" in text and "c2" in text and "broken" in text


def test_evaluate_dataset_with_nothing_scored(tmp_path: Path) -> None:
    _cluster(tmp_path, "broken", {"A": "Ref."})
    report = evaluate_dataset(load_dataset(tmp_path), _first_reference, words=100)
    assert report.average is None
    assert report.to_dict()["average"] is None
    Console(file=io.StringIO()).print(render_report(report))
