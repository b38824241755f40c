"""The model registry: train, store and check spam models, and keep the better one active.

Artefacts are written by the project itself under MODERATION_MODEL_DIR and recorded with their
sha256; a model is loaded only when the file's hash matches the record.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Max

from moderation.engine.artefacts import ArtefactError, load, save
from moderation.engine.context import PostContext
from moderation.engine.corpus import Example, default_seed_dir, load_seed
from moderation.engine.learning import CommunityLayer, LearningConfig
from moderation.engine.model import SpamModel
from moderation.models import LearnedLayer, ModelVersion, TrainingLabel
from operations.apart import run_apart

logger = logging.getLogger(__name__)

# One loaded model per process, keyed by its hash: the same bytes are the same model.
_loaded: dict[str, SpamModel] = {}
# The active model with its learned layer, keyed by both hashes.
_combined: dict[tuple[str, str], SpamModel] = {}
_lock = threading.Lock()


class ModelUnavailable(RuntimeError):
    """No usable spam model: screening must hold posts for a person to check."""


def model_dir() -> Path:
    path = Path(settings.MODERATION_MODEL_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def context_to_json(context: PostContext | None) -> dict:
    if context is None:
        return {}
    data = asdict(context)
    data["known_domains"] = sorted(data["known_domains"])
    return {key: value for key, value in data.items() if value not in (None, [], "")}


def context_from_json(data: dict | None) -> PostContext | None:
    if not data:
        return None
    fields = {k: v for k, v in data.items() if k in PostContext.__dataclass_fields__}
    fields["known_domains"] = frozenset(fields.get("known_domains", ()))
    return PostContext(**fields)


def _is_held_back(label: TrainingLabel) -> bool:
    # Every fifth label is kept out of training so models can be compared on labels neither saw.
    return label.pk % 5 == 0


def moderator_labels(*, held_back: bool) -> tuple[list[Example], list[PostContext | None]]:
    examples, contexts = [], []
    for label in TrainingLabel.objects.order_by("pk").iterator():
        if _is_held_back(label) != held_back:
            continue
        examples.append(Example(text=label.text, label=label.label, source=label.source))
        contexts.append(context_from_json(label.context))
    return examples, contexts


def seed_examples() -> list[Example]:
    return load_seed(default_seed_dir())


def train(
    *, extra: Sequence[Example] = (), use_seed: bool = True, use_labels: bool = True,
    seed: int = 0,
) -> SpamModel:
    """A new model from the seed corpus, extra examples and moderators' labels (in memory)."""
    examples: list[Example] = list(seed_examples()) if use_seed else []
    examples += list(extra)
    contexts: list[PostContext | None] = [None] * len(examples)
    if use_labels:
        labelled, labelled_contexts = moderator_labels(held_back=False)
        examples += labelled
        contexts += labelled_contexts
    return _train(examples, contexts, known_domains=settings.MODERATION_TRUSTED_DOMAINS,
                  seed=seed)


def _train(examples, contexts, *, known_domains, seed: int) -> SpamModel:
    from moderation.engine.training import train_model  # scikit-learn: loaded to train only

    return train_model(examples, contexts=contexts, seed=seed, known_domains=known_domains)


def _holdout_figures(model: SpamModel, examples, contexts) -> dict | None:
    labels = [e.label for e in examples]
    if len(examples) < settings.MODERATION_MIN_HOLDOUT or len(set(labels)) < 2:
        return None
    from moderation.engine.metrics import evaluate  # scikit-learn: loaded to train only

    scores = model.score([e.text for e in examples], contexts)
    figures = evaluate(labels, scores, model.threshold)
    figures.pop("per_source", None)
    return figures


def _not_worse(new: dict, old: dict) -> bool:
    # ROC-AUC first, then average precision: a tie keeps the newer model, which saw more labels.
    return (new["roc_auc"] or 0, new["average_precision"] or 0) >= (
        (old["roc_auc"] or 0) - 1e-9, (old["average_precision"] or 0) - 1e-9
    )


