"""Senders that carry notices out of the site; the one in use is named by a setting."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import send_mass_mail
from django.urls import reverse
from django.utils.module_loading import import_string

from cop.models import Notification


class EmailSender:
    """Sends each notice as a short plain-text email through Django's mail backend."""

    def send(self, notices: Sequence[Notification]) -> int:
        messages = []
        for notice in notices:
            if not notice.recipient.email:
                continue
            target = notice.post if notice.post_id else notice.thread
            link = settings.SITE_URL + target.get_absolute_url()
            body = (
                f"Hello {notice.recipient.public_name},\n\n{notice.message}.\n\n"
                f"Read it here: {link}\n\n"
                f"You can change which emails you get on your profile page: "
                f"{settings.SITE_URL}{reverse('cop:profile_edit')}\n"
            )
            messages.append(
                (notice.message[:150], body, settings.DEFAULT_FROM_EMAIL, [notice.recipient.email])
            )
        return send_mass_mail(messages, fail_silently=False) if messages else 0


def get_sender():
    return import_string(settings.FORUM_NOTIFICATION_SENDER)()
