"""Trust levels, 0 (new) to 3 (trusted), earned over days and by taking part, never by one post.

Each level needs every one of its MODERATION_TRUST_STEPS: days since joining, posts approved,
distinct days with an approved post, posts read (when the site counts reading), and no post
rejected within MODERATION_TRUST_CLEAN_DAYS. A member whose post is held or rejected loses a
level for MODERATION_TRUST_PENALTY_DAYS (a TrustPenalty row), unless a moderator approves it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.module_loading import import_string

from cop.enums import PostStatus
from moderation.enums import ReportOutcome
from moderation.models import Report, TrustPenalty
from moderation.permissions import is_moderator

TRUSTED = 3


@dataclass(frozen=True)
class Standing:
    level: int
    account_age_days: float
    approved_posts: int
    rejected_posts: int
    is_moderator: bool
    approved_days: int = 0
    recent_rejections: int = 0
    posts_read: int | None = None
    penalties: int = 0
    posts_since: int | None = None  # posts written since `recent_since`, when asked


def report_record(user) -> tuple[int, int]:
    """(upheld, decided) reports this member has made, in one query."""
    outcomes = Report.objects.filter(reporter=user).exclude(outcome=ReportOutcome.OPEN).aggregate(
        upheld=Count("pk", filter=Q(outcome=ReportOutcome.UPHELD)), total=Count("pk"))
    return outcomes["upheld"], outcomes["total"]


def _accurate_reporter(upheld: int, total: int) -> bool:
    need = settings.MODERATION_ACCURATE_REPORTER
    return upheld >= need["upheld"] and upheld >= need["share"] * total


def posts_read(user) -> int | None:
    """How many posts the member has read, from the callable named by MODERATION_POSTS_READ
    (None when the site does not count reading: the steps' `posts_read` are then not asked)."""
    path = getattr(settings, "MODERATION_POSTS_READ", "")
    return import_string(path)(user) if path else None


def _meets(step: dict, *, age: float, approved: int, days: int,
           read: Callable[[], int | None]) -> bool:
    """Whether the figures meet a trust step; posts read (a query) are asked last."""
    return (age >= step.get("days_since_joining", 0)
            and approved >= step.get("approved_posts", 0)
            and days >= step.get("approved_on_distinct_days", 0)
            and ((count := read()) is None or count >= step.get("posts_read", 0)))


def standing(user, *, reports: tuple[int, int] | None = None, recent_since=None,
             other_than=None) -> Standing:
    """The member's trust level and what it rests on; `reports` (from report_record) saves
    its query when the caller already has it. With `recent_since`, `posts_since` counts the
    member's posts written since then, the post `other_than` (a pk) left out, in the same
    query as the rest of their posts' figures."""
    now = timezone.now()
    counts = user.posts.aggregate(
        approved_days=Count(TruncDate("created_at"), filter=Q(status=PostStatus.PUBLISHED),
                            distinct=True),
        **post_figures(now=now, recent_since=recent_since, other_than=other_than),
    )
    penalties = TrustPenalty.objects.filter(user=user, until__gt=now,
                                            lifted_at__isnull=True).count()
    return standing_from(
        user, now=now, approved=counts["approved"], approved_days=counts["approved_days"],
        rejected=counts["rejected"], recent_rejections=counts["recent_rejections"],
        penalties=penalties, read=posts_read(user), posts_since=counts.get("posts_since"),
        reports=lambda: reports or report_record(user),
    )


def post_figures(*, now, recent_since=None, other_than=None) -> dict[str, Count]:
    """What a member's standing counts of their posts, as aggregates (for one member, or per
    member when grouped by author): approved, rejected, rejected lately and, with
    `recent_since`, written since then (the post `other_than`, a pk, left out)."""
    clean_since = now - timedelta(days=settings.MODERATION_TRUST_CLEAN_DAYS)
    figures = {
        "approved": Count("pk", filter=Q(status=PostStatus.PUBLISHED)),
        "rejected": Count("pk", filter=Q(status=PostStatus.REJECTED)),
        "recent_rejections": Count("pk", filter=Q(status=PostStatus.REJECTED,
                                                  screened_at__gte=clean_since)),
    }
    if recent_since is not None:
        recent = Q(created_at__gte=recent_since)
        figures["posts_since"] = Count("pk", filter=recent & ~Q(pk=other_than)
                                       if other_than is not None else recent)
    return figures


def standing_from(user, *, now, approved: int, approved_days: int, rejected: int,
                  recent_rejections: int, penalties: int,
                  read: int | None | Callable[[], int | None], posts_since: int | None,
                  reports: Callable[[], tuple[int, int]]) -> Standing:
    """The member's standing from figures already read (by standing(), or for several members
    at once by screening a batch); `reports` is asked only when the level depends on them, and
    so is `read` when it is a callable (the standing's posts_read is then None unless a step
    needed it)."""
    asked: list[int | None] = []

    def posts_read_now() -> int | None:
        if not callable(read):
            return read
        if not asked:
            asked.append(read())
        return asked[0]

    age = (now - user.date_joined).total_seconds() / 86400
    moderator = is_moderator(user)
    level = 0
    if not recent_rejections:
        for step_level, step in enumerate(settings.MODERATION_TRUST_STEPS, start=1):
            if not _meets(step, age=age, approved=approved, days=approved_days,
                          read=posts_read_now):
                break
            level = step_level
        steps = settings.MODERATION_TRUST_STEPS
        old_enough = not steps or age >= steps[0].get("days_since_joining", 0)
        if level < TRUSTED - 1 and old_enough and _accurate_reporter(*reports()):
            # Members whose reports moderators uphold have shown good judgement; not on their
            # first days, so that reporting is no shortcut for a new account.
            level += 1
    level = max(0, level - penalties)
    return Standing(
        level=TRUSTED if moderator else level, account_age_days=age,
        approved_posts=approved, rejected_posts=rejected,
        is_moderator=moderator, approved_days=approved_days,
        recent_rejections=recent_rejections,
        posts_read=read if not callable(read) else (asked[0] if asked else None),
        penalties=penalties,
        posts_since=posts_since,
    )


def penalise(*, post, cause: str) -> TrustPenalty | None:
    """Take a level from the post's author for a while; once per post (a hold then a
    rejection of the same post costs one level, not two). None if the post has one already."""
    until = timezone.now() + timedelta(days=settings.MODERATION_TRUST_PENALTY_DAYS)
    try:
        with transaction.atomic():
            return TrustPenalty.objects.create(user_id=post.author_id, post=post, cause=cause,
                                               until=until)
    except IntegrityError:
        TrustPenalty.objects.filter(post=post, lifted_at__isnull=False).update(
            lifted_at=None, cause=cause, until=until)  # approved once, rejected after all
        return None


def lift_penalty(*, post) -> int:
    """A moderator approved the post: the hold was a false alarm, so its penalty ends."""
    return TrustPenalty.objects.filter(post=post, lifted_at__isnull=True).update(
        lifted_at=timezone.now())
