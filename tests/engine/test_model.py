"""Scoring and explanations: scams rank above community posts, and every reason adds up."""

from __future__ import annotations

import numpy as np
import pytest

from moderation.engine.context import PostContext
from tests.engine.posts import EVENT, SCAM


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


def test_posts_hashed_ahead_together_get_the_scores_and_reasons_they_get_alone(trained_model):
    texts = [SCAM, EVENT, "Call 0800 555 0199 now for cheap printer support!!!",
             "Thanks, we used the same budget template in Salford.", SCAM]
    context = PostContext(account_age_days=0.1, trust_level=0, approved_posts=0)
    alone = [trained_model.screen(text, context) for text in texts]
    model = trained_model.with_layer(None)
    model.hash_ahead(texts)
    together = [model.screen(text, context) for text in texts]
    assert [s.score for s in together] == [s.score for s in alone]
    assert [s.reasons for s in together] == [s.reasons for s in alone]
    assert [s.fired for s in together] == [s.fired for s in alone]
    assert alone[0].score > 0.5 > alone[1].score  # the comparison covered both kinds
