"""Records the operations app keeps: when a worker last showed it was alive."""

from django.db import models


class WorkerHeartbeat(models.Model):
    """One row per worker cluster, touched by a scheduled job; /healthz reads its age."""

    cluster = models.CharField(max_length=100, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.cluster} at {self.seen_at:%Y-%m-%d %H:%M:%S}"


class JobSlot(models.Model):
    """One of the few jobs of a kind that may wait in the queue at once (queue.enqueue_coalesced):
    a burst of posts queues two screening jobs, not one job a post. `queued_at` is set when the
    slot's job is queued and cleared when it starts."""

    func = models.CharField(max_length=200)
    slot = models.PositiveSmallIntegerField()
    queued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["func", "slot"], name="one_row_per_slot")]

    def __str__(self) -> str:
        return f"{self.func} #{self.slot}"
