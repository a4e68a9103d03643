import polars as pl
from django.apps import AppConfig


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
        ):
            register(model)

    def register_frames(self) -> dict[str, pl.DataFrame]:
        """Sickness and cases, for ``organisation.selectors.load_register``."""
        from .indicators import register_frames

        return register_frames()
