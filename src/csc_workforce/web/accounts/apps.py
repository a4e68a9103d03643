from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from collections.abc import Set

    from csc_workforce.web.accounts.permissions import Capability
    from csc_workforce.web.accounts.roles import Role


class AccountsConfig(AppConfig):
    name = "csc_workforce.web.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from . import checks  # noqa: F401 (registers the checks)
        from .permissions import collect_grants

        collect_grants()

    def capabilities(self) -> dict[Capability, Set[Role]]:
        """This app's capabilities and the roles granted them (``accounts.permissions``)."""
        from csc_workforce.web.accounts.permissions import Capability
        from csc_workforce.web.accounts.roles import Role

        return {
            Capability.ADMINISTER: {Role.ADMINISTRATOR},
        }
