"""Keys to staff, teams and service areas point to the ``organisation`` app, where those models
moved (in the state only: the tables and their keys stay as they are)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("caseloads", "0003_load_snapshots_and_indexes"),
        ("organisation", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="allocation",
                    name="worker",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="allocations",
                        to="organisation.staffmember",
                    ),
                ),
                migrations.AlterField(
                    model_name="noncasework",
                    name="staff",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="non_case_work",
                        to="organisation.staffmember",
                    ),
                ),
                migrations.AlterField(
                    model_name="reduction",
                    name="staff",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reductions",
                        to="organisation.staffmember",
                    ),
                ),
                migrations.AlterField(
                    model_name="visit",
                    name="worker",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="visits",
                        to="organisation.staffmember",
                    ),
                ),
                migrations.AlterField(
                    model_name="workerdayload",
                    name="service",
                    field=models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organisation.servicearea",
                    ),
                ),
                migrations.AlterField(
                    model_name="workerdayload",
                    name="team",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organisation.team",
                    ),
                ),
                migrations.AlterField(
                    model_name="workerdayload",
                    name="worker",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organisation.staffmember",
                    ),
                ),
            ],
            database_operations=[],
        )
    ]
