"""Reads, each scoped to what the person asking may see (see docs/permissions.md); which teams
and people that is, ``organisation.selectors`` decides."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.db.models import Count, Q, QuerySet, Sum

from csc_workforce.core.register import PostStatus, establishment, temporary_vacancies
from csc_workforce.core.retention import is_past_retention
from csc_workforce.web.accounts.roles import Viewer, roles_of
from csc_workforce.web.organisation.models import StaffMember, Team
from csc_workforce.web.organisation.selectors import in_post_q, jobs_on, teams_visible_to

from .models import CensusJob, LongAbsence


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
