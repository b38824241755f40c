"""Record spam model files relative to MODERATION_MODEL_DIR, so the data folder can move."""

from pathlib import Path

from django.conf import settings
from django.db import migrations


def to_relative(apps, schema_editor):
    ModelVersion = apps.get_model("moderation", "ModelVersion")
    base = Path(settings.MODERATION_MODEL_DIR).resolve()
    for row in ModelVersion.objects.all():
        path = Path(row.artefact_path)
        if not path.is_absolute():
            continue
        try:
            relative = path.resolve().relative_to(base)
        except ValueError:
            continue  # a file kept elsewhere on purpose stays where it is
        ModelVersion.objects.filter(pk=row.pk).update(artefact_path=str(relative))


def to_absolute(apps, schema_editor):
    ModelVersion = apps.get_model("moderation", "ModelVersion")
    base = Path(settings.MODERATION_MODEL_DIR)
    for row in ModelVersion.objects.all():
        if not Path(row.artefact_path).is_absolute():
            ModelVersion.objects.filter(pk=row.pk).update(
                artefact_path=str(base / row.artefact_path))


class Migration(migrations.Migration):
    dependencies = [("moderation", "0007_rename_flag_to_report")]

    operations = [migrations.RunPython(to_relative, to_absolute)]
