"""The one visibility API: this authority, and which of its teams and people a person may see.

Every app reads "this authority" through ``authority()`` and starts every read of teams and
staff from ``teams_visible_to`` and ``staff_visible_to`` (docs/permissions.md), so that who may
see what is decided in one place. One installation serves one authority
(docs/adr/0014-one-installation-one-authority.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Q, QuerySet

from csc_workforce.core.register import ASSIGNMENT_SCHEMA, POST_SCHEMA, STAFF_SCHEMA, Register
from csc_workforce.web.accounts.roles import Role, Viewer, roles_of
from csc_workforce.web.errors import NotFoundSaid
from csc_workforce.web.frames import read_frame

from .models import Assignment, LocalAuthority, Post, ServiceArea, StaffMember, Team

SEES_ALL_TEAMS = frozenset(
    {Role.ADMINISTRATOR, Role.PSW, Role.SERVICE_MANAGER, Role.HR, Role.ANALYST}
)
SEES_ALL_STAFF = frozenset({Role.ADMINISTRATOR, Role.PSW, Role.SERVICE_MANAGER, Role.HR})

NO_AUTHORITY = (
    "No local authority yet: run `cscw demo seed`, or create it by importing its CSWW return "
    "(`cscw csww import FILE`)"
)


class NoAuthority(LookupError):
    """The database holds no local authority yet. Pages answer with a page saying how to set
    one up (``middleware.NoAuthorityMiddleware``), ``cscw`` with the same words."""

    def __init__(self) -> None:
        super().__init__(NO_AUTHORITY)


def authority() -> LocalAuthority:
    """This installation's local authority: the one place that reads it.

    One installation serves one authority (ADR 0014); NoAuthority before it is set up (by
    ``cscw demo seed`` or a CSWW import)."""
    found = list(LocalAuthority.objects.order_by("pk")[:2])
    if not found:
        raise NoAuthority
    if len(found) > 1:
        raise ImproperlyConfigured(
            "The database holds more than one local authority; one installation serves one "
            "(docs/adr/0014-one-installation-one-authority.md)"
        )
    return found[0]


def teams_visible_to(*, user: Viewer, on: dt.date | None = None) -> QuerySet[Team]:
    """Every team for authority-wide roles; a team manager's own teams; none otherwise. With
    ``on``, only the teams someone worked in that day (a job of theirs covers it)."""
    roles = roles_of(user)
    teams = Team.objects.select_related("service_area")
    if roles & SEES_ALL_TEAMS:
        teams = teams.all()
    elif Role.TEAM_MANAGER in roles:
        teams = teams.filter(pk__in=teams_managed_by(user=user))
    else:
        return teams.none()
    if on is None:
        return teams
    return teams.filter(pk__in=jobs_on(on=on).values("team"))


def teams_managed_by(*, user: Viewer) -> QuerySet[Team]:
    """The teams whose managers include the person's staff record, whatever their roles (a
    team manager's teams; also what a person with a wider role manages themself)."""
    if not isinstance(user, User):
        return Team.objects.none()
    return Team.objects.filter(managers__user=user).distinct()


def staff_visible_to(*, user: Viewer, on: dt.date | None = None) -> QuerySet[StaffMember]:
    """All staff for PSW, HR, service managers and administrators; a team manager's teams and
    their own record; a social worker's own record; nobody for analysts. With ``on``, only those
    in post that day (``in_post``)."""
    roles = roles_of(user)
    staff = StaffMember.objects.select_related("team")
    if roles & SEES_ALL_STAFF:
        staff = staff.all()
    elif not isinstance(user, User):
        return staff.none()
    else:
        visible = Q(pk__in=[])
        if Role.TEAM_MANAGER in roles:
            visible |= Q(team__managers__user=user)
        if roles & {Role.TEAM_MANAGER, Role.SOCIAL_WORKER}:
            visible |= Q(user=user)
        staff = staff.filter(visible).distinct()
    return staff if on is None else in_post(staff, on=on)


