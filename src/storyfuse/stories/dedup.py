"""Near-duplicates: the same report reprinted (wire copies, syndication, light edits).

Order of the stage:

1. ``shingles``: the text is normalised (``textstats.words``: lowercased, punctuation
   removed, possessive 's dropped) and cut into overlapping word 5-grams;
2. ``hash_values``: the seeded MinHash of the shingle set, computed with numpy over
   all shingles at once. A shingle's 32-bit hash combines its words' hashes (the first
   4 bytes of each word's SHA-1, remembered per distinct word) by multiply-shift
   (``shingle_hash``), so each word is hashed once however many shingles hold it; the
   MinHash itself is datasketch's (scheme ``affine32``: MurmurHash3 finaliser, affine
   permutations drawn from the seed), and ``signature`` builds the same values the
   slow way, through datasketch's ``MinHash`` with ``shingle_hash`` as its hash;
3. ``DuplicateIndex.add``: MinHash LSH proposes candidates, each is verified by its
   estimated Jaccard similarity, and the earliest added article that passes wins.

The index forgets: an original is dropped once the stream's clock (its newest
publication date) has moved more than ``window`` past it (``STORY_WINDOW``, the window
after which the story clusterer closes an idle story), so memory is bounded by the
window, not by the stream. A wire copy within the window is still caught.

Every hashing step takes a seed; the same text and seed give the same signature on
every run and machine (tests pin the values).
"""

from __future__ import annotations

import hashlib
import heapq
from datetime import datetime, timedelta
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

from storyfuse.stories.cluster import STORY_WINDOW, naive_utc
from storyfuse.text.textstats import word_shingles, words

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
# Originals kept at most, whatever their dates (a stream without dates never moves the
# clock); ~12 KB each in the LSH tables, so about 240 MB at the bound.
MAX_ORIGINALS = 20_000
MINHASH_SCHEME = "affine32"  # datasketch's default MinHash scheme since 2.0
HASH_BYTES = 4  # a word's hash: the first 4 bytes of its SHA-1, little-endian
WORD_HASH_CACHE = 1 << 15  # distinct words whose hash is remembered (about 5 MB)
# Multiply-shift: a shingle of words with hashes h_0..h_k hashes to the top 32 bits of
# sum(h_i * _SHINGLE_MULTIPLIERS[i]) mod 2**64 (odd 64-bit constants, fixed: the
# signature must be the same on every run and machine).
_SHINGLE_MULTIPLIERS = (
    0x9E3779B97F4A7C15,
    0xC2B2AE3D27D4EB4F,
    0x165667B19E3779F9,
    0xD6E8FEB86659FD93,
    0xFF51AFD7ED558CCD,
)
_MASK64 = (1 << 64) - 1
# MurmurHash3's 32-bit finaliser (datasketch's ``_fmix`` for width 32).
_FMIX_SHIFTS = (np.uint32(16), np.uint32(13), np.uint32(16))
_FMIX_MULTIPLIERS = (np.uint32(0x85EBCA6B), np.uint32(0xC2B2AE35))


def shingles(text: str, *, size: int = SHINGLE_WORDS) -> set[str]:
    """``textstats.word_shingles`` of the normalised text, each joined by single spaces as
    ``shingle_hash`` reads it (a shorter text is one shingle)."""
    return {" ".join(shingle) for shingle in word_shingles(words(text), size)}


@lru_cache(maxsize=WORD_HASH_CACHE)
def word_hash(word: str) -> int:
    """A word's 32-bit hash: the first ``HASH_BYTES`` of its UTF-8 SHA-1, little-endian."""
    return int.from_bytes(hashlib.sha1(word.encode("utf-8")).digest()[:HASH_BYTES], "little")


def shingle_hash(shingle: bytes) -> int:
    """The 32-bit hash of a shingle (its words joined by single spaces, UTF-8).

    The reference for ``values_of_tokens``, which computes it for all shingles at once;
    ``signature`` hands it to datasketch.
    """
    words_of = shingle.decode("utf-8").split(" ")
    if len(words_of) > len(_SHINGLE_MULTIPLIERS):
        raise ValueError(f"a shingle has at most {len(_SHINGLE_MULTIPLIERS)} words")
    total = sum(word_hash(w) * m for w, m in zip(words_of, _SHINGLE_MULTIPLIERS, strict=False))
    return (total & _MASK64) >> 32


def signature(text: str, *, seed: int = SEED, num_perm: int = NUM_PERM) -> MinHash:
    """The seeded MinHash of the text's shingles, built by datasketch (empty text: empty)."""
    sig = MinHash(num_perm=num_perm, seed=seed, hashfunc=shingle_hash, scheme=MINHASH_SCHEME)
    sig.update_batch([s.encode("utf-8") for s in sorted(shingles(text))])
    return sig


@lru_cache(maxsize=8)
def permutations(seed: int, num_perm: int) -> np.ndarray:
    """datasketch's affine permutation parameters ``[a, b]`` for the seed (read-only)."""
    perms = MinHash(num_perm=num_perm, seed=seed, scheme=MINHASH_SCHEME).permutations
    perms = np.array(perms, dtype=np.uint32)
    perms.setflags(write=False)
    return perms


def _shingle_hashes(toks: list[str], size: int) -> np.ndarray:
    """``shingle_hash`` of each shingle of ``toks`` (in order, repeats included), uint32."""
    hashes = np.fromiter(map(word_hash, toks), dtype=np.uint64, count=len(toks))
    span = min(size, len(toks))
    count = len(toks) - span + 1
    total = np.zeros(count, dtype=np.uint64)
    for i, multiplier in enumerate(_SHINGLE_MULTIPLIERS[:span]):
        total += hashes[i : i + count] * np.uint64(multiplier)  # wraps mod 2**64
    return (total >> np.uint64(32)).astype(np.uint32)


