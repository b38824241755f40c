"""Fast hashed word and character n-gram counts, vectorised with numpy.

scikit-learn's HashingVectorizer builds every character n-gram as a Python string and hashes it
one at a time; on long posts that alone limited scoring to about 1,300 posts a second on one
core. Here the characters of a whole batch become one array of code points and every n-gram's
hash is computed at once with rolling arithmetic; words are hashed once each (crc32, cached)
and word pairs are combined in numpy. The hashes are stable across processes and platforms (no
use of Python's salted `hash`), so a saved model scores the same after loading.

Character n-grams follow the spirit of scikit-learn's `char_wb`: whitespace is collapsed, the
text is padded with a space at each end, and an n-gram may touch a space only at its ends, so
n-grams never straddle two words.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

WORD_TOKEN_RE = re.compile(r"(?u)\b\w\w+\b")

_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_PRIME = np.uint64(0x100000001B3)
_GOLDEN = 0x9E3779B97F4A7C15


def _offset(n: int) -> np.uint64:
    return np.uint64((n * _GOLDEN) % (1 << 64))
_SEPARATOR = "\x00"

# Word hashes are cached: the same few thousand words make up most posts.
_WORD_CACHE: dict[str, int] = {}
_WORD_CACHE_LIMIT = 500_000


def _mix(values: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: spreads the bits of a 64-bit value (array, wraps on overflow)."""
    values = values ^ (values >> np.uint64(30))
    values = values * _MIX1
    values = values ^ (values >> np.uint64(27))
    values = values * _MIX2
    return values ^ (values >> np.uint64(31))


def _word_hash(token: str) -> int:
    value = _WORD_CACHE.get(token)
    if value is None:
        value = zlib.crc32(token.encode("utf-8")) + 1
        if len(_WORD_CACHE) >= _WORD_CACHE_LIMIT:
            _WORD_CACHE.clear()
        _WORD_CACHE[token] = value
    return value


def rolling_hashes(text: str, n: int) -> np.ndarray:
    """A 64-bit hash of each n characters of `text` in turn (one of the whole text when it is
    shorter), all at once: stable across processes, well spread over the bits."""
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    size = min(n, len(points))
    count = len(points) - size + 1
    current = points[:count].copy()
    for shift in range(1, size):
        current = current * _PRIME + points[shift : shift + count]
    return _mix(current + _offset(size))


def _counts(rows: np.ndarray, columns: np.ndarray, n_rows: int, n_columns: int) -> sp.csr_matrix:
    matrix = sp.csr_matrix(
        (np.ones(len(rows), dtype=np.float64), (rows, columns)), shape=(n_rows, n_columns)
    )
    matrix.sum_duplicates()
    return matrix


class NgramHasher:
    """Turns lower-cased texts into hashed count matrices (words, characters)."""

    def __init__(self, *, word_ngrams: tuple[int, int], char_ngrams: tuple[int, int],
                 word_features: int, char_features: int) -> None:
        if word_features & (word_features - 1) or char_features & (char_features - 1):
            raise ValueError("feature counts must be powers of two")
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.word_features = word_features
        self.char_features = char_features

    # -- words -------------------------------------------------------------------------------

    def _word_arrays(self, texts: Sequence[str]) -> tuple[np.ndarray, ...]:
        """Per word n-gram, in order of n then position: document row, column, first token's
        position in its document and n (to name it again later); and each text's tokens."""
        tokens_per_text = [WORD_TOKEN_RE.findall(text) for text in texts]
        lengths = np.fromiter((len(tokens) for tokens in tokens_per_text), dtype=np.int64,
                              count=len(texts))
        flat = [_word_hash(token) for tokens in tokens_per_text for token in tokens]
        hashes = np.asarray(flat, dtype=np.uint64)
        doc = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
        first_token = np.repeat(np.cumsum(lengths) - lengths, lengths)
        low, high = self.word_ngrams
        rows, columns, starts, sizes = [], [], [], []
        mask = np.uint64(self.word_features - 1)
        current = hashes
        for n in range(1, high + 1):
            if n > 1:
                if len(hashes) < n:
                    break
                current = current[:-1] * _PRIME + hashes[n - 1 :]
                same = doc[: len(doc) - n + 1] == doc[n - 1 :]
            else:
                same = np.ones(len(hashes), dtype=bool)
            if n >= low:
                keep = np.flatnonzero(same)
                mixed = _mix(current[keep] + _offset(n))
                rows.append(doc[keep])
                columns.append((mixed & mask).astype(np.int64))
                starts.append(keep - first_token[keep])
                sizes.append(np.full(len(keep), n, dtype=np.int64))
        return (*(_joined(parts) for parts in (rows, columns, starts, sizes)), tokens_per_text)

    def words(self, texts: Sequence[str]) -> sp.csr_matrix:
        rows, columns, _, _, _ = self._word_arrays(texts)
        return _counts(rows, columns, len(texts), self.word_features)

    def word_names(self, text: str) -> dict[int, str]:
        """Column -> the word n-gram behind it, for one text (to explain a score)."""
        return self.hash([text])[2][0].word_names()

    # -- characters --------------------------------------------------------------------------

    def _char_arrays(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray,
                                                          np.ndarray, str]:
        joined = _SEPARATOR.join(" " + " ".join(text.split()) + " " for text in texts)
        points = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        size = len(points)
        separator = points == 0
        space = points == 32
        doc = np.cumsum(separator) if size else np.zeros(0, dtype=np.int64)
        # Prefix sums answer "is there a separator or inner space in this window" in O(1).
        sep_sum = np.concatenate(([0], np.cumsum(separator)))
        space_sum = np.concatenate(([0], np.cumsum(space)))
        low, high = self.char_ngrams
        mask = np.uint64(self.char_features - 1)
        rows, columns, starts, sizes = [], [], [], []
        current = points.copy()
        for n in range(1, high + 1):
            if size < n:
                break
            if n > 1:
                current = current[:-1] * _PRIME + points[n - 1 :]
            if n < low:
                continue
            begin = np.arange(size - n + 1)
            valid = sep_sum[begin + n] == sep_sum[begin]
            if n > 2:
                valid &= space_sum[begin + n - 1] == space_sum[begin + 1]
            keep = np.flatnonzero(valid)
            mixed = _mix(current[keep] + _offset(n))
            rows.append(doc[keep])
            columns.append((mixed & mask).astype(np.int64))
            starts.append(keep)
            sizes.append(np.full(len(keep), n, dtype=np.int64))
        return (*(_joined(parts) for parts in (rows, columns, starts, sizes)), joined)

    def chars(self, texts: Sequence[str]) -> sp.csr_matrix:
        rows, columns, _, _, _ = self._char_arrays(texts)
        return _counts(rows, columns, len(texts), self.char_features)

    def char_names(self, text: str, wanted: set[int]) -> dict[int, str]:
        """Column -> one character n-gram behind it, for the columns asked about."""
        return self.hash([text])[2][0].char_names(wanted)

    # -- both, keeping what names them ---------------------------------------------------------

    def hash(self, texts: Sequence[str]) -> tuple[sp.csr_matrix, sp.csr_matrix, list[Ngrams]]:
        """The word and character count matrices of `texts` (as words() and chars() give them)
        and, for each text, its n-grams in hashing order, so that a score can be explained
        without hashing the text again."""
        word_rows, word_columns, word_starts, word_sizes, tokens = self._word_arrays(texts)
        char_rows, char_columns, char_starts, char_sizes, joined = self._char_arrays(texts)
        words = _by_text(word_rows, len(texts), word_columns, word_starts, word_sizes)
        chars = _by_text(char_rows, len(texts), char_columns, char_starts, char_sizes)
        ngrams = [Ngrams(*word_parts, tokens_of_text, *char_parts, joined)
                  for word_parts, tokens_of_text, char_parts in zip(words, tokens, chars,
                                                                    strict=True)]
        return (_counts(word_rows, word_columns, len(texts), self.word_features),
                _counts(char_rows, char_columns, len(texts), self.char_features), ngrams)


