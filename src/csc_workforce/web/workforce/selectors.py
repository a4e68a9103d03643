"""Reads, each scoped to what the person asking may see (see docs/permissions.md); which teams
and people that is, ``organisation.selectors`` decides."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.db.models import Count, Q, QuerySet, Sum

from csc_workforce.core.indicators import reporting_year_bounds
from csc_workforce.core.record_rules import RecordProblem, record_problems
from csc_workforce.core.register import PostStatus, establishment, temporary_vacancies
from csc_workforce.core.retention import is_past_retention
from csc_workforce.web.accounts.roles import Viewer, roles_of
from csc_workforce.web.organisation.models import StaffMember, Team
from csc_workforce.web.organisation.selectors import (
    in_post_q,
    jobs_on,
    staff_visible_to,
    teams_visible_to,
)

from .models import CensusJob, LongAbsence
from .services import staff_record


def census_jobs_visible_to(*, user: Viewer) -> QuerySet[CensusJob]:
    """A person's own census tasks: a task holds the return it read or wrote, so nobody else
    (however senior) opens it."""
    if not isinstance(user, User) or not roles_of(user):
        return CensusJob.objects.none()
    return CensusJob.objects.filter(created_by=user)


def staff_past_retention(*, today: dt.date, years: int) -> list[StaffMember]:
    """Leavers not yet anonymised whose retention period has ended by ``today``."""
    leavers = StaffMember.objects.filter(end_date__isnull=False, anonymised_at__isnull=True)
    return [
        staff
        for staff in leavers.select_related("team").order_by("end_date", "pk")
        if is_past_retention(left_on=staff.end_date, years=years, today=today)
    ]


@dataclass(frozen=True)
class TeamSummary:
    team: Team
    headcount: int
    fte: Decimal
    agency_headcount: int


def team_summaries(*, user: Viewer, on: dt.date) -> list[TeamSummary]:
    """For each team the person may see: employees in post (headcount, FTE) and agency workers."""
    teams = teams_visible_to(user=user).annotate(
        headcount=Count("staff", filter=in_post_q("staff__", on) & _employee_q("staff__")),
        fte=Sum("staff__fte", filter=in_post_q("staff__", on) & _employee_q("staff__")),
        agency_headcount=Count("staff", filter=in_post_q("staff__", on) & ~_employee_q("staff__")),
    )
    return [
        TeamSummary(
            team=team,
            headcount=team.headcount,
            fte=team.fte or Decimal(0),
            agency_headcount=team.agency_headcount,
        )
        for team in teams
    ]


def _employee_q(prefix: str) -> Q:
    return ~Q(**{f"{prefix}employment_type": StaffMember.Employment.AGENCY})


def team_establishment(*, team: Team, on: dt.date) -> list[PostStatus]:
    """The team's funded posts on ``on`` and how each is filled (``register.establishment``)."""
    posts = team.posts.filter(funded_from__lte=on).filter(
        Q(funded_to__isnull=True) | Q(funded_to__gte=on)
    )
    jobs = jobs_on(on=on).filter(team=team).exclude(staff__end_date=on)
    employed: dict[int, Decimal] = {}
    agency: dict[int, Decimal] = {}
    for job in jobs:
        held = agency if job.employment_type == StaffMember.Employment.AGENCY else employed
        held[job.role_level] = held.get(job.role_level, Decimal(0)) + job.fte
    return establishment(
        posts=[(post.pk, post.reference, post.role_level, post.fte) for post in posts],
        employees=employed,
        agency=agency,
    )


def movers_between(
    *, user: Viewer, first: dt.date, last: dt.date
) -> tuple[list[StaffMember], list[StaffMember]]:
    """The people the person may see (``staff_visible_to``) who started, and who left (their
    last day), from ``first`` to ``last`` inclusive: starters, then leavers, each by date."""
    staff = staff_visible_to(user=user)
    starters = staff.filter(start_date__gte=first, start_date__lte=last)
    leavers = staff.filter(end_date__gte=first, end_date__lte=last)
    return (
        list(starters.order_by("start_date", "family_name", "pk")),
        list(leavers.order_by("end_date", "family_name", "pk")),
    )


