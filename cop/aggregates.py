"""Site-wide forum figures (popular tags, category totals, active threads) kept in the cache
until something public changes, so busy pages do not count over every post and tag."""

from __future__ import annotations

import logging
import pickle
import threading
import time
from collections import OrderedDict
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


# Each process also keeps the figures it used last, pickled, so a busy page does not ask the
# shared cache for the same few figures on every request. A key names the generation, so an
# entry here is never stale; a copy is unpickled for each use, as from the shared cache, so a
# caller that changes what it got changes nobody else's.
_recent: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
RECENT_ENTRIES = 256


_recent_lock = threading.Lock()


def _recall(key: str):
    with _recent_lock:
        entry = _recent.get(key)
        if entry is None or entry[0] < time.monotonic():
            return _MISSING
        _recent.move_to_end(key)
    return pickle.loads(entry[1])  # noqa: S301 - pickled by _keep below, in this process


def _keep(key: str, value, seconds: int) -> None:
    data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    with _recent_lock:
        _recent[key] = (time.monotonic() + seconds, data)
        _recent.move_to_end(key)
        while len(_recent) > RECENT_ENTRIES:
            _recent.popitem(last=False)


def cached(name: str, *, user, compute: Callable[[], T]) -> T:
    """`compute()` for this audience, from the cache while nothing public has changed (and
    for at most FORUM_AGGREGATES_CACHE_SECONDS)."""
    return cached_many([name], user=user, compute=lambda missing: {name: compute()})[name]


def cached_many(names: list[str], *, user, compute: Callable[[list[str]], dict[str, T]],
                local: bool = True) -> dict[str, T]:
    """As `cached`, for several figures at once: `compute(missing)` makes those neither this
    process nor the shared cache has, in one go (a name it leaves out is not kept). Figures of
    which there are many, each read now and then (one per discussion, say), pass
    `local=False`: they are kept in the shared cache only, not among this process's few
    recent ones, which they would push out."""
    prefix = f"forum:aggregates:{{}}:{audience(user)}:{generation()}"
    keys = {name: prefix.format(name) for name in names}
    found = {}
    if local:
        found = {name: value for name, key in keys.items()
                 if (value := _recall(key)) is not _MISSING}
    missing = [name for name in names if name not in found]
    if not missing:
        return found
    seconds = settings.FORUM_AGGREGATES_CACHE_SECONDS
    shared = cache.get_many([keys[name] for name in missing])
    fetched = {name: shared[keys[name]] for name in missing if keys[name] in shared}
    unmade = [name for name in missing if name not in fetched]
    made = compute(unmade) if unmade else {}
    if made and seconds > 0:
        cache.set_many({keys[name]: value for name, value in made.items()}, seconds)
    for name, value in (fetched | made).items():
        found[name] = value
        if local and seconds > 0:
            _keep(keys[name], value, seconds)
    return found


def fragment_key(*, user) -> str:
    """The part of a template fragment's cache key that says who sees it and when."""
    return f"{audience(user)}-{generation()}"
