"""Reads for quality assurance, each scoped to what the person may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Count, Min, Q, QuerySet

from csc_workforce.core import quality
from csc_workforce.core.exports import Sheet
from csc_workforce.core.quality import Period, audit_periods
from csc_workforce.web.accounts.permissions import Capability, can
from csc_workforce.web.accounts.roles import Role, Viewer, roles_of
from csc_workforce.web.organisation.models import Team
from csc_workforce.web.organisation.selectors import teams_managed_by

from .models import (
    OBSERVATION_HEADINGS,
    ActionItem,
    ActionItemQuerySet,
    AuditTemplate,
    CaseAudit,
    CaseAuditQuerySet,
    Observation,
    PracticeWeek,
    action_overdue,
    audit_overdue,
)

# Audits and action plans hold free text about children and practitioners: the PSW and service
# managers read them all; administrators, who run the service, none (docs/permissions.md).
SEES_ALL = {Role.PSW, Role.SERVICE_MANAGER}
AUDITOR_ROLES = (Role.PSW, Role.SERVICE_MANAGER, Role.TEAM_MANAGER)


def auditors() -> QuerySet[User]:
    """Who may audit cases: active PSWs, service managers and team managers."""
    return User.objects.filter(is_active=True, groups__name__in=AUDITOR_ROLES).distinct()


@dataclass(frozen=True)
class AuditPermissions:
    """What one person may do on one audit's page.

    ``complete``: its auditor, while it is to do. ``moderate``: whoever moderates audits (the
    PSW), unless they are its auditor. ``respond``: the practitioner audited and the team's
    managers (``as_manager``).
    ``reassign``: whoever runs the audit programme, while it is to do. ``record_family``: once
    submitted, its auditor, the team's managers and moderators. ``add_actions``: whoever
    manages action plans. The page shows moderation, responses and actions only once the audit
    is ``submitted``; the services refuse them before.
    """

    complete: bool
    moderate: bool
    respond: bool
    as_manager: bool
    reassign: bool
    record_family: bool
    add_actions: bool
    submitted: bool

    @property
    def shows_moderation(self) -> bool:
        return self.moderate and self.submitted

    @property
    def shows_response(self) -> bool:
        return self.respond and self.submitted

    @property
    def shows_actions(self) -> bool:
        return self.add_actions and self.submitted


def audit_permissions(*, audit: CaseAudit, user: User) -> AuditPermissions:
    """What ``user`` may do on ``audit`` (one they may see: ``audits_visible_to``)."""
    to_do = audit.status == CaseAudit.Status.ASSIGNED
    is_manager = audit.team.managers.filter(user=user).exists()
    is_practitioner = audit.practitioner is not None and audit.practitioner.user_id == user.pk
    moderate = can(user, Capability.MODERATE_AUDITS) and audit.auditor_id != user.pk
    return AuditPermissions(
        complete=audit.auditor_id == user.pk and to_do,
        moderate=moderate,
        respond=is_manager or is_practitioner,
        as_manager=is_manager,
        reassign=to_do and can(user, Capability.RUN_AUDIT_PROGRAMME),
        record_family=not to_do and (audit.auditor_id == user.pk or is_manager or moderate),
        add_actions=can(user, Capability.MANAGE_ACTIONS),
        submitted=not to_do,
    )


def audits_visible_to(*, user: Viewer) -> CaseAuditQuerySet:
    """Audits a person may open: all for the PSW and service managers; otherwise those they
    audit, those of the teams they manage, and those of their own work."""
    audits = CaseAudit.objects.select_related("case", "team", "template", "auditor", "practitioner")
    if roles_of(user) & SEES_ALL:
        return audits.all()
    if not isinstance(user, User) or not roles_of(user):
        return audits.none()
    # The teams they manage, not those their other roles let them see (HR sees every team).
    managed = teams_managed_by(user=user)
    return audits.filter(Q(auditor=user) | Q(team__in=managed) | Q(practitioner__user=user))


def actions_visible_to(*, user: Viewer) -> ActionItemQuerySet:
    """Action plan items: all for the PSW and service managers; otherwise those one owns."""
    items = ActionItem.objects.select_related("owner")
    if roles_of(user) & SEES_ALL:
        return items.all()
    if not isinstance(user, User) or not roles_of(user):
        return items.none()
    return items.filter(owner=user)


def practice_weeks_visible_to(*, user: Viewer) -> QuerySet[PracticeWeek]:
    """Practice weeks, for those who run them and observe practice."""
    if not can(user, Capability.OBSERVE_PRACTICE):
        return PracticeWeek.objects.none()
    return PracticeWeek.objects.all()


def observations_visible_to(*, user: Viewer) -> QuerySet[Observation]:
    """Observations of practice (free text about practitioners and families), for those who
    observe practice."""
    if not can(user, Capability.OBSERVE_PRACTICE):
        return Observation.objects.none()
    return Observation.objects.select_related("team")


def audit_tools_visible_to(*, user: Viewer) -> QuerySet[AuditTemplate]:
    """Audit tools and their versions, for those who build them."""
    if not can(user, Capability.MANAGE_TEMPLATES):
        return AuditTemplate.objects.none()
    return AuditTemplate.objects.all()


def observations_by_heading(observations: QuerySet[Observation]) -> list[tuple[str, list[Any]]]:
    """What observers wrote under each heading (leadership, voice of the child, parent or carer
    experience, good practice, development), for the practice week summary; empty notes left
    out."""
    rows = list(observations.select_related("team", "observer"))
    grouped = []
    for name, label in OBSERVATION_HEADINGS.items():
        notes = [(row, getattr(row, name)) for row in rows if getattr(row, name).strip()]
        grouped.append((label, notes))
    return grouped


def observations_sheet(observations: QuerySet[Observation]) -> Sheet:
    """The observations, a row each, for a practice week's download."""
    return Sheet(
        "Observations",
        ["Date", "What was observed", "Team", *OBSERVATION_HEADINGS.values(), "Exemplar"],
        (
            [
                row.on.isoformat(),
                row.get_session_display(),
                row.team.name if row.team else "",
                *(getattr(row, name) for name in OBSERVATION_HEADINGS),
                "yes" if row.exemplar else "no",
            ]
            for row in observations.select_related("team")
        ),
    )


