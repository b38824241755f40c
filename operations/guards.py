"""Guards for commands that must never touch a live site's database."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import CommandError


def refuse_production_settings(command: str) -> None:
    if settings.SETTINGS_MODULE == "cop.settings.production":
        raise CommandError(
            f"{command} writes demo members and pages; it refuses to run with the production "
            "settings. Use `manage.py setup` to prepare a real site."
        )
