from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import send_mail

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
from csc_workforce.web.organisation.models import StaffMember
from csc_workforce.web.services import after_commit, service

from . import selectors
from .models import (
    CpdRecord,
    DevelopmentPlan,
    Registration,
    Reminder,
    SessionKind,
    SupervisionAgreement,
    SupervisionSession,
    SupervisionStandard,
    TrainingAttendance,
    TrainingCourse,
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
    for row in selectors.overdue(teams=None, today=today):
        agreement = selectors.agreement_in_force(staff=row.staff)
        recipients = _managers_emails(row.staff)
        if agreement and agreement.supervisor.user and agreement.supervisor.user.email:
            recipients.add(agreement.supervisor.user.email)
        sent += _remind_once(
            kind=Reminder.Kind.SUPERVISION_OVERDUE,
            staff=row.staff,
            recipients=recipients,
            period=row.due.isoformat(),
            lines=[
                "Supervision overdue in CSC Workforce",
                f"{row.staff.full_name}'s supervision was due on {row.due:%-d %B %Y} "
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
