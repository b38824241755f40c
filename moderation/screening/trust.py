"""Trust levels, 0 (new) to 3 (trusted), from account age and the member's track record."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from cop.enums import PostStatus
from moderation.enums import ReportOutcome
from moderation.models import Report
from moderation.permissions import is_moderator

TRUSTED = 3


@dataclass(frozen=True)
class Standing:
    level: int
    account_age_days: float
    approved_posts: int
    rejected_posts: int
    is_moderator: bool


def report_record(user) -> tuple[int, int]:
    """(upheld, decided) reports this member has made, in one query."""
    outcomes = Report.objects.filter(reporter=user).exclude(outcome=ReportOutcome.OPEN).aggregate(
        upheld=Count("pk", filter=Q(outcome=ReportOutcome.UPHELD)), total=Count("pk"))
    return outcomes["upheld"], outcomes["total"]


def _accurate_reporter(upheld: int, total: int) -> bool:
    need = settings.MODERATION_ACCURATE_REPORTER
    return upheld >= need["upheld"] and upheld >= need["share"] * total


def standing(user, *, reports: tuple[int, int] | None = None) -> Standing:
    """The member's trust level and what it rests on; `reports` (from report_record) saves
    its query when the caller already has it."""
    counts = user.posts.aggregate(
        approved=Count("pk", filter=Q(status=PostStatus.PUBLISHED)),
        rejected=Count("pk", filter=Q(status=PostStatus.REJECTED)),
    )
    age = (timezone.now() - user.date_joined).total_seconds() / 86400
    moderator = is_moderator(user)
    level = 0
    for step, (approved, days) in enumerate(settings.MODERATION_TRUST_STEPS, start=1):
        if counts["approved"] >= approved and age >= days:
            level = step
    if level < TRUSTED - 1 and _accurate_reporter(*(reports or report_record(user))):
        level += 1  # members whose reports moderators uphold have shown good judgement
    if counts["rejected"] and level == TRUSTED:
        level = TRUSTED - 1  # a trusted member with rejected posts gets a second look
    return Standing(
        level=TRUSTED if moderator else level, account_age_days=age,
        approved_posts=counts["approved"], rejected_posts=counts["rejected"],
        is_moderator=moderator,
    )
