from __future__ import annotations

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from csc_workforce.core import codes, development
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
