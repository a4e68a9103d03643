"""Writes for growing our own. Atomic and audited as done by ``by``; bad input raises a
ValidationError naming the field, and nothing is stored.

Issue 16: cohorts, enrolments and what is recorded on them, induction checklists and the
reminders for what is overdue; students, placements and practice educators; progression
applications; leadership programmes and post-qualifying awards.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db.models import Q

from csc_workforce.core import codes, development
from csc_workforce.core import registration as core_registration
from csc_workforce.core.development_import import (
    DevelopmentRule,
    development_problem,
    read_registration_file,
    read_session_file,
)
from csc_workforce.core.problems import ImportFailed
from csc_workforce.core.supervision import add_months
from csc_workforce.core.training import FOLLOW_UP_MONTHS
from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.caseloads.frames import loads_on
from csc_workforce.web.organisation.models import StaffMember, Team
from csc_workforce.web.services import after_commit, service

from . import selectors
from .models import (
    Award,
    Cohort,
    CpdRecord,
    DevelopmentPlan,
    Enrolment,
    Evidence,
    Extension,
    GrowOwnTarget,
    Induction,
    InductionItem,
    InductionTemplate,
    Placement,
    PracticeEducator,
    Programme,
    ProgressionApplication,
    ProgressionFramework,
    Registration,
    Reminder,
    Review,
    SessionKind,
    Student,
    SupervisionAgreement,
    SupervisionSession,
    SupervisionStandard,
    TrainingAttendance,
    TrainingCourse,
)

REMIND_EVERY = dt.timedelta(days=7)
"""An overdue review or induction item is reminded of at most once a week."""


def _day(value: dt.date) -> str:
    return f"{value:%-d %B %Y}"


@service
def programme_evidence_set(
    *, programme: Programme, by: User | None, evidence: dict[str, int]
) -> Programme:
    """The number of pieces of each kind of evidence the programme asks for."""
    errors = {}
    for kind in evidence:
        if kind not in development.EVIDENCE_KINDS:
            errors[kind] = f"{kind} is not a kind of evidence"
    for kind, label in development.EVIDENCE_KINDS.items():
        number = evidence.get(kind)
        if number is None or number < 0 or number > 50:
            errors[kind] = f"{label}: enter a whole number from 0 to 50"
    if errors:
        raise ValidationError(errors)
    programme.evidence = {kind: evidence[kind] for kind in development.EVIDENCE_KINDS}
    programme.save(update_fields=["evidence"])
    return programme


@service
def cohort_create(
    *,
    programme: Programme,
    by: User | None,
    name: str,
    starts_on: dt.date,
    completion_target: int = 90,
) -> Cohort:
    """A cohort on a current programme version."""
    errors = {}
    if not programme.is_current:
        errors["programme"] = (
            f"{programme.name} version {programme.version} is not a current programme version: "
            "choose a current one"
        )
    if not name.strip():
        errors["name"] = "Enter the cohort's name"
    elif Cohort.objects.filter(name=name.strip()).exists():
        errors["name"] = f"There is already a cohort called {name.strip()}"
    if not 0 <= completion_target <= 100:
        errors["completion_target"] = "The completion target must be a percentage from 0 to 100"
    if errors:
        raise ValidationError(errors)
    return Cohort.objects.create(
        programme=programme,
        name=name.strip(),
        starts_on=starts_on,
        completion_target=completion_target,
    )


@service
def enrolment_create(
    *,
    cohort: Cohort,
    staff: StaffMember,
    by: User | None,
    start: dt.date,
    assessor: StaffMember | None = None,
    line_manager: StaffMember | None = None,
    supervisor: StaffMember | None = None,
    protected_days: Decimal = Decimal(2),
    include_optional: bool = False,
) -> Enrolment:
    """A worker on a cohort's programme, with their reviews due from the programme's review
    points (its optional ones only with ``include_optional``)."""
    errors = {}
    if start < staff.start_date:
        errors["start"] = (
            f"The start must be on or after {staff.full_name} started work, on "
            f"{_day(staff.start_date)}"
        )
    if staff.end_date is not None and start > staff.end_date:
        errors["start"] = f"{staff.full_name} left on {_day(staff.end_date)}, before the start"
    if Enrolment.objects.filter(staff=staff, cohort=cohort).exists():
        errors["staff"] = f"{staff.full_name} is already in {cohort.name}"
    elif Enrolment.objects.filter(staff=staff).exclude(outcome__in=development.DECIDED).exists():
        errors["staff"] = f"{staff.full_name} is already on a programme"
    for field, person in (("assessor", assessor), ("line_manager", line_manager)):
        if person is not None and person.pk == staff.pk:
            errors[field] = f"{staff.full_name} cannot be their own {field.replace('_', ' ')}"
    if protected_days < 0:
        errors["protected_days"] = "Protected development time cannot be less than 0"
    if errors:
        raise ValidationError(errors)
    enrolment = Enrolment.objects.create(
        cohort=cohort,
        staff=staff,
        start=start,
        assessor=assessor,
        line_manager=line_manager,
        supervisor=supervisor,
        protected_days=protected_days,
    )
    for point in cohort.programme.design().reviews:
        if point.optional and not include_optional:
            continue
        Review.objects.create(
            enrolment=enrolment,
            month=point.month,
            label=point.label,
            optional=point.optional,
            final=point.final,
            due=development.review_due(start=start, point=point),
        )
    return enrolment


def _on_programme(enrolment: Enrolment, *, field: str, on: dt.date) -> None:
    """Refuse a record for someone whose programme has ended, or dated before it started."""
    if enrolment.outcome in development.DECIDED:
        raise ValidationError(
            {
                field: f"{enrolment.staff.full_name} is not on a programme: their "
                f"{enrolment.cohort.programme.name} ended "
                f"({enrolment.get_outcome_display().lower()})"
            }
        )
    if on < enrolment.start:
        raise ValidationError(
            {
                field: "The date must be on or after the programme started, on "
                f"{_day(enrolment.start)}"
            }
        )


@service
def agreement_record(*, enrolment: Enrolment, by: User | None, on: dt.date) -> Enrolment:
    """The day the support and assessment agreement was made."""
    _on_programme(enrolment, field="agreement_on", on=on)
    enrolment.agreement_on = on
    enrolment.save(update_fields=["agreement_on"])
    return enrolment


@service
def review_record(*, review: Review, by: User | None, held: dt.date, outcome: str) -> Review:
    """A review held, with its outcome."""
    _on_programme(review.enrolment, field="held", on=held)
    if outcome not in Review.Outcome.values:
        raise ValidationError({"outcome": "Select the review's outcome"})
    review.held, review.outcome = held, outcome
    review.save(update_fields=["held", "outcome"])
    return review


@service
def evidence_record(
    *, enrolment: Enrolment, by: User | None, kind: str, on: dt.date, title: str = ""
) -> Evidence:
    """A piece of evidence for a worker on a programme."""
    if kind not in development.EVIDENCE_KINDS:
        raise ValidationError({"kind": "Select the kind of evidence"})
    _on_programme(enrolment, field="on", on=on)
    return Evidence.objects.create(enrolment=enrolment, kind=kind, on=on, title=title.strip())


@service
def extension_add(
    *, enrolment: Enrolment, by: User | None, months: int, reason: str, agreed_on: dt.date
) -> Extension:
    """An extension with its reason; the final review moves by its months."""
    _on_programme(enrolment, field="agreed_on", on=agreed_on)
    errors = {}
    if not 1 <= months <= 12:
        errors["months"] = "An extension is from 1 to 12 months"
    if not reason.strip():
        errors["reason"] = "Enter the reason for the extension"
    if errors:
        raise ValidationError(errors)
    extension = Extension.objects.create(
        enrolment=enrolment, months=months, reason=reason.strip(), agreed_on=agreed_on
    )
    total = enrolment.extension_months
    for review in enrolment.reviews.filter(final=True):
        point = development.ReviewPoint(review.month, review.label, final=True)
        review.due = development.review_due(
            start=enrolment.start, point=point, extension_months=total
        )
        review.save(update_fields=["due"])
    return extension


@service
def outcome_record(
    *,
    enrolment: Enrolment,
    by: User | None,
    outcome: str,
    outcome_on: dt.date,
    panel_on: dt.date | None = None,
    panel_decision: str = "",
) -> Enrolment:
    """The final outcome (pass, fail, extended, left), with the moderation panel's date and
    decision."""
    errors = {}
    if outcome not in development.DECIDED | {development.EXTENDED}:
        errors["outcome"] = "Select the final outcome"
    if outcome_on < enrolment.start:
        errors["outcome_on"] = (
            f"The outcome date must be on or after the programme started, on "
            f"{_day(enrolment.start)}"
        )
    if panel_on is not None and panel_on < enrolment.start:
        errors["panel_on"] = (
            f"The panel date must be on or after the programme started, on {_day(enrolment.start)}"
        )
    if panel_decision and panel_decision not in Enrolment.Outcome.values:
        errors["panel_decision"] = "Select the panel's decision"
    if errors:
        raise ValidationError(errors)
    enrolment.outcome, enrolment.outcome_on = outcome, outcome_on
    enrolment.panel_on, enrolment.panel_decision = panel_on, panel_decision
    enrolment.save(update_fields=["outcome", "outcome_on", "panel_on", "panel_decision"])
    return enrolment


@service
def grant_record(
    *,
    enrolment: Enrolment,
    by: User | None,
    amount: Decimal,
    period: str,
    claimed_on: dt.date,
) -> Enrolment:
    """The grant claimed for a worker's programme."""
    errors = {}
    if amount <= 0:
        errors["grant_amount"] = "The grant amount must be more than 0"
    if not period.strip():
        errors["grant_period"] = "Enter the period the grant is for, like 2025 to 2026"
    if claimed_on < enrolment.start:
        errors["grant_claimed_on"] = (
            f"The claim date must be on or after the programme started, on {_day(enrolment.start)}"
        )
    if errors:
        raise ValidationError(errors)
    enrolment.grant_amount, enrolment.grant_period = amount, period.strip()
    enrolment.grant_claimed_on = claimed_on
    enrolment.save(update_fields=["grant_amount", "grant_period", "grant_claimed_on"])
    return enrolment


