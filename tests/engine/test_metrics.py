"""The figures spam_eval and the benchmark report."""

from __future__ import annotations

import numpy as np
import pytest

from moderation.engine.metrics import evaluate, threshold_for_false_hold_rate


def test_evaluate_reports_the_spam_eval_keys():
    labels = [1, 1, 1, 0, 0, 0, 0]
    scores = [0.9, 0.8, 0.3, 0.4, 0.2, 0.1, 0.05]
    sources = ["a", "a", "b", "a", "b", "b", "b"]
    result = evaluate(labels, scores, 0.5, sources)
    assert set(result) == {
        "n", "spam", "ham", "roc_auc", "average_precision", "recall_at_1pct_fhr", "threshold",
        "precision", "recall", "false_hold_rate", "per_source",
    }
    assert result["precision"] == 1.0 and result["recall"] == pytest.approx(2 / 3, abs=1e-3)
    assert result["false_hold_rate"] == 0.0
    assert result["recall_at_1pct_fhr"] == pytest.approx(2 / 3, abs=1e-3)
    assert result["per_source"]["b"]["spam"] == 1
    assert evaluate([0, 0], [0.1, 0.2], 0.5)["roc_auc"] is None


def test_threshold_for_false_hold_rate_holds_at_most_the_rate():
    labels = np.array([0] * 200 + [1] * 10)
    scores = np.concatenate([np.linspace(0, 1, 200), np.full(10, 0.999)])
    threshold = threshold_for_false_hold_rate(labels, scores, rate=0.01)
    assert np.sum(scores[labels == 0] >= threshold) <= 2
