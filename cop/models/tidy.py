"""Moderators tidying threads: the record of each move, merge and split, and old addresses."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from cop.enums import ThreadActionKind

from .forum import Category, Thread


class ThreadAction(models.Model):
    """One line of the thread audit log: who moved, merged or split what, when and why."""

    kind = models.CharField(max_length=16, choices=ThreadActionKind.choices)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The thread as it stands after the action (the merge target, the new thread of a split).
    thread = models.ForeignKey(Thread, on_delete=models.SET_NULL, null=True, related_name="+")
    # The merged-away thread is gone, so its number and title are kept as plain values.
    other_thread_id = models.PositiveBigIntegerField(null=True, blank=True)
    other_thread_title = models.CharField(max_length=160, blank=True)
    from_category = models.ForeignKey(
        Category, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    to_category = models.ForeignKey(
        Category, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    post_count = models.PositiveIntegerField(default=0)
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=ThreadActionKind.MOVE) | Q(to_category__isnull=False),
                name="thread_action_move_has_category",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.moderator_id}"


class ThreadRedirect(models.Model):
    """The address of a thread merged into another keeps working: it leads to the merged one."""

    old_thread_id = models.PositiveBigIntegerField(primary_key=True)
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.old_thread_id} -> {self.thread_id}"
