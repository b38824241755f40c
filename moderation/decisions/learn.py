"""Learning from each moderator's decision at once: the active model's learned layer.

A full retrain (retrain.py) runs every MODERATION_RETRAIN_EVERY decisions and nightly. Between
them, every decision is learned within seconds by the layer (moderation/engine/learning.py): a
background job reads the decisions made since the layer was last saved, in order, and saves the
layer again. Screening in every process picks the new layer up on its next post.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.core.cache import cache
from django.db import transaction

from moderation.classifier import registry
from moderation.engine.artefacts import ArtefactError
from moderation.models import LearnedLayer, TrainingLabel
from operations.queue import enqueue

logger = logging.getLogger(__name__)

QUEUED_KEY = "moderation:learning-queued"
RUNNING_KEY = "moderation:learning-running"
RUNNING_SECONDS = 120


def learn_after_commit() -> None:
    """Queue a learning run once the decisions being written are committed."""
    transaction.on_commit(queue_learning)


def queue_learning() -> bool:
    # One queued run at a time: the run reads every decision made before it starts.
    if not cache.add(QUEUED_KEY, True, timeout=5 * 60):
        return False
    enqueue("moderation.tasks.learn_from_decisions")
    return True


def decisions_waiting() -> bool:
    """Whether decisions have been made that the layer has not learned (for the sweep)."""
    last = LearnedLayer.objects.filter(is_active=True).values_list("last_label_id", flat=True)
    return TrainingLabel.objects.filter(pk__gt=last.first() or 0).exists()


def learn_from_decisions(*, batch: int = 2000, directory: Path | None = None) -> int:
    """Learn every decision the active layer has not learned; returns how many it learned.

    Runs one at a time (a cache lock); a run that finds another running leaves the work to it
    (that run loops until nothing is left)."""
    cache.delete(QUEUED_KEY)  # decisions committed from now on queue a run of their own
    # The lock lasts a little longer than a batch takes, and is renewed after each one: a run
    # killed half-way holds up learning for two minutes at most.
    if not cache.add(RUNNING_KEY, True, timeout=RUNNING_SECONDS):
        return 0
    learned = 0
    try:
        while True:
            step = _learn_batch(batch, directory)
            learned += step
            if step < batch:
                return learned
            cache.touch(RUNNING_KEY, RUNNING_SECONDS)
    finally:
        cache.delete(RUNNING_KEY)


def _learn_batch(batch: int, directory: Path | None) -> int:
    try:
        _, model = registry.active_model(learned=False)
    except (registry.ModelUnavailable, ArtefactError) as error:
        logger.warning("cannot learn from decisions: %s", error)
        return 0
    row = LearnedLayer.objects.filter(is_active=True).first()
    layer = None
    if row is not None:
        try:
            layer = registry.load_layer(row, model)
        except ArtefactError as error:
            logger.warning("starting a new learned layer: %s", error)
            row = None
    if layer is None:
        layer = model.new_layer()
        layer.config = registry.learning_config()
    labels = list(TrainingLabel.objects.filter(pk__gt=row.last_label_id if row else 0)
                  .order_by("pk").only("pk", "label", "text", "context")[:batch])
    if not labels:
        return 0
    for label in labels:
        logit, present = model.learning_input(
            label.text, registry.context_from_json(label.context))
        layer.learn(logit, present, int(label.label))
    registry.save_layer(layer, last_label_id=labels[-1].pk, directory=directory)
    return len(labels)
