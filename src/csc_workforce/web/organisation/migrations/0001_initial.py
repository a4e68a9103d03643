"""The authority's organisation moves here from the ``workforce`` app: its models, in the state
only. Their tables keep their names (``Meta.db_table``) and their rows, so no data moves; on an
empty database ``workforce``'s migrations create them."""

from decimal import Decimal

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("workforce", "0005_censusjob_attempts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="LocalAuthority",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=100)),
                        (
                            "new_la_code",
                            models.CharField(
                                max_length=9,
                                unique=True,
                                validators=[
                                    django.core.validators.RegexValidator(
                                        "^E0[689]\\d{6}\\Z|^E10\\d{6}\\Z",
                                        "Enter a code like E06000001",
                                    )
                                ],
                                verbose_name="new LA code",
                            ),
                        ),
                        (
                            "old_la_code",
                            models.CharField(
                                max_length=3,
                                unique=True,
                                validators=[
                                    django.core.validators.RegexValidator(
                                        "^\\d{3}\\Z", "Enter the 3-digit code, like 999"
                                    )
                                ],
                                verbose_name="old LA code",
                            ),
                        ),
                        ("region_code", models.CharField(max_length=9)),
                        ("region_name", models.CharField(max_length=50)),
                        (
                            "history_from",
                            models.DateField(
                                blank=True,
                                help_text="The first day from which the register holds everyone who started and left; indicators start with the first reporting year after it",
                                null=True,
                            ),
                        ),
                        (
                            "is_demo",
                            models.BooleanField(
                                default=False, help_text="Generated fictional data"
                            ),
                        ),
                        ("demo_seed", models.PositiveIntegerField(blank=True, null=True)),
                        ("demo_scale", models.PositiveIntegerField(blank=True, null=True)),
                    ],
                    options={
                        "verbose_name_plural": "local authorities",
                        "db_table": "workforce_localauthority",
                    },
                ),
                migrations.CreateModel(
                    name="ServiceArea",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=100)),
                        (
                            "authority",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="service_areas",
                                to="organisation.localauthority",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "workforce_servicearea",
                        "ordering": ["name"],
                    },
                ),
                migrations.CreateModel(
                    name="StaffMember",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("given_name", models.CharField(max_length=100)),
                        ("family_name", models.CharField(max_length=100)),
                        (
                            "swe_number",
                            models.CharField(
                                blank=True,
                                max_length=12,
                                validators=[
                                    django.core.validators.RegexValidator(
                                        message="Enter a Social Work England number: 2 letters then up to 10 digits, like SW123456",
                                        regex="^[A-Za-z]{2}[0-9]{1,10}\\Z",
                                    )
                                ],
                                verbose_name="Social Work England number",
                            ),
                        ),
                        ("date_of_birth", models.DateField(blank=True, null=True)),
                        (
                            "sex",
                            models.CharField(
                                blank=True, choices=[("M", "Male"), ("F", "Female")], max_length=1
                            ),
                        ),
                        (
                            "ethnicity",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("WBRI", "White British"),
                                    ("WIRI", "White Irish"),
                                    ("WOTH", "Any other White background"),
                                    ("MWBC", "White and Black Caribbean"),
                                    ("MWBA", "White and Black African"),
                                    ("MWAS", "White and Asian"),
                                    ("MOTH", "Any other mixed background"),
                                    ("AIND", "Indian"),
                                    ("APKN", "Pakistani"),
                                    ("ABAN", "Bangladeshi"),
                                    ("AOTH", "Any other Asian background"),
                                    ("BCRB", "Black Caribbean"),
                                    ("BAFR", "Black African"),
                                    ("BOTH", "Any other Black background"),
                                    ("CHNE", "Chinese"),
                                    ("OOTH", "Any other ethnic group"),
                                    ("REFU", "Declared not stated or refused"),
                                    ("NOBT", "Information not yet obtained"),
                                ],
                                max_length=4,
                            ),
                        ),
                        (
                            "qualification_level",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("1", "Undergraduate"),
                                    ("2", "Postgraduate"),
                                    ("3", "Other"),
                                ],
                                max_length=1,
                            ),
                        ),
                        ("qualifying_institution", models.CharField(blank=True, max_length=150)),
                        (
                            "qualification_route",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("undergraduate", "Undergraduate degree"),
                                    ("postgraduate", "Postgraduate degree"),
                                    ("step_up", "Step Up to Social Work"),
                                    ("frontline", "Frontline"),
                                    ("apprenticeship", "Degree apprenticeship"),
                                    ("other", "Other"),
                                ],
                                max_length=20,
                            ),
                        ),
                        ("job_title", models.CharField(max_length=100)),
                        (
                            "role_level",
                            models.PositiveSmallIntegerField(
                                choices=[
                                    (1, "Senior manager"),
                                    (2, "Middle manager"),
                                    (3, "First line manager"),
                                    (4, "Senior practitioner"),
                                    (5, "Case holder"),
                                    (6, "Qualified without cases"),
                                ]
                            ),
                        ),
                        (
                            "local_role",
                            models.CharField(
                                choices=[
                                    ("social_worker", "Social worker"),
                                    ("asye", "Newly qualified social worker (ASYE)"),
                                    ("senior_practitioner", "Senior practitioner"),
                                    ("advanced_practitioner", "Advanced practitioner"),
                                    ("consultant_practitioner", "Consultant social worker"),
                                    ("practice_educator", "Practice educator"),
                                    ("team_manager", "Team manager"),
                                    ("service_manager", "Service manager"),
                                    ("head_of_service", "Head of service"),
                                    ("psw", "Principal social worker"),
                                    ("other", "Other"),
                                ],
                                default="social_worker",
                                max_length=30,
                            ),
                        ),
                        (
                            "employment_type",
                            models.CharField(
                                choices=[
                                    ("permanent", "Permanent"),
                                    ("fixed_term", "Fixed term"),
                                    ("agency", "Agency"),
                                ],
                                max_length=12,
                            ),
                        ),
                        (
                            "fte",
                            models.DecimalField(
                                decimal_places=6,
                                max_digits=7,
                                validators=[
                                    django.core.validators.MinValueValidator(Decimal("0.000001")),
                                    django.core.validators.MaxValueValidator(Decimal("1")),
                                ],
                                verbose_name="FTE",
                            ),
                        ),
                        (
                            "contract_weeks",
                            models.DecimalField(
                                blank=True,
                                decimal_places=1,
                                help_text="Agency workers only",
                                max_digits=4,
                                null=True,
                            ),
                        ),
                        (
                            "base_salary",
                            models.DecimalField(
                                blank=True, decimal_places=2, max_digits=9, null=True
                            ),
                        ),
                        (
                            "rr_payments",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=9,
                                null=True,
                                verbose_name="recruitment and retention payments",
                            ),
                        ),
                        ("start_date", models.DateField()),
                        (
                            "start_origin",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("1", "Newly qualified social worker"),
                                    (
                                        "2",
                                        "Social worker role in a different local authority in England",
                                    ),
                                    ("3", "Social worker role outside England"),
                                    ("4", "Agency or consultancy in social work (in England)"),
                                    (
                                        "5",
                                        "Other social work role, non-local authority (in England)",
                                    ),
                                    (
                                        "6",
                                        "Other social care role in a local authority or non-local authority (in England)",
                                    ),
                                    (
                                        "7",
                                        "Non-social care role, any role outside England, no employment or career break",
                                    ),
                                    ("8", "Other"),
                                    ("9", "Not known"),
                                    ("10", "Not yet collected"),
                                ],
                                max_length=2,
                            ),
                        ),
                        ("end_date", models.DateField(blank=True, null=True)),
                        (
                            "reason_leave",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("1", "Resignation"),
                                    ("2", "Voluntary redundancy"),
                                    ("3", "Compulsory redundancy"),
                                    ("4", "Dismissed"),
                                    ("5", "Retired"),
                                    ("6", "Deceased"),
                                    (
                                        "7",
                                        "Moved to a non-child and family social work role within the local authority",
                                    ),
                                    ("8", "Other"),
                                    ("9", "Not known"),
                                    ("10", "Not yet collected"),
                                ],
                                max_length=2,
                                verbose_name="reason for leaving",
                            ),
                        ),
                        (
                            "leaver_destination",
                            models.CharField(
                                blank=True,
                                choices=[
                                    (
                                        "1",
                                        "Social worker role in a different local authority in England",
                                    ),
                                    ("2", "Social worker role outside England"),
                                    ("3", "Agency or consultancy in social work (in England)"),
                                    (
                                        "4",
                                        "Other social work role, non-local authority (in England)",
                                    ),
                                    (
                                        "5",
                                        "Other social care role in a local authority or non-local authority (in England)",
                                    ),
                                    (
                                        "6",
                                        "Non-social care role, any role outside England, no employment or career break",
                                    ),
                                    ("7", "Other"),
                                    ("8", "Not known"),
                                    ("9", "Not yet collected"),
                                ],
                                max_length=2,
                            ),
                        ),
                        ("anonymised_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "user",
                            models.OneToOneField(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="staff_member",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "workforce_staffmember",
                        "ordering": ["family_name", "given_name"],
                    },
                ),
                migrations.CreateModel(
                    name="Team",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=100)),
                        (
                            "team_type",
                            models.CharField(
                                choices=[
                                    ("front_door", "Front door / MASH"),
                                    ("assessment", "Assessment"),
                                    ("cin_cp", "Child in need and child protection"),
                                    ("children_in_care", "Children in care"),
                                    ("care_leavers", "Care leavers"),
                                    ("fostering", "Fostering"),
                                    ("adoption", "Adoption"),
                                    ("disabled_children", "Disabled children"),
                                    ("edge_of_care", "Edge of care"),
                                    ("other", "Other"),
                                ],
                                max_length=20,
                            ),
                        ),
                        (
                            "managers",
                            models.ManyToManyField(
                                blank=True,
                                related_name="managed_teams",
                                to="organisation.staffmember",
                                verbose_name="team managers",
                            ),
                        ),
                        (
                            "service_area",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="teams",
                                to="organisation.servicearea",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "workforce_team",
                        "ordering": ["name"],
                    },
                ),
                migrations.AddField(
                    model_name="staffmember",
                    name="team",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="staff",
                        to="organisation.team",
                    ),
                ),
                migrations.CreateModel(
                    name="Post",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "reference",
                            models.CharField(
                                help_text="The authority's post number", max_length=30
                            ),
                        ),
                        (
                            "role_level",
                            models.PositiveSmallIntegerField(
                                choices=[
                                    (1, "Senior manager"),
                                    (2, "Middle manager"),
                                    (3, "First line manager"),
                                    (4, "Senior practitioner"),
                                    (5, "Case holder"),
                                    (6, "Qualified without cases"),
                                ]
                            ),
                        ),
                        (
                            "fte",
                            models.DecimalField(
                                decimal_places=3, max_digits=4, verbose_name="funded FTE"
                            ),
                        ),
                        ("funded_from", models.DateField()),
                        ("funded_to", models.DateField(blank=True, null=True)),
                        (
                            "team",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="posts",
                                to="organisation.team",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "workforce_post",
                        "ordering": ["team", "reference"],
                    },
                ),
                migrations.CreateModel(
                    name="Assignment",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("effective_from", models.DateField()),
                        ("effective_to", models.DateField(blank=True, null=True)),
                        (
                            "role_level",
                            models.PositiveSmallIntegerField(
                                choices=[
                                    (1, "Senior manager"),
                                    (2, "Middle manager"),
                                    (3, "First line manager"),
                                    (4, "Senior practitioner"),
                                    (5, "Case holder"),
                                    (6, "Qualified without cases"),
                                ]
                            ),
                        ),
                        (
                            "local_role",
                            models.CharField(
                                choices=[
                                    ("social_worker", "Social worker"),
                                    ("asye", "Newly qualified social worker (ASYE)"),
                                    ("senior_practitioner", "Senior practitioner"),
                                    ("advanced_practitioner", "Advanced practitioner"),
                                    ("consultant_practitioner", "Consultant social worker"),
                                    ("practice_educator", "Practice educator"),
                                    ("team_manager", "Team manager"),
                                    ("service_manager", "Service manager"),
                                    ("head_of_service", "Head of service"),
                                    ("psw", "Principal social worker"),
                                    ("other", "Other"),
                                ],
                                max_length=30,
                            ),
                        ),
                        ("job_title", models.CharField(max_length=100)),
                        (
                            "fte",
                            models.DecimalField(decimal_places=6, max_digits=7, verbose_name="FTE"),
                        ),
                        (
                            "employment_type",
                            models.CharField(
                                choices=[
                                    ("permanent", "Permanent"),
                                    ("fixed_term", "Fixed term"),
                                    ("agency", "Agency"),
                                ],
                                max_length=12,
                            ),
                        ),
                        (
                            "post",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="assignments",
                                to="organisation.post",
                            ),
                        ),
                        (
                            "staff",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="assignments",
                                to="organisation.staffmember",
                            ),
                        ),
                        (
                            "team",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="assignments",
                                to="organisation.team",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "workforce_assignment",
                        "ordering": ["staff", "effective_from"],
                    },
                ),
                migrations.AddConstraint(
                    model_name="staffmember",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("fte__gt", 0), ("fte__lte", 1)),
                        name="staff_fte_between_0_and_1",
                        violation_error_message="FTE must be more than 0 and no more than 1",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="staffmember",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("end_date__isnull", True),
                            ("end_date__gte", models.F("start_date")),
                            _connector="OR",
                        ),
                        name="staff_ends_after_start",
                        violation_error_message="The end date must be the same as or after the start date",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="staffmember",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("swe_number", ""), _negated=True),
                        fields=("swe_number", "start_date", "role_level"),
                        name="one_record_per_post",
                        violation_error_message="This person already has a record of this role starting on this day",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="post",
                    constraint=models.UniqueConstraint(
                        fields=("reference",), name="unique_post_reference"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="post",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("fte__gt", 0), ("fte__lte", 1)),
                        name="post_fte_between_0_and_1",
                        violation_error_message="Funded FTE must be more than 0 and no more than 1",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="assignment",
                    constraint=models.UniqueConstraint(
                        fields=("staff", "effective_from"), name="one_assignment_per_staff_per_day"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="assignment",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("effective_to__isnull", True),
                            ("effective_to__gte", models.F("effective_from")),
                            _connector="OR",
                        ),
                        name="assignment_ends_after_start",
                    ),
                ),
            ],
            database_operations=[],
        )
    ]
