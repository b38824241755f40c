"""Moderation records: model versions, scores, decisions (the audit log), training labels,
members' reports and appeals, and per-category thresholds."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moderation.enums import DecisionAction, Label, ReportOutcome, ReportReason


class ModelVersion(models.Model):
    """A trained spam model: where its artefact is, its hash, and how good it was."""

    version = models.PositiveIntegerField(unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    training_counts = models.JSONField(default=dict, help_text="Examples by label and source.")
    metrics = models.JSONField(default=dict, help_text="Cross-validated figures at training.")
    holdout_metrics = models.JSONField(
        default=dict, blank=True, help_text="This model and the one it was compared with, "
        "scored on moderator labels held back from training.",
    )
    threshold = models.FloatField(help_text="Scores at or above this are held for review.")
    artefact_path = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64)
    is_active = models.BooleanField(default=False)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=Q(is_active=True), name="one_active_model"
            ),
            models.CheckConstraint(
                condition=Q(threshold__gte=0) & Q(threshold__lte=1), name="threshold_in_0_1"
            ),
        ]

    def __str__(self) -> str:
        return f"Spam model v{self.version}{' (active)' if self.is_active else ''}"


class LearnedLayer(models.Model):
    """What the active spam model has learned from moderators' decisions since it was trained
    (moderation/engine/learning.py): one row per saved state, the newest active."""

    created_at = models.DateTimeField(default=timezone.now)
    last_label_id = models.PositiveBigIntegerField(
        default=0, help_text="The last moderator's decision learned.")
    decisions_learned = models.PositiveIntegerField(default=0)
    threshold = models.FloatField(
        null=True, blank=True,
        help_text="The operating threshold it chose; empty until it has learned enough.")
    artefact_path = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64)
    is_active = models.BooleanField(default=False)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=Q(is_active=True), name="one_active_layer"
            ),
        ]

    def __str__(self) -> str:
        return f"Learned layer {self.pk} ({self.decisions_learned} decisions)"


class ModerationScore(models.Model):
    """One screening of a post: the score, why, and the text and context as they were."""

    post = models.ForeignKey("cop.Post", on_delete=models.CASCADE, related_name="scores")
    # Set when this screening was of a proposed edit of the (published) post, not the post.
    edit = models.ForeignKey(
        "cop.PostEdit", null=True, blank=True, on_delete=models.CASCADE, related_name="scores"
    )
    model_version = models.ForeignKey(
        ModelVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="scores"
    )
    score = models.FloatField(null=True, blank=True)
    threshold = models.FloatField(null=True, blank=True)
    # The threshold the post met before the new-account rule lowered it (the category's own or
    # the model's operating threshold, learned layer included): whether that rule is what held
    # the post. Empty on screenings saved before it was recorded.
    usual_threshold = models.FloatField(null=True, blank=True)
    outcome = models.CharField(max_length=16)
    top_features = models.JSONField(default=list)
    rules = models.JSONField(default=list)
    # How the screening policy reached its outcome, in plain words ("spam score 0.91, at or
    # above 0.77: held for review").
    reasons = models.JSONField(default=list, blank=True)
    text = models.TextField()
    context = models.JSONField(default=dict)
    # 64-bit similarity fingerprint of the text (stored signed), for near-duplicates.
    fingerprint = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["post", "-created_at"]),
            # The recent fingerprints every screening compares its post with, read from the
            # index alone.
            models.Index(fields=["-created_at", "fingerprint", "post"],
                         name="moderation_score_recent"),
        ]

    def __str__(self) -> str:
        return f"Score {self.score} for post {self.post_id}"


class ModerationDecision(models.Model):
    """The audit log: who decided what about a post, when, why, and the score at the time.

    Rows are only ever added; nothing in the product edits or deletes them.
    """

    post = models.ForeignKey(
        "cop.Post", null=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set when the decision was on a proposed edit of the post (the post stayed as published).
    edit = models.ForeignKey(
        "cop.PostEdit", null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    action = models.CharField(max_length=16, choices=DecisionAction.choices)
    reason = models.TextField(blank=True)
    score = models.FloatField(null=True, blank=True)
    previous_status = models.CharField(max_length=16)
    # True when the post had been held automatically: approving it is a false hold.
    was_auto_held = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["-created_at"]), models.Index(fields=["action"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} post {self.post_id}"


class TrainingLabel(models.Model):
    """A moderator's verdict on a post, kept with the text and context that were scored."""

    post = models.OneToOneField(
        "cop.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="label"
    )
    # A label on a proposed edit names the edit (the post keeps its own label, if any).
    edit = models.OneToOneField(
        "cop.PostEdit", null=True, blank=True, on_delete=models.SET_NULL, related_name="label"
    )
    decision = models.ForeignKey(
        ModerationDecision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    label = models.PositiveSmallIntegerField(choices=Label.choices)
    text = models.TextField()
    context = models.JSONField(default=dict)
    source = models.CharField(max_length=40, default="moderator")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return f"{self.get_label_display()}: {self.text[:40]}"


class Report(models.Model):
    """A member's report on a post. One per member, post and reason."""

    post = models.ForeignKey("cop.Post", on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_made"
    )
    reason = models.CharField(max_length=16, choices=ReportReason.choices)
    details = models.TextField(blank=True, max_length=1000)
    # The reporter's weight when they reported (trust level and past accuracy).
    weight = models.FloatField(default=1.0)
    outcome = models.CharField(
        max_length=16, choices=ReportOutcome.choices, default=ReportOutcome.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter", "reason"], name="one_flag_per_member_post_reason"
            ),
        ]
        indexes = [models.Index(fields=["outcome", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} report on post {self.post_id}"


class Appeal(models.Model):
    """An author asking for a second look at a held or rejected post. Once per post."""

    post = models.OneToOneField("cop.Post", on_delete=models.CASCADE, related_name="appeal")
    text = models.TextField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Appeal for post {self.post_id}"


class CategoryThreshold(models.Model):
    """Per-category screening thresholds, set by admins; empty means the model's defaults."""

    category = models.OneToOneField(
        "cop.Category", on_delete=models.CASCADE, related_name="thresholds"
    )
    publish_below = models.FloatField(null=True, blank=True)
    quarantine_above = models.FloatField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(publish_below__isnull=True) | Q(quarantine_above__isnull=True)
                           | Q(publish_below__lte=models.F("quarantine_above"))),
                name="publish_below_not_above_quarantine",
            ),
            models.CheckConstraint(
                condition=(Q(publish_below__isnull=True)
                           | (Q(publish_below__gte=0) & Q(publish_below__lte=1))),
                name="publish_below_in_0_1",
            ),
            models.CheckConstraint(
                condition=(Q(quarantine_above__isnull=True)
                           | (Q(quarantine_above__gte=0) & Q(quarantine_above__lte=1))),
                name="quarantine_above_in_0_1",
            ),
        ]

    def __str__(self) -> str:
        return f"Thresholds for {self.category}"