def induction_template_for(staff: StaffMember) -> InductionTemplate | None:
    """The current checklist for the starter's local role, else the current one for any role."""
    current = InductionTemplate.objects.filter(is_current=True)
    return (
        current.filter(local_role=staff.local_role).first() or current.filter(local_role="").first()
    )


@service
def induction_start(
    *, staff: StaffMember, by: User | None, template: InductionTemplate | None = None
) -> Induction | None:
    """The starter's induction from the checklist for their role (``induction_template_for``),
    each item due on its day from their first day; None when they already have one or no
    checklist is current. A template given must be a current version."""
    if template is not None and not template.is_current:
        raise ValidationError(
            {
                "template": f"{template.name} version {template.version} is not a current "
                "checklist version: choose a current one"
            }
        )
    if Induction.objects.filter(staff=staff).exists():
        return None
    template = template or induction_template_for(staff)
    if template is None:
        return None
    induction = Induction.objects.create(
        staff=staff, template=template, started_on=staff.start_date
    )
    InductionItem.objects.bulk_create(
        InductionItem(
            induction=induction,
            text=item["text"],
            owner=item["owner"],
            due=development.induction_due(start=staff.start_date, due_day=int(item["due_day"])),
        )
        for item in template.items
    )
    return induction


@service
def induction_item_done(*, item: InductionItem, by: User | None, on: dt.date) -> InductionItem:
    """An induction item done on ``on``."""
    if on < item.induction.started_on:
        raise ValidationError(
            {
                "done_on": f"The date must be on or after the induction started, on "
                f"{_day(item.induction.started_on)}"
            }
        )
    item.done_on = on
    item.save(update_fields=["done_on"])
    return item


