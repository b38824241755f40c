"""Reads for the review queue, a review item, the audit log and the moderation dashboard."""

from __future__ import annotations

import hashlib
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.cache import cache
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import TruncDate, TruncWeek
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop.enums import PostStatus
from cop.models import Post, User
from moderation.engine.contacts import Contacts, extract_contacts
from moderation.enums import DecisionAction, FlagOutcome
from moderation.models import Appeal, Flag, ModelVersion, ModerationDecision, ModerationScore
from moderation.policies import text_of
from moderation.trust import standing

HELD_STATUSES = (PostStatus.HELD, PostStatus.QUARANTINED)
REJECTING_ACTIONS = (
    DecisionAction.REJECT, DecisionAction.REJECT_AND_SUSPEND, DecisionAction.PURGE_CAMPAIGN,
)


class QueueReason:
    """Why an item is in the queue; an item can have several reasons."""

    APPEAL = "appeal"
    QUARANTINE = "quarantine"
    CLASSIFIER = "classifier"
    UNAVAILABLE = "unavailable"
    REPORTS = "reports"
    NEW_ACCOUNT = "new_account"

    choices = [
        (APPEAL, _("Author asked for a second look")),
        (CLASSIFIER, _("Held by the spam check")),
        (QUARANTINE, _("Quarantined: very likely spam")),
        (UNAVAILABLE, _("Spam check was unavailable")),
        (REPORTS, _("Reported by members")),
        (NEW_ACCOUNT, _("New account with links or contact details")),
    ]
    labels = dict(choices)


class QueueSort:
    OLDEST = "oldest"
    NEWEST = "newest"
    SCORE = "score"

    choices = [
        (OLDEST, _("Waiting longest first")),
        (NEWEST, _("Newest first")),
        (SCORE, _("Highest spam score first")),
    ]


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
    flags: list[Flag]
    appeal: Appeal | None
    reasons: list[str]
    waiting_since: datetime
    contacts: Contacts = field(default_factory=Contacts)

    @property
    def reason_labels(self) -> list[str]:
        return [QueueReason.labels[reason] for reason in self.reasons]

    @property
    def score_value(self) -> float | None:
        return self.score.score if self.score else None

    @property
    def trust_level(self) -> int | None:
        """The author's trust level when the post was screened (what the classifier saw)."""
        return self.score.context.get("trust_level") if self.score else None

    @property
    def is_quarantined(self) -> bool:
        return self.post.status == PostStatus.QUARANTINED

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


def campaign_keys(contacts: Contacts) -> list[str]:
    """Contacts as filter keys such as "email:someone@example.com", skipping common domains."""
    from moderation.campaigns import is_common_domain

    return (
        [f"email:{email}" for email in contacts.emails]
        + [f"phone:{phone}" for phone in contacts.phones]
        + [f"domain:{domain}" for domain in contacts.domains if not is_common_domain(domain)]
    )


def describe_campaign_key(key: str) -> str:
    kind, _sep, value = key.partition(":")
    words = {"email": "email address", "phone": "phone number", "domain": "link to"}
    return f"{words.get(kind, kind)} {value}"


def queue_posts() -> QuerySet[Post]:
    """Posts a moderator needs to look at: held, quarantined, or public with open reports."""
    open_flags = Flag.objects.filter(post=OuterRef("pk"), outcome=FlagOutcome.OPEN)
    return Post.objects.alias(has_open_flags=Exists(open_flags)).filter(
        Q(status__in=HELD_STATUSES) | Q(status=PostStatus.PUBLISHED, has_open_flags=True)
    )


def queue_size() -> int:
    return queue_posts().count()


def contacts_key(text: str) -> str:
    return "moderation:contacts:" + hashlib.sha256(text.encode()).hexdigest()


def contacts_for(scores: dict[int, ModerationScore], posts: list[Post]) -> dict[int, Contacts]:
    """Contacts of each post, cached by the scored text (finding them is the slow part)."""
    texts = {post.pk: scores[post.pk].text if post.pk in scores else text_of(post)
             for post in posts}
    keys = {pk: contacts_key(text) for pk, text in texts.items()}
    found = cache.get_many(list(keys.values()))
    result, missing = {}, {}
    for pk, key in keys.items():
        if key not in found:
            found[key] = missing[key] = extract_contacts(texts[pk])
        result[pk] = found[key]
    if missing:
        cache.set_many(missing, timeout=24 * 3600)
    return result


def _reasons(post: Post, score: ModerationScore | None, flags: list[Flag],
             appeal: Appeal | None) -> list[str]:
    reasons = []
    if appeal is not None:
        reasons.append(QueueReason.APPEAL)
    if flags:
        reasons.append(QueueReason.REPORTS)
    if post.status not in HELD_STATUSES:
        return reasons
    if post.status == PostStatus.QUARANTINED:
        reasons.append(QueueReason.QUARANTINE)
    if score is None:
        return reasons or [QueueReason.UNAVAILABLE]
    if score.score is None or any(rule.get("name") == "classifier_unavailable"
                                  for rule in score.rules):
        reasons.append(QueueReason.UNAVAILABLE)
        return reasons
    if score.outcome not in HELD_STATUSES:
        return reasons  # published by screening, hidden later (by reports)
    # Held only because the policy's new-account rule lowered the threshold (it records the
    # rule; a category's own lower threshold is not this reason).
    model_threshold = score.model_version.threshold if score.model_version else None
    strict = (
        any(rule.get("name") == "new_member_links" for rule in score.rules)
        and model_threshold is not None and score.score < model_threshold
    )
    if strict:
        reasons.append(QueueReason.NEW_ACCOUNT)
    elif post.status == PostStatus.HELD:
        reasons.append(QueueReason.CLASSIFIER)
    return reasons


