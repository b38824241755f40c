"""Quality figures for a set of scores: ROC-AUC, precision, recall and the false-hold rate."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score

TARGET_FALSE_HOLD_RATE = 0.01


def _number(value: float | None, digits: int = 4) -> float | None:
    # JSON has no NaN: undefined figures (one class only) are reported as null.
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), digits)


def threshold_for_false_hold_rate(
    labels: Sequence[int] | np.ndarray, scores: Sequence[float] | np.ndarray, *, rate: float
) -> float:
    """The lowest score at which holding `score >= threshold` holds at most `rate` of the ham."""
    labels = np.asarray(labels)
    scores = np.asarray(scores, dtype=np.float64)
    ham = np.sort(scores[labels == 0])[::-1]
    if ham.size == 0:
        return float(scores.min()) if scores.size else 0.5
    allowed = int(math.floor(rate * ham.size + 1e-9))
    if allowed >= ham.size:
        return float(ham[-1])
    # Strictly above the first ham score that must not be held (ties are held together).
    return float(np.nextafter(ham[allowed], np.inf))


def _block(labels: np.ndarray, scores: np.ndarray, threshold: float,
           rate: float) -> dict[str, Any]:
    spam = int(labels.sum())
    ham = int(labels.size - spam)
    both = spam > 0 and ham > 0
    held = scores >= threshold
    true_holds = int(np.sum(held & (labels == 1)))
    false_holds = int(np.sum(held & (labels == 0)))
    if both:
        at_rate = threshold_for_false_hold_rate(labels, scores, rate=rate)
        recall_at_rate = float(np.mean(scores[labels == 1] >= at_rate))
    else:
        recall_at_rate = None
    return {
        "n": int(labels.size),
        "spam": spam,
        "ham": ham,
        "roc_auc": _number(roc_auc_score(labels, scores)) if both else None,
        "average_precision": _number(average_precision_score(labels, scores)) if both
        else None,
        "recall_at_1pct_fhr": _number(recall_at_rate),
        "threshold": _number(threshold, 6),
        "precision": _number(true_holds / (true_holds + false_holds))
        if true_holds + false_holds else None,
        "recall": _number(true_holds / spam) if spam else None,
        "false_hold_rate": _number(false_holds / ham) if ham else None,
    }


def evaluate(
    labels: Sequence[int] | np.ndarray,
    scores: Sequence[float] | np.ndarray,
    threshold: float,
    sources: Sequence[str] | None = None,
    *,
    false_hold_rate: float = TARGET_FALSE_HOLD_RATE,
) -> dict[str, Any]:
    """The spam_eval --json figures (all but the timing ones).

    `recall_at_1pct_fhr` is spam recall at the best threshold holding at most 1% of ham;
    `precision`, `recall` and `false_hold_rate` are at the model's operating `threshold`
    (a post is held when its score is at or above it). Undefined figures are None.
    """
    labels_array = np.asarray(labels, dtype=np.int64)
    scores_array = np.asarray(scores, dtype=np.float64)
    if labels_array.shape != scores_array.shape:
        raise ValueError("labels and scores must have the same length")
    result = _block(labels_array, scores_array, threshold, false_hold_rate)
    per_source: dict[str, dict[str, Any]] = {}
    if sources is not None:
        source_array = np.asarray(list(sources), dtype=object)
        if source_array.shape != labels_array.shape:
            raise ValueError("sources must be as long as labels")
        for source in sorted(set(source_array.tolist())):
            mask = source_array == source
            per_source[source] = _block(labels_array[mask], scores_array[mask], threshold,
                                        false_hold_rate)
    result["per_source"] = per_source
    return result