def _emails(people: list[StaffMember | None]) -> set[str]:
    return {
        person.user.email
        for person in people
        if person is not None and person.user is not None and person.user.email
    }


def _due_a_reminder(today: dt.date) -> Q:
    return Q(reminded_on__isnull=True) | Q(reminded_on__lte=today - REMIND_EVERY)


@service
def remind_overdue(*, today: dt.date) -> int:
    """Email the assessor and line manager of each worker with a review overdue, and the owner
    of each overdue induction item (the starter; else their team's managers), listing what is
    overdue; each review or item is reminded of at most once a week (``REMIND_EVERY``), so
    running this twice on a day sends nothing the second time. The number of emails sent."""
    lines: dict[str, list[str]] = {}
    reviews = (
        Review.objects.filter(held__isnull=True, due__lt=today)
        .exclude(enrolment__outcome__in=development.DECIDED)
        .filter(_due_a_reminder(today))
        .select_related(
            "enrolment__staff",
            "enrolment__assessor__user",
            "enrolment__line_manager__user",
        )
    )
    for review in reviews:
        enrolment = review.enrolment
        for email in _emails([enrolment.assessor, enrolment.line_manager]):
            lines.setdefault(email, []).append(
                f"{review.label} of {enrolment.staff.full_name}, due {_day(review.due)}"
            )
    reviews.update(reminded_on=today)
    items = (
        InductionItem.objects.filter(done_on__isnull=True, due__lt=today)
        .filter(induction__staff__end_date__isnull=True)
        .filter(_due_a_reminder(today))
        .select_related("induction__staff__user", "induction__staff__team")
    )
    for item in items:
        starter = item.induction.staff
        owners = (
            [starter]
            if item.owner == InductionItem.Owner.STARTER
            else list(starter.team.managers.select_related("user"))
        )
        for email in _emails(list(owners)):
            lines.setdefault(email, []).append(
                f"Induction of {starter.full_name}: {item.text}, due {_day(item.due)}"
            )
    items.update(reminded_on=today)
    for email, overdue in sorted(lines.items()):
        after_commit(
            functools.partial(
                send_mail,
                subject="Overdue reviews and induction in CSC Workforce",
                message="These are overdue:\n\n" + "\n".join(overdue),
                from_email=None,
                recipient_list=[email],
            )
        )
    return len(lines)


