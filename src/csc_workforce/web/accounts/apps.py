from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "csc_workforce.web.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from . import checks  # noqa: F401 (registers the checks)
