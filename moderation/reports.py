"""Members' reports and authors' appeals: how reports hide a post, and asking for a second look.

A report's weight depends on the reporter's trust level and record. Each reporter counts once
per post, however many reasons they give; once the open reports on a public post weigh
MODERATION_FLAG_HIDE_WEIGHT, the post is hidden until a moderator decides. A post by a
moderator or an editor is never hidden by reports alone: it waits in the queue, still public.
"""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max

from cop import following, publishing
from cop.enums import PostStatus
from cop.models import Post
from moderation.enums import HELD_STATUSES, ReportOutcome, ReportReason
from moderation.models import Appeal, Report
from moderation.permissions import is_moderator
from moderation.screening.trust import report_record, standing

REPORTED_NOTICE = (
    "Some members asked a moderator to look at your post in “{title}”, so it is hidden until "
    "a moderator has checked it."
)


class ReportError(Exception):
    """A report or appeal that cannot be taken; the message says why, for the member."""


def reporter_weight(user) -> float:
    """How much a member's report counts: more for trusted members with a record of accurate
    reports, less for those whose reports were mostly dismissed."""
    upheld, total = report_record(user)
    level = standing(user, reports=(upheld, total)).level
    base = settings.MODERATION_FLAG_WEIGHTS[min(level, len(settings.MODERATION_FLAG_WEIGHTS) - 1)]
    # Laplace-smoothed accuracy: a newcomer starts at 0.5-ish, a good record tends to 1.
    accuracy = (upheld + 1) / (total + 2)
    return round(base * (0.5 + accuracy), 3)


def open_report_weight(post: Post) -> float:
    """What the open reports on a post weigh: each reporter once (their heaviest report), so
    one member choosing two reasons counts as one member."""
    per_reporter = (post.reports.filter(outcome=ReportOutcome.OPEN).values("reporter_id")
                    .annotate(weight=Max("weight")).values_list("weight", flat=True))
    return sum(per_reporter)


def is_shielded_from_reports(user) -> bool:
    """Moderators and editors (who may use the page editor): members' reports send their posts
    to the queue for a moderator, but never hide them on their own."""
    return is_moderator(user) or user.has_perm("wagtailadmin.access_admin")


def report_post(*, post: Post, reporter, reason: str, details: str = "") -> Report:
    """Record a member's report; hide the post for review once the reports weigh enough."""
    if reason not in ReportReason.values:
        raise ReportError("Please choose a reason from the list.")
    if reason == ReportReason.OTHER and not details.strip():
        raise ReportError("Please tell the moderators what is wrong.")
    if post.author_id == reporter.pk:
        raise ReportError("You cannot report your own post.")
    try:
        with transaction.atomic():
            report = Report.objects.create(
                post=post, reporter=reporter, reason=reason, details=details.strip()[:1000],
                weight=reporter_weight(reporter),
            )
    except IntegrityError as error:
        raise ReportError("You have already reported this post for that reason.") from error
    if (post.status == PostStatus.PUBLISHED
            and open_report_weight(post) >= settings.MODERATION_FLAG_HIDE_WEIGHT
            and not is_shielded_from_reports(post.author)):
        with transaction.atomic():
            locked = (Post.objects.select_for_update(**publishing.POST_ONLY)
                      .select_related("thread").get(pk=post.pk))
            publishing.hold_post(post=locked, status=PostStatus.HELD)
            following.notify_author(post=locked,
                                message=REPORTED_NOTICE.format(title=locked.thread.title))
    return report


def appeal_post(*, post: Post, author, text: str) -> Appeal:
    """The author asks once for a second look; the post goes back to the front of the queue."""
    if post.author_id != author.pk:
        raise ReportError("Only the author can ask for a second look.")
    if post.status not in {*HELD_STATUSES, PostStatus.REJECTED}:
        raise ReportError("This post is not waiting for review or rejected.")
    if not text.strip():
        raise ReportError("Please say briefly why the post should be published.")
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(post=post, text=text.strip()[:2000])
            if post.status == PostStatus.REJECTED:
                publishing.hold_post(post=post, status=PostStatus.HELD)
    except IntegrityError as error:
        raise ReportError("You have already asked for a second look at this post.") from error
    return appeal
