"""Reads, each scoped to what the person asking may see (see docs/permissions.md)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.db.models import Count, Q, QuerySet, Sum

from csc_workforce.core.register import PostStatus, establishment
from csc_workforce.core.retention import is_past_retention
from csc_workforce.web.accounts.roles import Role, Viewer, roles_of
from csc_workforce.web.organisation.models import Assignment, Post, StaffMember, Team

from .models import CensusJob

SEES_ALL_TEAMS = {Role.ADMINISTRATOR, Role.PSW, Role.SERVICE_MANAGER, Role.HR, Role.ANALYST}
SEES_ALL_STAFF = {Role.ADMINISTRATOR, Role.PSW, Role.SERVICE_MANAGER, Role.HR}


def teams_visible_to(*, user: Viewer) -> QuerySet[Team]:
    """Every team for authority-wide roles; a team manager's own teams; none otherwise."""
    roles = roles_of(user)
    teams = Team.objects.select_related("service_area")
    if roles & SEES_ALL_TEAMS:
        return teams.all()
    if Role.TEAM_MANAGER in roles and isinstance(user, User):
        return teams.filter(managers__user=user).distinct()
    return teams.none()


def staff_visible_to(*, user: Viewer) -> QuerySet[StaffMember]:
    """All staff for PSW, HR, service managers and administrators; a team manager's teams and
    their own record; a social worker's own record; nobody for analysts."""
    roles = roles_of(user)
    staff = StaffMember.objects.select_related("team")
    if roles & SEES_ALL_STAFF:
        return staff.all()
    visible = Q(pk__in=[])
    if not isinstance(user, User):
        return staff.none()
    if Role.TEAM_MANAGER in roles:
        visible |= Q(team__managers__user=user)
    if roles & {Role.TEAM_MANAGER, Role.SOCIAL_WORKER}:
        visible |= Q(user=user)
    return staff.filter(visible).distinct()


def posts_visible_to(*, user: Viewer) -> QuerySet[Post]:
    """The funded posts of the teams the person may see."""
    return Post.objects.filter(team__in=teams_visible_to(user=user)).select_related("team")


def census_jobs_visible_to(*, user: Viewer) -> QuerySet[CensusJob]:
    """A person's own census tasks: a task holds the return it read or wrote, so nobody else
    (however senior) opens it."""
    if not isinstance(user, User) or not roles_of(user):
        return CensusJob.objects.none()
    return CensusJob.objects.filter(created_by=user)


def in_post(staff: QuerySet[StaffMember], *, on: dt.date) -> QuerySet[StaffMember]:
    """People whose employment or engagement includes the day ``on``."""
    return staff.filter(_in_post_q("", on))


def team_staff(*, team: Team, on: dt.date) -> QuerySet[StaffMember]:
    return in_post(team.staff.all(), on=on).order_by("family_name", "given_name")


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
        headcount=Count("staff", filter=_in_post_q("staff__", on) & _employee_q("staff__")),
        fte=Sum("staff__fte", filter=_in_post_q("staff__", on) & _employee_q("staff__")),
        agency_headcount=Count("staff", filter=_in_post_q("staff__", on) & ~_employee_q("staff__")),
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


def _in_post_q(prefix: str, on: dt.date) -> Q:
    return Q(**{f"{prefix}start_date__lte": on}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": on})
    )


def _employee_q(prefix: str) -> Q:
    return ~Q(**{f"{prefix}employment_type": StaffMember.Employment.AGENCY})


def team_establishment(*, team: Team, on: dt.date) -> list[PostStatus]:
    """The team's funded posts on ``on`` and how each is filled (``register.establishment``)."""
    posts = team.posts.filter(funded_from__lte=on).filter(
        Q(funded_to__isnull=True) | Q(funded_to__gte=on)
    )
    jobs = (
        Assignment.objects.filter(team=team, effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .exclude(staff__end_date=on)
    )
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
