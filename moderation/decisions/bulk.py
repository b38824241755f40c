"""Moderators' decisions from the review queue, one post or a selection, through decide_post."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from cop.models import Post
from cop.publishing import POST_ONLY
from moderation.decisions.decide import DecisionError, decide_post
from moderation.decisions.retrain import retrain_after_commit
from moderation.enums import QUEUE_ACTIONS, DecisionAction
from moderation.models import ModerationDecision
from moderation.permissions import is_moderator
from moderation.queue.items import queue_posts


@dataclass
class Outcome:
    decided: list[ModerationDecision] = field(default_factory=list)
    # Posts left alone, with the reason in plain words.
    skipped: list[tuple[Post, str]] = field(default_factory=list)


def _check(post: Post, action: str) -> str | None:
    if action == DecisionAction.REJECT_AND_SUSPEND and is_moderator(post.author):
        return "its author is a moderator, who cannot be suspended from here"
    return None


def decide(*, post_ids: list[int], moderator, action: str, reason: str = "") -> Outcome:
    """Decide every listed post still waiting in the queue. Posts another moderator has
    decided meanwhile are skipped, so two people clearing the queue never undo each other."""
    if action not in QUEUE_ACTIONS:
        raise DecisionError("Please choose approve, reject, or reject and suspend.")
    outcome = Outcome()
    with transaction.atomic():
        # Lock the posts first (in one order, so two selections never wait on each other), then
        # read which still wait: a moderator deciding the same post at the same moment has
        # committed by then, and the post is skipped rather than decided twice.
        list(Post.objects.select_for_update(**POST_ONLY).filter(pk__in=post_ids).order_by("pk")
             .values_list("pk", flat=True))
        waiting = {post.pk: post for post in queue_posts().filter(pk__in=post_ids)
                   .select_related("author", "thread")}
        for post_id in dict.fromkeys(post_ids):
            post = waiting.get(post_id)
            if post is None:
                gone = Post.objects.filter(pk=post_id).select_related("thread").first()
                if gone is not None:
                    outcome.skipped.append((gone, "it is no longer waiting for review"))
                continue
            problem = _check(post, action)
            if problem:
                outcome.skipped.append((post, problem))
                continue
            outcome.decided.append(decide_post(
                post=post, moderator=moderator, action=action, reason=reason.strip(),
                retrain=False,
            ))
        if outcome.decided:
            retrain_after_commit()
    return outcome
