"""Background jobs for operations: the worker's heartbeat."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from operations.models import WorkerHeartbeat

logger = logging.getLogger(__name__)


def heartbeat() -> str:
    WorkerHeartbeat.objects.update_or_create(
        cluster=settings.Q_CLUSTER["name"], defaults={"seen_at": timezone.now()},
    )
    return "alive"


def beat_from_worker(sender, **kwargs) -> None:
    """django-q2 signal receiver (post_spawn, post_execute_in_worker): a heartbeat that never
    stops the worker, even with the database briefly away."""
    try:
        heartbeat()
    except DatabaseError:
        logger.warning("could not record the worker heartbeat", exc_info=True)
