from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from collections.abc import Set

    from csc_workforce.web.accounts.navigation import NavigationEntry
    from csc_workforce.web.accounts.permissions import Capability
    from csc_workforce.web.accounts.roles import Role


class SiteConfig(AppConfig):
    """The site as a whole: the home page and health check, and the commands that run the
    service (``cscw demo``, ``serve``, ``backup``, ``restore``)."""

    name = "csc_workforce.web.site"
    label = "site"
    verbose_name = "Site"

    def capabilities(self) -> dict[Capability, Set[Role]]:
        """This app's capabilities and the roles granted them (``accounts.permissions``)."""
        from csc_workforce.web.accounts.permissions import ALL_ROLES, Capability

        return {
            Capability.VIEW_HOME: ALL_ROLES,
        }

    def navigation(self) -> list[NavigationEntry]:
        """This app's links in the service navigation (``accounts.navigation``)."""
        from csc_workforce.web.accounts.navigation import NavigationEntry
        from csc_workforce.web.accounts.permissions import Capability

        return [
            NavigationEntry(10, "Home", "site:home", Capability.VIEW_HOME),
        ]
