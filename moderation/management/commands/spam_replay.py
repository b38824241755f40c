"""Replay a labelled stream through the product's own screening and decision services.

Each row is posted as a new post by its author, screened by screen_post (held if over the
threshold), then decided by decide_post with its true label, as a moderator clearing the queue
would; the model is retrained every N labels as the product does. Everything happens inside
one transaction that is rolled back, and the models trained on the way are written to a
temporary folder, so the site's data and active model are left as they were.
"""

import csv
import random
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from cop.enums import PostStatus
from cop.models import Category, Post, Thread, User
from moderation.classifier import registry
from moderation.classifier.cli import print_figures, read_files
from moderation.decisions.decide import decide_post
from moderation.decisions.learn import learn_from_decisions
from moderation.engine.artefacts import ArtefactError
from moderation.engine.training import TrainingError
from moderation.enums import DecisionAction
from moderation.screening.service import screen_post


def _share(flags: list[bool]) -> float | None:
    return round(sum(flags) / len(flags), 4) if flags else None


def _by_quarter(quarters: list[list[int]]) -> list[float | None]:
    """Recall in each quarter of the stream from [caught, spam seen] pairs (None: no spam)."""
    return [round(caught / seen, 4) if seen else None for caught, seen in quarters]


KEYS = ["n", "spam", "ham", "recall", "false_hold_rate", "spam_published", "ham_held",
        "retrains", "final_model_version", "recall_first_half", "recall_second_half"]


