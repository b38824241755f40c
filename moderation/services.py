"""Screening and decisions: every post passes screen_post before it can be public, and every
moderator decision goes through decide_post, which writes the audit log and a training label.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.module_loading import import_string
from django_q.tasks import async_task

from cop import services as forum
from cop.enums import PostStatus
from cop.models import Post
from moderation.enums import DecisionAction, Label
from moderation.models import ModelVersion, ModerationDecision, ModerationScore, TrainingLabel
from moderation.policies import Verdict, text_of

logger = logging.getLogger(__name__)

HELD_NOTICE = (
    "Your post in “{title}” is waiting for a moderator to check it. "
    "This is usually quick, and you do not need to do anything."
)
REJECTED_NOTICE = "A moderator decided not to publish your post in “{title}”."
UNAVAILABLE = "classifier unavailable"


class DecisionError(Exception):
    """A decision that cannot be made; the message says why, for the moderator."""


def get_policy():
    return import_string(settings.MODERATION_POLICY)()


def screen_post(*, post: Post) -> Verdict:
    """Decide what happens to a post, record the score, and apply the outcome. If the model is
    missing or fails, the post is held for a person: never published unscreened, never lost."""
    try:
        verdict = get_policy().decide(post)
    except Exception as error:  # noqa: BLE001 - any failure must end in the review queue
        logger.exception("screening failed for post %s; holding it for review", post.pk)
        verdict = Verdict(
            status=PostStatus.HELD, reasons=[UNAVAILABLE], text=text_of(post),
            rules=[{"name": "classifier_unavailable", "description": UNAVAILABLE,
                    "detail": str(error)[:300]}],
        )
    with transaction.atomic():
        post = Post.objects.select_for_update().select_related("thread").get(pk=post.pk)
        ModerationScore.objects.create(
            post=post, model_version_id=verdict.model_version_id, score=verdict.score,
            threshold=verdict.threshold, outcome=verdict.status,
            top_features=verdict.top_features, rules=verdict.rules,
            text=verdict.text or text_of(post), context=verdict.context,
            fingerprint=verdict.fingerprint,
        )
        if verdict.status == PostStatus.PUBLISHED:
            forum.publish_post(post=post)
        elif verdict.status in {PostStatus.HELD, PostStatus.QUARANTINED}:
            forum.hold_post(post=post, status=verdict.status)
            forum.notify_author(post=post, message=HELD_NOTICE.format(title=post.thread.title))
        elif verdict.status == PostStatus.REJECTED:
            forum.reject_post(post=post)
    return verdict


def latest_score(post: Post) -> ModerationScore | None:
    return post.scores.order_by("-created_at", "-pk").first()


def decide_post(
    *, post: Post, moderator, action: str, reason: str = "", retrain: bool = True,
) -> ModerationDecision:
    """Apply a moderator's decision, write it to the audit log and keep it as a training label.

    This one service serves the review queue, bulk actions, campaign purges and spam_replay.
    """
    if action not in DecisionAction.values:
        raise DecisionError(f"Unknown action {action!r}.")
    with transaction.atomic():
        post = Post.objects.select_for_update().select_related("thread", "author").get(pk=post.pk)
        previous = post.status
        score = latest_score(post)
        auto_held = previous in {PostStatus.HELD, PostStatus.QUARANTINED} and bool(
            score and score.outcome in {PostStatus.HELD, PostStatus.QUARANTINED}
        )
        if action == DecisionAction.APPROVE:
            forum.publish_post(post=post)
            label = Label.HAM
        else:
            forum.reject_post(post=post)
            forum.notify_author(post=post, message=REJECTED_NOTICE.format(title=post.thread.title)
                                + (f" Reason: {reason}" if reason else ""))
            label = Label.SPAM
            if action == DecisionAction.REJECT_AND_SUSPEND and post.author.is_active:
                post.author.is_active = False
                post.author.save(update_fields=["is_active"])
        decision = ModerationDecision.objects.create(
            post=post, moderator=moderator, action=action, reason=reason,
            score=score.score if score else None, previous_status=previous,
            was_auto_held=auto_held,
        )
        TrainingLabel.objects.update_or_create(
            post=post,
            defaults={
                "decision": decision, "label": label,
                "text": score.text if score else text_of(post),
                "context": score.context if score else {},
                "source": "moderator",
            },
        )
    if retrain:
        transaction.on_commit(maybe_retrain)
    return decision


def labels_since_active_model() -> int:
    active = ModelVersion.objects.filter(is_active=True).only("created_at").first()
    labels = TrainingLabel.objects.all()
    if active is not None:
        labels = labels.filter(created_at__gt=active.created_at)
    return labels.count()


def maybe_retrain() -> bool:
    """Queue a retrain once enough new labels have come in since the active model."""
    if labels_since_active_model() < settings.MODERATION_RETRAIN_EVERY:
        return False
    # One queued retrain at a time, across every web and worker process.
    if not cache.add("moderation:retrain-queued", True, timeout=15 * 60):
        return False
    async_task("moderation.tasks.retrain_model", "after new labels")
    return True


def retrain_model(*, why: str) -> ModelVersion:
    from moderation import registry

    try:
        model = registry.train()
        return registry.register(model, notes=f"retrained {why}")
    finally:
        cache.delete("moderation:retrain-queued")
