from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from csc_workforce.core import codes
from csc_workforce.web.organisation.models import Assignment, LocalAuthority, StaffMember, choices
from csc_workforce.web.tasks.models import BackgroundTask


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


class CaseCount(models.Model):
    """Cases a worker held on a census date (30 September), until allocations provide them."""

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="case_counts")
    on = models.DateField()
    cases = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["staff", "on"], name="one_count_per_day")]

    def __str__(self) -> str:
        return f"{self.cases} cases on {self.on:%d %B %Y}"


class PayAndAllowances(models.Model):
    """The authority's pay and allowance flags for a reporting year (CSWW 2025 LA level)."""

    authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="pay_and_allowances"
    )
    year = models.PositiveSmallIntegerField(help_text="Reporting year ending 30 September")
    recruitment_bonus = models.CharField(max_length=1, choices=choices(codes.ALLOWANCE_ELIGIBILITY))
    retention_bonus = models.CharField(max_length=1, choices=choices(codes.ALLOWANCE_ELIGIBILITY))
    performance_award = models.CharField(max_length=1, choices=choices(codes.ALLOWANCE_ELIGIBILITY))
    car_allowance = models.CharField(max_length=1, choices=choices(codes.ALLOWANCE_ELIGIBILITY))
    relocation_package = models.CharField(
        max_length=1, choices=choices(codes.ALLOWANCE_ELIGIBILITY)
    )
    regional_weighting = models.CharField(
        max_length=1, choices=choices(codes.ALLOWANCE_ELIGIBILITY)
    )
    swe_fee_paid = models.CharField(
        "Social Work England fee paid", max_length=1, choices=choices(codes.ALLOWANCE_ELIGIBILITY)
    )
    dbs_fee_paid = models.CharField(
        "DBS check fee paid", max_length=1, choices=choices(codes.ALLOWANCE_ELIGIBILITY)
    )
    other_allowances = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "pay and allowances"
        constraints = [
            models.UniqueConstraint(fields=["authority", "year"], name="one_set_of_flags_a_year")
        ]

    def __str__(self) -> str:
        return f"Pay and allowances {self.year}"


class PublishedRelease(models.Model):
    """A DfE CSWW statistics file loaded by an analyst; the latest replaces the shipped one."""

    loaded_at = models.DateTimeField(auto_now_add=True)
    loaded_by = models.CharField(max_length=150)
    filename = models.CharField(max_length=255)
    years = models.CharField(max_length=20, help_text="Reporting years the file covers")
    content = models.BinaryField()

    class Meta:
        ordering = ["-loaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.years})"


class CensusJob(BackgroundTask):
    """A CSWW task run in the background (validate, summarise, import or export) so that a large
    file shows its progress; the uploaded file is deleted once the task has read it."""

    class Kind(models.TextChoices):
        VALIDATE = "validate", "Validate"
        SUMMARY = "summary", "Summarise"
        IMPORT = "import", "Import into the register"
        EXPORT = "export", "Export from the register"

    OUTPUTS = ("output",)

    kind = models.CharField(max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    output = models.BinaryField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.filename or self.year}"


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


class CensusLALevel(models.Model):
    """A year's LA-level figures as a loaded CSWW return gave them: the vacancies and the agency
    workers covering them. The export writes them as they were returned; a year without one has
    them computed from the establishment."""

    authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="census_la_levels"
    )
    year = models.PositiveSmallIntegerField(help_text="Reporting year ending 30 September")
    number_of_vacancies = models.DecimalField("vacancies (FTE)", max_digits=9, decimal_places=2)
    no_agency_fte = models.DecimalField(
        "agency workers covering vacancies (FTE)", max_digits=9, decimal_places=2
    )
    no_agency_headcount = models.PositiveIntegerField(
        "agency workers covering vacancies (headcount)"
    )

    class Meta:
        verbose_name = "census LA level"
        constraints = [
            models.UniqueConstraint(fields=["authority", "year"], name="one_la_level_a_year")
        ]

    def __str__(self) -> str:
        return f"LA level {self.year}"