@service
def practice_educator_save(
    *, staff: StaffMember, by: User | None, stage: str, qualified_on: dt.date, capacity: int
) -> PracticeEducator:
    """A member of staff as a practice educator (an assignment), with their stage and how many
    students they take at a time."""
    errors = {}
    if stage not in PracticeEducator.Stage.values:
        errors["stage"] = "Select the practice educator stage"
    if not 1 <= capacity <= 6:
        errors["capacity"] = "Capacity is from 1 to 6 students at a time"
    if errors:
        raise ValidationError(errors)
    educator, _ = PracticeEducator.objects.update_or_create(
        staff=staff, defaults={"stage": stage, "qualified_on": qualified_on, "capacity": capacity}
    )
    return educator


@service
def student_create(
    *, by: User | None, given_name: str, family_name: str, route: str, provider: str
) -> Student:
    """A student or trainee on a route into social work."""
    errors = {}
    for field, value, label in (
        ("given_name", given_name, "first name"),
        ("family_name", family_name, "last name"),
        ("provider", provider, "university or provider"),
    ):
        if not value.strip():
            errors[field] = f"Enter the {label}"
    if route not in codes.QUALIFICATION_ROUTE:
        errors["route"] = "Select the route into social work"
    if errors:
        raise ValidationError(errors)
    return Student.objects.create(
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        route=route,
        provider=provider.strip(),
    )


@service
def placement_create(
    *,
    student: Student,
    by: User | None,
    kind: str,
    days: int,
    team: Team,
    start: dt.date,
    end: dt.date,
    practice_educator: PracticeEducator | None = None,
    outcome: str = "",
) -> Placement:
    """A student's placement in a team with a practice educator, refused when the dates are out
    of order or the educator already has as many students as they take over those dates."""
    errors = {}
    if end < start:
        errors["end"] = f"The end must be on or after the start, {_day(start)}"
    if not 1 <= days <= 200:
        errors["days"] = "A placement is from 1 to 200 days"
    if kind not in Placement.Kind.values:
        errors["kind"] = "Select the kind of placement"
    if outcome not in Placement.Outcome.values:
        errors["outcome"] = "Select the outcome"
    if practice_educator is not None and not errors:
        taken = Placement.objects.filter(
            practice_educator=practice_educator, start__lte=end, end__gte=start
        ).count()
        if taken >= practice_educator.capacity:
            errors["practice_educator"] = (
                f"{practice_educator.staff.full_name} already has {taken} student"
                f"{'s' if taken != 1 else ''} then, as many as they take"
            )
    if errors:
        raise ValidationError(errors)
    return Placement.objects.create(
        student=student,
        kind=kind,
        days=days,
        practice_educator=practice_educator,
        team=team,
        start=start,
        end=end,
        outcome=outcome,
    )


@service
def placement_outcome(*, placement: Placement, by: User | None, outcome: str) -> Placement:
    if outcome not in Placement.Outcome.values:
        raise ValidationError({"outcome": "Select the outcome"})
    placement.outcome = outcome
    placement.save(update_fields=["outcome"])
    return placement


@service
def student_joined(*, student: Student, by: User | None, staff: StaffMember) -> Student:
    """The student's register record, once they are employed here: it must start after their
    first placement started."""
    first = student.placements.order_by("start").first()
    if first is not None and staff.start_date < first.start:
        raise ValidationError(
            {
                "staff": f"{staff.full_name} started work on {_day(staff.start_date)}, before "
                f"{student.full_name}'s first placement started on {_day(first.start)}"
            }
        )
    if staff.employment_type == StaffMember.Employment.AGENCY:
        raise ValidationError({"staff": f"{staff.full_name} is an agency worker, not employed"})
    student.joined_as = staff
    student.save(update_fields=["joined_as"])
    return student


