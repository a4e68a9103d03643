from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from collections.abc import Set

    from csc_workforce.web.accounts.navigation import NavigationEntry
    from csc_workforce.web.accounts.permissions import Capability
    from csc_workforce.web.accounts.roles import Role


class HubConfig(AppConfig):
    """The regional workforce data hub's pages: figures pooled from the region's CSWW returns by
    ``cscw hub ingest``, read from its folder (``CSCW_HUB_DIR``); no tables of its own."""

    name = "csc_workforce.web.hub"
    label = "hub"
    verbose_name = "Regional hub"

    def capabilities(self) -> dict[Capability, Set[Role]]:
        """This app's capabilities and the roles granted them (``accounts.permissions``)."""
        from csc_workforce.web.accounts.permissions import Capability
        from csc_workforce.web.accounts.roles import Role

        return {
            # Benchmarking against the region and movement between authorities: the analyst
            # who prepares the figures, the PSW and service managers who answer for the
            # workforce. Not HR (individual records, which the hub never shows), team managers
            # (their own teams), the Administrator (running the service) or social workers.
            Capability.VIEW_HUB: {Role.ANALYST, Role.PSW, Role.SERVICE_MANAGER},
        }

    def navigation(self) -> list[NavigationEntry]:
        """This app's link in the service navigation, only when a pooled folder is configured."""
        from django.conf import settings

        from csc_workforce.web.accounts.navigation import NavigationEntry
        from csc_workforce.web.accounts.permissions import Capability

        if not settings.CSCW_HUB_DIR:
            return []
        return [NavigationEntry(95, "Regional hub", "hub:overview", Capability.VIEW_HUB)]
