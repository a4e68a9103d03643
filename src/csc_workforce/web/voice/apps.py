from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.db.models import signals

if TYPE_CHECKING:
    from collections.abc import Sequence, Set

    from django.db.models import Model

    from csc_workforce.web.accounts.navigation import NavigationEntry
    from csc_workforce.web.accounts.permissions import Capability
    from csc_workforce.web.accounts.roles import Role
    from csc_workforce.web.organisation.demo import DemoRun


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
            models.PracticeFeedback,
        ):
            register(model)
        signals.post_save.connect(
            _exit_free_text_cleared, sender=models.StaffMember, dispatch_uid="voice:anonymised"
        )

    demo_order = 50
    """This app's place in the demo seed (``web/demo.py``); cleared in the reverse order."""

    def demo_seed(self, run: DemoRun) -> Sequence[type[Model]]:
        """This app's part of the demo; the tables it fills, for the audit trail."""
        from . import models
        from .demo import seed_voice

        seed_voice(seed=run.seed, today=run.today, progress=run.progress)
        return (models.SurveyRun, models.Response, models.Statement, models.PracticeFeedback)

    def demo_clear(self) -> None:
        """Remove this app's part of the demo."""
        from .demo import clear_voice

        clear_voice()

    def capabilities(self) -> dict[Capability, Set[Role]]:
        """This app's capabilities and the roles granted them (``accounts.permissions``)."""
        from csc_workforce.web.accounts.permissions import ALL_ROLES, Capability
        from csc_workforce.web.accounts.roles import Role

        return {
            Capability.RUN_SURVEYS: {Role.PSW},
            Capability.VIEW_SURVEY_RESULTS: ALL_ROLES - {Role.SOCIAL_WORKER},
            Capability.READ_SURVEY_COMMENTS: {Role.PSW},
            # Complaints and feedback hold free text about children and practitioners: those who
            # manage practice record and read them; administrators see the log without its free
            # text and with case references masked, as they see caseloads (docs/voice.md).
            Capability.RECORD_FEEDBACK: {Role.PSW, Role.SERVICE_MANAGER, Role.TEAM_MANAGER},
            Capability.VIEW_FEEDBACK: {
                Role.ADMINISTRATOR,
                Role.PSW,
                Role.SERVICE_MANAGER,
                Role.TEAM_MANAGER,
            },
        }

    def navigation(self) -> list[NavigationEntry]:
        """This app's links in the service navigation (``accounts.navigation``)."""
        from csc_workforce.web.accounts.navigation import NavigationEntry
        from csc_workforce.web.accounts.permissions import Capability

        return [NavigationEntry(85, "Staff voice", "voice:index", Capability.VIEW_HOME)]


def _exit_free_text_cleared(sender: type[Model], instance: Model, **kwargs: object) -> None:
    """When a staff record is anonymised (``workforce.services.staff_anonymise``), the free text
    of their exit questionnaire goes too (``services.exit_questionnaire_anonymise``)."""
    if getattr(instance, "anonymised_at", None) is None:
        return
    from .services import exit_questionnaire_anonymise

    exit_questionnaire_anonymise(staff=instance)  # type: ignore[arg-type]
