# A member's report on a post is called a Report in the code, as members call it; the table,
# its rows and its one-report-per-member-post-reason constraint carry over unchanged.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("cop", "0001_initial"),
        ("moderation", "0006_score_reasons"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel(old_name="Flag", new_name="Report"),
        # The index on (outcome, -created_at) is named after the table; only its name changes.
        migrations.RenameIndex(
            model_name="report",
            new_name="moderation__outcome_e620ad_idx",
            old_name="moderation__outcome_e1fb67_idx",
        ),
        migrations.AlterField(
            model_name="report",
            name="post",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                    related_name="reports", to="cop.post"),
        ),
        migrations.AlterField(
            model_name="report",
            name="reporter",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                    related_name="reports_made", to=settings.AUTH_USER_MODEL),
        ),
    ]
