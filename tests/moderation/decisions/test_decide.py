"""Moderator decisions: audit log, training labels and retraining."""

import pytest

from cop import services as forum
from cop.enums import PostStatus
from moderation.decisions.decide import decide_post
from moderation.enums import DecisionAction, Label
from moderation.models import ModelVersion, TrainingLabel


@pytest.fixture
def held_post(member, category, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        thread = forum.start_thread(
            author=member, category=category, title="Get rich",
            body="Programmed blank ATM card, $3000 a day. Email the hackers: cardking@gmail.com",
        )
    post = thread.posts.get()
    assert post.status in {PostStatus.HELD, PostStatus.QUARANTINED}
    return post


def test_reject_writes_audit_log_and_spam_label_with_scored_text(held_post, moderator):
    decision = decide_post(post=held_post, moderator=moderator,
                                    action=DecisionAction.REJECT, reason="ATM card scam")
    held_post.refresh_from_db()
    assert held_post.status == PostStatus.REJECTED
    assert decision.moderator == moderator and decision.reason == "ATM card scam"
    assert decision.score is not None and decision.previous_status in {"held", "quarantined"}
    label = TrainingLabel.objects.get(post=held_post)
    assert label.label == Label.SPAM
    assert label.text.startswith("Get rich\n\nProgrammed blank ATM card")
    assert label.context["trust_level"] == 0


def test_approving_an_automatic_hold_counts_as_a_false_hold(held_post, moderator):
    decision = decide_post(post=held_post, moderator=moderator,
                                    action=DecisionAction.APPROVE)
    held_post.refresh_from_db()
    assert held_post.status == PostStatus.PUBLISHED and decision.was_auto_held
    assert TrainingLabel.objects.get(post=held_post).label == Label.HAM


def test_reject_and_suspend_blocks_the_author(held_post, moderator):
    decide_post(post=held_post, moderator=moderator,
                         action=DecisionAction.REJECT_AND_SUSPEND)
    held_post.author.refresh_from_db()
    assert held_post.author.is_active is False


def test_enough_new_labels_trigger_a_retrain(
    settings, thread_factory, moderator, django_capture_on_commit_callbacks
):
    settings.MODERATION_RETRAIN_EVERY = 3
    settings.MODERATION_ALWAYS_ACTIVATE = True
    posts = [thread_factory(title=f"t{i}", body=f"Workshop notes {i}",
                            status=PostStatus.HELD).posts.get() for i in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        for post in posts:
            decide_post(post=post, moderator=moderator, action=DecisionAction.APPROVE)
    newest = ModelVersion.objects.get(is_active=True)
    assert newest.version == 2 and "after new labels" in newest.notes
    assert newest.training_counts["by_source"]["moderator"]["ham"] >= 2
