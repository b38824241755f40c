"""Queue background jobs without letting an unreachable broker turn a saved post into an error."""

from __future__ import annotations

import logging
import os

from django.conf import settings
from django_q.brokers import Broker, get_broker
from django_q.conf import Conf
from django_q.tasks import async_task
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# One broker per process: django-q2 makes a new one (a new Redis connection) for every job
# queued otherwise. Keyed by what it is made from, so a forked worker or a changed
# configuration gets its own.
_brokers: dict[tuple, Broker] = {}


def _broker() -> Broker:
    key = (os.getpid(), Conf.BROKER_CLASS, str(Conf.REDIS), Conf.ORM, Conf.CLUSTER_NAME)
    broker = _brokers.get(key)
    if broker is None:
        _brokers.clear()
        broker = _brokers[key] = get_broker()
    return broker


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
        if "broker" not in kwargs:
            kwargs["broker"] = _broker()
        return async_task(func, *args, **kwargs)
    except (RedisError, OSError) as error:
        logger.warning("could not queue %s%r (%s); it waits for the sweep", func, args, error)
        return None
