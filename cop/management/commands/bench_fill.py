"""Fill the database with the benchmark forum: 200 members, 2,000 threads, 100,000 posts."""

import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from cop.bench import fill
from cop.markup import render_post_html


class Command(BaseCommand):
    help = (
        "Fill the database with a large forum for benchmarks (200 members, 5 categories, "
        "2,000 threads, 100,000 published posts by default). Running it again keeps a fill of "
        "the same size and replaces one of another size. Never on production settings."
    )

    def add_arguments(self, parser):
        parser.add_argument("--posts", type=int, default=fill.DEFAULT_POSTS,
                            help="how many published posts (default 100,000)")
        parser.add_argument("--no-search-index", action="store_true",
                            help="skip filling the search index")

    def handle(self, *args, posts: int, no_search_index: bool, **options):
        if settings.SETTINGS_MODULE.endswith(".production"):
            raise CommandError("bench_fill writes test data: it refuses to run on production "
                               "settings. Use a separate database with the dev settings.")
        if posts < 10:
            raise CommandError("--posts must be at least 10.")
        started = time.monotonic()
        existing = fill.filled_posts()
        if existing == posts:
            self.stdout.write(f"Already filled with {posts:,} posts; keeping them.")
        else:
            if existing:
                self.stdout.write(f"Removing the previous fill ({existing:,} posts)…")
                fill.clear()
            fill.fill(posts=posts, render=_stored_fields(), progress=self._progress)
        if not no_search_index:
            self.stdout.write("Filling the search index…")
            call_command("update_index", verbosity=0)
        fill.analyze()
        plan = fill.FillPlan.for_posts(posts)
        self.stdout.write(self.style.SUCCESS(
            f"Benchmark forum ready: {plan.members} members, {len(fill.CATEGORY_NAMES)} "
            f"categories, {plan.threads:,} threads, {posts:,} posts "
            f"(longest {plan.long_thread_posts:,}) in {time.monotonic() - started:.0f} s."
        ))

    def _progress(self, message: str) -> None:
        self.stdout.write(f"  {message}")
        self.stdout.flush()


def _stored_fields():
    """Extra Post fields for a body, so bulk-written posts match ones the forum wrote."""

    def render(body: str) -> dict[str, str]:
        html, version = render_post_html(body)
        return {"body_html": html, "body_html_version": version}

    return render
