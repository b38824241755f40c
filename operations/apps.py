"""The operations app: deploy checks, health page, set-up and backup commands."""

from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = "Operations"

    def ready(self) -> None:
        from operations import checks  # noqa: F401  (registers the deploy checks)
