"""Measure how fast the real background worker clears a burst of new posts."""

import time

from django.core.management.base import BaseCommand, CommandError

from moderation import bench


class Command(BaseCommand):
    help = (
        "Write a burst of new posts (replies from practitioners, some spam threads) through the "
        "forum's services with no worker running, then start `manage.py qcluster` (production "
        "settings) with 1, then 2 workers on the broker the settings name, and time until "
        "every post is screened: posts/s, p50/p99 from a post's sending to its screening, and "
        "the worker processes' peak memory. With --rate, posts are sent at that steady rate to "
        "a worker already running instead, and the command prints how long each waited to be "
        "screened. The posts stay in the database: point it at a benchmark database. Never on "
        "production settings."
    )

    def add_arguments(self, parser):
        parser.add_argument("--posts", type=int, default=500,
                            help="posts in each burst (default 500)")
        parser.add_argument("--workers", type=int, nargs="+", default=[1, 2],
                            help="worker counts to measure, one run each (default 1 2)")
        parser.add_argument("--rate", type=float, default=None,
                            help="send posts at this many a second to a running worker "
                                 "instead of a burst, and report their waits")
        parser.add_argument("--seconds", type=float, default=20,
                            help="how long to send at --rate (default 20)")

    def handle(self, *args, posts: int, workers: list[int], rate: float | None,
               seconds: float, **options):
        if posts < 1 or any(n < 1 for n in workers):
            raise CommandError("--posts and --workers must be 1 or more.")
        if rate is not None and (rate <= 0 or seconds <= 0):
            raise CommandError("--rate and --seconds must be more than 0.")
        if rate is not None:
            return self._steady(rate=rate, seconds=seconds, workers=workers)
        started = time.monotonic()
        try:
            bench.check_ready()
            runs = []
            for i, count in enumerate(workers):
                self._line(f"Run {i + 1} of {len(workers)}: {posts} posts, {count} "
                           f"worker{'s' if count > 1 else ''}, broker {bench.broker_name()}")
                run = bench.run_once(posts=posts, workers=count, seed=int(time.time()) + i,
                                     out=self._line)
                runs.append(run)
                self._line(bench.format_run(run))
        except RuntimeError as err:
            raise CommandError(str(err)) from err
        best = max(runs, key=lambda r: r.posts_per_s)
        self.stdout.write(self.style.SUCCESS(
            f"Screened {sum(r.posts for r in runs)} posts in {len(runs)} runs in "
            f"{time.monotonic() - started:.0f} s; fastest: {best.posts_per_s:.1f} posts/s with "
            f"{best.workers} worker{'s' if best.workers > 1 else ''} on {best.broker}; "
            f"the burst posts stay in this database."
        ))

    def _line(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()

    def _steady(self, *, rate: float, seconds: float, workers: list[int]) -> None:
        try:
            bench.check_ready()
            for i, count in enumerate(workers):
                self._line(f"Run {i + 1} of {len(workers)}: {rate:g} posts/s for {seconds:g} s, "
                           f"{count} worker{'s' if count > 1 else ''}, broker "
                           f"{bench.broker_name()}")
                run = bench.run_steady(rate=rate, seconds=seconds, workers=count,
                                       seed=int(time.time()) + i, out=self._line)
                self._line(bench.format_steady(run))
        except RuntimeError as err:
            raise CommandError(str(err)) from err
