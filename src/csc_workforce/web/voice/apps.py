from django.apps import AppConfig


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
        ):
            register(model)
