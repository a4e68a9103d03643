from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from csc_workforce.web.accounts.roles import ROLE_NAMES, role_group, roles_of


class Command(BaseCommand):
    help = (
        "Who holds which role. 'roles list'; 'roles grant USERNAME ROLE…'; "
        f"'roles revoke USERNAME ROLE…'. ROLE is one of: {', '.join(ROLE_NAMES)}."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["list", "grant", "revoke"])
        parser.add_argument("username", nargs="?")
        parser.add_argument("roles", nargs="*", metavar="ROLE")

    def handle(
        self, *args: Any, action: str, username: str | None, roles: list[str], **_: Any
    ) -> None:
        if action == "list":
            for account in User.objects.filter(is_active=True).order_by("username"):
                held = ", ".join(sorted(role.value for role in roles_of(account))) or "no role"
                self.stdout.write(f"{account.username}\t{held}")
            return
        if not username or not roles:
            raise CommandError(
                f"Say whose roles to {action} and which: roles {action} USERNAME ROLE…"
            )
        unknown = [name for name in roles if name.lower() not in ROLE_NAMES]
        if unknown:
            raise CommandError(
                f"Unknown role {', '.join(unknown)}: use one of {', '.join(ROLE_NAMES)}"
            )
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user called {username}")
        groups = [role_group(ROLE_NAMES[name.lower()]) for name in roles]
        if action == "grant":
            user.groups.add(*groups)
        else:
            user.groups.remove(*groups)
        user.__dict__.pop("_cscw_roles", None)
        held = ", ".join(sorted(role.value for role in roles_of(user))) or "no role"
        self.stdout.write(f"{user.username}\t{held}")
