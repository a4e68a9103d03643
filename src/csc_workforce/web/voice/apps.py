from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from csc_workforce.web.accounts.navigation import NavigationEntry


class VoiceConfig(AppConfig):
    name = "csc_workforce.web.voice"
    label = "voice"
    verbose_name = "Staff voice"

    def ready(self) -> None:
        from csc_workforce.web.audit.recorder import register

        from . import models

        # Responses and spent links are never registered: an audit event records who was
        # signed in, which would tie an answer to a person (docs/voice.md).
        for model in (
            models.SurveyTemplate,
            models.SurveyRun,
            models.Invitation,
            models.Statement,
            models.ExitQuestionnaire,
        ):
            register(model)

    def navigation(self) -> list[NavigationEntry]:
        """This app's links in the service navigation (``accounts.navigation``)."""
        from csc_workforce.web.accounts.navigation import NavigationEntry
        from csc_workforce.web.accounts.permissions import Capability

        return [NavigationEntry(85, "Staff voice", "voice:index", Capability.VIEW_HOME)]
