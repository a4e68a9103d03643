"""Writes for quality assurance: the monthly audit programme, completing and moderating audits,
responses, action plans, practice weeks and audit tools. Atomic and audited as done by ``by``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db.models import Q

from csc_workforce.core import quality
from csc_workforce.core.audit_tools import ToolSection
from csc_workforce.web.caseloads.models import Allocation, Case
from csc_workforce.web.caseloads.selectors import case_frame
from csc_workforce.web.organisation.models import Team
from csc_workforce.web.services import service

from .models import (
    ActionItem,
    ActionNote,
    Answer,
    AuditProgramme,
    AuditTemplate,
    CaseAudit,
    Grade,
    JudgementArea,
    Observation,
    PracticeWeek,
    Question,
    TemplateSection,
)
from .selectors import auditors


@service
def audit_submit(
    *,
    audit: CaseAudit,
    by: User,
    answers: dict[int, str],
    grade: str,
    findings: str,
    themes: list[str],
    judgement_areas: list[str],
    today: dt.date,
) -> CaseAudit:
    """The auditor's grades and findings. Every question graded on the Ofsted scale or answered
    yes/no must be answered; the overall grade and the findings are required."""
    if audit.auditor_id != by.pk:
        raise ValidationError("Only the auditor assigned can complete this audit")
    if audit.status != CaseAudit.Status.ASSIGNED:
        raise ValidationError("This audit has already been submitted")
    questions = Question.objects.filter(section__template=audit.template)
    errors: dict[str, str] = {}
    for question in questions:
        value = answers.get(question.pk, "").strip()
        if question.answer_type != Question.AnswerType.TEXT and not value:
            errors[f"q{question.pk}"] = f"Answer: {question.text}"
    if grade not in Grade.values:
        errors["grade"] = "Select the overall grade"
    if not findings.strip():
        errors["findings"] = "Enter the findings"
    unknown = set(judgement_areas) - set(JudgementArea.values)
    if unknown:
        errors["judgement_areas"] = "Select judgement areas from the list"
    if errors:
        raise ValidationError(errors)
    for question in questions:
        value = answers.get(question.pk, "").strip()
        is_text = question.answer_type == Question.AnswerType.TEXT
        Answer.objects.update_or_create(
            audit=audit,
            question=question,
            defaults={"value": "" if is_text else value, "text": value if is_text else ""},
        )
    audit.grade = grade
    audit.findings = findings.strip()
    audit.themes = sorted({theme.strip().lower() for theme in themes if theme.strip()})
    audit.judgement_areas = judgement_areas
    audit.status = CaseAudit.Status.SUBMITTED
    audit.submitted_on = today
    audit.draft, audit.draft_saved_at = {}, None
    audit.save()
    return audit


DRAFT_MOST_CHARACTERS = 100_000
"""A draft's answers together, at most: ten times a long audit's text."""


@service
def audit_draft_save(
    *, audit: CaseAudit, by: User, values: dict[str, str | list[str]], at: dt.datetime
) -> CaseAudit:
    """The auditor's answers so far, kept as typed (the audit form's field names and values,
    none of them checked) so that a long audit can be left and resumed; submitting the audit
    (``audit_submit``) clears them. Only the auditor, while the audit is to do."""
    if audit.auditor_id != by.pk:
        raise ValidationError("Only the auditor assigned can save a draft of this audit")
    if audit.status != CaseAudit.Status.ASSIGNED:
        raise ValidationError("This audit has already been submitted")
    if sum(len(str(value)) for value in values.values()) > DRAFT_MOST_CHARACTERS:
        raise ValidationError(
            f"The draft is longer than {DRAFT_MOST_CHARACTERS:,} characters: shorten the findings"
        )
    audit.draft, audit.draft_saved_at = values, at
    audit.save(update_fields=["draft", "draft_saved_at"])
    return audit


@service
def audit_moderate(*, audit: CaseAudit, by: User, grade: str, reason: str) -> CaseAudit:
    """A moderator's overall grade, with the reason; the auditor's grade is kept beside it.
    Moderation is a second opinion, so nobody moderates an audit they completed."""
    if audit.status == CaseAudit.Status.ASSIGNED:
        raise ValidationError("The audit has not been submitted yet")
    if audit.auditor_id == by.pk:
        raise ValidationError("You completed this audit, so someone else must moderate it")
    errors = {}
    if grade not in Grade.values:
        errors["grade"] = "Select the moderated grade"
    if not reason.strip():
        errors["reason"] = "Enter the reason for the moderated grade"
    if errors:
        raise ValidationError(errors)
    audit.moderated_grade = grade
    audit.moderation_reason = reason.strip()
    audit.moderator = by
    audit.status = CaseAudit.Status.MODERATED
    audit.save()
    return audit


@service
def audit_respond(*, audit: CaseAudit, by: User, as_manager: bool, text: str) -> CaseAudit:
    """The practitioner's or the team manager's response to the feedback."""
    if not text.strip():
        raise ValidationError({"text": "Enter your response"})
    if as_manager:
        audit.manager_response = text.strip()
    else:
        audit.practitioner_response = text.strip()
    audit.save()
    return audit


@service
def audit_reassign(*, audit: CaseAudit, by: User, auditor: User) -> CaseAudit:
    """Give an audit not yet done to another auditor (a PSW, service manager or team manager)."""
    if audit.status != CaseAudit.Status.ASSIGNED:
        raise ValidationError("A completed audit keeps its auditor")
    if not auditors().filter(pk=auditor.pk).exists():
        raise ValidationError(
            {"auditor": "The auditor must be a PSW, service manager or team manager"}
        )
    audit.auditor = auditor
    audit.save()
    return audit


@service
def audit_family_feedback(*, audit: CaseAudit, by: User, text: str) -> CaseAudit:
    """What the child's family said about the help they had, gathered for the audit."""
    if not text.strip():
        raise ValidationError({"text": "Enter the family's feedback"})
    audit.family_feedback = text.strip()
    audit.save()
    return audit