def _joined(parts: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def _by_text(rows: np.ndarray, texts: int, *arrays: np.ndarray) -> list[list[np.ndarray]]:
    """Each text's slice of `arrays` (aligned with `rows`), keeping their order within a text."""
    if texts == 1:
        return [list(arrays)]
    order = np.argsort(rows, kind="stable")
    bounds = np.searchsorted(rows[order], np.arange(texts + 1)).tolist()
    ordered = [array[order] for array in arrays]
    return [[array[bounds[row]:bounds[row + 1]] for array in ordered] for row in range(texts)]


@dataclass(slots=True, frozen=True)
class Ngrams:
    """One text's hashed n-grams in hashing order (n, then position), with where each starts:
    enough to name a column again. The first n-gram behind a column names it."""

    word_columns: np.ndarray
    word_starts: np.ndarray  # position of the n-gram's first token in `tokens`
    word_sizes: np.ndarray
    tokens: list[str]
    char_columns: np.ndarray
    char_starts: np.ndarray  # position in `chars_text`
    char_sizes: np.ndarray
    chars_text: str

    def word_names(self, wanted: Collection[int] | None = None) -> dict[int, str]:
        """Column -> the word n-gram behind it (every column, or those in `wanted`)."""
        return _names(self.word_columns, self.word_starts, self.word_sizes, wanted,
                      lambda start, size: " ".join(self.tokens[start : start + size]))

    def char_names(self, wanted: Collection[int] | None = None) -> dict[int, str]:
        """Column -> one character n-gram behind it (every column, or those in `wanted`)."""
        return _names(self.char_columns, self.char_starts, self.char_sizes, wanted,
                      lambda start, size: self.chars_text[start : start + size])


def _names(columns: np.ndarray, starts: np.ndarray, sizes: np.ndarray,
           wanted: Collection[int] | None, name: Callable[[int, int], str]) -> dict[int, str]:
    positions = (np.arange(len(columns)) if wanted is None
                 else np.flatnonzero(np.isin(columns, np.fromiter(wanted, dtype=np.int64))))
    names: dict[int, str] = {}
    for position in positions.tolist():
        column = int(columns[position])
        if column not in names:
            names[column] = name(int(starts[position]), int(sizes[position]))
    return names


def fit_idf(counts: sp.csr_matrix) -> np.ndarray:
    """Smoothed inverse document frequency, as scikit-learn's TfidfTransformer computes it."""
    documents = counts.shape[0]
    frequency = np.bincount(counts.indices, minlength=counts.shape[1])
    return np.log((1.0 + documents) / (1.0 + frequency)) + 1.0


def tfidf(counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    """Sublinear tf times idf, each row scaled to unit length (a new matrix)."""
    matrix = counts.copy()
    if matrix.nnz:
        matrix.data = (1.0 + np.log(matrix.data)) * idf[matrix.indices]
        row_lengths = np.diff(matrix.indptr)
        rows = np.repeat(np.arange(matrix.shape[0]), row_lengths)
        norms = np.sqrt(np.bincount(rows, weights=matrix.data**2, minlength=matrix.shape[0]))
        norms[norms == 0] = 1.0
        matrix.data /= norms[rows]
    return matrix
