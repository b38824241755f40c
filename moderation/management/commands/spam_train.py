"""Train a new spam model version from CSV files, the seed corpus and moderators' labels."""

from django.core.management.base import BaseCommand, CommandError

from moderation.classifier import registry
from moderation.classifier.cli import fmt, read_files
from moderation.engine.training import TrainingError


class Command(BaseCommand):
    help = "Train a new ModelVersion from TRAIN.csv files plus the labelled history; print it."

    def add_arguments(self, parser):
        parser.add_argument("train", nargs="*", metavar="TRAIN.csv")
        parser.add_argument("--activate", action="store_true",
                            help="make it the active model whatever the comparison says")

    def handle(self, *args, **options):
        extra = read_files(options["train"])
        self.stdout.write(f"Training on {len(extra)} CSV rows, the seed corpus and "
                          f"moderators' labels…")
        try:
            model = registry.train(extra=extra)
        except TrainingError as error:
            raise CommandError(f"Cannot train: {error}") from error
        row = registry.register(model, activate=True if options["activate"] else None,
                                notes="trained by spam_train")
        cv = row.metrics
        self.stdout.write(f"  counts: {row.training_counts.get('by_label')}")
        self.stdout.write("  cross-validated: " + "  ".join(
            f"{k}={fmt(cv.get(k))}" for k in ("roc_auc", "average_precision",
                                               "recall_at_1pct_fhr", "precision", "recall",
                                               "false_hold_rate")))
        if row.holdout_metrics:
            self.stdout.write(f"  held-back moderator labels: {row.holdout_metrics}")
        state = "active" if row.is_active else \
            "not activated: the active model did better on held-back labels"
        self.stdout.write(self.style.SUCCESS(
            f"Model v{row.version} saved ({state}), "
            f"threshold {row.threshold:.3f}, sha256 {row.sha256[:12]}…"
        ))
