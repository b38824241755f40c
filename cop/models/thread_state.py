"""What moderators and starters set on a thread: pinned, start here, closed, question and answer.

Kept apart from the thread's own fields so the forum model stays small; `Thread` inherits it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ThreadState(models.Model):
    pinned = models.BooleanField(_("pinned"), default=False)
    # The one thread a newcomer is pointed to first (a database constraint keeps it to one).
    start_here = models.BooleanField(_("start here"), default=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_reason = models.CharField(_("why it is closed"), max_length=300, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    is_question = models.BooleanField(_("a question"), default=False)
    answer = models.ForeignKey(
        "cop.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(
                fields=["start_here"], condition=Q(start_here=True),
                name="one_start_here_thread",
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | ~Q(closed_reason=""),
                name="closed_thread_says_why",
            ),
            models.CheckConstraint(
                condition=Q(answer__isnull=True) | Q(is_question=True),
                name="only_questions_have_answers",
            ),
        ]

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def is_solved(self) -> bool:
        return self.answer_id is not None
