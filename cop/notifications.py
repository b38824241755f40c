"""Senders that carry notices out of the site; the one in use is named by a setting."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import get_connection
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from cop.models import Notification
from cop.unsubscribe import email_to


class EmailSender:
    """Sends each notice as a short plain-text email through Django's mail backend, each with
    its one-click unsubscribe link for that kind of notice."""

    def send(self, notices: Sequence[Notification]) -> int:
        messages = []
        for notice in notices:
            if not notice.recipient.email:
                continue
            target = notice.post if notice.post_id else notice.thread
            link = settings.SITE_URL + target.get_absolute_url()
            body = _("Hello %(name)s,\n\n%(message)s.\n\nRead it here: %(link)s\n") % {
                "name": notice.recipient.public_name, "message": notice.message, "link": link}
            messages.append(email_to(user=notice.recipient, kind=notice.kind,
                                     subject=notice.message[:150], body=body))
        return get_connection().send_messages(messages) if messages else 0


def get_sender():
    return import_string(settings.FORUM_NOTIFICATION_SENDER)()
