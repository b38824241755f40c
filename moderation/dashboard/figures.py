"""The moderation dashboard's figures: posts screened, held and rejected each day, how well the
spam check did each week, the queue's size and how fast it is cleared."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate, TruncWeek
from django.utils import timezone

from moderation.enums import HELD_STATUSES, REJECTING_ACTIONS, DecisionAction
from moderation.models import ModelVersion, ModerationDecision, ModerationScore
from moderation.queue.items import queue_size


@dataclass
class DayFigures:
    day: date
    screened: int = 0
    held: int = 0
    rejected: int = 0


@dataclass
class WeekFigures:
    week: date
    auto_held_decided: int = 0
    auto_held_rejected: int = 0
    approved: int = 0
    approved_auto_held: int = 0

    @property
    def precision(self) -> float | None:
        """Of the automatically held posts moderators decided, the share they rejected."""
        if not self.auto_held_decided:
            return None
        return self.auto_held_rejected / self.auto_held_decided

    @property
    def false_hold_rate(self) -> float | None:
        """Of the posts moderators approved, the share the classifier had held."""
        if not self.approved:
            return None
        return self.approved_auto_held / self.approved


@dataclass
class Dashboard:
    days: list[DayFigures]
    weeks: list[WeekFigures]
    queue_size: int
    median_minutes_to_clear: float | None
    decisions_counted: int
    model: ModelVersion | None


def _local_today() -> date:
    return timezone.localdate()


def dashboard(*, days: int = 30, weeks: int = 12) -> Dashboard:
    """The dashboard's figures, in a fixed number of queries."""
    today = _local_today()
    first_day = today - timedelta(days=days - 1)
    start = timezone.make_aware(datetime.combine(first_day, datetime.min.time()))
    by_day = {first_day + timedelta(days=n): DayFigures(first_day + timedelta(days=n))
              for n in range(days)}
    screened = (ModerationScore.objects.filter(created_at__gte=start)
                .annotate(day=TruncDate("created_at")).values("day")
                .annotate(total=Count("pk"), held=Count("pk", filter=Q(outcome__in=HELD_STATUSES))))
    for row in screened:
        if row["day"] in by_day:
            by_day[row["day"]].screened = row["total"]
            by_day[row["day"]].held = row["held"]
    rejected = (ModerationDecision.objects.filter(created_at__gte=start,
                                                  action__in=REJECTING_ACTIONS)
                .annotate(day=TruncDate("created_at")).values("day").annotate(total=Count("pk")))
    for row in rejected:
        if row["day"] in by_day:
            by_day[row["day"]].rejected = row["total"]

    # Weeks start on Monday, as TruncWeek does.
    this_week = today - timedelta(days=today.weekday())
    first_week = this_week - timedelta(weeks=weeks - 1)
    week_start = timezone.make_aware(datetime.combine(first_week, datetime.min.time()))
    by_week = {first_week + timedelta(weeks=n): WeekFigures(first_week + timedelta(weeks=n))
               for n in range(weeks)}
    weekly = (ModerationDecision.objects.filter(created_at__gte=week_start)
              .annotate(week=TruncWeek("created_at")).values("week").annotate(
                  auto_held_decided=Count("pk", filter=Q(was_auto_held=True)),
                  auto_held_rejected=Count("pk", filter=Q(was_auto_held=True,
                                                           action__in=REJECTING_ACTIONS)),
                  approved=Count("pk", filter=Q(action=DecisionAction.APPROVE)),
                  approved_auto_held=Count("pk", filter=Q(action=DecisionAction.APPROVE,
                                                          was_auto_held=True)),
              ))
    for row in weekly:
        week = row["week"].date() if isinstance(row["week"], datetime) else row["week"]
        if week in by_week:
            figures = by_week[week]
            figures.auto_held_decided = row["auto_held_decided"]
            figures.auto_held_rejected = row["auto_held_rejected"]
            figures.approved = row["approved"]
            figures.approved_auto_held = row["approved_auto_held"]

    waits = [
        (decided - created).total_seconds() / 60
        for decided, created in ModerationDecision.objects.filter(
            created_at__gte=start, post__isnull=False
        ).values_list("created_at", F("post__created_at"))
    ]
    return Dashboard(
        days=list(by_day.values()), weeks=list(by_week.values()), queue_size=queue_size(),
        median_minutes_to_clear=statistics.median(waits) if waits else None,
        decisions_counted=len(waits),
        model=ModelVersion.objects.filter(is_active=True).first(),
    )


METRIC_NAMES = {
    "n": "Examples",
    "spam": "Spam examples",
    "ham": "Legitimate examples",
    "precision": "Precision at the threshold",
    "recall": "Share of spam held at the threshold (recall)",
    "false_hold_rate": "False-hold rate at the threshold",
    "recall_at_1pct_fhr": "Share of spam held when at most 1% of legitimate posts are",
    "roc_auc": "ROC AUC",
    "average_precision": "Average precision",
    "threshold": "Threshold",
}


def metric_rows(metrics: dict) -> list[tuple[str, str]]:
    rows = []
    for key, name in METRIC_NAMES.items():
        value = metrics.get(key)
        if value is None:
            continue
        rows.append((name, f"{value:g}" if isinstance(value, int) else f"{value:.3f}"))
    return rows


def duration_words(minutes: float | None) -> str:
    if minutes is None:
        return ""
    if minutes < 60:
        return f"{minutes:.0f} min"
    hours, rest = divmod(round(minutes), 60)
    if hours < 48:
        return f"{hours} h {rest} min"
    return f"{hours / 24:.1f} days"
