"""Near-duplicates: the same report reprinted (wire copies, syndication, light edits).

Order of the stage:

1. ``shingles``: the text is normalised (``textstats.words``: lowercased, punctuation
   removed, possessive 's dropped) and cut into overlapping word 5-grams;
2. ``signature``: a seeded MinHash (datasketch) of the shingle set;
3. ``DuplicateIndex.add``: MinHash LSH proposes candidates, each is verified by its
   estimated Jaccard similarity, and the earliest added article that passes wins.

Every hashing step takes a seed; the same text and seed give the same signature on
every run and machine (tests pin the values).
"""

from __future__ import annotations

import numpy as np
from datasketch import MinHash, MinHashLSH

from storyfuse.textstats import words

SHINGLE_WORDS = 5
NUM_PERM = 128
SEED = 1
# Estimated Jaccard of 5-gram shingle sets at or above which two texts are one report.
# A wire copy with a new headline, a cut ending and a few edited words scores ~0.6-0.9;
# two reports of one event by different writers share almost no 5-grams (< 0.1).
DUP_THRESHOLD = 0.5
# LSH banding weighted to miss few true pairs (false negatives) at the cost of more
# candidates, since every candidate is verified by its estimated Jaccard anyway.
LSH_WEIGHTS = (0.1, 0.9)


def shingles(text: str, *, size: int = SHINGLE_WORDS) -> set[str]:
    """Word ``size``-grams of the normalised text; a shorter text is one shingle."""
    toks = words(text)
    if not toks:
        return set()
    if len(toks) < size:
        return {" ".join(toks)}
    return {" ".join(toks[i : i + size]) for i in range(len(toks) - size + 1)}


def signature(text: str, *, seed: int = SEED, num_perm: int = NUM_PERM) -> MinHash:
    """The seeded MinHash of the text's shingles (empty text: an empty MinHash)."""
    sig = MinHash(num_perm=num_perm, seed=seed)
    sig.update_batch([s.encode("utf-8") for s in sorted(shingles(text))])
    return sig


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two MinHash hash-value arrays."""
    return float(np.count_nonzero(a == b)) / float(len(a))


class DuplicateIndex:
    """Finds, for each added text, the earliest earlier text it near-duplicates.

    Holds only what verification needs: the LSH tables and one hash-value array per
    *original* article (a duplicate is answered and not stored, since any later copy
    matches its original as well). Memory is O(originals × ``num_perm``).
    """

    def __init__(
        self, *, threshold: float = DUP_THRESHOLD, num_perm: int = NUM_PERM, seed: int = SEED
    ) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self.seed = seed
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=LSH_WEIGHTS)
        # id -> (insertion order, hash values); dicts keep insertion order.
        self._originals: dict[str, tuple[int, np.ndarray]] = {}

    def __len__(self) -> int:
        return len(self._originals)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._originals

    def add(self, article_id: str, text: str) -> str | None:
        """The id of the earliest added article this text near-duplicates, else ``None``.

        An article that duplicates nothing is stored as an original. Texts with no
        words are never duplicates and are not stored; re-adding a stored id is a no-op
        that returns ``None``.
        """
        if article_id in self._originals:
            return None
        if not words(text):
            return None
        sig = signature(text, seed=self.seed, num_perm=self.num_perm)
        best: tuple[int, str] | None = None
        for key in self._lsh.query(sig):
            order, values = self._originals[key]
            if jaccard(sig.hashvalues, values) >= self.threshold and (
                best is None or order < best[0]
            ):
                best = (order, key)
        if best is not None:
            return best[1]
        self._lsh.insert(article_id, sig)
        self._originals[article_id] = (len(self._originals), sig.hashvalues.copy())
        return None
