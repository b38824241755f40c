"""Run the spam bots at scale against a fresh test database, through the real pages, and report
how much of their spam reached the public and how many honest newcomers' posts were held."""

from __future__ import annotations

import logging
import random
import time
from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings, setup_test_environment, teardown_test_environment

from moderation.bots import runner
from moderation.bots.texts import HARMLESS_REPLIES, SPAM_KINDS, honest_text, spam_text


class Command(BaseCommand):
    help = ("Sign up bots and post through the forum's real forms in a fresh, throw-away test "
            "database: a patient spammer over many new accounts, an aged-account spammer (harmless "
            "replies first, then spam and spam edits) and honest newcomers. Never on production.")

    def add_arguments(self, parser):
        parser.add_argument("--posts", type=int, default=100,
                            help="spam posts per bot behaviour, and honest posts (default 100)")
        parser.add_argument("--seed", type=int, default=2026, help="seed for the texts")

    def handle(self, *args, **options):
        if "production" in (settings.SETTINGS_MODULE or "") or not (
                settings.DEBUG or "test" in settings.SETTINGS_MODULE):
            raise CommandError("spam_bots runs only with development or test settings: it "
                               "creates and destroys a database of its own.")
        n, rng = options["posts"], random.Random(options["seed"])
        started = time.monotonic()
        setup_test_environment()
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            from django_q.conf import Conf

            Conf.SYNC = True  # screening runs in this process, as in the test suite
            logging.getLogger("django-q").setLevel(logging.WARNING)
            # The bots are patient: they would wait out every gap and time trap. Rather than
            # sleep, the benchmark sets those waits to zero; every other limit stays.
            limits = {**settings.MODERATION_LIMITS, "seconds_between_posts_new": 0,
                      "seconds_between_posts": 0}
            with override_settings(FORUM_MIN_SUBMIT_SECONDS=0, MODERATION_LIMITS=limits,
                                   ACCOUNT_RATE_LIMITS=False):
                results = self._run(n, rng)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            teardown_test_environment()
        for name, counts in results.items():
            self.stdout.write(
                f"{name:18} posted {counts['posted']:4}  refused {counts['refused']:4}  "
                f"public {counts['public']:4}  held {counts['held']:4}  "
                f"other {counts['other']:4}  of {counts['total']}"
            )
        patient, aged, honest = results["patient"], results["aged"], results["honest newcomers"]
        self.stdout.write(
            f"patient {patient['public']}/{patient['total']} public, aged {aged['public']}/"
            f"{aged['total']} public, honest newcomers {honest['held']}/{honest['total']} held "
            f"({time.monotonic() - started:.0f} s)"
        )

    def _progress(self, name: str, done: int, total: int) -> None:
        if done % 20 == 0 or done == total:
            self.stdout.write(f"  {name}: {done}/{total}")

    def _run(self, n: int, rng: random.Random) -> dict[str, Counter]:
        from django.core.management import call_command

        from cop.models import Category, Post, Thread, User
        from cop.publishing import publish_post

        self.stdout.write("Training the spam model from the seed corpus…")
        call_command("spam_model", ensure=True, stdout=self.stdout)
        host = User.objects.create_user(username="host", email="host@example.org",
                                        password=runner.PASSWORD, display_name="Nadia Host")
        category = Category.objects.create(name="Methods and practice", slug="methods")
        thread = Thread.objects.create(category=category, author=host,
                                       title="What helped your co-production group this year?")
        opening = Post.objects.create(thread=thread, author=host, is_opening=True,
                                      body="Share one thing that made a difference to your work.")
        publish_post(post=opening)

        results: dict[str, Counter] = {}
        attempts = []
        bot = None
        for i in range(n):  # patient: two posts per new account, spread over the kinds
            if i % 2 == 0:
                bot = runner.sign_up(prefix="patient")
            kind = SPAM_KINDS[i % len(SPAM_KINDS)]
            title, body = spam_text(kind, rng)
            if rng.random() < 0.5:
                attempts.append(bot.start_thread(category=category, title=title, body=body,
                                                 kind=kind))
            else:
                attempts.append(bot.reply(thread=thread, body=body, kind=kind))
            self._progress("patient", i + 1, n)
        results["patient"] = self._count(attempts)

        attempts = []
        while len(attempts) < n:  # aged: harmless replies first, then spam and a spam edit
            bot = runner.sign_up(prefix="aged")
            warmup = [bot.reply(thread=thread, body=rng.choice(HARMLESS_REPLIES)
                                + f" ({rng.randint(1, 999)})", kind="harmless")
                      for _ in range(rng.randint(3, 5))]
            for _ in range(2):
                kind = rng.choice(SPAM_KINDS)
                title, body = spam_text(kind, rng)
                if rng.random() < 0.5:
                    attempts.append(bot.start_thread(category=category, title=title, body=body,
                                                     kind=kind))
                else:
                    attempts.append(bot.reply(thread=thread, body=body, kind=kind))
            public = [a for a in warmup if runner.outcome(a) == "public"]
            if public and len(attempts) < n:
                _title, body = spam_text(rng.choice(SPAM_KINDS), rng)
                attempts.append(bot.edit(post_id=public[0].post_id, body=body,
                                         kind="edit into spam"))
            self._progress("aged", min(len(attempts), n), n)
        results["aged"] = self._count(attempts[:n])

        attempts = []
        for i in range(n):
            person = runner.sign_up(prefix="newcomer")
            title, body = honest_text(rng, i)
            if i % 2 == 0:
                attempts.append(person.start_thread(category=category, title=title, body=body,
                                                    kind="honest"))
            else:
                attempts.append(person.reply(thread=thread, body=body, kind="honest"))
            self._progress("honest newcomers", i + 1, n)
        results["honest newcomers"] = self._count(attempts)
        return results

    @staticmethod
    def _count(attempts) -> Counter:
        counts = Counter(total=len(attempts))
        for attempt in attempts:
            result = runner.outcome(attempt)
            if result == "refused":
                counts["refused"] += 1
                continue
            counts["posted"] += 1
            counts[result if result in {"public", "held"} else "other"] += 1
        return counts
