from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db.models import Model

from .permissions import Capability, can


class AdministratorRoleBackend:
    """Gives people with the Administrator role every model permission of the admin site.

    It authenticates nobody; the other backends do that.
    """

    def authenticate(self, request: object, **credentials: object) -> None:
        return None

    def has_perm(
        self, user: AbstractBaseUser | AnonymousUser, perm: str, obj: Model | None = None
    ) -> bool:
        return self.has_module_perms(user, perm.split(".", 1)[0])

    def has_module_perms(self, user: AbstractBaseUser | AnonymousUser, app_label: str) -> bool:
        return isinstance(user, User) and user.is_active and can(user, Capability.ADMINISTER)
