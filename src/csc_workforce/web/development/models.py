from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from csc_workforce.core import registration as core_registration
from csc_workforce.core import supervision as core_supervision
from csc_workforce.web.organisation.models import StaffMember

# --- Supervision, registration and CPD (issue 17) -------------------------------------------


class SupervisionStandard(models.Model):
    """The authority's supervision standard (one row; the Employer Standards' until changed):
    ``core.supervision.Standard``."""

    newly_qualified_weekly_weeks = models.PositiveSmallIntegerField(default=6)
    newly_qualified_fortnightly_months = models.PositiveSmallIntegerField(default=6)
    newly_qualified_then = models.CharField(
        max_length=12,
        choices=list(core_supervision.INTERVALS.items()),
        default=core_supervision.MONTHLY,
    )
    others = models.CharField(
        max_length=12,
        choices=list(core_supervision.INTERVALS.items()),
        default=core_supervision.MONTHLY,
    )
    minimum_minutes = models.PositiveSmallIntegerField(
        default=90, validators=[MinValueValidator(1)]
    )
    protected_time_percent = models.DecimalField(
        "protected development time, percent of contracted hours",
        max_digits=4,
        decimal_places=1,
        default=Decimal(10),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return "Supervision standard"

    def as_core(self) -> core_supervision.Standard:
        return core_supervision.Standard(
            newly_qualified_weekly_weeks=self.newly_qualified_weekly_weeks,
            newly_qualified_fortnightly_months=self.newly_qualified_fortnightly_months,
            newly_qualified_then=self.newly_qualified_then,
            others=self.others,
            minimum_minutes=self.minimum_minutes,
        )


class SupervisionAgreement(models.Model):
    """A worker's supervision agreement: who supervises them (an assignment, not a role), how
    often, where, and when it was signed. The latest signed is the one in force."""

    staff = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="supervision_agreements"
    )
    supervisor = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    frequency = models.CharField(max_length=12, choices=list(core_supervision.INTERVALS.items()))
    venue = models.CharField(max_length=100, blank=True)
    signed_on = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["staff", "-signed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(supervisor=F("staff")),
                name="agreement_supervisor_not_supervisee",
                violation_error_message="A worker cannot supervise themself",
            )
        ]

    def __str__(self) -> str:
        return f"Supervision agreement signed {self.signed_on:%-d %B %Y}"


class SessionKind(models.TextChoices):
    INDIVIDUAL = "individual", "Individual case supervision"
    REFLECTIVE = "reflective", "Reflective supervision"
    GROUP = "group", "Group supervision"
    PEER = "peer", "Peer supervision"


