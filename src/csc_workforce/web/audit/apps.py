from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.db.models import Model

if TYPE_CHECKING:
    from collections.abc import Set

    from csc_workforce.web.accounts.navigation import NavigationEntry
    from csc_workforce.web.accounts.permissions import Capability
    from csc_workforce.web.accounts.roles import Role


class AuditConfig(AppConfig):
    name = "csc_workforce.web.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model

        from csc_workforce.web.accounts.signals import account_action

        from . import recorder

        recorder.register(get_user_model(), exclude=("password", "last_login"))
        account_action.connect(_account_action, dispatch_uid="audit:account_action")

    def capabilities(self) -> dict[Capability, Set[Role]]:
        """This app's capabilities and the roles granted them (``accounts.permissions``)."""
        from csc_workforce.web.accounts.permissions import Capability
        from csc_workforce.web.accounts.roles import Role

        return {
            Capability.VIEW_AUDIT_TRAIL: {Role.ADMINISTRATOR, Role.PSW},
        }

    def navigation(self) -> list[NavigationEntry]:
        """This app's links in the service navigation (``accounts.navigation``)."""
        from csc_workforce.web.accounts.navigation import NavigationEntry
        from csc_workforce.web.accounts.permissions import Capability

        return [
            NavigationEntry(100, "Audit trail", "audit:event_list", Capability.VIEW_AUDIT_TRAIL),
        ]


def _account_action(sender: type[Model], user: Any, message: str, **kwargs: Any) -> None:
    from .models import AuditEvent
    from .recorder import record

    record(
        action=AuditEvent.Action.ACTION,
        model=sender._meta.label,
        object_pk=user.pk,
        object_repr=user.get_username(),
        message=message,
    )
