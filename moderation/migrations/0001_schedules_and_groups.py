"""The periodic jobs moderation and the forum rely on, and the Moderators group."""

from django.db import migrations

SCHEDULES = [
    {
        "name": "Screen posts left waiting",
        "func": "moderation.tasks.requeue_stale_pending",
        "schedule_type": "I",
        "minutes": 5,
    },
    {
        "name": "Weekly digest email",
        "func": "cop.tasks.send_weekly_digest",
        "schedule_type": "C",
        "cron": "0 8 * * 1",
    },
]


def install(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Group = apps.get_model("auth", "Group")
    for spec in SCHEDULES:
        Schedule.objects.update_or_create(
            name=spec["name"], defaults={**spec, "repeats": -1}
        )
    Group.objects.get_or_create(name="Moderators")


def remove(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.filter(name__in=[s["name"] for s in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(install, remove)]
