"""Background jobs for operations: the worker's heartbeat."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone
from django_q.models import Success

from operations.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

# A worker process writes its heartbeat after a job at most this often: the health page
# needs one a minute (operations/health.py), and a write after every job would cost a busy
# worker as much as a short job itself.
BEAT_EVERY_SECONDS = 10.0
_last_beat = 0.0  # time.monotonic() of this process's last heartbeat


def heartbeat() -> str:
    WorkerHeartbeat.objects.update_or_create(
        cluster=settings.Q_CLUSTER["name"], defaults={"seen_at": timezone.now()},
    )
    return "alive"


def beat_from_worker(sender, **kwargs) -> None:
    """django-q2 signal receiver (post_spawn, post_execute_in_worker): a heartbeat that never
    stops the worker, even with the database briefly away; after a job, only if this process
    has not beaten in the last BEAT_EVERY_SECONDS."""
    global _last_beat
    now = time.monotonic()
    if "task" in kwargs and now - _last_beat < BEAT_EVERY_SECONDS:
        return
    _last_beat = now
    try:
        heartbeat()
    except DatabaseError:
        logger.warning("could not record the worker heartbeat", exc_info=True)


def prune_job_results() -> int:
    """Delete all but the newest Q_KEEP_RESULTS successful job results (failures stay): the
    pruning django-q2 would do after every job (its save_limit), once a minute."""
    keep = settings.Q_KEEP_RESULTS
    stale = Success.objects.all()
    if keep:
        # The newest result beyond those kept; it and every older one go.
        cutoff = stale.order_by("-stopped", "-pk").values_list("stopped", flat=True)[keep:][:1]
        if not cutoff:
            return 0
        stale = stale.filter(stopped__lte=cutoff[0])
    deleted, _ = stale.delete()
    return deleted
