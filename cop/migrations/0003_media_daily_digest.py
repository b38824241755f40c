"""The daily digest's schedule, beside the weekly one; members choose either, or none."""

from django.db import migrations

SCHEDULE = {
    "name": "Daily digest email",
    "func": "cop.tasks.send_daily_digest",
    "schedule_type": "C",
    "cron": "0 7 * * *",
}


def install(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(name=SCHEDULE["name"], defaults={**SCHEDULE, "repeats": -1})


def remove(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=SCHEDULE["name"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cop", "0002_media_models"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(install, remove)]
