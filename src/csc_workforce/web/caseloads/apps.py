from django.apps import AppConfig


class CaseloadsConfig(AppConfig):
    name = "csc_workforce.web.caseloads"
    label = "caseloads"
    verbose_name = "Caseloads"

    def ready(self) -> None:
        from csc_workforce.web.audit.recorder import register

        from . import models, snapshots

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
