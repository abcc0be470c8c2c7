"""ROUGE against human references, scored the way ROUGE-1.5.5 scores DUC.

The convention (``shared/data/README.md``) is ROUGE-1.5.5 ``-n 2 -m -l N -f A``; this
module follows that script step by step, in pure Python:

1. ``-l N``: the summary and every reference are read one line per sentence (empty lines
   skipped) and cut to their first N words, where a word is a field of Perl's
   ``split(/\\s+/, line)`` on the raw text, before any tokenisation (``cut_to_words``).
2. Tokens: lowercase, every character other than ASCII letters and digits becomes a space,
   stopwords kept, ``-m``: tokens longer than 3 characters Porter-stemmed. Tokenising and
   stemming are rouge-score's own (``DefaultTokenizer(use_stemmer=True)``).
3. ``-f A``: counts are pooled over the references. For ROUGE-N,
   recall = sum of clipped matches / sum of reference n-grams, and
   precision = sum of clipped matches / (number of references x summary n-grams).
4. ROUGE-L is ROUGE-1.5.5's summary-level union LCS: for each reference sentence, the union
   of its LCS with every summary sentence, each hit clipped by the unigram counts left in
   the reference and the summary; pooled over references like ROUGE-N.
5. Over a data set, scores are macro averages: the mean over clusters of each cluster's
   recall, precision and F1 (ROUGE-1.5.5's "Average_R/P/F").

Known differences from the Perl script: rouge-score's stemmer is NLTK's Porter with its
extensions, not the script's Perl Porter, and the script's WordNet exception list (``went`` ->
``go``) is not applied; the script also rounds each cluster's R and P to 5 decimals before
its F.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from storyfuse.errors import MissingExtraError

if TYPE_CHECKING:
    from rouge_score.tokenizers import DefaultTokenizer

ROUGE_NAMES = ("rouge1", "rouge2", "rougeL")

# Perl's \s on bytes: ASCII whitespace only (a no-break space is part of a word there).
_PERL_SPACE_RE = re.compile(r"\s+", re.ASCII)
# The script reads bytes: every byte of a non-ASCII character becomes a space.
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")
ROUGE_MISSING = (
    "ROUGE scoring (storyfuse eval) needs the optional 'eval' extra (rouge-score): "
    "pip install 'storyfuse[eval]'"
)


@cache
def _tokenizer() -> DefaultTokenizer:
    """rouge-score's tokenizer, imported on first use: rouge-score (with NLTK and absl)
    is the ``eval`` extra, not a dependency of summarising."""
    try:
        from rouge_score.tokenizers import DefaultTokenizer
    except ImportError as exc:
        raise MissingExtraError(ROUGE_MISSING) from exc
    return DefaultTokenizer(use_stemmer=True)


def require_rouge() -> None:
    """Raise ``MissingExtraError`` naming the extra now, before any cluster is summarised."""
    _tokenizer()


class Prf(NamedTuple):
    recall: float
    precision: float
    f1: float

    def to_dict(self) -> dict[str, float]:
        return {"recall": self.recall, "precision": self.precision, "f1": self.f1}


class Overlap(NamedTuple):
    """Pooled counts behind one ROUGE score.

    ``summary_total`` is the summary's n-gram (or token) count times the number of
    references, as ROUGE-1.5.5 ``-f A`` sums it once per reference.
    """

    hits: int
    reference_total: int
    summary_total: int

    def scores(self) -> Prf:
        recall = self.hits / self.reference_total if self.reference_total else 0.0
        precision = self.hits / self.summary_total if self.summary_total else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
        return Prf(recall, precision, f1)


class RougeCounts(NamedTuple):
    r1: Overlap
    r2: Overlap
    rl: Overlap


class RougeScores(NamedTuple):
    r1: Prf
    r2: Prf
    rl: Prf

    def to_dict(self) -> dict[str, dict[str, float]]:
        return {name: prf.to_dict() for name, prf in zip(ROUGE_NAMES, self, strict=True)}


def cut_to_words(text: str, words: int | None) -> tuple[str, ...]:
    """The sentences (lines) of ``text`` that ROUGE-1.5.5 ``-l words`` scores.

    Lines are kept whole while they fit and the last one is cut to the words left. Words are
    fields of Perl's ``split(/\\s+/, line)``: a line that starts with whitespace has an
    empty first field, which counts as a word, exactly as in the script.
    """
    if words is not None and words <= 0:
        raise ValueError(f"words must be positive, got {words}")
    lines = [line for line in text.split("\n") if line]
    if words is None:
        return tuple(lines)
    kept: list[str] = []
    used = 0
    for line in lines:
        fields = _perl_split(line)
        if used + len(fields) < words:
            kept.append(line)
            used += len(fields)
        else:
            kept.append(" ".join(fields[: words - used]))
            break
    return tuple(kept)


def _perl_split(line: str) -> list[str]:
    fields = _PERL_SPACE_RE.split(line)
    while fields and not fields[-1]:
        fields.pop()  # Perl's split drops trailing empty fields
    return fields


def rouge_tokens(sentence: str) -> list[str]:
    """ROUGE's tokens of one sentence: ASCII alphanumerics, lowercased, stemmed."""
    return list(_tokenizer().tokenize(_NON_ASCII_RE.sub(" ", sentence)))