def register(
    model: SpamModel, *, activate: bool | None = None, notes: str = "",
    directory: Path | None = None,
) -> ModelVersion:
    """Save the artefact, record a ModelVersion, and activate it when asked, when there is no
    active model, or when it is not worse than the active one on held-back moderator labels
    (MODERATION_ALWAYS_ACTIVATE skips that comparison)."""
    version = _next_version()
    path = (directory or model_dir()) / f"spam-model-v{version}.joblib"
    sha = save(model, path)
    current = ModelVersion.objects.filter(is_active=True).first()
    should_activate, holdout = activate, {}
    if activate is None:
        held_back = moderator_labels(held_back=True) if _compares(current) else None
        should_activate, holdout = _against_active(model, current, held_back)
    return _record(_Saved(path=path, sha256=sha, threshold=model.threshold,
                          counts=model.metadata.get("counts", {}),
                          cv_metrics=model.metadata.get("cv_metrics", {})),
                   version=version, activate=should_activate, holdout=holdout, notes=notes)


def retrain_apart(*, notes: str) -> ModelVersion:
    """Train a model from the seed corpus and moderators' labels, compare it with the active
    one and record it, as `register(train())` does; but the training, the comparison and
    scikit-learn happen in a child process (operations.apart), so a screening worker that
    retrains does not keep the training's memory. The database is read and written here."""
    labelled = moderator_labels(held_back=False)
    current = ModelVersion.objects.filter(is_active=True).first()
    held_back = moderator_labels(held_back=True) if _compares(current) else None
    version = _next_version()
    path = model_dir() / f"spam-model-v{version}.joblib"
    saved, activate, holdout = run_apart(
        _train_and_compare, labelled, held_back, current, path,
        tuple(settings.MODERATION_TRUSTED_DOMAINS), name="cop-train",
    )
    return _record(saved, version=version, activate=activate, holdout=holdout, notes=notes)


@dataclass(frozen=True)
class _Saved:
    """A saved artefact and the figures its ModelVersion records."""
    path: Path
    sha256: str
    threshold: float
    counts: dict
    cv_metrics: dict


def _train_and_compare(labelled, held_back, current, path: Path, known_domains):
    """In the child process: no database here, only what the parent read."""
    examples, contexts = labelled
    seed = seed_examples()
    model = _train(seed + examples, [None] * len(seed) + contexts,
                   known_domains=known_domains, seed=0)
    sha = save(model, path)
    activate, holdout = _against_active(model, current, held_back)
    meta = model.metadata
    return (_Saved(path=path, sha256=sha, threshold=model.threshold,
                   counts=meta.get("counts", {}), cv_metrics=meta.get("cv_metrics", {})),
            activate, holdout)


def _next_version() -> int:
    return (ModelVersion.objects.aggregate(m=Max("version"))["m"] or 0) + 1


def _compares(current: ModelVersion | None) -> bool:
    return current is not None and not settings.MODERATION_ALWAYS_ACTIVATE


def _against_active(model: SpamModel, current: ModelVersion | None,
                    held_back: tuple[list[Example], list] | None) -> tuple[bool, dict]:
    """Whether the new model should be active, and the held-back figures that say so. No
    database: `held_back` is the held-back labels, read when a comparison is due."""
    if held_back is None or current is None:
        return True, {}
    examples, contexts = held_back
    mine = _holdout_figures(model, examples, contexts)
    try:
        theirs = _holdout_figures(load_version(current), examples, contexts)
    except (ArtefactError, ModelUnavailable):
        theirs = None
    if mine and theirs:
        return _not_worse(mine, theirs), {"new": mine, "active": theirs, "n": len(examples)}
    return True, {"n": len(examples), "note": "too few held-back labels to compare"}


def _record(saved: _Saved, *, version: int, activate: bool, holdout: dict,
            notes: str) -> ModelVersion:
    with transaction.atomic():
        row = ModelVersion.objects.create(
            version=version, training_counts=saved.counts, metrics=saved.cv_metrics,
            holdout_metrics=holdout, threshold=saved.threshold,
            artefact_path=_stored_path(saved.path), sha256=saved.sha256, notes=notes,
        )
        if activate:
            activate_version(row)
    logger.info("spam model v%s saved (%s)", version, "active" if activate else "kept aside")
    return row


@transaction.atomic
def activate_version(row: ModelVersion) -> None:
    ModelVersion.objects.filter(is_active=True).exclude(pk=row.pk).update(is_active=False)
    ModelVersion.objects.filter(pk=row.pk).update(is_active=True)
    row.is_active = True


def _stored_path(path: Path) -> str:
    """Relative to MODERATION_MODEL_DIR when inside it, so the data folder can be moved or
    restored elsewhere."""
    try:
        return str(path.resolve().relative_to(model_dir().resolve()))
    except ValueError:
        return str(path)


def _artefact_path(row: ModelVersion) -> Path:
    path = Path(row.artefact_path)
    return path if path.is_absolute() else model_dir() / path


