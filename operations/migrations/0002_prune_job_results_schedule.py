"""The one-minute schedule that keeps the newest Q_KEEP_RESULTS successful job results."""

from django.db import migrations

SCHEDULE = "Prune old job results"


def install(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.update_or_create(
        name=SCHEDULE,
        defaults={"func": "operations.tasks.prune_job_results", "schedule_type": "I",
                  "minutes": 1, "repeats": -1},
    )


def remove(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=SCHEDULE).delete()


class Migration(migrations.Migration):
    dependencies = [("operations", "0001_ops_worker_heartbeat")]

    operations = [migrations.RunPython(install, remove)]
