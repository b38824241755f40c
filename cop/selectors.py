"""Reads for the forum's pages; each returns a queryset whose query count does not grow with
the size of a page."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from cop import aggregates
from cop.enums import OPEN_EDIT_STATUSES, NotificationKind, PostStatus
from cop.models import (
    Attachment,
    Category,
    Notification,
    Post,
    PostEdit,
    Tag,
    Thread,
    User,
)
from cop.reading import with_unread
from moderation.permissions import is_moderator


def can_see_members_only(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def visible_categories(*, user) -> QuerySet[Category]:
    qs = Category.objects.all()
    if not can_see_members_only(user):
        qs = qs.filter(members_only=False)
    return qs


def _published_count() -> Coalesce:
    counts = (
        Post.objects.filter(thread=OuterRef("pk"), status=PostStatus.PUBLISHED)
        .order_by()
        .values("thread")
        .annotate(c=Count("pk"))
        .values("c")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def public_threads(*, user) -> QuerySet[Thread]:
    qs = Thread.objects.filter(status=PostStatus.PUBLISHED)
    if not can_see_members_only(user):
        qs = qs.filter(category__members_only=False)
    return qs


def thread_list(*, user, category: Category | None = None, tag: Tag | None = None):
    qs = public_threads(user=user)
    if category is not None:
        qs = qs.filter(category=category)
    if tag is not None:
        qs = qs.filter(tags=tag)
    # Pinned threads come first in their own category; elsewhere activity alone orders.
    order = ("-pinned",) if category is not None else ()
    return with_unread(
        qs.select_related("author", "category").annotate(reply_total=_published_count()),
        user=user,
    ).order_by(*order, "-last_activity_at", "-pk")


def categories_with_counts(*, user) -> list[Category]:
    """The categories this member may see, each with its number of public threads (cached
    until something is published or held)."""
    threads = Thread.objects.filter(status=PostStatus.PUBLISHED)
    thread_counts = (
        threads.filter(category=OuterRef("pk")).order_by().values("category")
        .annotate(c=Count("pk")).values("c")
    )
    return aggregates.cached("categories", user=user, compute=lambda: list(
        visible_categories(user=user).annotate(
            thread_total=Coalesce(Subquery(thread_counts, output_field=IntegerField()), Value(0))
        )
    ))


def visible_thread(*, pk: int, user) -> Thread | None:
    """The thread if this member may read it: public, or their own pending one."""
    thread = Thread.objects.select_related("category", "author").filter(pk=pk).first()
    return thread if thread is not None and _thread_visible(thread, user) else None


def _thread_visible(thread: Thread, user) -> bool:
    """The rule for an already loaded thread (with its category)."""
    if thread.category.members_only and not can_see_members_only(user):
        return False
    if thread.status == PostStatus.PUBLISHED:
        return True
    return user.is_authenticated and (thread.author_id == user.pk or is_moderator(user))


def thread_posts(*, thread: Thread, user) -> QuerySet[Post]:
    visible = Q(status=PostStatus.PUBLISHED)
    if user.is_authenticated:
        visible |= Q(author=user)
        if is_moderator(user):
            visible = Q()
    posts = (
        Post.objects.filter(thread=thread)
        .filter(visible)
        .select_related("author", "quote_of__author")
        # A page's files in one query: those the post shows (not those waiting with an edit).
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.shown()))
        .order_by("created_at", "pk")
    )
    if user.is_authenticated:
        # Why an author's own post is waiting, in one query; visitors only see public posts.
        posts = posts.prefetch_related("scores")
        # The reader's own edit still waiting to be checked, in the same query: only its
        # author sees it; everyone else reads the published text.
        waiting = PostEdit.objects.filter(
            post=OuterRef("pk"), edited_by=user, status__in=OPEN_EDIT_STATUSES
        )
        posts = posts.annotate(waiting_edit_body=Subquery(waiting.values("body")[:1]))
    return posts


class PostsByPosition:
    """A thread's posts as Paginator pages them. Past the first page, the ids of all of them
    in order come first (which also counts them, in place of a COUNT), then the page's twenty
    are loaded with their authors, files and the rest. Slicing the posts themselves there made
    the database join and sort every post before the page, text and all, to return twenty:
    7 ms for the last page of a 2,500-post thread, against about 3 ms for both statements.
    The first page, the most read, is counted and sliced as it is: the database keeps only
    the first twenty as it sorts, and reading every id there cost more than it saved. Two
    queries either way, whatever the thread's length."""

    def __init__(self, posts: QuerySet[Post], *, page_number: str | None):
        self.posts = posts
        self.ordered = posts.ordered
        self.by_ids = page_number not in (None, "", "1")
        self._ids: list[int] | None = None

    def _all_ids(self) -> list[int]:
        if self._ids is None:
            self._ids = list(self.posts.values_list("pk", flat=True))
        return self._ids

    def count(self) -> int:
        return len(self._all_ids()) if self.by_ids else self.posts.count()

    def __getitem__(self, wanted: slice) -> list[Post]:
        if not self.by_ids:
            return list(self.posts[wanted])
        ids = self._all_ids()[wanted]
        found = {post.pk: post for post in self.posts.filter(pk__in=ids)}
        return [found[pk] for pk in ids if pk in found]


