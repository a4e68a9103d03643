from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q

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
    is_demo = models.BooleanField(default=False, help_text="Generated fictional data")
    demo_seed = models.PositiveIntegerField(null=True, blank=True)
    demo_scale = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return self.name


class ComparatorAuthority(models.Model):
    """An authority this one compares itself with (by default DfE's statistical neighbours)."""

    authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="comparators"
    )
    old_la_code = models.CharField("old LA code", max_length=3)
    name = models.CharField(max_length=100)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["authority", "position"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "old_la_code"], name="unique_comparator")
        ]

    def __str__(self) -> str:
        return self.name


class ServiceArea(models.Model):
    authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="service_areas"
    )
    name = models.CharField(max_length=100)

    class Meta:
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
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StaffMember(models.Model):
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
    job_title = models.CharField(max_length=100)
    role_level = models.PositiveSmallIntegerField(choices=RoleLevel.choices)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="staff")
    employment_type = models.CharField(max_length=12, choices=Employment.choices)
    fte = models.DecimalField(
        "FTE",
        max_digits=4,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0.001")), MaxValueValidator(Decimal(1))],
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    leaving_reason = models.CharField(max_length=30, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_member",
    )
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
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
                fields=["swe_number"],
                condition=~Q(swe_number=""),
                name="unique_swe_number",
                violation_error_message="Someone else already has this Social Work England number",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class SicknessEpisode(models.Model):
    class Reason(models.TextChoices):
        STRESS = "stress_anxiety_depression", "Stress, anxiety or depression"
        MUSCULOSKELETAL = "musculoskeletal", "Musculoskeletal"
        SURGERY = "surgery", "Surgery"
        INFECTIONS = "infections", "Infections"
        GASTRO = "gastro", "Gastrointestinal"
        RESPIRATORY = "respiratory", "Respiratory"
        OTHER = "other", "Other"

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="sickness")
    start_date = models.DateField()
    end_date = models.DateField()
    working_days_lost = models.DecimalField(max_digits=6, decimal_places=1)
    reason = models.CharField(max_length=30, choices=Reason.choices)

    class Meta:
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="sickness_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"Sickness from {self.start_date:%d %B %Y}"
