"""The service navigation: each app lists its own links (``AppConfig.navigation()``), so that a
new app is added in one place; the context processor shows those a person may follow."""

from dataclasses import dataclass

from django.apps import apps

from .permissions import Capability, can
from .roles import Viewer


@dataclass(frozen=True)
class NavigationEntry:
    """A link in the service navigation, shown to those with ``capability``. Each app lists its
    own in its ``AppConfig.navigation``; ``position`` orders them across apps."""

    position: int
    label: str
    url_name: str
    capability: Capability | None = None
    own_record_only: bool = False
    """Shown only to someone whose account is linked to a staff record."""

    def shown_to(self, user: Viewer) -> bool:
        if self.capability is not None and not can(user, self.capability):
            return False
        return not self.own_record_only or getattr(user, "staff_member", None) is not None


def navigation_entries() -> list[NavigationEntry]:
    """Every app's navigation entries, in order."""
    entries = [
        entry
        for config in apps.get_app_configs()
        if hasattr(config, "navigation")
        for entry in config.navigation()
    ]
    return sorted(entries, key=lambda entry: entry.position)
