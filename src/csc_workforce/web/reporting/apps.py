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


class ReportingConfig(AppConfig):
    name = "csc_workforce.web.reporting"
    label = "reporting"
    verbose_name = "Reports"

    def ready(self) -> None:
        from csc_workforce.web.audit.recorder import register

        from . import models

        for model in (models.MeasureTarget, models.ReportSection):
            register(model)

    demo_order = 90
    """This app's place in the demo seed (``web/demo.py``); cleared in the reverse order."""

    def demo_seed(self, run: DemoRun) -> Sequence[type[Model]]:
        """This app's part of the demo; the tables it fills, for the audit trail."""
        from . import models
        from .demo import seed_reporting

        seed_reporting(today=run.today, progress=run.progress)
        return (models.MeasureTarget, models.ReportSection)

    def demo_clear(self) -> None:
        """Remove this app's part of the demo."""
        from .demo import clear_reporting

        clear_reporting()

    def capabilities(self) -> dict[Capability, Set[Role]]:
        """This app's capabilities and the roles granted them (``accounts.permissions``)."""
        from csc_workforce.web.accounts.permissions import ALL_ROLES, Capability
        from csc_workforce.web.accounts.roles import Role

        return {
            # The scorecard shows the figures of the workforce dashboard, scoped as it is.
            Capability.VIEW_SCORECARD: ALL_ROLES - {Role.SOCIAL_WORKER, Role.HR},
            # The annual report and the targets are the PSW's accountability documents.
            Capability.WRITE_ANNUAL_REPORT: {Role.PSW},
        }

    def navigation(self) -> list[NavigationEntry]:
        """This app's links in the service navigation (``accounts.navigation``)."""
        from csc_workforce.web.accounts.navigation import NavigationEntry
        from csc_workforce.web.accounts.permissions import Capability

        return [NavigationEntry(98, "Reports", "reporting:scorecard", Capability.VIEW_SCORECARD)]