def values_of_tokens(
    toks: list[str], *, seed: int = SEED, num_perm: int = NUM_PERM, size: int = SHINGLE_WORDS
) -> np.ndarray | None:
    """``hash_values`` of already normalised tokens (``textstats.words``); None if empty."""
    if not toks:
        return None
    if size > len(_SHINGLE_MULTIPLIERS):
        raise ValueError(f"shingles have at most {len(_SHINGLE_MULTIPLIERS)} words")
    hv = _shingle_hashes(toks, size)
    hv = hv ^ (hv >> _FMIX_SHIFTS[0])
    hv = hv * _FMIX_MULTIPLIERS[0]
    hv = hv ^ (hv >> _FMIX_SHIFTS[1])
    hv = hv * _FMIX_MULTIPLIERS[1]
    hv = hv ^ (hv >> _FMIX_SHIFTS[2])
    a, b = permutations(seed, num_perm)
    # A repeated shingle cannot lower a minimum, so the list need not be a set.
    values: np.ndarray = (hv[:, np.newaxis] * a + b).min(axis=0)
    return values


def hash_values(text: str, *, seed: int = SEED, num_perm: int = NUM_PERM) -> np.ndarray | None:
    """``signature(text).hashvalues`` (uint32), computed fast; None for a text with no words."""
    return values_of_tokens(words(text), seed=seed, num_perm=num_perm)


class DuplicateIndex:
    """Finds, for each added text, the earliest earlier text it near-duplicates.

    Holds only what verification needs: the LSH tables and one hash-value array per
    *original* article (a duplicate is answered and not stored, since any later copy
    matches its original as well). Originals expire as the clusterer's stories do: the
    stream clock is the newest publication date added, and an original whose time (its
    publication date, or for an undated article the clock when it was added) falls more
    than ``window`` behind it is removed. Undated originals added before any date, and
    any beyond ``max_originals``, leave oldest first. Memory is O(originals in the
    window × ``num_perm``).
    """

    def __init__(
        self,
        *,
        threshold: float = DUP_THRESHOLD,
        num_perm: int = NUM_PERM,
        seed: int = SEED,
        window: timedelta = STORY_WINDOW,
        max_originals: int = MAX_ORIGINALS,
    ) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self.seed = seed
        self.window = window
        self.max_originals = max_originals
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=LSH_WEIGHTS)
        self._perms = permutations(seed, num_perm)
        # id -> (insertion order, hash values); dicts keep insertion order.
        self._originals: dict[str, tuple[int, np.ndarray]] = {}
        self._expiry: list[tuple[datetime, int, str]] = []  # heap of (time, order, id)
        self._added = 0
        self._clock: datetime | None = None
        self.evicted = 0

    def __len__(self) -> int:
        return len(self._originals)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._originals

    @property
    def clock(self) -> datetime | None:
        """The newest publication date added (naive UTC), or None before any."""
        return self._clock

    def add(
        self,
        article_id: str,
        text: str,
        *,
        published: datetime | None = None,
        values: np.ndarray | None = None,
    ) -> str | None:
        """The id of the earliest added article this text near-duplicates, else ``None``.

        An article that duplicates nothing is stored as an original. Texts with no
        words are never duplicates and are not stored; re-adding a stored id is a no-op
        that returns ``None``. ``values``: the text's ``hash_values`` when already
        computed (elsewhere, e.g. on a worker); ``published`` moves the clock.
        """
        if article_id in self._originals:
            return None
        if values is None:
            values = hash_values(text, seed=self.seed, num_perm=self.num_perm)
        if values is None:
            return None
        when = naive_utc(published)
        self._advance(when)
        sig = MinHash(
            seed=self.seed, hashvalues=values, permutations=self._perms, scheme=MINHASH_SCHEME
        )
        original = self._verify(self._lsh.query(sig), values)
        if original is not None:
            return original
        self._lsh.insert(article_id, sig, check_duplication=False)
        self._originals[article_id] = (self._added, values.copy())
        stamp = when if when is not None else self._clock
        if stamp is not None:
            heapq.heappush(self._expiry, (stamp, self._added, article_id))
        self._added += 1
        self._expire()
        return None

    def _verify(self, keys: list[str], values: np.ndarray) -> str | None:
        """The earliest added candidate whose estimated Jaccard passes the threshold."""
        if not keys:
            return None
        found = [self._originals[key] for key in keys]
        matrix = np.stack([hv for _, hv in found])
        passing = np.count_nonzero(matrix == values, axis=1) / len(values) >= self.threshold
        best = [(found[i][0], keys[i]) for i in np.flatnonzero(passing)]
        return min(best)[1] if best else None

    def _advance(self, when: datetime | None) -> None:
        if when is not None and (self._clock is None or when > self._clock):
            self._clock = when

    def _expire(self) -> None:
        """Drop originals behind the window, then the oldest beyond ``max_originals``."""
        if self._clock is not None:
            horizon = self._clock - self.window
            while self._expiry and self._expiry[0][0] < horizon:
                _, order, key = heapq.heappop(self._expiry)
                self._remove(key, order)
        while len(self._originals) > self.max_originals:
            key = next(iter(self._originals))
            self._remove(key, self._originals[key][0])

    def _remove(self, key: str, order: int) -> None:
        entry = self._originals.get(key)
        if entry is None or entry[0] != order:
            return  # already gone (left over the count bound)
        del self._originals[key]
        self._lsh.remove(key)
        self.evicted += 1
