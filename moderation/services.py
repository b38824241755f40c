"""Moderation's public services for the rest of the site (the forum, its commands and pages).

Other apps import moderation only through this module, `moderation.permissions` and the
`moderation.web` URLs (an import-linter contract in pyproject.toml keeps it so); everything
else in the package is internal and may move.
"""

from cop.enums import PostStatus
from moderation.enums import DecisionAction
from moderation.models import ModerationDecision, ModerationScore
from moderation.reports import ReportError, appeal_post, report_post
from moderation.screening.service import screen_post

__all__ = ["ReportError", "appeal_post", "moderation_tally", "report_post", "screen_post"]


def moderation_tally(posts) -> dict[str, int]:
    """Of these posts (a queryset), how many screening kept from the public (held or
    quarantined), and how many a moderator decided: approved, rejected."""
    decisions = ModerationDecision.objects.filter(post__in=posts)
    return {
        "held": ModerationScore.objects.filter(post__in=posts).exclude(outcome=PostStatus.PUBLISHED)
        .values("post").distinct().count(),
        "decided": decisions.values("post").distinct().count(),
        "approved": decisions.filter(action=DecisionAction.APPROVE).count(),
        "rejected": decisions.exclude(action=DecisionAction.APPROVE).count(),
    }
