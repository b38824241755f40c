"""Training, scoring, explanations and safe artefacts for the spam model."""

from __future__ import annotations

import numpy as np
import pytest

from moderation.engine.corpus import Example
from moderation.engine.features import PostContext
from moderation.engine.metrics import evaluate, threshold_for_false_hold_rate
from moderation.engine.model import ArtefactError, SpamModel, TrainingError, load, train_model

SCAM = (
    "I got my blank ATM card from the hackers and withdraw $3000 every day! "
    "Contact them: cardkingshackers (at) gmail (dot) com or WhatsApp +234 803 555 0101"
)
EVENT = (
    "Our co-production network meets on Thursday 14 March, 10:00 to 11:30 online. Peer "
    "researchers will share findings. Book at https://www.eventbrite.co.uk/e/network-catch-up"
)


def test_train_model_is_deterministic_for_a_seed(corpus):
    texts = [SCAM, EVENT, "thanks for sharing, nice post https://cheap-seo.biz"]
    first = train_model(corpus, seed=3).score(texts)
    second = train_model(corpus, seed=3).score(texts)
    np.testing.assert_array_equal(first, second)


def test_train_model_refuses_a_single_label():
    with pytest.raises(TrainingError):
        train_model([Example(text="hi", label=0), Example(text="yo", label=0)])


def test_spam_model_ranks_scams_above_community_posts(trained_model):
    scores = trained_model.score([SCAM, EVENT])
    assert scores[0] > 0.8 > 0.2 > scores[1]
    assert trained_model.score_one(SCAM) == pytest.approx(scores[0])
    assert 0.0 < trained_model.threshold < 1.0


def test_spam_model_score_accepts_contexts_and_new_accounts_score_higher(trained_model):
    text = "Have a look at our new toolkit https://unknown-site.biz/toolkit"
    newcomer = PostContext(account_age_days=0, trust_level=0, near_duplicate_count=4)
    regular = PostContext(account_age_days=900, trust_level=3, approved_posts=120)
    plain, new, old = trained_model.score([text, text, text], [None, newcomer, regular])
    assert new > plain > old


def test_spam_model_explain_names_features_in_plain_words(trained_model):
    reasons = trained_model.explain(SCAM, k=5)
    assert len(reasons) == 5
    assert all(isinstance(name, str) and name for name, _ in reasons)
    contributions = [abs(contribution) for _, contribution in reasons]
    assert contributions == sorted(contributions, reverse=True)
    assert any(contribution > 0 for _, contribution in reasons)


def test_spam_model_fired_signals_give_rule_like_reasons(trained_model):
    fired = {signal.name: signal for signal in trained_model.fired_signals(SCAM)}
    assert "obfuscated_emails" in fired
    assert "cardkingshackers@gmail.com" in fired["obfuscated_emails"].detail
    assert "international_phone" in fired
    assert trained_model.fired_signals(EVENT) == []


def test_spam_model_screen_combines_score_reasons_and_signals(trained_model):
    screening = trained_model.screen(SCAM)
    assert screening.held is True
    assert screening.score == pytest.approx(trained_model.score_one(SCAM))
    assert len(screening.reasons) == 5 and screening.fired


def test_spam_model_metadata_has_counts_and_cv_metrics(trained_model, corpus):
    metadata = trained_model.metadata
    assert metadata["counts"]["by_label"]["spam"] == sum(e.label for e in corpus)
    assert "test" in metadata["counts"]["by_source"]
    assert 0.5 < metadata["cv_metrics"]["roc_auc"] <= 1.0
    assert metadata["threshold"] == trained_model.threshold


def test_save_and_load_round_trip(trained_model, tmp_path):
    path = tmp_path / "var" / "model.joblib"
    sha = trained_model.save(path)
    assert len(sha) == 64
    loaded = load(path, expected_sha256=sha)
    assert isinstance(loaded, SpamModel)
    np.testing.assert_array_equal(loaded.score([SCAM, EVENT]), trained_model.score([SCAM, EVENT]))
    assert loaded.threshold == trained_model.threshold
    assert path.stat().st_size < 50 * 1024 * 1024


def test_load_missing_artefact_raises_artefact_error(tmp_path):
    with pytest.raises(ArtefactError, match="missing"):
        load(tmp_path / "absent.joblib", expected_sha256="0" * 64)


def test_load_hash_mismatch_raises_before_unpickling(trained_model, tmp_path):
    path = tmp_path / "model.joblib"
    sha = trained_model.save(path)
    with pytest.raises(ArtefactError, match="does not match"):
        load(path, expected_sha256="f" * 64)
    # A file replaced after saving (here by a pickle that would run code) is refused unread.
    path.write_bytes(b"cos\nsystem\n(S'echo pwned'\ntR.")
    with pytest.raises(ArtefactError, match="does not match"):
        load(path, expected_sha256=sha)


def test_load_without_a_recorded_hash_is_refused(trained_model, tmp_path):
    path = tmp_path / "model.joblib"
    trained_model.save(path)
    with pytest.raises(ArtefactError):
        load(path, expected_sha256="")


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


def test_naive_bayes_blend_is_learned_and_explanations_add_up_to_the_score(trained_model):
    slope, bayes_weight, _ = trained_model.calibration
    assert slope > 0 and bayes_weight > 0  # both parts earned a weight on out-of-fold scores
    for text in (SCAM, EVENT):
        score = trained_model.score_one(text)
        reasons = trained_model.explain(text, k=100_000)  # every feature, not just the top 5
        logit = sum(contribution for _, contribution in reasons) + trained_model.base_logit()
        assert 1 / (1 + np.exp(-logit)) == pytest.approx(score, abs=1e-6)


def test_ordinary_length_and_vocabulary_are_not_reasons_but_unusual_ones_are(trained_model):
    reasons = dict(trained_model.explain(EVENT, k=100_000))
    # The event notice is on-topic: its vocabulary pushes towards legitimate, not spam.
    assert reasons.get("words the community often uses (on-topic)", 0) < 0
    assert "words the community rarely uses (off-topic)" not in reasons
    shouting = "BUY CHEAP FOLLOWERS NOW 100% REAL GUARANTEED CLICK NOW"
    assert "more capitals than a typical post" in dict(trained_model.explain(shouting, k=100))


def test_a_large_source_counts_for_more_but_does_not_outvote_a_small_one():
    from moderation.engine.model import _source_weights

    examples = ([Example(text="x", label=0, source="sms")] * 400
                + [Example(text="y", label=1, source="moderator")] * 100
                + [Example(text="z", label=1, source=f"seed:kind{n}") for n in range(100)])
    weights = _source_weights(examples)
    assert weights.mean() == pytest.approx(1.0)
    totals = {name: weights[[e.source.split(":")[0] == name for e in examples]].sum()
              for name in ("sms", "moderator", "seed")}
    assert totals["sms"] == pytest.approx(2 * totals["moderator"])  # 4x the posts, 2x the say
    assert totals["seed"] == pytest.approx(totals["moderator"])  # the seed files are one source
