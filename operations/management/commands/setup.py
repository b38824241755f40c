"""`manage.py setup`: turn an empty database into a working site, asking or from the environment."""

from __future__ import annotations

import getpass
import os

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from operations import setup


class Command(BaseCommand):
    help = ("Set up a new site: migrate, name and address, first administrator (email verified), "
            "default categories, the spam model and a welcome page. Safe to run again.")

    def add_arguments(self, parser):
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help="Ask nothing: read SETUP_ADMIN_USERNAME, SETUP_ADMIN_EMAIL and "
                                 "SETUP_ADMIN_PASSWORD (and SITE_NAME, SITE_URL).")
        parser.add_argument("--skip-migrate", action="store_true",
                            help="Do not run migrations first.")

    def handle(self, *args, interactive: bool, skip_migrate: bool, **options):
        answers = self._answers(interactive)
        steps = 7
        if not skip_migrate:
            self._step(1, steps, "updating the database")
            call_command("migrate", interactive=False, verbosity=0)
        self._step(2, steps, setup.set_site_address(site_name=answers["site_name"],
                                                    site_url=answers["site_url"]))
        self._step(3, steps, setup.ensure_admin(username=answers["username"],
                                                email=answers["email"],
                                                password=answers["password"]))
        self._step(4, steps, setup.ensure_categories())
        self._step(5, steps, "training the spam model if needed (up to a minute)")
        self._step(5, steps, setup.ensure_spam_model())
        self._step(6, steps, setup.ensure_welcome_page(site_name=answers["site_name"]))
        self._step(7, steps, setup.defer_first_scheduled_jobs())
        self.stdout.write(self.style.SUCCESS(
            f"Set-up done: {answers['site_url']} is ready; log in as {answers['username']} "
            f"and open {answers['site_url']}/admin/ to edit pages and categories."))

    def _step(self, number: int, total: int, text: str) -> None:
        self.stdout.write(f"[{number}/{total}] {text}")

    def _answers(self, interactive: bool) -> dict[str, str]:
        answers = {
            "site_name": settings.SITE_NAME,
            "site_url": settings.SITE_URL,
            "username": os.environ.get("SETUP_ADMIN_USERNAME", ""),
            "email": os.environ.get("SETUP_ADMIN_EMAIL", ""),
            "password": os.environ.get("SETUP_ADMIN_PASSWORD", ""),
        }
        if interactive:
            answers["site_name"] = self._ask("Site name", answers["site_name"])
            answers["site_url"] = self._ask("Public address (https://…)", answers["site_url"])
            answers["username"] = self._ask("First administrator's username",
                                            answers["username"] or "admin")
            answers["email"] = self._ask("Their email address", answers["email"])
            if not answers["password"]:
                answers["password"] = getpass.getpass("Their password: ")
        missing = [name for name, key in (("SETUP_ADMIN_USERNAME", "username"),
                                          ("SETUP_ADMIN_EMAIL", "email"),
                                          ("SETUP_ADMIN_PASSWORD", "password"))
                   if not answers[key]]
        if missing:
            raise CommandError(f"Set {', '.join(missing)} (or run without --noinput to be asked).")
        try:
            validate_email(answers["email"])
        except ValidationError:
            raise CommandError(f"{answers['email']!r} is not an email address.") from None
        try:
            validate_password(answers["password"])
        except ValidationError as error:
            raise CommandError("The administrator's password is too weak: "
                               + " ".join(error.messages)) from None
        return answers

    def _ask(self, question: str, default: str) -> str:
        reply = input(f"{question} [{default}]: " if default else f"{question}: ").strip()
        return reply or default
