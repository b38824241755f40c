"""Moderators' limits on public edit history: a revision hidden from members, and why."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .forum import PostRevision


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
