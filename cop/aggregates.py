"""Site-wide forum figures (popular tags, category totals, active threads) kept in the cache
until something public changes, so busy pages do not count over every post and tag."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest

T = TypeVar("T")
_MISSING = object()
log = logging.getLogger(__name__)


# Each process remembers the generation this long (FORUM_GENERATION_LOCAL_SECONDS), saving a
# query on every page; a change made in another process shows here within that time, and one
# made here at once.
_local = {"value": None, "until": 0.0}


def _remember(value: int | None) -> None:
    seconds = settings.FORUM_GENERATION_LOCAL_SECONDS
    _local.update(value=value, until=time.monotonic() + seconds if value is not None else 0.0)


def generation() -> int:
    """A number that changes whenever something public changes (a post published, held,
    edited or rejected, a thread tidied, a reaction, a profile, a page published). Cached
    figures, fragments and pages carry it in their keys, so a change makes them all stale at
    once. It lives in the database, so the worker's changes reach the web processes even on
    the default per-process cache."""
    if _local["value"] is not None and time.monotonic() < _local["until"]:
        return _local["value"]
    from cop.models import ForumGeneration

    value = ForumGeneration.objects.filter(pk=1).values_list("value", flat=True).first()
    if value is None:
        # Start from the clock so that a database emptied and filled again never reuses an
        # old number (cached entries made with it would show again).
        try:
            value = ForumGeneration.objects.get_or_create(
                pk=1, defaults={"value": int(time.time() * 1000)})[0].value
        except DatabaseError:
            log.warning("The forum generation could not be saved; pages are not cached for now.")
            return int(time.time() * 1000)
    _remember(value)
    return value


def forum_changed() -> None:
    """Something public changed: every cached figure and page is made again on its next use."""
    from cop.models import ForumGeneration

    # Never below the clock in milliseconds: a database restored from a backup (or a test
    # rolled back) then never brings back a number whose cached pages are still around.
    now = int(time.time() * 1000)
    try:
        with transaction.atomic():
            if not ForumGeneration.objects.filter(pk=1).update(
                    value=Greatest(F("value") + 1, Value(now))):
                ForumGeneration.objects.get_or_create(pk=1, defaults={"value": now})
    except DatabaseError:
        # The change itself is saved; only the caches lag (for at most their timeout). This
        # process at least stops using what it cached.
        log.warning("The forum generation could not be raised (database busy); cached pages "
                    "and figures expire within FORUM_AGGREGATES_CACHE_SECONDS.")
        _remember(int(time.time() * 1000))
        return
    _remember(None)


def changed() -> None:
    """Call when something public changes: the generation is raised once the transaction
    commits (at once outside one), or once for a whole changes_together() block."""
    if getattr(_together, "depth", 0):
        _together.changed = True
        return
    transaction.on_commit(forum_changed)


_together = threading.local()


@contextmanager
def changes_together() -> Iterator[None]:
    """Inside a transaction, many public changes (a batch of posts screened) raise the
    generation once when it commits, instead of one raise, and one transaction, each."""
    _together.depth = getattr(_together, "depth", 0) + 1
    if _together.depth == 1:
        _together.changed = False
    try:
        yield
    finally:
        _together.depth -= 1
        if not _together.depth and _together.changed:
            transaction.on_commit(forum_changed)


def audience(user) -> str:
    """Members see members-only categories too, so figures are kept once for each audience."""
    return "members" if user is not None and user.is_authenticated and user.is_active else "public"


def cached(name: str, *, user, compute: Callable[[], T]) -> T:
    """`compute()` for this audience, from the cache while nothing public has changed (and
    for at most FORUM_AGGREGATES_CACHE_SECONDS)."""
    key = f"forum:aggregates:{name}:{audience(user)}:{generation()}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, settings.FORUM_AGGREGATES_CACHE_SECONDS)
    return value


def fragment_key(*, user) -> str:
    """The part of a template fragment's cache key that says who sees it and when."""
    return f"{audience(user)}-{generation()}"
