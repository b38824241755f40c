"""App configuration for the forum."""

from django.apps import AppConfig


class CopConfig(AppConfig):
    name = "cop"
    verbose_name = "Forum"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.urls import register_converter

        from cop import signal_handlers
        from cop.ids import IdConverter

        signal_handlers.connect()

        # `<id:pk>` in every app's addresses: a number within the database's integer range.
        register_converter(IdConverter, "id")
