from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from collections.abc import Sequence, Set

    from django.db.models import Model

    from csc_workforce.web.accounts.navigation import NavigationEntry
    from csc_workforce.web.accounts.permissions import Capability
    from csc_workforce.web.accounts.roles import Role
    from csc_workforce.web.organisation.demo import DemoRun


class SiteConfig(AppConfig):
    """The site as a whole: the home page and health check, and the commands that run the
    service (``cscw demo``, ``serve``, ``backup``, ``restore``)."""

    name = "csc_workforce.web.site"
    label = "site"
    verbose_name = "Site"

    demo_order = 30
    """This app's place in the demo seed (``web/demo.py``); cleared in the reverse order."""

    def demo_seed(self, run: DemoRun) -> Sequence[type[Model]]:
        """This app's part of the demo; the tables it fills, for the audit trail."""
        from csc_workforce.web.demo import seed_logins

        return seed_logins(run)

    def demo_clear(self) -> None:
        """Remove this app's part of the demo."""
        from csc_workforce.web.demo import clear_logins

        clear_logins()

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
