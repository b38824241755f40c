"""Training: deterministic, refuses unusable examples, records what it learned from."""

from __future__ import annotations

import numpy as np
import pytest

from moderation.engine.corpus import Example
from moderation.engine.training import TrainingError, source_weights, train_model
from tests.engine.posts import EVENT, SCAM


def test_train_model_is_deterministic_for_a_seed(corpus):
    texts = [SCAM, EVENT, "thanks for sharing, nice post https://cheap-seo.biz"]
    first = train_model(corpus, seed=3).score(texts)
    second = train_model(corpus, seed=3).score(texts)
    np.testing.assert_array_equal(first, second)


def test_train_model_refuses_a_single_label():
    with pytest.raises(TrainingError):
        train_model([Example(text="hi", label=0), Example(text="yo", label=0)])


def test_spam_model_metadata_has_counts_and_cv_metrics(trained_model, corpus):
    metadata = trained_model.metadata
    assert metadata["counts"]["by_label"]["spam"] == sum(e.label for e in corpus)
    assert "test" in metadata["counts"]["by_source"]
    assert 0.5 < metadata["cv_metrics"]["roc_auc"] <= 1.0
    assert metadata["threshold"] == trained_model.threshold


def test_a_large_source_counts_for_more_but_does_not_outvote_a_small_one():
    examples = ([Example(text="x", label=0, source="sms")] * 400
                + [Example(text="y", label=1, source="moderator")] * 100
                + [Example(text="z", label=1, source=f"seed:kind{n}") for n in range(100)])
    weights = source_weights(examples)
    assert weights.mean() == pytest.approx(1.0)
    totals = {name: weights[[e.source.split(":")[0] == name for e in examples]].sum()
              for name in ("sms", "moderator", "seed")}
    assert totals["sms"] == pytest.approx(2 * totals["moderator"])  # 4x the posts, 2x the say
    assert totals["seed"] == pytest.approx(totals["moderator"])  # the seed files are one source
