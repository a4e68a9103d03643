from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from csc_workforce.core import codes, development
from csc_workforce.core import registration as core_registration
from csc_workforce.core import supervision as core_supervision
from csc_workforce.web.organisation.models import LocalRole, StaffMember, Team

# --- Issue 16: early careers, induction, students, progression and leadership ----------


class Programme(models.Model):
    """An early career programme as data (``core.development.ProgrammeDesign``): its length,
    agreement window, review points and evidence requirements. Two are shipped: the ASYE and the
    early career development programme from September 2027. A programme in use is not changed
    in shape; its evidence numbers may be set by the authority."""

    class Kind(models.TextChoices):
        ASYE = "asye", "Assessed and Supported Year in Employment (ASYE)"
        EARLY_CAREER = "early_career", "Early career development programme"

    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    version = models.PositiveSmallIntegerField(default=1)
    is_current = models.BooleanField(default=True)
    length_months = models.PositiveSmallIntegerField()
    agreement_weeks = models.PositiveSmallIntegerField(
        help_text="The support and assessment agreement is due within this many weeks"
    )
    reviews = models.JSONField(help_text="Review points: month, label, optional, final")
    evidence = models.JSONField(help_text="Pieces of evidence needed, by kind")
    standards = models.CharField(max_length=200)
    available_from = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="one_programme_version")
        ]

    def __str__(self) -> str:
        return self.name

    def design(self) -> development.ProgrammeDesign:
        return development.ProgrammeDesign(
            length_months=self.length_months,
            agreement_weeks=self.agreement_weeks,
            reviews=tuple(development.ReviewPoint(**point) for point in self.reviews),
            evidence={kind: int(n) for kind, n in self.evidence.items()},
        )


class Cohort(models.Model):
    """Workers who start a programme together, with the completion rate the authority aims for."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="cohorts")
    name = models.CharField(max_length=120, unique=True)
    starts_on = models.DateField()
    completion_target = models.PositiveSmallIntegerField(
        default=90, validators=[MaxValueValidator(100)], help_text="Percentage"
    )

    class Meta:
        ordering = ["-starts_on", "name"]

    def __str__(self) -> str:
        return self.name


class Enrolment(models.Model):
    """One worker on an early career programme. The assessor, line manager and supervisor are
    assignments of people to this worker's programme, not roles. The ASYE's caseload protections
    come from the worker's local role (``asye``) in the caseloads app, not from here."""

    class Outcome(models.TextChoices):
        IN_PROGRESS = development.IN_PROGRESS, "In progress"
        PASS = development.PASS, "Passed"
        FAIL = development.FAIL, "Failed"
        EXTENDED = development.EXTENDED, "Extended"
        LEFT = development.LEFT, "Left the programme"

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="enrolments")
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="enrolments")
    start = models.DateField()
    assessor = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    line_manager = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    supervisor = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    protected_days = models.DecimalField(
        "protected development time (days a month)",
        max_digits=4,
        decimal_places=1,
        default=2,
        validators=[MinValueValidator(0)],
    )
    agreement_on = models.DateField(
        "support and assessment agreement made on", null=True, blank=True
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    outcome_on = models.DateField(null=True, blank=True)
    panel_on = models.DateField("moderation panel date", null=True, blank=True)
    panel_decision = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    grant_amount = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    grant_period = models.CharField(max_length=40, blank=True)
    grant_claimed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["cohort", "staff__family_name", "staff__given_name"]
        constraints = [
            models.UniqueConstraint(fields=["staff", "cohort"], name="one_enrolment_per_cohort"),
            models.CheckConstraint(
                condition=Q(outcome_on__isnull=True) | Q(outcome_on__gte=models.F("start")),
                name="enrolment_outcome_after_start",
                violation_error_message="The outcome date must be on or after the start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff.full_name}, {self.cohort.name}"

    @property
    def extension_months(self) -> int:
        return sum(extension.months for extension in self.extensions.all())

    @property
    def ends_on(self) -> dt.date:
        return development.programme_end(
            start=self.start,
            length_months=self.cohort.programme.length_months,
            extension_months=self.extension_months,
        )


class Review(models.Model):
    """A review of a worker's progress: due from the programme, held on a day, with an outcome."""

    class Outcome(models.TextChoices):
        ON_TRACK = "on_track", "On track"
        CONCERNS = "concerns", "Some concerns"
        NOT_ON_TRACK = "not_on_track", "Not on track"

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="reviews")
    month = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=80)
    optional = models.BooleanField(default=False)
    final = models.BooleanField(default=False)
    due = models.DateField()
    held = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=15, choices=Outcome.choices, blank=True)
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["enrolment", "month"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "month"], name="one_review_per_point")
        ]

    def __str__(self) -> str:
        return self.label


class Evidence(models.Model):
    """A piece of evidence recorded for a worker on a programme, counted against its kind's
    requirement."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=30, choices=list(development.EVIDENCE_KINDS.items()))
    on = models.DateField()
    title = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["enrolment", "on", "pk"]

    def __str__(self) -> str:
        return self.get_kind_display()


class Extension(models.Model):
    """An extension of a worker's programme, with its reason; it moves the final review."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="extensions")
    months = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    reason = models.TextField()
    agreed_on = models.DateField()

    class Meta:
        ordering = ["enrolment", "agreed_on"]

    def __str__(self) -> str:
        return f"{self.months} months from {self.agreed_on:%-d %B %Y}"