class CensusRecord(models.Model):
    """What a loaded CSWW return said of one engagement in one year, for the elements the
    register does not hold as such (FTE at 30 September, days lost, absence on 30 September and
    its reasons, repeated qualifications and contract weeks, graduate schemes, 2021-2024 CFKSS
    status and gender codes, other payments) and whether it gave the cases held. The export of
    that year writes them as they were returned; everything else comes from the register."""

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="census_records")
    year = models.PositiveSmallIntegerField(help_text="Reporting year ending 30 September")
    fte30 = models.DecimalField("FTE at 30 September", max_digits=7, decimal_places=6, null=True)
    cases30 = models.PositiveIntegerField("cases at 30 September", null=True)
    working_days_lost = models.DecimalField(max_digits=8, decimal_places=2, null=True)
    repeated = models.JSONField(
        default=dict,
        help_text="The elements a record may repeat, by name, each with its values as text: "
        "Absat30Sept, ReasonAbsence, ContractWeeks, QualInst, CFKSSstatus",
    )
    step_up_grad = models.CharField(max_length=1, blank=True)
    frontline_grad = models.CharField(max_length=1, blank=True)
    gender_current = models.CharField(max_length=1, blank=True, help_text="2021 to 2023")
    other_payments = models.DecimalField(max_digits=11, decimal_places=2, null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["staff", "year"], name="one_census_record_a_year")
        ]

    def __str__(self) -> str:
        return f"Census {self.year} record"


class LongAbsence(models.Model):
    """A time the holder of a job (an employee's ``Assignment``) is away from it: maternity,
    paternity or adoption leave, other long leave, or a secondment. Their post is then a
    temporary vacancy locally; DfE still counts them in post
    (``core.register.temporary_vacancies``)."""

    class Kind(models.TextChoices):
        MATERNITY = "maternity", "Maternity, paternity or adoption leave"
        LONG_LEAVE = "long_leave", "Other long leave"
        SECONDMENT = "secondment", "Secondment"

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="long_absences"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True, help_text="Expected or actual return")

    class Meta:
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="long_absence_ends_after_start",
                violation_error_message="The absence must end on or after it starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.start_date:%-d %B %Y}"


class ForecastScenario(models.Model):
    """A workforce scenario a user saves to compare with the baseline forecast
    (``core.forecast.Scenario``): turnover down, more trainees, agency posts made permanent, a
    retention payment for a group. Shared by everyone who sees the forecast."""

    class PaymentGroup(models.TextChoices):
        NONE = "", "No retention payment"
        EVERYONE = "all", "Everyone employed"
        CASE_HOLDER = "5", "Case holders"
        SENIOR_PRACTITIONER = "4", "Senior practitioners"
        FIRST_LINE_MANAGER = "3", "First line managers"
        MIDDLE_MANAGER = "2", "Middle managers"

    name = models.CharField(max_length=100, unique=True)
    turnover_down = models.DecimalField(
        "turnover down by (percentage points a year)",
        max_digits=4,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(50)],
    )
    extra_trainees = models.PositiveSmallIntegerField(
        "more apprentices or ASYEs a year", default=0, validators=[MaxValueValidator(500)]
    )
    agency_converted = models.DecimalField(
        "agency FTE made permanent",
        max_digits=6,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0)],
    )
    payment_group = models.CharField(
        "retention payment for", max_length=3, choices=PaymentGroup.choices, blank=True
    )
    payment = models.DecimalField(
        "retention payment a year per FTE (£)",
        max_digits=8,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    payment_effect = models.DecimalField(
        "assumed fall in that group's turnover (percentage points a year)",
        max_digits=4,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(50)],
    )
    agency_cost = models.DecimalField(
        "cost of an agency FTE a year (£)",
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Leave empty to use the hourly charges recorded for agency engagements",
    )
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