class Command(BaseCommand):
    help = "Replay STREAM.csv through screening, moderator decisions and retraining."

    def add_arguments(self, parser):
        parser.add_argument("stream", help="CSV with text,label (and optional author, "
                                           "posted_at, thread_title), in arrival order")
        parser.add_argument("--train", nargs="+", default=[], metavar="TRAIN.csv",
                            help="start from a model trained on these files plus the seed")
        parser.add_argument("--retrain-every", type=int, default=None, metavar="N",
                            help="labels between retrains (default: MODERATION_RETRAIN_EVERY)")
        parser.add_argument("--shuffle", type=int, metavar="SEED",
                            help="replay the rows in a random order (this seed) instead of the "
                                 "file's, to see learning on a stream whose sources are mixed")
        parser.add_argument("--misses", metavar="FILE.csv",
                            help="write the spam published and the legitimate posts held, "
                                 "with their scores, to this CSV")
        parser.add_argument("--json", action="store_true",
                            help="end with the figures as one JSON object")

    def handle(self, *args, **options):
        rows = read_files([options["stream"]])
        if not rows:
            raise CommandError(f"{options['stream']} has no rows to replay.")
        if options["shuffle"] is not None:
            random.Random(options["shuffle"]).shuffle(rows)
        every = options["retrain_every"] or settings.MODERATION_RETRAIN_EVERY
        extra = read_files(options["train"]) if options["train"] else []
        started, cpu = time.perf_counter(), time.process_time()
        with tempfile.TemporaryDirectory() as folder, transaction.atomic():
            figures = self._replay(rows, extra, every, Path(folder))
            misses = figures.pop("misses")
            transaction.set_rollback(True)
        figures["seconds"] = round(time.perf_counter() - started, 1)
        figures["cpu_seconds"] = round(time.process_time() - cpu, 1)
        if options["misses"]:
            with open(options["misses"], "w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(["text", "label", "source", "outcome", "score", "threshold"])
                writer.writerows(misses)
        print_figures(self.stdout, figures, as_json=options["json"], keys=KEYS)
        if not options["json"]:
            quarters = ", ".join(f"{q:.3f}" if q is not None else "-"
                                 for q in figures["recall_by_quarter"])
            self.stdout.write(
                f"Replayed {figures['n']} posts: spam recall {figures['recall']} "
                f"(by quarter: {quarters}), {figures['spam_published']} spam published, "
                f"{figures['ham_held']} legitimate posts held, {figures['retrains']} retrains, "
                f"in {figures['seconds']} s ({figures['cpu_seconds']} s of CPU)."
            )
            for source, block in sorted(figures["per_source"].items()):
                if block["spam"]:
                    by_quarter = ", ".join(f"{q:.3f}" if q is not None else "-"
                                           for q in block["recall_by_quarter"])
                    self.stdout.write(f"  {source}: spam recall by quarter {by_quarter}")

    def _start_model(self, extra, folder: Path):
        if extra:
            self.stdout.write(f"Training the starting model on {len(extra)} rows + the seed…")
            try:
                model = registry.train(extra=extra, use_labels=False)
            except TrainingError as error:
                raise CommandError(f"Cannot train: {error}") from error
            return registry.register(model, activate=True, directory=folder,
                                     notes="replay start")
        try:
            version, _ = registry.active_model()
        except registry.ModelUnavailable as error:  # its message says what to run
            raise CommandError(str(error)) from error
        except ArtefactError as error:
            raise CommandError(f"{error}. Train one with `manage.py spam_model --ensure`.") \
                from error
        return version

    def _replay(self, rows, extra, every: int, folder: Path) -> dict:
        start = self._start_model(extra, folder)
        self.stdout.write(f"Replaying {len(rows)} posts from model v{start.version}, "
                          f"retraining every {every} labels…")
        now = timezone.now()
        category = Category.objects.create(name="Replay", slug="replay-stream")
        moderator = User.objects.create(username="replay-moderator", is_superuser=True)
        authors: dict[str, User] = {}
        threads: dict[str, Thread] = {}
        spam_published = ham_held = spam_total = ham_total = retrains = 0
        quarters = [[0, 0] for _ in range(4)]  # [caught, spam seen] per quarter of the stream
        caught: list[bool] = []
        sources: dict[str, dict] = {}
        misses: list[list] = []
        since_retrain = since_learning = 0
        learn_every = settings.MODERATION_LEARNING["refit_every"]
        for i, row in enumerate(rows):
            name = (row.author or f"visitor-{i}")[:150]
            author = authors.get(name)
            if author is None:
                author = User.objects.create(
                    username=f"replay-{len(authors)}", display_name=name[:80],
                    date_joined=now - timedelta(days=365),
                )
                authors[name] = author
            title = (row.thread_title or "Conversation")[:160]
            thread = threads.get(title)
            if thread is None:
                thread = Thread.objects.create(category=category, title=title, author=moderator,
                                               status=PostStatus.PUBLISHED)
                threads[title] = thread
            posted = parse_datetime(row.posted_at or "") or now
            if timezone.is_naive(posted):
                posted = timezone.make_aware(posted)
            post = Post.objects.create(thread=thread, author=author, body=row.text or " ",
                                       created_at=min(posted, now))
            verdict = screen_post(post=post)
            held = verdict.status != PostStatus.PUBLISHED
            quarter = min(3, i * 4 // len(rows))
            tally = sources.setdefault(row.source or "-", {"spam": 0, "spam_published": 0,
                                                           "ham": 0, "ham_held": 0,
                                                           "caught": [],
                                                           "quarters": [[0, 0] for _ in range(4)]})
            if row.label == 1:
                tally["caught"].append(held)
                tally["quarters"][quarter][1] += 1
                tally["quarters"][quarter][0] += held
                caught.append(held)
            tally["spam" if row.label == 1 else "ham"] += 1
            tally["spam_published"] += row.label == 1 and not held
            tally["ham_held"] += row.label == 0 and held
            if held != (row.label == 1):
                misses.append([row.text, "spam" if row.label == 1 else "ham", row.source,
                               verdict.status, verdict.score, verdict.threshold])
            if row.label == 1:
                spam_total += 1
                quarters[quarter][1] += 1
                quarters[quarter][0] += held
                spam_published += not held
            else:
                ham_total += 1
                ham_held += held
            action = DecisionAction.REJECT if row.label == 1 else DecisionAction.APPROVE
            decide_post(post=post, moderator=moderator, action=action, retrain=False)
            # The product queues both after each decision; here they run in line, in order.
            since_learning += 1
            if since_learning >= learn_every:
                since_learning = 0
                learn_from_decisions(directory=folder)
            since_retrain += 1
            if since_retrain >= every:
                since_retrain = 0
                try:
                    model = registry.train(extra=extra)
                    registry.register(model, directory=folder, notes="replay retrain")
                    retrains += 1
                except TrainingError:
                    pass
            if (i + 1) % 250 == 0 or i + 1 == len(rows):
                self.stdout.write(f"  {i + 1}/{len(rows)} posts, {retrains} retrains")
        final = registry.active_model()[0]
        return {
            "n": len(rows), "spam": spam_total, "ham": ham_total,
            "recall": round((spam_total - spam_published) / spam_total, 4) if spam_total else None,
            "false_hold_rate": round(ham_held / ham_total, 4) if ham_total else None,
            "spam_published": spam_published, "ham_held": ham_held,
            "recall_first_half": _share(caught[:len(caught) // 2]),
            "recall_second_half": _share(caught[len(caught) // 2:]),
            "recall_by_quarter": _by_quarter(quarters),
            "retrains": retrains, "start_model_version": start.version,
            "per_source": {
                source: {**{k: v for k, v in tally.items() if k not in ("caught", "quarters")},
                         # The stream's quarters (as recall_by_quarter): which source a
                         # quarter's recall comes from, e.g. one that first appears late.
                         "recall_by_quarter": _by_quarter(tally["quarters"]),
                         # Within one source's own stream: does it get better as it goes on?
                         "recall_first_half": _share(tally["caught"][:len(tally["caught"]) // 2]),
                         "recall_second_half": _share(tally["caught"][len(tally["caught"]) // 2:]),
                         "recall": round(1 - tally["spam_published"] / tally["spam"], 4)
                         if tally["spam"] else None,
                         "false_hold_rate": round(tally["ham_held"] / tally["ham"], 4)
                         if tally["ham"] else None}
                for source, tally in sources.items()
            },
            "misses": misses,
            "final_model_version": final.version,
        }