@service
def target_set(*, by: User | None, students_a_year: int) -> GrowOwnTarget:
    if not 0 <= students_a_year <= 500:
        raise ValidationError({"students_a_year": "Enter a number of students from 0 to 500"})
    target = GrowOwnTarget.objects.order_by("pk").first() or GrowOwnTarget()
    target.students_a_year = students_a_year
    target.save()
    return target


@service
def application_create(
    *,
    staff: StaffMember,
    by: User | None,
    framework: ProgressionFramework,
    to_step: str,
    applied_on: dt.date,
) -> ProgressionApplication:
    """An application to progress to a step of a current framework version."""
    if not framework.is_current:
        raise ValidationError(
            {
                "framework": f"{framework.name} version {framework.version} is not a current "
                "framework version: apply under the current one"
            }
        )
    steps = [step["key"] for step in framework.steps]
    if to_step not in steps:
        raise ValidationError({"to_step": f"Select a step of {framework.name}"})
    if applied_on < staff.start_date:
        raise ValidationError(
            {"applied_on": f"The application must be on or after {staff.full_name} started work"}
        )
    return ProgressionApplication.objects.create(
        staff=staff, framework=framework, to_step=to_step, applied_on=applied_on
    )


@service
def application_decide(
    *,
    application: ProgressionApplication,
    by: User | None,
    decision: str,
    panel_on: dt.date,
) -> ProgressionApplication:
    """The panel's date and decision."""
    errors = {}
    if decision not in ProgressionApplication.Decision.values or not decision:
        errors["decision"] = "Select the panel's decision"
    if panel_on < application.applied_on:
        errors["panel_on"] = (
            f"The panel date must be on or after the application, {_day(application.applied_on)}"
        )
    if errors:
        raise ValidationError(errors)
    application.decision, application.panel_on = decision, panel_on
    application.save(update_fields=["decision", "panel_on"])
    return application


@service
def award_create(
    *,
    staff: StaffMember,
    by: User | None,
    kind: str,
    name: str,
    started_on: dt.date,
    completed_on: dt.date | None = None,
) -> Award:
    """A leadership programme attended or a post-qualifying award held, with its dates."""
    errors = {}
    if kind not in Award.Kind.values:
        errors["kind"] = "Select leadership programme or post-qualifying award"
    if not name.strip():
        errors["name"] = "Enter the programme's or award's name"
    if completed_on is not None and completed_on < started_on:
        errors["completed_on"] = (
            f"The completion date must be on or after the start, {_day(started_on)}"
        )
    if errors:
        raise ValidationError(errors)
    return Award.objects.create(
        staff=staff, kind=kind, name=name.strip(), started_on=started_on, completed_on=completed_on
    )


@service
def induction_template_save(
    *, template: InductionTemplate, by: User | None, text: str
) -> InductionTemplate:
    """A new version of an induction checklist from its items written as text
    (``core.development.parse_checklist``), which replaces the current one; inductions already
    started keep the version they started with. Only the current version is changed."""
    if not template.is_current:
        raise ValidationError(
            {
                "text": f"{template.name} version {template.version} is not the current "
                "version: change the current one"
            }
        )
    items, problems = development.parse_checklist(text)
    if problems:
        raise ValidationError({"text": problems})
    template.is_current = False
    template.save(update_fields=["is_current"])
    return InductionTemplate.objects.create(
        name=template.name,
        local_role=template.local_role,
        version=template.version + 1,
        items=[{"text": item.text, "owner": item.owner, "due_day": item.due_day} for item in items],
    )


# --- Supervision, registration and CPD (issue 17) -------------------------------------------


def _not_future(field: str, day: dt.date, today: dt.date, what: str) -> None:
    if day > today:
        raise ValidationError(
            {field: f"The {what} must be today or in the past (today is {today:%-d %B %Y})"}
        )


def _not_self(staff: StaffMember, supervisor: StaffMember | None) -> None:
    if supervisor is not None and supervisor.pk == staff.pk:
        raise ValidationError(
            {"supervisor": "Select someone other than the worker: nobody supervises themself"}
        )


def load_on(*, staff: StaffMember, on: dt.date) -> tuple[Decimal, Decimal] | None:
    """The worker's weighted load on ``on`` (caseloads): (percentage of capacity, points); None
    when no weighting model applied or they hold no cases to weigh."""
    found = loads_on(on, workers=[staff.pk])
    if found is None:
        return None
    rows = found[1].filter(found[1]["worker_id"] == staff.pk)
    if not rows.height or rows["load_percent"][0] is None:
        return None
    return (
        Decimal(str(round(rows["load_percent"][0], 1))),
        Decimal(str(round(rows["points"][0], 1))),
    )


