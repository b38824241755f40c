"""The model registry keeps the better model active."""


from moderation.classifier import registry
from moderation.engine.corpus import Example
from moderation.enums import Label
from moderation.models import ModelVersion, TrainingLabel


def _labels(n_each: int, *, flip: bool = False):
    for i in range(n_each):
        TrainingLabel.objects.create(
            text=f"Claim your prize now, txt WIN to 80088, call 0909 879 0{i:03d}",
            label=Label.HAM if flip else Label.SPAM)
        TrainingLabel.objects.create(
            text=f"Thanks for the notes from session {i}, see you at the next catch-up",
            label=Label.SPAM if flip else Label.HAM)


def test_registry_keeps_the_active_model_when_the_new_one_is_worse(spam_model_version, settings):
    settings.MODERATION_MIN_HOLDOUT = 10
    _labels(30)
    backwards = [Example(text=e.text, label=1 - e.label, source="x")
                 for e in registry.seed_examples()]
    worse = registry.train(extra=backwards, use_seed=False, use_labels=False)
    row = registry.register(worse, notes="deliberately worse")
    assert not row.is_active
    assert ModelVersion.objects.get(is_active=True) == spam_model_version
    assert row.holdout_metrics["new"]["roc_auc"] < row.holdout_metrics["active"]["roc_auc"]

    settings.MODERATION_ALWAYS_ACTIVATE = True
    forced = registry.register(worse, notes="forced")
    assert forced.is_active


def test_registry_activates_a_model_that_is_not_worse(spam_model_version, settings):
    settings.MODERATION_MIN_HOLDOUT = 10
    _labels(30)
    better = registry.train()
    row = registry.register(better)
    assert row.is_active and row.holdout_metrics["n"] >= 10


def test_a_retrain_trains_apart_and_records_the_comparison(spam_model_version, settings,
                                                            monkeypatch):
    """The retrain a worker runs trains in a child process: the training code is not loaded in
    the worker (it is taken out of sys.modules here; training in this process would load it
    again), and the version is recorded here as register() records one."""
    import sys

    settings.MODERATION_MIN_HOLDOUT = 10
    _labels(30)
    monkeypatch.delitem(sys.modules, "moderation.engine.training")
    row = registry.retrain_apart(notes="retrained on schedule")
    assert "moderation.engine.training" not in sys.modules
    assert row.version == spam_model_version.version + 1 and row.is_active
    assert row.holdout_metrics["n"] >= 10
    assert row.holdout_metrics["new"]["roc_auc"] >= row.holdout_metrics["active"]["roc_auc"]
    assert row.training_counts["by_source"]["moderator"]["spam"] >= 20
    # The artefact the child wrote loads here with the hash recorded for it, and scores.
    model = registry.load_version(row)
    assert model.score(["Claim your prize now, txt WIN to 80088"])[0] > model.threshold
