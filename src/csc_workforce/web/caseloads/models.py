from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from csc_workforce.core.caseloads import ASYE_CAPACITY_SHARE, FULL_TIME_HOURS
from csc_workforce.web.organisation.models import ServiceArea, StaffMember, Team


class CaseKind(models.TextChoices):
    CHILD = "child", "Child"
    FOSTERING_HOUSEHOLD = "fostering_household", "Foster carers' household"
    ADOPTION_HOUSEHOLD = "adoption_household", "Prospective adopters' household"


class Status(models.TextChoices):
    CHILD_IN_NEED = "child_in_need", "Child in need"
    CHILD_PROTECTION = "child_protection", "Child protection plan"
    CHILD_LOOKED_AFTER = "child_looked_after", "Child looked after"
    CARE_LEAVER = "care_leaver", "Care leaver"
    PRE_PROCEEDINGS = "pre_proceedings", "Pre-proceedings"
    COURT_PROCEEDINGS = "court_proceedings", "Court proceedings"


class Band(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class TravelBand(models.TextChoices):
    NEAR = "near", "Near"
    MEDIUM = "medium", "Medium"
    FAR = "far", "Far"


class ChangeReason(models.TextChoices):
    """Data to Insight standard safeguarding dataset: reasons for a change of worker."""

    MANAGE = "MANAGE", "Managing caseloads"
    FCONTA = "FCONTA", "First contact or re-referral"
    LEFTRL = "LEFTRL", "Previous worker left the role"
    ORGRST = "ORGRST", "Organisational restructure"
    TSPROC = "TSPROC", "Transfer by standard process"
    ABSENC = "ABSENC", "Absence cover or return"
    CHCHAN = "CHCHAN", "Child asked for a change"
    PCCHAN = "PCCHAN", "Parent or carer asked for a change"
    SWDIED = "SWDIED", "Previous worker died"
    OTHERS = "OTHERS", "Other"


class Case(models.Model):
    """A child, or a foster carers' or prospective adopters' household: only what workload and
    children's experience need. ``cms_id`` is the case management system's ID, stored as given."""

    cms_id = models.CharField("case management system ID", max_length=40, unique=True)
    kind = models.CharField(max_length=20, choices=CaseKind.choices, default=CaseKind.CHILD)
    date_of_birth = models.DateField(null=True, blank=True)
    sibling_group = models.CharField(max_length=40, blank=True, db_index=True)
    postcode_district = models.CharField(max_length=4, blank=True)
    travel_band = models.CharField(max_length=6, choices=TravelBand.choices, blank=True)
    complexity = models.CharField(max_length=6, choices=Band.choices, blank=True)
    opened = models.DateField(help_text="When the case came to children's social care")
    closed = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["opened", "pk"]

    def __str__(self) -> str:
        return f"Case {self.masked_id}"

    @property
    def masked_id(self) -> str:
        """The ID as shown to roles that do not need it: all but the last three characters
        hidden."""
        return "•" * max(len(self.cms_id) - 3, 0) + self.cms_id[-3:]


class CaseStatus(models.Model):
    """A child's legal or plan status from ``start`` to ``end`` (inclusive; open while current).
    A child can hold more than one at once (looked after and in court proceedings)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="statuses")
    status = models.CharField(max_length=20, choices=Status.choices)
    start = models.DateField()
    end = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["case", "start"]
        # Statuses held on a day: start <= day and (end is null or end >= day).
        indexes = [models.Index(fields=["end", "start"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="status_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} from {self.start:%d %B %Y}"


class Allocation(models.Model):
    """A worker on a case, as lead or co-worker, from ``start`` to ``end``. A worker's cases are
    those they lead; a change of lead worker carries its reason."""

    class Role(models.TextChoices):
        LEAD = "lead", "Lead worker"
        CO_WORKER = "co_worker", "Co-worker"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="allocations")
    worker = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="allocations")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.LEAD)
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    change_reason = models.CharField(max_length=6, choices=ChangeReason.choices, blank=True)
    rationale = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["case", "start", "pk"]
        indexes = [
            models.Index(fields=["worker", "end"]),
            models.Index(fields=["case", "role"]),
            # Allocations held on a day: start <= day and (end is null or end >= day).
            models.Index(fields=["end", "start"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="allocation_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} from {self.start:%d %B %Y}"


class WeightingModelVersion(models.Model):
    """The authority's workload weighting from ``effective_from`` until the next version.
    Versions are never changed: a new one is made, and past figures keep theirs."""

    effective_from = models.DateField(unique=True)
    full_time_target = models.DecimalField(max_digits=8, decimal_places=1)
    full_time_hours = models.DecimalField(max_digits=4, decimal_places=1, default=FULL_TIME_HOURS)
    status_points = models.JSONField(help_text="Points per case by status or household type")
    complexity_points = models.JSONField(help_text="Points added by complexity band")
    travel_points = models.JSONField(help_text="Points added by travel band")
    court_extra = models.DecimalField(max_digits=6, decimal_places=1, default=Decimal(0))
    pre_proceedings_extra = models.DecimalField(max_digits=6, decimal_places=1, default=Decimal(0))
    asye_capacity_share = models.DecimalField(
        "ASYE capacity share",
        max_digits=3,
        decimal_places=2,
        default=ASYE_CAPACITY_SHARE,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal(1))],
    )
    asye_alone_forbidden = models.JSONField(
        "statuses an ASYE may not hold alone", default=list, blank=True
    )
    note = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"Weighting from {self.effective_from:%d %B %Y}"


class ReductionReason(models.Model):
    """Why a worker's hours for cases are reduced, with its usual and largest share."""

    name = models.CharField(max_length=60, unique=True)
    default_share = models.DecimalField(max_digits=3, decimal_places=2)
    maximum_share = models.DecimalField(max_digits=3, decimal_places=2)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Reduction(models.Model):
    """Hours a week taken off a worker's case time, from ``start`` to ``end``. Whether it is
    scheduled, active or ended follows from the date; nothing has to run to change it."""

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="reductions")
    reason = models.ForeignKey(ReductionReason, on_delete=models.PROTECT)
    hours_per_week = models.DecimalField(max_digits=4, decimal_places=1)
    start = models.DateField()
    end = models.DateField()

    class Meta:
        ordering = ["staff", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="reduction_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reason}: {self.hours_per_week} hours a week"


class NonCaseWork(models.Model):
    """Fixed points for work that is not a case: duty, stable duties, extra responsibilities."""

    class Kind(models.TextChoices):
        DUTY = "duty", "Duty"
        STABLE = "stable", "Stable duties"
        EXTRA = "extra", "Extra responsibilities"

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="non_case_work")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    points = models.DecimalField(max_digits=6, decimal_places=1)
    start = models.DateField()
    end = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.points} points"


