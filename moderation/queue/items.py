"""The review queue: which posts wait for a moderator, why, and the queue's filters and order."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from cop.enums import HELD_EDIT_STATUSES, PostStatus
from cop.models import Post, PostEdit
from moderation.contacts import campaign_keys, contacts_for
from moderation.engine.contacts import Contacts
from moderation.enums import HELD_STATUSES, ReportOutcome
from moderation.models import Appeal, ModerationScore, ProfileScreening, Report
from moderation.screening.profiles import held_profiles
from moderation.screening.reasons import QueueReason, queue_reasons


class QueueSort(models.TextChoices):
    OLDEST = "oldest", _("Waiting longest first")
    NEWEST = "newest", _("Newest first")
    SCORE = "score", _("Highest spam score first")


# Score bands as (value, label, lowest score included, highest score excluded).
SCORE_BANDS = [
    ("0-50", _("Under 0.50"), 0.0, 0.5),
    ("50-80", _("0.50 to 0.79"), 0.5, 0.8),
    ("80-95", _("0.80 to 0.94"), 0.8, 0.95),
    ("95-100", _("0.95 and over"), 0.95, 1.01),
    ("none", _("No score"), None, None),
]


@dataclass
class ReviewItem:
    """One post waiting for a moderator, with everything the queue shows about it."""

    post: Post
    score: ModerationScore | None
    reports: list[Report]
    appeal: Appeal | None
    reasons: list[QueueReason]
    waiting_since: datetime
    contacts: Contacts = field(default_factory=Contacts)
    # A held edit of the (published) post: the item is about the edit, and its score is the
    # edit's.
    edit: PostEdit | None = None

    @property
    def body(self) -> str:
        """The text the moderator decides on: the proposed edit, or the post."""
        return self.edit.body if self.edit is not None else self.post.body

    @property
    def reason_labels(self) -> list[str]:
        return [QueueReason(reason).label for reason in self.reasons]

    @property
    def score_value(self) -> float | None:
        return self.score.score if self.score else None

    @property
    def trust_level(self) -> int | None:
        """The author's trust level when the post was screened (what the classifier saw)."""
        return self.score.context.get("trust_level") if self.score else None

    @property
    def is_quarantined(self) -> bool:
        status = self.edit.status if self.edit is not None else self.post.status
        return status == PostStatus.QUARANTINED

    @property
    def campaign_keys(self) -> list[str]:
        return campaign_keys(self.contacts)


@dataclass
class QueueFilters:
    reason: str = ""
    category: int | None = None
    score_band: str = ""
    trust_level: int | None = None
    campaign: str = ""
    sort: str = QueueSort.OLDEST


def queue_posts() -> QuerySet[Post]:
    """Posts a moderator needs to look at: held, quarantined, public with open reports, or
    public with a held edit."""
    open_reports = Report.objects.filter(post=OuterRef("pk"), outcome=ReportOutcome.OPEN)
    held_edits = PostEdit.objects.filter(post=OuterRef("pk"), status__in=HELD_EDIT_STATUSES)
    return Post.objects.alias(
        has_open_reports=Exists(open_reports), has_held_edit=Exists(held_edits),
    ).filter(
        Q(status__in=HELD_STATUSES)
        | Q(status=PostStatus.PUBLISHED, has_open_reports=True)
        | Q(status=PostStatus.PUBLISHED, has_held_edit=True)
    )


def held_edits(post_ids: list[int]) -> dict[int, PostEdit]:
    """The held edit of each listed post that has one, by post id (one query)."""
    return {edit.post_id: edit for edit in PostEdit.objects.filter(
        post_id__in=post_ids, status__in=HELD_EDIT_STATUSES).select_related("edited_by")}


def edit_scores(edits: list[PostEdit]) -> dict[int, ModerationScore]:
    """The latest score of each edit, by post id (one query)."""
    latest: dict[int, ModerationScore] = {}
    for score in ModerationScore.objects.filter(edit__in=edits).select_related(
            "model_version").order_by("created_at", "pk"):
        latest[score.post_id] = score
    return latest


def queue_size() -> int:
    return queue_posts().count()


