"""Reads for quality assurance, each scoped to what the person may see."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet

from csc_workforce.web.accounts.roles import Role, roles_of

from .models import OBSERVATION_HEADINGS, ActionItem, CaseAudit, Observation

SEES_ALL = {Role.ADMINISTRATOR, Role.PSW, Role.SERVICE_MANAGER}
AUDITOR_ROLES = (Role.PSW, Role.SERVICE_MANAGER, Role.TEAM_MANAGER)


def auditors() -> QuerySet[User]:
    """Who may audit cases: active PSWs, service managers and team managers."""
    return User.objects.filter(is_active=True, groups__name__in=AUDITOR_ROLES).distinct()


def audits_visible_to(user: User) -> QuerySet[CaseAudit]:
    """Audits a person may open: all for the PSW and service managers; otherwise those they
    audit, those of the teams they manage, and those of their own work."""
    audits = CaseAudit.objects.select_related("case", "team", "template", "auditor", "practitioner")
    if roles_of(user) & SEES_ALL:
        return audits.all()
    return audits.filter(
        Q(auditor=user) | Q(team__managers__user=user) | Q(practitioner__user=user)
    ).distinct()


def actions_visible_to(user: User) -> QuerySet[ActionItem]:
    items = ActionItem.objects.select_related("owner")
    if roles_of(user) & SEES_ALL:
        return items.all()
    return items.filter(owner=user)


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
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["Date", "What was observed", "Team", *OBSERVATION_HEADINGS.values(), "Exemplar"]
    )
    for row in observations.select_related("team"):
        writer.writerow(
            [
                row.on.isoformat(),
                row.get_session_display(),
                row.team.name if row.team else "",
                *(getattr(row, name) for name in OBSERVATION_HEADINGS),
                "yes" if row.exemplar else "no",
            ]
        )
    return out.getvalue()
