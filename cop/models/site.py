"""Forum-wide state kept in the database so that every process (web and worker) agrees on it."""

from django.db import models


class ForumGeneration(models.Model):
    """One row: a number that grows whenever something public changes. Cached figures and
    pages carry it in their keys (cop/aggregates.py), so one change makes them all stale in
    every process, also on the default per-process cache."""

    value = models.BigIntegerField()

    def __str__(self) -> str:
        return f"forum generation {self.value}"
