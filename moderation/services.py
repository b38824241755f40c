"""Screening: every new or edited post passes through screen_post before it can be public."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from cop import services as forum
from cop.enums import PostStatus
from cop.models import Post
from moderation.policies import Verdict

logger = logging.getLogger(__name__)

HELD_NOTICE = (
    "Your post in “{title}” is waiting for a moderator to check it. "
    "This is usually quick, and you do not need to do anything."
)


def get_policy():
    return import_string(settings.MODERATION_POLICY)()


def screen_post(*, post: Post) -> Verdict:
    """Decide what happens to a post and apply it. If the policy fails, the post is held for a
    person to check: never published unscreened, never lost."""
    try:
        verdict = get_policy().decide(post)
    except Exception:  # noqa: BLE001 - any failure must end in the review queue, not a crash
        logger.exception("screening failed for post %s; holding it for review", post.pk)
        verdict = Verdict(status=PostStatus.HELD, reasons=["classifier unavailable"])
    with transaction.atomic():
        post = Post.objects.select_for_update().select_related("thread").get(pk=post.pk)
        if verdict.status == PostStatus.PUBLISHED:
            forum.publish_post(post=post)
        elif verdict.status in {PostStatus.HELD, PostStatus.QUARANTINED}:
            forum.hold_post(post=post, status=verdict.status)
            forum.notify_author(post=post, message=HELD_NOTICE.format(title=post.thread.title))
        elif verdict.status == PostStatus.REJECTED:
            forum.reject_post(post=post)
    return verdict