class TrustPenalty(models.Model):
    """A trust level taken from a member because one of their posts was held or rejected.

    A row (not a date on the member) so that it sticks across recalculations, stacks for
    repeated trouble, says which post caused it, and can be lifted when a moderator approves
    that post after all (the hold was a false alarm). Rows are kept for the record.
    """

    class Cause(models.TextChoices):
        HELD = "held", _("a post was held by screening")
        REJECTED = "rejected", _("a post was rejected by a moderator")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trust_penalties"
    )
    post = models.ForeignKey(
        "cop.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cause = models.CharField(max_length=16, choices=Cause.choices)
    created_at = models.DateTimeField(default=timezone.now)
    until = models.DateTimeField()
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "post"], name="one_trust_penalty_per_post"),
        ]
        indexes = [models.Index(fields=["user", "until"])]

    def __str__(self) -> str:
        return f"Trust penalty for member {self.user_id} ({self.cause})"


class ProfileScreening(models.Model):
    """One screening of a member's profile (display name, organisation, about), with the
    words as they were, and a moderator's decision when it was held. Kept for the record."""

    class Outcome(models.TextChoices):
        PUBLISHED = "published", _("Shown")
        HELD = "held", _("Held for a moderator")
        APPROVED = "approved", _("Approved by a moderator")
        REJECTED = "rejected", _("Turned down by a moderator: fields cleared")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile_screenings"
    )
    display_name = models.CharField(max_length=80, blank=True)
    organisation = models.CharField(max_length=120, blank=True)
    bio = models.TextField(blank=True)
    score = models.FloatField(null=True, blank=True)
    threshold = models.FloatField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    rules = models.JSONField(default=list)
    reasons = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["outcome", "created_at"])]

    def __str__(self) -> str:
        return f"Profile screening of member {self.user_id}: {self.outcome}"
