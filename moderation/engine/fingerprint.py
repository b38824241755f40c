"""Fingerprints of posts (64-bit SimHash) for near-duplicates and campaigns."""

from __future__ import annotations

import numpy as np

from .hashing import rolling_hashes
from .signals import analysis_text

FINGERPRINT_BITS = 64
SHINGLE = 5
# Measured on labelled forum posts: at 0.85, 76% of posts with one word changed match their original
# (41% at 0.9), and every pair of different posts from 0.8 to 0.9 was a variant of one scam.
# Shingles are hashed together in numpy (hashing.rolling_hashes, not one blake2b call each): on
# 1,500 texts of ../shared/spam/dev.csv with one word changed, 57.3% match at 0.85 (53.5% with
# blake2b), and among 600 unrelated texts 1 pair matches (2 with blake2b).
NEAR_DUPLICATE_SIMILARITY = 0.85


def fingerprint(text: str) -> int:
    """A 64-bit SimHash of the post's normalised text, as a signed integer (fits a BigInteger
    column). Posts that differ only by a phone number, email or a few words get close values.
    """
    flat = " ".join(analysis_text(text).lower().split())
    if not flat:
        return 0
    # Character shingles (five characters): short posts still give enough of them for a
    # stable hash. Each distinct shingle votes as often as it occurs.
    values, weight = np.unique(rolling_hashes(flat, SHINGLE), return_counts=True)
    # Each bit's vote: +count for the shingles whose hash has it set, -count for the others.
    on = ((values[:, np.newaxis] >> _BITS) & np.uint64(1)).astype(bool)
    votes = np.where(on, weight[:, np.newaxis], -weight[:, np.newaxis]).sum(axis=0)
    unsigned = sum(1 << int(bit) for bit in np.flatnonzero(votes > 0))
    return unsigned - (1 << 64) if unsigned >= 1 << 63 else unsigned


_BITS = np.arange(FINGERPRINT_BITS, dtype=np.uint64)


def fingerprint_similarity(first: int, second: int) -> float:
    """Share of fingerprint bits two posts have in common: 1.0 same, about 0.5 unrelated."""
    differing = ((first ^ second) & ((1 << FINGERPRINT_BITS) - 1)).bit_count()
    return 1.0 - differing / FINGERPRINT_BITS


def count_near_duplicates(print_: int, others, *,
                          at_least: float = NEAR_DUPLICATE_SIMILARITY) -> int:
    """How many of `others` (fingerprints: any iterable, or an int64 array) are near-duplicates
    of `print_`: the same as counting is_near_duplicate over them, for a few thousand at once."""
    others = (others.astype(np.int64, copy=False) if isinstance(others, np.ndarray)
              else np.fromiter(others, dtype=np.int64))
    if not len(others):
        return 0
    # Read as unsigned: numpy counts the bits of a negative signed number's absolute value.
    differing = np.bitwise_count((others ^ np.int64(print_)).view(np.uint64))
    # The same comparison as fingerprint_similarity, on the same floats.
    return int(np.count_nonzero(1.0 - differing / FINGERPRINT_BITS >= at_least))


def is_near_duplicate(first: int, second: int, *, at_least: float = NEAR_DUPLICATE_SIMILARITY
                      ) -> bool:
    return fingerprint_similarity(first, second) >= at_least
