"""Senders that carry notices out of the site; the one in use is named by a setting."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from smtplib import SMTPException

from django.conf import settings
from django.core.mail import BadHeaderError, EmailMessage, get_connection
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from cop.markup import single_line
from cop.models import Notification
from cop.unsubscribe import email_to

logger = logging.getLogger(__name__)
SUBJECT_LENGTH = 150


def email_subject(text: str) -> str:
    """A subject that is always one safe header line, whatever the title it quotes."""
    return single_line(text, limit=SUBJECT_LENGTH) or settings.SITE_NAME


def send_each(messages: Sequence[EmailMessage]) -> list[bool]:
    """Send emails over one connection, each on its own: an address the mail server refuses or
    a bad header fails that email only. True for each one sent."""
    if not messages:
        return []
    sent = []
    with get_connection() as connection:
        for message in messages:
            message.subject = email_subject(message.subject)
            message.connection = connection
            try:
                sent.append(bool(message.send()))
            except (BadHeaderError, SMTPException, OSError, ValueError):
                logger.exception("could not email %s", ", ".join(message.to))
                sent.append(False)
    return sent


class EmailSender:
    """Sends each notice as a short plain-text email through Django's mail backend, each with
    its one-click unsubscribe link for that kind of notice."""

    def send(self, notices: Sequence[Notification]) -> list[Notification]:
        """The notices that were emailed; others are left for a later try."""
        messages, with_email = [], []
        for notice in notices:
            if not notice.recipient.email:
                continue
            target = notice.post if notice.post_id else notice.thread
            link = settings.SITE_URL + target.get_absolute_url()
            body = _("Hello %(name)s,\n\n%(message)s.\n\nRead it here: %(link)s\n") % {
                "name": notice.recipient.public_name, "message": notice.message, "link": link}
            messages.append(email_to(user=notice.recipient, kind=notice.kind,
                                     subject=email_subject(notice.message), body=body))
            with_email.append(notice)
        return [n for n, ok in zip(with_email, send_each(messages), strict=True) if ok]


def get_sender():
    return import_string(settings.FORUM_NOTIFICATION_SENDER)()
