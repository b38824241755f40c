"""Reads for the resource library and the home page; query counts do not grow with content."""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.db.models import Q, QuerySet
from wagtail.models import Page

from cms.enums import Audience
from cms.models import HomePage, ResourceIndexPage, ResourcePage
from cop import aggregates
from cop import selectors as forum
from cop.enums import PostStatus
from cop.models import Tag, Thread, ThreadTag
from moderation.permissions import is_moderator

LATEST_REPLIES = 5
RELATED_DISCUSSIONS = 5


def public_resources() -> QuerySet[ResourcePage]:
    """Live resources anyone may read, without their bodies (lists never show them)."""
    return ResourcePage.objects.live().public().defer_streamfields()


def resource_list(*, index: Page | None = None, resource_type: str = "", topic: Tag | None = None,
                  audience: str = "") -> QuerySet[ResourcePage]:
    """Resources for the library's list, newest first. Resources meant for everyone are shown
    whichever audience is chosen."""
    qs = public_resources()
    if index is not None:
        qs = qs.descendant_of(index)
    if resource_type:
        qs = qs.filter(resource_type=resource_type)
    if topic is not None:
        qs = qs.filter(topic_tags=topic)
    if audience:
        qs = qs.filter(Q(audience=audience) | Q(audience=Audience.EVERYONE))
    return qs.prefetch_related("topic_tags").order_by("-date", "-first_published_at", "-pk")


def resource_topics(*, index: Page | None = None) -> QuerySet[Tag]:
    """The tags at least one public resource carries, for the library's topic filter."""
    return Tag.objects.filter(
        resource_pages__in=resource_list(index=index).values("pk")
    ).distinct().order_by("slug")


def featured_resources(*, home: HomePage, resources=None) -> QuerySet[ResourcePage]:
    resources = public_resources() if resources is None else resources
    return resources.filter(featured_on__page=home).order_by("featured_on__sort_order")


def latest_resources(*, limit: int = 4, resources=None) -> QuerySet[ResourcePage]:
    resources = public_resources() if resources is None else resources
    return resources.order_by("-first_published_at", "-pk")[:limit]


def library_page() -> ResourceIndexPage | None:
    return ResourceIndexPage.objects.live().public().order_by("path").first()


def resources_for_tag(*, tag: Tag, limit: int = 6) -> list[ResourcePage]:
    return list(public_resources().filter(topic_tags=tag).order_by("-date", "-pk")[:limit])


def resource_for_thread(*, thread: Thread) -> ResourcePage | None:
    """The public resource a discussion thread belongs to, if any. Most threads are not a
    resource's discussion: a cached list of those that are spares them two queries."""
    discussions = aggregates.cached("resource-discussions", user=None, compute=lambda: set(
        ResourcePage.objects.filter(discussion_thread__isnull=False)
        .values_list("discussion_thread_id", flat=True)
    ))
    if thread.pk not in discussions:
        return None
    return public_resources().filter(discussion_thread=thread).first()


def _home_resources(home: HomePage) -> dict:
    # Finding the private sections costs a query each time, so both lists share one lookup.
    resources = public_resources()
    featured = list(featured_resources(home=home, resources=resources))
    featured_ids = {page.pk for page in featured}
    latest = [page for page in latest_resources(limit=4 + len(featured), resources=resources)
              if page.pk not in featured_ids][:4]
    return {"featured_resources": featured, "latest_resources": latest,
            "library": library_page()}


def home_page_context(*, home: HomePage, user) -> dict:
    """What the home page shows. The resource lists are the same for everyone and are cached
    until a page or post is published or unpublished."""
    return {
        **aggregates.cached(f"home-resources-{home.pk}", user=None,
                            compute=lambda: _home_resources(home)),
        "active_threads": forum.lively_threads(user=user, days=30, limit=6),
        # Called by the template only when its cached fragment has expired.
        "popular_tags": partial(forum.popular_tags, user=user, limit=15),
        "categories": partial(forum.categories_with_counts, user=user),
        "forum_fragment_key": aggregates.fragment_key(user=user),
        "forum_fragment_seconds": settings.FORUM_AGGREGATES_CACHE_SECONDS,
    }


def resource_page_context(*, page: ResourcePage, user) -> dict:
    """The discussion under a resource: its latest replies, how many there are, and other
    threads about the same topics."""
    tags = list(page.topic_tags.all())
    thread = None
    if page.discussion_thread_id:
        thread = forum.visible_thread(pk=page.discussion_thread_id, user=user)
    replies, reply_total = [], 0
    if thread is not None:
        posts = forum.thread_posts(thread=thread, user=user).filter(is_opening=False)
        replies = list(posts.order_by("-created_at", "-pk")[:LATEST_REPLIES])[::-1]
        reply_total = posts.filter(status=PostStatus.PUBLISHED).count()
    related = []
    if tags:
        tagged = ThreadTag.objects.filter(tag__in=tags).values("thread_id")
        related_qs = forum.thread_list(user=user).filter(pk__in=tagged)
        if page.discussion_thread_id:
            related_qs = related_qs.exclude(pk=page.discussion_thread_id)
        related = list(related_qs[:RELATED_DISCUSSIONS])
    return {
        "topic_tags": tags,
        "discussion": thread,
        "latest_replies": replies,
        "reply_total": reply_total,
        "related_threads": related,
        "is_moderator": is_moderator(user),
    }