class InductionTemplate(models.Model):
    """An induction checklist for starters in a local role (blank: any role), versioned: a new
    version replaces the current one, and started inductions keep theirs."""

    name = models.CharField(max_length=120)
    local_role = models.CharField(max_length=30, choices=LocalRole.choices, blank=True)
    version = models.PositiveSmallIntegerField(default=1)
    is_current = models.BooleanField(default=True)
    items = models.JSONField(help_text="Items: text, owner, due_day (day 1 is the first day)")

    class Meta:
        ordering = ["local_role", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="one_induction_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"


class Induction(models.Model):
    """A starter's induction, started when their start is recorded."""

    staff = models.OneToOneField(StaffMember, on_delete=models.CASCADE, related_name="induction")
    template = models.ForeignKey(InductionTemplate, on_delete=models.PROTECT)
    started_on = models.DateField()

    class Meta:
        ordering = ["-started_on"]

    def __str__(self) -> str:
        return f"Induction of {self.staff.full_name}"


class InductionItem(models.Model):
    class Owner(models.TextChoices):
        STARTER = "starter", "The starter"
        LINE_MANAGER = "line_manager", "Line manager"
        HR = "hr", "HR"
        PSW = "psw", "Principal social worker"

    induction = models.ForeignKey(Induction, on_delete=models.CASCADE, related_name="items")
    text = models.CharField(max_length=200)
    owner = models.CharField(max_length=15, choices=Owner.choices)
    due = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["induction", "due", "pk"]

    def __str__(self) -> str:
        return self.text


class PracticeEducator(models.Model):
    """A member of staff who takes students on placement: an assignment, not a role."""

    class Stage(models.TextChoices):
        STAGE_1 = "stage_1", "Stage 1"
        STAGE_2 = "stage_2", "Stage 2"

    staff = models.OneToOneField(
        StaffMember, on_delete=models.CASCADE, related_name="practice_educator"
    )
    stage = models.CharField(max_length=10, choices=Stage.choices)
    qualified_on = models.DateField()
    capacity = models.PositiveSmallIntegerField(
        default=1, help_text="Students at a time", validators=[MinValueValidator(1)]
    )

    class Meta:
        ordering = ["staff__family_name", "staff__given_name"]

    def __str__(self) -> str:
        return self.staff.full_name


class Student(models.Model):
    """Someone on a route into social work who trains with the authority (a student on
    placement, Step Up, Frontline, an apprentice); ``joined_as`` is their register record once
    they are employed here."""

    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    route = models.CharField(max_length=20, choices=list(codes.QUALIFICATION_ROUTE.items()))
    provider = models.CharField("university or provider", max_length=150)
    joined_as = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["family_name", "given_name"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class Placement(models.Model):
    class Kind(models.TextChoices):
        FIRST = "first", "First placement"
        FINAL = "final", "Final placement"
        ROUTE = "route", "Practice on a route (Step Up, Frontline, apprenticeship)"

    class Outcome(models.TextChoices):
        IN_PROGRESS = "", "In progress"
        PASSED = "passed", "Passed"
        FAILED = "failed", "Failed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="placements")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    days = models.PositiveSmallIntegerField()
    practice_educator = models.ForeignKey(
        PracticeEducator,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="placements",
    )
    team = models.ForeignKey(Team, null=True, on_delete=models.SET_NULL, related_name="placements")
    start = models.DateField()
    end = models.DateField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)

    class Meta:
        ordering = ["-start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="placement_ends_after_start",
                violation_error_message="The end must be on or after the start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.student.full_name}"


class GrowOwnTarget(models.Model):
    """The authority's targets for growing its own (one row)."""

    students_a_year = models.PositiveSmallIntegerField(default=4)

    def __str__(self) -> str:
        return f"At least {self.students_a_year} students a year"


class ProgressionFramework(models.Model):
    """A progression framework as data: its steps in order (key, title, criteria), versioned;
    applications keep the version they were made under."""

    name = models.CharField(max_length=120)
    version = models.PositiveSmallIntegerField(default=1)
    is_current = models.BooleanField(default=True)
    steps = models.JSONField(help_text="Steps in order: key, title, criteria")

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="one_framework_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"

    def title_of(self, key: str) -> str:
        return next((step["title"] for step in self.steps if step["key"] == key), key)


class ProgressionApplication(models.Model):
    class Decision(models.TextChoices):
        PENDING = "", "Waiting for the panel"
        APPROVED = "approved", "Approved"
        NOT_YET = "not_yet", "Not yet"
        WITHDRAWN = "withdrawn", "Withdrawn"

    staff = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="progression_applications"
    )
    framework = models.ForeignKey(ProgressionFramework, on_delete=models.PROTECT)
    to_step = models.CharField(max_length=40)
    applied_on = models.DateField()
    panel_on = models.DateField(null=True, blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)

    class Meta:
        ordering = ["-applied_on", "pk"]

    def __str__(self) -> str:
        return f"{self.staff.full_name} to {self.step_title}"

    @property
    def step_title(self) -> str:
        return self.framework.title_of(self.to_step)


class Award(models.Model):
    """A leadership programme attended or a post-qualifying award held."""

    class Kind(models.TextChoices):
        LEADERSHIP = "leadership", "Leadership programme"
        POST_QUALIFYING = "post_qualifying", "Post-qualifying award"

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="awards")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=150)
    started_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True)
                | Q(completed_on__gte=models.F("started_on")),
                name="award_completed_after_start",
                violation_error_message="The completion date must be on or after the start",
            )
        ]

    def __str__(self) -> str:
        return self.name


# --- End of issue 16 --------------------------------------------------------------------


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
    supervisor = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
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
