from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Q

from csc_workforce.web.caseloads.models import Case
from csc_workforce.web.organisation.models import StaffMember, Team


class Grade(models.TextChoices):
    """Ofsted's four-point scale."""

    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement to be good"
    INADEQUATE = "inadequate", "Inadequate"


class YesNo(models.TextChoices):
    """The answers to a yes-or-no question in an audit tool."""

    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_APPLICABLE = "na", "Not applicable"


class JudgementArea(models.TextChoices):
    """The Ofsted inspection (ILACS) judgement areas an audit or finding can inform."""

    LEADERS = "leaders", "The impact of leaders on social work practice with children and families"
    HELP_AND_PROTECTION = (
        "help_protection",
        "Experiences and progress of children who need help and protection",
    )
    IN_CARE = "in_care", "Experiences and progress of children in care"
    CARE_LEAVERS = "care_leavers", "Experiences and progress of care leavers"


class AuditTemplate(models.Model):
    """An audit tool: sections of questions. A template in use is never changed; a new version
    is made, and completed audits keep the version they used."""

    class Kind(models.TextChoices):
        FULL = "full", "Full case file audit"
        THEMED = "themed", "Themed audit"

    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    theme = models.CharField(max_length=60, blank=True)
    version = models.PositiveSmallIntegerField(default=1)
    is_current = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="one_template_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"


class TemplateSection(models.Model):
    template = models.ForeignKey(AuditTemplate, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(max_length=120)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["template", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class AnswerType(models.TextChoices):
        GRADE = "grade", "Ofsted grade"
        YES_NO = "yes_no", "Yes, no or not applicable"
        TEXT = "text", "Free text"

    section = models.ForeignKey(TemplateSection, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(max_length=300)
    guidance = models.TextField(blank=True)
    answer_type = models.CharField(max_length=10, choices=AnswerType.choices)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["section", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class AuditProgramme(models.Model):
    """A month's audits: the cases sampled by the documented rule, each given an auditor."""

    month = models.DateField(unique=True, help_text="The first day of the month")
    template = models.ForeignKey(AuditTemplate, on_delete=models.PROTECT)
    per_team = models.PositiveSmallIntegerField(default=2)
    skip_within_days = models.PositiveSmallIntegerField(default=180)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-month"]

    def __str__(self) -> str:
        return f"Audit programme {self.month:%B %Y}"


def audit_overdue(today: dt.date, *, via: str = "") -> Q:
    """The rule for an overdue audit: still to do (assigned, not submitted) after its deadline;
    one due today is not yet overdue. ``via`` reaches the audit from another model ("audits__").
    (``core.quality.overdue`` applies the same rule to a frame of audits.)"""
    return Q(**{f"{via}status": CaseAudit.Status.ASSIGNED, f"{via}deadline__lt": today})


def action_overdue(today: dt.date) -> Q:
    """The rule for an overdue action: not completed after its proposed date; one due today is
    not yet overdue."""
    return ~Q(status=ActionItem.Status.DONE) & Q(proposed_date__lt=today)


class CaseAuditQuerySet(models.QuerySet["CaseAudit"]):
    def overdue(self, *, today: dt.date) -> CaseAuditQuerySet:
        return self.filter(audit_overdue(today))

    def with_overdue(self, *, today: dt.date) -> CaseAuditQuerySet:
        """Each audit with ``is_overdue`` (``audit_overdue``) for its page."""
        return self.annotate(
            is_overdue=ExpressionWrapper(audit_overdue(today), output_field=BooleanField())
        )


class ActionItemQuerySet(models.QuerySet["ActionItem"]):
    def overdue(self, *, today: dt.date) -> ActionItemQuerySet:
        return self.filter(action_overdue(today))

    def with_overdue(self, *, today: dt.date) -> ActionItemQuerySet:
        """Each action with ``is_overdue`` (``action_overdue``) for its page."""
        return self.annotate(
            is_overdue=ExpressionWrapper(action_overdue(today), output_field=BooleanField())
        )


class CaseAudit(models.Model):
    """One case's audit: who audits it, by when, the grades and findings, the practitioner's
    and team manager's responses, and a moderator's grade with its reason (both kept)."""

    class Status(models.TextChoices):
        ASSIGNED = "assigned", "To do"
        SUBMITTED = "submitted", "Submitted"
        MODERATED = "moderated", "Moderated"

    programme = models.ForeignKey(
        AuditProgramme, null=True, blank=True, on_delete=models.CASCADE, related_name="audits"
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="audits")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="case_audits")
    practitioner = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="audited"
    )
    template = models.ForeignKey(AuditTemplate, on_delete=models.PROTECT)
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="audits_to_do"
    )
    assigned_on = models.DateField()
    deadline = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ASSIGNED)
    submitted_on = models.DateField(null=True, blank=True)
    grade = models.CharField(max_length=20, choices=Grade.choices, blank=True)
    findings = models.TextField(blank=True)
    themes = models.JSONField(default=list, blank=True)
    judgement_areas = models.JSONField(default=list, blank=True)
    moderated_grade = models.CharField(max_length=20, choices=Grade.choices, blank=True)
    moderation_reason = models.TextField(blank=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    practitioner_response = models.TextField(blank=True)
    manager_response = models.TextField(blank=True)
    family_feedback = models.TextField(blank=True)
    # The auditor's unfinished answers, kept as typed (form field -> value) until submitted;
    # nobody else reads them (``services.audit_draft_save``).
    draft = models.JSONField(default=dict, blank=True)
    draft_saved_at = models.DateTimeField(null=True, blank=True)

    objects = CaseAuditQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return f"Audit of {self.case}"

    @property
    def final_grade(self) -> str:
        """The moderator's grade where there is one, else the auditor's."""
        return self.moderated_grade or self.grade


class Answer(models.Model):
    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT)
    value = models.CharField(max_length=30, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["audit", "question"], name="one_answer_a_question")
        ]

    def __str__(self) -> str:
        return f"Answer to {self.question}"

    @property
    def label(self) -> str:
        """What the answer says in words: the free text, or the label of the grade or of
        yes, no or not applicable chosen (never its stored code)."""
        if self.text:
            return self.text
        labels = dict(Grade.choices) | dict(YesNo.choices)
        return str(labels.get(self.value, self.value))


