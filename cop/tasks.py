"""Background jobs for the forum; each takes ids, loads rows and calls a service."""

from __future__ import annotations

import logging

from django.utils import timezone

from cop import digest, following
from cop.enums import DigestFrequency
from cop.models import Notification, Post
from cop.notifications import get_sender

logger = logging.getLogger(__name__)


def notify_about_post(post_id: int) -> int:
    post = Post.objects.select_related("thread__category", "author").filter(pk=post_id).first()
    if post is None:
        return 0
    return len(following.notify_about_post(post=post))


def notify_about_posts(post_ids: list[int]) -> int:
    """notify_about_post for a batch of posts published together, in a few queries."""
    posts = Post.objects.select_related("thread__category", "author").filter(pk__in=post_ids)
    return len(following.notify_about_posts(list(posts.order_by("pk"))))


def email_notifications(notification_ids: list[int]) -> int:
    notices = list(
        Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True)
        .select_related("recipient", "thread", "post")
    )
    sent = get_sender().send(notices)
    Notification.objects.filter(pk__in=[n.pk for n in sent]).update(emailed_at=timezone.now())
    return len(sent)


def send_weekly_digest() -> int:
    """Email the weekly digest to members who asked for it (a django-q2 schedule)."""
    return digest.send_digests(frequency=DigestFrequency.WEEKLY)


def send_daily_digest() -> int:
    return digest.send_digests(frequency=DigestFrequency.DAILY)
