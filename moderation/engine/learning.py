"""What the spam model learns from this forum's moderators between full retrains.

A full retrain (cross-validated, calibrated) takes seconds to minutes, so it runs now and then.
Between retrains, every moderator's decision teaches a small layer on top of the trained model
at once:

- a naive Bayes memory of the word and spelling n-grams of the posts moderators rejected and
  approved here (counts, updated per decision in microseconds);
- a blend of the trained model's log-odds with that memory, refitted every few decisions on
  *prequential* values: each decision's memory score is taken before the decision is learned,
  so the blend is fitted on scores the layer had not seen the answer to;
- an operating threshold re-chosen with each refit, so that on the most recent legitimate posts
  at most the target share would have been held.

Plain numbers in a NumPy file: saving and loading run no code.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

ARRAYS = ("columns", "values", "docs", "totals", "window", "blend", "numbers")
FORMAT = 1
MIN_MODEL_WEIGHT = 0.1


@dataclass(frozen=True, slots=True)
class LearningConfig:
    """Knobs for the layer; the defaults are what `spam_replay` was tuned with."""

    refit_every: int = 20  # decisions between refits of the blend and threshold
    window: int = 3000  # most recent decisions the blend is fitted on
    threshold_ham: int = 400  # most recent legitimate posts the threshold is chosen on
    # Fewer legitimate decisions than this and the trained model's threshold stays: a share of
    # a handful of posts says nothing (1.2% of 200 is two or three posts).
    min_ham_for_threshold: int = 200
    false_hold_rate: float = 0.012  # share of those the threshold may hold
    min_each: int = 10  # spam and legitimate decisions needed before the layer speaks
    smoothing: float = 0.5  # naive Bayes additive smoothing
    lowest_threshold: float = 0.05
    highest_threshold: float = 0.98


@dataclass(slots=True)
class CommunityLayer:
    """The learned layer. `blend` is (weight of the model's log-odds, weight of the memory,
    offset), or None until enough decisions have come in; `threshold` likewise."""

    features: int
    config: LearningConfig = field(default_factory=LearningConfig)
    counts: np.ndarray = None  # (2, features): documents containing each n-gram, ham / spam
    docs: np.ndarray = None  # (2,): decisions learned, ham / spam
    totals: np.ndarray = None  # (2,): n-gram occurrences, ham / spam
    window: np.ndarray = None  # (k, 3): model log-odds, memory score, label
    blend: np.ndarray | None = None
    threshold: float | None = None
    since_refit: int = 0

    def __post_init__(self) -> None:
        if self.counts is None:
            self.counts = np.zeros((2, self.features), dtype=np.float32)
        if self.docs is None:
            self.docs = np.zeros(2)
        if self.totals is None:
            self.totals = np.zeros(2)
        if self.window is None:
            self.window = np.zeros((0, 3))

    @property
    def learned(self) -> int:
        return int(self.docs.sum())

    @property
    def active(self) -> bool:
        return self.blend is not None

    # -- scoring ---------------------------------------------------------------------------

    def memory_scores(self, present: sp.csr_matrix) -> np.ndarray:
        """How much likelier each row's n-grams are in rejected than in approved posts here
        (log-ratio summed over the n-grams present, over the square root of their number)."""
        if present.shape[0] == 0 or self.docs.min() == 0:
            return np.zeros(present.shape[0])
        alpha = self.config.smoothing
        columns = present.indices
        # Only the columns present are read: a few hundred, not the whole table.
        spread = alpha * self.features
        ratio = (np.log((self.counts[1, columns] + alpha) / (self.totals[1] + spread))
                 - np.log((self.counts[0, columns] + alpha) / (self.totals[0] + spread)))
        weighted = sp.csr_matrix((ratio * present.data, columns, present.indptr),
                                 shape=present.shape)
        sizes = np.diff(present.indptr)
        return np.asarray(weighted.sum(axis=1)).ravel() / np.sqrt(np.maximum(sizes, 1))

    def adjust(self, logits: np.ndarray, present: sp.csr_matrix) -> np.ndarray:
        """The model's log-odds blended with the memory (unchanged until the layer speaks)."""
        if self.blend is None:
            return logits
        weight_model, weight_memory, offset = self.blend
        return weight_model * logits + weight_memory * self.memory_scores(present) + offset

    # -- learning --------------------------------------------------------------------------

    def learn(self, logit: float, present: sp.csr_matrix, label: int) -> bool:
        """Learn one decision (present: one row of n-gram presence). True when it refitted."""
        memory = float(self.memory_scores(present)[0])  # before learning it: prequential
        row = np.array([[logit, memory, float(label)]])
        self.window = np.vstack([self.window, row])[-self.config.window:]
        columns = np.unique(present.indices)
        self.counts[label, columns] += 1
        self.totals[label] += len(columns)
        self.docs[label] += 1
        self.since_refit += 1
        if self.since_refit >= self.config.refit_every:
            return self.refit()
        return False

    def refit(self) -> bool:
        """Fit the blend on the window's prequential values and re-choose the threshold."""
        self.since_refit = 0
        labels = self.window[:, 2].astype(int)
        if min(int(labels.sum()), int(len(labels) - labels.sum())) < self.config.min_each:
            return False
        # Imported here: scoring never needs scikit-learn, and it is a second or more of every
        # process's start (web and worker) and tens of megabytes of memory.
        from sklearn.linear_model import LogisticRegression

        blender = LogisticRegression(C=10.0, max_iter=1000)
        blender.fit(self.window[:, :2], labels)
        model_weight, memory_weight = (float(v) for v in blender.coef_[0])
        offset = float(blender.intercept_[0])
        if not all(math.isfinite(v) for v in (model_weight, memory_weight, offset)):
            return False
        # The trained model keeps a say and the memory never counts against its own evidence;
        # the threshold below is chosen on the blend as used.
        blend = np.array([max(model_weight, MIN_MODEL_WEIGHT), max(memory_weight, 0.0), offset])
        self.blend = blend
        ham = self.window[labels == 0][-self.config.threshold_ham:]
        if len(ham) < self.config.min_ham_for_threshold:
            self.threshold = None  # the blend is calibrated: the model's threshold still fits
            return True
        logits = ham[:, :2] @ blend[:2] + blend[2]
        scores = 1.0 / (1.0 + np.exp(-np.clip(logits, -50, 50)))
        threshold = float(np.quantile(scores, 1.0 - self.config.false_hold_rate))
        self.threshold = min(max(threshold, self.config.lowest_threshold),
                             self.config.highest_threshold)
        return True

    # -- storage ---------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        numbers = np.array([FORMAT, self.features, self.since_refit,
                            -1.0 if self.threshold is None else self.threshold])
        buffer = io.BytesIO()
        # Only the n-grams seen so far are stored: a few kilobytes for a new forum.
        columns = np.flatnonzero(self.counts.any(axis=0)).astype(np.int64)
        np.savez(
            buffer, columns=columns, values=self.counts[:, columns], docs=self.docs,
            totals=self.totals, window=self.window,
            blend=self.blend if self.blend is not None else np.zeros(0), numbers=numbers,
        )
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes, config: LearningConfig) -> CommunityLayer:
        with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
            if sorted(arrays.files) != sorted(ARRAYS):
                raise ValueError("not a learned layer of this version")
            numbers = arrays["numbers"]
            if int(numbers[0]) != FORMAT:
                raise ValueError("a learned layer of another format")
            blend = arrays["blend"]
            features = int(numbers[1])
            counts = np.zeros((2, features), dtype=np.float32)
            columns, values = arrays["columns"], arrays["values"]
            if len(columns) and (columns.min() < 0 or columns.max() >= features
                                 or values.shape != (2, len(columns))):
                raise ValueError("a learned layer whose counts do not fit its shape")
            counts[:, columns] = values
            return cls(
                features=features, config=config, counts=counts,
                docs=arrays["docs"], totals=arrays["totals"], window=arrays["window"],
                blend=blend if len(blend) == 3 else None,
                threshold=None if numbers[3] < 0 else float(numbers[3]),
                since_refit=int(numbers[2]),
            )
