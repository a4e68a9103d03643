from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "csc_workforce.web.organisation"
    label = "organisation"
    verbose_name = "Organisation"

    def ready(self) -> None:
        from csc_workforce.web.audit.recorder import register

        from . import models

        for model in (
            models.LocalAuthority,
            models.ServiceArea,
            models.Team,
            models.StaffMember,
            models.Assignment,
            models.Post,
        ):
            register(model)