def posts_visible_to(*, user: Viewer) -> QuerySet[Post]:
    """The funded posts of the teams the person may see."""
    return Post.objects.filter(team__in=teams_visible_to(user=user)).select_related("team")


def in_post(staff: QuerySet[StaffMember], *, on: dt.date) -> QuerySet[StaffMember]:
    """People whose employment or engagement includes the day ``on``."""
    return staff.filter(in_post_q("", on))


def in_post_q(prefix: str, on: dt.date) -> Q:
    """``in_post`` as a condition on the staff record reached through ``prefix``."""
    return Q(**{f"{prefix}start_date__lte": on}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": on})
    )


def jobs_on(*, on: dt.date) -> QuerySet[Assignment]:
    """The jobs (``Assignment``) that cover the day ``on``."""
    return Assignment.objects.filter(effective_from__lte=on).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=on)
    )


def team_staff(*, team: Team, on: dt.date) -> QuerySet[StaffMember]:
    return in_post(team.staff.all(), on=on).order_by("family_name", "given_name")


@dataclass(frozen=True)
class Scope:
    """Part of the authority: all of it (``teams`` None), a service area or a team."""

    key: str
    label: str
    teams: frozenset[int] | None


def scopes_for(*, user: Viewer) -> list[Scope]:
    """What a person may look at: the authority, each service area and each team for
    authority-wide roles; a team manager's own teams (together, then each)."""
    if roles_of(user) & SEES_ALL_TEAMS:
        scopes = [Scope("all", "Whole authority", None)]
        for area in ServiceArea.objects.prefetch_related("teams"):
            team_ids = frozenset(team.pk for team in area.teams.all())
            scopes.append(Scope(f"area-{area.pk}", area.name, team_ids))
        scopes += [
            Scope(f"team-{team.pk}", team.name, frozenset({team.pk}))
            for team in Team.objects.order_by("name")
        ]
        return scopes
    managed = Role.TEAM_MANAGER in roles_of(user)
    teams = list(teams_visible_to(user=user).order_by("name")) if managed else []
    if not teams:
        return []
    together = Scope("mine", "My teams", frozenset(team.pk for team in teams))
    return [together, *(Scope(f"team-{t.pk}", t.name, frozenset({t.pk})) for t in teams)]


def scope_chosen(*, user: Viewer, key: str | None) -> tuple[Scope, list[Scope]]:
    """The scope ``key`` names among those the person may look at (the first when ``key`` is
    empty), with them all. PermissionDenied for someone with none; Http404 for a key naming a
    part of the authority outside the person's scope."""
    scopes = scopes_for(user=user)
    if not scopes:
        raise PermissionDenied
    if not key:
        return scopes[0], scopes
    chosen = next((scope for scope in scopes if scope.key == key), None)
    if chosen is None:
        raise NotFoundSaid(
            "The part of the authority in the page's address is not one you can look at: go "
            "back and choose the authority, a service area or a team from the list on the page."
        )
    return chosen, scopes


def load_register() -> Register:
    """The whole register as plain frames for ``csc_workforce.core.register``, each table read
    in one go: the jobs, people and funded posts held here, and the frames other apps hold
    (sickness, cases), which each contributes through its ``AppConfig.register_frames()``."""
    frames = {
        "assignments": read_frame(
            Assignment.objects.values_list(
                "staff_id",
                "effective_from",
                "effective_to",
                "team_id",
                "role_level",
                "fte",
                "employment_type",
            ),
            ASSIGNMENT_SCHEMA,
        ),
        "staff": read_frame(
            StaffMember.objects.values_list(
                "pk",
                "swe_number",
                "start_date",
                "end_date",
                "date_of_birth",
                "sex",
                "ethnicity",
                "reason_leave",
            ),
            STAFF_SCHEMA,
        ),
        "posts": read_frame(
            Post.objects.values_list("team_id", "fte", "funded_from", "funded_to"), POST_SCHEMA
        ),
    }
    for config in apps.get_app_configs():
        contribute = getattr(config, "register_frames", None)
        if contribute is not None:
            frames.update(contribute())
    return Register.from_frames(**frames)
