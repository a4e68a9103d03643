from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import polars as pl
from django.contrib.auth.models import User
from django.db.models import Max, OuterRef, Q, QuerySet, Subquery

from csc_workforce.core import registration as core_registration
from csc_workforce.core import supervision as core_supervision
from csc_workforce.core import training as core_training
from csc_workforce.core.caseloads import FULL_TIME_HOURS
from csc_workforce.web.accounts.permissions import Capability, can
from csc_workforce.web.accounts.roles import Viewer
from csc_workforce.web.caseloads.frames import open_on
from csc_workforce.web.caseloads.models import Allocation, Reduction
from csc_workforce.web.frames import read_frame
from csc_workforce.web.organisation.models import LocalRole, StaffMember, Team
from csc_workforce.web.organisation.selectors import in_post_q, staff_visible_to

from .models import (
    CpdRecord,
    DevelopmentPlan,
    Registration,
    SupervisionAgreement,
    SupervisionSession,
    TrainingAttendance,
    TrainingCourse,
)
from .models import SupervisionStandard as StandardRow

# --- Supervision, registration and CPD (issue 17) -------------------------------------------


def supervision_standard() -> StandardRow:
    """The authority's supervision standard (the Employer Standards' until it is changed)."""
    found = StandardRow.objects.order_by("pk").first()
    return found if found is not None else StandardRow()


def supervisees_of(*, user: Viewer) -> QuerySet[StaffMember]:
    """The workers whose agreement in force names the person's staff record as supervisor
    (a supervisor is an assignment, not a role)."""
    if not isinstance(user, User) or getattr(user, "staff_member", None) is None:
        return StaffMember.objects.none()
    latest = (
        SupervisionAgreement.objects.filter(staff=OuterRef("pk"))
        .order_by("-signed_on", "-pk")
        .values("supervisor")[:1]
    )
    return StaffMember.objects.annotate(current_supervisor=Subquery(latest)).filter(
        current_supervisor=user.staff_member.pk
    )


def development_staff_visible_to(*, user: Viewer) -> QuerySet[StaffMember]:
    """Whose supervision, registration and CPD the person may open: those whose supervision
    they may view (``staff_visible_to``: a team manager's teams, everyone for the PSW and
    service managers), their own supervisees, and their own record."""
    if not isinstance(user, User):
        return StaffMember.objects.none()
    visible = Q(user=user) | Q(pk__in=supervisees_of(user=user).values("pk"))
    if can(user, Capability.VIEW_SUPERVISION):
        visible |= Q(pk__in=staff_visible_to(user=user).values("pk"))
    return StaffMember.objects.filter(visible).select_related("team")


def supervisors(*, user: Viewer, on: dt.date) -> QuerySet[StaffMember]:
    """Who the person may name as a supervisor: the staff in post they see
    (``staff_visible_to``: a team manager their teams) and themself (a supervisor by agreement
    records their own sessions)."""
    visible = Q(pk__in=staff_visible_to(user=user).values("pk"))
    if isinstance(user, User):
        visible |= Q(user=user)
    return StaffMember.objects.filter(visible, in_post_q("", on)).order_by(
        "family_name", "given_name"
    )


def agreement_in_force(*, staff: StaffMember) -> SupervisionAgreement | None:
    return staff.supervision_agreements.select_related("supervisor").first()


WORKERS = {
    "worker_id": pl.Int64,
    "team_id": pl.Int64,
    "service_id": pl.Int64,
    "start_date": pl.Date,
    "end_date": pl.Date,
    "local_role": pl.String,
}