@service
def session_record(
    *,
    staff: StaffMember,
    supervisor: StaffMember,
    held_on: dt.date,
    minutes: int,
    kind: str,
    actions_reviewed: bool,
    workload_discussed: bool,
    wellbeing: str,
    learning_needs: str,
    case_references: str,
    by: User,
    today: dt.date,
) -> SupervisionSession:
    """Record a supervision session held (not one to come), with the worker's weighted load on
    the day kept beside it as it was then."""
    _not_future("held_on", held_on, today, "date of the session")
    _not_self(staff, supervisor)
    if minutes < 1:
        raise ValidationError({"minutes": "Enter the length in whole minutes, more than 0"})
    if SupervisionSession.objects.filter(staff=staff, held_on=held_on, kind=kind).exists():
        raise ValidationError(
            {"held_on": "This worker already has a session of this kind recorded that day"}
        )
    load = load_on(staff=staff, on=held_on)
    return SupervisionSession.objects.create(
        staff=staff,
        supervisor=supervisor,
        held_on=held_on,
        minutes=minutes,
        kind=kind,
        actions_reviewed=actions_reviewed,
        workload_discussed=workload_discussed,
        load_percent=load[0] if load else None,
        load_points=load[1] if load else None,
        wellbeing=wellbeing,
        learning_needs=learning_needs,
        case_references=case_references,
        created_by=by,
    )


@service
def agreement_sign(
    *,
    staff: StaffMember,
    supervisor: StaffMember,
    frequency: str,
    venue: str,
    signed_on: dt.date,
    by: User,
    today: dt.date,
) -> SupervisionAgreement:
    """A new supervision agreement for the worker, in force from when it was signed."""
    _not_future("signed_on", signed_on, today, "date it was signed")
    _not_self(staff, supervisor)
    return SupervisionAgreement.objects.create(
        staff=staff,
        supervisor=supervisor,
        frequency=frequency,
        venue=venue,
        signed_on=signed_on,
        created_by=by,
    )


@service
def cpd_record(
    *,
    staff: StaffMember,
    on: dt.date,
    title: str,
    learnt: str,
    impact: str,
    peer_reflection: str,
    by: User,
    today: dt.date,
) -> CpdRecord:
    """A piece of CPD the worker has done, as they will record it with Social Work England."""
    _not_future("on", on, today, "date of the CPD")
    return CpdRecord.objects.create(
        staff=staff,
        on=on,
        title=title,
        learnt=learnt,
        impact=impact,
        peer_reflection=peer_reflection,
        created_by=by,
    )


@service
def standard_save(*, standard: SupervisionStandard, by: User) -> SupervisionStandard:
    """Keep the authority's supervision standard (one row)."""
    standard.as_core()  # refuses an unknown interval
    standard.pk = SupervisionStandard.objects.order_by("pk").values_list("pk", flat=True).first()
    standard.updated_by = by
    standard.save()
    return standard


@dataclass(frozen=True)
class ImportResult:
    filename: str
    created: int
    updated: int = 0
    unchanged: int = 0


