"""Print the demo sign-ins so a newcomer can try each role."""

import json

from django.core.management.base import BaseCommand

from cop.management.commands.seed_demo import CONTENT, DEMO_PASSWORDS
from cop.models import User


class Command(BaseCommand):
    help = "List the demo accounts and their passwords."

    def handle(self, *args, **options):
        specs = json.loads(CONTENT.read_text(encoding="utf-8"))["users"]
        wanted = {}
        for spec in specs:
            wanted.setdefault(spec["kind"], spec["username"])
        existing = set(User.objects.filter(username__in=wanted.values())
                       .values_list("username", flat=True))
        self.stdout.write("Demo accounts (log in at /accounts/login/):")
        for kind in ("member", "moderator", "editor", "admin"):
            username = wanted.get(kind)
            if username in existing:
                self.stdout.write(f"  {kind:<10} {username:<12} password: {DEMO_PASSWORDS[kind]}")
