"""Moderators' decisions from the review queue, one post or a selection, through decide_post."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from cop.enums import NotificationKind
from cop.models import Notification, Post
from moderation import services
from moderation.enums import DecisionAction
from moderation.models import ModerationDecision
from moderation.permissions import is_moderator, moderators
from moderation.selectors import overdue_items, queue_posts

# What a moderator can do to an item from the queue (a campaign purge has its own page).
QUEUE_ACTIONS = (
    DecisionAction.APPROVE, DecisionAction.REJECT, DecisionAction.REJECT_AND_SUSPEND,
)


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
        raise services.DecisionError("Please choose approve, reject, or reject and suspend.")
    outcome = Outcome()
    waiting = {post.pk: post for post in queue_posts().filter(pk__in=post_ids)
               .select_related("author", "thread")}
    with transaction.atomic():
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
            outcome.decided.append(services.decide_post(
                post=post, moderator=moderator, action=action, reason=reason.strip(),
                retrain=False,
            ))
        if outcome.decided:
            transaction.on_commit(services.maybe_retrain)
    return outcome


# --- telling moderators about posts waiting too long ---

ALERT_MESSAGE = "Waiting for review for over {minutes} minutes: a post by {author} in “{title}”"


def alert_moderators(*, older_than) -> int:
    """Give each moderator an in-site notice and one email about posts that have waited longer
    than `older_than`. A moderator hears about each post once: the notice (one per member and
    post, by a database constraint) is the record, so running again tells nobody twice."""
    items = overdue_items(older_than=older_than)
    if not items:
        return 0
    minutes = int(older_than.total_seconds() // 60)
    told = 0
    # Who has heard about which post already, in one query; the constraint still settles races.
    already = set(Notification.objects.filter(
        kind=NotificationKind.MODERATION, post_id__in=[item.post.pk for item in items],
    ).values_list("recipient_id", "post_id"))
    for moderator in moderators():
        fresh = []
        for item in items:
            post = item.post
            if post.author_id == moderator.pk or (moderator.pk, post.pk) in already:
                continue
            try:
                with transaction.atomic():
                    Notification.objects.create(
                        recipient=moderator, kind=NotificationKind.MODERATION, post=post,
                        thread=post.thread,
                        message=ALERT_MESSAGE.format(minutes=minutes,
                                                     author=post.author.public_name,
                                                     title=post.thread.title)[:300],
                    )
            except IntegrityError:
                continue  # told already
            fresh.append(item)
        if not fresh:
            continue
        told += 1
        if moderator.email:
            lines = [f"- “{item.post.thread.title}” by {item.post.author.public_name}: "
                     f"{settings.SITE_URL}{reverse('review:item', args=[item.post.pk])}"
                     for item in fresh]
            count = len(fresh)
            send_mail(
                f"{count} post{'s' if count != 1 else ''} waiting for review",
                f"Hello {moderator.public_name},\n\n"
                f"These posts have been waiting for review for over {minutes} minutes:\n\n"
                + "\n".join(lines)
                + f"\n\nThe review queue: {settings.SITE_URL}{reverse('review:queue')}\n",
                settings.DEFAULT_FROM_EMAIL, [moderator.email],
            )
    return told
