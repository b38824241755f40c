"""Queue background jobs without letting an unreachable broker turn a saved post into an error."""

from __future__ import annotations

import logging
import os
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
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


class _FirstInLine:
    """A broker whose enqueue puts the job ahead of those waiting."""

    def __init__(self, broker: Broker):
        self._broker = broker

    def enqueue(self, task):
        return self._broker.enqueue_first(task)

    def __getattr__(self, name):
        return getattr(self._broker, name)


def enqueue(func: str, *args, first: bool = False, **kwargs) -> str | None:
    """Queue `func`; when the broker cannot be reached, log it and return None.

    Callers use this after their rows are committed: a post left pending is queued again by the
    periodic sweep (moderation.tasks.requeue_stale_pending) once the broker is back. A job named
    in Q_JOB_TIMEOUTS gets its own time limit, and so a short lease (operations/brokers.py).
    `first` puts the job ahead of the jobs waiting where the broker can (Redis; the database
    broker queues it last as usual).
    """
    limit = settings.Q_JOB_TIMEOUTS.get(func)
    if limit and "timeout" not in kwargs:
        kwargs["timeout"] = limit
    try:
        if "broker" not in kwargs:
            kwargs["broker"] = _broker()
        if first and hasattr(kwargs["broker"], "enqueue_first"):
            kwargs["broker"] = _FirstInLine(kwargs["broker"])
        return async_task(func, *args, **kwargs)
    except (RedisError, OSError) as error:
        logger.warning("could not queue %s%r (%s); it waits for the sweep", func, args, error)
        return None


def enqueue_coalesced(func: str, *, slots: int, stale_seconds: float) -> bool:
    """Queue `func(slot)` unless `slots` jobs of `func` already wait in the queue, not yet
    started; True when one was queued. For jobs that do whatever is waiting when they run (screen
    every pending post): a burst of a thousand posts queues `slots` jobs, not a thousand, and
    the jobs run side by side on as many workers.

    The job calls job_started(func, slot) first. Whatever was written before that is seen by its
    run; whatever is written after finds the slot free and queues another. A slot whose job was
    lost (a worker killed before it started) is taken again after `stale_seconds`."""
    from operations.models import JobSlot

    now = timezone.now()
    stale = now - timedelta(seconds=stale_seconds)
    queued = dict(JobSlot.objects.filter(func=func, slot__lte=slots)
                  .values_list("slot", "queued_at"))
    missing = [slot for slot in range(1, slots + 1) if slot not in queued]
    if missing:
        JobSlot.objects.bulk_create([JobSlot(func=func, slot=slot) for slot in missing],
                                    ignore_conflicts=True)
    for slot in range(1, slots + 1):
        if queued.get(slot) is not None and queued[slot] >= stale:
            continue
        free = Q(queued_at__isnull=True) | Q(queued_at__lt=stale)
        if not JobSlot.objects.filter(free, func=func, slot=slot).update(queued_at=now):
            continue  # another process took it a moment ago: its job will see our rows
        if enqueue(func, slot, task_name=_slot_name(func, slot)) is None:
            # The broker is away: free the slot for the next try (the sweep covers the rest).
            JobSlot.objects.filter(func=func, slot=slot, queued_at=now).update(queued_at=None)
            return False
        return True
    return False


def job_started(func: str, slot: int) -> None:
    """Free the slot of a job queued by enqueue_coalesced (its first step)."""
    from operations.models import JobSlot

    JobSlot.objects.filter(func=func, slot=slot).update(queued_at=None)


def enqueue_again_first(func: str, slot: int) -> None:
    """Queue a coalesced job again, ahead of the jobs waiting: it stopped at its time budget
    with work left (a burst of posts to screen goes on before the follow-up jobs it queued)."""
    from operations.models import JobSlot

    now = timezone.now()
    JobSlot.objects.filter(func=func, slot=slot).update(queued_at=now)
    if enqueue(func, slot, task_name=_slot_name(func, slot), first=True) is None:
        JobSlot.objects.filter(func=func, slot=slot, queued_at=now).update(queued_at=None)


def _slot_name(func: str, slot: int) -> str:
    return f"{func.rsplit('.', 1)[-1]}-{slot}"
