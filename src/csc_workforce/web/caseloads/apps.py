from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import AppConfig

from csc_workforce.web.workforce.signals import staff_converted

if TYPE_CHECKING:
    from collections.abc import Sequence, Set

    from django.db.models import Model

    from csc_workforce.web.accounts.navigation import NavigationEntry
    from csc_workforce.web.accounts.permissions import Capability
    from csc_workforce.web.accounts.roles import Role
    from csc_workforce.web.organisation.demo import DemoRun
    from csc_workforce.web.organisation.models import StaffMember


class CaseloadsConfig(AppConfig):
    name = "csc_workforce.web.caseloads"
    label = "caseloads"
    verbose_name = "Caseloads"

    def retention_loads(self, days: dict[int, Any]) -> dict[str, Any]:
        """For the retention pages (``workforce.survival``, which asks every app): each worker's
        weighted load on their day (``loads``: ``selectors.loads_on_days``)."""
        from .selectors import loads_on_days

        return {"loads": loads_on_days(days)}

    def ready(self) -> None:
        from csc_workforce.web.audit.recorder import register

        from . import activity, models, snapshots

        for model in (
            models.Case,
            models.CaseStatus,
            models.Allocation,
            models.WeightingModelVersion,
            models.ReductionReason,
            models.Reduction,
            models.NonCaseWork,
            models.CaseloadSettings,
            models.Assessment,
            models.Visit,
        ):
            register(model)
        snapshots.connect()
        activity.connect()
        staff_converted.connect(_allocations_follow, dispatch_uid="caseloads:converted")

    demo_order = 20
    """This app's place in the demo seed (``web/demo.py``); cleared in the reverse order."""

    def demo_seed(self, run: DemoRun) -> Sequence[type[Model]]:
        """This app's part of the demo; the tables it fills, for the audit trail."""
        from . import models
        from .demo import seed_caseloads

        if run.caseloads:
            seed_caseloads(run.generated, run.staff, progress=run.progress)
        return (
            models.WeightingModelVersion,
            models.CaseloadSettings,
            models.Case,
            models.CaseStatus,
            models.Allocation,
            models.Assessment,
            models.Visit,
            models.Reduction,
        )

    def demo_clear(self) -> None:
        """Remove this app's part of the demo."""
        from .demo import clear_caseloads

        clear_caseloads()

    def capabilities(self) -> dict[Capability, Set[Role]]:
        """This app's capabilities and the roles granted them (``accounts.permissions``)."""
        from csc_workforce.web.accounts.permissions import ALL_ROLES, Capability
        from csc_workforce.web.accounts.roles import Role

        return {
            Capability.VIEW_CASELOADS: {
                Role.ADMINISTRATOR,
                Role.PSW,
                Role.SERVICE_MANAGER,
                Role.TEAM_MANAGER,
            },
            Capability.ALLOCATE: {Role.PSW, Role.SERVICE_MANAGER, Role.TEAM_MANAGER},
            Capability.VIEW_OWN_CASELOAD: {Role.SOCIAL_WORKER},
            Capability.VIEW_EXPERIENCE: ALL_ROLES - {Role.SOCIAL_WORKER, Role.HR},
            Capability.MANAGE_WEIGHTING: {Role.ADMINISTRATOR, Role.PSW},
            Capability.IMPORT_CASELOADS: {Role.ADMINISTRATOR, Role.PSW, Role.ANALYST},
        }

    def navigation(self) -> list[NavigationEntry]:
        """This app's links in the service navigation (``accounts.navigation``)."""
        from csc_workforce.web.accounts.navigation import NavigationEntry
        from csc_workforce.web.accounts.permissions import Capability

        return [
            NavigationEntry(40, "Caseloads", "caseloads:loads", Capability.VIEW_CASELOADS),
            NavigationEntry(50, "My caseload", "caseloads:mine", Capability.VIEW_OWN_CASELOAD),
            NavigationEntry(
                60, "Children's experience", "caseloads:experience", Capability.VIEW_EXPERIENCE
            ),
        ]


def _allocations_follow(old: StaffMember, new: StaffMember, **kwargs: Any) -> None:
    """A worker's open allocations move to their new engagement (``staff_convert``)."""
    from .models import Allocation

    for allocation in Allocation.objects.filter(worker=old, end__isnull=True):
        allocation.worker = new
        allocation.save(update_fields=["worker"])
