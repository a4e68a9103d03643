"""The roles people hold. Each is a Django group of the same name (created by a migration)."""

from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class Role(StrEnum):
    ADMINISTRATOR = "Administrator"
    PSW = "PSW / workforce lead"
    SERVICE_MANAGER = "Service manager"
    TEAM_MANAGER = "Team manager"
    HR = "HR"
    ANALYST = "Performance analyst"
    SOCIAL_WORKER = "Social worker"


def roles_of(user: AbstractBaseUser | AnonymousUser) -> frozenset[Role]:
    """The roles of a signed-in, active user (none for anyone else), cached on the user."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached: frozenset[Role] | None = getattr(user, "_cscw_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))  # type: ignore[union-attr]
        cached = frozenset(role for role in Role if role.value in names)
        user._cscw_roles = cached  # type: ignore[union-attr]
    return cached