def waiting_since(post: Post, reports: list[Report], appeal: Appeal | None,
                  edit: PostEdit | None = None) -> datetime:
    if appeal is not None:
        return appeal.created_at
    if edit is not None:
        return edit.screened_at or edit.created_at
    if post.status == PostStatus.PUBLISHED and reports:
        return min(report.created_at for report in reports)
    return post.screened_at or post.created_at


def review_items(*, category: int | None = None) -> list[ReviewItem]:
    """Every queue item with its score, open reports and appeal, in a fixed number of queries."""
    latest_score = ModerationScore.objects.filter(
        post=OuterRef("pk"), edit__isnull=True
    ).order_by("-created_at", "-pk").values("pk")[:1]
    posts = queue_posts().select_related("thread__category", "author").annotate(
        latest_score_id=Subquery(latest_score)
    ).prefetch_related(
        Prefetch("reports", queryset=Report.objects.filter(outcome=ReportOutcome.OPEN)
                 .select_related("reporter").order_by("created_at"), to_attr="open_reports"),
    )
    if category:
        posts = posts.filter(thread__category_id=category)
    posts = list(posts)
    ids = [post.pk for post in posts]
    score_ids = [post.latest_score_id for post in posts if post.latest_score_id]
    scores_by_pk = ModerationScore.objects.select_related("model_version").in_bulk(score_ids)
    scores = {score.post_id: score for score in scores_by_pk.values()}
    edits = held_edits(ids)
    scores.update(edit_scores(list(edits.values())))
    appeals = {appeal.post_id: appeal for appeal in
               Appeal.objects.filter(post_id__in=ids, resolved_at__isnull=True)}
    contacts = contacts_for(scores, posts)
    items = []
    for post in posts:
        score, appeal, edit = scores.get(post.pk), appeals.get(post.pk), edits.get(post.pk)
        items.append(ReviewItem(
            post=post, score=score, reports=post.open_reports, appeal=appeal,
            reasons=queue_reasons(post=post, score=score, has_reports=bool(post.open_reports),
                                  has_appeal=appeal is not None, edit=edit),
            waiting_since=waiting_since(post, post.open_reports, appeal, edit),
            contacts=contacts[post.pk], edit=edit,
        ))
    return items


def shared_campaigns(items: list[ReviewItem]) -> list[tuple[str, int]]:
    """Contacts that several queued posts share: (key, number of posts), most shared first."""
    counts = Counter(key for item in items for key in set(item.campaign_keys))
    return sorted(((key, n) for key, n in counts.items() if n >= 2), key=lambda kv: (-kv[1], kv[0]))


def _in_band(value: float | None, band: str) -> bool:
    for name, _label, low, high in SCORE_BANDS:
        if name == band:
            if low is None:
                return value is None
            return value is not None and low <= value < high
    return True


def filter_and_sort(items: list[ReviewItem], filters: QueueFilters) -> list[ReviewItem]:
    """Apply the queue's filters; appeals always come first, then the chosen order."""
    if filters.reason:
        items = [item for item in items if filters.reason in item.reasons]
    if filters.score_band:
        items = [item for item in items if _in_band(item.score_value, filters.score_band)]
    if filters.trust_level is not None:
        items = [item for item in items if item.trust_level == filters.trust_level]
    if filters.campaign:
        items = [item for item in items if filters.campaign in item.campaign_keys]
    if filters.sort == QueueSort.SCORE:
        def key(item):
            return (item.appeal is None, -(item.score_value if item.score_value is not None
                                          else -1), item.waiting_since)
    elif filters.sort == QueueSort.NEWEST:
        def key(item):
            return (item.appeal is None, -item.waiting_since.timestamp())
    else:
        def key(item):
            return (item.appeal is None, item.waiting_since)
    return sorted(items, key=key)


def review_queue(filters: QueueFilters) -> tuple[list[ReviewItem], list[ReviewItem]]:
    """The filtered, ordered queue, and the whole queue (for counts and campaign choices)."""
    everything = review_items(category=filters.category)
    return filter_and_sort(everything, filters), everything


def profile_items(*, limit: int) -> list[ProfileScreening]:
    """Members' profiles held for a moderator, waiting longest first (one query), with the
    rules that fired and the screening's account as their reasons."""
    return list(held_profiles()[:limit])
