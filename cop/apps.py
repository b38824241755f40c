"""App configuration for the forum."""

from django.apps import AppConfig


class CopConfig(AppConfig):
    name = "cop"
    verbose_name = "Forum"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.urls import register_converter

        from cop.ids import IdConverter

        # `<id:pk>` in every app's addresses: a number within the database's integer range.
        register_converter(IdConverter, "id")
