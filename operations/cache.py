"""A Redis cache that keeps answering from process memory while Redis cannot be reached."""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

REDIS_DOWN = (RedisConnectionError, RedisTimeoutError, OSError)
# After a failure, Redis is not tried again for this long, so a page does not wait on every call.
RETRY_AFTER_SECONDS = 15.0


class FallbackRedisCache(RedisCache):
    """Rate limits and cached fragments then hold per process only, which is a fair price for
    pages and log-in that keep working; Redis is tried again after RETRY_AFTER_SECONDS."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._fallback = LocMemCache(f"redis-fallback-{id(self)}", {
            "TIMEOUT": params.get("TIMEOUT", 300), "KEY_PREFIX": params.get("KEY_PREFIX", ""),
        })
        self._down_until = 0.0

    @property
    def redis_is_down(self) -> bool:
        return time.monotonic() < self._down_until

    def _mark_down(self, error: Exception) -> None:
        if not self.redis_is_down:
            logger.warning("Redis cannot be reached (%s); the cache answers from memory for "
                           "%.0f seconds", error, RETRY_AFTER_SECONDS)
        self._down_until = time.monotonic() + RETRY_AFTER_SECONDS


def _guarded(name: str):
    def method(self, *args, **kwargs):
        if not self.redis_is_down:
            try:
                return getattr(RedisCache, name)(self, *args, **kwargs)
            except REDIS_DOWN as error:
                self._mark_down(error)
        return getattr(self._fallback, name)(*args, **kwargs)

    method.__name__ = name
    return method


for _name in ("add", "get", "set", "touch", "delete", "get_many", "has_key", "incr",
              "set_many", "delete_many", "clear"):
    setattr(FallbackRedisCache, _name, _guarded(_name))
