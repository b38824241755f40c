"""Which thresholds hold a post in a category: the category's own (set by admins) or the
defaults, what a change would have done last month, and saving it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from moderation.enums import REJECTING_ACTIONS, DecisionAction
from moderation.models import (
    CategoryThreshold,
    LearnedLayer,
    ModelVersion,
    ModerationDecision,
    ModerationScore,
)


@dataclass(frozen=True)
class Effect:
    """How last month's scored posts in a category fall under a pair of thresholds."""

    scored: int
    published: int
    held: int
    quarantined: int
    spam_let_through: int  # posts moderators rejected that would have been published
    good_posts_held: int  # posts moderators approved that would have been held


def thresholds_with_defaults(own, model_threshold: float) -> tuple[float, float]:
    """A category's own thresholds (a CategoryThreshold or None), its empty ones filled from
    the model's operating threshold and MODERATION_QUARANTINE_ABOVE."""
    publish_below = own.publish_below if own and own.publish_below is not None \
        else model_threshold
    quarantine_above = own.quarantine_above if own and own.quarantine_above is not None \
        else settings.MODERATION_QUARANTINE_ABOVE
    return publish_below, quarantine_above


def category_thresholds(category_id: int, model_threshold: float) -> tuple[float, float]:
    """(publish below, quarantine above) that screening applies in a category."""
    own = CategoryThreshold.objects.filter(category_id=category_id).first()
    return thresholds_with_defaults(own, model_threshold)


def model_threshold() -> float:
    """The active model's operating threshold (0.5 before any model exists): the one its
    learned layer chose, once it has learned enough."""
    learned = LearnedLayer.objects.filter(is_active=True, threshold__isnull=False).values_list(
        "threshold", flat=True).first()
    if learned is not None:
        return learned
    active = ModelVersion.objects.filter(is_active=True).only("threshold").first()
    return active.threshold if active else 0.5


def current_thresholds(category, *, default: float | None = None) -> tuple[float, float]:
    """The thresholds screening applies in a category. With `default` (the model's threshold,
    read once for a list) and `category.thresholds` loaded, it costs no query."""
    own = getattr(category, "thresholds", None)  # None when the category has no row
    return thresholds_with_defaults(own, model_threshold() if default is None else default)


def effect_of(*, category, publish_below: float, quarantine_above: float,
              days: int = 30) -> Effect:
    """Replay the last `days` of scores in the category against the given thresholds."""
    since = timezone.now() - timedelta(days=days)
    last_decision = ModerationDecision.objects.filter(post=OuterRef("post")).order_by(
        "-created_at", "-pk").values("action")[:1]
    rows = list(
        ModerationScore.objects.filter(post__thread__category=category, created_at__gte=since,
                                       score__isnull=False)
        .annotate(decided=Subquery(last_decision))
        .order_by("post_id", "-created_at")
        .values_list("post_id", "score", "decided")
    )
    latest: dict[int, tuple[float, str | None]] = {}
    for post_id, score, decided in rows:
        latest.setdefault(post_id, (score, decided))
    published = held = quarantined = let_through = good_held = 0
    for score, decided in latest.values():
        if score >= quarantine_above:
            quarantined += 1
        elif score >= publish_below:
            held += 1
        else:
            published += 1
        rejected = decided in REJECTING_ACTIONS
        if rejected and score < publish_below:
            let_through += 1
        if decided == DecisionAction.APPROVE and score >= publish_below:
            good_held += 1
    return Effect(len(latest), published, held, quarantined, let_through, good_held)


@transaction.atomic
def set_thresholds(*, category, publish_below: float | None, quarantine_above: float | None,
                   by) -> CategoryThreshold:
    row, _ = CategoryThreshold.objects.update_or_create(
        category=category,
        defaults={"publish_below": publish_below, "quarantine_above": quarantine_above,
                  "updated_by": by, "updated_at": timezone.now()},
    )
    return row
