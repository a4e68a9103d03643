"""Writes for growing our own. Atomic and audited as done by ``by``; bad input raises a
ValidationError naming the field, and nothing is stored.

Issue 16: cohorts, enrolments and what is recorded on them, induction checklists and the
reminders for what is overdue; students, placements and practice educators; progression
applications; leadership programmes and post-qualifying awards.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db.models import Q

from csc_workforce.core import codes, development
from csc_workforce.web.organisation.models import StaffMember, Team
from csc_workforce.web.services import after_commit, service

from .models import (
    Award,
    Cohort,
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
    Review,
    Student,
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
