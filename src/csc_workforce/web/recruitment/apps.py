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


class RecruitmentConfig(AppConfig):
    """Agency workers under DfE's statutory agency rules and the quarterly agency data."""

    name = "csc_workforce.web.recruitment"
    label = "recruitment"
    verbose_name = "Recruitment and agency workers"

    def ready(self) -> None:
        from csc_workforce.web.audit.recorder import register

        from . import models

        for model in (
            models.AgencyEngagement,
            models.PriceCap,
            models.QuarterlyAgencyReturn,
            models.Vacancy,
            models.Advert,
            models.Application,
            models.Incentive,
            models.PayBenchmark,
        ):
            register(model)

    demo_order = 70
    """This app's place in the demo seed (``web/demo.py``); cleared in the reverse order."""

    def demo_seed(self, run: DemoRun) -> Sequence[type[Model]]:
        """This app's part of the demo; the tables it fills, for the audit trail."""
        from . import models
        from .demo import seed_recruitment

        seed_recruitment(seed=run.seed, today=run.today, progress=run.progress)
        return (
            models.PriceCap,
            models.AgencyEngagement,
            models.Vacancy,
            models.Advert,
            models.Application,
            models.Incentive,
            models.PayBenchmark,
        )

    def demo_clear(self) -> None:
        """Remove this app's part of the demo."""
        from .demo import clear_recruitment

        clear_recruitment()

    def capabilities(self) -> dict[Capability, Set[Role]]:
        """This app's capabilities and the roles granted them (``accounts.permissions``)."""
        from csc_workforce.web.accounts.permissions import ALL_ROLES, Capability
        from csc_workforce.web.accounts.roles import Role

        return {
            Capability.VIEW_AGENCY: ALL_ROLES - {Role.SOCIAL_WORKER},
            Capability.MANAGE_AGENCY: {Role.PSW, Role.HR},
            Capability.MAKE_AGENCY_RETURN: {Role.PSW, Role.HR, Role.ANALYST},
            Capability.VIEW_RECRUITMENT: ALL_ROLES - {Role.SOCIAL_WORKER},
            Capability.MANAGE_RECRUITMENT: {Role.PSW, Role.HR},
            Capability.MANAGE_PAY: {Role.PSW, Role.HR},
        }

    def navigation(self) -> list[NavigationEntry]:
        """This app's links in the service navigation (``accounts.navigation``)."""
        from csc_workforce.web.accounts.navigation import NavigationEntry
        from csc_workforce.web.accounts.permissions import Capability

        return [NavigationEntry(97, "Recruitment", "recruitment:index", Capability.VIEW_AGENCY)]
