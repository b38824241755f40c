"""Retrain the spam model every night from moderators' decisions."""

from django.db import migrations


def install(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name="Retrain the spam model",
        defaults={"func": "moderation.tasks.retrain_model", "schedule_type": "C",
                  "cron": "30 2 * * *", "repeats": -1},
    )


def remove(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name="Retrain the spam model").delete()


class Migration(migrations.Migration):
    dependencies = [("moderation", "0002_engine_records")]

    operations = [migrations.RunPython(install, remove)]
