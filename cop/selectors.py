"""Reads for the forum's pages; each returns a queryset whose query count does not grow with
the size of a page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from cop.enums import OPEN_EDIT_STATUSES, NotificationKind, PostStatus
from cop.models import Category, Notification, Post, PostEdit, Tag, Thread, User
from moderation.permissions import is_moderator


def _can_see_members_only(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def visible_categories(*, user) -> QuerySet[Category]:
    qs = Category.objects.all()
    if not _can_see_members_only(user):
        qs = qs.filter(members_only=False)
    return qs


def _published_count(outer: str = "pk") -> Coalesce:
    counts = (
        Post.objects.filter(thread=OuterRef(outer), status=PostStatus.PUBLISHED)
        .order_by()
        .values("thread")
        .annotate(c=Count("pk"))
        .values("c")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def public_threads(*, user) -> QuerySet[Thread]:
    qs = Thread.objects.filter(status=PostStatus.PUBLISHED)
    if not _can_see_members_only(user):
        qs = qs.filter(category__members_only=False)
    return qs


def thread_list(*, user, category: Category | None = None, tag: Tag | None = None):
    qs = public_threads(user=user)
    if category is not None:
        qs = qs.filter(category=category)
    if tag is not None:
        qs = qs.filter(tags=tag)
    return (
        qs.select_related("author", "category")
        .annotate(reply_total=_published_count())
        .order_by("-last_activity_at", "-pk")
    )


def categories_with_counts(*, user) -> QuerySet[Category]:
    threads = Thread.objects.filter(status=PostStatus.PUBLISHED)
    thread_counts = (
        threads.filter(category=OuterRef("pk")).order_by().values("category")
        .annotate(c=Count("pk")).values("c")
    )
    return visible_categories(user=user).annotate(
        thread_total=Coalesce(Subquery(thread_counts, output_field=IntegerField()), Value(0))
    )


def visible_thread(*, pk: int, user) -> Thread | None:
    """The thread if this member may read it: public, or their own pending one."""
    thread = Thread.objects.select_related("category", "author").filter(pk=pk).first()
    return thread if thread is not None and _thread_visible(thread, user) else None


def _thread_visible(thread: Thread, user) -> bool:
    """The rule for an already loaded thread (with its category)."""
    if thread.category.members_only and not _can_see_members_only(user):
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
        # why an author's own post is waiting, and its files, in one query each
        .prefetch_related("scores", "attachments")
        .order_by("created_at", "pk")
    )
    if user.is_authenticated:
        # The reader's own edit still waiting to be checked, in the same query: only its
        # author sees it; everyone else reads the published text.
        waiting = PostEdit.objects.filter(
            post=OuterRef("pk"), edited_by=user, status__in=OPEN_EDIT_STATUSES
        )
        posts = posts.annotate(waiting_edit_body=Subquery(waiting.values("body")[:1]))
    return posts


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


def popular_tags(*, user, limit: int = 20) -> QuerySet[Tag]:
    threads = public_threads(user=user)
    return (
        Tag.objects.filter(threads__in=threads)
        .annotate(thread_total=Count("threads", distinct=True))
        .order_by("-thread_total", "slug")[:limit]
    )


def active_threads_since(*, since: datetime, limit: int = 10, user=None) -> QuerySet[Thread]:
    recent = (
        Post.objects.filter(thread=OuterRef("pk"), status=PostStatus.PUBLISHED,
                            created_at__gte=since)
        .order_by().values("thread").annotate(c=Count("pk")).values("c")
    )
    return (
        public_threads(user=user)
        .annotate(recent_total=Coalesce(Subquery(recent, output_field=IntegerField()), Value(0)),
                  reply_total=_published_count())
        .filter(recent_total__gt=0)
        .select_related("category", "author")
        .order_by("-recent_total", "-last_activity_at")[:limit]
    )


def member_posts(*, member: User, viewer) -> QuerySet[Post]:
    qs = Post.objects.filter(author=member).select_related("thread__category")
    if not (viewer.is_authenticated and viewer.pk == member.pk):
        qs = qs.filter(status=PostStatus.PUBLISHED, thread__status=PostStatus.PUBLISHED)
        if not _can_see_members_only(viewer):
            qs = qs.filter(thread__category__members_only=False)
    return qs.order_by("-created_at", "-pk")


def member_post_counts(*, member: User) -> dict[str, int]:
    return member.posts.filter(status=PostStatus.PUBLISHED).aggregate(
        published=Count("pk"), threads=Count("pk", filter=Q(is_opening=True))
    )


def notifications_for(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).select_related("thread", "post")


def unread_notification_count(*, user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def following(*, user, thread=None, category=None, tag=None) -> bool:
    if not user.is_authenticated:
        return False
    return user.subscriptions.filter(thread=thread, category=category, tag=tag).exists()


SEARCH_LIMIT = 200


def search_threads(*, query: str, user) -> list[Thread]:
    """Threads whose title or any published post matches, best first, through Wagtail search."""
    query = (query or "").strip()[:200]
    if not query:
        return []
    backend = get_search_backend()
    title_hits = backend.search(
        query, Thread.objects.filter(status=PostStatus.PUBLISHED)
    )[:SEARCH_LIMIT]
    post_hits = backend.search(
        query, Post.objects.filter(status=PostStatus.PUBLISHED)
    )[:SEARCH_LIMIT]
    order: dict[int, int] = {}
    for thread in title_hits:
        order.setdefault(thread.pk, len(order))
    for post in post_hits:
        order.setdefault(post.thread_id, len(order))
    if not order:
        return []
    threads = thread_list(user=user).filter(pk__in=list(order))
    return sorted(threads, key=lambda t: order[t.pk])


@dataclass(frozen=True)
class SearchHit:
    """One search result: a Wagtail page (`page`) or a forum thread (`thread`), with the kind
    of thing it is, for the label people see ("Resource", "Page" or "Discussion")."""

    kind: str
    title: str
    summary: str = ""
    page: Page | None = None
    thread: Thread | None = None


def search_pages(*, query: str) -> list[Page]:
    """Live, public Wagtail pages matching the query, best first, as their own page types."""
    query = (query or "").strip()[:200]
    if not query:
        return []
    hits = get_search_backend().search(query, Page.objects.live())[:SEARCH_LIMIT]
    order = [page.pk for page in hits]
    if not order:
        return []
    pages = Page.objects.filter(pk__in=order).public().defer_streamfields().specific()
    found = {page.pk: page for page in pages}
    return [found[pk] for pk in order if pk in found]


def search_site(*, query: str, user) -> list[SearchHit]:
    """The one search box: pages first (resources say "Resource"), then forum threads.

    Page types may set `search_kind` and `search_summary`; other pages are labelled "Page"
    and summarised by their search description.
    """
    hits = [
        SearchHit(
            kind=getattr(page, "search_kind", "Page"), title=page.title, page=page,
            summary=getattr(page, "search_summary", "") or page.search_description,
        )
        for page in search_pages(query=query)
    ]
    hits += [
        SearchHit(kind="Discussion", title=thread.title, thread=thread)
        for thread in search_threads(query=query, user=user)
    ]
    return hits


def moderation_notices_sent(*, post_ids: list[int]) -> set[tuple[int, int]]:
    """(recipient id, post id) of the moderation notices already given about these posts."""
    return set(Notification.objects.filter(
        kind=NotificationKind.MODERATION, post_id__in=post_ids,
    ).values_list("recipient_id", "post_id"))
