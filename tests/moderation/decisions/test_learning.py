"""Moderators' decisions are learned at once: the next post like the ones they rejected is held,
with the reason shown, without waiting for a full retrain."""

from __future__ import annotations

import logging

import pytest

from cop import services as forum
from cop.enums import PostStatus
from moderation.classifier import registry
from moderation.decisions import learn
from moderation.decisions.decide import decide_post
from moderation.engine.explaining import LEARNED_REASON
from moderation.enums import HELD_STATUSES, DecisionAction
from moderation.models import LearnedLayer, ModelVersion, ModerationScore
from moderation.screening.thresholds import model_threshold

# Off-topic posts the trained model lets through and this forum's moderators reject.
OFF_TOPIC = [
    "The Velmora hall knitting group shares wool patterns and biscuits on Sundays",
    "Sunday knitting at the Velmora hall, wool patterns swapped over biscuits",
    "Knitting at Velmora hall: wool patterns, biscuits and friends every Sunday",
    "Every Sunday the Velmora hall knitting circle swaps wool and biscuit recipes",
]
PRACTICE = [
    "We met the parent carers again on Tuesday and agreed the next steps for the survey",
    "The steering group asked for easy read minutes, so we are drafting those this week",
    "Thanks for the notes from the workshop, the map of who does what was really helpful",
    "Our peer researchers want to present the findings themselves at the board meeting",
]
NEXT_POST = "Our knitting group at the Velmora hall swaps wool patterns on Sundays"


@pytest.fixture
def quick_learning(settings):
    settings.MODERATION_LEARNING = {"refit_every": 8, "window": 3000, "threshold_ham": 50,
                                    "false_hold_rate": 0.01, "min_each": 4,
                                    "min_ham_for_threshold": 8}
    settings.MODERATION_RETRAIN_EVERY = 100_000  # only the layer learns here


def post_reply(thread, author, body, capture):
    with capture(execute=True):
        post = forum.reply(thread=thread, author=author, body=body)
    post.refresh_from_db()
    return post


def test_decisions_are_learned_and_hold_the_next_similar_post(
    quick_learning, thread_factory, member_factory, moderator,
    django_capture_on_commit_callbacks,
):
    thread = thread_factory(title="Sharing practice", status=PostStatus.PUBLISHED)
    first = post_reply(thread, member_factory(), NEXT_POST, django_capture_on_commit_callbacks)
    assert first.status == PostStatus.PUBLISHED  # the trained model alone lets it through
    assert not LearnedLayer.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):  # learning is queued on commit
        for round_ in range(3):
            for text in OFF_TOPIC:
                post = post_reply(thread, member_factory(), f"{text} ({round_})",
                                  django_capture_on_commit_callbacks)
                decide_post(post=post, moderator=moderator, action=DecisionAction.REJECT)
            for text in PRACTICE:
                post = post_reply(thread, member_factory(), f"{text} ({round_})",
                                  django_capture_on_commit_callbacks)
                decide_post(post=post, moderator=moderator, action=DecisionAction.APPROVE)

    layer = LearnedLayer.objects.get(is_active=True)
    assert layer.decisions_learned == 24 and layer.threshold is not None
    assert ModelVersion.objects.count() == 1  # no full retrain was needed
    assert model_threshold() == pytest.approx(layer.threshold)

    later = post_reply(thread, member_factory(), NEXT_POST + " again",
                       django_capture_on_commit_callbacks)
    assert later.status in HELD_STATUSES
    score = ModerationScore.objects.filter(post=later).latest("created_at")
    assert LEARNED_REASON in {feature["feature"] for feature in score.top_features}
    practice = post_reply(thread, member_factory(), "The parent carers asked for easy read "
                          "notes of the steering group meeting", django_capture_on_commit_callbacks)
    assert practice.status == PostStatus.PUBLISHED


def test_a_damaged_layer_file_leaves_screening_to_the_trained_model(
    quick_learning, thread_factory, member_factory, moderator,
    django_capture_on_commit_callbacks, caplog,
):
    thread = thread_factory(title="Sharing practice", status=PostStatus.PUBLISHED)
    with django_capture_on_commit_callbacks(execute=True):
        for text in OFF_TOPIC + PRACTICE:
            post = post_reply(thread, member_factory(), text, django_capture_on_commit_callbacks)
            action = DecisionAction.REJECT if text in OFF_TOPIC else DecisionAction.APPROVE
            decide_post(post=post, moderator=moderator, action=action)
    row = LearnedLayer.objects.get(is_active=True)
    path = registry.model_dir() / row.artefact_path
    path.write_bytes(b"damaged")
    registry._combined.clear()
    with caplog.at_level(logging.WARNING, logger="moderation.classifier.registry"):
        reply = post_reply(thread, member_factory(), "Our minutes from Tuesday are attached",
                           django_capture_on_commit_callbacks)
    assert reply.status == PostStatus.PUBLISHED
    assert "learned layer not used" in caplog.text
    # The next learning run starts a sound layer again from every decision.
    LearnedLayer.objects.all().delete()
    assert learn.learn_from_decisions() == 8
    assert LearnedLayer.objects.get(is_active=True).decisions_learned == 8


def test_the_sweep_queues_learning_for_decisions_not_yet_learned(
    quick_learning, thread_factory, member_factory, moderator,
    django_capture_on_commit_callbacks,
):
    from moderation.tasks import requeue_stale_pending

    thread = thread_factory(title="Sharing practice", status=PostStatus.PUBLISHED)
    post = post_reply(thread, member_factory(), PRACTICE[0], django_capture_on_commit_callbacks)
    # Decided, but the learning job was lost (its on-commit callback never ran).
    decide_post(post=post, moderator=moderator, action=DecisionAction.APPROVE)
    assert learn.decisions_waiting()
    requeue_stale_pending()  # runs queued jobs in line under the test settings
    assert not learn.decisions_waiting()
    assert LearnedLayer.objects.get(is_active=True).decisions_learned == 1

