import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from csc_workforce.web.demo import DemoRefused, demo_seed


class Command(BaseCommand):
    help = "Demo data. 'demo seed' migrates, then stores the fictional authority Northfield."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["seed"])
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument("--scale", type=int, default=1, help="size multiplier (default 1)")
        parser.add_argument(
            "--years",
            type=int,
            default=5,
            help="reporting years of history to 2025 (default 5; 10 for the forecast back-test)",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the register even if the database holds data that is not demo data",
        )

    def handle(
        self, *args: Any, seed: int, scale: int, years: int, force: bool, **options: Any
    ) -> None:
        if scale < 1:
            raise CommandError("--scale must be 1 or more")
        if not 1 <= years <= 30:
            raise CommandError("--years must be from 1 to 30")
        call_command("migrate", interactive=False, verbosity=0)
        try:
            logins = demo_seed(
                seed=seed,
                scale=scale,
                years=years,
                force=force,
                progress=lambda line: print(line, file=sys.stderr),
            )
        except DemoRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        for login in logins:
            self.stdout.write(login.line())
