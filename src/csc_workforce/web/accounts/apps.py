from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "csc_workforce.web.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"
