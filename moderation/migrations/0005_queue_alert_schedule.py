"""Tell moderators about posts waiting too long for review, every ten minutes; and let the
Moderators group into the Wagtail admin, where the review queue lives."""

from django.db import migrations

SCHEDULE = "Tell moderators about posts waiting for review"


def install(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name=SCHEDULE,
        defaults={"func": "moderation.tasks.alert_moderators_of_waiting_posts",
                  "schedule_type": "I", "minutes": 10, "repeats": -1},
    )
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="access_admin",
        defaults={"name": "Can access Wagtail admin"},
    )
    group, _ = Group.objects.get_or_create(name="Moderators")
    group.permissions.add(access)


def remove(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=SCHEDULE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0004_flags_appeals_thresholds"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(install, remove)]