def supervision_frames(
    *,
    teams: frozenset[int] | None,
    first: dt.date,
    last: dt.date,
    staff: StaffMember | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The workers (``core.supervision.WORKER_SCHEMA``) of ``teams`` (every team when None) in
    post at some time from ``first`` to ``last`` by their current team, and their sessions
    held in that time (``SESSION_SCHEMA``); of ``staff`` alone if given. The newly qualified
    standard applies to those whose local role is ASYE."""
    people = (
        StaffMember.objects.filter(start_date__lte=last).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=first)
        )
        if staff is None
        else StaffMember.objects.filter(pk=staff.pk)
    )
    if teams is not None:
        people = people.filter(team__in=teams)
    workers = read_frame(
        people.values_list(
            "pk", "team_id", "team__service_area_id", "start_date", "end_date", "local_role"
        ),
        WORKERS,
    ).select(
        "worker_id",
        "team_id",
        "service_id",
        "start_date",
        "end_date",
        newly_qualified=pl.col("local_role") == LocalRole.ASYE.value,
    )
    sessions = SupervisionSession.objects.filter(held_on__range=(first, last))
    if staff is not None:
        sessions = sessions.filter(staff=staff)
    elif teams is not None:
        sessions = sessions.filter(staff__team__in=teams)
    return workers, read_frame(
        sessions.values_list("staff_id", "held_on", "minutes"), core_supervision.SESSION_SCHEMA
    )


@dataclass(frozen=True)
class ComplianceRow:
    """A line of compliance: a worker's (with their record's number and team) or a group's."""

    label: str
    workers: int
    required: int
    met: int
    percent: float | None
    staff_id: int | None = None
    team: str = ""

    @property
    def percent_shown(self) -> str:
        return "Not due" if self.percent is None else f"{self.percent:.1f}%"


@dataclass(frozen=True)
class Compliance:
    """Supervision compliance for a part of the authority and a period: the whole, each
    service area, each team and each worker."""

    first: dt.date
    last: dt.date
    standard: core_supervision.Standard
    whole: ComplianceRow
    areas: list[ComplianceRow]
    teams: list[ComplianceRow]
    workers: list[ComplianceRow]


def compliance(*, teams: frozenset[int] | None, first: dt.date, last: dt.date) -> Compliance:
    """``core.supervision.supervision_compliance`` for ``teams`` from ``first`` to ``last``,
    with the labels and names the page and the exports show."""
    standard = supervision_standard().as_core()
    workers, sessions = supervision_frames(teams=teams, first=first, last=last)
    per_worker = core_supervision.supervision_compliance(
        workers=workers, sessions=sessions, first=first, last=last, standard=standard
    )
    whole = core_supervision.compliance_rollup(per_worker, by=None).row(0, named=True)
    team_rows = core_supervision.compliance_rollup(per_worker, by="team_id")
    known = {team.pk: team for team in Team.objects.select_related("service_area")}
    area_rows = core_supervision.compliance_rollup(per_worker, by="service_id")
    area_names = {team.service_area_id: team.service_area.name for team in known.values()}
    counted = per_worker.filter(pl.col("required") > 0).sort("worker_id")
    names = {
        pk: (f"{given} {family}", team)
        for pk, given, family, team in StaffMember.objects.filter(
            pk__in=counted["worker_id"].to_list()
        ).values_list("pk", "given_name", "family_name", "team__name")
    }
    return Compliance(
        first=first,
        last=last,
        standard=standard,
        whole=_row("All", whole),
        areas=sorted(
            (
                _row(area_names.get(row["service_id"], ""), row)
                for row in area_rows.iter_rows(named=True)
            ),
            key=lambda row: row.label,
        ),
        teams=sorted(
            (_row(known[row["team_id"]].name, row) for row in team_rows.iter_rows(named=True)),
            key=lambda row: row.label,
        ),
        workers=sorted(
            (
                ComplianceRow(
                    names[row["worker_id"]][0],
                    1,
                    row["required"],
                    row["met"],
                    core_supervision.percent(row["met"], row["required"]),
                    row["worker_id"],
                    names[row["worker_id"]][1],
                )
                for row in counted.iter_rows(named=True)
            ),
            key=lambda row: (row.percent if row.percent is not None else 101, row.label),
        ),
    )


def _row(label: str, row: dict[str, object]) -> ComplianceRow:
    return ComplianceRow(
        label,
        int(row["workers"] or 0),  # type: ignore[call-overload]
        int(row["required"] or 0),  # type: ignore[call-overload]
        int(row["met"] or 0),  # type: ignore[call-overload]
        row["percent"],  # type: ignore[arg-type]
    )


