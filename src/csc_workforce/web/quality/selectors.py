"""Reads for quality assurance, each scoped to what the person may see."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet

from csc_workforce.core.exports import csv_text
from csc_workforce.web.accounts.permissions import Capability, can
from csc_workforce.web.accounts.roles import Role, Viewer, roles_of

from .models import (
    OBSERVATION_HEADINGS,
    ActionItem,
    ActionItemQuerySet,
    AuditTemplate,
    CaseAudit,
    CaseAuditQuerySet,
    Observation,
    PracticeWeek,
)

# Audits and action plans hold free text about children and practitioners: the PSW and service
# managers read them all; administrators, who run the service, none (docs/permissions.md).
SEES_ALL = {Role.PSW, Role.SERVICE_MANAGER}
AUDITOR_ROLES = (Role.PSW, Role.SERVICE_MANAGER, Role.TEAM_MANAGER)


def auditors() -> QuerySet[User]:
    """Who may audit cases: active PSWs, service managers and team managers."""
    return User.objects.filter(is_active=True, groups__name__in=AUDITOR_ROLES).distinct()


def audits_visible_to(*, user: Viewer) -> CaseAuditQuerySet:
    """Audits a person may open: all for the PSW and service managers; otherwise those they
    audit, those of the teams they manage, and those of their own work."""
    audits = CaseAudit.objects.select_related("case", "team", "template", "auditor", "practitioner")
    if roles_of(user) & SEES_ALL:
        return audits.all()
    if not isinstance(user, User) or not roles_of(user):
        return audits.none()
    return audits.filter(
        Q(auditor=user) | Q(team__managers__user=user) | Q(practitioner__user=user)
    ).distinct()


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


def observations_csv(observations: QuerySet[Observation]) -> str:
    return csv_text(
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