class PracticeWeek(models.Model):
    title = models.CharField(max_length=120)
    start = models.DateField()
    end = models.DateField()
    senior_managers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")

    class Meta:
        ordering = ["-start"]

    def __str__(self) -> str:
        return self.title


OBSERVATION_HEADINGS = {  # an observation's notes, under the headings observers write to
    "leadership": "Leadership",
    "voice_of_child": "Voice of the child",
    "parent_carer": "Parent or carer experience",
    "good_practice": "Good and innovative practice",
    "development": "Areas for development",
}


class Observation(models.Model):
    """An observation of practice, in a practice week or through the year."""

    class Session(models.TextChoices):
        HOME_VISIT = "home_visit", "Home visit"
        TEAM_MEETING = "team_meeting", "Team meeting"
        SUPERVISION = "supervision", "Supervision"
        CP_CONFERENCE = "cp_conference", "Child protection conference"
        COURT = "court", "Court"
        PANEL = "panel", "Panel"
        DUTY = "duty", "Duty"

    week = models.ForeignKey(
        PracticeWeek, null=True, blank=True, on_delete=models.CASCADE, related_name="observations"
    )
    on = models.DateField()
    session = models.CharField(max_length=20, choices=Session.choices)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL)
    observer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="observations"
    )
    leadership = models.TextField("leadership", blank=True)
    voice_of_child = models.TextField("voice of the child", blank=True)
    parent_carer = models.TextField("parent or carer experience", blank=True)
    good_practice = models.TextField("good and innovative practice", blank=True)
    development = models.TextField("areas for development", blank=True)
    exemplar = models.BooleanField("exemplar case study to share", default=False)

    class Meta:
        ordering = ["-on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_session_display()} on {self.on:%d %B %Y}"


class ActionItem(models.Model):
    """An action plan item: issue, action, risk if not done, priority, date, owner, status and
    dated progress notes, linked to where it came from."""

    class Priority(models.TextChoices):
        HIGH = "high", "High"
        MEDIUM = "medium", "Medium"
        LOW = "low", "Low"

    class Status(models.TextChoices):
        OPEN = "open", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Completed"

    class Source(models.TextChoices):
        AUDIT = "audit", "Case audit"
        PRACTICE_WEEK = "practice_week", "Practice week"
        INSPECTION = "inspection", "Inspection"
        PEER_REVIEW = "peer_review", "Peer review"
        HEALTH_CHECK = "health_check", "Staff health check"

    issue = models.TextField()
    action = models.TextField()
    risk = models.TextField("anticipated risk if not completed")
    priority = models.CharField(max_length=6, choices=Priority.choices)
    proposed_date = models.DateField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="actions_owned"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    source = models.CharField(max_length=15, choices=Source.choices)
    source_label = models.CharField(max_length=200, blank=True)
    audit = models.ForeignKey(
        CaseAudit, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    week = models.ForeignKey(
        PracticeWeek, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    completed_on = models.DateField(null=True, blank=True)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["proposed_date", "pk"]

    def __str__(self) -> str:
        return self.action[:60]


class ActionNote(models.Model):
    item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="notes")
    on = models.DateField()
    text = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"Progress on {self.on:%d %B %Y}"


class QualityTargets(models.Model):
    """The authority's targets for audit grades (one row)."""

    good_or_better = models.DecimalField(
        "target: audits good or better (%)", max_digits=4, decimal_places=1, default=80
    )
    inadequate_at_most = models.DecimalField(
        "target: audits inadequate, at most (%)", max_digits=4, decimal_places=1, default=5
    )

    class Meta:
        verbose_name_plural = "quality targets"

    def __str__(self) -> str:
        return "Quality targets"
