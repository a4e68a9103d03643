"""Keys to staff and teams point to the ``organisation`` app, where those models moved (in the
state only: the tables and their keys stay as they are)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0001_initial"),
        ("quality", "0003_targets"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="caseaudit",
                    name="practitioner",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="audited",
                        to="organisation.staffmember",
                    ),
                ),
                migrations.AlterField(
                    model_name="caseaudit",
                    name="team",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="case_audits",
                        to="organisation.team",
                    ),
                ),
                migrations.AlterField(
                    model_name="observation",
                    name="team",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        to="organisation.team",
                    ),
                ),
            ],
            database_operations=[],
        )
    ]