@service
def sessions_import(*, data: bytes, filename: str, by: User | None, today: dt.date) -> ImportResult:
    """Import supervision dates from the case management system, all or nothing: each row's
    worker and supervisor found by Social Work England number, no session already held (the
    same worker, day and kind). Raises ``ImportFailed`` listing every problem, having written
    nothing."""
    read = read_session_file(data, filename=filename, today=today)
    rows = [(line, line.value) for line in read.rows if line.value is not None]
    numbers = {row.worker_swe_number for _, row in rows} | {
        row.supervisor_swe_number for _, row in rows if row.supervisor_swe_number
    }
    people: dict[str, StaffMember] = {}
    for person in StaffMember.objects.filter(swe_number__in=numbers).order_by("-start_date"):
        people.setdefault(person.swe_number, person)  # their latest staff record
    held = set(
        SupervisionSession.objects.filter(staff__in=[p.pk for p in people.values()]).values_list(
            "staff_id", "held_on", "kind"
        )
    )
    problems = list(read.problems)
    new = []
    for line, row in rows:
        worker = people.get(row.worker_swe_number)
        supervisor = people.get(row.supervisor_swe_number) if row.supervisor_swe_number else None
        for field, number, found in (
            ("worker_swe_number", row.worker_swe_number, worker),
            ("supervisor_swe_number", row.supervisor_swe_number, supervisor),
        ):
            if number and found is None:
                problems.append(
                    development_problem(
                        read,
                        line,
                        field,
                        DevelopmentRule.UNKNOWN_WORKER,
                        f"no one in the register has the Social Work England number {number}",
                    )
                )
        if worker is None:
            continue
        if (worker.pk, row.held_on, row.kind) in held:
            problems.append(
                development_problem(
                    read,
                    line,
                    "held_on",
                    DevelopmentRule.ALREADY_HELD,
                    f"{worker.full_name} already has a session of this kind "
                    f"({SessionKind(row.kind).label.lower()}) on {row.held_on:%-d %B %Y}: "
                    "was this file imported before?",
                )
            )
            continue
        new.append(
            SupervisionSession(
                staff=worker,
                supervisor=supervisor,
                held_on=row.held_on,
                minutes=row.minutes,
                kind=row.kind,
                source=SupervisionSession.Source.IMPORTED,
                created_by=by,
            )
        )
    if problems:
        raise ImportFailed(read.ordered(problems))
    for session in new:
        session.save()
    return ImportResult(filename=filename, created=len(new))


@service
def registrations_import(
    *, data: bytes, filename: str, by: User | None, today: dt.date
) -> ImportResult:
    """Import registration status from a CSV downloaded from Social Work England's register,
    all or nothing: each number's status, expiry and the day the register was read, replacing
    what was held. A file that changes nothing (imported before) is refused."""
    read = read_registration_file(data, filename=filename, today=today)
    rows = [(line, line.value) for line in read.rows if line.value is not None]
    if read.problems:
        raise ImportFailed(read.problems)
    held = selectors.registrations_by_number({row.swe_number for _, row in rows})
    created = updated = unchanged = 0
    for _, row in rows:
        found = held.get(row.swe_number)
        if found is None:
            Registration.objects.create(
                swe_number=row.swe_number,
                status=row.status,
                expires_on=row.expires_on,
                checked_on=row.checked_on,
                source=Registration.Source.IMPORTED,
                updated_by=by,
            )
            created += 1
        elif (found.status, found.expires_on, found.checked_on) == (
            row.status,
            row.expires_on,
            row.checked_on,
        ):
            unchanged += 1
        else:
            found.status, found.expires_on, found.checked_on = (
                row.status,
                row.expires_on,
                row.checked_on,
            )
            found.source, found.updated_by = Registration.Source.IMPORTED, by
            found.save()
            updated += 1
    if rows and not created and not updated:
        raise ImportFailed(
            [
                development_problem(
                    read,
                    None,
                    "",
                    DevelopmentRule.NOTHING_NEW,
                    f"Every row of {filename} is already held as given: was this file imported "
                    "before? Nothing was changed",
                )
            ]
        )
    return ImportResult(filename=filename, created=created, updated=updated, unchanged=unchanged)


def _remind_once(
    *, kind: str, staff: StaffMember, recipients: set[str], period: str, lines: list[str]
) -> int:
    """Email each recipient not yet told of this (kind, worker, period); record who was."""
    sent = 0
    for recipient in sorted(recipients):
        told = {"kind": kind, "staff": staff, "recipient": recipient, "period": period}
        if Reminder.objects.filter(**told).exists():
            continue
        Reminder.objects.create(**told)
        subject, body = lines[0], "\n".join(lines[1:])
        after_commit(
            functools.partial(
                send_mail,
                subject=subject,
                message=body,
                from_email=None,
                recipient_list=[recipient],
            )
        )
        sent += 1
    return sent


def _managers_emails(staff: StaffMember) -> set[str]:
    return {
        manager.user.email
        for manager in staff.team.managers.select_related("user")
        if manager.user is not None and manager.user.email
    }