def records_the_census_would_reject(
    *, user: Viewer, year: int, today: dt.date
) -> list[tuple[StaffMember, list[RecordProblem]]]:
    """The records the person may see that are in reporting ``year``'s CSWW return (in post
    on any day of it) and break a rule of ``core.record_rules`` (the rules the census
    validator applies to a record: ``core.csww.rules``), or CSWW R09 (employees' records with
    one SWE number are one person: the same date of birth, sex and ethnicity), each with the
    rules broken. The register refuses such records when they are typed or imported; these
    came in before a rule existed, or a rule that depends on the day now applies to them."""
    first, last = reporting_year_bounds(year)
    staff = staff_visible_to(user=user).filter(start_date__lte=last, anonymised_at__isnull=True)
    staff = staff.filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
    employees = staff.exclude(employment_type=StaffMember.Employment.AGENCY).exclude(swe_number="")
    shared = set(
        employees.values("swe_number")
        .annotate(
            born=Count("date_of_birth", distinct=True),
            sexes=Count("sex", distinct=True),
            groups=Count("ethnicity", distinct=True),
        )
        .filter(Q(born__gt=1) | Q(sexes__gt=1) | Q(groups__gt=1))
        .values_list("swe_number", flat=True)
    )
    found = []
    for member in staff.order_by("family_name", "given_name", "pk"):
        problems = record_problems(staff_record(member), today=today)
        if member.swe_number in shared and member.employment_type != StaffMember.Employment.AGENCY:
            problems.append(
                RecordProblem(
                    "swe_number",
                    "R09",
                    "Another record with this Social Work England number has a different date "
                    "of birth, sex or ethnicity: records with one number are one person",
                )
            )
        if problems:
            found.append((member, problems))
    return found


@dataclass(frozen=True)
class CensusState:
    """The latest CSWW task for a reporting year, whoever ran it: what it did, when, how it
    went and whether the return it read or wrote was valid (no content of the return)."""

    job_id: int
    kind: str
    status: str
    finished: bool
    at: dt.datetime
    valid: bool | None
    error_count: int
    by_id: int | None


def census_state(*, year: int) -> CensusState | None:
    """``CensusState`` of the latest validate, summary, import or export for ``year``; None
    when none has been run (or all have been tidied away)."""
    job = (
        CensusJob.objects.filter(year=year)
        .order_by("-created_at", "-pk")
        .only("pk", "kind", "status", "created_at", "updated_at", "result", "created_by_id")
        .first()
    )
    if job is None:
        return None
    valid = job.result.get("valid") if job.finished else None
    return CensusState(
        job_id=job.pk,
        kind=job.get_kind_display(),
        status=job.get_status_display(),
        finished=job.finished,
        at=job.updated_at,
        valid=valid if isinstance(valid, bool) else None,
        error_count=int(job.result.get("error_count", 0)),
        by_id=job.created_by_id,
    )


def team_vacancies(*, team: Team, on: dt.date, posts: list[PostStatus]) -> tuple[Decimal, Decimal]:
    """The team's permanent and temporary vacancies (FTE) on ``on``: the establishment's
    ``posts`` and the employees away from their jobs that day (``LongAbsence``)."""
    away: dict[int, Decimal] = {}
    absences = LongAbsence.objects.filter(
        assignment__in=jobs_on(on=on).filter(team=team).filter(_employee_q("")),
        start_date__lte=on,
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
    for role, fte in absences.values_list("assignment__role_level", "assignment__fte"):
        away[role] = away.get(role, Decimal(0)) + fte
    return temporary_vacancies(posts=posts, away=away)
