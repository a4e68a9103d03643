from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "csc_workforce.web.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model

        from . import recorder

        recorder.register(get_user_model(), exclude=("password", "last_login"))