ACTION_DATE_LOOKBACK = dt.timedelta(days=365)


@service
def action_create(*, by: User, today: dt.date, **values: Any) -> ActionItem:
    """An action plan item. Its proposed date may be up to a year back (an action agreed at a
    meeting and entered later), never further: an older date is a mistyped year."""
    earliest = today - ACTION_DATE_LOOKBACK
    proposed = values.get("proposed_date")
    if proposed is not None and proposed < earliest:
        raise ValidationError(
            {"proposed_date": f"The proposed date must be on or after {earliest:%-d %B %Y}"}
        )
    item = ActionItem(**values)
    item.full_clean()
    item.save()
    return item


@service
def action_progress(
    *, item: ActionItem, by: User, on: dt.date, text: str, status: str
) -> ActionItem:
    """A dated progress note and the item's status (completed items record the day)."""
    if not text.strip():
        raise ValidationError({"text": "Enter the progress"})
    if status not in ActionItem.Status.values:
        raise ValidationError({"status": "Select the status"})
    ActionNote.objects.create(item=item, on=on, text=text.strip(), by=by)
    item.status = status
    item.completed_on = on if status == ActionItem.Status.DONE else None
    item.save()
    return item


def remind_overdue(*, today: dt.date) -> int:
    """Email each owner of overdue action items, and each auditor of overdue audits, once."""
    sent = 0
    late_actions = ActionItem.objects.overdue(today=today)
    late_audits = CaseAudit.objects.overdue(today=today)
    people: dict[User, list[str]] = {}
    for item in late_actions.select_related("owner"):
        people.setdefault(item.owner, []).append(
            f"Action due {item.proposed_date:%-d %B %Y}: {item.action[:80]}"
        )
    for audit in late_audits.select_related("auditor", "case"):
        people.setdefault(audit.auditor, []).append(
            f"Audit of case {audit.case.masked_id} due {audit.deadline:%-d %B %Y}"
        )
    for person, lines in people.items():
        if person.email:
            send_mail(
                subject="Overdue in CSC Workforce",
                message="These are overdue:\n\n" + "\n".join(lines),
                from_email=None,
                recipient_list=[person.email],
            )
            sent += 1
    return sent


