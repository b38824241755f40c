"""Show the active spam model, or make sure one exists (part of `make run`)."""

from django.core.management.base import BaseCommand

from moderation.classifier import registry
from moderation.models import ModelVersion


class Command(BaseCommand):
    help = "Show the spam models; with --ensure, train the default model if none is usable."

    def add_arguments(self, parser):
        parser.add_argument("--ensure", action="store_true",
                            help="train and activate a model from the seed corpus if needed")

    def handle(self, *args, **options):
        if options["ensure"]:
            self.stdout.write("Checking the spam model…")
            row, trained = registry.ensure_default_model()
            if trained:
                cv = row.metrics
                self.stdout.write(self.style.SUCCESS(
                    f"Spam model v{row.version} trained from the seed corpus "
                    f"(cross-validated ROC-AUC {cv.get('roc_auc')}, threshold {row.threshold:.3f})."
                ))
            else:
                self.stdout.write(f"Spam model v{row.version} is active and its file checks out.")
            return
        rows = list(ModelVersion.objects.all()[:20])
        if not rows:
            self.stdout.write("No spam model yet: run `manage.py spam_model --ensure`.")
        for row in rows:
            self.stdout.write(
                f"v{row.version} {'ACTIVE ' if row.is_active else ''}"
                f"{row.created_at:%Y-%m-%d %H:%M} threshold {row.threshold:.3f} "
                f"roc_auc {row.metrics.get('roc_auc')} {row.notes}"
            )
