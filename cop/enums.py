"""Choices used by the forum's models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PostStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be checked")
    PUBLISHED = "published", _("Published")
    HELD = "held", _("Held for review")
    QUARANTINED = "quarantined", _("Held for review")
    REJECTED = "rejected", _("Not published")


class EditStatus(models.TextChoices):
    """Where a member's edit of a published post stands; the post shows its published text
    until an edit is published."""

    PENDING = "pending", _("Waiting to be checked")
    HELD = "held", _("Held for review")
    QUARANTINED = "quarantined", _("Held for review")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Not published")
    REPLACED = "replaced", _("Replaced by a later edit")


# Edits still waiting: at most one per post (a database constraint keeps it so).
OPEN_EDIT_STATUSES = (EditStatus.PENDING, EditStatus.HELD, EditStatus.QUARANTINED)
HELD_EDIT_STATUSES = (EditStatus.HELD, EditStatus.QUARANTINED)


class MemberRole(models.TextChoices):
    NONE = "", _("Not given")
    LIVED_EXPERIENCE = "lived_experience", _("Lived experience")
    PRACTITIONER = "practitioner", _("Practitioner")
    RESEARCHER = "researcher", _("Researcher")
    COMMISSIONER = "commissioner", _("Commissioner or funder")
    VOLUNTEER = "volunteer", _("Volunteer")


class NotificationKind(models.TextChoices):
    REPLY = "reply", _("New reply in a thread you follow")
    NEW_THREAD = "new_thread", _("New thread where you follow")
    MENTION = "mention", _("You were mentioned")
    MODERATION = "moderation", _("About your post")


class DigestFrequency(models.TextChoices):
    NEVER = "never", _("Never")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


class AttachmentKind(models.TextChoices):
    IMAGE = "image", _("Picture")
    DOCUMENT = "document", _("Document")


class ThreadActionKind(models.TextChoices):
    MOVE = "move", _("Moved")
    MERGE = "merge", _("Merged")
    SPLIT = "split", _("Split")
    PIN = "pin", _("Pinned")
    UNPIN = "unpin", _("Unpinned")
    START_HERE = "start_here", _("Made the start here thread")
    NOT_START_HERE = "not_start_here", _("No longer the start here thread")
    CLOSE = "close", _("Closed")
    REOPEN = "reopen", _("Reopened")


class ReactionKind(models.TextChoices):
    THANKS = "thanks", _("Thanks")
    HELPFUL = "helpful", _("Helpful")
    ME_TOO = "me_too", _("Me too")


class SearchKind(models.TextChoices):
    THREAD = "thread", _("Discussions")
    POST = "post", _("Replies")
    RESOURCE = "resource", _("Resources")


class SearchSort(models.TextChoices):
    RELEVANCE = "relevance", _("Best match")
    DATE = "date", _("Newest first")


class ProfileStatus(models.TextChoices):
    """Whether a member's own words (display name, organisation, about) are shown in public."""

    PUBLISHED = "published", _("Shown")
    PENDING = "pending", _("Being checked")
    HELD = "held", _("Waiting for a moderator")
