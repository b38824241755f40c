"""Screening: every new or edited post passes screen_post before it can be public."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from cop import services as forum
from cop.enums import PostStatus
from cop.models import Post
from moderation.enums import HELD_STATUSES
from moderation.models import ModerationScore, TrustPenalty
from moderation.screening import reasons as why
from moderation.screening.policy import Verdict, text_of
from moderation.screening.reasons import Rule, RuleName
from moderation.screening.trust import penalise

logger = logging.getLogger(__name__)

HELD_NOTICE = (
    "Your post in “{title}” is waiting for a moderator to check it. "
    "This is usually quick, and you do not need to do anything."
)


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
            status=PostStatus.HELD, reasons=[why.UNAVAILABLE], text=text_of(post),
            rules=[Rule.of(RuleName.CLASSIFIER_UNAVAILABLE, detail=str(error)[:300])],
        )
    with transaction.atomic():
        post = Post.objects.select_for_update().select_related("thread").get(pk=post.pk)
        if screened_since_last_change(post):
            # A lost job put back by the sweep, or a retry, can reach a post another run has
            # screened already: doing it again would double the score and the author's notice.
            logger.info("post %s was screened already; nothing to do", post.pk)
            return verdict
        ModerationScore.objects.create(
            post=post, model_version_id=verdict.model_version_id, score=verdict.score,
            threshold=verdict.threshold, outcome=verdict.status,
            top_features=verdict.top_features, rules=[rule.to_json() for rule in verdict.rules],
            reasons=verdict.reasons, text=verdict.text or text_of(post), context=verdict.context,
            fingerprint=verdict.fingerprint,
        )
        if verdict.status == PostStatus.PUBLISHED:
            forum.publish_post(post=post)
        elif verdict.status in HELD_STATUSES:
            forum.hold_post(post=post, status=verdict.status)
            forum.notify_author(post=post, message=HELD_NOTICE.format(title=post.thread.title))
            if verdict.score is not None and verdict.context.get("trust_level", 0) >= 1:
                # A member with some trust drops a level (lifted if a moderator approves).
                penalise(post=post, cause=TrustPenalty.Cause.HELD)
        elif verdict.status == PostStatus.REJECTED:
            forum.reject_post(post=post)
    return verdict


def screened_since_last_change(post: Post) -> bool:
    return post.screened_at is not None and post.screened_at >= (post.edited_at or post.created_at)


def latest_score(post: Post) -> ModerationScore | None:
    return post.scores.order_by("-created_at", "-pk").first()
