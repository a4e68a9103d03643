from django.apps import AppConfig


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
