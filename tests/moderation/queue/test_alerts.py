"""Telling moderators about posts waiting too long."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cop.enums import NotificationKind
from cop.models import Notification
from moderation.queue.alerts import alert_moderators

pytestmark = pytest.mark.django_db


# --- telling moderators about posts waiting too long ---


def test_alert_tells_each_moderator_once_about_posts_waiting_too_long(
    moderator, queued_post_factory, settings
):
    settings.MODERATION_QUEUE_ALERT_MINUTES = 30
    waiting = queued_post_factory(title="Waiting an hour",
                                  created_at=timezone.now() - timedelta(hours=1))
    queued_post_factory(title="Just arrived")
    from moderation.tasks import alert_moderators_of_waiting_posts

    assert alert_moderators_of_waiting_posts() == 1
    notice = Notification.objects.get(recipient=moderator)
    assert notice.post == waiting and notice.kind == NotificationKind.MODERATION
    assert "over 30 minutes" in notice.message
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [moderator.email]
    assert reverse("review:item", args=[waiting.pk]) in mail.outbox[0].body
    assert "Just arrived" not in mail.outbox[0].body

    assert alert_moderators(older_than=timedelta(minutes=30)) == 0
    assert Notification.objects.filter(recipient=moderator).count() == 1
    assert len(mail.outbox) == 1


def test_alert_schedule_is_installed():
    from django_q.models import Schedule

    schedule = Schedule.objects.get(func="moderation.tasks.alert_moderators_of_waiting_posts")
    assert schedule.repeats == -1 and schedule.minutes == 10
