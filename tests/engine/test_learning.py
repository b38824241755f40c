"""The learned layer: moderators' decisions change the next scores at once, the threshold it
chooses keeps the recent false holds near its target, and it survives being saved."""

from __future__ import annotations

import numpy as np
import pytest

from moderation.engine.explaining import LEARNED_REASON
from moderation.engine.learning import CommunityLayer, LearningConfig

# Off-topic posts the trained model finds harmless and this forum's moderators reject, in our
# own words: plain, link-free, polite.
CAMPAIGN = [
    "The Velmora garden club meets on Sundays to swap seeds and tea recipes",
    "Velmora garden club: seeds and tea recipes on Sunday, all friends welcome",
    "Velmora circle tea recipes are shared every Sunday afternoon with our friends",
    "Sunday at the Velmora garden club means fresh seeds, tea recipes and friends",
]
PRACTICE = [
    "We met the parent carers again on Tuesday and agreed the next steps for the survey",
    "The steering group asked for easy read minutes, so we are drafting those this week",
    "Thanks for the notes from the workshop, the map of who does what was really helpful",
    "Our peer researchers want to present the findings themselves at the board meeting",
]
NEW_CAMPAIGN_POST = "Velmora garden club friends swap seeds and tea recipes every Sunday"


def teach(model, layer: CommunityLayer, rounds: int) -> None:
    for _ in range(rounds):
        for text in CAMPAIGN:
            layer.learn(*model.learning_input(text), 1)
        for text in PRACTICE:
            layer.learn(*model.learning_input(text), 0)


def test_decisions_on_a_new_campaign_raise_the_score_of_its_next_post(trained_model):
    before = trained_model.score_one(NEW_CAMPAIGN_POST)
    assert before < trained_model.threshold
    layer = trained_model.new_layer()
    layer.config = LearningConfig(refit_every=8, min_each=4, threshold_ham=50,
                                  min_ham_for_threshold=8)
    teach(trained_model, layer, rounds=3)
    assert layer.active
    learned = trained_model.with_layer(layer)
    after = learned.score_one(NEW_CAMPAIGN_POST)
    assert after > before + 0.2
    assert after >= learned.operating_threshold
    # Practitioners' posts stay below the threshold it chose.
    assert learned.score_one("The parent carers asked for easy read notes of the meeting") \
        < learned.operating_threshold
    # The queue can say that local decisions moved the score.
    reasons = {reason.feature: reason.contribution
               for reason in learned.explain(NEW_CAMPAIGN_POST, k=50)}
    assert reasons.get(LEARNED_REASON, 0) > 0
    # The trained model itself is untouched (the layer sits on a copy).
    assert trained_model.layer is None
    assert trained_model.score_one(NEW_CAMPAIGN_POST) == pytest.approx(before)


def test_until_it_has_enough_of_each_label_the_layer_changes_nothing(trained_model):
    layer = trained_model.new_layer()
    layer.config = LearningConfig(refit_every=1, min_each=5)
    for text in CAMPAIGN:
        layer.learn(*trained_model.learning_input(text), 1)
    assert not layer.active and layer.threshold is None
    learned = trained_model.with_layer(layer)
    assert learned.score_one(NEW_CAMPAIGN_POST) == pytest.approx(
        trained_model.score_one(NEW_CAMPAIGN_POST))
    assert learned.operating_threshold == trained_model.threshold


def test_the_threshold_holds_at_most_the_target_share_of_recent_legitimate_posts():
    rng = np.random.default_rng(3)
    layer = CommunityLayer(features=8, config=LearningConfig(
        refit_every=10_000, threshold_ham=300, false_hold_rate=0.02, min_each=5,
        min_ham_for_threshold=200))
    spam_logits = rng.normal(2.0, 1.0, 200)
    ham_logits = rng.normal(-2.0, 1.0, 600)
    empty = _row(8)
    for logit in spam_logits:
        layer.learn(float(logit), empty, 1)
    for logit in ham_logits:
        layer.learn(float(logit), empty, 0)
    assert layer.refit()
    recent = ham_logits[-300:]
    blended = 1 / (1 + np.exp(-(layer.blend[0] * recent + layer.blend[2])))
    held_share = float((blended >= layer.threshold).mean())
    assert held_share <= 0.02 + 1e-9
    assert held_share > 0  # it uses its allowance rather than holding nothing


def test_with_few_legitimate_decisions_the_trained_models_threshold_stays(trained_model):
    layer = trained_model.new_layer()
    layer.config = LearningConfig(refit_every=8, min_each=4, threshold_ham=50,
                                  min_ham_for_threshold=50)
    teach(trained_model, layer, rounds=3)  # 12 legitimate posts: too few to choose on
    assert layer.active and layer.threshold is None
    assert trained_model.with_layer(layer).operating_threshold == trained_model.threshold


def test_a_saved_layer_loads_the_same(trained_model):
    layer = trained_model.new_layer()
    layer.config = LearningConfig(refit_every=8, min_each=4, threshold_ham=50,
                                  min_ham_for_threshold=8)
    teach(trained_model, layer, rounds=2)
    copy = CommunityLayer.from_bytes(layer.to_bytes(), layer.config)
    assert copy.threshold == layer.threshold and copy.learned == layer.learned
    assert np.array_equal(copy.blend, layer.blend)
    assert trained_model.with_layer(copy).score_one(NEW_CAMPAIGN_POST) == pytest.approx(
        trained_model.with_layer(layer).score_one(NEW_CAMPAIGN_POST))


def test_bytes_that_are_not_a_layer_are_refused():
    with pytest.raises(ValueError):
        CommunityLayer.from_bytes(b"not a layer at all", LearningConfig())


def _row(features: int):
    import scipy.sparse as sp

    return sp.csr_matrix((1, features))
