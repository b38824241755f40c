"""Screening and decisions: every post passes screen_post before it can be public, and every
moderator decision goes through decide_post, which writes the audit log and a training label.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from cop import services as forum
from cop.enums import PostStatus
from cop.models import Post
from moderation.enums import DecisionAction, FlagOutcome, Label
from moderation.models import (
    Appeal,
    Flag,
    ModelVersion,
    ModerationDecision,
    ModerationScore,
    TrainingLabel,
)
from moderation.policies import Verdict, text_of
from operations.queue import enqueue

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
            top_features=verdict.top_features, rules=verdict.rules, reasons=verdict.reasons,
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


def suspend_account(*, user) -> None:
    """Stop an account from signing in; its posts and records are kept."""
    user.is_active = False
    user.save(update_fields=["is_active"])


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
                suspend_account(user=post.author)
        decision = ModerationDecision.objects.create(
            post=post, moderator=moderator, action=action, reason=reason,
            score=score.score if score else None, previous_status=previous,
            was_auto_held=auto_held,
        )
        post.flags.filter(outcome=FlagOutcome.OPEN).update(
            outcome=FlagOutcome.DISMISSED if label == Label.HAM else FlagOutcome.UPHELD,
            resolved_at=timezone.now(),
        )
        Appeal.objects.filter(post=post, resolved_at__isnull=True).update(
            resolved_at=timezone.now()
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
    enqueue("moderation.tasks.retrain_model", "after new labels")
    return True


def retrain_model(*, why: str) -> ModelVersion:
    from moderation import registry

    try:
        model = registry.train()
        return registry.register(model, notes=f"retrained {why}")
    finally:
        cache.delete("moderation:retrain-queued")


# --- members' reports and authors' appeals ---

REPORTED_NOTICE = (
    "Some members asked a moderator to look at your post in “{title}”, so it is hidden until "
    "a moderator has checked it."
)


def reporter_weight(user) -> float:
    """How much a member's report counts: more for trusted members with a record of accurate
    reports, less for those whose reports were mostly dismissed."""
    from moderation.trust import report_record, standing

    upheld, total = report_record(user)
    level = standing(user, reports=(upheld, total)).level
    base = settings.MODERATION_FLAG_WEIGHTS[min(level, len(settings.MODERATION_FLAG_WEIGHTS) - 1)]
    # Laplace-smoothed accuracy: a newcomer starts at 0.5-ish, a good record tends to 1.
    accuracy = (upheld + 1) / (total + 2)
    return round(base * (0.5 + accuracy), 3)


def report_post(*, post: Post, reporter, reason: str, details: str = "") -> Flag:
    """Record a member's report; hide the post for review once the reports weigh enough."""
    from django.db import IntegrityError

    from moderation.enums import FlagReason

    if reason not in FlagReason.values:
        raise DecisionError("Please choose a reason from the list.")
    if reason == FlagReason.OTHER and not details.strip():
        raise DecisionError("Please tell the moderators what is wrong.")
    if post.author_id == reporter.pk:
        raise DecisionError("You cannot report your own post.")
    try:
        with transaction.atomic():
            flag = Flag.objects.create(
                post=post, reporter=reporter, reason=reason, details=details.strip()[:1000],
                weight=reporter_weight(reporter),
            )
    except IntegrityError as error:
        raise DecisionError("You have already reported this post for that reason.") from error
    total = sum(post.flags.filter(outcome=FlagOutcome.OPEN).values_list("weight", flat=True))
    if post.status == PostStatus.PUBLISHED and total >= settings.MODERATION_FLAG_HIDE_WEIGHT:
        with transaction.atomic():
            locked = Post.objects.select_for_update().select_related("thread").get(pk=post.pk)
            forum.hold_post(post=locked, status=PostStatus.HELD)
            forum.notify_author(post=locked,
                                message=REPORTED_NOTICE.format(title=locked.thread.title))
    return flag


def appeal_post(*, post: Post, author, text: str) -> Appeal:
    """The author asks once for a second look; the post goes back to the front of the queue."""
    from django.db import IntegrityError

    if post.author_id != author.pk:
        raise DecisionError("Only the author can ask for a second look.")
    if post.status not in {PostStatus.HELD, PostStatus.QUARANTINED, PostStatus.REJECTED}:
        raise DecisionError("This post is not waiting for review or rejected.")
    if not text.strip():
        raise DecisionError("Please say briefly why the post should be published.")
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(post=post, text=text.strip()[:2000])
            if post.status == PostStatus.REJECTED:
                forum.hold_post(post=post, status=PostStatus.HELD)
    except IntegrityError as error:
        raise DecisionError("You have already asked for a second look at this post.") from error
    return appeal
