from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.admin.apps import AdminConfig

if TYPE_CHECKING:
    from csc_workforce.web.accounts.navigation import NavigationEntry


class CscAdminConfig(AdminConfig):
    """Django's admin, with its site restricted to the Administrator role."""

    default_site = "csc_workforce.web.admin_site.AdminSite"

    def navigation(self) -> list[NavigationEntry]:
        """This app's links in the service navigation (``accounts.navigation``)."""
        from csc_workforce.web.accounts.navigation import NavigationEntry
        from csc_workforce.web.accounts.permissions import Capability

        return [
            NavigationEntry(110, "Administration", "admin:index", Capability.ADMINISTER),
        ]