@service
def programme_create(
    *,
    month: dt.date,
    template: AuditTemplate,
    per_team: int,
    skip_within_days: int,
    by: User,
    today: dt.date,
) -> AuditProgramme:
    """A month's audit programme: cases sampled by ``core.quality.sample_cases`` (per team,
    stratified by status, skipping cases audited recently) from the open cases with a lead
    worker today, each given an auditor (a team manager, service manager or the PSW, never the
    manager of the case's own team where another can do it) and a deadline 10 working days on."""
    first = month.replace(day=1)
    if AuditProgramme.objects.filter(month=first).exists():
        raise ValidationError({"month": f"There is already a programme for {first:%B %Y}"})
    leads = list(
        Allocation.objects.filter(role=Allocation.Role.LEAD, start__lte=today)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .values_list("case_id", "worker_id", "worker__team_id")
    )
    status_of = dict(
        case_frame(today, Case.objects.filter(pk__in=[c for c, _, _ in leads]))
        .select("child_id", "status")
        .iter_rows()
    )
    cases = pl.DataFrame(
        [{"case_id": c, "team_id": t, "status": status_of.get(c)} for c, _, t in leads],
        schema=quality.CASE_SCHEMA,
    )
    audited = pl.DataFrame(
        [
            {"case_id": c, "audited_on": on}
            for c, on in CaseAudit.objects.values_list("case_id", "assigned_on")
        ],
        schema=quality.AUDITED_SCHEMA,
    )
    sample = quality.sample_cases(
        cases=cases,
        recently_audited=audited,
        on=today,
        per_team=per_team,
        skip_within_days=skip_within_days,
        seed=first.year * 100 + first.month,
    )
    auditors = _auditors()
    if sample.height and not auditors:
        raise ValidationError(
            "There is nobody to audit: give someone the team manager, service manager or PSW role"
        )
    worker_of = {case: worker for case, worker, _ in leads}
    team_of = {case: team for case, _, team in leads}
    programme = AuditProgramme.objects.create(
        month=first,
        template=template,
        per_team=per_team,
        skip_within_days=skip_within_days,
        created_by=by,
    )
    due = quality.deadline(assigned_on=today)
    for assignment in quality.assign_auditors(sample=sample, auditors=auditors):
        CaseAudit.objects.create(
            programme=programme,
            case_id=assignment.case_id,
            team_id=team_of[assignment.case_id],
            practitioner_id=worker_of[assignment.case_id],
            template=template,
            auditor_id=assignment.auditor_id,
            assigned_on=today,
            deadline=due,
        )
    return programme


def _auditors() -> list[tuple[int, int | None]]:
    """Who may audit, with the team they manage (if any)."""
    people = auditors()
    managed = dict(
        Team.objects.filter(managers__user__in=people).values_list("managers__user_id", "pk")
    )
    return [(person.pk, managed.get(person.pk)) for person in people.order_by("pk")]


@service
def practice_week_create(
    *, by: User, title: str, start: dt.date, end: dt.date, senior_managers: Any
) -> PracticeWeek:
    week = PracticeWeek.objects.create(title=title, start=start, end=end)
    week.senior_managers.set(senior_managers)
    return week


@service
def observation_record(
    *, by: User, week: PracticeWeek | None, observation: Observation
) -> Observation:
    """An observation of practice, in a practice week (within its dates) or through the year."""
    if week is not None and not (week.start <= observation.on <= week.end):
        raise ValidationError(
            {
                "on": f"The date must be within the practice week, {week.start:%-d %B} to "
                f"{week.end:%-d %B %Y}"
            }
        )
    observation.week = week
    observation.observer = by
    observation.full_clean()
    observation.save()
    return observation


@service
def template_save(
    *,
    by: User,
    template: AuditTemplate | None,
    name: str,
    kind: str,
    theme: str,
    sections: tuple[ToolSection, ...],
) -> AuditTemplate:
    """A new audit tool, or a change to one. A tool not yet used is changed in place; a tool
    that audits or programmes have used is kept as it was and a new version made current, so
    completed audits keep the questions they answered."""
    if template is None:
        if AuditTemplate.objects.filter(name=name).exists():
            raise ValidationError({"name": f"There is already a tool called {name}"})
        saved = AuditTemplate.objects.create(name=name, kind=kind, theme=theme)
    elif not template.is_current:
        raise ValidationError("Only the current version of a tool can be changed")
    elif (
        CaseAudit.objects.filter(template=template).exists()
        or AuditProgramme.objects.filter(template=template).exists()
    ):
        template.is_current = False
        template.save(update_fields=["is_current"])
        saved = AuditTemplate.objects.create(
            name=template.name, kind=kind, theme=theme, version=template.version + 1
        )
    else:
        template.kind, template.theme = kind, theme
        template.save(update_fields=["kind", "theme"])
        template.sections.all().delete()
        saved = template
    for order, section in enumerate(sections):
        row = TemplateSection.objects.create(template=saved, title=section.title, order=order)
        for number, q in enumerate(section.questions):
            Question.objects.create(
                section=row,
                text=q.text,
                guidance=q.guidance,
                answer_type=q.answer_type,
                order=number,
            )
    return saved
