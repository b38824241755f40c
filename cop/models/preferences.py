"""A member's notification and email choices, kept beside the account rather than on it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberPreferences(models.Model):
    """One row per member, made on first change; a member without one has the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True,
        related_name="preferences",
    )
    follow_on_reply = models.BooleanField(
        _("follow the threads I start or reply to"), default=True,
    )
    email_replies = models.BooleanField(_("new replies in threads I follow"), default=True)
    email_mentions = models.BooleanField(_("when someone mentions me"), default=True)
    email_new_threads = models.BooleanField(
        _("new threads in categories and tags I follow"), default=True,
    )
    email_moderation = models.BooleanField(_("news about my own posts"), default=True)
    # The digest lists what changed since this moment; empty until the first one is sent.
    last_digest_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return f"Notification settings of {self.user_id}"
