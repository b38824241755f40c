"""Write the demo community (members, categories, threads, posts and a few spam attempts).

Safe to run again: members and categories are matched by name, threads by title, and a thread
that exists already is left as it is.
"""

import json
import logging
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from cop import publishing
from cop.demo_media import attach_demo_files
from cop.enums import PostStatus
from cop.models import Category, Post, Thread, User
from moderation import services as moderation
from moderation.permissions import MODERATORS_GROUP
from operations.guards import refuse_production_settings

CONTENT = Path(__file__).resolve().parents[2] / "demo" / "content.json"

# Demo sign-ins, printed by `make run`. They exist only on a demo database.
DEMO_PASSWORDS = {
    "member": "demo-member-pass",
    "moderator": "demo-moderator-pass",
    "editor": "demo-editor-pass",
    "admin": "demo-admin-pass",
    "spammer": "demo-spammer-pass",
}


class Command(BaseCommand):
    help = "Write the demo co-production community. Safe to run more than once."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true",
            help="Run even with DEBUG off (never do this on a real site: it adds demo accounts).",
        )

    def handle(self, *args, **options):
        refuse_production_settings("seed_demo")
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "seed_demo adds demo accounts with known passwords, so it only runs with "
                "DEBUG on. Use --force if this really is a demo site."
            )
        data = json.loads(CONTENT.read_text(encoding="utf-8"))
        # One "Enqueued" line per demo post would bury the progress lines.
        logging.getLogger("django-q").setLevel(logging.WARNING)
        with transaction.atomic():
            users = self._users(data["users"])
            categories = self._categories(data["categories"])
        created_threads, created_posts = 0, 0
        now = timezone.now()
        total = len(data["threads"])
        threads: list[Thread] = []
        for i, spec in enumerate(data["threads"]):
            thread, made = self._thread(spec, users, categories, i, total, now)
            threads.append(thread)
            if made:
                created_threads += 1
                created_posts += len(spec["posts"])
            if (i + 1) % 10 == 0 or i + 1 == total:
                self.stdout.write(f"  threads {i + 1}/{total}")
        held = self._spam(data.get("spam", []), users, categories, threads)
        attach_demo_files()  # a picture with its description and a PDF, shown in a thread
        self.stdout.write(self.style.SUCCESS(
            f"Demo ready: {len(users)} members, {len(categories)} categories, "
            f"{created_threads} new threads, {created_posts} new posts, "
            f"{held} spam attempts screened."
        ))
        # The resource library, owned by the demo editor; its discussions join the forum.
        call_command("seed_resources", owner="ed_editor", stdout=self.stdout)
        call_command("seed_engagement", stdout=self.stdout)

    def _users(self, specs) -> dict[str, User]:
        moderators, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
        editors, _ = Group.objects.get_or_create(name="Editors")
        users = {}
        for spec in specs:
            kind = spec["kind"]
            user, created = User.objects.get_or_create(
                username=spec["username"],
                defaults={
                    "email": spec["email"], "display_name": spec["display_name"],
                    "organisation": spec.get("organisation", ""), "bio": spec.get("bio", ""),
                    "role": spec.get("role", ""),
                    "date_joined": timezone.now() - timedelta(days=400 if kind != "spammer" else 0),
                },
            )
            if created:
                user.set_password(DEMO_PASSWORDS[kind])
                user.is_superuser = user.is_staff = kind == "admin"
                user.save()
                self._verify_email(user)
                if kind == "moderator":
                    user.groups.add(moderators)
                elif kind == "editor":
                    user.groups.add(editors)
            users[user.username] = user
        self.stdout.write(f"  members: {len(users)}")
        return users

    @staticmethod
    def _verify_email(user: User) -> None:
        from allauth.account.models import EmailAddress

        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )

    def _categories(self, specs) -> dict[str, Category]:
        categories = {}
        for order, spec in enumerate(specs):
            category, _ = Category.objects.update_or_create(
                slug=spec["slug"],
                defaults={
                    "name": spec["name"], "description": spec["description"],
                    "members_only": spec.get("members_only", False), "order": order,
                },
            )
            categories[spec["slug"]] = category
        self.stdout.write(f"  categories: {len(categories)}")
        return categories

    @transaction.atomic
    def _thread(self, spec, users, categories, index, total, now):
        category = categories[spec["category"]]
        existing = Thread.objects.filter(category=category, title=spec["title"]).first()
        if existing:
            return existing, False
        # Spread the threads over the last two months, oldest first, posts hours apart.
        started = now - timedelta(days=60) + timedelta(days=58 * index / max(total, 1))
        thread = Thread.objects.create(
            category=category, title=spec["title"], author=users[spec["author"]],
            created_at=started, last_activity_at=started,
        )
        for n, post_spec in enumerate(spec["posts"]):
            post = Post.objects.create(
                thread=thread, author=users[post_spec["author"]], body=post_spec["body"],
                is_opening=n == 0, created_at=started + timedelta(hours=5 * n, minutes=7 * n),
            )
            publishing.publish_post(post=post)
        return thread, True

    def _spam(self, specs, users, categories, threads) -> int:
        screened = 0
        for spec in specs:
            author = users[spec["author"]]
            if Post.objects.filter(author=author, body=spec["body"]).exists():
                continue
            with transaction.atomic():
                if spec.get("thread") is None:
                    thread = Thread.objects.create(
                        category=categories[spec["category"]], title=spec["title"], author=author
                    )
                    post = Post.objects.create(
                        thread=thread, author=author, body=spec["body"], is_opening=True
                    )
                else:
                    post = Post.objects.create(
                        thread=threads[spec["thread"]], author=author, body=spec["body"]
                    )
            # The same screening every member's post gets: the demo shows what the site does.
            verdict = moderation.screen_post(post=post)
            screened += 1
            if verdict.status != PostStatus.PUBLISHED:
                self.stdout.write(f"  spam attempt by {author.username}: {verdict.status}")
        return screened
