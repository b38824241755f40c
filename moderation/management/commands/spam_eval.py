"""Score a labelled CSV with the active model, or with a fresh one trained in memory."""

from django.core.management.base import BaseCommand, CommandError

from moderation.classifier import registry
from moderation.classifier.cli import print_figures, read_files, timed_scores
from moderation.engine.artefacts import ArtefactError
from moderation.engine.metrics import evaluate
from moderation.engine.training import TrainingError

KEYS = ["n", "spam", "ham", "roc_auc", "average_precision", "recall_at_1pct_fhr", "threshold",
        "precision", "recall", "false_hold_rate"]


class Command(BaseCommand):
    help = ("Score every row of DATA.csv and report quality and speed. Changes neither the "
            "active model nor the database.")

    def add_arguments(self, parser):
        parser.add_argument("data", help="CSV with text,label columns (label: spam or ham)")
        parser.add_argument("--train", nargs="+", default=[], metavar="TRAIN.csv",
                            help="train a fresh model in memory on these files (plus the seed)")
        parser.add_argument("--no-seed", action="store_true",
                            help="with --train, leave the seed corpus out")
        parser.add_argument("--json", action="store_true",
                            help="end with the figures as one JSON object")

    def handle(self, *args, **options):
        data = read_files([options["data"]])
        if not data:
            raise CommandError(f"{options['data']} has no rows to score.")
        if options["train"]:
            extra = read_files(options["train"])
            self.stdout.write(f"Training in memory on {len(extra)} rows"
                              f"{'' if options['no_seed'] else ' plus the seed corpus'}…")
            try:
                model = registry.train(extra=extra, use_seed=not options["no_seed"],
                                       use_labels=False)
            except TrainingError as error:
                raise CommandError(f"Cannot train: {error}") from error
            label = "a fresh in-memory model"
        else:
            try:
                version, model = registry.active_model()
            except registry.ModelUnavailable as error:  # its message says what to run
                raise CommandError(str(error)) from error
            except ArtefactError as error:
                raise CommandError(f"{error}. Train one with `manage.py spam_model --ensure`.") \
                    from error
            label = f"model v{version.version}"
        self.stdout.write(f"Scoring {len(data)} rows with {label}…")
        scores, per_second, p99 = timed_scores(model, data)
        figures = evaluate([e.label for e in data], scores, model.threshold,
                           sources=[e.source or "unknown" for e in data])
        figures["posts_per_second"] = round(per_second, 1)
        figures["p99_ms"] = round(p99, 3)
        print_figures(self.stdout, figures, as_json=options["json"],
                      keys=[*KEYS, "posts_per_second", "p99_ms"])
        if not options["json"]:
            self.stdout.write(
                f"Scored {figures['n']} rows: ROC-AUC {figures['roc_auc']}, recall "
                f"{figures['recall']} at {figures['false_hold_rate']} of legitimate posts held."
            )