def _waiting_since(post: Post, flags: list[Flag], appeal: Appeal | None) -> datetime:
    if appeal is not None:
        return appeal.created_at
    if post.status == PostStatus.PUBLISHED and flags:
        return min(flag.created_at for flag in flags)
    return post.screened_at or post.created_at


def review_items(*, category: int | None = None) -> list[ReviewItem]:
    """Every queue item with its score, open reports and appeal, in a fixed number of queries."""
    latest_score = ModerationScore.objects.filter(post=OuterRef("pk")).order_by(
        "-created_at", "-pk"
    ).values("pk")[:1]
    posts = queue_posts().select_related("thread__category", "author").annotate(
        latest_score_id=Subquery(latest_score)
    ).prefetch_related(
        Prefetch("flags", queryset=Flag.objects.filter(outcome=FlagOutcome.OPEN)
                 .select_related("reporter").order_by("created_at"), to_attr="open_flags"),
    )
    if category:
        posts = posts.filter(thread__category_id=category)
    posts = list(posts)
    ids = [post.pk for post in posts]
    score_ids = [post.latest_score_id for post in posts if post.latest_score_id]
    scores_by_pk = ModerationScore.objects.select_related("model_version").in_bulk(score_ids)
    scores = {score.post_id: score for score in scores_by_pk.values()}
    appeals = {appeal.post_id: appeal for appeal in
               Appeal.objects.filter(post_id__in=ids, resolved_at__isnull=True)}
    contacts = contacts_for(scores, posts)
    items = []
    for post in posts:
        score, appeal = scores.get(post.pk), appeals.get(post.pk)
        items.append(ReviewItem(
            post=post, score=score, flags=post.open_flags, appeal=appeal,
            reasons=_reasons(post, score, post.open_flags, appeal),
            waiting_since=_waiting_since(post, post.open_flags, appeal),
            contacts=contacts[post.pk],
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


# --- one item ---


@dataclass
class AuthorHistory:
    account_age_days: float
    trust_level: int
    approved_posts: int
    rejected_posts: int
    is_active: bool
    earlier_flags: list[Flag]
    earlier_decisions: list[ModerationDecision]


def review_item(*, post_id: int) -> ReviewItem | None:
    post = (Post.objects.select_related("thread__category", "author", "quote_of__author")
            .filter(pk=post_id).first())
    if post is None:
        return None
    score = post.scores.select_related("model_version").order_by("-created_at", "-pk").first()
    flags = list(post.flags.filter(outcome=FlagOutcome.OPEN).select_related("reporter")
                 .order_by("created_at"))
    appeal = Appeal.objects.filter(post=post).first()
    open_appeal = appeal if appeal and appeal.resolved_at is None else None
    contacts = extract_contacts(score.text if score else text_of(post))
    return ReviewItem(
        post=post, score=score, flags=flags, appeal=appeal,
        reasons=_reasons(post, score, flags, open_appeal),
        waiting_since=_waiting_since(post, flags, open_appeal), contacts=contacts,
    )


def in_queue(post: Post) -> bool:
    return queue_posts().filter(pk=post.pk).exists()


def answered_post(post: Post) -> Post | None:
    """The post this one answers: the one it quotes, or else the thread's opening post."""
    if post.quote_of_id:
        return post.quote_of
    if post.is_opening:
        return None
    return post.thread.posts.filter(is_opening=True).select_related("author").first()


def author_history(*, post: Post) -> AuthorHistory:
    author = post.author
    who = standing(author)
    return AuthorHistory(
        account_age_days=who.account_age_days, trust_level=who.level,
        approved_posts=who.approved_posts, rejected_posts=who.rejected_posts,
        is_active=author.is_active,
        earlier_flags=list(Flag.objects.filter(post__author=author).exclude(post=post)
                           .select_related("post__thread").order_by("-created_at")[:10]),
        earlier_decisions=list(ModerationDecision.objects.filter(post__author=author)
                               .exclude(post=post).select_related("moderator", "post__thread")
                               .order_by("-created_at")[:10]),
    )


def post_decisions(*, post: Post) -> QuerySet[ModerationDecision]:
    return post.decisions.select_related("moderator").order_by("-created_at", "-pk")


# --- audit log ---


class AuditSource:
    MODERATORS = "moderators"
    SPAM_CHECK = "spam_check"

    choices = [(MODERATORS, _("Moderators' decisions")), (SPAM_CHECK, _("The spam check"))]


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


# --- dashboard ---


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


# --- waiting too long ---


def overdue_items(*, older_than: timedelta) -> list[ReviewItem]:
    cutoff = timezone.now() - older_than
    return [item for item in review_items() if item.waiting_since <= cutoff]

