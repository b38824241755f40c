"""Site-wide forum figures (popular tags, category totals, active threads) kept in the cache
until something public changes, so busy pages do not count over every post and tag."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache

T = TypeVar("T")
GENERATION_KEY = "forum:aggregates:generation"
_MISSING = object()


# Each process remembers the generation this long, saving a cache round trip on every page; a
# change made in another process shows here within that time, and one made here at once.
LOCAL_SECONDS = 1.0
_local = {"value": None, "until": 0.0}


def generation() -> int:
    """A number that changes whenever a post is published, held or rejected (and a page
    published or unpublished); cached figures and fragments carry it in their keys, so a change
    makes them all stale at once."""
    now = time.monotonic()
    if _local["value"] is not None and now < _local["until"]:
        return _local["value"]
    value = cache.get(GENERATION_KEY)
    if value is None:
        # Start from the clock so a cache that lost the key never reuses an old number.
        cache.add(GENERATION_KEY, int(time.time() * 1000), timeout=None)
        value = cache.get(GENERATION_KEY)
    _local.update(value=value, until=now + LOCAL_SECONDS)
    return value


def forum_changed() -> None:
    """Something public changed: every cached figure is computed again on its next use."""
    try:
        value = cache.incr(GENERATION_KEY)
    except ValueError:
        value = int(time.time() * 1000)
        cache.add(GENERATION_KEY, value, timeout=None)
        value = cache.get(GENERATION_KEY, value)
    _local.update(value=value, until=time.monotonic() + LOCAL_SECONDS)


def audience(user) -> str:
    """Members see members-only categories too, so figures are kept once for each audience."""
    return "members" if user is not None and user.is_authenticated and user.is_active else "public"


def cached(name: str, *, user, compute: Callable[[], T]) -> T:
    """`compute()` for this audience, from the cache while nothing public has changed.

    With the default per-process cache a change made by the background worker does not reach
    the web process, so entries also expire after FORUM_AGGREGATES_CACHE_SECONDS.
    """
    key = f"forum:aggregates:{name}:{audience(user)}:{generation()}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, settings.FORUM_AGGREGATES_CACHE_SECONDS)
    return value


def fragment_key(*, user) -> str:
    """The part of a template fragment's cache key that says who sees it and when."""
    return f"{audience(user)}-{generation()}"
