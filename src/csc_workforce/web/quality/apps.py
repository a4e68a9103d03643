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


class QualityConfig(AppConfig):
    name = "csc_workforce.web.quality"
    label = "quality"
    verbose_name = "Quality assurance"

    def ready(self) -> None:
        from csc_workforce.web.audit.recorder import register

        from . import models

        for model in (
            models.AuditTemplate,
            models.TemplateSection,
            models.Question,
            models.AuditProgramme,
            models.CaseAudit,
            models.Answer,
            models.ActionItem,
            models.ActionNote,
            models.PracticeWeek,
            models.Observation,
            models.QualityTargets,
        ):
            register(model)

    demo_order = 40
    """This app's place in the demo seed (``web/demo.py``); cleared in the reverse order."""

    def demo_seed(self, run: DemoRun) -> Sequence[type[Model]]:
        """This app's part of the demo; the tables it fills, for the audit trail."""
        from . import models
        from .demo import seed_quality

        if run.caseloads:
            seed_quality(seed=run.seed, today=run.today, progress=run.progress)
        return (
            models.QualityTargets,
            models.AuditProgramme,
            models.CaseAudit,
            models.Answer,
            models.PracticeWeek,
            models.Observation,
            models.ActionItem,
            models.ActionNote,
        )

    def demo_clear(self) -> None:
        """Remove this app's part of the demo."""
        from .demo import clear_quality

        clear_quality()

    def capabilities(self) -> dict[Capability, Set[Role]]:
        """This app's capabilities and the roles granted them (``accounts.permissions``)."""
        from csc_workforce.web.accounts.permissions import Capability
        from csc_workforce.web.accounts.roles import Role

        return {
            Capability.VIEW_QA_RESULTS: {
                Role.ADMINISTRATOR,
                Role.PSW,
                Role.SERVICE_MANAGER,
                Role.TEAM_MANAGER,
                Role.ANALYST,
            },
            Capability.RUN_AUDIT_PROGRAMME: {Role.PSW, Role.SERVICE_MANAGER},
            Capability.AUDIT_CASES: {Role.PSW, Role.SERVICE_MANAGER, Role.TEAM_MANAGER},
            Capability.MODERATE_AUDITS: {Role.PSW},
            Capability.MANAGE_ACTIONS: {Role.PSW, Role.SERVICE_MANAGER, Role.TEAM_MANAGER},
            Capability.VIEW_OWN_FEEDBACK: {Role.SOCIAL_WORKER},
            Capability.OBSERVE_PRACTICE: {Role.PSW, Role.SERVICE_MANAGER},
            Capability.MANAGE_TEMPLATES: {Role.PSW},
        }

    def navigation(self) -> list[NavigationEntry]:
        """This app's links in the service navigation (``accounts.navigation``)."""
        from csc_workforce.web.accounts.navigation import NavigationEntry
        from csc_workforce.web.accounts.permissions import Capability

        return [
            NavigationEntry(70, "Quality", "quality:results", Capability.VIEW_QA_RESULTS),
            NavigationEntry(80, "Audit feedback", "quality:audits", Capability.VIEW_OWN_FEEDBACK),
        ]
