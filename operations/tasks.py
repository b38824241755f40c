"""Background jobs for operations: the worker's heartbeat."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from operations.models import WorkerHeartbeat


def heartbeat() -> str:
    WorkerHeartbeat.objects.update_or_create(
        cluster=settings.Q_CLUSTER["name"], defaults={"seen_at": timezone.now()},
    )
    return "alive"
