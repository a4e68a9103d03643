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


class DevelopmentConfig(AppConfig):
    """Growing our own and keeping skills current: early careers, students and routes in,
    induction, progression, supervision, CPD and Social Work England registration."""

    name = "csc_workforce.web.development"
    label = "development"
    verbose_name = "Development"

    def ready(self) -> None:
        from csc_workforce.web.audit.recorder import register

        from . import models

        # Supervision, registration and CPD (issue 17).
        for model in (
            models.SupervisionStandard,
            models.SupervisionAgreement,
            models.SupervisionSession,
            models.Registration,
            models.CpdRecord,
            models.TrainingCourse,
            models.TrainingAttendance,
            models.DevelopmentPlan,
        ):
            register(model)

    demo_order = 60
    """This app's place in the demo seed (``web/demo.py``); cleared in the reverse order."""

    def demo_seed(self, run: DemoRun) -> Sequence[type[Model]]:
        """This app's part of the demo; the tables it fills, for the audit trail."""
        from .demo_supervision import seed_supervision

        return seed_supervision(run)

    def demo_clear(self) -> None:
        """Remove this app's part of the demo."""
        from .demo_supervision import clear_supervision

        clear_supervision()

    def capabilities(self) -> dict[Capability, Set[Role]]:
        """This app's capabilities and the roles granted them (``accounts.permissions``)."""
        from csc_workforce.web.accounts.permissions import Capability
        from csc_workforce.web.accounts.roles import Role

        return {
            # Supervision, registration and CPD (issue 17).
            Capability.VIEW_SUPERVISION: {Role.PSW, Role.SERVICE_MANAGER, Role.TEAM_MANAGER},
            Capability.VIEW_REGISTRATIONS: {
                Role.PSW,
                Role.SERVICE_MANAGER,
                Role.TEAM_MANAGER,
                Role.HR,
            },
            Capability.VIEW_TRAINING: {
                Role.PSW,
                Role.SERVICE_MANAGER,
                Role.TEAM_MANAGER,
                Role.HR,
            },
            Capability.MANAGE_DEVELOPMENT: {Role.PSW, Role.HR},
        }

    def navigation(self) -> list[NavigationEntry]:
        """This app's links in the service navigation (``accounts.navigation``)."""
        from csc_workforce.web.accounts.navigation import NavigationEntry
        from csc_workforce.web.accounts.permissions import Capability

        return [
            # Supervision, registration and CPD (issue 17).
            NavigationEntry(
                96, "Supervision", "development:supervision", Capability.VIEW_SUPERVISION
            ),
            NavigationEntry(
                97, "Registrations", "development:registrations", Capability.VIEW_REGISTRATIONS
            ),
            NavigationEntry(98, "Training", "development:training", Capability.VIEW_TRAINING),
            NavigationEntry(
                99, "My development", "development:mine", Capability.VIEW_HOME, own_record_only=True
            ),
        ]
