from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from csc_workforce.web.accounts.navigation import NavigationEntry


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

    def navigation(self) -> list[NavigationEntry]:
        """This app's links in the service navigation (``accounts.navigation``)."""
        from csc_workforce.web.accounts.navigation import NavigationEntry
        from csc_workforce.web.accounts.permissions import Capability

        return [
            NavigationEntry(70, "Quality", "quality:results", Capability.VIEW_QA_RESULTS),
            NavigationEntry(80, "Audit feedback", "quality:audits", Capability.VIEW_OWN_FEEDBACK),
        ]