@service
def development_remind(*, today: dt.date) -> int:
    """Email, once each: the team managers and supervisor of every worker whose supervision is
    overdue (once per due date); in the renewal window, each worker whose registration renewal
    is at risk, their team managers and the PSWs (once per registration year); and each worker
    whose mandatory training is due, and their team managers (once per course and lapse). The
    number of emails sent; running it again the same day sends none."""
    sent = 0
    late = selectors.overdue(teams=None, today=today)
    people = StaffMember.objects.select_related("team").in_bulk([row.staff_id for row in late])
    for row in late:
        staff = people[row.staff_id]
        agreement = selectors.agreement_in_force(staff=staff)
        recipients = _managers_emails(staff)
        if agreement and agreement.supervisor and agreement.supervisor.email_address:
            recipients.add(agreement.supervisor.email_address)
        sent += _remind_once(
            kind=Reminder.Kind.SUPERVISION_OVERDUE,
            staff=staff,
            recipients=recipients,
            period=row.due.isoformat(),
            lines=[
                "Supervision overdue in CSC Workforce",
                f"{staff.full_name}'s supervision was due on {row.due:%-d %B %Y} "
                f"({row.days_overdue} days ago).",
            ],
        )
    psws = set(
        User.objects.filter(groups__name=Role.PSW.value, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    year = core_registration.registration_year(today)
    for risk in selectors.renewals_at_risk(teams=None, day=today):
        recipients = _managers_emails(risk.staff) | psws
        if risk.staff.user is not None and risk.staff.user.email:
            recipients.add(risk.staff.user.email)
        sent += _remind_once(
            kind=Reminder.Kind.RENEWAL_AT_RISK,
            staff=risk.staff,
            recipients=recipients,
            period=str(year),
            lines=[
                "Social Work England renewal at risk",
                f"{risk.staff.full_name}: {risk.note}. Registration must be renewed by "
                f"30 November {year}; there is no grace period.",
            ],
        )
    for due in selectors.training(teams=None, on=today).due:
        worker = StaffMember.objects.select_related("team", "user").get(pk=due.staff_id)
        recipients = _managers_emails(worker)
        if worker.user is not None and worker.user.email:
            recipients.add(worker.user.email)
        sent += _remind_once(
            kind=Reminder.Kind.TRAINING_DUE,
            staff=worker,
            recipients=recipients,
            period=f"{due.course_id}:{due.lapsed_on or 'never'}",
            lines=[
                "Mandatory training due in CSC Workforce",
                f"{due.name}: {due.course} is "
                + (f"lapsed since {due.lapsed_on:%-d %B %Y}." if due.lapsed_on else "not done."),
            ],
        )
    return sent


@service
def course_create(
    *, name: str, provider: str, mandatory_for: list[str], renewal_months: int | None, by: User
) -> TrainingCourse:
    """Add a course to the training catalogue."""
    if TrainingCourse.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": f"The catalogue already has a course called {name}"})
    return TrainingCourse.objects.create(
        name=name, provider=provider, mandatory_for=mandatory_for, renewal_months=renewal_months
    )


@service
def attendance_record(
    *, course: TrainingCourse, staff: StaffMember, attended_on: dt.date, by: User, today: dt.date
) -> TrainingAttendance:
    """A worker's completion of a course (on a day already past)."""
    _not_future("attended_on", attended_on, today, "date of the course")
    if TrainingAttendance.objects.filter(course=course, staff=staff, attended_on=attended_on):
        raise ValidationError({"attended_on": "This completion is already recorded"})
    return TrainingAttendance.objects.create(
        course=course, staff=staff, attended_on=attended_on, created_by=by
    )


@service
def attendance_evaluate(
    *,
    attendance: TrainingAttendance,
    feedback_score: int | None,
    feedback: str,
    impact_score: int | None,
    impact: str,
    by: User,
    today: dt.date,
) -> TrainingAttendance:
    """The attendee's evaluation: feedback straight after, and the impact on their practice
    from three months after the course."""
    follow_up_from = add_months(attendance.attended_on, FOLLOW_UP_MONTHS)
    if impact_score is not None and today < follow_up_from:
        raise ValidationError(
            {
                "impact_score": "The impact on practice is asked three months after the course, "
                f"from {follow_up_from:%-d %B %Y}"
            }
        )
    if feedback_score is not None:
        attendance.feedback_score, attendance.feedback = feedback_score, feedback
    if impact_score is not None:
        attendance.impact_score, attendance.impact = impact_score, impact
    attendance.save()
    return attendance


@service
def plan_save(
    *,
    staff: StaffMember,
    year: int,
    goals: str,
    learning_agreement: str,
    themes: str,
    review_due: dt.date,
    by: User,
) -> DevelopmentPlan:
    """The worker's development plan and learning agreement for ``year`` (replacing that
    year's if there is one), reviewed by ``review_due``."""
    plan, _ = DevelopmentPlan.objects.update_or_create(
        staff=staff,
        year=year,
        defaults={
            "goals": goals,
            "learning_agreement": learning_agreement,
            "themes": themes,
            "review_due": review_due,
            "created_by": by,
        },
    )
    return plan
