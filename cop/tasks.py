"""Background jobs for the forum; each takes ids, loads rows and calls a service."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from cop import selectors, services
from cop.enums import DigestFrequency
from cop.models import Notification, Post, User
from cop.notifications import get_sender, send_each

logger = logging.getLogger(__name__)


def notify_about_post(post_id: int) -> int:
    post = Post.objects.select_related("thread__category", "author").filter(pk=post_id).first()
    if post is None:
        return 0
    return len(services.notify_about_post(post=post))


def email_notifications(notification_ids: list[int]) -> int:
    notices = list(
        Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True)
        .select_related("recipient", "thread", "post")
    )
    sent = get_sender().send(notices)
    Notification.objects.filter(pk__in=[n.pk for n in sent]).update(emailed_at=timezone.now())
    return len(sent)


def send_weekly_digest() -> int:
    """Email each member who asked for it the week's busiest public threads."""
    since = timezone.now() - timedelta(days=7)
    threads = list(selectors.active_threads_since(since=since, limit=10))
    if not threads:
        return 0
    lines = [f"- {t.title} ({t.reply_total} posts): {settings.SITE_URL}{t.get_absolute_url()}"
             for t in threads]
    recipients = User.objects.filter(
        is_active=True, digest=DigestFrequency.WEEKLY
    ).exclude(email="").only("email", "username", "display_name")
    subject = f"This week on {settings.SITE_NAME}"
    messages = [
        (subject,
         f"Hello {user.public_name},\n\nThis week's conversations on {settings.SITE_NAME}:\n\n"
         + "\n".join(lines) + "\n\nYou can switch this email off on your profile page.\n",
         user.email)
        for user in recipients.iterator()
    ]
    # One connection for the whole digest; one refused address does not stop the others.
    sent = sum(send_each(messages))
    logger.info("weekly digest sent to %s members", sent)
    return sent
