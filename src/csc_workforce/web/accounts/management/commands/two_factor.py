from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from csc_workforce.web.accounts.two_factor import authenticator_of, two_factor_reset


class Command(BaseCommand):
    help = (
        "Two-factor sign-in. 'two_factor status USERNAME' says whether they have an "
        "authenticator app; 'two_factor reset USERNAME' removes it and their recovery codes "
        "(a lost phone), audited: they set up a new one at their next sign-in."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["status", "reset"])
        parser.add_argument("username")

    def handle(self, *args: Any, action: str, username: str, **options: Any) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user called {username}")
        if action == "reset":
            two_factor_reset(user=user)
            self.stdout.write(f"{username}\tsets up a new authenticator app at next sign-in")
            return
        state = "has an authenticator app" if authenticator_of(user) else "has none"
        self.stdout.write(f"{username}\t{state}")
