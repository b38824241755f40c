"""Screening: every new post passes screen_post, and every edit of a published post
screen_edit, before it can be public."""

from __future__ import annotations

import copy
import logging

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from cop import edits
from cop import services as forum
from cop.enums import EditStatus, PostStatus
from cop.models import Post, PostEdit
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
    verdict = _decide(post)
    with transaction.atomic():
        post = Post.objects.select_for_update().select_related("thread").get(pk=post.pk)
        if screened_since_last_change(post):
            # A lost job put back by the sweep, or a retry, can reach a post another run has
            # screened already: doing it again would double the score and the author's notice.
            logger.info("post %s was screened already; nothing to do", post.pk)
            return verdict
        ModerationScore.objects.create(
            post=post, model_version_id=verdict.model_version_id, score=verdict.score,
            threshold=verdict.threshold,
            usual_threshold=verdict.usual_threshold, outcome=verdict.status,
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


EDIT_HELD_NOTICE = (
    "Your edit of your post in “{title}” is waiting for a moderator to check it. Until then "
    "everyone else sees the earlier version; you do not need to do anything."
)


def _decide(post: Post, text: str | None = None) -> Verdict:
    try:
        return get_policy().decide(post)
    except Exception as error:  # noqa: BLE001 - any failure must end in the review queue
        logger.exception("screening failed for post %s; holding it for review", post.pk)
        return Verdict(
            status=PostStatus.HELD, reasons=[why.UNAVAILABLE], text=text or text_of(post),
            rules=[Rule.of(RuleName.CLASSIFIER_UNAVAILABLE, detail=str(error)[:300])],
        )


def edited_post(edit: PostEdit) -> Post:
    """The post as it would read with the edit published (unsaved), for the policy to judge
    exactly as it judges a new post: same text rules, author, thread and thresholds."""
    candidate = copy.copy(edit.post)
    candidate.body = edit.body
    if edit.title and candidate.is_opening:
        thread = copy.copy(edit.post.thread)
        thread.title = edit.title
        candidate.thread = thread
    return candidate


def screen_edit(*, edit: PostEdit) -> Verdict:
    """Decide whether a proposed edit of a published post becomes its public text. The post
    stays as published meanwhile; if the model fails the edit waits for a moderator."""
    candidate = edited_post(edit)
    verdict = _decide(candidate)
    with transaction.atomic():
        edit = PostEdit.objects.select_for_update().select_related("post__thread").get(pk=edit.pk)
        if edit.status != EditStatus.PENDING:
            return verdict  # replaced by a later edit or decided meanwhile
        ModerationScore.objects.create(
            post=edit.post, edit=edit, model_version_id=verdict.model_version_id,
            score=verdict.score, threshold=verdict.threshold,
            usual_threshold=verdict.usual_threshold, outcome=verdict.status,
            top_features=verdict.top_features, rules=[rule.to_json() for rule in verdict.rules],
            reasons=verdict.reasons, text=verdict.text or text_of(candidate),
            context=verdict.context, fingerprint=verdict.fingerprint,
        )
        if verdict.status == PostStatus.PUBLISHED:
            edits.publish_edit(edit=edit)
        elif verdict.status in HELD_STATUSES:
            edits.hold_edit(edit=edit, status=verdict.status)
            forum.notify_author(post=edit.post,
                                message=EDIT_HELD_NOTICE.format(title=edit.post.thread.title))
        elif verdict.status == PostStatus.REJECTED:
            edits.reject_edit(edit=edit)
    return verdict


def latest_score(post: Post) -> ModerationScore | None:
    """The latest screening of the post itself (not of an edit proposed to it)."""
    return post.scores.filter(edit__isnull=True).order_by("-created_at", "-pk").first()


def latest_edit_score(edit: PostEdit) -> ModerationScore | None:
    return edit.scores.order_by("-created_at", "-pk").first()
