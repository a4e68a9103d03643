"""The authority, service areas, teams, staff, posts and jobs now belong to the ``organisation``
app (its ``0001_initial``): workforce forgets them and its keys point there, in the state only
(the tables and their keys stay as they are)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("caseloads", "0004_organisation_models"),
        ("organisation", "0001_initial"),
        ("quality", "0004_organisation_models"),
        ("workforce", "0005_censusjob_attempts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="censuslalevel",
                    name="authority",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="census_la_levels",
                        to="organisation.localauthority",
                    ),
                ),
                migrations.RemoveField(
                    model_name="servicearea",
                    name="authority",
                ),
                migrations.AlterField(
                    model_name="comparatorauthority",
                    name="authority",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="comparators",
                        to="organisation.localauthority",
                    ),
                ),
                migrations.AlterField(
                    model_name="payandallowances",
                    name="authority",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="pay_and_allowances",
                        to="organisation.localauthority",
                    ),
                ),
                migrations.RemoveField(
                    model_name="post",
                    name="team",
                ),
                migrations.RemoveField(
                    model_name="team",
                    name="service_area",
                ),
                migrations.RemoveField(
                    model_name="staffmember",
                    name="team",
                ),
                migrations.RemoveField(
                    model_name="staffmember",
                    name="user",
                ),
                migrations.AlterField(
                    model_name="censusrecord",
                    name="staff",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="census_records",
                        to="organisation.staffmember",
                    ),
                ),
                migrations.AlterField(
                    model_name="casecount",
                    name="staff",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="case_counts",
                        to="organisation.staffmember",
                    ),
                ),
                migrations.AlterField(
                    model_name="sicknessepisode",
                    name="staff",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="sickness",
                        to="organisation.staffmember",
                    ),
                ),
                migrations.RemoveField(
                    model_name="team",
                    name="managers",
                ),
                migrations.DeleteModel(
                    name="Assignment",
                ),
                migrations.DeleteModel(
                    name="LocalAuthority",
                ),
                migrations.DeleteModel(
                    name="Post",
                ),
                migrations.DeleteModel(
                    name="ServiceArea",
                ),
                migrations.DeleteModel(
                    name="StaffMember",
                ),
                migrations.DeleteModel(
                    name="Team",
                ),
            ],
            database_operations=[],
        )
    ]