def load_version(row: ModelVersion) -> SpamModel:
    key = row.sha256
    with _lock:
        if key not in _loaded:
            model = load(_artefact_path(row), expected_sha256=row.sha256)
            _loaded.clear()
            _loaded[key] = model
        return _loaded[key]


def active_model(*, learned: bool = True) -> tuple[ModelVersion, SpamModel]:
    """The active version and its model, with what it has learned from moderators since it
    was trained (its learned layer) unless `learned` is False; raises ModelUnavailable or
    ArtefactError."""
    row = ModelVersion.objects.filter(is_active=True).first()
    if row is None:
        raise ModelUnavailable("no active spam model: run `manage.py spam_model --ensure`")
    model = load_version(row)
    if not learned:
        return row, model
    layer_row = LearnedLayer.objects.filter(is_active=True).first()
    if layer_row is None:
        return row, model
    key = (row.sha256, layer_row.sha256)
    with _lock:
        combined = _combined.get(key)
    if combined is None:
        try:
            layer = load_layer(layer_row, model)
        except ArtefactError as error:
            # The trained model alone still decides soundly; the layer is rebuilt from the
            # decisions by the next learning run.
            logger.warning("learned layer not used: %s", error)
            return row, model
        combined = model.with_layer(layer)
        with _lock:
            _combined.clear()
            _combined[key] = combined
    return row, combined


def _layer_path(row: LearnedLayer) -> Path:
    path = Path(row.artefact_path)
    return path if path.is_absolute() else model_dir() / path


def load_layer(row: LearnedLayer, model: SpamModel) -> CommunityLayer:
    """A fresh copy of the layer the row records, checked against its sha256."""
    path = _layer_path(row)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ArtefactError(f"learned layer {path} cannot be read: {error}") from error
    if not hmac.compare_digest(hashlib.sha256(data).hexdigest(), row.sha256):
        raise ArtefactError(f"learned layer {path} does not match its recorded sha256")
    try:
        layer = CommunityLayer.from_bytes(data, learning_config())
    except (ValueError, OSError, KeyError) as error:
        raise ArtefactError(f"learned layer {path} cannot be loaded: {error}") from error
    if layer.features != model.new_layer().features:
        raise ArtefactError(f"learned layer {path} was made for another model shape")
    return layer


def learning_config() -> LearningConfig:
    return LearningConfig(**settings.MODERATION_LEARNING)


def save_layer(layer: CommunityLayer, *, last_label_id: int, keep: int = 3,
               directory: Path | None = None) -> LearnedLayer:
    """Write the layer, record it as the active one, and remove all but the newest `keep`."""
    data = layer.to_bytes()
    name = f"learned-layer-{last_label_id}-{secrets.token_hex(4)}.npz"
    path = (directory or model_dir()) / name
    temporary = path.with_name(name + ".tmp")
    temporary.write_bytes(data)
    temporary.replace(path)
    with transaction.atomic():
        LearnedLayer.objects.filter(is_active=True).update(is_active=False)
        row = LearnedLayer.objects.create(
            last_label_id=last_label_id, decisions_learned=layer.learned,
            threshold=layer.threshold, artefact_path=_stored_path(path),
            sha256=hashlib.sha256(data).hexdigest(), is_active=True,
        )
        old = list(LearnedLayer.objects.exclude(pk=row.pk).order_by("-pk")[keep - 1:])
        LearnedLayer.objects.filter(pk__in=[o.pk for o in old]).delete()
    for stale in old:
        _layer_path(stale).unlink(missing_ok=True)
    _remove_unrecorded_layers(path.parent)
    return row


def _remove_unrecorded_layers(folder: Path, *, older_than: float = 3600) -> None:
    """Layer files no row names (their transaction was rolled back), once an hour old."""
    recorded = {Path(name).name for name in LearnedLayer.objects.values_list("artefact_path",
                                                                               flat=True)}
    cutoff = time.time() - older_than
    for path in folder.glob("learned-layer-*.npz"):
        try:
            if path.name not in recorded and path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            pass


def ensure_default_model() -> tuple[ModelVersion, bool]:
    """Make sure a usable model is active, training one from the seed corpus if not."""
    try:
        row, _ = active_model()
        return row, False
    except ModelUnavailable:
        logger.warning("no spam model is active yet: training one from the seed corpus")
    except ArtefactError as error:
        logger.warning("the active spam model cannot be used (%s): training a new one from "
                       "the seed corpus", error)
    model = train()
    return register(model, activate=True, notes="trained at install from the seed corpus"), True
