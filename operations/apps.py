"""The operations app: deploy checks, health page, set-up and backup commands."""

from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = "Operations"

    def ready(self) -> None:
        from django_q.signals import post_execute_in_worker, post_spawn

        from operations import checks  # noqa: F401  (registers the deploy checks)
        from operations.tasks import beat_from_worker

        # A worker reports as soon as it starts and after each job, not only once a minute.
        post_spawn.connect(beat_from_worker, dispatch_uid="operations-heartbeat-spawn")
        post_execute_in_worker.connect(beat_from_worker, dispatch_uid="operations-heartbeat-job")
