"""The authority's organisation: its service areas, teams, staff, funded posts and the dated jobs
people hold. Every app reads them through ``selectors`` (who may see which on a day).

The tables keep the names they had in the ``workforce`` app (``Meta.db_table``), from which the
models moved (migration ``0001_initial``) without moving any data.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q

from csc_workforce.core import codes
from csc_workforce.core.swe import SWE_NUMBER_PATTERN

SWE_NUMBER_MESSAGE = (
    "Enter a Social Work England number: 2 letters then up to 10 digits, like SW123456"
)
swe_number_validator = RegexValidator(
    regex=rf"^{SWE_NUMBER_PATTERN.pattern}\Z", message=SWE_NUMBER_MESSAGE
)


class LocalAuthority(models.Model):
    name = models.CharField(max_length=100)
    new_la_code = models.CharField(
        "new LA code",
        max_length=9,
        unique=True,
        validators=[RegexValidator(r"^E0[689]\d{6}\Z|^E10\d{6}\Z", "Enter a code like E06000001")],
    )
    old_la_code = models.CharField(
        "old LA code",
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^\d{3}\Z", "Enter the 3-digit code, like 999")],
    )
    region_code = models.CharField(max_length=9)
    region_name = models.CharField(max_length=50)
    history_from = models.DateField(
        null=True,
        blank=True,
        help_text="The first day from which the register holds everyone who started and left; "
        "indicators start with the first reporting year after it",
    )
    is_demo = models.BooleanField(default=False, help_text="Generated fictional data")
    demo_seed = models.PositiveIntegerField(null=True, blank=True)
    demo_scale = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        db_table = "workforce_localauthority"  # the table it had in workforce
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return self.name


class ServiceArea(models.Model):
    authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="service_areas"
    )
    name = models.CharField(max_length=100)

    class Meta:
        db_table = "workforce_servicearea"  # the table it had in workforce
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    class TeamType(models.TextChoices):
        FRONT_DOOR = "front_door", "Front door / MASH"
        ASSESSMENT = "assessment", "Assessment"
        CIN_CP = "cin_cp", "Child in need and child protection"
        CHILDREN_IN_CARE = "children_in_care", "Children in care"
        CARE_LEAVERS = "care_leavers", "Care leavers"
        FOSTERING = "fostering", "Fostering"
        ADOPTION = "adoption", "Adoption"
        DISABLED_CHILDREN = "disabled_children", "Disabled children"
        EDGE_OF_CARE = "edge_of_care", "Edge of care"
        OTHER = "other", "Other"

    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=100)
    team_type = models.CharField(max_length=20, choices=TeamType.choices)
    managers: models.ManyToManyField["StaffMember", "StaffMember"] = models.ManyToManyField(
        "StaffMember", blank=True, related_name="managed_teams", verbose_name="team managers"
    )

    class Meta:
        db_table = "workforce_team"  # the table it had in workforce
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def choices(code_list: dict[str, str]) -> list[tuple[str, str]]:
    return list(code_list.items())


class LocalRole(models.TextChoices):
    """Local titles, beside the six CSWW organisational roles."""

    SOCIAL_WORKER = "social_worker", "Social worker"
    ASYE = "asye", "Newly qualified social worker (ASYE)"
    SENIOR_PRACTITIONER = "senior_practitioner", "Senior practitioner"
    ADVANCED_PRACTITIONER = "advanced_practitioner", "Advanced practitioner"
    CONSULTANT_PRACTITIONER = "consultant_practitioner", "Consultant social worker"
    PRACTICE_EDUCATOR = "practice_educator", "Practice educator"
    TEAM_MANAGER = "team_manager", "Team manager"
    SERVICE_MANAGER = "service_manager", "Service manager"
    HEAD_OF_SERVICE = "head_of_service", "Head of service"
    PRINCIPAL_SOCIAL_WORKER = "psw", "Principal social worker"
    OTHER = "other", "Other"


class StaffMember(models.Model):
    """One engagement of a social worker with the authority: a post they are employed in, or an
    agency engagement. It is one ``CSWWWorker`` record of a census return.

    One person (one Social Work England number, with one date of birth, sex and ethnicity) may
    have several: two posts at once, or an agency engagement and then employment (a conversion:
    ``services.staff_convert``). ``team``, ``role_level``, ``local_role``, ``job_title``, ``fte``
    and ``employment_type`` are the current values; their history is in ``Assignment``
    (effective-dated), which the services keep in step and the indicators read.
    """

    class Employment(models.TextChoices):
        PERMANENT = "permanent", "Permanent"
        FIXED_TERM = "fixed_term", "Fixed term"
        AGENCY = "agency", "Agency"

    class RoleLevel(models.IntegerChoices):
        """The six CSWW organisational roles."""

        SENIOR_MANAGER = 1, "Senior manager"
        MIDDLE_MANAGER = 2, "Middle manager"
        FIRST_LINE_MANAGER = 3, "First line manager"
        SENIOR_PRACTITIONER = 4, "Senior practitioner"
        CASE_HOLDER = 5, "Case holder"
        QUALIFIED_WITHOUT_CASES = 6, "Qualified without cases"

    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    swe_number = models.CharField(
        "Social Work England number", max_length=12, blank=True, validators=[swe_number_validator]
    )
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, blank=True, choices=choices(codes.SEX))
    ethnicity = models.CharField(max_length=4, blank=True, choices=choices(codes.ETHNICITY))
    qualification_level = models.CharField(
        max_length=1, blank=True, choices=choices(codes.QUALIFICATION_LEVEL)
    )
    qualifying_institution = models.CharField(max_length=150, blank=True)
    qualification_route = models.CharField(
        max_length=20, blank=True, choices=choices(codes.QUALIFICATION_ROUTE)
    )
    job_title = models.CharField(max_length=100)
    role_level = models.PositiveSmallIntegerField(choices=RoleLevel.choices)
    local_role = models.CharField(
        max_length=30, choices=LocalRole.choices, default=LocalRole.SOCIAL_WORKER
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="staff")
    employment_type = models.CharField(max_length=12, choices=Employment.choices)
    fte = models.DecimalField(
        "FTE",
        max_digits=7,
        decimal_places=6,
        validators=[MinValueValidator(Decimal("0.000001")), MaxValueValidator(Decimal(1))],
    )
    contract_weeks = models.DecimalField(
        max_digits=4, decimal_places=1, null=True, blank=True, help_text="Agency workers only"
    )
    base_salary = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    rr_payments = models.DecimalField(
        "recruitment and retention payments",
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
    )
    start_date = models.DateField()
    start_origin = models.CharField(max_length=2, blank=True, choices=choices(codes.START_ORIGIN))
    end_date = models.DateField(null=True, blank=True)
    reason_leave = models.CharField(
        "reason for leaving", max_length=2, blank=True, choices=choices(codes.REASON_LEAVE)
    )
    leaver_destination = models.CharField(
        max_length=2, blank=True, choices=choices(codes.LEAVER_DESTINATION)
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_member",
    )
    work_email = models.EmailField(
        "work email",
        blank=True,
        help_text="Where survey and exit questionnaire links go when they have no sign-in account",
    )
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "workforce_staffmember"  # the table it had in workforce
        ordering = ["family_name", "given_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fte__gt=0) & Q(fte__lte=1),
                name="staff_fte_between_0_and_1",
                violation_error_message="FTE must be more than 0 and no more than 1",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="staff_ends_after_start",
                violation_error_message="The end date must be the same as or after the start date",
            ),
            models.UniqueConstraint(
                fields=["swe_number", "start_date", "role_level"],
                condition=~Q(swe_number=""),
                name="one_record_per_post",
                violation_error_message="This person already has a record of this role starting "
                "on this day",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def email_address(self) -> str:
        """Where to write to them: their sign-in account's address, else their work email."""
        return (self.user.email if self.user is not None else "") or self.work_email

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class Post(models.Model):
    """A funded post in the establishment: a team's FTE for one organisational role."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="posts")
    reference = models.CharField(max_length=30, help_text="The authority's post number")
    role_level = models.PositiveSmallIntegerField(choices=StaffMember.RoleLevel.choices)
    fte = models.DecimalField("funded FTE", max_digits=4, decimal_places=3)
    funded_from = models.DateField()
    funded_to = models.DateField(null=True, blank=True)

    class Meta:
        db_table = "workforce_post"  # the table it had in workforce
        ordering = ["team", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["reference"], name="unique_post_reference"),
            models.CheckConstraint(
                condition=Q(fte__gt=0) & Q(fte__lte=1),
                name="post_fte_between_0_and_1",
                violation_error_message="Funded FTE must be more than 0 and no more than 1",
            ),
        ]

    def __str__(self) -> str:
        return f"Post {self.reference}"


class Assignment(models.Model):
    """What someone's job was from ``effective_from`` until ``effective_to`` (inclusive; open
    while current): team, role, FTE, employment type, and the funded post they fill or cover.

    Changing team is an internal move, not a leaver and a starter.
    """

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="assignments")
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="assignments")
    role_level = models.PositiveSmallIntegerField(choices=StaffMember.RoleLevel.choices)
    local_role = models.CharField(max_length=30, choices=LocalRole.choices)
    job_title = models.CharField(max_length=100)
    fte = models.DecimalField("FTE", max_digits=7, decimal_places=6)
    employment_type = models.CharField(max_length=12, choices=StaffMember.Employment.choices)
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="assignments"
    )

    class Meta:
        db_table = "workforce_assignment"  # the table it had in workforce
        ordering = ["staff", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "effective_from"], name="one_assignment_per_staff_per_day"
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_to__gte=models.F("effective_from")),
                name="assignment_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.job_title} from {self.effective_from:%d %B %Y}"
