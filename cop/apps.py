"""App configuration for the forum."""

from django.apps import AppConfig


class CopConfig(AppConfig):
    name = "cop"
    verbose_name = "Forum"
    default_auto_field = "django.db.models.BigAutoField"