def position_in_thread(*, post: Post, user) -> int:
    """How many visible posts come before this one, for finding its page."""
    return (
        thread_posts(thread=post.thread, user=user)
        .filter(Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lt=post.pk))
        .count()
    )


def visible_post(*, pk: int, user) -> Post | None:
    post = Post.objects.select_related("thread__category", "author").filter(pk=pk).first()
    if post is None or not _thread_visible(post.thread, user):
        return None
    if post.status == PostStatus.PUBLISHED:
        return post
    if user.is_authenticated and (post.author_id == user.pk or is_moderator(user)):
        return post
    return None


def thread_tags(*, thread: Thread) -> QuerySet[Tag]:
    return thread.tags.order_by("slug")


def popular_tags(*, user, limit: int = 20) -> list[Tag]:
    """The tags on most public threads, most first. Counting them reads every thread's tags,
    so the answer is cached until something is published or held."""
    threads = public_threads(user=user)
    return aggregates.cached(f"popular-tags-{limit}", user=user, compute=lambda: list(
        Tag.objects.filter(threads__in=threads)
        .annotate(thread_total=Count("threads", distinct=True))
        .order_by("-thread_total", "slug")[:limit]
    ))


def active_threads_since(*, since: datetime, limit: int = 10, user=None) -> list[Thread]:
    """The threads with most public posts since `since`, most first. It counts from the recent
    posts (an index range), not from every thread, so its cost follows recent activity only."""
    counts = list(
        Post.objects.filter(status=PostStatus.PUBLISHED, created_at__gte=since,
                            thread__in=public_threads(user=user))
        .values("thread", "thread__last_activity_at")
        .annotate(recent_total=Count("pk"))
        .order_by("-recent_total", "-thread__last_activity_at", "-thread")[:limit]
    )
    if not counts:
        return []
    recent = {row["thread"]: row["recent_total"] for row in counts}
    threads = {t.pk: t for t in thread_list(user=user).filter(pk__in=list(recent))}
    ordered = []
    for pk, total in recent.items():
        if pk in threads:
            threads[pk].recent_total = total
            ordered.append(threads[pk])
    return ordered


def forum_overview(*, user) -> dict:
    """The forum index's categories with their totals and its tag cloud, in one cache read."""
    return aggregates.cached("forum-overview", user=user, compute=lambda: {
        "categories": categories_with_counts(user=user), "tags": popular_tags(user=user),
    })


def lively_threads(*, user, days: int = 30, limit: int = 6) -> list[Thread]:
    """The threads with most public posts in the last `days` days (or the latest threads on a
    quiet forum), cached until something is published or held."""

    def compute() -> list[Thread]:
        since = timezone.now() - timedelta(days=days)
        active = list(active_threads_since(since=since, limit=limit, user=user))
        return active or list(thread_list(user=user)[:limit])

    return aggregates.cached(f"lively-threads-{days}-{limit}", user=user, compute=compute)


def member_posts(*, member: User, viewer) -> QuerySet[Post]:
    qs = Post.objects.filter(author=member).select_related("thread__category")
    if not (viewer.is_authenticated and viewer.pk == member.pk):
        qs = qs.filter(status=PostStatus.PUBLISHED, thread__status=PostStatus.PUBLISHED)
        if not can_see_members_only(viewer):
            qs = qs.filter(thread__category__members_only=False)
    return qs.order_by("-created_at", "-pk")


def member_post_counts(*, member: User) -> dict[str, int]:
    return member.posts.filter(status=PostStatus.PUBLISHED).aggregate(
        published=Count("pk"), threads=Count("pk", filter=Q(is_opening=True))
    )


def notifications_for(*, user) -> QuerySet[Notification]:
    """A member's notices. The list links each to its post or discussion by number, so neither
    is read (thirty posts' text read for nothing)."""
    return Notification.objects.filter(recipient=user)


def unread_notification_count(*, user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def following(*, user, thread=None, category=None, tag=None) -> bool:
    if not user.is_authenticated:
        return False
    return user.subscriptions.filter(thread=thread, category=category, tag=tag).exists()


def moderation_notices_sent(*, post_ids: list[int]) -> set[tuple[int, int]]:
    """(recipient id, post id) of the moderation notices already given about these posts."""
    return set(Notification.objects.filter(
        kind=NotificationKind.MODERATION, post_id__in=post_ids,
    ).values_list("recipient_id", "post_id"))