def _tokenized(text: str, words: int | None) -> list[list[str]]:
    return [rouge_tokens(line) for line in cut_to_words(text, words)]


def _ngrams(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def ngram_overlap(summary: Sequence[str], references: Sequence[Sequence[str]], n: int) -> Overlap:
    """ROUGE-N counts of summary tokens against reference tokens, pooled (``-f A``)."""
    peer = _ngrams(summary, n)
    peer_total = sum(peer.values())
    hits = reference_total = 0
    for reference in references:
        model = _ngrams(reference, n)
        hits += sum(min(count, peer[gram]) for gram, count in model.items())
        reference_total += sum(model.values())
    return Overlap(hits, reference_total, peer_total * len(references))


def lcs_overlap(
    summary: Sequence[Sequence[str]], references: Sequence[Sequence[Sequence[str]]]
) -> Overlap:
    """ROUGE-L counts: ROUGE-1.5.5's summary-level union LCS, pooled over references.

    ``summary`` and each reference are lists of tokenised sentences.
    """
    peer_counts = Counter(token for sentence in summary for token in sentence)
    peer_total = sum(peer_counts.values())
    hits = reference_total = 0
    for reference in references:
        hits += _union_lcs_hits(reference, summary, peer_counts)
        reference_total += sum(len(sentence) for sentence in reference)
    return Overlap(hits, reference_total, peer_total * len(references))


def _union_lcs_hits(
    reference: Sequence[Sequence[str]],
    summary: Sequence[Sequence[str]],
    peer_counts: Counter[str],
) -> int:
    """Union-LCS hits of one reference, each hit clipped by the unigrams left on both sides.

    The clipping (ROUGE-1.4.1's fix) keeps ROUGE-L at or below ROUGE-1.
    """
    model_left = Counter(token for sentence in reference for token in sentence)
    peer_left = peer_counts.copy()
    hits = 0
    for sentence in reference:
        mask = [False] * len(sentence)
        for peer_sentence in summary:
            _mark_lcs(sentence, peer_sentence, mask)
        for token, marked in zip(sentence, mask, strict=True):
            if marked and model_left[token] > 0 and peer_left[token] > 0:
                hits += 1
                model_left[token] -= 1
                peer_left[token] -= 1
    return hits


def _mark_lcs(model: Sequence[str], peer: Sequence[str], mask: list[bool]) -> None:
    """Mark the model positions of one LCS of ``model`` and ``peer``.

    The LCS is the one ROUGE-1.5.5 backtracks: a match goes diagonal, otherwise up
    (dropping a model token) when that keeps at least as long a subsequence, else left.
    """
    m, n = len(model), len(peer)
    if not m or not n:
        return
    table = [[0] * (n + 1) for _ in range(m + 1)]
    for i in range(1, m + 1):
        row, above, token = table[i], table[i - 1], model[i - 1]
        for j in range(1, n + 1):
            if token == peer[j - 1]:
                row[j] = above[j - 1] + 1
            else:
                row[j] = above[j] if above[j] >= row[j - 1] else row[j - 1]
    i, j = m, n
    while i and j:
        if model[i - 1] == peer[j - 1]:
            i -= 1
            j -= 1
            mask[i] = True
        elif table[i - 1][j] >= table[i][j - 1]:
            i -= 1
        else:
            j -= 1


def rouge_counts(summary: str, references: Sequence[str], *, words: int | None) -> RougeCounts:
    """The pooled ROUGE-1, ROUGE-2 and ROUGE-L counts of ``summary`` (see ``rouge``)."""
    if not references:
        raise ValueError("ROUGE needs at least one reference")
    peer = _tokenized(summary, words)
    models = [_tokenized(reference, words) for reference in references]
    peer_flat = [token for sentence in peer for token in sentence]
    models_flat = [[token for sentence in model for token in sentence] for model in models]
    return RougeCounts(
        r1=ngram_overlap(peer_flat, models_flat, 1),
        r2=ngram_overlap(peer_flat, models_flat, 2),
        rl=lcs_overlap(peer, models),
    )


def rouge(summary: str, references: Sequence[str], *, words: int | None) -> RougeScores:
    """ROUGE-1, ROUGE-2 and ROUGE-L of ``summary``, as ROUGE-1.5.5 ``-n 2 -m -l words -f A``.

    Sentences are lines; ``words=None`` scores the whole texts (no ``-l``).
    """
    counts = rouge_counts(summary, references, words=words)
    return RougeScores(*(overlap.scores() for overlap in counts))


def mean_scores(scores: Sequence[RougeScores]) -> RougeScores:
    """Macro average: the mean of each recall, precision and F1 over clusters."""
    if not scores:
        raise ValueError("no scores to average")
    count = len(scores)
    return RougeScores(
        *(
            Prf(*(sum(s[metric][part] for s in scores) / count for part in range(len(Prf._fields))))
            for metric in range(len(RougeScores._fields))
        )
    )
