"""Retraining the spam model from moderators' labels: the only place that queues a retrain
(and, after each decision, a learning run of the learned layer: learn.py)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from moderation.classifier import registry
from moderation.decisions.learn import queue_learning
from moderation.models import ModelVersion, TrainingLabel
from operations.queue import enqueue

QUEUED_KEY = "moderation:retrain-queued"


def labels_since_active_model() -> int:
    active = ModelVersion.objects.filter(is_active=True).only("created_at").first()
    labels = TrainingLabel.objects.all()
    if active is not None:
        labels = labels.filter(created_at__gt=active.created_at)
    return labels.count()


def maybe_retrain() -> bool:
    """Queue a retrain once enough new labels have come in since the active model."""
    if labels_since_active_model() < settings.MODERATION_RETRAIN_EVERY:
        return False
    # One queued retrain at a time, across every web and worker process.
    if not cache.add(QUEUED_KEY, True, timeout=15 * 60):
        return False
    enqueue("moderation.tasks.retrain_model", "after new labels")
    return True


def retrain_after_commit() -> None:
    """Once the decisions being written are committed, have the learned layer learn them at
    once, and consider a full retrain."""
    transaction.on_commit(_after_decisions)


def _after_decisions() -> None:
    queue_learning()
    maybe_retrain()


def retrain_model(*, why: str) -> ModelVersion:
    try:
        # In a child process: a screening worker that retrains keeps its own small footprint.
        return registry.retrain_apart(notes=f"retrained {why}")
    finally:
        cache.delete(QUEUED_KEY)
