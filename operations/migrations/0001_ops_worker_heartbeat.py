"""The worker heartbeat table and the one-minute schedule that keeps it fresh."""

from django.db import migrations, models

SCHEDULE = "Worker heartbeat for the health page"


def install(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.update_or_create(
        name=SCHEDULE,
        defaults={"func": "operations.tasks.heartbeat", "schedule_type": "I", "minutes": 1,
                  "repeats": -1},
    )


def remove(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=SCHEDULE).delete()


class Migration(migrations.Migration):
    initial = True
    dependencies = [("django_q", "0018_task_success_index")]

    operations = [
        migrations.CreateModel(
            name="WorkerHeartbeat",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("cluster", models.CharField(max_length=100, unique=True)),
                ("seen_at", models.DateTimeField()),
            ],
        ),
        migrations.RunPython(install, remove),
    ]
