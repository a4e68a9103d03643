"""Reads for quality assurance, each scoped to what the person may see."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet

from csc_workforce.web.accounts.roles import Role, roles_of

from .models import ActionItem, CaseAudit

SEES_ALL = {Role.ADMINISTRATOR, Role.PSW, Role.SERVICE_MANAGER}


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
