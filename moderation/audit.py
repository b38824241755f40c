"""The audit log: moderators' decisions, their tidying of threads (moves, merges, splits, pins,
closes) and the spam check's outcomes, in one list, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import models
from django.db.models import BooleanField, CharField, F, FloatField, IntegerField, Value
from django.utils.translation import gettext_lazy as _

from cop.enums import PostStatus, ThreadActionKind
from cop.models import Post, ThreadAction, User
from moderation.enums import DecisionAction
from moderation.models import ModerationDecision, ModerationScore


class AuditSource(models.TextChoices):
    MODERATORS = "moderators", _("Moderators' decisions")
    THREADS = "threads", _("Moderators' thread tidying")
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
    """One line of the audit log: a moderator's decision, a moderator's tidying of a thread,
    or the spam check's outcome."""

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
    thread_action: ThreadAction | None = None

    @property
    def is_decision(self) -> bool:
        return self.kind == AuditSource.MODERATORS

    @property
    def is_thread_action(self) -> bool:
        return self.kind == AuditSource.THREADS

    @property
    def by_a_moderator(self) -> bool:
        return self.kind != AuditSource.SPAM_CHECK

    @property
    def action_label(self) -> str:
        if self.is_decision:
            return str(DecisionAction(self.action).label)
        if self.is_thread_action:
            return str(ThreadActionKind(self.action).label)
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
    """Moderators' decisions, their thread tidying and the spam check's outcomes, newest
    first, as one sliceable sequence for a paginator: a fixed number of queries a page (the
    rows, then their posts, people and thread actions)."""

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
        tidying = ThreadAction.objects.all()
        if filters.since:
            tidying = tidying.filter(created_at__date__gte=filters.since)
        if filters.until:
            tidying = tidying.filter(created_at__date__lte=filters.until)
        if filters.moderator:
            tidying = tidying.filter(moderator_id=filters.moderator)
        # ThreadAction has its own `kind` (move, merge...): it fills the `action` column, and
        # the source goes in the first column under another name (a union goes by position).
        tidying = tidying.annotate(
            source=Value(AuditSource.THREADS, output_field=CharField()),
            no_score=Value(None, output_field=FloatField()),
            no_status=Value("", output_field=CharField()),
            not_held=Value(False, output_field=BooleanField()),
            no_post=Value(None, output_field=IntegerField()),
        ).order_by().values_list("source", "pk", "created_at", "kind", "note", "no_score",
                                 "no_status", "not_held", "no_post", "moderator_id")
        wanted = filters.source
        branches = []
        if wanted in ("", AuditSource.MODERATORS):
            branches.append(decisions)
        # A decision (approve, reject) or a post is something only decisions and the spam
        # check have; a moderator is someone the spam check is not.
        if wanted in ("", AuditSource.THREADS) and not (filters.action or filters.post):
            branches.append(tidying)
        if wanted in ("", AuditSource.SPAM_CHECK) and not (filters.action or filters.moderator):
            branches.append(screenings)
        if not branches:
            rows = decisions.none()
        elif len(branches) == 1:
            rows = branches[0]
        else:
            rows = branches[0].union(*branches[1:], all=True)
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
        action_ids = {entry.pk for entry in entries if entry.is_thread_action}
        posts = Post.objects.select_related("thread", "author").in_bulk(post_ids)
        people = {post.author_id: post.author for post in posts.values()}
        missing = people_ids - set(people)
        if missing:
            people.update(User.objects.in_bulk(missing))
        actions = {}
        if action_ids:
            actions = ThreadAction.objects.select_related(
                "thread", "from_category", "to_category").in_bulk(action_ids)
        for entry, row in zip(entries, rows, strict=True):
            entry.post = posts.get(row[-2])
            entry.moderator = people.get(row[-1])
            if entry.is_thread_action:
                entry.thread_action = actions.get(entry.pk)
                if entry.thread_action is not None:
                    entry.thread_action.moderator = entry.moderator
        return entries


def audit_log(filters: AuditFilters) -> AuditLog:
    return AuditLog(filters)
