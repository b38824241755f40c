"""Edits and their history: a member's proposed edit of a published post, waiting to be
screened, and moderators' limits on the public history (a revision hidden, and why)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from cop.enums import OPEN_EDIT_STATUSES, EditStatus

from .forum import Post, PostRevision


class HiddenRevision(models.Model):
    """A revision moderators took out of the public history (personal details, abuse)."""

    revision = models.OneToOneField(
        PostRevision, on_delete=models.CASCADE, primary_key=True, related_name="hidden"
    )
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=300, blank=True)
    hidden_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Revision {self.revision_id} hidden"


class PostEdit(models.Model):
    """A member's edit of a published post. The post keeps showing its published text (the
    one everyone sees, searches and is notified about) until the edit is screened and
    published; a held edit waits for a moderator; rejected and replaced edits are kept for
    the audit log and as training examples."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="edits")
    body = models.TextField()
    # The new thread title, when the edit is of an opening post and changes it; blank if not.
    title = models.CharField(max_length=160, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=16, choices=EditStatus.choices, default=EditStatus.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    screened_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["post", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["post"], condition=Q(status__in=OPEN_EDIT_STATUSES),
                name="one_open_edit_per_post",
            ),
            models.CheckConstraint(condition=~Q(body=""), name="post_edit_body_not_empty"),
        ]

    def __str__(self) -> str:
        return f"Edit of post {self.post_id} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_EDIT_STATUSES