@dataclass(frozen=True)
class Overdue:
    staff: StaffMember
    last_session: dt.date | None
    due: dt.date
    days_overdue: int


def overdue(*, teams: frozenset[int] | None, today: dt.date) -> list[Overdue]:
    """Workers of ``teams`` in post ``today`` whose supervision is overdue
    (``core.supervision.overdue``), most overdue first."""
    standard = supervision_standard().as_core()
    staff = StaffMember.objects.filter(in_post_q("", today))
    if teams is not None:
        staff = staff.filter(team__in=teams)
    workers = read_frame(
        staff.values_list(
            "pk", "team_id", "team__service_area_id", "start_date", "end_date", "local_role"
        ),
        WORKERS,
    ).with_columns(newly_qualified=pl.col("local_role") == LocalRole.ASYE.value)
    # Only each worker's last session that counts decides: the database finds it.
    last = (
        SupervisionSession.objects.filter(
            staff__in=staff, minutes__gte=standard.minimum_minutes, held_on__lte=today
        )
        .values("staff_id")
        .annotate(last=Max("held_on"), longest=Max("minutes"))
        .values_list("staff_id", "last", "longest")
    )
    found = core_supervision.overdue(
        workers=workers,
        sessions=read_frame(last, core_supervision.SESSION_SCHEMA),
        today=today,
        standard=standard,
    )
    people = StaffMember.objects.select_related("team").in_bulk(found["worker_id"].to_list())
    return [
        Overdue(people[row["worker_id"]], row["last_session"], row["due"], row["days_overdue"])
        for row in found.iter_rows(named=True)
    ]


def compliance_of(*, staff: StaffMember, today: dt.date) -> ComplianceRow:
    """One worker's compliance in the twelve months to ``today``."""
    first = today - dt.timedelta(days=364)
    workers, sessions = supervision_frames(teams=None, first=first, last=today, staff=staff)
    row = core_supervision.supervision_compliance(
        workers=workers,
        sessions=sessions,
        first=first,
        last=today,
        standard=supervision_standard().as_core(),
    ).row(0, named=True)
    return ComplianceRow(
        staff.full_name,
        1,
        row["required"],
        row["met"],
        core_supervision.percent(row["met"], row["required"]),
        staff.pk,
        staff.team.name,
    )


def sessions_of(*, staff: StaffMember) -> QuerySet[SupervisionSession]:
    return staff.supervision_sessions.select_related("supervisor")


def registrations_by_number(numbers: set[str]) -> dict[str, Registration]:
    return {r.swe_number: r for r in Registration.objects.filter(swe_number__in=numbers)}


def cpd_of(*, staff: StaffMember) -> QuerySet[CpdRecord]:
    """A worker's CPD, under every staff record of theirs (one Social Work England number)."""
    if staff.swe_number:
        return CpdRecord.objects.filter(staff__swe_number=staff.swe_number)
    return CpdRecord.objects.filter(staff=staff)


def cpd_status(*, staff: StaffMember, year: int) -> core_registration.CpdStatus:
    return core_registration.cpd_requirement(
        (
            core_registration.Cpd(r.on, r.learnt, r.impact, bool(r.peer_reflection.strip()))
            for r in cpd_of(staff=staff)
        ),
        year=year,
    )


@dataclass(frozen=True)
class RegistrationRow:
    staff: StaffMember
    registration: Registration | None
    note: str
    cases: int = 0


def _in_post(teams: frozenset[int] | None, day: dt.date) -> list[StaffMember]:
    staff = StaffMember.objects.filter(in_post_q("", day)).select_related("team")
    if teams is not None:
        staff = staff.filter(team__in=teams)
    return list(staff.order_by("family_name", "given_name"))


