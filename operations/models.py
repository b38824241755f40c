"""Records the operations app keeps: when a worker last showed it was alive."""

from django.db import models


class WorkerHeartbeat(models.Model):
    """One row per worker cluster, touched by a scheduled job; /healthz reads its age."""

    cluster = models.CharField(max_length=100, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.cluster} at {self.seen_at:%Y-%m-%d %H:%M:%S}"
