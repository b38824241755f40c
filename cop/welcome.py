"""Reads for finding one's way: the "start here" thread, pinned threads, followed categories,
and the recent list without the one-post resource threads that used to fill it."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q, QuerySet

from cop import selectors
from cop.models import Thread
from cop.services import RESOURCES_CATEGORY_SLUG


def start_here_thread(*, user) -> Thread | None:
    return (
        selectors.public_threads(user=user).filter(start_here=True)
        .select_related("category").first()
    )


def pinned_threads(*, user, limit: int | None = None) -> QuerySet[Thread]:
    limit = limit or settings.FORUM_PINNED_ON_INDEX
    return selectors.thread_list(user=user).filter(pinned=True, start_here=False)[:limit]


def recent_conversations(*, user, limit: int = 10) -> QuerySet[Thread]:
    """Threads with activity, newest first; a library resource's discussion joins once someone
    has replied to it, and pinned threads are left to their own box above."""
    quiet_resource = Q(category__slug=RESOURCES_CATEGORY_SLUG, reply_total__lte=1)
    return (
        selectors.thread_list(user=user)
        .exclude(quiet_resource).exclude(pinned=True).exclude(start_here=True)[:limit]
    )


def followed_category_ids(*, user) -> set[int]:
    return set(
        user.subscriptions.filter(category__isnull=False).values_list("category_id", flat=True)
    )
