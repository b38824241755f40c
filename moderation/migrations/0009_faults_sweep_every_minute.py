"""Sweep for posts left unscreened every minute instead of every five, so that a job lost with a
killed worker is redone within about a minute."""

from django.db import migrations

SWEEP = "moderation.tasks.requeue_stale_pending"


def every_minute(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(func=SWEEP).update(minutes=1)


def every_five_minutes(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(func=SWEEP).update(minutes=5)


class Migration(migrations.Migration):
    dependencies = [("moderation", "0008_ops_relative_model_paths")]

    operations = [migrations.RunPython(every_minute, every_five_minutes)]