def renewals_at_risk(*, teams: frozenset[int] | None, day: dt.date) -> list[RegistrationRow]:
    """``core.registration.renewal_at_risk`` for the workers of ``teams`` in post on ``day``."""
    staff = _in_post(teams, day)
    held = registrations_by_number({s.swe_number for s in staff if s.swe_number})
    year = core_registration.registration_year(day)
    pieces = _cpd_by_number({s.swe_number for s in staff if s.swe_number}, year)
    by_pk = {s.pk: s for s in staff}
    found = core_registration.renewal_at_risk(
        workers=(
            (
                s.pk,
                held[s.swe_number].status if s.swe_number in held else None,
                held[s.swe_number].expires_on if s.swe_number in held else None,
                pieces.get(s.swe_number, core_registration.CpdStatus(0, 0)),
            )
            for s in staff
        ),
        today=day,
    )
    return [
        RegistrationRow(by_pk[row.worker_id], held.get(by_pk[row.worker_id].swe_number), row.reason)
        for row in found
    ]


def _cpd_by_number(numbers: set[str], year: int) -> dict[str, core_registration.CpdStatus]:
    first, last = core_registration.registration_year_bounds(year)
    pieces: dict[str, list[core_registration.Cpd]] = {}
    for number, on, learnt, impact, peer in CpdRecord.objects.filter(
        staff__swe_number__in=numbers, on__range=(first, last)
    ).values_list("staff__swe_number", "on", "learnt", "impact", "peer_reflection"):
        pieces.setdefault(number, []).append(
            core_registration.Cpd(on, learnt, impact, bool(peer.strip()))
        )
    return {
        number: core_registration.cpd_requirement(found, year=year)
        for number, found in pieces.items()
    }


def december_check(*, teams: frozenset[int] | None, day: dt.date) -> list[RegistrationRow]:
    """``core.registration.december_check`` on ``day``: everyone of ``teams`` in post then who
    is not registered, with the cases they lead that day."""
    staff = _in_post(teams, day)
    held = registrations_by_number({s.swe_number for s in staff if s.swe_number})
    cases: dict[int, int] = {}
    for worker_id in (
        open_on(day)
        .filter(role=Allocation.Role.LEAD, worker__in=[s.pk for s in staff])
        .values_list("worker_id", flat=True)
    ):
        cases[worker_id] = cases.get(worker_id, 0) + 1
    by_pk = {s.pk: s for s in staff}
    found = core_registration.december_check(
        workers=(
            (
                s.pk,
                s.swe_number,
                held[s.swe_number].status if s.swe_number in held else None,
                held[s.swe_number].expires_on if s.swe_number in held else None,
            )
            for s in staff
        ),
        cases_held=cases,
        day=day,
    )
    return [
        RegistrationRow(
            by_pk[row.worker_id], held.get(by_pk[row.worker_id].swe_number), row.reason, row.cases
        )
        for row in found
    ]


@dataclass(frozen=True)
class TrainingTeam:
    team: str
    required: int
    current: int
    percent: float


@dataclass(frozen=True)
class TrainingDue:
    staff_id: int
    name: str
    team: str
    course: str
    lapsed_on: dt.date | None
    course_id: int


@dataclass(frozen=True)
class CourseResult:
    course: TrainingCourse
    attended: int
    feedback: int
    feedback_mean: float | None
    follow_ups_due: int
    follow_ups: int
    impact_mean: float | None


@dataclass(frozen=True)
class ProtectedTime:
    name: str
    team: str
    hours: Decimal
    percent: float | None
    meets: bool


@dataclass(frozen=True)
class Training:
    """Training for a part of the authority on a day: mandatory training by team and who is
    due, the catalogue's evaluation, the year's training needs and protected development
    time."""

    teams: list[TrainingTeam]
    due: list[TrainingDue]
    courses: list[CourseResult]
    needs: list[tuple[str, int]]
    protected: list[ProtectedTime]
    standard: Decimal


def _course_frames(teams: frozenset[int] | None, on: dt.date) -> tuple[pl.DataFrame, ...]:
    staff = StaffMember.objects.filter(in_post_q("", on))
    if teams is not None:
        staff = staff.filter(team__in=teams)
    workers = read_frame(
        staff.values_list("pk", "team_id", "local_role"), core_training.WORKER_SCHEMA
    )
    courses = pl.DataFrame(
        list(TrainingCourse.objects.values_list("pk", "mandatory_for", "renewal_months")),
        schema=core_training.COURSE_SCHEMA,  # type: ignore[arg-type]
        orient="row",
    )
    attended = TrainingAttendance.objects.all()
    if teams is not None:
        attended = attended.filter(staff__team__in=teams)
    attendance = read_frame(
        attended.values_list(
            "staff_id", "course_id", "attended_on", "feedback_score", "impact_score"
        ),
        core_training.ATTENDANCE_SCHEMA,
    )
    return workers, courses, attendance