class CaseloadSettings(models.Model):
    """Thresholds the authority sets (one row): overload alerts and hotspot signals."""

    overload_percent = models.DecimalField(max_digits=5, decimal_places=1, default=Decimal(110))
    overload_weeks = models.PositiveSmallIntegerField(default=4)
    hotspot_minimum_signals = models.PositiveSmallIntegerField(default=3)
    hotspot_thresholds = models.JSONField(default=dict, blank=True)
    visit_timescales = models.JSONField(
        default=dict, blank=True, help_text="Working days between statutory visits, by status"
    )
    worker_changes_target = models.DecimalField(
        "target share of children with at most 3 lead workers",
        max_digits=4,
        decimal_places=1,
        default=Decimal(80),
    )

    class Meta:
        verbose_name_plural = "caseload settings"

    def __str__(self) -> str:
        return "Caseload settings"


class Assessment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    started = models.DateField()
    authorised = models.DateField(null=True, blank=True, db_index=True)

    def __str__(self) -> str:
        return f"Assessment from {self.started:%d %B %Y}"


class Visit(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="visits")
    on = models.DateField(db_index=True)
    worker = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="visits"
    )

    class Meta:
        ordering = ["case", "on"]

    def __str__(self) -> str:
        return f"Visit on {self.on:%d %B %Y}"