@dataclass(frozen=True)
class AuditCounts:
    """What waits on audits for one person, among the audits they may see
    (``audits_visible_to``): ``to_do`` assigned to them (``to_do_overdue`` of those past their
    deadline); ``overdue`` every audit past its deadline; ``awaiting_moderation`` submitted
    audits not yet moderated, ``to_moderate`` those of them the person may moderate (someone
    else's, for a moderator); ``feedback`` submitted or moderated audits of their own
    work, ``unanswered`` of those without their response yet."""

    to_do: int
    to_do_overdue: int
    overdue: int
    awaiting_moderation: int
    to_moderate: int
    feedback: int
    unanswered: int


def audit_counts(*, user: User, today: dt.date) -> AuditCounts:
    """``AuditCounts`` for ``user`` on ``today``, in one query."""
    mine = Q(auditor=user, status=CaseAudit.Status.ASSIGNED)
    own_work = Q(practitioner__user=user) & ~Q(status=CaseAudit.Status.ASSIGNED)
    moderation = {
        "to_moderate": Count("pk", filter=Q(status=CaseAudit.Status.SUBMITTED) & ~Q(auditor=user))
    }
    found = audits_visible_to(user=user).aggregate(
        to_do=Count("pk", filter=mine),
        to_do_overdue=Count("pk", filter=mine & audit_overdue(today)),
        overdue=Count("pk", filter=audit_overdue(today)),
        awaiting_moderation=Count("pk", filter=Q(status=CaseAudit.Status.SUBMITTED)),
        feedback=Count("pk", filter=own_work),
        unanswered=Count("pk", filter=own_work & Q(practitioner_response="")),
        **(moderation if can(user, Capability.MODERATE_AUDITS) else {}),
    )
    return AuditCounts(**{"to_moderate": 0} | found)


