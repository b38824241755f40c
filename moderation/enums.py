"""Choices used by the moderation models, and the named groups of them the code relies on."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cop.enums import PostStatus


class DecisionAction(models.TextChoices):
    APPROVE = "approve", _("Approved")
    REJECT = "reject", _("Rejected")
    REJECT_AND_SUSPEND = "reject_suspend", _("Rejected and author suspended")
    PURGE_CAMPAIGN = "purge", _("Removed as part of a campaign")


# What a moderator can do to an item from the queue (a campaign purge has its own page).
QUEUE_ACTIONS = (
    DecisionAction.APPROVE, DecisionAction.REJECT, DecisionAction.REJECT_AND_SUSPEND,
)
REJECTING_ACTIONS = (
    DecisionAction.REJECT, DecisionAction.REJECT_AND_SUSPEND, DecisionAction.PURGE_CAMPAIGN,
)
# Post statuses that mean "waiting for a moderator".
HELD_STATUSES = (PostStatus.HELD, PostStatus.QUARANTINED)


class Label(models.IntegerChoices):
    HAM = 0, _("Legitimate")
    SPAM = 1, _("Spam")


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    ABUSIVE = "abusive", _("Abusive or unkind")
    OFF_TOPIC = "off_topic", _("Off topic")
    OTHER = "other", _("Something else")


class ReportOutcome(models.TextChoices):
    OPEN = "open", _("Waiting for a moderator")
    UPHELD = "upheld", _("Upheld")
    DISMISSED = "dismissed", _("Dismissed")