class SupervisionSession(models.Model):
    """A supervision session as recorded: case decisions stay in the case management system.
    ``load_percent`` and ``load_points`` are the worker's weighted load (caseloads) on the day
    it was recorded, kept as they were then; null when imported or unweighted."""

    class Source(models.TextChoices):
        RECORDED = "recorded", "Recorded here"
        IMPORTED = "imported", "Imported from the case management system"

    staff = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="supervision_sessions"
    )
    supervisor = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    held_on = models.DateField()
    minutes = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    kind = models.CharField(max_length=12, choices=SessionKind.choices)
    actions_reviewed = models.BooleanField(default=False)
    workload_discussed = models.BooleanField(default=False)
    load_percent = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    load_points = models.DecimalField(max_digits=8, decimal_places=1, null=True, blank=True)
    wellbeing = models.TextField(blank=True)
    learning_needs = models.TextField(blank=True)
    case_references = models.CharField(max_length=400, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.RECORDED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["staff", "-held_on", "-pk"]
        indexes = [models.Index(fields=["staff", "held_on"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(supervisor=F("staff")),
                name="session_supervisor_not_supervisee",
                violation_error_message="A worker cannot supervise themself",
            ),
            models.CheckConstraint(
                condition=Q(minutes__gt=0),
                name="session_lasts_some_minutes",
                violation_error_message="A session lasts at least a minute",
            ),
            models.UniqueConstraint(
                fields=["staff", "held_on", "kind"],
                name="one_session_of_a_kind_a_day",
                violation_error_message="This worker already has a session of this kind that day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on:%-d %B %Y}"


class Registration(models.Model):
    """A social worker's Social Work England registration as the register last showed it,
    by their number (one person may have several staff records)."""

    class Source(models.TextChoices):
        RECORDED = "recorded", "Recorded here"
        IMPORTED = "imported", "Imported from the register"

    swe_number = models.CharField("Social Work England number", max_length=12, unique=True)
    status = models.CharField(max_length=12, choices=list(core_registration.STATUSES.items()))
    expires_on = models.DateField(help_text="The 30 November the registration runs to")
    checked_on = models.DateField(help_text="When the register was read")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.RECORDED)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["swe_number"]

    def __str__(self) -> str:
        return f"Registration {self.swe_number}"


class CpdRecord(models.Model):
    """A piece of CPD, as the worker records it for Social Work England."""

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="cpd_records")
    on = models.DateField()
    title = models.CharField(max_length=200)
    learnt = models.TextField("what was learnt")
    impact = models.TextField("the impact on practice")
    peer_reflection = models.TextField(
        blank=True, help_text="What was learnt from discussing it with a peer"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["staff", "-on", "-pk"]

    def __str__(self) -> str:
        return f"CPD on {self.on:%-d %B %Y}"


class Reminder(models.Model):
    """A reminder emailed, kept so that ``cscw development remind`` sends each once: its kind,
    the worker it is about, who was told and the period it is for (a due date or a year)."""

    class Kind(models.TextChoices):
        SUPERVISION_OVERDUE = "supervision", "Supervision overdue"
        RENEWAL_AT_RISK = "renewal", "Registration renewal at risk"
        TRAINING_DUE = "training", "Mandatory training due"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="+")
    recipient = models.EmailField()
    period = models.CharField(max_length=20)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "staff", "recipient", "period"], name="one_reminder_a_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.period})"


class TrainingCourse(models.Model):
    """A course in the authority's training catalogue: who provides it, the local roles it is
    mandatory for and how many months a completion lasts (blank: for good)."""

    name = models.CharField(max_length=150, unique=True)
    provider = models.CharField(max_length=150, blank=True)
    mandatory_for = models.JSONField(
        default=list, blank=True, help_text="Local roles (organisation.LocalRole)"
    )
    renewal_months = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TrainingAttendance(models.Model):
    """A worker's completion of a course, with their feedback straight after (1 to 5) and, at
    three months, the impact on their practice (1 to 5) in their words."""

    course = models.ForeignKey(TrainingCourse, on_delete=models.PROTECT, related_name="attendance")
    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="training")
    attended_on = models.DateField()
    feedback_score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    feedback = models.TextField(blank=True)
    impact_score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    impact = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["staff", "-attended_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "staff", "attended_on"],
                name="one_completion_a_day",
                violation_error_message="This completion is already recorded",
            )
        ]

    def __str__(self) -> str:
        return f"{self.course} on {self.attended_on:%-d %B %Y}"


class DevelopmentPlan(models.Model):
    """A worker's personal development plan and learning agreement for a year, reviewed
    yearly; its themes roll up into the training needs analysis."""

    staff = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="development_plans"
    )
    year = models.PositiveSmallIntegerField()
    goals = models.TextField()
    learning_agreement = models.TextField(blank=True)
    themes = models.CharField(max_length=300, blank=True, help_text="Separated by commas")
    review_due = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["staff", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "year"],
                name="one_plan_a_year",
                violation_error_message="This worker already has a plan for this year",
            )
        ]

    def __str__(self) -> str:
        return f"Development plan {self.year}"

    @property
    def theme_list(self) -> list[str]:
        return [theme.strip() for theme in self.themes.split(",") if theme.strip()]
