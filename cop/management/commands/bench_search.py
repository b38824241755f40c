"""Fill a scratch database with published posts and time the forum search for a common word
and a rare one, to check that search costs the same as the forum grows."""

import random
import statistics
import time

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from cop import search_results
from cop.enums import PostStatus
from cop.models import Category, Post, Thread, User

WORDS = ("budget carers evaluation workshop toolkit council youth story research power trust "
         "money grant survey panel festival report guide volunteer network").split()


class Command(BaseCommand):
    help = "Fill a scratch database with posts (--posts) and time search for common and rare words."

    def add_arguments(self, parser):
        parser.add_argument("--posts", type=int, default=20_000)
        parser.add_argument("--runs", type=int, default=30)

    def handle(self, *args, posts: int, runs: int, **options):
        if not settings.DEBUG and "production" in settings.SETTINGS_MODULE:
            raise CommandError("bench_search fills the database with made-up posts; "
                               "run it with development settings on a scratch database.")
        have = Post.objects.filter(body__startswith="[bench]").count()
        if have < posts:
            self._fill(posts - have)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        total = Post.objects.filter(status=PostStatus.PUBLISHED).count()
        self.stdout.write(f"{connection.vendor}: {total:,} published posts")
        for label, query in [("common word", "community"), ("rare word", "zephyr"),
                             ("phrase", '"community story"'), ("two words", "budget carers")]:
            timings, found = [], 0
            for _ in range(runs):
                start = time.perf_counter()
                results = search_results.search_site(query=query, user=AnonymousUser(),
                                                filters=search_results.SearchFilters(kind="post"))
                search_results.search_hits(refs=results.refs[:25], query=results.query)
                timings.append((time.perf_counter() - start) * 1000)
                found = len(results.refs)
            timings.sort()
            p50, p99 = statistics.median(timings), timings[max(0, int(runs * 0.99) - 1)]
            self.stdout.write(f"  {label:12} {query!r:22} results={found:5}  "
                              f"p50={p50:7.1f} ms  p99={p99:7.1f} ms")
        self.stdout.write(self.style.SUCCESS(f"searched {total:,} posts {runs} times per query"))

    def _fill(self, n: int) -> None:
        rng = random.Random(14)
        author, _ = User.objects.get_or_create(username="bench-author",
                                               defaults={"email": "bench@example.org"})
        category, _ = Category.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
        made, batch = 0, 2_000
        while made < n:
            size = min(batch, n - made)
            with transaction.atomic():
                threads = Thread.objects.bulk_create([
                    Thread(category=category, author=author, status=PostStatus.PUBLISHED,
                           title=f"Bench thread {made + i} about {rng.choice(WORDS)}")
                    for i in range(0, size, 20)
                ])
                rows = []
                for i in range(size):
                    words = rng.choices(WORDS, k=30) + ["community"]
                    if (made + i) % 1000 == 7:
                        words.append("zephyr")
                    rng.shuffle(words)
                    rows.append(Post(thread=threads[i // 20], author=author,
                                     status=PostStatus.PUBLISHED, is_opening=i % 20 == 0,
                                     body="[bench] " + " ".join(words)))
                Post.objects.bulk_create(rows)
            made += size
            self.stdout.write(f"  filled {made:,} of {n:,} posts", ending="\r")
            self.stdout.flush()
        self.stdout.write(f"  filled {n:,} posts")
