"""The audit log: moderators' decisions and the spam check's outcomes, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import models
from django.db.models import BooleanField, CharField, F, IntegerField, Value
from django.utils.translation import gettext_lazy as _

from cop.enums import PostStatus
from cop.models import Post, User
from moderation.enums import DecisionAction
from moderation.models import ModerationDecision, ModerationScore


class AuditSource(models.TextChoices):
    MODERATORS = "moderators", _("Moderators' decisions")
    SPAM_CHECK = "spam_check", _("The spam check")


SCREENING_LABELS = {
    PostStatus.PUBLISHED: _("Spam check: published"),
    PostStatus.HELD: _("Spam check: held for review"),
    PostStatus.QUARANTINED: _("Spam check: quarantined"),
    PostStatus.REJECTED: _("Spam check: not published"),
}


@dataclass
class AuditFilters:
    action: str = ""
    moderator: int | None = None
    post: int | None = None
    since: date | None = None
    until: date | None = None
    source: str = ""


@dataclass
class AuditEntry:
    """One line of the audit log: a moderator's decision or the spam check's outcome."""

    kind: str
    pk: int
    created_at: datetime
    action: str
    reason: str
    score: float | None
    previous_status: str
    was_auto_held: bool
    post: Post | None = None
    moderator: object | None = None

    @property
    def is_decision(self) -> bool:
        return self.kind == AuditSource.MODERATORS

    @property
    def action_label(self) -> str:
        if self.is_decision:
            return str(DecisionAction(self.action).label)
        return str(SCREENING_LABELS.get(self.action, self.action))

    @property
    def is_false_hold(self) -> bool:
        return self.is_decision and self.was_auto_held and self.action == DecisionAction.APPROVE


_AUDIT_COLUMNS = ("kind", "pk", "created_at", "action", "reason", "score", "previous_status",
                  "was_auto_held", "post_id", "moderator_id")


def _dated(queryset, filters: AuditFilters):
    if filters.post:
        queryset = queryset.filter(post_id=filters.post)
    if filters.since:
        queryset = queryset.filter(created_at__date__gte=filters.since)
    if filters.until:
        queryset = queryset.filter(created_at__date__lte=filters.until)
    return queryset


class AuditLog:
    """Moderators' decisions and the spam check's outcomes, newest first, as one sliceable
    sequence for a paginator: two queries a page (the rows, then their posts and people)."""

    def __init__(self, filters: AuditFilters):
        decisions = _dated(ModerationDecision.objects.all(), filters)
        if filters.action:
            decisions = decisions.filter(action=filters.action)
        if filters.moderator:
            decisions = decisions.filter(moderator_id=filters.moderator)
        decisions = decisions.annotate(
            kind=Value(AuditSource.MODERATORS, output_field=CharField())
        ).order_by().values_list(*_AUDIT_COLUMNS)
        screenings = _dated(ModerationScore.objects.all(), filters).annotate(
            kind=Value(AuditSource.SPAM_CHECK, output_field=CharField()),
            action=F("outcome"), reason=Value("", output_field=CharField()),
            previous_status=Value("", output_field=CharField()),
            was_auto_held=Value(False, output_field=BooleanField()),
            moderator_id=Value(None, output_field=IntegerField()),
        ).order_by().values_list(*_AUDIT_COLUMNS)
        only_decisions = bool(filters.action or filters.moderator
                              or filters.source == AuditSource.MODERATORS)
        if only_decisions:
            rows = decisions
        elif filters.source == AuditSource.SPAM_CHECK:
            rows = screenings
        else:
            rows = decisions.union(screenings, all=True)
        self.rows = rows.order_by("-created_at", "-pk")

    def count(self) -> int:
        return self.rows.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        rows = self.rows[index]
        if not isinstance(index, slice):
            return self._entries([rows])[0]
        return self._entries(list(rows))

    def _entries(self, rows) -> list[AuditEntry]:
        entries = [AuditEntry(**dict(zip(_AUDIT_COLUMNS[:-2], row[:-2], strict=True)))
                   for row in rows]
        post_ids = {row[-2] for row in rows if row[-2]}
        people_ids = {row[-1] for row in rows if row[-1]}
        posts = Post.objects.select_related("thread", "author").in_bulk(post_ids)
        people = {post.author_id: post.author for post in posts.values()}
        missing = people_ids - set(people)
        if missing:
            people.update(User.objects.in_bulk(missing))
        for entry, row in zip(entries, rows, strict=True):
            entry.post = posts.get(row[-2])
            entry.moderator = people.get(row[-1])
        return entries


def audit_log(filters: AuditFilters) -> AuditLog:
    return AuditLog(filters)
