"""The roles people hold. Each is a Django group of the same name (created by a migration)."""

from enum import StrEnum

from django.contrib.auth.models import AnonymousUser, Group, User

Viewer = User | AnonymousUser


class Role(StrEnum):
    ADMINISTRATOR = "Administrator"
    PSW = "PSW / workforce lead"
    SERVICE_MANAGER = "Service manager"
    TEAM_MANAGER = "Team manager"
    HR = "HR"
    ANALYST = "Performance analyst"
    SOCIAL_WORKER = "Social worker"


ROLE_NAMES = {role.name.lower(): role for role in Role}
"""Each role by the name commands and settings use: administrator, psw, service_manager, …"""


def roles_of(user: Viewer) -> frozenset[Role]:
    """The roles of a signed-in, active user (none for anyone else), cached on the user.

    A superuser (``cscw createsuperuser``) is an Administrator whatever their groups.
    """
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached: frozenset[Role] | None = getattr(user, "_cscw_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            names.add(Role.ADMINISTRATOR.value)
        cached = frozenset(role for role in Role if role.value in names)
        user.__dict__["_cscw_roles"] = cached
    return cached


def role_group(role: Role) -> Group:
    """The group that carries ``role`` (made by a migration; remade if someone deleted it)."""
    group, _ = Group.objects.get_or_create(name=role.value)
    return group
