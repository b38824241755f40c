"""Saved posts: a member keeps a post to come back to; the list shows only what they can see."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from cop.enums import PostStatus
from cop.models import Bookmark, Post, User


def toggle_bookmark(*, user: User, post: Post) -> bool:
    """Save the post, or forget it when already saved; True when it is now saved."""
    removed, _count = Bookmark.objects.filter(user=user, post=post).delete()
    if removed:
        return False
    try:
        with transaction.atomic():
            Bookmark.objects.create(user=user, post=post)
    except IntegrityError:
        pass  # a double click saved it already
    return True


def saved_posts(*, user: User) -> QuerySet[Bookmark]:
    """The member's bookmarks, newest first, of posts still public (or their own)."""
    return (
        Bookmark.objects.filter(user=user)
        .filter(
            post__thread__status=PostStatus.PUBLISHED, post__status=PostStatus.PUBLISHED
        )
        .select_related("post__author", "post__thread__category")
        .order_by("-created_at", "-pk")
    )


def saved_post_ids(*, user, posts: list[Post]) -> set[int]:
    if not user.is_authenticated or not posts:
        return set()
    return set(
        Bookmark.objects.filter(user=user, post__in=[p.pk for p in posts])
        .values_list("post_id", flat=True)
    )
