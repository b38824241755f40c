"""Choices used by the moderation models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DecisionAction(models.TextChoices):
    APPROVE = "approve", _("Approved")
    REJECT = "reject", _("Rejected")
    REJECT_AND_SUSPEND = "reject_suspend", _("Rejected and author suspended")
    PURGE_CAMPAIGN = "purge", _("Removed as part of a campaign")


class Label(models.IntegerChoices):
    HAM = 0, _("Legitimate")
    SPAM = 1, _("Spam")


class FlagReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    ABUSIVE = "abusive", _("Abusive or unkind")
    OFF_TOPIC = "off_topic", _("Off topic")
    OTHER = "other", _("Something else")


class FlagOutcome(models.TextChoices):
    OPEN = "open", _("Waiting for a moderator")
    UPHELD = "upheld", _("Upheld")
    DISMISSED = "dismissed", _("Dismissed")