def training(*, teams: frozenset[int] | None, on: dt.date) -> Training:
    """``core.training`` for the workers of ``teams`` in post on ``on``."""
    workers, courses, attendance = _course_frames(teams, on)
    required = core_training.mandatory_training(
        workers=workers, courses=courses, attendance=attendance, on=on
    )
    team_names = dict(Team.objects.values_list("pk", "name"))
    by_team = [
        TrainingTeam(team_names[row["team_id"]], row["required"], row["current"], row["percent"])
        for row in core_training.mandatory_rollup(required).iter_rows(named=True)
    ]
    missing = required.filter(~pl.col("current"))
    people = {
        pk: (f"{given} {family}", team)
        for pk, given, family, team in StaffMember.objects.filter(
            pk__in=missing["worker_id"].to_list()
        ).values_list("pk", "given_name", "family_name", "team__name")
    }
    course_names = {course.pk: course for course in TrainingCourse.objects.all()}
    due = sorted(
        (
            TrainingDue(
                row["worker_id"],
                *people[row["worker_id"]],
                course_names[row["course_id"]].name,
                row["lapses_on"],
                row["course_id"],
            )
            for row in missing.iter_rows(named=True)
        ),
        key=lambda row: (row.team, row.name, row.course),
    )
    results = [
        CourseResult(course_names[row.pop("course_id")], **row)
        for row in core_training.course_evaluation(attendance, on=on).iter_rows(named=True)
    ]
    plans = DevelopmentPlan.objects.filter(year=on.year)
    if teams is not None:
        plans = plans.filter(staff__team__in=teams)
    needs = core_training.training_needs(plan.theme_list for plan in plans)
    standard = supervision_standard().protected_time_percent
    return Training(by_team, due, results, needs, _protected(teams, on, standard), standard)


PROTECTED_REASON = "development time"
"""Reductions of case hours whose reason's name contains this (as the caseloads app's "ASYE
protected development time" does) are protected development time."""


def _protected(teams: frozenset[int] | None, on: dt.date, standard: Decimal) -> list[ProtectedTime]:
    """Each worker in post on ``on`` (of ``teams``) with protected development time recorded
    as a reduction of case hours active that day: the hours a week, their share of contracted
    hours (FTE times full-time hours) and whether it meets the authority's standard."""
    reductions = Reduction.objects.filter(
        reason__name__icontains=PROTECTED_REASON, start__lte=on, end__gte=on
    ).filter(in_post_q("staff__", on))
    if teams is not None:
        reductions = reductions.filter(staff__team__in=teams)
    hours: dict[int, Decimal] = {}
    about: dict[int, tuple[str, str, Decimal]] = {}
    for staff_id, given, family, team, fte, per_week in reductions.values_list(
        "staff_id", "staff__given_name", "staff__family_name", "staff__team__name",
        "staff__fte", "hours_per_week",
    ):  # fmt: skip
        hours[staff_id] = hours.get(staff_id, Decimal(0)) + per_week
        about[staff_id] = (f"{given} {family}", team, fte)
    rows = []
    for staff_id, total in hours.items():
        name, team, fte = about[staff_id]
        share = core_training.protected_time_share(
            hours_per_week=float(total), contracted_hours=float(fte * FULL_TIME_HOURS)
        )
        rows.append(
            ProtectedTime(name, team, total, share, share is not None and share >= standard)
        )
    return sorted(rows, key=lambda row: (row.meets, row.team, row.name))


def attendance_of(*, staff: StaffMember) -> QuerySet[TrainingAttendance]:
    return staff.training.select_related("course")


def plans_of(*, staff: StaffMember) -> QuerySet[DevelopmentPlan]:
    return staff.development_plans.all()
