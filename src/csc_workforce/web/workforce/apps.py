from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl
from django.apps import AppConfig

if TYPE_CHECKING:
    from collections.abc import Sequence, Set

    from django.db.models import Model

    from csc_workforce.web.accounts.navigation import NavigationEntry
    from csc_workforce.web.accounts.permissions import Capability
    from csc_workforce.web.accounts.roles import Role
    from csc_workforce.web.organisation.demo import DemoRun


class WorkforceConfig(AppConfig):
    name = "csc_workforce.web.workforce"
    label = "workforce"
    verbose_name = "Workforce"

    def ready(self) -> None:
        from csc_workforce.web.audit.recorder import register

        from . import models

        for model in (
            models.ComparatorAuthority,
            models.SicknessEpisode,
            models.CaseCount,
            models.PayAndAllowances,
            models.CensusLALevel,
            models.CensusRecord,
            models.LongAbsence,
            models.ForecastScenario,
        ):
            register(model)

    def register_frames(self) -> dict[str, pl.DataFrame]:
        """Sickness and cases, for ``organisation.selectors.load_register``."""
        from .indicators import register_frames

        return register_frames()

    demo_order = 10
    """This app's place in the demo seed (``web/demo.py``); cleared in the reverse order."""

    def demo_seed(self, run: DemoRun) -> Sequence[type[Model]]:
        """This app's part of the demo; the tables it fills, for the audit trail."""
        from .demo import seed_register

        return seed_register(run)

    def demo_clear(self) -> None:
        """Remove this app's part of the demo."""
        from .demo import clear_register

        clear_register()

    def capabilities(self) -> dict[Capability, Set[Role]]:
        """This app's capabilities and the roles granted them (``accounts.permissions``)."""
        from csc_workforce.web.accounts.permissions import ALL_ROLES, Capability
        from csc_workforce.web.accounts.roles import Role

        return {
            Capability.VIEW_TEAMS: ALL_ROLES - {Role.SOCIAL_WORKER},
            Capability.VIEW_INDICATORS: ALL_ROLES - {Role.SOCIAL_WORKER},
            Capability.VIEW_RETENTION: {Role.PSW, Role.SERVICE_MANAGER, Role.HR, Role.ANALYST},
            Capability.MANAGE_SCENARIOS: {Role.PSW, Role.SERVICE_MANAGER, Role.HR, Role.ANALYST},
            Capability.MANAGE_COMPARISONS: {Role.ADMINISTRATOR, Role.PSW, Role.ANALYST},
            Capability.MANAGE_CENSUS: {Role.ADMINISTRATOR, Role.PSW, Role.HR, Role.ANALYST},
            Capability.VIEW_STAFF: ALL_ROLES - {Role.ANALYST},
            Capability.EDIT_STAFF: {Role.PSW, Role.HR},
        }

    def navigation(self) -> list[NavigationEntry]:
        """This app's links in the service navigation (``accounts.navigation``)."""
        from csc_workforce.web.accounts.navigation import NavigationEntry
        from csc_workforce.web.accounts.permissions import Capability

        return [
            NavigationEntry(20, "Workforce", "workforce:dashboard", Capability.VIEW_INDICATORS),
            NavigationEntry(30, "Teams", "workforce:team_list", Capability.VIEW_TEAMS),
            NavigationEntry(90, "Census", "workforce:census", Capability.MANAGE_CENSUS),
            NavigationEntry(120, "My record", "workforce:my_record", own_record_only=True),
        ]
