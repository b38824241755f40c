"""App configuration for the Wagtail pages."""

from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Pages"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cms import signal_handlers

        signal_handlers.connect()
