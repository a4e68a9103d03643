from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db.models import Model

from .permissions import Capability, can

# What the administration site lets an Administrator change: accounts, roles and sign-in
# lockouts, and the authority's own details. Staff records, sickness, jobs and comparator
# authorities are changed only through the service's pages, whose services keep job history,
# DfE's codes and the audit trail whole (their admin pages are read-only, ``ReadOnlyAdmin``).
ADMINISTERED = {"auth", "axes"}
# Authenticators hold the secret keys behind people's one-time codes: nobody sees them, even to
# view; `cscw two-factor reset USERNAME` removes a lost one.
SECRET = {"otp_totp", "otp_static"}
CHANGEABLE = {"organisation.change_localauthority"}


class AdministratorRoleBackend:
    """Gives people with the Administrator role the administration site's permissions: every
    model to view; accounts, roles and lockouts to change; nothing else to change.

    It authenticates nobody; the other backends do that.
    """

    def authenticate(self, request: object, **credentials: object) -> None:
        return None

    def has_perm(
        self, user: AbstractBaseUser | AnonymousUser, perm: str, obj: Model | None = None
    ) -> bool:
        app_label, _, codename = perm.partition(".")
        if not self._administrator(user) or app_label in SECRET:
            return False
        return app_label in ADMINISTERED or codename.startswith("view_") or perm in CHANGEABLE

    def has_module_perms(self, user: AbstractBaseUser | AnonymousUser, app_label: str) -> bool:
        return self._administrator(user) and app_label not in SECRET

    @staticmethod
    def _administrator(user: AbstractBaseUser | AnonymousUser) -> bool:
        return isinstance(user, User) and user.is_active and can(user, Capability.ADMINISTER)


class PasswordBackend(ModelBackend):
    """Django's username and password sign-in; with ``CSCW_PASSWORD_SIGN_IN`` off, for
    Administrators only (the break-glass account for when single sign-on is down)."""

    def user_can_authenticate(self, user: User | AnonymousUser | None) -> bool:
        return super().user_can_authenticate(user) and (
            settings.CSCW_PASSWORD_SIGN_IN
            or (isinstance(user, User) and can(user, Capability.ADMINISTER))
        )
