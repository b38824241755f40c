"""Telling moderators about posts that have waited too long for review."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone

from cop import following
from cop import selectors as forum_reads
from moderation.permissions import moderators
from moderation.queue.items import ReviewItem, review_items

ALERT_MESSAGE = "Waiting for review for over {minutes} minutes: a post by {author} in “{title}”"


def overdue_items(*, older_than: timedelta) -> list[ReviewItem]:
    cutoff = timezone.now() - older_than
    return [item for item in review_items() if item.waiting_since <= cutoff]


def alert_moderators(*, older_than: timedelta) -> int:
    """Give each moderator an in-site notice and one email about posts that have waited longer
    than `older_than`. A moderator hears about each post once: the forum's notice (one per
    member and post) is the record, so running again tells nobody twice."""
    items = overdue_items(older_than=older_than)
    if not items:
        return 0
    minutes = int(older_than.total_seconds() // 60)
    told = 0
    already = forum_reads.moderation_notices_sent(post_ids=[item.post.pk for item in items])
    for moderator in moderators():
        fresh = []
        for item in items:
            post = item.post
            if post.author_id == moderator.pk or (moderator.pk, post.pk) in already:
                continue
            message = ALERT_MESSAGE.format(minutes=minutes, author=post.author.public_name,
                                           title=post.thread.title)
            if following.notify_moderator(moderator=moderator, post=post, message=message) is None:
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
