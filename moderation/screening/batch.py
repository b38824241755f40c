"""What screening a batch of pending posts reads once: the model, the categories' thresholds,
the authors' standing and the recent fingerprints, kept up to date as each post is decided.

A burst of posts is screened a batch at a time (service.screen_pending_posts). Each post is
still judged on what it would be judged on alone: an earlier post of the batch that was
published counts among its author's approved posts, a held one's trust penalty lowers the
author's level, and its fingerprint counts towards the near-duplicates of the posts after it.
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np
from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from cop.enums import PostStatus
from cop.models import Post, User
from moderation.classifier import registry
from moderation.engine.fingerprint import count_near_duplicates
from moderation.enums import ReportOutcome
from moderation.models import CategoryThreshold, ModerationScore, Report, TrustPenalty
from moderation.permissions import MODERATORS_GROUP
from moderation.screening.thresholds import thresholds_with_defaults
from moderation.screening.trust import Standing, post_figures, posts_read, standing_from

NEAR_DUPLICATE_WINDOW = timedelta(days=7)
NEAR_DUPLICATE_RECENT = 2000  # the newest fingerprints a post is compared with


class _Author:
    """One author's figures, as standing() reads them, kept up to date through the batch."""

    def __init__(self, user: User) -> None:
        self.user = user
        self.published_days: set = set()
        self.rejected = 0
        self.approved = 0
        self.recent_rejections = 0
        self.penalties = 0
        self.posts_since = 0
        self.reports = (0, 0)
        self._read: list[int | None] = []

    def posts_read(self) -> int | None:
        """Read once, and only if a trust step asks: it does not change with screening."""
        if not self._read:
            self._read.append(posts_read(self.user))
        return self._read[0]


class Batch:
    """The reads shared by the posts of one batch (`posts` loaded with thread and author)."""

    def __init__(self, posts: list[Post]) -> None:
        self.posts = posts
        self.hashed_ahead = False  # the policy hashes the posts' texts together once
        self.now = timezone.now()
        self.recent_since = self.now - timedelta(hours=1)
        self._model = None
        self._thresholds: dict[int, CategoryThreshold | None] = {}
        self._authors = self._read_authors(posts)
        # The recent fingerprints, newest first, and the post each belongs to (arrays: a
        # post is compared with two thousand of them).
        read = self._read_fingerprints(len(posts))
        self._print_posts = np.fromiter((post_id for post_id, _ in read), dtype=np.int64,
                                        count=len(read))
        self._prints = np.fromiter((print_ for _, print_ in read), dtype=np.int64,
                                   count=len(read))

    # --- the model and thresholds ---

    def active_model(self):
        if self._model is None:
            self._model = registry.active_model()
        return self._model

    def category_thresholds(self, category_id: int, model_threshold: float):
        if category_id not in self._thresholds:
            self._thresholds[category_id] = CategoryThreshold.objects.filter(
                category_id=category_id).first()
        return thresholds_with_defaults(self._thresholds[category_id], model_threshold)

    # --- the authors ---

    def _read_authors(self, posts: list[Post]) -> dict[int, _Author]:
        authors: dict[int, _Author] = {}
        for post in posts:
            authors.setdefault(post.author_id, _Author(post.author))
        ids = list(authors)
        rows = Post.objects.filter(author_id__in=ids).values("author_id").order_by().annotate(
            **post_figures(now=self.now, recent_since=self.recent_since))
        for row in rows:
            author = authors[row["author_id"]]
            author.approved = row["approved"]
            author.rejected = row["rejected"]
            author.recent_rejections = row["recent_rejections"]
            author.posts_since = row["posts_since"]
        days = (Post.objects.filter(author_id__in=ids, status=PostStatus.PUBLISHED)
                .annotate(day=TruncDate("created_at")).values_list("author_id", "day")
                .order_by().distinct())
        for author_id, day in days:
            authors[author_id].published_days.add(day)
        penalties = (TrustPenalty.objects.filter(user_id__in=ids, until__gt=self.now,
                                                 lifted_at__isnull=True)
                     .values("user_id").order_by().annotate(n=Count("pk")))
        for row in penalties:
            authors[row["user_id"]].penalties = row["n"]
        reports = (Report.objects.filter(reporter_id__in=ids)
                   .exclude(outcome=ReportOutcome.OPEN).values("reporter_id").order_by()
                   .annotate(upheld=Count("pk", filter=Q(outcome=ReportOutcome.UPHELD)),
                             total=Count("pk")))
        for row in reports:
            authors[row["reporter_id"]].reports = (row["upheld"], row["total"])
        moderators = set(User.groups.through.objects.filter(
            user_id__in=ids, group__name=MODERATORS_GROUP).values_list("user_id", flat=True))
        for author in authors.values():
            author.user._is_moderator = author.user.pk in moderators  # as is_moderator caches
        return authors

    def standing(self, post: Post) -> Standing:
        """The author's standing as standing(author, recent_since=an hour ago,
        other_than=post) reads it, with the batch's earlier outcomes counted."""
        author = self._authors[post.author_id]
        post.author = author.user
        this_one = 1 if post.created_at >= self.recent_since else 0
        return standing_from(
            author.user, now=self.now, approved=author.approved,
            approved_days=len(author.published_days), rejected=author.rejected,
            recent_rejections=author.recent_rejections, penalties=author.penalties,
            read=author.posts_read, posts_since=author.posts_since - this_one,
            reports=lambda: author.reports,
        )

    # --- the recent fingerprints ---

    def _read_fingerprints(self, batch_size: int) -> list[tuple[int, int]]:
        """The newest fingerprints, newest first, with their post: enough that each post still
        has NEAR_DUPLICATE_RECENT once its own are left out."""
        return list(
            ModerationScore.objects.filter(created_at__gte=self.now - NEAR_DUPLICATE_WINDOW,
                                           fingerprint__isnull=False)
            .order_by("-created_at").values_list("post_id", "fingerprint")
            [:NEAR_DUPLICATE_RECENT + batch_size]
        )

    def near_duplicates(self, post: Post, print_: int) -> int:
        others = self._prints[self._print_posts != post.pk]
        return count_near_duplicates(print_, others[:NEAR_DUPLICATE_RECENT])

    # --- after each post ---

    def recorded(self, post: Post, *, status: str, fingerprint: int | None,
                 penalised: bool) -> None:
        """A post of the batch was screened: what the next posts are judged on changes as it
        would in the database."""
        if fingerprint is not None:
            self._print_posts = np.concatenate(([post.pk], self._print_posts))
            self._prints = np.concatenate((np.array([fingerprint], dtype=np.int64),
                                           self._prints))
        author = self._authors[post.author_id]
        if status == PostStatus.PUBLISHED:
            author.approved += 1
            author.published_days.add(timezone.localtime(post.created_at).date())
        elif status == PostStatus.REJECTED:
            author.rejected += 1
            author.recent_rejections += 1
        if penalised:
            author.penalties += 1
