"""Queue background jobs without letting an unreachable broker turn a saved post into an error."""

from __future__ import annotations

import logging

from django.conf import settings
from django_q.tasks import async_task
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def enqueue(func: str, *args, **kwargs) -> str | None:
    """Queue `func`; when the broker cannot be reached, log it and return None.

    Callers use this after their rows are committed: a post left pending is queued again by the
    periodic sweep (moderation.tasks.requeue_stale_pending) once the broker is back. A job named
    in Q_JOB_TIMEOUTS gets its own time limit, and so a short lease (operations/brokers.py).
    """
    limit = settings.Q_JOB_TIMEOUTS.get(func)
    if limit and "timeout" not in kwargs:
        kwargs["timeout"] = limit
    try:
        return async_task(func, *args, **kwargs)
    except (RedisError, OSError) as error:
        logger.warning("could not queue %s%r (%s); it waits for the sweep", func, args, error)
        return None
