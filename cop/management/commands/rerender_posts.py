"""Render every post's stored HTML again, after the sanitiser's allow-list or the renderer
changed (pages also do it lazily, a page of posts at a time)."""

import time

from django.core.management.base import BaseCommand
from django.db.models import Q

from cop.markup import render_post_html, renderer_version
from cop.models import Post

BATCH = 1_000


class Command(BaseCommand):
    help = ("Store freshly rendered HTML for posts whose stored HTML is missing or was made by "
            "another renderer version (--all: every post).")

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="render every post again")
        parser.add_argument("--dry-run", action="store_true", help="only count them")

    def handle(self, *args, dry_run: bool, **options):
        started = time.monotonic()
        version = renderer_version()
        posts = Post.objects.all() if options["all"] else Post.objects.filter(
            ~Q(body_html_version=version) | Q(body_html=""))
        total = posts.count()
        if dry_run:
            self.stdout.write(f"{total:,} posts would be rendered again (version {version}).")
            return
        done, last_pk = 0, 0
        while True:
            batch = list(posts.filter(pk__gt=last_pk).order_by("pk")
                         .only("pk", "body", "body_html", "body_html_version")[:BATCH])
            if not batch:
                break
            for post in batch:
                post.body_html, post.body_html_version = render_post_html(post.body)
            Post.objects.bulk_update(batch, ["body_html", "body_html_version"])
            done += len(batch)
            last_pk = batch[-1].pk
            self.stdout.write(f"  {done:,} / {total:,}")
        self.stdout.write(self.style.SUCCESS(
            f"Rendered {done:,} posts again (version {version}) in "
            f"{time.monotonic() - started:.0f} s."
        ))