class LoadDay(models.Model):
    """A day whose workers' loads are stored (``WorkerDayLoad``): figures derived from the
    caseload tables and kept so that the weekly history and sustained overloads read them
    rather than recompute them (``snapshots``). ``weighted`` is false when no weighting model
    applied on the day (there are no loads then)."""

    day = models.DateField(unique=True)
    weighted = models.BooleanField()
    taken_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Loads on {self.day:%d %B %Y}"


class WorkerDayLoad(models.Model):
    """A worker's load on a stored day: a row of ``core.caseloads.worker_loads``, as computed."""

    day = models.DateField()
    worker = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(ServiceArea, null=True, on_delete=models.CASCADE, related_name="+")
    contracted_hours = models.FloatField()
    asye = models.BooleanField()
    cases = models.IntegerField()
    unweighted_cases = models.IntegerField()
    case_points = models.FloatField()
    non_case_points = models.FloatField()
    points = models.FloatField()
    reduction_hours = models.FloatField()
    capacity = models.FloatField()
    load_percent = models.FloatField(null=True)
    remaining = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["day", "worker"])]

    def __str__(self) -> str:
        return f"Load on {self.day:%d %B %Y}"


class ActivityDay(models.Model):
    """A day whose twelve months' assessments and visits, checked against their timescales,
    are stored by worker (``WorkerActivity``): figures derived from the caseload tables and
    kept so that children's experience reads them rather than checks every visit of the year
    again (``activity``)."""

    day = models.DateField(unique=True)
    taken_at = models.DateTimeField(default=timezone.now)
    # DfE's stability measure for the latest year ending by the day (``experience.
    # latest_year``): children looked after on its 31 March, and those of them with 3 or more
    # lead workers in the year to it. The children's lead workers by worker: ``WorkerLeads``.
    stability_year = models.IntegerField(null=True)
    looked_after = models.IntegerField(null=True)
    three_or_more = models.IntegerField(null=True)

    def __str__(self) -> str:
        return f"Assessments and visits to {self.day:%d %B %Y}"


class WorkerActivity(models.Model):
    """A worker's assessments or visits in the twelve months to a stored day: how many were
    counted and how many were in timescale (``activity``). Assessments are the child's latest
    lead worker's, visits the visiting worker's; ``worker`` is empty for those with none."""

    class Kind(models.TextChoices):
        ASSESSMENTS = "assessments", "Assessments"
        VISITS = "visits", "Visits"

    day = models.DateField()
    kind = models.CharField(max_length=11, choices=Kind.choices)
    worker = models.ForeignKey(StaffMember, null=True, on_delete=models.SET_NULL, related_name="+")
    counted = models.IntegerField()
    in_timescale = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["day", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.day:%d %B %Y}"


class WorkerLeads(models.Model):
    """The children a worker leads on a stored day (``ActivityDay``) and how many lead workers
    they have had (``activity``): for ``whole_time``, the children with the worker as lead that
    day and those of them with at most 3 lead workers since their case opened; for
    ``twelve_months``, the children whose open lead allocation is the worker's and those of
    them with 3 or more lead workers in the twelve months to the day."""

    class Kind(models.TextChoices):
        WHOLE_TIME = "whole_time", "Lead workers since the case opened"
        TWELVE_MONTHS = "twelve_months", "Lead workers in the twelve months"

    day = models.DateField()
    kind = models.CharField(max_length=13, choices=Kind.choices)
    worker = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="+")
    children = models.IntegerField()
    counted = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["day", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.day:%d %B %Y}"