@dataclass(frozen=True)
class ActionCounts:
    """Action plan items not yet completed among those ``actions_visible_to`` gives (``open``),
    how many of them are overdue (``action_overdue``) and how many fall due within
    ``DUE_SOON_DAYS`` days; ``owned_*`` the same for those the person owns."""

    open: int
    overdue: int
    due_soon: int
    owned_open: int
    owned_overdue: int
    owned_due_soon: int


DUE_SOON_DAYS = 14
"""An action is due soon when its proposed date is within this many days from today."""


def action_counts(*, user: User, today: dt.date) -> ActionCounts:
    """``ActionCounts`` for ``user`` on ``today``, in one query."""
    not_done = ~Q(status=ActionItem.Status.DONE)
    soon = (
        not_done
        & Q(proposed_date__gte=today)
        & Q(proposed_date__lte=today + dt.timedelta(days=DUE_SOON_DAYS))
    )
    owned = Q(owner=user)
    found = actions_visible_to(user=user).aggregate(
        open=Count("pk", filter=not_done),
        overdue=Count("pk", filter=action_overdue(today)),
        due_soon=Count("pk", filter=soon),
        owned_open=Count("pk", filter=owned & not_done),
        owned_overdue=Count("pk", filter=owned & action_overdue(today)),
        owned_due_soon=Count("pk", filter=owned & soon),
    )
    return ActionCounts(**found)


@dataclass(frozen=True)
class GradesSince:
    """Audits completed (submitted or moderated) since a day, those whose final grade
    (the moderator's, else the auditor's) is good or better, and the share as
    ``AUDITS_GOOD_OR_BETTER`` defines it (None when there are none)."""

    audits: int
    good_or_better: int
    share: float | None


def grades_since(*, since: dt.date) -> GradesSince:
    """``GradesSince`` for the audits submitted on or after ``since``: counts and grades only,
    no free text (the analyst sees the results page)."""

    def final(grade: str) -> Q:
        return Q(moderated_grade=grade) | (Q(moderated_grade="") & Q(grade=grade))

    found = (
        CaseAudit.objects.exclude(status=CaseAudit.Status.ASSIGNED)
        .filter(submitted_on__gte=since)
        .aggregate(
            audits=Count("pk"),
            outstanding=Count("pk", filter=final(quality.OUTSTANDING)),
            good=Count("pk", filter=final(quality.GOOD)),
        )
    )
    return GradesSince(
        audits=found["audits"],
        good_or_better=found["outstanding"] + found["good"],
        share=quality.good_or_better_share(**found),
    )


@dataclass(frozen=True)
class AuditFilter:
    """What the audit pages are narrowed to: a period (by the audit's date: the day it was
    submitted, or for an audit still to do its deadline), a team, an audit tool (all its
    versions) and a status; None or "" for any."""

    period: Period | None = None
    team: Team | None = None
    tool: str = ""
    status: str = ""

    def apply(self, audits: CaseAuditQuerySet) -> CaseAuditQuerySet:
        if self.period is not None:
            first, last = self.period.first, self.period.last
            audits = audits.filter(
                Q(submitted_on__range=(first, last))
                | Q(submitted_on__isnull=True, deadline__range=(first, last))
            )
        if self.team is not None:
            audits = audits.filter(team=self.team)
        if self.tool:
            audits = audits.filter(template__name=self.tool)
        if self.status:
            audits = audits.filter(status=self.status)
        return audits

    @property
    def query(self) -> dict[str, str]:
        """The filters as query parameters, for links that keep them (the downloads)."""
        chosen = {
            "period": self.period.key if self.period else "",
            "team": str(self.team.pk) if self.team else "",
            "tool": self.tool,
            "status": self.status,
        }
        return {key: value for key, value in chosen.items() if value}


def periods_of_audits(*, today: dt.date) -> list[Period]:
    """The periods to filter audits by (``core.quality.audit_periods``), back to the first
    audit's date."""
    first = CaseAudit.objects.aggregate(first=Min("submitted_on"), deadline=Min("deadline"))
    known = [day for day in first.values() if day is not None]
    return audit_periods(today=today, earliest=min(known) if known else None)


def audit_tool_names() -> list[str]:
    """The names of the audit tools audits have used (a tool's versions share its name)."""
    return list(AuditTemplate.objects.order_by("name").values_list("name", flat=True).distinct())
